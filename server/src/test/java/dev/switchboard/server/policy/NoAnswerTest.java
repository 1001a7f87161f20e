package dev.switchboard.server.policy;

import static dev.switchboard.server.policy.DeskClock.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.MutableClock;
import dev.switchboard.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reassign on no answer after 60 s, the agent told why; away after two unanswered chats in a row; off in manual mode. */
class NoAnswerTest {
    private final MutableClock clock = new MutableClock();
    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private static String statusOf(TestServer.Client staff, String user) {
        for (var a : staff.ok(new Command.Agents()).get("agents")) {
            if (a.path("user").asText().equals(user)) {
                return a.path("status").asText();
            }
        }
        throw new AssertionError("no " + user);
    }

    @Test
    void anUnansweredChatMovesToAnotherAgentAtSixtySecondsAndTheAgentIsToldWhy() {
        server = TestServer.start(b -> { }, clock);
        DeskClock desk = new DeskClock(server, clock);
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String chat = chris.open("my order is late");
        awaitState(alice, chat, "active");
        TestServer.Client bob = server.agent("bob");

        desk.advance(Duration.ofSeconds(59), alice);
        assertThat(alice.recorder().all(ServerFrame.Notice.class)).isEmpty();

        desk.advance(Duration.ofSeconds(1), alice);
        ServerFrame.Notice told = alice.recorder().await(ServerFrame.Notice.class);
        assertThat(told.code()).isEqualTo("reassigned");
        assertThat(told.chat()).isEqualTo(chat);
        assertThat(told.text()).contains("waited 60 s without an answer from Alice");
        ServerFrame.Chat moved = bob.recorder().await(ServerFrame.Chat.class,
                c -> c.chat().equals(chat) && c.agent() != null && "bob".equals(c.agent().user()));
        assertThat(moved.state()).isEqualTo("active");
        ServerFrame.Message note = bob.recorder().await(ServerFrame.Message.class, m -> m.chat().equals(chat) && m.isAutomatic());
        assertThat(note.internalNote()).as("the reason is a note for staff").isTrue();
        assertThat(chris.recorder().all(ServerFrame.Message.class, m -> m.text().equals(note.text()))).isEmpty();
        assertThat(statusOf(alice, "alice")).as("one unanswered chat is not enough to be set away").isEqualTo("available");
    }

    @Test
    void withNobodyElseTheChatGoesBackToTheHeadOfTheQueueAndTwoInARowSetTheAgentAway() {
        server = TestServer.start(b -> b.desk = b.desk.withDefaultCap(1), clock);
        DeskClock desk = new DeskClock(server, clock);
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String first = chris.open("one");
        awaitState(alice, first, "active");
        TestServer.Client dana = server.customer("Dana");
        String second = dana.open("two");
        awaitState(dana, second, "queued");

        // alice is skipped for the chat she left unanswered, so it stays at the head and she gets the next one.
        desk.advance(Duration.ofSeconds(60), alice);
        ServerFrame.Chat back = awaitState(chris, first, "queued");
        assertThat(back.position()).isEqualTo(1);
        awaitState(alice, second, "active");
        assertThat(statusOf(alice, "alice")).isEqualTo("available");

        desk.advance(Duration.ofSeconds(60), alice);
        ServerFrame.Notice away = alice.recorder().await(ServerFrame.Notice.class, n -> n.code().equals("auto_away"));
        assertThat(away.text()).contains("2 chats in a row");
        assertThat(away.status()).isEqualTo("away");
        assertThat(statusOf(alice, "alice")).isEqualTo("away");
        awaitState(dana, second, "queued");

        // Back at the desk: she takes chats again, including the one she was skipped for (a reply resets it).
        alice.ok(new Command.Status("available"));
        awaitState(alice, first, "active");
    }

    @Test
    void manualAcceptModeNeverReassigns() {
        server = TestServer.start(b -> b.desk = b.desk.withManualAccept(true), clock);
        DeskClock desk = new DeskClock(server, clock);
        TestServer.Client alice = server.agent("alice");
        server.agent("bob");
        TestServer.Client chris = server.customer("Chris");
        String chat = chris.open("hello");
        awaitState(alice, chat, "queued");
        desk.advance(Duration.ofSeconds(5), alice);
        assertThat(alice.recorder().all(ServerFrame.Chat.class, c -> "active".equals(c.state()))).as("nothing is pushed").isEmpty();
        alice.ok(new Command.Accept(chat));
        desk.advance(Duration.ofSeconds(600), alice);
        assertThat(alice.recorder().all(ServerFrame.Notice.class)).isEmpty();
        List<ServerFrame.Chat> events = alice.recorder().all(ServerFrame.Chat.class, c -> c.chat().equals(chat));
        assertThat(events.get(events.size() - 1).agent().user()).isEqualTo("alice");
    }
}
