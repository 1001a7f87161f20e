package dev.switchboard.server.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipelined group commit: the store's writer connection, run by a thread of its own. The owner (the desk)
 * hands over each batch's {@link Writes} with what to do once they are durable, and applies its next batch
 * while this thread executes and commits the previous one. Batches commit and are released in the order they
 * were handed over.
 *
 * <p>A batch that fails to commit is rolled back and failed, with any batch that shared its transaction, and so is
 * every batch handed over after it until the owner has reloaded its state and called {@link #recovered()}: their
 * state was built on the failed one. Nothing of a failed batch was committed, so answering it
 * {@code unavailable} is true for each of them.
 *
 * <p>The owner may use the writer connection itself (reads that must see uncommitted rows, one-off statements)
 * only after {@link #awaitIdle()}; the hand-over queue and the idle wait order those uses with this thread's.
 */
public final class StoreWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);
    /** Batches handed over but not yet committed, beyond the one being committed: bounds the pipeline. */
    private static final int DEPTH = 16;
    /**
     * Commits start at most this often. Under steady load a commit per millisecond gathers more per fsync: less CPU
     * per message for the sync, SQLite's commit and the fan-out (5,000 chats at 2,500 messages/s: 0.85 → 0.74
     * server cores, load generator 0.65 → 0.52). A lone request after a quiet spell never waits.
     */
    private static final long MIN_COMMIT_INTERVAL_NANOS = 1_000_000;

    /** What to do when a batch's writes are committed, or when they are not. */
    public interface Release {
        void committed();

        void failed();
    }

    private record Batch(Writes writes, Release release) {
    }

    private static final Batch STOP = new Batch(null, null);

    private final Store store;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(DEPTH);
    private final Thread thread;
    private long lastCommitStart; // writer thread only
    /** Replies of idempotent writes handed over and not yet settled, so a retry finds them before they commit. */
    private final Map<String, String> unsettled = new ConcurrentHashMap<>();
    private final Object idle = new Object();
    private long handedOver; // owner thread only
    private long settled; // guarded by idle
    private volatile boolean failing;

    public StoreWriter(Store store) {
        this.store = store;
        this.thread = new Thread(this::run, "switchboard-store-writer");
    }

    public void start() {
        thread.start();
    }

    /** Hands over a batch; blocks while the pipeline is full. */
    public void submit(Writes writes, Release release) throws InterruptedException {
        unsettled.putAll(writes.replies);
        handedOver++;
        queue.put(new Batch(writes, release));
    }

    /** Waits until every batch handed over is settled; the writer connection is then the owner's. */
    public void awaitIdle() throws InterruptedException {
        synchronized (idle) {
            while (settled < handedOver) {
                idle.wait();
            }
        }
    }

    /**
     * The writer connection for the owner's own use: waits until every batch handed over is settled, then
     * executes {@code current}'s rows so far in place, so that reads through it see them.
     */
    public Store claim(Writes current) throws InterruptedException, SQLException {
        awaitIdle();
        store.execute(current);
        return store;
    }

    /** True once a commit failed, until {@link #recovered()}. */
    public boolean failing() {
        return failing;
    }

    /** The owner reloaded after a failure (with the writer idle): batches handed over from now on commit again. */
    public void recovered() {
        failing = false;
    }

    /**
     * The stored reply of an earlier idempotent write by {@code sender} with {@code cid}: in {@code current}
     * (the batch being applied), in a batch handed over and not yet settled, or committed.
     */
    public Optional<String> findReply(Writes current, String sender, String cid) throws SQLException {
        String reply = current.reply(sender, cid);
        if (reply == null) {
            reply = unsettled.get(Writes.key(sender, cid));
        }
        // Removed from unsettled only after its commit returned, so a miss there is found by a fresh read.
        return reply != null ? Optional.of(reply) : store.findCommittedReply(sender, cid);
    }

    private void run() {
        List<Batch> batches = new ArrayList<>(DEPTH);
        boolean stopping = false;
        while (!stopping) {
            try {
                batches.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long early = lastCommitStart + MIN_COMMIT_INTERVAL_NANOS - System.nanoTime();
            if (early > 0) {
                LockSupport.parkNanos(early);
            }
            lastCommitStart = System.nanoTime();
            // Whatever was handed over while the last commit ran shares this one: batches grow with the fsync time.
            queue.drainTo(batches);
            if (batches.get(batches.size() - 1) == STOP) {
                batches.remove(batches.size() - 1);
                stopping = true;
            }
            boolean committed = false;
            if (!failing) {
                try {
                    for (Batch b : batches) {
                        store.execute(b.writes());
                    }
                    store.commit();
                    committed = true;
                } catch (SQLException | RuntimeException e) {
                    log.error("commit failed; failing these batches and the ones after them until the desk has reloaded", e);
                    failing = true;
                }
            }
            if (!committed) {
                store.rollbackQuietly();
            }
            for (Batch b : batches) {
                release(b, committed);
            }
            synchronized (idle) {
                settled += batches.size();
                idle.notifyAll();
            }
            batches.clear();
        }
    }

    private void release(Batch b, boolean committed) {
        b.writes().replies.keySet().forEach(unsettled::remove);
        try {
            if (committed) {
                b.release().committed();
            } else {
                b.release().failed();
            }
        } catch (RuntimeException e) {
            log.error("releasing a batch failed", e);
        }
    }

    /** Commits what was handed over, then stops the thread. */
    @Override
    public void close() {
        try {
            queue.put(STOP);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
