package dev.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat row saved again is updated in its changed columns only; what is stored must still be the row as last
 * saved, also after a rollback (the writer's memory of saved rows must not outlive the transaction that wrote
 * them) and after a restart (a new writer starts with a full upsert).
 */
class ChatRowSaveTest {
    @TempDir
    Path dir;

    @Test
    void theStoredRowIsAlwaysTheLastSavedOne() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("switchboard.db");
        try (Store store = Store.open(url, true)) {
            save(store, row(1, null, null, "active", "ann"));
            store.commit();
            assertThat(stored(store)).isEqualTo(row(1, null, null, "active", "ann"));

            // A message: last_chat_seq and the waiting timer move, nothing else.
            save(store, row(2, 1_000L, null, "active", "ann"));
            store.commit();
            assertThat(stored(store)).isEqualTo(row(2, 1_000L, null, "active", "ann"));

            // Saved, then rolled back: the store still holds seq 2. The next save differs from the rolled-back row
            // only in answered_at, so a writer that trusted its memory would leave last_chat_seq at 2.
            save(store, row(3, 1_000L, null, "active", "ann"));
            store.rollbackQuietly();
            save(store, row(3, 1_000L, 2_000L, "active", "ann"));
            store.commit();
            assertThat(stored(store)).isEqualTo(row(3, 1_000L, 2_000L, "active", "ann"));

            // Another column set (a transfer) and clearing a value back to null.
            save(store, row(4, null, 2_000L, "active", "bob"));
            store.commit();
            assertThat(stored(store)).isEqualTo(row(4, null, 2_000L, "active", "bob"));
        }
        try (Store store = Store.open(url, true)) {
            save(store, row(5, null, 2_000L, "queued", null));
            store.commit();
            assertThat(stored(store)).isEqualTo(row(5, null, 2_000L, "queued", null));
        }
    }

    private static void save(Store store, ChatRow row) throws Exception {
        Writes w = new Writes();
        w.chat(row);
        store.execute(w);
    }

    private static ChatRow stored(Store store) throws Exception {
        return store.read(c -> Store.one(c, "SELECT * FROM chats WHERE id = 'c1'", Store.CHAT)).orElseThrow();
    }

    private static ChatRow row(long lastSeq, Long waitingSince, Long answeredAt, String state, String agent) {
        return new ChatRow("c1", 7, "Ann Customer", "ann@example.com", "{\"page\":\"/pricing\"}", "billing",
                "203.0.113.9", state, agent, 100, null, 0, waitingSince, 150L, null, null, null, null, null, null,
                lastSeq, null, null, false, 0, answeredAt, null, null, null, null);
    }
}
