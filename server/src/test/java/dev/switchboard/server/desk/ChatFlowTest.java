package dev.switchboard.server.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The life of a chat end to end over loopback: open, route, talk, note, transfer, close with parting text, rate. */
class ChatFlowTest {
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void openIsRoutedToAnAvailableAgentAndBothSidesTalk() {
        TestServer.Client alice = server.agent("alice");
        alice.recorder().await(ServerFrame.Snapshot.class);
        TestServer.Client chris = server.customer("Chris");

        String chat = chris.open("my order is late");
        ServerFrame.Chat assigned = alice.recorder().await(ServerFrame.Chat.class,
                c -> c.chat().equals(chat) && "active".equals(c.state()));
        assertThat(assigned.agent().user()).isEqualTo("alice");
        assertThat(assigned.customer().name()).isEqualTo("Chris");
        assertThat(assigned.customer().context()).containsEntry("page", "/pricing");
        assertThat(assigned.waitingSince()).isNotNull();

        ServerFrame.Ok said = alice.say(chat, "Hi Chris, let me check");
        ServerFrame.Message got = chris.recorder().awaitText("Hi Chris, let me check");
        assertThat(got.seq()).isEqualTo(said.seq());
        assertThat(got.from().role()).isEqualTo("agent");
        assertThat(chris.recorder().await(ServerFrame.Chat.class, c -> c.seq() > said.seq()).waitingSince()).isNull();

        alice.ok(new Command.Note(chat, "VIP customer", null));
        alice.recorder().awaitText("VIP customer");
        chris.say(chat, "thanks");
        chris.recorder().awaitText("thanks");
        assertThat(chris.recorder().all(ServerFrame.Message.class, m -> m.text().equals("VIP customer"))).isEmpty();
    }

    @Test
    void closeWithPartingTextThenRate() {
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String chat = chris.open("hello");
        alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && "active".equals(c.state()));

        assertThat(chris.error(new Command.Rate(chat, 5, null, null)).code()).isEqualTo(ErrorCode.INVALID_STATE);
        alice.ok(new Command.Close(chat, "resolved", "Thanks for chatting, bye!", null));
        chris.recorder().awaitText("Thanks for chatting, bye!");
        ServerFrame.Chat closed = chris.recorder().await(ServerFrame.Chat.class, c -> "closed".equals(c.state()));
        assertThat(closed.reason()).isEqualTo("resolved");
        assertThat(chris.error(new Command.Say(chat, "still there?", null)).code()).isEqualTo(ErrorCode.INVALID_STATE);

        chris.ok(new Command.Rate(chat, 4, "quick and kind", null));
        ServerFrame.Chat rated = alice.recorder().await(ServerFrame.Chat.class, c -> c.rating() != null);
        assertThat(rated.rating().score()).isEqualTo(4);
        assertThat(rated.rating().comment()).isEqualTo("quick and kind");
        assertThat(chris.error(new Command.Rate(chat, 1, null, null)).code()).isEqualTo(ErrorCode.CONFLICT);
    }
}
