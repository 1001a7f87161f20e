package dev.switchboard.tui.console;

import static dev.switchboard.tui.console.Headless.alt;
import static dev.switchboard.tui.console.Headless.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.TestServer;
import dev.switchboard.tui.console.model.UrgencyThresholds;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real server, the console on a virtual terminal, customers and colleagues through the client library.
 * Server and console share one hand-moved clock, so waits turn yellow and red without sleeping.
 */
class ConsoleEndToEndTest {
    private final TestClock clock = new TestClock(Headless.START);
    private TestServer server;
    private Headless h;
    private SwitchboardClient client;
    /** A stopped server whose data dir {@link #server} restarts on; closed last, which deletes that dir. */
    private TestServer prepared;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (h != null) {
            h.close();
        }
        if (server != null) {
            server.close();
        }
        if (prepared != null) {
            prepared.close();
        }
    }

    /** Steps the console until the assertion holds (events arrive on network threads). */
    private void eventually(Runnable assertion) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            h.step();
            assertion.run();
        });
    }

    /** Alice's console on a 100×30 virtual terminal, signed in through the client library (which reconnects). */
    private void aliceConsole(int port, ConsoleSettings settings) throws Exception {
        ClientDeskLink link = new ClientDeskLink();
        h = new Headless(100, 30, link, settings, clock);
        client = SwitchboardClient.builder("127.0.0.1", port, Command.Hello.staffPassword("alice", TestServer.PASSWORD))
                .listener(h.console.listener()).reconnect(true).build();
        link.attach(client);
        client.connect().get(10, TimeUnit.SECONDS);
    }

    @Test
    void customerWaitsAgentJumpsGreetsTransfersAndCloses() throws Exception {
        server = TestServer.start(b -> { }, clock);
        server.adminClient().ok(new Command.CannedAdd("greet", "Hi {name|there}, I'm {agent}. Let me look.", null));
        server.adminClient().ok(new Command.CannedAdd("bye", "Thanks for chatting, {name|friend}!", null));
        TestServer.Client bob = server.agent("bob");
        bob.ok(new Command.Status("away"));
        server.ensureAccount("alice", "agent", null);

        // Red from 45 s: the desk may pass on a chat left unanswered for a minute, and this test wants the agent
        // to answer a red chat herself.
        aliceConsole(server.port(), ConsoleSettings.defaults().withThresholds(UrgencyThresholds.parse("10s,45s")));
        eventually(() -> assertThat(h.row(29)).contains("connected").contains("0/3 chats"));

        TestServer.Client chris = server.customer("Chris Doe", Map.of("page", "/orders/42", "location", "Oslo, NO"));
        String chat = chris.open("my order is late");
        eventually(() -> assertThat(h.screenText()).contains("Chris Doe").contains("00:00"));
        assertThat(h.colourOf("Chris Doe")).isEqualTo(TextColor.ANSI.GREEN);

        clock.advance(Duration.ofSeconds(12));
        h.step();
        assertThat(h.row(h.rowWith("Chris Doe"))).contains("00:12");
        assertThat(h.colourOf("Chris Doe")).isEqualTo(TextColor.ANSI.YELLOW);
        clock.advance(Duration.ofSeconds(38));
        h.step();
        assertThat(h.row(h.rowWith("Chris Doe"))).contains("00:50");
        assertThat(h.colourOf("Chris Doe")).isEqualTo(TextColor.ANSI.RED);
        assertThat(h.row(29)).contains("! 1 needs you");

        h.press(alt('a'));
        eventually(() -> assertThat(h.screenText()).contains("Chris Doe: my order is late").contains("page /orders/42"));

        h.type("/greet");
        h.press(key(KeyType.Tab));
        eventually(() -> assertThat(h.screenText()).contains("Chris Doe> Hi Chris, I'm Alice. Let me look."));
        h.press(key(KeyType.Enter));
        ServerFrame.Message greeting = chris.recorder().awaitText("Hi Chris, I'm Alice. Let me look.");
        assertThat(greeting.from().role()).isEqualTo("agent");
        eventually(() -> assertThat(h.screenText()).contains("Alice: Hi Chris, I'm Alice. Let me look.")
                .doesNotContain("needs you"));
        assertThat(h.row(h.rowWith("Chris Doe")).substring(0, 26)).doesNotContain("00:50");

        chris.say(chat, "thanks!");
        eventually(() -> assertThat(h.screenText()).contains("Chris Doe: thanks!"));

        h.press(alt('t'));
        eventually(() -> assertThat(h.screenText()).contains("Bob (bob)"));
        h.type("bob");
        h.press(key(KeyType.Enter));
        h.type("wants a refund");
        h.press(key(KeyType.Enter));
        bob.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && c.agent() != null
                && "bob".equals(c.agent().user()));
        bob.recorder().awaitText("wants a refund");
        eventually(() -> assertThat(h.screenText()).contains("Read-only: this chat is with Bob."));
        assertThat(chris.recorder().all(ServerFrame.Message.class, m -> m.text().equals("wants a refund"))).isEmpty();

        bob.ok(new Command.Transfer(chat, "alice", null));
        eventually(() -> assertThat(h.screenText()).contains("Chris Doe> ").doesNotContain("Read-only"));

        h.press(alt('e'));
        h.type("resolved");
        h.press(key(KeyType.Enter));
        h.type("/bye");
        h.press(key(KeyType.Tab));
        h.press(key(KeyType.Enter));
        chris.recorder().awaitText("Thanks for chatting, Chris!");
        ServerFrame.Chat closed = chris.recorder().await(ServerFrame.Chat.class, c -> "closed".equals(c.state()));
        assertThat(closed.reason()).isEqualTo("resolved");
        eventually(() -> assertThat(h.screenText()).contains("This chat is closed").contains("chat closed (resolved)"));
        assertThat(h.row(h.rowWith("Chris Doe"))).contains("closed");
        assertThat(h.row(29)).contains("0/3 chats");

        chris.ok(new Command.Rate(chat, 5, "Quick and kind", null));
        eventually(() -> assertThat(h.screenText()).contains("rated 5/5 by the customer: Quick and kind"));
    }

    /**
     * The server comes back on another database (same address, chat ids start over at c1): the old chat's
     * transcript and the unsent draft must not turn up in the new chat that happens to share its id.
     */
    @Test
    void aServerOnAnotherDatabaseClearsChatsAndDrafts() throws Exception {
        server = TestServer.start(b -> { }, clock);
        int port = server.port();
        server.ensureAccount("alice", "agent", null);
        aliceConsole(port, ConsoleSettings.defaults());

        TestServer.Client chris = server.customer("Chris Doe");
        String before = chris.open("where is parcel 1");
        eventually(() -> assertThat(h.screenText()).contains("Chris Doe"));
        h.press(alt('a'));
        eventually(() -> assertThat(h.screenText()).contains("Chris Doe: where is parcel 1"));
        h.type("a draft for Chris only");
        eventually(() -> assertThat(h.screenText()).contains("a draft for Chris only"));

        // The other database already has Alice's account when it starts taking connections: the console's
        // reconnect must not race its creation (a refused sign-in ends the reconnecting).
        prepared = TestServer.start(b -> { }, clock);
        prepared.ensureAccount("alice", "agent", null);
        prepared.stop();
        server.close();
        eventually(() -> assertThat(h.row(29)).contains("reconnecting"));
        server = TestServer.startIn(prepared.dataDir(), b -> b.port = port, clock);
        TestServer.Client dana = server.customer("Dana Roe");
        String after = dana.open("hello from the new database");
        assertThat(after).as("the new database's first chat has the old one's id").isEqualTo(before);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            h.step();
            assertThat(h.screenText()).contains("Dana Roe").contains("database changed");
        });
        h.press(alt('a'));
        eventually(() -> assertThat(h.screenText()).contains("Dana Roe: hello from the new database"));
        assertThat(h.screenText()).doesNotContain("Chris").doesNotContain("parcel 1").doesNotContain("a draft for");
    }

    /** The desk passes on chats the agent leaves unanswered and then sets her away: the console shows both. */
    @Test
    void chatsLeftUnansweredArePassedOnAndTheAgentIsShownAway() throws Exception {
        server = TestServer.start(b -> b.desk = b.desk.withDefaultCap(1), clock);
        server.ensureAccount("alice", "agent", null);
        aliceConsole(server.port(), ConsoleSettings.defaults());
        eventually(() -> assertThat(h.row(29)).contains("available").contains("connected"));

        server.customer("Chris Doe").open("first question");
        eventually(() -> assertThat(h.screenText()).contains("Chris Doe"));
        server.customer("Dana Roe").open("second question");
        eventually(() -> assertThat(h.screenText()).contains("Dana Roe"));

        clock.advance(Duration.ofSeconds(60));
        server.server().desk().tick();
        eventually(() -> assertThat(h.screenText()).contains("Chris Doe was passed on: no answer in time."));
        assertThat(h.row(29)).contains("available");

        clock.advance(Duration.ofSeconds(60));
        server.server().desk().tick();
        eventually(() -> assertThat(h.screenText()).contains("You were set away: chats went unanswered."));
        assertThat(h.row(29)).contains("away").doesNotContain("available");

        // Alt+S now means "back": the desk hears "available" (not "away" again) and routes to her once more.
        h.press(alt('s'));
        eventually(() -> assertThat(h.row(29)).contains("available").contains("1/1 chats"));
    }

    /** Alice is signed in twice (the console and, say, an SSH session): a change in one shows in the other. */
    @Test
    void aStatusSetInAnotherSessionShowsInTheConsole() throws Exception {
        server = TestServer.start(b -> { }, clock);
        server.ensureAccount("alice", "agent", null);
        aliceConsole(server.port(), ConsoleSettings.defaults());
        eventually(() -> assertThat(h.row(29)).contains("available").contains("connected"));

        TestServer.Client other = server.agent("alice");
        other.ok(new Command.Status("away"));
        eventually(() -> assertThat(h.row(29)).contains("away").doesNotContain("available"));
        assertThat(h.screenText()).contains("You are away (set in another session).");

        // Alt+S here now means "back", as the status bar says.
        h.press(alt('s'));
        eventually(() -> assertThat(h.row(29)).contains("available"));
        other.recorder().await(ServerFrame.Notice.class, n -> "available".equals(n.status()));
    }
}
