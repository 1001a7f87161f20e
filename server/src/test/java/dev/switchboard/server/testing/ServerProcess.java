package dev.switchboard.server.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server in its own JVM (same classpath as the tests), for crash and shutdown tests. */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Switchboard listening on [^:]+:(\\d+)");
    private final Process process;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final StringBuilder output = new StringBuilder();

    private ServerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            }
            port.completeExceptionally(new IllegalStateException("server exited before listening:\n" + output()));
        }, "server-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code ServeCommand} with the given data dir and extra flags (a free port unless {@code --port} is given). */
    public static ServerProcess start(Path dataDir, String... flags) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "dev.switchboard.server.ServeCommand",
                "--data-dir", dataDir.toString(), "--kdf-iterations", "1000"));
        if (!List.of(flags).contains("--port")) {
            cmd.addAll(List.of("--port", "0"));
        }
        cmd.addAll(List.of(flags));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SWITCHBOARD_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return new ServerProcess(pb.start());
    }

    /** Waits until the server accepts connections and returns its port. */
    public int awaitPort() {
        try {
            return port.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("server did not start: " + e.getMessage() + "\n" + output(), e);
        }
    }

    /** SIGKILL: no shutdown hook, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the server drains and exits; returns its exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server did not exit after SIGTERM");
        }
        return process.exitValue();
    }

    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server did not exit");
        }
        return process.exitValue();
    }

    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
