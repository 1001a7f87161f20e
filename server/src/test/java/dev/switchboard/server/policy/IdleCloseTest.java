package dev.switchboard.server.policy;

import static dev.switchboard.server.policy.DeskClock.automaticIn;
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

/** Idle close (defaults: warn after 10 min of customer silence, close 2 min later, reopen within 10 min). */
class IdleCloseTest {
    private final MutableClock clock = new MutableClock();
    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private DeskClock startDesk() {
        server = TestServer.start(b -> { }, clock);
        return new DeskClock(server, clock);
    }

    /** Chris opens a chat, and Alice has it. */
    private static String activeChat(TestServer.Client alice, TestServer.Client chris) {
        String chat = chris.open("hello");
        awaitState(alice, chat, "active");
        return chat;
    }

    @Test
    void aSilentCustomerIsWarnedThenClosedAsIdleAndReopensWithTheSameAgent() {
        DeskClock desk = startDesk();
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String chat = activeChat(alice, chris);
        alice.say(chat, "Hi Chris, how can I help?");

        desk.advance(Duration.ofMinutes(9), chris);
        assertThat(chris.recorder().all(ServerFrame.Message.class, automaticIn(chat))).isEmpty();
        desk.advance(Duration.ofMinutes(1), chris);
        ServerFrame.Message warning = chris.recorder().await(ServerFrame.Message.class, automaticIn(chat));
        assertThat(warning.text()).startsWith("Are you still there?");

        desk.advance(Duration.ofMinutes(2), chris);
        ServerFrame.Chat closed = awaitState(chris, chat, "closed");
        assertThat(closed.reason()).isEqualTo("idle");
        awaitState(alice, chat, "closed");

        desk.advance(Duration.ofMinutes(5), chris);
        chris.say(chat, "sorry, I was away");
        ServerFrame.Chat reopened = alice.recorder().await(ServerFrame.Chat.class,
                c -> c.chat().equals(chat) && "active".equals(c.state()) && c.seq() > closed.seq());
        assertThat(reopened.agent().user()).isEqualTo("alice");
        assertThat(reopened.reason()).isNull();
        alice.recorder().awaitText("sorry, I was away");
        alice.say(chat, "Welcome back!");
    }

    @Test
    void afterTheReopenWindowTheChatStaysClosedAndAnsweringResetsTheCountdown() {
        DeskClock desk = startDesk();
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String chat = activeChat(alice, chris);
        alice.say(chat, "Hi!");
        desk.advance(Duration.ofMinutes(8), chris);
        chris.say(chat, "one more thing");
        alice.say(chat, "Sure.");
        desk.advance(Duration.ofMinutes(8), chris);
        assertThat(chris.recorder().all(ServerFrame.Message.class, automaticIn(chat))).as("silence counts from the last reply")
                .isEmpty();
        desk.advance(Duration.ofMinutes(2), chris);
        desk.advance(Duration.ofMinutes(2), chris);
        awaitState(chris, chat, "closed");
        desk.advance(Duration.ofMinutes(11), chris);
        assertThat(chris.error(new Command.Say(chat, "hello again", null)).code())
                .isEqualTo(ErrorCode.INVALID_STATE);
    }

    @Test
    void afterARestartSilenceStillCountsFromTheLastReply() {
        DeskClock desk = startDesk();
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String chat = activeChat(alice, chris);
        alice.say(chat, "Hi!");
        desk.advance(Duration.ofMinutes(8), alice);
        // A second reply changes only the last answer's time, which the store keeps in the reply itself.
        alice.say(chat, "Are you still looking for a size?");
        server.stop();
        TestServer first = server;
        server = TestServer.startIn(first.dataDir(), b -> { }, clock);
        try {
            desk = new DeskClock(server, clock);
            TestServer.Client alice2 = server.agent("alice");
            desk.advance(Duration.ofMinutes(3), alice2);
            assertThat(alice2.recorder().all(ServerFrame.Message.class, automaticIn(chat)))
                    .as("11 min after the first reply, 3 after the last").isEmpty();
            desk.advance(Duration.ofMinutes(7), alice2);
            assertThat(alice2.recorder().await(ServerFrame.Message.class, automaticIn(chat)).text())
                    .startsWith("Are you still there?");
        } finally {
            first.close();
        }
    }
}
