package dev.switchboard.server.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.MutableClock;
import dev.switchboard.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Default routing: caps, fewest chats first, queue order, accept, transfer and the grace period. */
class RoutingTest {
    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    /** The desk has seen the agent's connection drop (so the grace period runs from the current clock). */
    private static void awaitOffline(TestServer.Client staff, String user) {
        Awaitility.await().until(() -> {
            for (var a : staff.ok(new Command.Agents()).get("agents")) {
                if (a.path("user").asText().equals(user)) {
                    return !a.path("online").asBoolean();
                }
            }
            return false;
        });
    }

    private static ServerFrame.Chat stateOf(TestServer.Client who, String chat, String state) {
        return who.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && state.equals(c.state()));
    }

    @Test
    void chatsGoToTheAgentWithFewestAndWaitInTheQueueBeyondTheCaps() {
        server = TestServer.start(b -> b.desk = b.desk.withDefaultCap(2));
        TestServer.Client alice = server.agent("alice");
        TestServer.Client bob = server.agent("bob");
        TestServer.Client watcher = server.staff("sue", "supervisor");
        List<String> chats = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            chats.add(server.customer("C" + i).open("question " + i));
        }
        for (int i = 0; i < 4; i++) {
            stateOf(watcher, chats.get(i), "active");
        }
        long aliceChats = chats.subList(0, 4).stream()
                .filter(c -> "alice".equals(stateOf(watcher, c, "active").agent().user())).count();
        assertThat(aliceChats).as("two each: fewest active chats first").isEqualTo(2);
        ServerFrame.Chat fifth = stateOf(watcher, chats.get(4), "queued");
        ServerFrame.Chat sixth = stateOf(watcher, chats.get(5), "queued");
        assertThat(fifth.position()).isEqualTo(1);
        assertThat(sixth.position()).isEqualTo(2);
        assertThat(watcher.recorder().all(ServerFrame.Chat.class, c -> c.chat().equals(chats.get(4)) && "active".equals(c.state())))
                .isEmpty();

        // Capacity frees: the longest-waiting chat goes first, and its customer hears its new position.
        String aliceFirst = chats.subList(0, 4).stream()
                .filter(c -> "alice".equals(stateOf(watcher, c, "active").agent().user())).findFirst().orElseThrow();
        alice.ok(new Command.Close(aliceFirst, null, null, null));
        assertThat(stateOf(watcher, chats.get(4), "active").agent().user()).isEqualTo("alice");
        assertThat(watcher.recorder().all(ServerFrame.Chat.class, c -> c.chat().equals(chats.get(5)) && "active".equals(c.state())))
                .isEmpty();
        bob.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chats.get(4)) && "active".equals(c.state()));
    }

    @Test
    void queuedCustomersLearnTheirPositionAsItChanges() {
        server = TestServer.start();
        TestServer.Client first = server.customer("First");
        TestServer.Client second = server.customer("Second");
        String a = first.open("one");
        String b = second.open("two");
        assertThat(second.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(b)).position()).isEqualTo(2);
        first.ok(new Command.Close(a, null, null, null));
        assertThat(second.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(b) && Integer.valueOf(1).equals(c.position()))
                .state()).isEqualTo("queued");
    }

    @Test
    void acceptTakesAQueuedChatOnceAndRespectsTheCap() {
        server = TestServer.start(b -> b.desk = b.desk.withDefaultCap(1));
        TestServer.Client alice = server.agent("alice");
        TestServer.Client bob = server.agent("bob");
        alice.ok(new Command.Status("away"));
        bob.ok(new Command.Status("away"));
        String c1 = server.customer("One").open("hi");
        String c2 = server.customer("Two").open("hi");
        stateOf(alice, c2, "queued");

        alice.ok(new Command.Accept(c1));
        assertThat(bob.error(new Command.Accept(c1)).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(alice.error(new Command.Accept(c1)).code()).isEqualTo(ErrorCode.INVALID_STATE);
        var capped = alice.error(new Command.Accept(c2));
        assertThat(capped.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(capped.reason()).contains("cap (1/1");
        bob.ok(new Command.Accept(c2));
        assertThat(stateOf(alice, c2, "active").agent().user()).isEqualTo("bob");
    }

    @Test
    void transferToAColleagueWithANoteAndBackToTheQueue() {
        server = TestServer.start();
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String chat = chris.open("billing question");
        stateOf(alice, chat, "active");
        TestServer.Client bob = server.agent("bob");
        bob.ok(new Command.Status("away"));

        alice.ok(new Command.Transfer(chat, "bob", "wants a refund"));
        assertThat(stateOf(chris, chat, "active").agent().user()).isEqualTo("alice");
        assertThat(chris.recorder().await(ServerFrame.Chat.class, c -> c.agent() != null && "bob".equals(c.agent().user()))
                .chat()).isEqualTo(chat);
        ServerFrame.Message note = bob.recorder().awaitText("wants a refund");
        assertThat(note.internalNote()).isTrue();
        alice.recorder().await(ServerFrame.Chat.class, c -> c.agent() != null && "bob".equals(c.agent().user()));
        assertThat(alice.error(new Command.Say(chat, "still mine?", null)).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(chris.recorder().all(ServerFrame.Message.class, m -> m.text().equals("wants a refund"))).isEmpty();

        assertThat(bob.error(new Command.Transfer(chat, "nobody", null)).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(bob.error(new Command.Transfer(chat, "bob", null)).code()).isEqualTo(ErrorCode.INVALID_STATE);
        bob.ok(new Command.Transfer(chat, "queue", null));
        // alice is available with capacity: routing hands it straight back out.
        assertThat(stateOf(alice, chat, "queued").chat()).isEqualTo(chat);
        Awaitility.await().until(() -> alice.recorder().all(ServerFrame.Chat.class,
                c -> c.chat().equals(chat) && "active".equals(c.state()) && "alice".equals(c.agent().user())).size() >= 2);
    }

    @Test
    void aDroppedAgentKeepsChatsThroughTheGracePeriodThenTheyReturnToTheQueueHead() {
        MutableClock clock = new MutableClock();
        server = TestServer.start(b -> b.desk = b.desk.withGrace(Duration.ofSeconds(60)), clock);
        TestServer.Client alice = server.agent("alice");
        TestServer.Client watcher = server.staff("sue", "supervisor");
        String older = server.customer("Older").open("first");
        long assignedAt = stateOf(watcher, older, "active").seq();
        alice.ok(new Command.Status("away"));
        String newer = server.customer("Newer").open("second");
        stateOf(watcher, newer, "queued");

        alice.close();
        awaitOffline(watcher, "alice");
        clock.advance(Duration.ofSeconds(59));
        server.server().desk().tick();
        awaitOffline(watcher, "alice");
        assertThat(watcher.recorder().all(ServerFrame.Chat.class,
                c -> c.chat().equals(older) && "queued".equals(c.state()) && c.seq() > assignedAt)).isEmpty();

        clock.advance(Duration.ofSeconds(2));
        server.server().desk().tick();
        ServerFrame.Chat back = watcher.recorder().await(ServerFrame.Chat.class,
                c -> c.chat().equals(older) && "queued".equals(c.state()) && c.seq() > assignedAt);
        assertThat(back.agent()).isNull();
        assertThat(back.position()).as("returns to the head, ahead of the newer chat").isEqualTo(1);
    }

    @Test
    void aReconnectWithinTheGracePeriodKeepsTheChats() {
        MutableClock clock = new MutableClock();
        server = TestServer.start(b -> { }, clock);
        TestServer.Client alice = server.agent("alice");
        String chat = server.customer("Chris").open("hello");
        stateOf(alice, chat, "active");
        alice.say(chat, "one moment please");
        alice.close();
        awaitOffline(server.adminClient(), "alice");
        clock.advance(Duration.ofSeconds(30));
        TestServer.Client again = server.agent("alice");
        ServerFrame.Snapshot snap = again.recorder().await(ServerFrame.Snapshot.class);
        assertThat(snap.chats()).extracting(ServerFrame.Chat::chat).containsExactly(chat);
        clock.advance(Duration.ofSeconds(60));
        server.server().desk().tick();
        again.say(chat, "still here");
    }

    @Test
    void anAgentsOtherSessionsHearWhenOneOfThemChangesHerStatus() {
        server = TestServer.start();
        TestServer.Client console = server.agent("alice");
        TestServer.Client ssh = server.agent("alice");

        console.ok(new Command.Status("away"));
        ServerFrame.Notice away = ssh.recorder().await(ServerFrame.Notice.class, n -> n.code().equals("status"));
        assertThat(away.status()).isEqualTo("away");
        assertThat(away.text()).contains("away");

        // No change, no notice; back again, and the other session hears that too.
        console.ok(new Command.Status("away"));
        ssh.ok(new Command.Status("available"));
        ServerFrame.Notice back = console.recorder().await(ServerFrame.Notice.class, n -> n.code().equals("status"));
        assertThat(back.status()).isEqualTo("available");

        // A ping answered after both settles what each connection was sent before it.
        console.ok(new Command.Ping());
        ssh.ok(new Command.Ping());
        assertThat(ssh.recorder().all(ServerFrame.Notice.class)).as("only the console's first change")
                .containsExactly(away);
        assertThat(console.recorder().all(ServerFrame.Notice.class)).containsExactly(back);
    }
}
