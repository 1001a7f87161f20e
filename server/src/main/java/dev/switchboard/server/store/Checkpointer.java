package dev.switchboard.server.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL back into the database file on a thread and connection of its own, beside the writer.
 *
 * <p>SQLite's automatic checkpoint runs inside the commit that crosses the WAL limit: every commit behind it
 * waits until thousands of pages are copied and the database file is synced, tens of milliseconds that show as
 * the latency tail. A passive checkpoint here copies what is committed without blocking the writer; when the
 * writer's own automatic checkpoint comes due, little is left to copy, and it resets the WAL (a checkpoint
 * beside a busy writer never catches up to the last frame, so the reset must stay the writer's).
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    private final Connection connection;
    private final Thread thread;
    private final long periodMillis;
    private volatile boolean running = true;

    Checkpointer(String url, long periodMillis) throws SQLException {
        this.connection = DriverManager.getConnection(url);
        try (Statement s = connection.createStatement()) {
            // A writer mid-commit holds its lock briefly; a passive checkpoint never waits for it, and the next
            // round retries.
            s.execute("PRAGMA busy_timeout=0");
        }
        this.periodMillis = periodMillis;
        this.thread = new Thread(this::run, "switchboard-checkpoint");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                TimeUnit.MILLISECONDS.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(PASSIVE)");
            } catch (SQLException e) {
                if (running) {
                    log.debug("checkpoint skipped: {}", e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException ignored) {
            // Closing: the writer's last checkpoint covers what this one did not copy.
        }
    }
}
