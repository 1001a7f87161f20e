package dev.switchboard.cli.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bots in scripts/examples run against a real server and do what their comments claim. */
class ExampleBotsTest {
    private static final Path EXAMPLES = Path.of("..", "scripts", "examples").toAbsolutePath().normalize();
    private TestServer server;
    private Process bot;
    private Path botOutput;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start();
        botOutput = Files.createTempFile("bot", ".log");
    }

    @AfterEach
    void stop() throws Exception {
        if (bot != null) {
            bot.destroy();
            bot.waitFor(5, TimeUnit.SECONDS);
        }
        server.close();
        Files.deleteIfExists(botOutput);
    }

    @Test
    void theFaqBotAnswersWhatItKnowsAndHandsTheRestToHumansWithANote() throws Exception {
        TestServer.Client supervisor = server.staff("sam", "supervisor");
        supervisor.ok(new Command.Status("away"));
        startFaqBot(server, "127.0.0.1", Map.of());
        faqBotAnswersAndClosesOnThanks(server);

        // One it does not: the customer is told, the chat goes back to the queue with a note for staff.
        TestServer.Client dana = server.customer("Dana");
        String unknown = dana.open("My invoice shows the wrong VAT number");
        dana.recorder().awaitText("Let me find a colleague who can help. One moment, please.");
        ServerFrame.Message note = supervisor.recorder().await(ServerFrame.Message.class,
                m -> m.chat().equals(unknown) && m.internalNote());
        assertThat(note.text()).startsWith("FAQ bot: no FAQ entry matched").contains("wrong VAT number");
        assertThat(dana.recorder().all(ServerFrame.Message.class, ServerFrame.Message::internalNote)).isEmpty();
        supervisor.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(unknown) && "queued".equals(c.state())
                && c.seq() > note.seq());

        // A human who comes online gets it; the bot never takes it again.
        TestServer.Client alice = server.agent("alice"); // signing in is enough: the desk routes waiting chats
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(alice.recorder().all(ServerFrame.Chat.class,
                c -> c.chat().equals(unknown) && "active".equals(c.state()))).as(output()).isNotEmpty());
        ServerFrame.Chat routed = alice.recorder().await(ServerFrame.Chat.class,
                c -> c.chat().equals(unknown) && "active".equals(c.state()));
        assertThat(routed.agent().user()).isEqualTo("alice");
        assertThat(output()).contains("answered from the FAQ", "closed after the customer's thanks",
                "handed back to the queue");
        assertThat(bot.isAlive()).isTrue();
    }

    @Test
    void theFaqBotSpeaksTlsWhenGivenTheCertificate() throws Exception {
        try (TestServer tls = TestServer.start(b -> b.tls = true)) {
            startFaqBot(tls, "localhost",
                    Map.of("SWITCHBOARD_TLS_CA", tls.server().certificate().certFile().toString()));
            faqBotAnswersAndClosesOnThanks(tls);
        }
    }

    private void startFaqBot(TestServer target, String host, Map<String, String> env) throws Exception {
        target.ensureAccount("faq-bot", "bot", null);
        String token = target.adminClient().ok(new Command.TokenCreate("faq-bot", "test")).text("token");
        ProcessBuilder pb = new ProcessBuilder("python3", EXAMPLES.resolve("faq-bot.py").toString(),
                "--server", host + ":" + target.port(), "--user", "faq-bot");
        pb.environment().put("SWITCHBOARD_TOKEN", token);
        pb.environment().putAll(env);
        bot = pb.redirectErrorStream(true).redirectOutput(botOutput.toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> output().contains("signed in as faq-bot"));
    }

    /** A question the FAQ knows: answered, and closed once the customer says thanks. */
    private static void faqBotAnswersAndClosesOnThanks(TestServer target) {
        TestServer.Client chris = target.customer("Chris");
        String known = chris.open("Hi! What are your opening hours on Saturday?");
        ServerFrame.Message answer = chris.recorder().await(ServerFrame.Message.class,
                m -> m.chat().equals(known) && "agent".equals(m.from().role()));
        assertThat(answer.text()).contains("Saturday 10:00–16:00", "Did that answer your question?");
        chris.say(known, "Yes, thanks!");
        ServerFrame.Chat closed = chris.recorder().await(ServerFrame.Chat.class,
                c -> c.chat().equals(known) && "closed".equals(c.state()));
        assertThat(closed.reason()).isEqualTo("answered by the FAQ bot");
        chris.recorder().awaitText("Glad I could help. Have a nice day!");
    }

    @Test
    void theFaqBotRefusesToStartWithoutAToken() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("python3", EXAMPLES.resolve("faq-bot.py").toString(),
                "--server", "127.0.0.1:" + server.port());
        pb.environment().remove("SWITCHBOARD_TOKEN");
        bot = pb.redirectErrorStream(true).redirectOutput(botOutput.toFile()).start();
        assertThat(bot.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(bot.exitValue()).isNotZero();
        assertThat(output()).contains("set SWITCHBOARD_TOKEN");
    }

    @Test
    void theBashBotOpensAChatThanksTheAgentAndCloses() throws Exception {
        bashBotConversation(server, "127.0.0.1", Map.of());
    }

    @Test
    void theBashBotSpeaksTlsThroughOpensslWhenGivenTheCertificate() throws Exception {
        try (TestServer tls = TestServer.start(b -> b.tls = true)) {
            bashBotConversation(tls, "localhost",
                    Map.of("SWITCHBOARD_TLS_CA", tls.server().certificate().certFile().toString()));
        }
    }

    private void bashBotConversation(TestServer target, String host, Map<String, String> env) throws Exception {
        TestServer.Client alice = target.agent("alice");
        alice.recorder().await(ServerFrame.Snapshot.class);
        ProcessBuilder pb = new ProcessBuilder("bash", EXAMPLES.resolve("customer-bot.sh").toString(), host,
                String.valueOf(target.port()), "Do you ship to \"Svalbard\"?");
        pb.environment().putAll(env);
        bot = pb.redirectErrorStream(true).redirectOutput(botOutput.toFile()).start();

        ServerFrame.Chat chat = alice.recorder().await(ServerFrame.Chat.class,
                c -> "active".equals(c.state()) && "Bash bot".equals(c.customer().name()));
        // Agents do not get the messages of queued chats live; the opening question is in the history.
        assertThat(alice.ok(new Command.History(chat.chat(), null, 10)).get("events").findValuesAsText("text"))
                .contains("Do you ship to \"Svalbard\"?");
        alice.say(chat.chat(), "Yes, we do!");
        alice.recorder().awaitText("Thanks, that is all I needed!");
        alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat.chat()) && "closed".equals(c.state()));

        assertThat(bot.waitFor(10, TimeUnit.SECONDS)).as(output()).isTrue();
        assertThat(bot.exitValue()).as(output()).isZero();
        List<String> lines = Files.readAllLines(botOutput, StandardCharsets.UTF_8);
        assertThat(lines).anyMatch(l -> l.startsWith("< {\"type\":\"welcome\""));
        assertThat(lines).anyMatch(l -> l.startsWith("< ") && l.contains("Yes, we do!"));
    }

    private String output() throws IOException {
        return Files.readString(botOutput, StandardCharsets.UTF_8);
    }
}
