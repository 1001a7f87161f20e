package dev.switchboard.server.testing;

import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.client.tls.TlsTrust;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.Server;
import dev.switchboard.server.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real server on a loopback port with a fresh embedded database in a temp dir, for end-to-end tests in
 * every module. The admin password is {@link #ADMIN_PASSWORD}; password hashing is cheap (tests create many
 * accounts; the work factor is a parameter, not a different code path).
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-secret";
    public static final String PASSWORD = "agent-secret";

    private final Path dataDir;
    /** Made by {@link #start}: deleted by {@link #close}; a dir passed to {@link #startIn} is the caller's. */
    private boolean ownsDataDir;
    private final ServerConfig config;
    private final Clock clock;
    private Server server;
    private final List<SwitchboardClient> clients = new ArrayList<>();
    private SwitchboardClient admin;

    private TestServer(Path dataDir, ServerConfig config, Clock clock) {
        this.dataDir = dataDir;
        this.config = config;
        this.clock = clock;
    }

    public static TestServer start() {
        return start(b -> { }, Clock.systemUTC());
    }

    public static TestServer start(Consumer<ServerConfig.Builder> tweak) {
        return start(tweak, Clock.systemUTC());
    }

    public static TestServer start(Consumer<ServerConfig.Builder> tweak, Clock clock) {
        try {
            Path dir = Files.createTempDirectory("switchboard-test");
            try {
                TestServer t = startIn(dir, tweak, clock);
                t.ownsDataDir = true;
                return t;
            } catch (RuntimeException e) {
                deleteTree(dir); // a start that is meant to fail (a refused certificate) leaves nothing behind
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts on an existing data dir (for restart tests). */
    public static TestServer startIn(Path dataDir, Consumer<ServerConfig.Builder> tweak, Clock clock) {
        ServerConfig.Builder b = ServerConfig.defaults(dataDir).toBuilder();
        b.port = 0;
        b.kdfIterations = 1_000;
        b.adminPassword = ADMIN_PASSWORD;
        b.durable = false;
        // Tests open many connections from one address; the per-address limits have their own test.
        b.maxConnectionsPerIp = 10_000;
        b.connectBurst = 10_000;
        tweak.accept(b);
        TestServer t = new TestServer(dataDir, b.build(), clock);
        try {
            t.server = new Server(t.config, clock).start(new PrintStream(OutputStream.nullOutputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return t;
    }

    public int port() {
        return server.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Server server() {
        return server;
    }

    /** A connected customer with context. */
    public Client customer(String name, Map<String, String> context) {
        return connect(Command.Hello.customer(name, name.toLowerCase() + "@example.com", context), b -> { });
    }

    public Client customer(String name) {
        return customer(name, Map.of("page", "/pricing"));
    }

    /** A connected staff member (created on first use with {@link #PASSWORD}). */
    public Client staff(String user, String kind) {
        ensureAccount(user, kind, null);
        return connect(Command.Hello.staffPassword(user, PASSWORD), b -> { });
    }

    public Client agent(String user) {
        return staff(user, "agent");
    }

    public Client adminClient() {
        if (admin == null) {
            admin = connect(Command.Hello.staffPassword("admin", ADMIN_PASSWORD), b -> { }).client();
        }
        return new Client(admin, new Recorder());
    }

    public void ensureAccount(String user, String kind, Integer cap) {
        adminClient();
        try {
            admin.request(new Command.AccountCreate(user, kind, capitalise(user), "bot".equals(kind) ? null : PASSWORD,
                    cap, null)).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!e.getCause().getMessage().startsWith("conflict")) {
                throw new IllegalStateException(e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Connects any hello (over TLS, pinned to the server's certificate, when the server speaks TLS); {@code tweak}
     * adjusts the client (reconnect, after, resume, another trust…).
     */
    public Client connect(Command.Hello hello, Consumer<SwitchboardClient.Builder> tweak) {
        Recorder recorder = new Recorder();
        SwitchboardClient.Builder b = SwitchboardClient.builder("127.0.0.1", port(), hello).listener(recorder);
        if (server.certificate() != null) {
            b.tls(TlsTrust.pinned(server.certificate().fingerprint()));
        }
        tweak.accept(b);
        SwitchboardClient c = b.build();
        clients.add(c);
        try {
            c.connect().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("connect failed: " + e.getMessage(), e);
        }
        return new Client(c, recorder);
    }

    /** Stops the server (drain) and keeps the data dir. */
    public void stop() {
        clients.forEach(SwitchboardClient::close);
        clients.clear();
        admin = null;
        server.close();
    }

    /** Stops the server; deletes the data dir when {@link #start} made it. */
    @Override
    public void close() {
        stop();
        if (ownsDataDir) {
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test data dir " + root, e);
        }
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A client with its recorder. */
    public record Client(SwitchboardClient client, Recorder recorder) {
        /** Sends a request and waits for its {@code ok} (throws on error). */
        public ServerFrame.Ok ok(Command c) {
            try {
                return client.request(c).get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw (RuntimeException) e.getCause();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** Sends a request expecting an error; returns it. */
        public dev.switchboard.client.RequestException error(Command c) {
            try {
                ServerFrame.Ok ok = client.request(c).get(10, TimeUnit.SECONDS);
                throw new AssertionError("expected an error, got " + ok);
            } catch (java.util.concurrent.ExecutionException e) {
                return (dev.switchboard.client.RequestException) e.getCause();
            } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException(e);
            }
        }

        public String open(String text) {
            return ok(new Command.Open(text, null, null)).text("chat");
        }

        public ServerFrame.Ok say(String chat, String text) {
            return ok(new Command.Say(chat, text, null));
        }

        public void close() {
            client.close();
        }
    }
}
