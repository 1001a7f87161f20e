package dev.switchboard.server.policy;

import static dev.switchboard.server.policy.DeskClock.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.desk.DeskConfig;
import dev.switchboard.server.testing.MutableClock;
import dev.switchboard.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SLA targets: hit or miss per chat, breaches pushed to the agent and supervisors, hit rates in stats. */
class SlaTest {
    private final MutableClock clock = new MutableClock();
    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void breachesArePushedToStaffAndStatsReportHitRates() {
        server = TestServer.start(b -> b.desk = b.desk
                .withSla(new DeskConfig.Sla(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(10)))
                .withNoAnswer(new DeskConfig.NoAnswer(null, 0)), clock);
        DeskClock desk = new DeskClock(server, clock);
        TestServer.Client alice = server.agent("alice");
        TestServer.Client sue = server.staff("sue", "supervisor");
        TestServer.Client quick = server.customer("Quick");
        TestServer.Client slow = server.customer("Slow");
        String fast = quick.open("hi");
        String late = slow.open("hello");
        awaitState(alice, fast, "active");
        awaitState(alice, late, "active");

        // fast: answered at once, every later wait answered in time, closed within 10 minutes.
        alice.say(fast, "Hi!");
        desk.advance(Duration.ofSeconds(31), alice, slow);
        ServerFrame.Breach first = alice.recorder().await(ServerFrame.Breach.class, b -> b.chat().equals(late));
        assertThat(first.target()).isEqualTo("first_response");
        assertThat(first.agent()).isEqualTo("alice");
        assertThat(first.due()).isEqualTo("2026-11-23T09:00:30.000Z");
        sue.recorder().await(ServerFrame.Breach.class, b -> b.chat().equals(late));
        assertThat(slow.recorder().all(ServerFrame.Breach.class)).as("never to the customer").isEmpty();

        quick.say(fast, "thanks, one more question");
        alice.say(fast, "Sure.");
        alice.ok(new Command.Close(fast, null, null, null));

        // late: first response missed, a next response missed, resolution missed.
        alice.say(late, "Sorry for the wait!");
        slow.say(late, "still broken");
        desk.advance(Duration.ofSeconds(61), alice);
        assertThat(alice.recorder().await(ServerFrame.Breach.class, b -> b.target().equals("next_response")).chat())
                .isEqualTo(late);
        alice.say(late, "Looking now.");
        desk.advance(Duration.ofMinutes(10), alice);
        alice.recorder().await(ServerFrame.Breach.class, b -> b.target().equals("resolution"));
        alice.ok(new Command.Close(late, null, null, null));

        JsonNode sla = server.adminClient().ok(new Command.Stats(null, null)).get("overall").get("sla");
        assertThat(sla.get("firstResponse").get("hit").asInt()).isEqualTo(1);
        assertThat(sla.get("firstResponse").get("miss").asInt()).isEqualTo(1);
        assertThat(sla.get("firstResponse").get("rate").asDouble()).isEqualTo(0.5);
        assertThat(sla.get("nextResponse").get("hit").asInt()).isEqualTo(1);
        assertThat(sla.get("nextResponse").get("miss").asInt()).isEqualTo(1);
        assertThat(sla.get("resolution").get("hit").asInt()).isEqualTo(1);
        assertThat(sla.get("resolution").get("miss").asInt()).isEqualTo(1);
        JsonNode alices = server.adminClient().ok(new Command.Stats(null, null)).get("agents").get("alice").get("sla");
        assertThat(alices.get("resolution").get("rate").asDouble()).isEqualTo(0.5);
    }
}
