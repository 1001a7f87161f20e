package dev.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat row saved again is updated in its changed columns only, and a change of its wait state and last answer
 * alone (a customer's message, an agent's reply) is not written until another column changes; what is stored must then be the row as last
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

            // A customer's message moves only the wait state (last_chat_seq, waiting_since): not written, the
            // chat event holds it.
            save(store, row(2, 1_000L, null, "active", "ann"));
            store.commit();
            assertThat(stored(store)).isEqualTo(row(1, null, null, "active", "ann"));

            // The agent's reply moves answered_at too: not written either, the reply holds it.
            save(store, row(3, null, 2_000L, "active", "ann"));
            store.commit();
            assertThat(stored(store)).isEqualTo(row(1, null, null, "active", "ann"));

            // A transfer changes the agent: written, with what lagged.
            save(store, row(3, null, 2_000L, "active", "bob"));
            store.commit();
            assertThat(stored(store)).isEqualTo(row(3, null, 2_000L, "active", "bob"));

            // Saved, then rolled back: the store still holds agent bob. The next save differs from the rolled-back
            // row only in the wait state, so a writer that trusted its memory would skip it and leave the agent
            // at bob; after a rollback it writes the whole row.
            save(store, row(4, null, 3_000L, "active", "ann"));
            store.rollbackQuietly();
            save(store, row(4, 4_000L, 3_000L, "active", "ann"));
            store.commit();
            assertThat(stored(store)).isEqualTo(row(4, 4_000L, 3_000L, "active", "ann"));

            // Another column set (a transfer) and clearing a value back to null.
            save(store, row(5, null, 3_000L, "active", "bob"));
            store.commit();
            assertThat(stored(store)).isEqualTo(row(5, null, 3_000L, "active", "bob"));

            // Closing writes everything, the wait state included.
            save(store, row(6, 5_000L, 3_000L, "active", "bob"));
            save(store, closed(row(7, null, 3_000L, "closed", "bob")));
            store.commit();
            assertThat(stored(store)).isEqualTo(closed(row(7, null, 3_000L, "closed", "bob")));
        }
        try (Store store = Store.open(url, true)) {
            save(store, row(8, null, 3_000L, "queued", null));
            store.commit();
            assertThat(stored(store)).isEqualTo(row(8, null, 3_000L, "queued", null));
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

    private static ChatRow closed(ChatRow r) {
        return new ChatRow(r.id(), r.customerId(), r.customerName(), r.customerEmail(), r.context(), r.topic(), r.ip(),
                r.state(), r.agent(), r.openedAt(), r.queuedAt(), r.queuePriority(), r.waitingSince(),
                r.firstAssignedAt(), r.firstResponseAt(), 9_000L, "resolved", "agent", null, null, r.lastChatSeq(),
                r.team(), r.preferredAgent(), r.onHold(), r.autoReplies(), r.answeredAt(), r.idleWarnedAt(),
                r.slaFirstResponse(), r.slaNextResponse(), r.slaResolution());
    }

    private static ChatRow row(long lastSeq, Long waitingSince, Long answeredAt, String state, String agent) {
        return new ChatRow("c1", 7, "Ann Customer", "ann@example.com", "{\"page\":\"/pricing\"}", "billing",
                "203.0.113.9", state, agent, 100, null, 0, waitingSince, 150L, null, null, null, null, null, null,
                lastSeq, null, null, false, 0, answeredAt, null, null, null, null);
    }
}
