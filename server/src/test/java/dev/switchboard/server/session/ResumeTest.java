package dev.switchboard.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.RawClient;
import dev.switchboard.server.testing.TestServer;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resume with {@code after}: every missed event the client may see, once each, in order, then {@code resumed}. */
class ResumeTest {
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(b -> b.rateBurst = 1000);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<Long> seqs(List<? extends ServerFrame> frames) {
        return frames.stream().filter(f -> f instanceof ServerFrame.ChatEventFrame)
                .map(f -> ((ServerFrame.ChatEventFrame) f).seq()).toList();
    }

    @Test
    void anAgentResumesWithExactlyTheEventsItMissedThenResumedThenSnapshot() {
        TestServer.Client sue = server.staff("sue", "supervisor");
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String chat = chris.open("hello");
        alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && "active".equals(c.state()));
        alice.say(chat, "hi!");
        alice.recorder().awaitText("hi!");
        long seen = alice.client().lastSeq();
        alice.close();

        chris.say(chat, "one");
        chris.say(chat, "two");
        server.adminClient().ok(new Command.Note(chat, "supervisor whisper", null));
        long last = chris.say(chat, "three").seq();
        String other = server.customer("Dana").open("not yours");
        sue.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(other));
        sue.recorder().awaitText("three");

        TestServer.Client back = server.connect(Command.Hello.staffPassword("alice", TestServer.PASSWORD), b -> b.after(seen));
        ServerFrame.Resumed resumed = back.recorder().await(ServerFrame.Resumed.class);
        List<ServerFrame> frames = back.recorder().frames();
        int resumedAt = frames.indexOf(resumed);
        List<ServerFrame> replayed = frames.subList(0, resumedAt);

        // What alice may see of the missed part: her chat's events (including the whisper) and queue changes,
        // exactly as the supervisor saw them live (less other chats' private events).
        List<Long> expected = sue.recorder().all(ServerFrame.ChatEventFrame.class).stream()
                .filter(e -> e.seq() > seen && e.seq() <= resumed.seq())
                .filter(e -> e.chat().equals(chat) || e instanceof ServerFrame.Chat c && !"active".equals(c.state())
                        || e instanceof ServerFrame.Chat c2 && c2.chat().equals(other))
                .map(ServerFrame.ChatEventFrame::seq).distinct().toList();
        assertThat(seqs(replayed)).isEqualTo(expected);
        assertThat(seqs(replayed)).isSorted().doesNotHaveDuplicates().contains(last);
        assertThat(resumed.replayed()).isEqualTo(replayed.size());
        assertThat(frames.get(resumedAt + 1)).isInstanceOf(ServerFrame.Snapshot.class);
        assertThat(back.recorder().all(ServerFrame.Message.class)).extracting(ServerFrame.Message::text)
                .containsExactly("one", "two", "supervisor whisper", "three");

        chris.say(chat, "live again");
        back.recorder().awaitText("live again");
        assertThat(seqs(back.recorder().frames())).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aCustomerResumesWithItsTokenAndNeverSeesNotes() {
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String chat = chris.open("hello");
        alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && "active".equals(c.state()));
        chris.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && "active".equals(c.state()));
        String token = chris.client().resumeToken();
        long seen = chris.client().lastSeq();
        chris.close();

        alice.say(chat, "are you there?");
        alice.ok(new Command.Note(chat, "customer went quiet", null));
        alice.say(chat, "I'll wait");

        TestServer.Client back = server.connect(Command.Hello.customer("Chris", null, null), b -> b.resume(token).after(seen));
        ServerFrame.Resumed resumed = back.recorder().await(ServerFrame.Resumed.class);
        assertThat(back.recorder().all(ServerFrame.Message.class)).extracting(ServerFrame.Message::text)
                .containsExactly("are you there?", "I'll wait");
        assertThat(resumed.replayed()).isEqualTo(back.recorder().frames().indexOf(resumed));
        assertThat(back.recorder().all(ServerFrame.Snapshot.class)).as("customers get no snapshot").isEmpty();
    }

    @Test
    void theSameCidAfterAReconnectIsStoredOnceAndAnsweredWithTheOriginalOk() {
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String chat = chris.open("hello");
        alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && "active".equals(c.state()));
        String token = chris.client().resumeToken();

        // A raw client writes and drops the connection before it can read the ok.
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("{\"type\":\"hello\",\"id\":1,\"role\":\"customer\",\"resume\":\"" + token + "\"}");
            raw.readUntil("welcome");
            raw.send("{\"type\":\"say\",\"id\":2,\"chat\":\"" + chat + "\",\"text\":\"exactly once\",\"cid\":\"k-1\"}");
        }
        try (RawClient retry = new RawClient(server.port())) {
            retry.send("{\"type\":\"hello\",\"id\":1,\"role\":\"customer\",\"resume\":\"" + token + "\"}");
            retry.readUntil("welcome");
            retry.send("{\"type\":\"say\",\"id\":3,\"chat\":\"" + chat + "\",\"text\":\"exactly once\",\"cid\":\"k-1\"}");
            JsonNode ok = retry.readUntil("ok");
            assertThat(ok.path("re").asInt()).isEqualTo(3);
            ServerFrame.Message stored = alice.recorder().awaitText("exactly once");
            assertThat(ok.path("seq").asLong()).isEqualTo(stored.seq());
            assertThat(ok.path("msg").asText()).isEqualTo(stored.msg());
            retry.send("{\"type\":\"say\",\"id\":4,\"chat\":\"" + chat + "\",\"text\":\"exactly once\",\"cid\":\"k-1\"}");
            assertThat(retry.readUntil("ok").path("seq").asLong()).isEqualTo(stored.seq());
        }
        JsonNode events = alice.ok(new Command.History(chat, null, 200)).get("events");
        long copies = 0;
        for (JsonNode e : events) {
            if ("exactly once".equals(e.path("text").asText())) {
                copies++;
            }
        }
        assertThat(copies).isEqualTo(1);
        Awaitility.await().until(() -> chris.recorder().all(ServerFrame.Message.class,
                m -> m.text().equals("exactly once")).size() == 1);
        assertThat(chris.recorder().all(ServerFrame.Message.class, m -> m.text().equals("exactly once")).get(0).cid())
                .as("the sender's own copy carries its cid").isEqualTo("k-1");
        assertThat(alice.recorder().awaitText("exactly once").cid()).as("others' copies do not").isNull();
    }

    @Test
    void historyPagesBackwardsWithBeforeAndMore() {
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String chat = chris.open("start");
        alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && "active".equals(c.state()));
        for (int i = 0; i < 12; i++) {
            chris.say(chat, "line " + i);
        }
        ServerFrame.Ok page = chris.ok(new Command.History(chat, null, 5));
        assertThat(page.get("more").asBoolean()).isTrue();
        assertThat(page.get("events")).hasSize(5);
        assertThat(page.get("events").get(4).path("text").asText()).isEqualTo("line 11");
        long oldest = page.get("events").get(0).path("seq").asLong();
        ServerFrame.Ok older = chris.ok(new Command.History(chat, oldest, 200));
        assertThat(older.get("more").asBoolean()).isFalse();
        assertThat(older.get("events").get(older.get("events").size() - 1).path("seq").asLong()).isLessThan(oldest);
        assertThat(older.get("events").get(0).path("type").asText()).isEqualTo("chat");
        assertThat(server.customer("Eve").error(new Command.History(chat, null, null)).code())
                .isEqualTo(dev.switchboard.protocol.ErrorCode.NOT_FOUND);
    }

    @Test
    void anEventTooBigForAnyPageStillComesInHistoryAlone() {
        try (TestServer small = TestServer.start(b -> b.limits = dev.switchboard.protocol.Limits.defaults()
                .withMaxLineBytes(4096));
             RawClient dana = new RawClient(small.port())) {
            dana.send("{\"type\":\"hello\",\"id\":1,\"role\":\"customer\",\"name\":\"Dana\"}");
            dana.readUntil("welcome");
            // 1,301 characters fit a 4 KiB line in UTF-8, but the server writes each U+202E as a 6-byte escape.
            dana.send("{\"type\":\"open\",\"id\":2,\"text\":\"x" + "\u202E".repeat(1300) + "\"}");
            String chat = dana.readUntil("ok").path("chat").asText();
            dana.send("{\"type\":\"say\",\"id\":3,\"chat\":\"" + chat + "\",\"text\":\"after\"}");
            dana.readUntil("ok");
            JsonNode page = history(dana, 4, chat, null);
            assertThat(page.path("events").get(page.path("events").size() - 1).path("text").asText()).isEqualTo("after");
            JsonNode alone = history(dana, 5, chat, page.path("events").get(0).path("seq").asLong());
            assertThat(alone.path("events")).as("the big message, alone").hasSize(1);
            assertThat(alone.path("events").get(0).path("text").asText()).startsWith("x\u202E");
            assertThat(alone.path("more").asBoolean()).isTrue();
            JsonNode rest = history(dana, 6, chat, alone.path("events").get(0).path("seq").asLong());
            assertThat(rest.path("events")).as("paging goes on past it").isNotEmpty();
            assertThat(rest.path("events").get(0).path("type").asText()).isEqualTo("chat");
        }
    }

    private static JsonNode history(RawClient client, int id, String chat, Long before) {
        client.send("{\"type\":\"history\",\"id\":" + id + ",\"chat\":\"" + chat + "\""
                + (before == null ? "" : ",\"before\":" + before) + "}");
        return client.readUntil("ok");
    }
}
