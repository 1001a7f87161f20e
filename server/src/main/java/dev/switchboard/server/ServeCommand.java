package dev.switchboard.server;

import dev.switchboard.protocol.Limits;
import dev.switchboard.server.desk.DeskConfig;
import dev.switchboard.server.tls.ServerCertificate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code switchboard serve}: runs the server until SIGTERM or SIGINT, then drains and exits. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the Switchboard server. Every flag can also be set with the environment variable shown.")
public final class ServeCommand implements Callable<Integer> {
    /** Below this a customer's {@code hello} with its context no longer fits a line. */
    private static final int MIN_MAX_LINE = 4096;

    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOptions policies;

    @Option(names = "--host", defaultValue = "${env:SWITCHBOARD_HOST:-127.0.0.1}",
            description = "Address to listen on (SWITCHBOARD_HOST). Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--port", defaultValue = "${env:SWITCHBOARD_PORT:-7700}",
            description = "TCP port (SWITCHBOARD_PORT); 0 picks a free one. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--data-dir", defaultValue = "${env:SWITCHBOARD_DATA_DIR:-./data}",
            description = "Data directory: the embedded database and the lock (SWITCHBOARD_DATA_DIR). Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--db", defaultValue = "${env:SWITCHBOARD_DB}",
            description = "JDBC URL of the database (SWITCHBOARD_DB). Default: an SQLite file in the data dir")
    String db;

    @Option(names = "--max-line", defaultValue = "${env:SWITCHBOARD_MAX_LINE:-65536}",
            description = "Longest accepted line in bytes (SWITCHBOARD_MAX_LINE). Default: ${DEFAULT-VALUE}")
    int maxLine;

    @Option(names = "--cap", defaultValue = "${env:SWITCHBOARD_CAP:-3}",
            description = "Active chats per agent unless the account sets its own (SWITCHBOARD_CAP). Default: ${DEFAULT-VALUE}")
    int cap;

    @Option(names = "--grace", defaultValue = "${env:SWITCHBOARD_GRACE:-60}",
            description = "Seconds a dropped agent keeps their chats (SWITCHBOARD_GRACE). Default: ${DEFAULT-VALUE}")
    int graceSeconds;

    @Option(names = "--rate", defaultValue = "${env:SWITCHBOARD_RATE:-10}",
            description = "Frames per second per session, sustained (SWITCHBOARD_RATE). Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--burst", defaultValue = "${env:SWITCHBOARD_BURST:-20}",
            description = "Frames a session may send in a burst (SWITCHBOARD_BURST). Default: ${DEFAULT-VALUE}")
    int burst;

    @Option(names = "--max-connections-per-ip", defaultValue = "${env:SWITCHBOARD_MAX_CONNECTIONS_PER_IP:-32}",
            description = "Connections at once from one address (SWITCHBOARD_MAX_CONNECTIONS_PER_IP). Default: ${DEFAULT-VALUE}")
    int maxConnectionsPerIp;

    @Option(names = "--sync", defaultValue = "${env:SWITCHBOARD_SYNC:-full}",
            description = "SQLite durability: full (survives power loss) or normal (survives a crash) (SWITCHBOARD_SYNC). Default: ${DEFAULT-VALUE}")
    String sync;

    @Option(names = "--http-port", defaultValue = "${env:SWITCHBOARD_HTTP_PORT}",
            description = "HTTP/WebSocket port for the website widget: /widget.js, a sample page at /, the protocol at /ws "
                    + "(SWITCHBOARD_HTTP_PORT); 0 picks a free one. Default: off")
    Integer httpPort;

    @Option(names = "--http-origin", split = ",", defaultValue = "${env:SWITCHBOARD_HTTP_ORIGINS}",
            description = "Origin (scheme://host[:port]) of a website allowed to open the WebSocket, besides pages this "
                    + "server serves itself; repeat or separate with commas; * allows any (SWITCHBOARD_HTTP_ORIGINS). "
                    + "Default: none")
    java.util.List<String> httpOrigins;

    @Option(names = "--http-trusted-proxy", split = ",", defaultValue = "${env:SWITCHBOARD_HTTP_TRUSTED_PROXIES}",
            paramLabel = "IP", description = "Address of a reverse proxy in front of the website listener whose "
                    + "X-Forwarded-For names the visitor: per-address chat limits, bans, the login throttle and the "
                    + "audit log then see visitors, and the proxy's own connections are not limited per address; "
                    + "repeat or separate with commas (SWITCHBOARD_HTTP_TRUSTED_PROXIES). Default: none")
    java.util.List<String> httpTrustedProxies;

    @Option(names = "--http-staff", defaultValue = "${env:SWITCHBOARD_HTTP_STAFF:-false}",
            description = "Also accept staff sign-ins over WebSocket (SWITCHBOARD_HTTP_STAFF). Default: customers only")
    boolean httpStaff;

    @Option(names = "--ssh-port", defaultValue = "${env:SWITCHBOARD_SSH_PORT}",
            description = "Serve the agent console over SSH on this port (SWITCHBOARD_SSH_PORT); 0 picks a free one. "
                    + "Needs the ssh module (in the switchboard launcher). Default: off")
    Integer sshPort;

    @Option(names = "--tls", defaultValue = "${env:SWITCHBOARD_TLS:-false}",
            description = "Speak TLS on every port (SWITCHBOARD_TLS): with --tls-cert/--tls-key, or a self-signed "
                    + "certificate made on the first start and kept in DATA_DIR/tls/ (its fingerprint is printed "
                    + "for clients to pin). Default: off")
    boolean tls;

