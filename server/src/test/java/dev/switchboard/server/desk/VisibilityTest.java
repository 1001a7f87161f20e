package dev.switchboard.server.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invariant 5: who sees and may act on which chat; not_found hides, forbidden refuses. */
class VisibilityTest {
    private TestServer server;
    private TestServer.Client alice;
    private TestServer.Client bob;
    private TestServer.Client chris;
    private String chat;

    @BeforeEach
    void start() {
        server = TestServer.start(b -> b.rateBurst = 1000);
        alice = server.agent("alice");
        bob = server.agent("bob");
        bob.ok(new Command.Status("away"));
        chris = server.customer("Chris");
        chat = chris.open("private matter");
        alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && "active".equals(c.state()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void customersSeeOnlyTheirOwnChats() {
        TestServer.Client eve = server.customer("Eve");
        for (Command c : new Command[] {new Command.Say(chat, "hi", null), new Command.History(chat, null, null),
                new Command.Close(chat, null, null, null), new Command.Rate(chat, 1, null, null)}) {
            assertThat(eve.error(c).code()).as(c.toString()).isEqualTo(ErrorCode.NOT_FOUND);
        }
        assertThat(eve.error(new Command.Say("c999999", "hi", null)).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void agentsReadTheQueueButNotColleaguesChatsUnlessTheyHandledThem() {
        assertThat(bob.error(new Command.History(chat, null, null)).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(bob.error(new Command.Say(chat, "hi", null)).code()).isEqualTo(ErrorCode.NOT_FOUND);

        alice.ok(new Command.Transfer(chat, "bob", null));
        bob.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && c.agent() != null
                && "bob".equals(c.agent().user()));
        // alice handled it: she may read it, but not write into bob's chat.
        alice.ok(new Command.History(chat, null, null));
        var refused = alice.error(new Command.Say(chat, "hi", null));
        assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused.reason()).contains("assigned to bob");
        assertThat(alice.error(new Command.Note(chat, "hm", null)).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(alice.error(new Command.Close(chat, null, null, null)).code()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void aQueuedChatCanBeReadButNotWrittenBeforeAccept() {
        alice.ok(new Command.Status("away"));
        String queued = server.customer("Dana").open("anyone?");
        bob.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(queued));
        bob.ok(new Command.History(queued, null, null));
        var refused = bob.error(new Command.Say(queued, "hello", null));
        assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused.reason()).contains("accept it");
    }

    @Test
    void supervisorsSeeEverythingAndMayWhisperTransferAndClose() {
        TestServer.Client sue = server.staff("sue", "supervisor");
        ServerFrame.Snapshot snap = sue.recorder().await(ServerFrame.Snapshot.class);
        assertThat(snap.chats()).extracting(ServerFrame.Chat::chat).contains(chat);
        sue.ok(new Command.History(chat, null, null));
        sue.ok(new Command.Note(chat, "coaching: offer a discount", null));
        alice.recorder().awaitText("coaching: offer a discount");
        assertThat(sue.error(new Command.Say(chat, "barging in", null)).code()).isEqualTo(ErrorCode.FORBIDDEN);
        chris.say(chat, "are you there");
        sue.recorder().awaitText("are you there");
        sue.ok(new Command.Close(chat, "spam", null, null));
        assertThat(chris.recorder().await(ServerFrame.Chat.class, c -> "closed".equals(c.state())).reason()).isEqualTo("spam");
    }

    @Test
    void onlyAdminsRunAdminCommands() {
        TestServer.Client sue = server.staff("sue", "supervisor");
        Command[] adminOnly = {new Command.AccountCreate("zed", "agent", null, "pw", null, null), new Command.AccountList(),
                new Command.AccountUpdate("bob", null, null, 9, null, null), new Command.TokenCreate("bob", null),
                new Command.TokenList(null), new Command.BanAdd("ip", "10.0.0.1", null, null), new Command.BanList(),
                new Command.CannedAdd("greet", "Hello!", null)};
        for (Command c : adminOnly) {
            assertThat(alice.error(c).code()).as("agent: " + c).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(sue.error(c).code()).as("supervisor: " + c).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(chris.error(c).code()).as("customer: " + c).isEqualTo(ErrorCode.FORBIDDEN);
        }
        assertThat(alice.error(new Command.Chats(null, null, null, null)).code()).isEqualTo(ErrorCode.FORBIDDEN);
        sue.ok(new Command.Chats(null, null, null, null));
        assertThat(chris.error(new Command.Accept(chat)).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(chris.error(new Command.Canned()).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(alice.error(new Command.Open("hi", null, null)).code()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void typingIsRelayedToTheOtherSideAndNeverAnswered() {
        chris.client().send(new Command.Typing(chat, true));
        ServerFrame.Typing t = alice.recorder().await(ServerFrame.Typing.class);
        assertThat(t.on()).isTrue();
        assertThat(t.from().role()).isEqualTo("customer");
        alice.client().send(new Command.Typing(chat, true));
        assertThat(chris.recorder().await(ServerFrame.Typing.class).from().name()).isEqualTo("Alice");
        // Typing into a chat you may not see: silently dropped, no error; the connection carries on.
        bob.client().send(new Command.Typing(chat, true));
        bob.client().send(new Command.Typing("c404", true));
        bob.ok(new Command.Status("away"));
        assertThat(bob.recorder().all(ServerFrame.Error.class)).isEmpty();
        assertThat(chris.recorder().all(ServerFrame.Typing.class)).hasSize(1);
    }

    @Test
    void aCustomerWhoDropsWhileTypingIsNoLongerShownTyping() {
        chris.client().send(new Command.Typing(chat, true));
        assertThat(alice.recorder().await(ServerFrame.Typing.class).on()).isTrue();
        chris.client().close();
        ServerFrame.Typing off = alice.recorder().await(ServerFrame.Typing.class, t -> !t.on());
        assertThat(off.chat()).isEqualTo(chat);
        assertThat(off.from().role()).isEqualTo("customer");
    }
}
