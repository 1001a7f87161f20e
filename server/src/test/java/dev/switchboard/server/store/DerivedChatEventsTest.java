package dev.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.RawClient;
import dev.switchboard.server.testing.TestServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A chat event that only starts or ends the customer's wait is sent live, stored as a mark on its message
 * (migration V6), and comes back from the store exactly as it was sent: on resume, from any point, in history,
 * and after a restart.
 */
class DerivedChatEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(b -> b.rateBurst = 1000);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void waitChangesAreStoredAsMarksAndComeBackExactlyAsSentLive() throws Exception {
        TestServer.Client alice = server.agent("alice");
        List<String> live = new ArrayList<>();
        String token;
        String chat;
        long question;
        try (RawClient chris = new RawClient(server.port())) {
            chris.send("{\"type\":\"hello\",\"id\":1,\"role\":\"customer\",\"name\":\"Chris 你好\","
                    + "\"context\":{\"page\":\"/pricing\"}}");
            token = JSON.readTree(readUntil(chris, live, "\"welcome\"")).path("token").asText();
            chris.send("{\"type\":\"open\",\"id\":2,\"text\":\"hello\"}");
            chat = JSON.readTree(readUntil(chris, live, "\"re\":2")).path("chat").asText();
            readUntil(chris, live, "\"state\":\"active\"");

            alice.say(chat, "hi Chris"); // ends the wait
            readUntil(chris, live, "hi Chris");
            readUntil(chris, live, "\"type\":\"chat\"");
            chris.send("{\"type\":\"say\",\"id\":3,\"chat\":\"" + chat + "\",\"text\":\"a question\",\"cid\":\"q-1\"}");
            question = JSON.readTree(readUntil(chris, live, "\"re\":3")).path("seq").asLong(); // starts it
            alice.say(chat, "an answer"); // ends it again
            readUntil(chris, live, "an answer");
            readUntil(chris, live, "\"type\":\"chat\"");
        }

        // Three chat events were sent but not stored: each is the mark on the message before it.
        List<Long> chatEvents = live.stream().map(DerivedChatEventsTest::tree)
                .filter(e -> e.path("type").asText().equals("chat")).map(e -> e.path("seq").asLong()).toList();
        List<Long> marked = server.server().store().read(c -> Store.list(c,
                "SELECT seq FROM events WHERE chat_id = ? AND waiting_after IS NOT NULL ORDER BY seq",
                rs -> rs.getLong(1), chat));
        Set<Long> storedChatEvents = Set.copyOf(server.server().store().read(c -> Store.list(c,
                "SELECT seq FROM events WHERE chat_id = ? AND type = 'chat'", rs -> rs.getLong(1), chat)));
        assertThat(marked).hasSize(3).contains(question);
        assertThat(chatEvents.stream().filter(s -> !storedChatEvents.contains(s)).toList())
                .isEqualTo(marked.stream().map(s -> s + 1).toList());
        assertThat(live.get(live.size() - 1)).as("the wait ended").doesNotContain("waitingSince");

        // Resume from the start, and from the message whose chat event the client missed: byte for byte.
        assertThat(replay(token, 0)).isEqualTo(live);
        assertThat(replay(token, question)).isEqualTo(live.stream().filter(l -> tree(l).path("seq").asLong() > question)
                .toList());
        assertThat(tree(replay(token, question).get(0)).path("waitingSince").asText())
                .isEqualTo(tree(replay(token, question).get(0)).path("at").asText());

