package dev.switchboard.server;

import dev.switchboard.protocol.Limits;
import dev.switchboard.server.desk.DeskConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a server needs to start. Defaults follow shared/LIMITS.md and are documented in
 * protocol/README.md; {@code switchboard serve} sets each from a flag or an environment variable.
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        String dbUrl,
        boolean durable,
        Limits limits,
        DeskConfig desk,
        Duration helloTimeout,
        Duration idleTimeout,
        int maxFailedHellos,
        int maxFramesBeforeHello,
        int rateBurst,
        double ratePerSecond,
        int historyCost,
        int floodLimit,
        int maxInflight,
        int maxConnectionsPerIp,
        int connectBurst,
        double connectsPerSecond,
        int kdfIterations,
        String adminPassword,
        Duration drain,
        Integer httpPort,
        boolean httpStaff,
        java.util.List<String> httpOrigins,
        java.util.List<String> httpTrustedProxies,
        boolean tls,
        Path tlsCert,
        Path tlsKey,
        int ioThreads) {

    /**
     * Network threads by default: half the cores, at least one. The desk and the store writer are a thread each and
     * keep a core busy at rush hour; more network threads than the cores left only add wake-ups and hand-overs
     * (on 2 cores, 1 instead of Netty's 4: server CPU 1.06 -> 0.88 cores at 10,000 messages/s, README).
     */
    public static int defaultIoThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    public ServerConfig {
        httpOrigins = httpOrigins == null ? java.util.List.of() : java.util.List.copyOf(httpOrigins);
        httpTrustedProxies = httpTrustedProxies == null ? java.util.List.of() : java.util.List.copyOf(httpTrustedProxies);
    }

    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig("127.0.0.1", 7700, dataDir, null, true, Limits.defaults(), DeskConfig.defaults(),
                Duration.ofSeconds(10), Duration.ofSeconds(120), 3, 5, 20, 10, 5, 200, 64, 32, 20, 1,
                600_000, null, Duration.ofSeconds(10), null, false, java.util.List.of(), java.util.List.of(), false, null, null,
                defaultIoThreads());
    }

    /** The JDBC URL to use: the one given, or an SQLite file in the data dir. */
    public String jdbcUrl() {
        return dbUrl != null ? dbUrl : "jdbc:sqlite:" + sqliteFile().toAbsolutePath();
    }

    /** The embedded database's file in the data dir (used unless a JDBC URL is given). */
    public Path sqliteFile() {
        return dataDir.resolve("switchboard.db");
    }

    public ServerConfig withPort(int p) {
        return new Builder(this).port(p).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A mutable copy for flags and tests. */
    public static final class Builder {
        public String host;
        public int port;
        public Path dataDir;
        public String dbUrl;
        public boolean durable;
        public Limits limits;
        public DeskConfig desk;
        public Duration helloTimeout;
        public Duration idleTimeout;
        public int maxFailedHellos;
        public int maxFramesBeforeHello;
        public int rateBurst;
        public double ratePerSecond;
        public int historyCost;
        public int floodLimit;
        public int maxInflight;
        public int maxConnectionsPerIp;
        public int connectBurst;
        public double connectsPerSecond;
        public int kdfIterations;
        public String adminPassword;
        public Duration drain;
        /** The HTTP/WebSocket port for the website widget; null = off, 0 = pick a free one. */
        public Integer httpPort;
        /** Whether staff may sign in over WebSocket (default: customers only). */
        public boolean httpStaff;
        /** Origins (scheme://host[:port]) whose pages may open the WebSocket besides the server's own; "*" = any. */
        public java.util.List<String> httpOrigins;
        /** Reverse proxies whose X-Forwarded-For names the visitor on the website listener. */
        public java.util.List<String> httpTrustedProxies;
        /** TLS on every listener: the given certificate and key, or a self-signed pair kept in the data dir. */
        public boolean tls;
        public Path tlsCert;
        public Path tlsKey;
        /** Netty event-loop threads serving the connections. */
        public int ioThreads;

        public Builder(ServerConfig c) {
            host = c.host;
            port = c.port;
            dataDir = c.dataDir;
            dbUrl = c.dbUrl;
            durable = c.durable;
            limits = c.limits;
            desk = c.desk;
            helloTimeout = c.helloTimeout;
            idleTimeout = c.idleTimeout;
            maxFailedHellos = c.maxFailedHellos;
            maxFramesBeforeHello = c.maxFramesBeforeHello;
            rateBurst = c.rateBurst;
            ratePerSecond = c.ratePerSecond;
            historyCost = c.historyCost;
            floodLimit = c.floodLimit;
            maxInflight = c.maxInflight;
            maxConnectionsPerIp = c.maxConnectionsPerIp;
            connectBurst = c.connectBurst;
            connectsPerSecond = c.connectsPerSecond;
            kdfIterations = c.kdfIterations;
            adminPassword = c.adminPassword;
            drain = c.drain;
            httpPort = c.httpPort;
            httpStaff = c.httpStaff;
            httpOrigins = c.httpOrigins;
            httpTrustedProxies = c.httpTrustedProxies;
            tls = c.tls;
            tlsCert = c.tlsCert;
            tlsKey = c.tlsKey;
            ioThreads = c.ioThreads;
        }

        public Builder port(int p) {
            port = p;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(host, port, dataDir, dbUrl, durable, limits, desk, helloTimeout, idleTimeout,
                    maxFailedHellos, maxFramesBeforeHello, rateBurst, ratePerSecond, historyCost, floodLimit,
                    maxInflight, maxConnectionsPerIp, connectBurst, connectsPerSecond, kdfIterations, adminPassword,
                    drain, httpPort, httpStaff, httpOrigins, httpTrustedProxies, tls, tlsCert, tlsKey, ioThreads);
        }
    }
}
