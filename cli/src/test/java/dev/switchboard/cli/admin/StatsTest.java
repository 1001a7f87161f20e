package dev.switchboard.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.desk.DeskConfig;
import dev.switchboard.server.testing.TestServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code admin stats} against a scripted morning on a server whose clock the test moves, with every expected
 * figure worked out by hand below (nearest-rank percentiles: the p-th of n sorted values is the
 * ceil(p/100·n)-th).
 *
 * <pre>
 * second  chat A (Chris)     chat B (Dana)      chat C (Eve)         chat D (Finn)
 *    0    opens, queued
 *   10                       opens, queued
 *   20                                          opens, queued
 *   30    alice accepts
 *   40                                                               opens, queued
 *   50    alice answers
 *   60                                                               alice accepts
 *   80                                          Eve leaves (closes)
 *  100                       bob accepts
 *  110                       bob answers
 *  170    alice closes; Chris rates 5
 *  200                                                               alice answers
 *  310                       bob closes; Dana rates 3
 * </pre>
 * Queue wait A 30, B 90, D 20; first response A 50, B 100, D 160; resolution A 170, B 300, C 60 (seconds).
 */
class StatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final MovableClock CLOCK = new MovableClock(T0);
    private static TestServer server;
    private static AdminCli cli;

    /** A clock the test sets; the desk reads it at the start of each batch. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void at(int second) {
            now = T0.plusSeconds(second);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void morning() {
        // The scenario lets customers wait minutes on purpose: no reassignment or automatic messages may interfere.
        server = TestServer.start(b -> b.desk = b.desk.withNoAnswer(new DeskConfig.NoAnswer(null, 0))
                .withAutoReply(DeskConfig.AutoReply.off()), CLOCK);
        cli = new AdminCli(server);
        TestServer.Client alice = server.agent("alice");
        TestServer.Client bob = server.agent("bob");
        // Away, so that every chat waits in the queue until accepted.
        alice.ok(new Command.Status("away"));
        bob.ok(new Command.Status("away"));
        TestServer.Client chris = server.customer("Chris");
        TestServer.Client dana = server.customer("Dana");
        TestServer.Client eve = server.customer("Eve");
        TestServer.Client finn = server.customer("Finn");

        CLOCK.at(0);
        String a = chris.open("my parcel is late");
        CLOCK.at(10);
        String b = dana.open("billing question");
        CLOCK.at(20);
        String c = eve.open("hello?");
        CLOCK.at(30);
        alice.ok(new Command.Accept(a));
        CLOCK.at(40);
        String d = finn.open("password reset");
        CLOCK.at(50);
        alice.say(a, "Hi Chris, checking now");
        CLOCK.at(60);
        alice.ok(new Command.Accept(d));
        CLOCK.at(80);
        eve.ok(new Command.Close(c, null, null, null));
        CLOCK.at(100);
        bob.ok(new Command.Accept(b));
        CLOCK.at(110);
        bob.say(b, "Hi Dana");
        CLOCK.at(120);
        chris.say(a, "any news?");
        CLOCK.at(150);
        alice.say(a, "It ships tomorrow");
        CLOCK.at(170);
        alice.ok(new Command.Close(a, "resolved", null, null));
        chris.recorder().await(ServerFrame.Chat.class, f -> "closed".equals(f.state()));
        chris.ok(new Command.Rate(a, 5, null, null));
        CLOCK.at(200);
        alice.say(d, "Hi Finn");
        CLOCK.at(310);
        bob.ok(new Command.Close(b, "resolved", null, null));
        dana.recorder().await(ServerFrame.Chat.class, f -> "closed".equals(f.state()));
        dana.ok(new Command.Rate(b, 3, null, null));
        CLOCK.at(400);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void overallFiguresMatchTheHandWorkedValues() throws Exception {
        AdminCli.Result r = cli.run("stats", "--since", "2026-01-05", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode overall = JSON.readTree(r.out()).path("overall");
        assertThat(overall.path("chats").asInt()).isEqualTo(4);
        assertThat(overall.path("closed").asInt()).isEqualTo(3);
        assertThat(overall.path("abandoned").asInt()).as("Eve left before any answer").isEqualTo(1);
        // Queue wait [20, 30, 90] s: median = 2nd, p90 = ceil(2.7) = 3rd, average 140/3.
        assertDurations(overall.path("queueWaitMs"), 3, 30_000, 90_000, 46_667, 90_000);
        // First response [50, 100, 160] s: average 310/3.
        assertDurations(overall.path("firstResponseMs"), 3, 100_000, 160_000, 103_333, 160_000);
        // Resolution [170, 300] s: only answered chats (Eve's abandoned one was closed, never resolved).
        assertDurations(overall.path("resolutionMs"), 2, 170_000, 300_000, 235_000, 300_000);
        // Every answered wait: the three first responses and Chris's "any news?" at 120 s answered at 150 s:
        // [30, 50, 100, 160] s, median = 2nd, p90 = ceil(3.6) = 4th, average 340/4.
        assertDurations(overall.path("responseMs"), 4, 50_000, 160_000, 85_000, 160_000);
        assertThat(overall.path("csat").path("count").asInt()).isEqualTo(2);
        assertThat(overall.path("csat").path("average").asDouble()).isEqualTo(4.0);
    }

    @Test
    void perAgentFigures() throws Exception {
        JsonNode agents = JSON.readTree(cli.run("stats", "--json").out()).path("agents");
        assertThat(agents.size()).as("Eve's chat never had an agent").isEqualTo(2);
        JsonNode alice = agents.path("alice");
        assertThat(alice.path("chats").asInt()).isEqualTo(2);
        assertThat(alice.path("closed").asInt()).isEqualTo(1);
        assertThat(alice.path("abandoned").asInt()).isZero();
        // Waits [20, 30]: median = ceil(1.0) = 1st, p90 = ceil(1.8) = 2nd.
        assertDurations(alice.path("queueWaitMs"), 2, 20_000, 30_000, 25_000, 30_000);
        assertDurations(alice.path("firstResponseMs"), 2, 50_000, 160_000, 105_000, 160_000);
        assertDurations(alice.path("resolutionMs"), 1, 170_000, 170_000, 170_000, 170_000);
        // Alice answered [30, 50, 160] s.
        assertDurations(alice.path("responseMs"), 3, 50_000, 160_000, 80_000, 160_000);
        assertThat(alice.path("csat").path("average").asDouble()).isEqualTo(5.0);
        JsonNode bob = agents.path("bob");
        assertThat(bob.path("chats").asInt()).isEqualTo(1);
        assertDurations(bob.path("queueWaitMs"), 1, 90_000, 90_000, 90_000, 90_000);
        assertDurations(bob.path("firstResponseMs"), 1, 100_000, 100_000, 100_000, 100_000);
        assertDurations(bob.path("resolutionMs"), 1, 300_000, 300_000, 300_000, 300_000);
        assertThat(bob.path("csat").path("average").asDouble()).isEqualTo(3.0);
    }

    @Test
    void aWindowCountsOnlyTheChatsOpenedInIt() throws Exception {
        // [15 s, 35 s) holds only Eve's chat (opened at 20 s).
        JsonNode overall = JSON.readTree(cli.run("stats", "--since", "2026-01-05T10:00:15Z", "--until",
                "2026-01-05T10:00:35Z", "--json").out()).path("overall");
        assertThat(overall.path("chats").asInt()).isEqualTo(1);
        assertThat(overall.path("abandoned").asInt()).isEqualTo(1);
        assertThat(overall.path("queueWaitMs").path("count").asInt()).isZero();
        // The end is exclusive: a window ending when chat A opened holds nothing.
        JsonNode none = JSON.readTree(cli.run("stats", "--since", "2026-01-05T09:00:00Z", "--until",
                "2026-01-05T10:00:00Z", "--json").out()).path("overall");
        assertThat(none.path("chats").asInt()).isZero();
        // A window that ends before it starts is a mistake, not a quiet day.
        AdminCli.Result backwards = cli.run("stats", "--since", "2026-01-06", "--until", "2026-01-05");
        assertThat(backwards.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(backwards.err()).contains("'since' must be before 'until'");
    }

    @Test
    void theTableShowsReadableDurations() {
        AdminCli.Result r = cli.run("stats");
        assertThat(r.exit()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith("WHO").contains("WAIT MEDIAN", "WAIT P90", "1ST RESP MEDIAN", "RESP AVG", "CSAT");
        assertThat(lines[1]).matches("\\(overall\\) +4 +3 +1 +30s +1m30s +1m40s +1m25s +2m50s +4\\.00 \\(2\\)");
        assertThat(lines[2]).matches("alice +2 +1 +0 +20s +30s +50s +1m20s +2m50s +5\\.00 \\(1\\)");
        assertThat(lines[3]).matches("bob +1 +1 +0 +1m30s +1m30s +1m40s +1m40s +5m00s +3\\.00 \\(1\\)");
        // SLA targets 60 s / 120 s / 30 min (the defaults). First response: A 50 s hit, B 100 s and D 160 s
        // missed; next response: Chris's "any news?" answered in 30 s; resolution: A 170 s and B 300 s (D is open,
        // and Eve's chat was never answered).
        assertThat(lines[4]).isEmpty();
        assertThat(lines[5]).matches("SLA +FIRST RESPONSE +NEXT RESPONSE +RESOLUTION");
        assertThat(lines[6]).matches("\\(overall\\) +33% \\(1 of 3\\) +100% \\(1 of 1\\) +100% \\(2 of 2\\)");
        assertThat(lines[7]).matches("alice +50% \\(1 of 2\\) +100% \\(1 of 1\\) +100% \\(1 of 1\\)");
        assertThat(lines[8]).matches("bob +0% \\(0 of 1\\) +- +100% \\(1 of 1\\)");
    }

    private static void assertDurations(JsonNode d, int count, long median, long p90, long average, long max) {
        assertThat(d.path("count").asInt()).as("count").isEqualTo(count);
        assertThat(d.path("median").asLong()).as("median").isEqualTo(median);
        assertThat(d.path("p90").asLong()).as("p90").isEqualTo(p90);
        assertThat(d.path("average").asLong()).as("average").isEqualTo(average);
        assertThat(d.path("max").asLong()).as("max").isEqualTo(max);
    }
}
