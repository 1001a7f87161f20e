package dev.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch's events, written many rows per statement and the rest one by one, come back exactly as given. */
class EventInsertTest {
    @TempDir
    Path dir;

    @Test
    void everyColumnOfEveryEventIsStored() throws Exception {
        try (Store store = Store.open("jdbc:sqlite:" + dir.resolve("switchboard.db"), true)) {
            List<EventRow> written = new ArrayList<>();
            // 37 = two full multi-row statements and five single rows.
            for (int seq = 1; seq <= 37; seq++) {
                written.add(new EventRow(seq, "chat-" + seq % 3, seq % 2 == 0 ? "message" : "chat", 1_000L + seq, seq % 5,
                        seq % 4 == 0 ? null : "agent" + seq, seq % 7 == 0 ? "prev" + seq : null,
                        seq % 3 - 1, seq % 6 == 0, "customer:" + seq, seq % 2 == 0 ? "cid-" + seq : null,
                        "{\"text\":\"héllo 你好 " + seq + "\"}",
                        seq % 10 == 0 ? new EventRow.WaitChange(seq % 20 == 0, seq - 1) : null));
            }
            Writes w = new Writes();
            written.forEach(w::event);
            store.execute(w);
            store.commit();
            List<EventRow> stored = store.read(c -> Store.list(c, "SELECT * FROM events ORDER BY seq", Store.EVENT));
            assertThat(stored).containsExactlyElementsOf(written);
        }
    }
}