    @Option(names = "--tls-cert", paramLabel = "PEM", defaultValue = "${env:SWITCHBOARD_TLS_CERT}",
            description = "Certificate chain (PEM) to present, leaf first (SWITCHBOARD_TLS_CERT). Implies --tls.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", defaultValue = "${env:SWITCHBOARD_TLS_KEY}",
            description = "Its private key (PEM, PKCS#8 or PKCS#1) (SWITCHBOARD_TLS_KEY). Implies --tls.")
    Path tlsKey;

    @Option(names = "--io-threads", defaultValue = "${env:SWITCHBOARD_IO_THREADS:-0}",
            description = "Network threads (SWITCHBOARD_IO_THREADS). Default: half the cores, at least 1.")
    int ioThreads;

    @Option(names = "--kdf-iterations", hidden = true, defaultValue = "${env:SWITCHBOARD_KDF_ITERATIONS:-600000}")
    int kdfIterations;

    /** The server module's own entry point (the {@code switchboard} launcher mounts this command too). */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new ServeCommand()).execute(args));
    }

    /** Values picocli's types let through but the server cannot run with: a usage error (exit 2), as for a bad type. */
    private void checkValues() {
        check(sync.equalsIgnoreCase("full") || sync.equalsIgnoreCase("normal"), "--sync must be full or normal, not '" + sync + "'");
        check(policies.routing.equalsIgnoreCase("auto") || policies.routing.equalsIgnoreCase("manual"),
                "--routing must be auto or manual, not '" + policies.routing + "'");
        check(cap >= 1, "--cap must be 1 or more");
        check(graceSeconds >= 0, "--grace must be 0 seconds or more");
        check(rate > 0 && burst >= 1, "--rate must be above 0 and --burst 1 or more: else every frame is refused");
        check(maxLine >= MIN_MAX_LINE, "--max-line must be at least " + MIN_MAX_LINE + " bytes");
        check(maxConnectionsPerIp >= 1, "--max-connections-per-ip must be 1 or more");
        check(ioThreads >= 0, "--io-threads must be 0 (the default) or more");
        check((tlsCert == null) == (tlsKey == null), "--tls-cert and --tls-key go together");
        if (httpOrigins != null) {
            for (String origin : httpOrigins) {
                String o = origin.trim();
                check(o.isEmpty() || o.equals("*") || o.matches("https?://[^/\\s]+"),
                        "--http-origin takes scheme://host[:port] (or *), not '" + o + "'");
            }
        }
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    @Override
    public Integer call() throws Exception {
        checkValues();
        DeskConfig desk;
        try {
            desk = policies.apply(DeskConfig.defaults().withDefaultCap(cap).withGrace(Duration.ofSeconds(graceSeconds)));
        } catch (TypeConversionException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ServerConfig.Builder b = ServerConfig.defaults(dataDir).toBuilder();
        b.host = host;
        b.port = port;
        b.dbUrl = db == null || db.isBlank() ? null : db;
        b.limits = Limits.defaults().withMaxLineBytes(maxLine);
        b.desk = desk;
        b.ratePerSecond = rate;
        b.rateBurst = burst;
        b.maxConnectionsPerIp = maxConnectionsPerIp;
        b.durable = !"normal".equalsIgnoreCase(sync);
        b.kdfIterations = kdfIterations;
        b.adminPassword = System.getenv("SWITCHBOARD_ADMIN_PASSWORD");
        b.httpPort = httpPort;
        b.httpStaff = httpStaff;
        b.httpOrigins = httpOrigins == null ? java.util.List.of()
                : httpOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).toList();
        b.httpTrustedProxies = httpTrustedProxies == null ? java.util.List.of()
                : httpTrustedProxies.stream().map(String::trim).filter(o -> !o.isEmpty()).toList();
        b.tls = tls || tlsCert != null;
        b.tlsCert = tlsCert;
        b.tlsKey = tlsKey;
        if (ioThreads > 0) {
            b.ioThreads = ioThreads;
        }
        // What has started, closed newest first by the shutdown hook; registered before anything starts, so that a
        // SIGTERM during start-up still drains what is already running.
        java.util.Deque<AutoCloseable> running = new java.util.concurrent.ConcurrentLinkedDeque<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ServerExtension.closeAll(java.util.List.copyOf(running));
            stopped.countDown();
        }, "switchboard-shutdown"));
        Server server;
        try {
            server = new Server(b.build(), Clock.systemUTC()).start(System.out);
            running.push(server);
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("switchboard: " + e.getMessage());
            return 2;
        }
        System.out.println("Switchboard listening on " + host + ":" + server.port() + (b.tls ? " (TLS)" : ""));
        ServerCertificate certificate = server.certificate();
        if (certificate != null) {
            System.out.println("TLS certificate: " + certificate.certFile() + (tlsCert != null ? ""
                    : certificate.generated() ? " (self-signed, made now)" : " (self-signed, kept in the data dir)"));
            System.out.println("TLS certificate SHA-256 fingerprint: " + certificate.fingerprint());
        }
        if (server.httpPort() >= 0) {
            String web = (b.tls ? "https://" : "http://") + host + ":" + server.httpPort();
            System.out.println("Website widget: " + web + "/ (sample page), " + web + "/widget.js, WebSocket at /ws");
        }
        java.util.List<AutoCloseable> extensions;
        try {
            extensions = ServerExtension.startAll(server, b.build(), sshPort == null ? java.util.Map.of()
                    : java.util.Map.of("ssh.port", String.valueOf(sshPort)), System.out);
            extensions.forEach(running::push);
        } catch (Exception e) {
            server.close();
            System.err.println("switchboard: " + e.getMessage());
            return 2;
        }
        if (sshPort != null && extensions.isEmpty()) {
            server.close();
            System.err.println("switchboard: --ssh-port needs the ssh module on the class path");
            return 2;
        }
        System.out.flush();
        stopped.await();
        return 0;
    }
}
