package dev.switchboard.server.policy;

import static dev.switchboard.server.policy.DeskClock.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.MutableClock;
import dev.switchboard.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** On hold: shown on the chat, not counted towards the cap, exempt from timers, back when the customer writes. */
class HoldTest {
    private final MutableClock clock = new MutableClock();
    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aHeldChatFreesItsPlaceUnderTheCapAndComesBackWhenTheCustomerWrites() {
        server = TestServer.start(b -> b.desk = b.desk.withDefaultCap(1), clock);
        DeskClock desk = new DeskClock(server, clock);
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String held = chris.open("can you check my invoice?");
        awaitState(alice, held, "active");
        alice.say(held, "Let me ask billing, one moment.");
        TestServer.Client dana = server.customer("Dana");
        String next = dana.open("hi");
        awaitState(dana, next, "queued");

        alice.ok(new Command.Hold(held, true));
        ServerFrame.Chat onHold = chris.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(held) && c.onHold());
        assertThat(onHold.state()).isEqualTo("active");
        assertThat(awaitState(alice, next, "active").agent().user()).as("the held chat does not count").isEqualTo("alice");
        assertThat(alice.error(new Command.Hold(held, true)).code()).isEqualTo(ErrorCode.INVALID_STATE);

        // Timers pause while on hold: no idle warning, no reassignment.
        desk.advance(Duration.ofMinutes(30), chris);
        assertThat(chris.recorder().all(ServerFrame.Message.class, m -> m.chat().equals(held) && m.isAutomatic())).isEmpty();

        chris.say(held, "any news?");
        ServerFrame.Chat back = alice.recorder().await(ServerFrame.Chat.class,
                c -> c.chat().equals(held) && !c.onHold() && c.seq() > onHold.seq());
        assertThat(back.waitingSince()).isNotNull();
        assertThat(back.agent().user()).isEqualTo("alice");
    }

    @Test
    void onlyTheAssignedAgentHoldsAnActiveChat() {
        server = TestServer.start(b -> { }, clock);
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String chat = chris.open("hello");
        awaitState(alice, chat, "active");
        TestServer.Client bob = server.agent("bob");
        assertThat(bob.error(new Command.Hold(chat, true)).code()).isIn(ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND);
        assertThat(chris.error(new Command.Hold(chat, true)).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(alice.error(new Command.Hold(chat, false)).code()).isEqualTo(ErrorCode.INVALID_STATE);
        alice.ok(new Command.Hold(chat, true));
        alice.ok(new Command.Hold(chat, false));
        alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && c.onHold());
    }
}
