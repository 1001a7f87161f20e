package dev.switchboard.tui.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The line-based customer client against a real server, typed into as a customer would. */
class CustomerChatTest {
    private TestServer server;
    private PipedWriter keyboard;
    private StringWriter screen;
    private CompletableFuture<Integer> exit;
    private CustomerChat chat;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start();
        keyboard = new PipedWriter();
        BufferedReader in = new BufferedReader(new PipedReader(keyboard));
        screen = new StringWriter();
        chat = new CustomerChat(in, new PrintWriter(screen, true));
        SwitchboardClient.Builder client = SwitchboardClient.builder("127.0.0.1", server.port(),
                Command.Hello.customer("Chris", "chris@example.com", Map.of("page", "/pricing", "query", "cheap vps")));
        exit = CompletableFuture.supplyAsync(() -> chat.run(client, "test server"));
    }

    @AfterEach
    void stop() throws IOException {
        keyboard.close();
        server.close();
    }

    @Test
    void anOutageIsToldOnceNotAtEveryAttemptToReconnect() {
        StringWriter out = new StringWriter();
        CustomerChat chat = new CustomerChat(new BufferedReader(new java.io.StringReader("")), new PrintWriter(out, true));
        chat.onConnected(null);
        chat.onDisconnected("connection refused", true);
        chat.onDisconnected("connection refused", true);
        chat.onDisconnected("connection refused", true);
        chat.onConnected(null);
        chat.onDisconnected("closed by server", true);
        assertThat(out.toString().lines().toList()).containsExactly("(connection lost; reconnecting…)", "(reconnected)",
                "(connection lost; reconnecting…)");
    }

    @Test
    void queueAgentTypingMessagesAndRating() throws IOException {
        TestServer.Client alice = server.agent("alice");
        alice.ok(new Command.Status("away"));
        TestServer.Client first = server.customer("Dana");
        String earlier = first.open("I was here first");
        awaitScreen("Type your question");

        type("Hello, my order is late");
        awaitScreen("You are number 2 in the queue.");
        ServerFrame.Chat queued = alice.recorder().await(ServerFrame.Chat.class,
                c -> "queued".equals(c.state()) && "Chris".equals(c.customer().name()));
        assertThat(queued.customer().context()).containsEntry("query", "cheap vps");
        String chat = queued.chat();

        alice.ok(new Command.Accept(earlier));
        awaitScreen("You are next in the queue.");
        alice.ok(new Command.Accept(chat));
        awaitScreen("Alice joined the chat.");

        alice.client().send(new Command.Typing(chat, true));
        awaitScreen("(Alice is typing…)");
        alice.say(chat, "Hi Chris! \u001b[2JLet me check.");
        awaitScreen("Alice: Hi Chris! ^[[2JLet me check.");
        alice.ok(new Command.Note(chat, "secret internal note", null));

        type("thanks");
        alice.recorder().awaitText("thanks");

        alice.ok(new Command.Close(chat, "resolved", "Glad to help, bye!", null));
        awaitScreen("Alice: Glad to help, bye!");
        awaitScreen("The chat has ended (resolved).");
        awaitScreen("How would you rate this chat");
        type("9");
        awaitScreen("Please type a number from 1");
        type("4");
        awaitScreen("Anything you would like to add?");
        type("quick and kind");
        ServerFrame.Chat rated = alice.recorder().await(ServerFrame.Chat.class, c -> c.rating() != null);
        assertThat(rated.rating().score()).isEqualTo(4);
        assertThat(rated.rating().comment()).isEqualTo("quick and kind");
        assertThat(exit.join()).isZero();
        assertThat(screen.toString()).contains("Thank you for your rating!").doesNotContain("secret internal note")
                .doesNotContain("\u001b");
    }

    @Test
    void ctrlCClosesAnOpenChatAsTheCustomerLeaving() throws IOException {
        TestServer.Client alice = server.agent("alice");
        String open = chatWith(alice, "Hello, my order is late");
        chat.leaveAtExit();
        ServerFrame.Chat closed = alice.recorder().await(ServerFrame.Chat.class,
                c -> c.chat().equals(open) && "closed".equals(c.state()));
        assertThat(closed.reason()).isEqualTo("customer left");
    }

    @Test
    void leavingBeforeAnyoneAnswersClosesTheChatWithoutAskingForARating() throws IOException {
        TestServer.Client supervisor = server.staff("sam", "supervisor");
        awaitScreen("Type your question");
        type("anyone there?");
        awaitScreen("You are next in the queue.");
        type("/quit");
        ServerFrame.Chat closed = supervisor.recorder().await(ServerFrame.Chat.class, c -> "closed".equals(c.state()));
        assertThat(closed.customer().name()).isEqualTo("Chris");
        assertThat(exit.join()).isZero();
        assertThat(screen.toString()).doesNotContain("rate").contains("Goodbye.");
    }

    @Test
    void aChatClosedAsAbusiveEndsWithoutAskingForARatingOrAnotherKey() throws Exception {
        TestServer.Client alice = server.agent("alice");
        String open = chatWith(alice, "you are all useless");
        alice.ok(new Command.Close(open, "abusive", null, null));
        awaitScreen("The chat has ended (abusive).");
        assertThat(exit.get(10, TimeUnit.SECONDS)).as("over without another Enter").isZero();
        assertThat(screen.toString()).endsWith("Goodbye." + System.lineSeparator());
        assertThat(screen.toString()).doesNotContain("How would you rate");
    }

    @Test
    void aServerThatWillNotTakeTheCustomerBackEndsTheProgram() throws Exception {
        TestServer.Client alice = server.agent("alice");
        chatWith(alice, "hello?");
        // Banned while chatting: the live session goes on, but the next sign-in is refused for good.
        server.adminClient().ok(new Command.BanAdd("customer", "1", "spam", null)); // Chris, the only customer
        TestServer first = server;
        first.stop();
        server = TestServer.startIn(first.dataDir(), b -> b.port = first.port(), Clock.systemUTC());
        try {
            awaitScreen("(connection lost: ");
            assertThat(exit.get(10, TimeUnit.SECONDS)).as("over without another Enter").isEqualTo(1);
            assertThat(screen.toString()).contains("banned");
        } finally {
            server.close();
            server = first; // closed after the test, which deletes the data dir it made
        }
    }

    @Test
    void anUnreachableServerIsReportedWithExitCodeOne() {
        CustomerChat chat = new CustomerChat(new BufferedReader(new java.io.StringReader("")),
                new PrintWriter(screen, true));
        int code = chat.run(SwitchboardClient.builder("127.0.0.1", 1, Command.Hello.customer("Chris", null, null)),
                "127.0.0.1:1");
        assertThat(code).isEqualTo(1);
        assertThat(screen.toString()).contains("Could not start a chat at 127.0.0.1:1");
    }

    private void type(String line) throws IOException {
        keyboard.write(line + "\n");
        keyboard.flush();
    }

    private void awaitScreen(String text) {
        await().atMost(Duration.ofSeconds(10)).until(() -> screen.toString().contains(text));
    }

    /** Chris types his first line; the desk routes the chat to the agent, who is available. */
    private String chatWith(TestServer.Client agent, String firstLine) throws IOException {
        awaitScreen("Type your question");
        type(firstLine);
        return agent.recorder().await(ServerFrame.Chat.class,
                c -> "active".equals(c.state()) && "Chris".equals(c.customer().name())).chat();
    }
}
