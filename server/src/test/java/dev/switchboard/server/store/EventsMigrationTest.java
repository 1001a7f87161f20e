package dev.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.accounts.Principal;
import dev.switchboard.server.desk.Audience;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V4 rebuilds the events table keyed by seq and drops the per-customer index, V5 moves the entries by chat to
 * chat_events: a store written before them keeps every event, and a customer's replay still finds exactly its own
 * events through its chats.
 */
class EventsMigrationTest {
    @TempDir
    Path dir;

    @Test
    void eventsWrittenBeforeV4AndV5SurviveAndReplayPerCustomer() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("switchboard.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("3").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO chats (id, customer_id, state, opened_at, last_chat_seq) VALUES ('a', 1, 'active', 0, 3)");
            s.execute("INSERT INTO chats (id, customer_id, state, opened_at, last_chat_seq) VALUES ('b', 2, 'active', 0, 2)");
            s.execute("INSERT INTO events VALUES (1, 'a', 'message', 0, 1, NULL, NULL, 0, 0, NULL, NULL, 'a1')");
            s.execute("INSERT INTO events VALUES (2, 'b', 'message', 0, 2, NULL, NULL, 0, 0, NULL, NULL, 'b1')");
            s.execute("INSERT INTO events VALUES (3, 'a', 'note', 0, 1, NULL, NULL, 0, 1, NULL, NULL, 'a-internal')");
        }
        try (Store store = Store.open(url, true)) {
            List<String> bodies = store.read(c -> Store.list(c, "SELECT body FROM events ORDER BY seq", rs -> rs.getString(1)));
            assertThat(bodies).containsExactly("a1", "b1", "a-internal");
            // seq is the rowid now: no separate unique index beside the table, no index by customer, and (V5) the
            // entries by chat are in chat_events, every event before V5 among them.
            List<String> indexes = store.read(c -> Store.list(c, "SELECT name FROM pragma_index_list('events')",
                    rs -> rs.getString(1)));
            assertThat(indexes).isEmpty();
            List<String> byChat = store.read(c -> Store.list(c, "SELECT chat_id || seq FROM chat_events ORDER BY seq",
                    rs -> rs.getString(1)));
            assertThat(byChat).containsExactly("a1", "b2", "a3");
            long from = store.read(c -> Store.one(c, "SELECT " + Store.CHAT_EVENTS_FROM, rs -> rs.getLong(1)))
                    .orElseThrow();
            assertThat(from).isEqualTo(4L);

            Audience.Filter customer = Audience.sql(Principal.customer(1, "Ann"), 0, 10);
            List<String> replay = store.read(c -> Store.list(c, "SELECT body FROM events WHERE " + customer.where()
                    + " ORDER BY seq", rs -> rs.getString(1), customer.args()));
            assertThat(replay).containsExactly("a1");
        }
    }
}
