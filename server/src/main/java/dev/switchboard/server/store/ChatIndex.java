package dev.switchboard.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@code chat_events}, each chat's events by seq, behind the log (migration V5). The writer notes every
 * event it inserts; a chat's entries wait until the log has moved {@code lag} events past the first of them, and
 * are then inserted all at once, in the commit at hand: one page write for many entries where an index on events
 * wrote its chat's page in every commit. Meta {@code chat_events_from} moves along in the same commit: every event
 * below it is in {@code chat_events}, so readers find a chat's events there and in the log's tail from it on
 * (the view {@code chat_event_seqs}). It only grows, so a reader may use a value it read earlier, and it may stay
 * a little behind.
 *
 * <p>Writer thread only. What waits is rebuilt from the log, through the writer connection, at the first commit
 * and after a rollback: no entry depends on memory that a failed commit could have left wrong.
 */
final class ChatIndex {
    static final String FROM = "chat_events_from";
    /** Entries written per commit, at most (a chat's entries go together): bounds what one commit adds. */
    private static final int ENTRIES_PER_COMMIT = 1024;

    private final Connection writer;
    private final long lag;
    /** How far the tail's start moves before it is stored again: a sixteenth of the lag. */
    private final long fromStep;
    /** Chats with entries waiting, in the order of their first waiting seq (the oldest first). */
    private final LinkedHashMap<String, Seqs> waiting = new LinkedHashMap<>();
    private long from;
    private long lastSeq;
    private boolean stale = true;
    private PreparedStatement insert;
    private PreparedStatement saveFrom;

    ChatIndex(Connection writer, long lag) {
        this.writer = writer;
        this.lag = lag;
        this.fromStep = Math.max(1, lag / 16);
    }

    /** An event inserted in the current transaction. */
    void add(String chatId, long seq) {
        if (!stale) {
            waiting.computeIfAbsent(chatId, k -> new Seqs()).add(seq);
            lastSeq = Math.max(lastSeq, seq);
        }
    }

    /** Before a commit: writes the chats whose entries are due, and where the tail now starts. */
    void beforeCommit() throws SQLException {
        if (stale) {
            reload();
        }
        int written = 0;
        Iterator<Map.Entry<String, Seqs>> oldest = waiting.entrySet().iterator();
        while (oldest.hasNext() && written < ENTRIES_PER_COMMIT) {
            Map.Entry<String, Seqs> chat = oldest.next();
            Seqs seqs = chat.getValue();
            if (lastSeq - seqs.first() < lag) {
                break;
            }
            write(chat.getKey(), seqs);
            written += seqs.size;
            oldest.remove();
        }
        long now = waiting.isEmpty() ? lastSeq + 1 : waiting.values().iterator().next().first();
        // Moved in steps: a stored value below the true one only makes readers scan a little more, and the meta
        // page then stays out of most commits.
        if (now - from >= fromStep) {
            if (saveFrom == null) {
                saveFrom = writer.prepareStatement("UPDATE meta SET value = ? WHERE name = '" + FROM + "'");
            }
            saveFrom.setString(1, Long.toString(now));
            saveFrom.executeUpdate();
            from = now;
        }
    }

    /** After a rollback: what waits is read again from the log at the next commit. */
    void rolledBack() {
        stale = true;
    }

    private void write(String chatId, Seqs seqs) throws SQLException {
        if (insert == null) {
            // One statement per chat, whatever its number of entries: the seqs travel as one JSON array.
            insert = writer.prepareStatement("INSERT INTO chat_events (chat_id, seq) SELECT ?, value FROM json_each(?)");
        }
        StringBuilder json = new StringBuilder(seqs.size * 8).append('[');
        for (int i = 0; i < seqs.size; i++) {
            json.append(i == 0 ? "" : ",").append(seqs.values[i]);
        }
        insert.setString(1, chatId);
        insert.setString(2, json.append(']').toString());
        insert.executeUpdate();
    }

    /** Reads the tail through the writer connection: what is committed and what this transaction added. */
    private void reload() throws SQLException {
        waiting.clear();
        from = Store.chatEventsFrom(writer);
        lastSeq = from - 1;
        stale = false;
        // A chat behind the tail's first may have been written already: its entries are past the tail's start.
        try (PreparedStatement q = writer.prepareStatement("SELECT chat_id, seq FROM events e WHERE seq >= ? AND NOT EXISTS"
                + " (SELECT 1 FROM chat_events x WHERE x.chat_id = e.chat_id AND x.seq = e.seq) ORDER BY seq")) {
            q.setLong(1, from);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    add(rs.getString(1), rs.getLong(2));
                }
            }
        }
    }

    /** A growable list of seqs, in the order added (ascending). */
    private static final class Seqs {
        long[] values = new long[4];
        int size;

        void add(long seq) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = seq;
        }

        long first() {
            return values[0];
        }
    }
}