        // History: the same events, and a page that ends right before a derived event stops at its message.
        try (RawClient reader = new RawClient(server.port())) {
            reader.send("{\"type\":\"hello\",\"id\":1,\"role\":\"customer\",\"resume\":\"" + token + "\"}");
            reader.readUntil("welcome");
            reader.send("{\"type\":\"history\",\"id\":4,\"chat\":\"" + chat + "\",\"limit\":50}");
            List<JsonNode> all = new ArrayList<>();
            reader.readUntil("ok").path("events").forEach(all::add);
            assertThat(all).isEqualTo(live.stream().map(DerivedChatEventsTest::tree).toList());

            reader.send("{\"type\":\"history\",\"id\":5,\"chat\":\"" + chat + "\",\"before\":" + (question + 1)
                    + ",\"limit\":2}");
            JsonNode page = reader.readUntil("ok");
            assertThat(page.path("events").get(1).path("seq").asLong()).isEqualTo(question);
            assertThat(page.path("events").get(1).path("cid").asText()).isEqualTo("q-1");
            assertThat(page.path("more").asBoolean()).isTrue();
        }
    }

    @Test
    void aWaitChangeThatChangesMoreIsStoredAsAChatEventOfItsOwn() throws Exception {
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String chat = chris.open("hello");
        alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && "active".equals(c.state()));
        alice.say(chat, "let me check");
        alice.ok(new Command.Hold(chat, true));
        long back = chris.say(chat, "any news?").seq(); // waiting again, and off hold
        long answer = alice.say(chat, "here it is").seq(); // only the wait ends
        chris.recorder().await(ServerFrame.Chat.class, c -> c.seq() == answer + 1);

        List<Object[]> rows = server.server().store().read(c -> Store.list(c,
                "SELECT seq, type, waiting_after, chat_base FROM events WHERE seq IN (?, ?, ?)",
                rs -> new Object[] {rs.getLong(1), rs.getString(2), Store.nullableInt(rs, "waiting_after"),
                    Store.nullableLong(rs, "chat_base")}, back, back + 1, answer));
        assertThat(rows).extracting(r -> r[0] + " " + r[1] + " " + r[2] + " " + r[3]).containsExactly(
                back + " message null null",
                (back + 1) + " chat null null",
                answer + " message 0 " + (back + 1));

        List<ServerFrame.ChatEventFrame> live = chris.recorder().all(ServerFrame.ChatEventFrame.class);
        TestServer.Client again = server.connect(Command.Hello.customer("Chris", null, null),
                b -> b.resume(chris.client().resumeToken()).after(0));
        ServerFrame.Resumed resumed = again.recorder().await(ServerFrame.Resumed.class);
        assertThat(again.recorder().frames().subList(0, again.recorder().frames().indexOf(resumed))).isEqualTo(live);
    }

    @Test
    void randomConversationsComeBackFromTheStoreExactlyAsTheyWereSentLive() throws Exception {
        TestServer.Client sue = server.staff("sue", "supervisor");
        Map<String, TestServer.Client> agents = Map.of("alice", server.agent("alice"), "bob", server.agent("bob"));
        List<TestServer.Client> customers = List.of(server.customer("Chris"), server.customer("Dana"));
        List<String> chats = new ArrayList<>();
        Map<String, String> assigned = new HashMap<>();
        for (TestServer.Client customer : customers) {
            String chat = customer.open("hello");
            chats.add(chat);
            assigned.put(chat, sue.recorder().await(ServerFrame.Chat.class,
                    c -> c.chat().equals(chat) && "active".equals(c.state())).agent().user());
        }
        Random random = new Random(5);
        for (int i = 0; i < 120; i++) {
            int k = random.nextInt(chats.size());
            String chat = chats.get(k);
            TestServer.Client agent = agents.get(assigned.get(chat));
            switch (random.nextInt(7)) {
                case 0, 1 -> customers.get(k).say(chat, "c" + i);
                case 2, 3 -> agent.say(chat, "a" + i);
                case 4 -> agent.ok(new Command.Note(chat, "n" + i, null));
                case 5 -> agent.client().request(new Command.Hold(chat, random.nextBoolean())).handle((ok, e) -> ok)
                        .get(10, TimeUnit.SECONDS); // invalid_state when it already is: fine
                default -> {
                    String other = assigned.get(chat).equals("alice") ? "bob" : "alice";
                    agent.ok(new Command.Transfer(chat, other, null));
                    assigned.put(chat, other);
                }
            }
        }
        long last = server.connect(Command.Hello.staffPassword("sue", TestServer.PASSWORD), b -> { })
                .client().welcome().seq();
        Awaitility.await().until(() -> sue.recorder().all(ServerFrame.ChatEventFrame.class).stream()
                .anyMatch(e -> e.seq() == last));
        assertThat(server.server().store().read(c -> Store.list(c,
                "SELECT COUNT(*) FROM events WHERE waiting_after IS NOT NULL", rs -> rs.getLong(1))).get(0))
                .as("wait changes stored as marks").isPositive();

        assertThat(replayed(Command.Hello.staffPassword("sue", TestServer.PASSWORD), b -> b.after(0)))
                .isEqualTo(sue.recorder().all(ServerFrame.ChatEventFrame.class));
        for (TestServer.Client customer : customers) {
            assertThat(replayed(Command.Hello.customer("x", null, null),
                    b -> b.resume(customer.client().resumeToken()).after(0)))
                    .isEqualTo(customer.recorder().all(ServerFrame.ChatEventFrame.class));
        }
    }

    /** The events a new connection is replayed before its {@code resumed}. */
    private List<ServerFrame> replayed(Command.Hello hello, Consumer<SwitchboardClient.Builder> resume) {
        TestServer.Client client = server.connect(hello, resume);
        ServerFrame.Resumed resumed = client.recorder().await(ServerFrame.Resumed.class);
        return client.recorder().frames().subList(0, client.recorder().frames().indexOf(resumed));
    }

    @Test
    void afterARestartTheWaitAndTheNextSeqFollowTheMarks() {
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String chat = chris.open("hello");
        alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && "active".equals(c.state()));
        alice.say(chat, "hi");
        long asked = chris.say(chat, "still there?").seq();
        ServerFrame.Chat waiting = alice.recorder().await(ServerFrame.Chat.class, c -> c.seq() == asked + 1);
        assertThat(waiting.waitingSince()).isEqualTo(waiting.at());

        server.stop();
        TestServer second = TestServer.startIn(server.dataDir(), b -> b.rateBurst = 1000, Clock.systemUTC());
        try {
            TestServer.Client sue = second.staff("sue", "supervisor");
            assertThat(sue.client().welcome().seq()).as("the derived event's seq is not handed out again")
                    .isEqualTo(asked + 1);
            ServerFrame.Chat restored = sue.recorder().await(ServerFrame.Snapshot.class).chats().stream()
                    .filter(c -> c.chat().equals(chat)).findFirst().orElseThrow();
            assertThat(restored.seq()).isEqualTo(asked + 1);
            assertThat(restored.waitingSince()).isEqualTo(waiting.waitingSince());

            TestServer.Client back = second.agent("alice");
            assertThat(back.say(chat, "yes").seq()).isEqualTo(asked + 2);
            ServerFrame.Chat answered = sue.recorder().await(ServerFrame.Chat.class, c -> c.seq() == asked + 3);
            assertThat(answered.waitingSince()).isNull();
        } finally {
            second.close();
        }
    }

    /** Reads lines until one contains {@code marker}, keeping those of chat events and messages. */
    private static String readUntil(RawClient raw, List<String> events, String marker) {
        while (true) {
            String line = raw.readLine();
            assertThat(line).as("a line before the connection closes").isNotNull();
            String type = tree(line).path("type").asText();
            if (type.equals("chat") || type.equals("message")) {
                events.add(line);
            }
            if (line.contains(marker)) {
                return line;
            }
        }
    }

    /** The events a customer resuming with {@code token} after {@code after} is replayed, as sent. */
    private List<String> replay(String token, long after) {
        List<String> replayed = new ArrayList<>();
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("{\"type\":\"hello\",\"id\":1,\"role\":\"customer\",\"resume\":\"" + token + "\",\"after\":"
                    + after + "}");
            readUntil(raw, replayed, "\"resumed\"");
        }
        return replayed;
    }

    private static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
