package dev.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Committed pages reach the database file beside the writer, long before the writer's own checkpoint comes due
 * (at 16,384 WAL pages): the writer's commits never wait for a large copy.
 */
class CheckpointerTest {
    @TempDir
    Path dir;

    @Test
    void committedPagesAreCopiedBackWithoutTheWriter() throws Exception {
        Path file = dir.resolve("switchboard.db");
        try (Store store = Store.open("jdbc:sqlite:" + file, true)) {
            long before = Files.size(file);
            Writes w = new Writes();
            String body = "x".repeat(4000);
            for (int seq = 1; seq <= 500; seq++) {
                w.event(new EventRow(seq, "c1", "message", 0, 1, null, null, EventRow.PARTIES, false, null, null, body,
                        null));
            }
            store.execute(w);
            store.commit();
            // 500 pages of events: far below the writer's checkpoint, so only the checkpointer grows the file.
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.size(file) >= before + 500L * 4000);
            List<Long> count = store.read(c -> Store.list(c, "SELECT COUNT(*) FROM events", rs -> rs.getLong(1)));
            assertThat(count).containsExactly(500L);
        }
    }
}
