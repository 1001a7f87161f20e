package dev.switchboard.server.policy;

import static dev.switchboard.server.policy.DeskClock.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.MutableClock;
import dev.switchboard.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Queued customers hear their position and an estimated wait from recent handling times whenever either changes. */
class QueueEstimateTest {
    private final MutableClock clock = new MutableClock();
    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theEstimateFollowsHandlingTimesAndCapacity() {
        server = TestServer.start(b -> b.desk = b.desk.withDefaultCap(1), clock);
        DeskClock desk = new DeskClock(server, clock);
        TestServer.Client alice = server.agent("alice");
        String first = server.customer("First").open("hi");
        awaitState(alice, first, "active");
        TestServer.Client dana = server.customer("Dana");
        String danas = dana.open("hello");
        TestServer.Client eve = server.customer("Eve");
        String eves = eve.open("hello");
        assertThat(awaitState(eve, eves, "queued").estimatedWaitMinutes()).as("no handling times yet").isNull();

        alice.say(first, "Hi!");
        desk.advance(Duration.ofMinutes(4), alice);
        alice.ok(new Command.Close(first, null, null, null));
        awaitState(dana, danas, "active");
        ServerFrame.Chat update = eve.recorder().await(ServerFrame.Chat.class,
                c -> c.chat().equals(eves) && Integer.valueOf(1).equals(c.position()));
        assertThat(update.estimatedWaitMinutes()).as("1 ahead × 4 min ÷ 1 slot").isEqualTo(4);

        // Capacity counts too: with nobody available there is no estimate; when alice is back, frank hears one.
        alice.ok(new Command.Status("away"));
        TestServer.Client frank = server.customer("Frank");
        String franks = frank.open("hi");
        assertThat(awaitState(frank, franks, "queued").estimatedWaitMinutes()).as("nobody available").isNull();
        alice.ok(new Command.Status("available"));
        assertThat(frank.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(franks)
                && c.estimatedWaitMinutes() != null).estimatedWaitMinutes()).as("2nd × 4 min ÷ 1 slot").isEqualTo(8);
    }
}
