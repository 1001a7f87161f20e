package dev.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each chat's events are written to chat_events behind the log ({@link ChatIndex}); a read by chat must still find
 * exactly that chat's events, wherever they are: in chat_events, in the log's tail, or moving from one to the
 * other, also after a rollback and a restart. The lag here is a few events, so that every run crosses it often.
 */
class ChatIndexTest {
    private static final long LAG = 8;
    private static final String[] CHATS = {"c1", "c2", "c3", "c4", "c5"};

    @TempDir
    Path dir;

    private final Random random = new Random(42);
    private long seq;

    @Test
    void readsByChatFindExactlyTheChatsEventsAsTheyMoveBehindTheLog() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("switchboard.db");
        try (Store store = Store.open(url, true, LAG)) {
            for (int commit = 0; commit < 40; commit++) {
                write(store, 1 + random.nextInt(6));
                store.commit();
                assertReadsByChat(store);
            }
            // Entries moved: the tail is a few lags long, not the whole log.
            assertThat(from(store)).isGreaterThan(seq - 2 * LAG * CHATS.length);

            // A rolled-back batch leaves nothing behind, and what waited before it still moves in later commits.
            long before = seq;
            write(store, 5);
            store.rollbackQuietly();
            seq = before;
            for (int commit = 0; commit < 10; commit++) {
                write(store, 3);
                store.commit();
                assertReadsByChat(store);
            }
        }
        // After a restart, what waited is read back from the log and moves as before.
        try (Store store = Store.open(url, true, LAG)) {
            long fromAtStart = from(store);
            for (int commit = 0; commit < 10; commit++) {
                write(store, 4);
                store.commit();
                assertReadsByChat(store);
            }
            assertThat(from(store)).isGreaterThan(fromAtStart);
        }
    }

    @Test
    void aPageOfHistoryTakesTheNewestEventsBeforeItsStartAndOnlyVisibleOnes() throws Exception {
        try (Store store = Store.open("jdbc:sqlite:" + dir.resolve("switchboard.db"), true, LAG)) {
            for (int commit = 0; commit < 20; commit++) {
                write(store, 3);
                store.commit();
            }
            long from = from(store);
            assertThat(from).isGreaterThan(1);
            for (String chat : CHATS) {
                List<Long> all = store.read(c -> Store.list(c, "SELECT seq FROM events WHERE chat_id = ? AND internal = 0"
                        + " ORDER BY seq DESC", rs -> rs.getLong(1), chat));
                // Pages that start in the tail and end in chat_events, and pages wholly in either.
                for (long start : new long[] {Long.MAX_VALUE, from + 1, from, from - 1, 3}) {
                    List<Long> expected = all.stream().filter(s -> s < start).limit(4).toList();
                    List<Long> page = store.read(c -> Store.chatEventsBefore(c, chat, start, "internal = 0", 4))
                            .stream().map(EventRow::seq).toList();
                    assertThat(page).as("%s before %d", chat, start).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aRestartFindsEachOpenChatsLatestChatEventAndReplyWhereverTheyAre() throws Exception {
        try (Store store = Store.open("jdbc:sqlite:" + dir.resolve("switchboard.db"), true, LAG)) {
            for (int i = 0; i < CHATS.length; i++) {
                store.update("INSERT INTO chats (id, customer_id, state, opened_at, last_chat_seq) VALUES (?, 1, ?, 0, 0)",
                        CHATS[i], i == 0 ? "closed" : "active");
            }
            for (int commit = 0; commit < 30; commit++) {
                write(store, 1 + random.nextInt(4));
                store.commit();
                Map<String, Long> chatEvent = new HashMap<>();
                store.read(Store::latestChatEventsOfOpenChats).forEach((chat, e) -> chatEvent.put(chat, e.seq()));
                assertThat(chatEvent).isEqualTo(latest(store, "type = 'chat'"));
                // Events' times are their seqs here.
                assertThat(store.read(Store::lastRepliesOfOpenChats))
                        .isEqualTo(latest(store, "type = 'message' AND internal = 0 AND sender LIKE 'u:%'"));
            }
            assertThat(from(store)).isGreaterThan(LAG);
        }
    }

    /** Each open chat's latest event that passes {@code where}, by a plain scan of the log. */
    private static Map<String, Long> latest(Store store, String where) throws Exception {
        Map<String, Long> latest = new HashMap<>();
        store.read(c -> Store.list(c, "SELECT chat_id, MAX(seq) FROM events WHERE " + where + " AND chat_id IN"
                + " (SELECT id FROM chats WHERE state <> 'closed') GROUP BY chat_id",
                rs -> latest.put(rs.getString(1), rs.getLong(2))));
        return latest;
    }

    /** {@code n} events in random chats, some internal, some chat events, some by staff, as one batch. */
    private void write(Store store, int n) throws Exception {
        Writes w = new Writes();
        for (int i = 0; i < n; i++) {
            long s = ++seq;
            String chat = CHATS[random.nextInt(CHATS.length)];
            String[] senders = {null, "c:1", "u:alice"};
            w.event(new EventRow(s, chat, random.nextInt(3) == 0 ? "chat" : "message", s, 1, null, null,
                    EventRow.PARTIES, random.nextInt(4) == 0, senders[random.nextInt(3)], null, "{\"seq\":" + s + "}",
                    null));
        }
        store.execute(w);
    }

    /** The view and a page of history agree with a plain scan of the log, for every chat. */
    private static void assertReadsByChat(Store store) throws Exception {
        for (String chat : CHATS) {
            List<Long> scanned = store.read(c -> Store.list(c, "SELECT seq FROM events WHERE chat_id = ? ORDER BY seq",
                    rs -> rs.getLong(1), chat));
            List<Long> viewed = store.read(c -> Store.list(c, "SELECT DISTINCT seq FROM chat_event_seqs WHERE chat_id = ?"
                    + " ORDER BY seq", rs -> rs.getLong(1), chat));
            assertThat(viewed).as(chat).isEqualTo(scanned);
            List<Long> newestFirst = new ArrayList<>(scanned);
            Collections.reverse(newestFirst);
            List<Long> history = store.read(c -> Store.chatEventsBefore(c, chat, Long.MAX_VALUE, "1 = 1", 1000))
                    .stream().map(EventRow::seq).toList();
            assertThat(history).as(chat).isEqualTo(newestFirst);
        }
        // chat_events holds no entry without its event (a rolled-back one), and everything below the tail.
        assertThat(count(store, "SELECT COUNT(*) FROM chat_events x"
                + " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.seq = x.seq AND e.chat_id = x.chat_id)")).isZero();
        assertThat(count(store, "SELECT COUNT(*) FROM events e WHERE seq < " + Store.CHAT_EVENTS_FROM
                + " AND NOT EXISTS (SELECT 1 FROM chat_events x WHERE x.chat_id = e.chat_id AND x.seq = e.seq)"))
                .isZero();
    }

    private static long from(Store store) throws Exception {
        return count(store, "SELECT " + Store.CHAT_EVENTS_FROM);
    }

    private static long count(Store store, String sql) throws Exception {
        return store.read(c -> Store.one(c, sql, rs -> rs.getLong(1))).orElseThrow();
    }
}
