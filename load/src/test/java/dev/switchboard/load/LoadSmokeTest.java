package dev.switchboard.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.tls.TlsTrust;
import dev.switchboard.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Short runs against a real server (seconds, a handful of connections). They assert that messages flowed and
 * were counted, never how fast: speed belongs to scripts/bench, not to tests.
 */
class LoadSmokeTest {

    private static LoadConfig config(int port, int customers, int agents, double rate, int idle) {
        return new LoadConfig("127.0.0.1", port, customers, agents, rate, 4, Duration.ofMillis(1500),
                Duration.ofMillis(300), idle, ProcessHandle.current().pid(), TestServer.ADMIN_PASSWORD, 0, 1, true, 2,
                Duration.ofSeconds(30), Duration.ofSeconds(10), false, false, "smoke");
    }

    @Test
    void customersTalkAgentsAnswerAndEverythingIsCounted() throws Exception {
        try (TestServer server = TestServer.start(b -> {
            b.rateBurst = 10_000;
            b.ratePerSecond = 10_000;
        })) {
            LoadReport r = new LoadRun(config(server.port(), 6, 2, 20, 0), quiet()).run();
            assertThat(r.sent()).isPositive();
            assertThat(r.acked()).isPositive();
            assertThat(r.relayed()).isPositive();
            assertThat(r.relayedPerSecond()).isPositive();
            assertThat(r.e2e().count()).isPositive();
            assertThat(r.okCustomer().count()).isPositive();
            assertThat(r.okAgent().count()).isPositive();
            assertThat(r.reply().count()).isPositive();
            assertThat(r.lost()).isZero();
            assertThat(r.unassigned()).isZero();
            assertThat(r.errors()).isEmpty();
            assertThat(r.connections().heldAtEnd()).isEqualTo(8);
            assertThat(r.resources().serverRssKibEnd()).isPositive();
            assertThat(r.resources().loadCpuCores()).isNotNegative();
        }
    }

    @Test
    void overTlsEveryConnectionIsPinnedAndMessagesFlow() throws Exception {
        try (TestServer server = TestServer.start(b -> {
            b.tls = true;
            b.rateBurst = 10_000;
            b.ratePerSecond = 10_000;
        })) {
            TlsTrust pin = TlsTrust.pinned(server.server().certificate().fingerprint());
            LoadReport r = new LoadRun(config(server.port(), 4, 1, 20, 0), pin, quiet()).run();
            assertThat(r.relayed()).isPositive();
            assertThat(r.lost()).isZero();
            assertThat(r.errors()).isEmpty();
            assertThat(r.connections().heldAtEnd()).isEqualTo(5);

            // Without TLS the same run cannot even sign in its admin: the port speaks TLS only.
            assertThatThrownBy(() -> new LoadRun(config(server.port(), 1, 1, 20, 0), quiet()).run())
                    .hasMessageContaining("admin login");
        }
    }

    @Test
    void maxRateWithAWindowFlowsAndTheCommandWritesJson(@TempDir Path tmp) throws Exception {
        try (TestServer server = TestServer.start(b -> {
            b.rateBurst = 100_000;
            b.ratePerSecond = 100_000;
        })) {
            Path json = tmp.resolve("report.json");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream saved = System.out;
            int code;
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                code = new CommandLine(new LoadCommand()).execute("--server", "127.0.0.1:" + server.port(),
                        "--customers", "4", "--agents", "1", "--rate", "max", "--window", "2", "--duration", "1",
                        "--warmup", "0.2", "--admin-password", TestServer.ADMIN_PASSWORD, "--json", json.toString(),
                        "--threads", "1");
            } finally {
                System.setOut(saved);
            }
            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("relayed customer->agent", "e2e customer->agent");
            String report = Files.readString(json);
            assertThat(report).contains("\"relayedPerSecond\"", "\"e2e\"", "\"p99\"", "\"errors\"");
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(report).get("relayed").asLong())
                    .isPositive();
        }
    }

    @Test
    void refusalsAreCountedByCode() throws Exception {
        // One frame per second: the customers' says are refused rate_limited, and the run still ends by itself.
        try (TestServer server = TestServer.start(b -> {
            b.rateBurst = 3;
            b.ratePerSecond = 1;
        })) {
            LoadReport r = new LoadRun(config(server.port(), 2, 1, 0, 0), quiet()).run();
            assertThat(r.errors()).containsKey("rate_limited");
            assertThat(r.errors().get("rate_limited")).isPositive();
            assertThat(r.refused()).isPositive();
            assertThat(r.sent()).isGreaterThanOrEqualTo(r.acked() + r.refused());
        }
    }

    @Test
    void idleConnectionsAreHeldAndMeasured() throws Exception {
        try (TestServer server = TestServer.start()) {
            LoadConfig c = new LoadConfig("127.0.0.1", server.port(), 0, 0, 1, 4, Duration.ofMillis(200),
                    Duration.ZERO, 30, ProcessHandle.current().pid(), null, 0, 1, true, 8, Duration.ofSeconds(30),
                    Duration.ofSeconds(5), false, false, "idle");
            LoadReport r = new LoadRun(c, quiet()).run();
            assertThat(r.connections().idle()).isEqualTo(30);
            assertThat(r.connections().heldAtEnd()).isEqualTo(30);
            assertThat(r.resources().serverRssKibBeforeIdle()).isPositive();
            assertThat(r.resources().serverRssKibAfterIdle()).isPositive();
            assertThat(r.errors()).isEmpty();
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
