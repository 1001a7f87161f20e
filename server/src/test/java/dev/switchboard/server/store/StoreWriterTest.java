package dev.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipelined commit's contract: batches settle in hand-over order; a batch that fails to commit fails (with any
 * batch that shared its transaction), and so does every batch handed over after it until the owner has recovered;
 * a failed batch's idempotent replies are forgotten. The fault: an event whose seq is already stored.
 */
class StoreWriterTest {
    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<String> outcomes = new ConcurrentLinkedQueue<>();

    @Test
    void aFailedCommitFailsTheBatchesAfterItUntilRecovered() throws Exception {
        try (Store store = Store.open("jdbc:sqlite:" + dir.resolve("switchboard.db"), true)) {
            StoreWriter writer = new StoreWriter(store);
            writer.start();
            try {
                writer.submit(batch(1, "first", null), release("A"));
                // Batches handed over during a commit share the next one: A alone, so that B's fault is B's only.
                writer.awaitIdle();
                writer.submit(batch(1, "same seq again", "cid-b"), release("B"));
                writer.submit(batch(2, "built on B", "cid-c"), release("C"));
                writer.awaitIdle();
                assertThat(outcomes).containsExactly("A committed", "B failed", "C failed");
                assertThat(writer.failing()).isTrue();
                assertThat(writer.findReply(new Writes(), "customer:1", "cid-b")).isEmpty();
                assertThat(writer.findReply(new Writes(), "customer:1", "cid-c")).isEmpty();

                writer.recovered();
                writer.submit(batch(2, "after recovery", "cid-d"), release("D"));
                writer.awaitIdle();
                assertThat(outcomes).endsWith("D committed");
                assertThat(writer.failing()).isFalse();
                assertThat(writer.findReply(new Writes(), "customer:1", "cid-d")).contains("{\"seq\":2}");
            } finally {
                writer.close();
            }
            List<String> bodies = store.read(c -> Store.list(c, "SELECT body FROM events ORDER BY seq", rs -> rs.getString(1)));
            assertThat(bodies).containsExactly("first", "after recovery");
        }
    }

    private static Writes batch(long seq, String body, String cid) {
        Writes w = new Writes();
        w.event(new EventRow(seq, "c1", "message", 0, 1, null, null, EventRow.PARTIES, false, "customer:1", cid, body,
                null));
        if (cid != null) {
            w.reply("customer:1", cid, "{\"seq\":" + seq + "}");
        }
        return w;
    }

    private StoreWriter.Release release(String name) {
        return new StoreWriter.Release() {
            @Override
            public void committed() {
                outcomes.add(name + " committed");
            }

            @Override
            public void failed() {
                outcomes.add(name + " failed");
            }
        };
    }
}
