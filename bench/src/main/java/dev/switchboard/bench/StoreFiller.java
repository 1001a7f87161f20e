package dev.switchboard.bench;

import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.Limits;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.Times;
import dev.switchboard.server.accounts.Passwords;
import dev.switchboard.server.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

/**
 * Fills a data dir's embedded store for the restart scenario (S6): {@code --agents} agent accounts, {@code --open}
 * active chats (one customer each, spread over the agents) and {@code --events} events in all (each chat's
 * {@code chat} event, then customer and agent messages in turn), written as the desk writes them (same columns,
 * bodies encoded by the codec, all but the newest {@code Store.CHAT_INDEX_LAG} in {@code chat_events}). The schema comes from the server's own migrations; rows go in by direct SQL in
 * one transaction with {@code synchronous=OFF}, so a million events take seconds, not a million commits.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.switchboard.bench.StoreFiller DATA_DIR [EVENTS] [OPEN] [AGENTS]</pre>
 */
public final class StoreFiller {
    private StoreFiller() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: StoreFiller DATA_DIR [EVENTS=1000000] [OPEN_CHATS=10000] [AGENTS=20]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        long events = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int open = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int agents = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        if (events < open || open < 1 || agents < 1 || events > 50_000_000) {
            throw new IllegalArgumentException("need 1 <= OPEN_CHATS <= EVENTS <= 50,000,000 and AGENTS >= 1");
        }
        Files.createDirectories(dir);
        String url = "jdbc:sqlite:" + dir.resolve("switchboard.db").toAbsolutePath();
        long t0 = System.nanoTime();
        // The server's migrations make the schema and the store id.
        Store.open(url, false).close();
        fill(url, events, open, agents);
        System.out.printf("filled %s: %,d events, %,d open chats, %d agents in %.1f s%n", dir, events, open, agents,
                (System.nanoTime() - t0) / 1e9);
    }

    static void fill(String url, long events, int open, int agents) throws Exception {
        Codec codec = new Codec(Limits.defaults());
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=OFF");
                s.execute("PRAGMA cache_size=-200000");
            }
            c.setAutoCommit(false);
            long seq;
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COALESCE(MAX(seq), 0) FROM events")) {
                rs.next();
                seq = rs.getLong(1);
            }
            long start = System.currentTimeMillis() - 3_600_000L;
            String[] agentUsers = new String[agents];
            try (PreparedStatement a = c.prepareStatement("INSERT INTO accounts (username, display_name, kind,"
                    + " password_hash, cap, team, disabled, created_at) VALUES (?,?,?,?,?,?,?,?)"
                    + " ON CONFLICT (username) DO NOTHING")) {
                for (int i = 0; i < agents; i++) {
                    agentUsers[i] = "fill-a" + (i + 1);
                    a.setString(1, agentUsers[i]);
                    a.setString(2, "Fill Agent " + (i + 1));
                    a.setString(3, "agent");
                    a.setString(4, null);
                    a.setInt(5, 1000);
                    a.setString(6, null);
                    a.setInt(7, 0);
                    a.setLong(8, start);
                    a.addBatch();
                }
                a.executeBatch();
            }
            long perChat = events / open;
            long extra = events % open;
            try (PreparedStatement cust = c.prepareStatement(
                         "INSERT INTO customers (id, token_hash, name, email, created_at) VALUES (?,?,?,?,?)");
                 PreparedStatement chat = c.prepareStatement("INSERT INTO chats (id, customer_id, customer_name,"
                         + " customer_email, context, topic, ip, state, agent, opened_at, queued_at, queue_priority,"
                         + " waiting_since, first_assigned_at, first_response_at, last_chat_seq)"
                         + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
                 PreparedStatement ca = c.prepareStatement("INSERT INTO chat_agents (chat_id, username) VALUES (?,?)");
                 PreparedStatement ev = c.prepareStatement("INSERT INTO events (seq, chat_id, type, at, customer_id,"
                         + " agent, prev_agent, reach, internal, sender, cid, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                long customerBase;
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COALESCE(MAX(id), 0) FROM customers")) {
                    rs.next();
                    customerBase = rs.getLong(1);
                }
                for (int i = 0; i < open; i++) {
                    long customerId = customerBase + i + 1;
                    String name = "Filled customer " + (i + 1);
                    String agent = agentUsers[i % agents];
                    long n = perChat + (i < extra ? 1 : 0);
                    long chatSeq = ++seq;
                    String chatId = "c" + chatSeq;
                    long at = start + i;
                    cust.setLong(1, customerId);
                    cust.setString(2, Passwords.tokenHash("fill-" + customerId + "-" + chatSeq));
                    cust.setString(3, name);
                    cust.setString(4, null);
                    cust.setLong(5, at);
                    cust.addBatch();
                    ServerFrame.Chat chatFrame = new ServerFrame.Chat(chatSeq, Times.format(at), chatId, "active",
                            new ServerFrame.Customer(name, null, Map.of("page", "/fill"), 0),
                            new ServerFrame.Agent(agent, agent), null, Times.format(at), null, null, null, null, null);
                    addEvent(ev, codec, chatSeq, chatId, "chat", at, customerId, agent, 1, null, chatFrame);
                    for (long k = 1; k < n; k++) {
                        long s = ++seq;
                        boolean fromCustomer = k % 2 == 1;
                        ServerFrame.Message m = new ServerFrame.Message(s, Times.format(at + k), chatId, "m" + s,
                                fromCustomer ? new ServerFrame.From("customer", name, null)
                                        : new ServerFrame.From("agent", agent, agent),
                                (fromCustomer ? "question " : "answer ") + k + " about order #" + (1000 + i), null, null);
                        addEvent(ev, codec, s, chatId, "message", at + k, customerId, agent, 0,
                                fromCustomer ? "c:" + customerId : "u:" + agent, m);
                        if (s % 10_000 == 0) {
                            ev.executeBatch();
                        }
                    }
                    chat.setString(1, chatId);
                    chat.setLong(2, customerId);
                    chat.setString(3, name);
                    chat.setString(4, null);
                    chat.setString(5, "{\"page\":\"/fill\"}");
                    chat.setString(6, null);
                    chat.setString(7, "10.9." + (i / 250) % 250 + "." + (i % 250 + 1));
                    chat.setString(8, "active");
                    chat.setString(9, agent);
                    chat.setLong(10, at);
                    chat.setLong(11, at);
                    chat.setInt(12, 0);
                    chat.setObject(13, null);
                    chat.setLong(14, at);
                    chat.setLong(15, at + 1);
                    chat.setLong(16, chatSeq);
                    chat.addBatch();
                    ca.setString(1, chatId);
                    ca.setString(2, agent);
                    ca.addBatch();
                    if (i % 1000 == 999) {
                        cust.executeBatch();
                        chat.executeBatch();
                        ca.executeBatch();
                    }
                }
                cust.executeBatch();
                chat.executeBatch();
                ca.executeBatch();
                ev.executeBatch();
            }
            // As a running server leaves them: all but the newest events are in chat_events, and those are the
            // log's tail that a start reads back.
            try (PreparedStatement index = c.prepareStatement("INSERT INTO chat_events (chat_id, seq)"
                         + " SELECT chat_id, seq FROM events WHERE seq >= " + Store.CHAT_EVENTS_FROM + " AND seq < ?"
                         + " ORDER BY chat_id, seq");
                 PreparedStatement from = c.prepareStatement("UPDATE meta SET value = ? WHERE name = 'chat_events_from'"
                         + " AND CAST(value AS INTEGER) < ?")) {
                long tail = Math.max(1, seq + 1 - Store.CHAT_INDEX_LAG);
                index.setLong(1, tail);
                index.executeUpdate();
                from.setString(1, Long.toString(tail));
                from.setLong(2, tail);
                from.executeUpdate();
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }

    private static void addEvent(PreparedStatement ev, Codec codec, long seq, String chatId, String type, long at,
                                 long customerId, String agent, int reach, String sender, ServerFrame frame)
            throws java.sql.SQLException {
        byte[] line = codec.encode(frame);
        ev.setLong(1, seq);
        ev.setString(2, chatId);
        ev.setString(3, type);
        ev.setLong(4, at);
        ev.setLong(5, customerId);
        ev.setString(6, agent);
        ev.setString(7, null);
        ev.setInt(8, reach);
        ev.setInt(9, 0);
        ev.setString(10, sender);
        ev.setString(11, null);
        ev.setString(12, new String(line, 0, line.length - 1, StandardCharsets.UTF_8));
        ev.addBatch();
    }
}
