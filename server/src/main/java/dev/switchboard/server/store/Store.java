package dev.switchboard.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * The durable store: an event log plus projections, over JDBC (embedded SQLite by default). One writer
 * connection commits in batches, used by the store writer's thread and, only while that thread is idle, by the
 * desk ({@code StoreWriter#claim}); a small pool of read connections serves history,
 * replay, lists and stats without touching the desk, and a {@link Checkpointer} copies the WAL back beside the
 * writer. All SQL lives here; the tuning (PRAGMAs) and migration V4 are SQLite's own.
 */
public final class Store implements AutoCloseable {
    /** How often the {@link Checkpointer} copies committed pages back; a few MB of WAL at rush-hour rates. */
    private static final long CHECKPOINT_PERIOD_MILLIS = 100;
    /**
     * Events are inserted {@value #EVENTS_PER_INSERT} rows per statement while a batch has that many left: one
     * statement step and one trip through the driver for all of them (a rush-hour commit holds dozens).
     */
    private static final int EVENTS_PER_INSERT = 16;
    private static final String[] EVENT_COLUMN_NAMES = {"seq", "chat_id", "type", "at", "customer_id", "agent",
        "prev_agent", "reach", "internal", "sender", "cid", "body", "waiting_after", "chat_base"};
    private static final int EVENT_COLUMNS = EVENT_COLUMN_NAMES.length;
    /**
     * How far the log moves past a chat's first unindexed event before its entries are written to
     * {@code chat_events} ({@link ChatIndex}). Larger: more entries per page write at rush hour; smaller: a shorter
     * tail for reads by chat to scan. 65,536 events is a few seconds of rush hour and a few milliseconds of scan.
     */
    public static final long CHAT_INDEX_LAG = 65_536;
    /** Where the log's tail starts: every event below it is in {@code chat_events} (SQL, a scalar subquery). */
    public static final String CHAT_EVENTS_FROM = "(SELECT CAST(value AS INTEGER) FROM meta WHERE name = '"
            + ChatIndex.FROM + "')";

    /** The chats table's columns, in {@link ChatRow}'s order. */
    private static final String[] CHAT_COLUMNS = {"id", "customer_id", "customer_name", "customer_email", "context",
        "topic", "ip", "state", "agent", "opened_at", "queued_at", "queue_priority", "waiting_since",
        "first_assigned_at", "first_response_at", "closed_at", "close_reason", "closed_by", "rating", "rating_comment",
        "last_chat_seq", "team", "preferred_agent", "on_hold", "auto_replies", "answered_at", "idle_warned_at",
        "sla_first_response", "sla_next_response", "sla_resolution"};
    /**
     * Columns that the chat's events hold too: the wait state is its latest {@code chat} event's (the desk changes
     * {@code waiting_since} only together with a chat event), {@code answered_at} is the time of its staff's
     * latest reply. A save that changes nothing else is not written, since every message would otherwise rewrite
     * the row's page; the next save that changes another column writes them along, and the desk rebuilds them
     * from them when it loads ({@link #latestChatEventsOfOpenChats}, {@link #lastRepliesOfOpenChats}).
     */
    private static final long FROM_EVENTS = columns("waiting_since", "last_chat_seq", "answered_at").toLongArray()[0];
    /** Columns written when the row is created and never changed afterwards (who the customer is, where from). */
    private static final BitSet INSERT_ONLY = columns("id", "customer_id", "customer_name", "customer_email",
            "context", "topic", "ip", "opened_at");

    private final String url;
    private final boolean sqlite;
    private final Connection writer;
    private final HikariDataSource readers;
    private final String storeId;

    private final PreparedStatement insertEvent;
    private final PreparedStatement insertEvents;
    private final PreparedStatement upsertChat;
    private final PreparedStatement insertChatAgent;
    private final PreparedStatement insertWrite;
    private final Checkpointer checkpointer;
    private final ChatIndex chatIndex;
    /** Each open chat's row as this writer last saved it (writer thread only; cleared on rollback). */
    private final Map<String, Object[]> savedChats = new HashMap<>();
    private final Map<Long, PreparedStatement> narrowChatUpdates = new HashMap<>();

    @FunctionalInterface
    public interface SqlFunction<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Opens (and migrates) the store at a JDBC URL. {@code durable} picks {@code synchronous=FULL} on SQLite. */
    public static Store open(String url, boolean durable) {
        return open(url, durable, CHAT_INDEX_LAG);
    }

    /** {@link #open(String, boolean)} with another {@link #CHAT_INDEX_LAG} (tests reach the index with few events). */
    static Store open(String url, boolean durable, long chatIndexLag) {
        try {
            return new Store(url, durable, chatIndexLag);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the store at " + url + ": " + e.getMessage(), e);
        }
    }

    private Store(String url, boolean durable, long chatIndexLag) throws SQLException {
        this.url = url;
        this.sqlite = url.startsWith("jdbc:sqlite:");
        java.util.Properties options = new java.util.Properties();
        if (sqlite) {
            // sqlite-jdbc otherwise runs an extra last_insert_rowid() query after every insert; ids are ours.
            options.setProperty("jdbc.get_generated_keys", "false");
        }
        this.writer = DriverManager.getConnection(url, options);
        if (sqlite) {
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=" + (durable ? "FULL" : "NORMAL"));
                s.execute("PRAGMA busy_timeout=5000");
                // Rush hour dirties one index page per busy chat in every commit. With the default 2 MB cache a
                // big batch spilled dirty pages to the WAL mid-transaction and read them back: no spilling, and
                // 16 MB keeps a few thousand busy chats' pages. Not more: each commit's own work grows with the
                // cache (64 MB cost twice the commit CPU of 8 MB with 5,000 chats).
                s.execute("PRAGMA cache_size=-16384");
                s.execute("PRAGMA cache_spill=OFF");
                // Multi-row inserts and upserts inside a big transaction keep a statement journal (the pages they
                // change, to undo just that statement); past 64 KiB SQLite spilled it to a temp file, tens of
                // thousands of writes a second at rush hour. It only ever undoes a statement, never a crash, so
                // memory is as safe (5,000 chats: server 0.77 -> 0.69 cores, p50 1.57 -> 1.39 ms).
                s.execute("PRAGMA temp_store=MEMORY");
                // The Checkpointer copies pages back beside the writer; the writer's own checkpoint, which resets
                // the WAL, comes due at 64 MB (default 4 MB) and then finds little left to copy.
                s.execute("PRAGMA wal_autocheckpoint=16384");
            }
        }
        Flyway.configure(getClass().getClassLoader())
                .dataSource(url, null, null)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        writer.setAutoCommit(false);
        this.storeId = initMeta();
        this.chatIndex = new ChatIndex(writer, chatIndexLag);
        this.checkpointer = sqlite ? new Checkpointer(url, CHECKPOINT_PERIOD_MILLIS) : null;
        HikariConfig rc = new HikariConfig();
        rc.setJdbcUrl(url);
        rc.setPoolName("switchboard-readers");
        rc.setMaximumPoolSize(4);
        rc.setMinimumIdle(1);
        rc.setReadOnly(!sqlite);
        if (sqlite) {
            rc.setConnectionInitSql("PRAGMA query_only=1");
            rc.addDataSourceProperty("busy_timeout", "5000");
        }
        this.readers = new HikariDataSource(rc);
        insertEvent = writer.prepareStatement(insertEventsSql(1));
        insertEvents = writer.prepareStatement(insertEventsSql(EVENTS_PER_INSERT));
        upsertChat = writer.prepareStatement(upsertChatSql());
        insertChatAgent = writer.prepareStatement("INSERT INTO chat_agents (chat_id, username) VALUES (?, ?)"
                + " ON CONFLICT (chat_id, username) DO NOTHING");
        insertWrite = writer.prepareStatement("INSERT INTO writes (sender, cid, reply) VALUES (?,?,?)");
    }

    private String initMeta() throws SQLException {
        try (PreparedStatement q = writer.prepareStatement("SELECT value FROM meta WHERE name = 'store'");
             ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
                return rs.getString(1);
            }
        }
        String id = UUID.randomUUID().toString();
        try (PreparedStatement ins = writer.prepareStatement("INSERT INTO meta (name, value) VALUES ('store', ?)")) {
            ins.setString(1, id);
            ins.executeUpdate();
        }
        writer.commit();
        return id;
    }

    public String storeId() {
        return storeId;
    }

    public boolean isSqlite() {
        return sqlite;
    }

    // ---- the writer (one thread at a time: the desk, or its StoreWriter) -------------------------

    public void commit() throws SQLException {
        chatIndex.beforeCommit();
        writer.commit();
    }

    public void rollbackQuietly() {
        savedChats.clear();
        chatIndex.rolledBack();
        try {
            writer.rollback();
        } catch (SQLException ignored) {
            // The connection is in trouble already; the next commit reports it.
        }
    }

    /** Executes a batch's rows recorded since its last execution, in the current transaction. */
    void execute(Writes w) throws SQLException {
        List<EventRow> events = w.events;
        int i = 0;
        for (; i + EVENTS_PER_INSERT <= events.size(); i += EVENTS_PER_INSERT) {
            for (int k = 0; k < EVENTS_PER_INSERT; k++) {
                bindEvent(insertEvents, k * EVENT_COLUMNS, events.get(i + k));
            }
            insertEvents.executeUpdate();
        }
        for (; i < events.size(); i++) {
            bindEvent(insertEvent, 0, events.get(i));
            insertEvent.executeUpdate();
        }
        for (EventRow e : events) {
            chatIndex.add(e.chatId(), e.seq());
        }
        for (ChatRow c : w.chats.values()) {
            saveChat(c);
        }
        for (String[] ca : w.chatAgents) {
            addChatAgent(ca[0], ca[1]);
        }
        int reply = 0;
        for (Map.Entry<String, String> r : w.replies.entrySet()) {
            if (reply++ >= w.repliesExecuted) {
                saveWrite(Writes.sender(r.getKey()), Writes.cid(r.getKey()), r.getValue());
            }
        }
        w.executed();
    }

    private static String insertEventsSql(int rows) {
        String row = "(" + "?,".repeat(EVENT_COLUMNS - 1) + "?)";
        return "INSERT INTO events (" + String.join(", ", EVENT_COLUMN_NAMES) + ") VALUES "
                + String.join(",", Collections.nCopies(rows, row));
    }

    /** Binds one event's {@value #EVENT_COLUMNS} values after the first {@code offset} parameters. */
    private static void bindEvent(PreparedStatement s, int offset, EventRow e) throws SQLException {
        s.setLong(offset + 1, e.seq());
        s.setString(offset + 2, e.chatId());
        s.setString(offset + 3, e.type());
        s.setLong(offset + 4, e.at());
        s.setLong(offset + 5, e.customerId());
        s.setString(offset + 6, e.agent());
        s.setString(offset + 7, e.prevAgent());
        s.setInt(offset + 8, e.reach());
        s.setInt(offset + 9, e.internal() ? 1 : 0);
        s.setString(offset + 10, e.sender());
        s.setString(offset + 11, e.cid());
        s.setString(offset + 12, e.body());
        EventRow.WaitChange w = e.waitChange();
        bindOne(s, offset + 13, w == null ? null : w.waiting());
        bindOne(s, offset + 14, w == null ? null : w.base());
    }

    /**
     * Writes a chat row. A row this writer saved before in this run is updated in the columns that changed only
     * (often one to three, as an agent's reply moves the waiting timers): fewer values to bind and no failed
     * insert first; a change of columns {@link #FROM_EVENTS} alone is not written. The first save of a row in a run,
     * and any save after a rollback, is a full upsert.
     */
    private void saveChat(ChatRow c) throws SQLException {
        Object[] values = chatValues(c);
        Object[] before = savedChats.get(c.id());
        if (before == null) {
            bind(upsertChat, values);
            upsertChat.executeUpdate();
        } else {
            long changed = 0;
            for (int i = 0; i < CHAT_COLUMNS.length; i++) {
                if (!INSERT_ONLY.get(i) && !Objects.equals(values[i], before[i])) {
                    changed |= 1L << i;
                }
            }
            if (c.closedAt() == null && (changed & ~FROM_EVENTS) == 0) {
                return; // the row as stored stays what this writer remembers; the change rides on the next write
            }
            if (changed != 0) {
                PreparedStatement s = narrowChatUpdate(changed);
                int n = 0;
                for (int i = 0; i < CHAT_COLUMNS.length; i++) {
                    if ((changed & 1L << i) != 0) {
                        bindOne(s, ++n, values[i]);
                    }
                }
                bindOne(s, n + 1, c.id());
                s.executeUpdate();
            }
        }
        if (c.closedAt() == null) {
            savedChats.put(c.id(), values);
        } else {
            savedChats.remove(c.id());
        }
    }

    /** {@code UPDATE chats SET <the changed columns> WHERE id = ?}, prepared once per set of columns. */
    private PreparedStatement narrowChatUpdate(long changed) throws SQLException {
        PreparedStatement s = narrowChatUpdates.get(changed);
        if (s == null) {
            StringJoiner set = new StringJoiner(", ", "UPDATE chats SET ", " WHERE id = ?");
            for (int i = 0; i < CHAT_COLUMNS.length; i++) {
                if ((changed & 1L << i) != 0) {
                    set.add(CHAT_COLUMNS[i] + " = ?");
                }
            }
            s = writer.prepareStatement(set.toString());
            narrowChatUpdates.put(changed, s);
        }
        return s;
    }

    private static BitSet columns(String... names) {
        BitSet set = new BitSet();
        for (String name : names) {
            set.set(Arrays.asList(CHAT_COLUMNS).indexOf(name));
        }
        return set;
    }

    private static String upsertChatSql() {
        StringJoiner update = new StringJoiner(", ", "INSERT INTO chats (" + String.join(", ", CHAT_COLUMNS)
                + ") VALUES (" + "?,".repeat(CHAT_COLUMNS.length - 1) + "?) ON CONFLICT (id) DO UPDATE SET ", "");
        for (int i = 0; i < CHAT_COLUMNS.length; i++) {
            if (!INSERT_ONLY.get(i)) {
                update.add(CHAT_COLUMNS[i] + " = excluded." + CHAT_COLUMNS[i]);
            }
        }
        return update.toString();
    }

    private static Object[] chatValues(ChatRow c) {
        return new Object[] {c.id(), c.customerId(), c.customerName(), c.customerEmail(), c.context(), c.topic(),
            c.ip(), c.state(), c.agent(), c.openedAt(), c.queuedAt(), c.queuePriority(), c.waitingSince(),
            c.firstAssignedAt(), c.firstResponseAt(), c.closedAt(), c.closeReason(), c.closedBy(), c.rating(),
            c.ratingComment(), c.lastChatSeq(), c.team(), c.preferredAgent(), c.onHold(), c.autoReplies(),
            c.answeredAt(), c.idleWarnedAt(), c.slaFirstResponse(), c.slaNextResponse(), c.slaResolution()};
    }

    private void addChatAgent(String chatId, String user) throws SQLException {
        insertChatAgent.setString(1, chatId);
        insertChatAgent.setString(2, user);
        insertChatAgent.executeUpdate();
    }

    private void saveWrite(String sender, String cid, String reply) throws SQLException {
        insertWrite.setString(1, sender);
        insertWrite.setString(2, cid);
        insertWrite.setString(3, reply);
        insertWrite.executeUpdate();
    }

    /** Runs arbitrary statements on the writer inside the current batch (admin writes). */
    public int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement s = writer.prepareStatement(sql)) {
            bind(s, args);
            return s.executeUpdate();
        }
    }

    /** A query on the writer connection, seeing this batch's uncommitted rows. */
    public <T> T queryWriter(SqlFunction<T> f) throws SQLException {
        return f.apply(writer);
    }

    // ---- readers (any thread) ------------------------------------------------------------------

    public <T> T read(SqlFunction<T> f) throws SQLException {
        try (Connection c = readers.getConnection()) {
            return f.apply(c);
        }
    }

    /** The stored reply of a committed idempotent write ({@link StoreWriter#findReply} sees the rest). */
    Optional<String> findCommittedReply(String sender, String cid) throws SQLException {
        return read(c -> one(c, "SELECT reply FROM writes WHERE sender = ? AND cid = ?", rs -> rs.getString(1), sender, cid));
    }

    public static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            bindOne(s, i + 1, args[i]);
        }
    }

    private static void bindOne(PreparedStatement s, int index, Object a) throws SQLException {
        if (a == null) {
            s.setNull(index, Types.NULL);
        } else if (a instanceof Boolean b) {
            s.setInt(index, b ? 1 : 0);
        } else {
            s.setObject(index, a);
        }
    }

    public static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        }
    }

    public static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        List<T> rows = list(c, sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    public static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    public static final RowMapper<EventRow> EVENT = rs -> new EventRow(rs.getLong("seq"), rs.getString("chat_id"),
            rs.getString("type"), rs.getLong("at"), rs.getLong("customer_id"), rs.getString("agent"),
            rs.getString("prev_agent"), rs.getInt("reach"), rs.getInt("internal") != 0,
            rs.getString("sender"), rs.getString("cid"), rs.getString("body"), waitChange(rs));

    private static EventRow.WaitChange waitChange(ResultSet rs) throws SQLException {
        Integer waiting = nullableInt(rs, "waiting_after");
        return waiting == null ? null : new EventRow.WaitChange(waiting != 0, rs.getLong("chat_base"));
    }

    public static final RowMapper<ChatRow> CHAT = rs -> new ChatRow(rs.getString("id"), rs.getLong("customer_id"),
            rs.getString("customer_name"), rs.getString("customer_email"), rs.getString("context"),
            rs.getString("topic"), rs.getString("ip"), rs.getString("state"), rs.getString("agent"),
            rs.getLong("opened_at"), nullableLong(rs, "queued_at"), rs.getInt("queue_priority"),
            nullableLong(rs, "waiting_since"), nullableLong(rs, "first_assigned_at"), nullableLong(rs, "first_response_at"), nullableLong(rs, "closed_at"),
            rs.getString("close_reason"), rs.getString("closed_by"), nullableInt(rs, "rating"),
            rs.getString("rating_comment"), rs.getLong("last_chat_seq"), rs.getString("team"),
            rs.getString("preferred_agent"), rs.getInt("on_hold") != 0, rs.getInt("auto_replies"),
            nullableLong(rs, "answered_at"), nullableLong(rs, "idle_warned_at"), rs.getString("sla_first_response"),
            rs.getString("sla_next_response"), rs.getString("sla_resolution"));

    public static final RowMapper<AccountRow> ACCOUNT = rs -> new AccountRow(rs.getString("username"),
            rs.getString("display_name"), rs.getString("kind"), rs.getString("password_hash"),
            nullableInt(rs, "cap"), rs.getString("team"), rs.getInt("disabled") != 0, rs.getLong("created_at"));

    /** Where the log's tail starts ({@link #CHAT_EVENTS_FROM}). */
    static long chatEventsFrom(Connection c) throws SQLException {
        return one(c, "SELECT " + CHAT_EVENTS_FROM + " AS v", rs -> rs.getLong("v")).orElseThrow();
    }

    /**
     * A chat's newest events before {@code before} that pass {@code where} (a condition on the events' own
     * columns), newest first, at most {@code limit}: those in the log's tail, then those in {@code chat_events}
     * ({@link ChatIndex}). Each part reads backwards from its end, so a page costs the same in a long chat.
     */
    public static List<EventRow> chatEventsBefore(Connection c, String chatId, long before, String where, int limit)
            throws SQLException {
        long from = chatEventsFrom(c);
        List<EventRow> newestFirst = list(c, "SELECT * FROM events WHERE seq >= ? AND seq < ? AND chat_id = ? AND "
                + where + " ORDER BY seq DESC LIMIT ?", EVENT, from, before, chatId, limit);
        if (newestFirst.size() < limit) {
            newestFirst.addAll(list(c, "SELECT e.* FROM chat_events x JOIN events e ON e.seq = x.seq"
                    + " WHERE x.chat_id = ? AND x.seq < ? AND " + where + " ORDER BY x.seq DESC LIMIT ?", EVENT,
                    chatId, Math.min(before, from), limit - newestFirst.size()));
        }
        return newestFirst;
    }

    /** A staff member's reply: a message by an account (not the desk, not the customer) that the customer sees. */
    private static final String STAFF_REPLY = "e.type = 'message' AND e.internal = 0 AND e.sender LIKE 'u:%'";

    /**
     * Each open chat's latest {@code chat} event by chat id, or the message its latest chat event is derived from
     * ({@link DerivedChatEvents}): what its row's wait state may lag ({@link #FROM_EVENTS}).
     */
    public static Map<String, EventRow> latestChatEventsOfOpenChats(Connection c) throws SQLException {
        Map<String, EventRow> latest = new HashMap<>();
        for (EventRow e : list(c, "SELECT * FROM events WHERE seq IN ("
                + newestOfOpenChats("(e.type = 'chat' OR e.waiting_after IS NOT NULL)") + ") ORDER BY seq", EVENT)) {
            latest.put(e.chatId(), e);
        }
        return latest;
    }

    /** Each open chat's latest staff reply's time by chat id: what its row's {@code answered_at} may lag. */
    public static Map<String, Long> lastRepliesOfOpenChats(Connection c) throws SQLException {
        Map<String, Long> latest = new HashMap<>();
        for (Object[] r : list(c, "SELECT chat_id, at FROM events WHERE seq IN (" + newestOfOpenChats(STAFF_REPLY)
                + ")", rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
            latest.merge((String) r[0], (Long) r[1], Math::max);
        }
        return latest;
    }

    /**
     * SQL for the seq of each open chat's newest event that passes {@code where} (on events {@code e}), from
     * its row's {@code last_chat_seq} on (less one: that chat event may be derived from the message before it):
     * in chat_events, read backwards and stopped at the first (a join with
     * chat_event_seqs would read the view whole), and in the log's tail, which holds a chat's newest events when
     * it holds any. A chat may come twice, once from each.
     */
    private static String newestOfOpenChats(String where) {
        return "SELECT (SELECT e.seq FROM chat_events x JOIN events e ON e.seq = x.seq WHERE x.chat_id = o.id"
                + " AND x.seq >= o.last_chat_seq - 1 AND " + where + " ORDER BY x.seq DESC LIMIT 1)"
                + " FROM chats o WHERE o.state <> 'closed'"
                + " UNION ALL SELECT e.seq FROM events e WHERE e.seq >= " + CHAT_EVENTS_FROM + " AND " + where
                + " AND e.chat_id IN (SELECT id FROM chats WHERE state <> 'closed')";
    }

    /** The newest event's seq, counting a chat event derived from the newest row ({@link DerivedChatEvents}). */
    public long lastSeq(Connection c) throws SQLException {
        return one(c, "SELECT * FROM events ORDER BY seq DESC LIMIT 1", EVENT).map(EventRow::lastSeq).orElse(0L);
    }

    private static void setLong(PreparedStatement s, int index, Long v) throws SQLException {
        if (v == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, v);
        }
    }

    @Override
    public void close() {
        if (checkpointer != null) {
            checkpointer.close();
        }
        readers.close();
        try {
            writer.close();
        } catch (SQLException ignored) {
            // Closing: nothing left to save.
        }
    }

    @Override
    public String toString() {
        return url;
    }
}
