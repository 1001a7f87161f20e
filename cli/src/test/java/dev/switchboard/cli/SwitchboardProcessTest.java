package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code switchboard} entry point as its own process, the way scripts see it: real environment variables,
 * real standard input, and the exit code of {@code main}.
 */
class SwitchboardProcessTest {
    private static TestServer server;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void exitCodesAndEnvironmentReachScripts() throws Exception {
        Map<String, String> env = Map.of("SWITCHBOARD_SERVER", "127.0.0.1:" + server.port(),
                "SWITCHBOARD_PASSWORD", TestServer.ADMIN_PASSWORD);
        Run added = run(env, "pw-for-kim\n", "admin", "agents", "add", "kim", "--kind", "agent", "--password-stdin");
        assertThat(added.exit()).as(added.err()).isZero();
        Run list = run(env, "", "admin", "agents", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("kim");
        Run missing = run(env, "", "admin", "agents", "disable", "nobody");
        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.err()).isEqualTo("switchboard admin agents disable: no account 'nobody'\n");
        Run denied = run(Map.of("SWITCHBOARD_SERVER", "127.0.0.1:" + server.port(), "SWITCHBOARD_PASSWORD", "wrong"),
                "", "admin", "agents", "list");
        assertThat(denied.exit()).isEqualTo(5);
        assertThat(run(env, "", "admin", "agents", "list", "--bogus").exit()).isEqualTo(2);
    }

    @Test
    void bashCompletionIsGeneratedForEveryCommand() throws Exception {
        Run completion = run(Map.of(), "", "generate-completion");
        assertThat(completion.exit()).isZero();
        assertThat(completion.out()).contains("complete -F", "switchboard").contains("admin", "canned", "transcripts",
                "simulate", "customer");
    }

    @Test
    void serveHasTheSameCommandLineWhenStartedOnItsOwn() throws Exception {
        Run help = run(Map.of(), "", "serve", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: switchboard serve").contains("--tls-cert", "--http-trusted-proxy");
        Run wrong = run(Map.of(), "", "serve", "--bogus");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("Unknown option: '--bogus'").contains("Usage: switchboard serve");
        Run alone = run(Map.of(), "", "serve", "--tls-cert", "x.pem");
        assertThat(alone.exit()).isEqualTo(2);
        assertThat(alone.err()).contains("--tls-cert and --tls-key go together");
    }

    private static Run run(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Switchboard.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("SWITCHBOARD_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
