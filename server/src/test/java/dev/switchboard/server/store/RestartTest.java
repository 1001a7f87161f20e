package dev.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.MutableClock;
import dev.switchboard.server.testing.TestServer;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Open chats and the queue are rebuilt from the store; clients reconnect and resume by themselves. */
class RestartTest {

    @Test
    void stateIsRebuiltAndReconnectingClientsResumeWithoutGapsOrDuplicates() {
        MutableClock clock = new MutableClock();
        TestServer first = TestServer.start(b -> b.desk = b.desk.withDefaultCap(1), clock);
        int port = first.port();
        first.ensureAccount("alice", "agent", null);
        TestServer.Client alice = first.connect(dev.switchboard.protocol.Command.Hello.staffPassword("alice",
                TestServer.PASSWORD), b -> b.reconnect(true));
        TestServer.Client chris = first.connect(Command.Hello.customer("Chris", null, null), b -> b.reconnect(true));
        String active = chris.open("first");
        alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(active) && "active".equals(c.state()));
        String queued = first.customer("Dana").open("second");
        alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(queued));

        first.server().close();
        TestServer second = TestServer.startIn(first.dataDir(), b -> {
            b.port = port;
            b.desk = b.desk.withDefaultCap(1);
        }, clock);
        try {
            // The console-style client comes back on its own and resumes; the agent's chat is still hers.
            alice.recorder().await(ServerFrame.Resumed.class);
            ServerFrame.Snapshot snap = alice.recorder().all(ServerFrame.Snapshot.class).get(1);
            assertThat(snap.chats()).extracting(ServerFrame.Chat::chat).containsExactly(active);
            assertThat(snap.queue()).extracting(ServerFrame.Chat::chat).containsExactly(queued);
            assertThat(snap.queueTotal()).isEqualTo(1);

            chris.recorder().await(ServerFrame.Resumed.class);
            chris.say(active, "after the restart");
            alice.recorder().awaitText("after the restart");
            alice.say(active, "welcome back");
            chris.recorder().awaitText("welcome back");
            List<Long> seqs = alice.recorder().all(ServerFrame.Message.class).stream().map(ServerFrame.Message::seq).toList();
            assertThat(seqs).isSorted().doesNotHaveDuplicates();
            assertThat(chris.client().welcome().store()).isEqualTo(alice.client().welcome().store());
        } finally {
            alice.close();
            chris.close();
            second.close();
            first.close();
        }
    }

    @Test
    void theStoreIdSurvivesRestarts() {
        TestServer first = TestServer.start(b -> { }, Clock.systemUTC());
        String store = first.adminClient().client().welcome().store();
        first.stop();
        TestServer second = TestServer.startIn(first.dataDir(), b -> { }, Clock.systemUTC());
        try {
            assertThat(second.adminClient().client().welcome().store()).isEqualTo(store);
        } finally {
            second.close();
            first.close();
        }
    }

    @Test
    void aCustomerWhoWasWaitingIsStillWaitingAfterARestart() {
        TestServer first = TestServer.start();
        TestServer.Client alice = first.agent("alice");
        TestServer.Client chris = first.customer("Chris");
        String chat = openedAndAssigned(chris, alice, "hello");
        alice.say(chat, "hi Chris");
        long answered = alice.recorder().await(ServerFrame.Chat.class,
                c -> c.chat().equals(chat) && "active".equals(c.state()) && c.waitingSince() == null).seq();
        // The customer writes again: only the chat's wait state moves, which the store keeps in the chat event.
        chris.say(chat, "one more question");
        ServerFrame.Chat waiting = alice.recorder().await(ServerFrame.Chat.class,
                c -> c.chat().equals(chat) && c.seq() > answered && c.waitingSince() != null);
        first.stop();
        TestServer second = TestServer.startIn(first.dataDir(), b -> { }, Clock.systemUTC());
        try {
            ServerFrame.Chat restored = second.agent("alice").recorder().await(ServerFrame.Snapshot.class).chats().stream()
                    .filter(c -> c.chat().equals(chat)).findFirst().orElseThrow();
            assertThat(restored.waitingSince()).isEqualTo(waiting.waitingSince());
            assertThat(restored.seq()).isEqualTo(waiting.seq());
            assertThat(restored.at()).isEqualTo(waiting.at());
        } finally {
            second.close();
            first.close();
        }
    }

    /**
     * A restart keeps an agent's chats for her through the grace period; when she comes back she is available
     * again, as at any first sign-in since the server started, and new chats reach her.
     */
    @Test
    void anAgentWithChatsWhoComesBackAfterARestartTakesNewChats() {
        TestServer first = TestServer.start();
        TestServer.Client chris = first.customer("Chris");
        TestServer.Client alice = first.agent("alice");
        openedAndAssigned(chris, alice, "before the restart");
        first.stop();
        TestServer second = TestServer.startIn(first.dataDir(), b -> { }, Clock.systemUTC());
        try {
            TestServer.Client back = second.agent("alice");
            back.recorder().await(ServerFrame.Snapshot.class);
            openedAndAssigned(second.customer("Dana"), back, "after the restart");
            assertThat(back.ok(new Command.Agents()).get("agents").findValuesAsText("status")).contains("available");
        } finally {
            second.close();
            first.close();
        }
    }

    /** The customer opens a chat with {@code text}; returns its id once the agent has it. */
    private static String openedAndAssigned(TestServer.Client customer, TestServer.Client agent, String text) {
        String chat = customer.open(text);
        agent.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && "active".equals(c.state()));
        return chat;
    }
}
