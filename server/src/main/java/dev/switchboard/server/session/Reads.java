package dev.switchboard.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.Times;
import dev.switchboard.server.accounts.Kind;
import dev.switchboard.server.accounts.Principal;
import dev.switchboard.server.stats.ChatStats;
import dev.switchboard.server.store.ChatRow;
import dev.switchboard.server.store.DerivedChatEvents;
import dev.switchboard.server.store.EventRow;
import dev.switchboard.server.store.Store;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only commands served from the store's read connections, off the desk thread: {@code history},
 * {@code canned}, and the admin lists and stats. They see everything committed, and nothing else.
 */
public final class Reads {
    private static final Logger log = LoggerFactory.getLogger(Reads.class);
    private final Store store;
    private final ExecutorService executor;
    private final Codec codec;

    public Reads(Store store, ExecutorService executor, Codec codec) {
        this.store = store;
        this.executor = executor;
        this.codec = codec;
    }

    public static boolean handles(Command c) {
        return c instanceof Command.History || c instanceof Command.Canned || c instanceof Command.Chats
                || c instanceof Command.Stats || c instanceof Command.TokenList || c instanceof Command.BanList
                || c instanceof Command.SshKeyList || c instanceof Command.Audit;
    }

    void submit(Session session, Object id, Command c) {
        Principal who = session.principal();
        try {
            executor.execute(() -> {
                byte[] reply;
                try {
                    reply = store.read(conn -> answer(conn, who, id, c));
                } catch (ProtocolException e) {
                    reply = codec.encode(new ServerFrame.Error(id, e.code().wire(), e.getMessage()));
                } catch (SQLException | RuntimeException e) {
                    log.warn("read failed: {}", c, e);
                    reply = codec.encode(new ServerFrame.Error(id, ErrorCode.UNAVAILABLE.wire(),
                            "the store could not answer; try again"));
                }
                session.deliver(List.of(reply), 1);
            });
        } catch (RejectedExecutionException e) {
            session.deliver(List.of(codec.encode(new ServerFrame.Error(id, ErrorCode.UNAVAILABLE.wire(),
                    "the server is shutting down"))), 1);
        }
    }

    private byte[] answer(Connection conn, Principal who, Object id, Command c) throws SQLException {
        if (c instanceof Command.History h) {
            return history(conn, who, id, h);
        }
        ObjectNode result = codec.object();
        if (c instanceof Command.Canned) {
            if (who.isCustomer()) {
                throw forbidden("customers may not use canned texts");
            }
            Command.Canned q = (Command.Canned) c;
            String owner = q.owner() == null ? who.user() : q.owner();
            if (!owner.equals(who.user()) && !who.kind().isAdmin()) {
                throw forbidden("only admins list other people's canned texts");
            }
            // "*" (admins): every text, shared and personal; otherwise the shared ones and one owner's.
            String where = "*".equals(owner) ? "" : " WHERE owner IS NULL OR owner = ?";
            Object[] args = "*".equals(owner) ? new Object[0] : new Object[] {owner};
            ArrayNode list = result.putArray("canned");
            for (Object[] r : Store.list(conn, "SELECT id, shortcut, text, owner FROM canned" + where
                    + " ORDER BY shortcut, owner", rs -> new Object[] {rs.getString("id"), rs.getString("shortcut"),
                    rs.getString("text"), rs.getString("owner")}, args)) {
                ObjectNode n = list.addObject();
                n.put("id", (String) r[0]);
                n.put("shortcut", (String) r[1]);
                n.put("text", (String) r[2]);
                if (r[3] != null) {
                    n.put("owner", (String) r[3]);
                }
            }
        } else if (c instanceof Command.Chats q) {
            oversight(who);
            chats(conn, q, result);
        } else if (c instanceof Command.Stats s) {
            oversight(who);
            long since = s.since() == null ? 0 : Times.parse(s.since());
            long until = s.until() == null ? Long.MAX_VALUE : Times.parse(s.until());
            List<ChatRow> rows = Store.list(conn, "SELECT * FROM chats WHERE opened_at >= ? AND opened_at < ?",
                    Store.CHAT, since, until);
            List<ChatStats.Said> said = Store.list(conn, "SELECT chat_id, at, body FROM events WHERE type = 'message'"
                    + " AND internal = 0 AND seq IN (SELECT seq FROM chat_event_seqs"
                    + " WHERE chat_id IN (SELECT id FROM chats WHERE opened_at >= ? AND opened_at < ?))"
                    + " ORDER BY seq", rs -> {
                        byte[] body = rs.getString("body").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        JsonNode from = codec.parseObject(body, 0, body.length).path("from");
                        return new ChatStats.Said(rs.getString("chat_id"), from.path("role").asText(),
                                from.path("user").asText(null), rs.getLong("at"));
                    }, since, until);
            result.setAll(ChatStats.of(rows, ChatStats.responses(said), codec));
        } else if (c instanceof Command.TokenList t) {
            admin(who);
            requireAccount(conn, t.user());
            ArrayNode list = result.putArray("tokens");
            String sql = "SELECT id, username, label, created_at, revoked_at FROM tokens"
                    + (t.user() == null ? "" : " WHERE username = ?") + " ORDER BY created_at";
            Object[] args = t.user() == null ? new Object[0] : new Object[] {t.user()};
            for (ObjectNode n : Store.list(conn, sql, rs -> {
                ObjectNode o = codec.object();
                o.put("id", rs.getString("id"));
                o.put("user", rs.getString("username"));
                if (rs.getString("label") != null) {
                    o.put("label", rs.getString("label"));
                }
                o.put("createdAt", Times.format(rs.getLong("created_at")));
                Long revoked = Store.nullableLong(rs, "revoked_at");
                if (revoked != null) {
                    o.put("revokedAt", Times.format(revoked));
                }
                return o;
            }, args)) {
                list.add(n);
            }
        } else if (c instanceof Command.SshKeyList k) {
            admin(who);
            requireAccount(conn, k.user());
            ArrayNode list = result.putArray("keys");
            String sql = "SELECT key_id, username, fingerprint, public_key, comment, created_at FROM ssh_keys"
                    + (k.user() == null ? "" : " WHERE username = ?") + " ORDER BY username, created_at";
            Object[] args = k.user() == null ? new Object[0] : new Object[] {k.user()};
            for (ObjectNode n : Store.list(conn, sql, rs -> {
                ObjectNode o = codec.object();
                o.put("keyId", rs.getString("key_id"));
                o.put("user", rs.getString("username"));
                o.put("fingerprint", rs.getString("fingerprint"));
                String publicKey = rs.getString("public_key");
                o.put("algorithm", publicKey.substring(0, publicKey.indexOf(' ')));
                if (rs.getString("comment") != null) {
                    o.put("comment", rs.getString("comment"));
                }
                o.put("createdAt", Times.format(rs.getLong("created_at")));
                return o;
            }, args)) {
                list.add(n);
            }
        } else if (c instanceof Command.Audit q) {
            admin(who);
            int limit = q.limit() == null ? 100 : q.limit();
            List<ObjectNode> entries = Store.list(conn, "SELECT * FROM audit WHERE at >= ? ORDER BY id DESC LIMIT ?", rs -> {
                ObjectNode o = codec.object();
                o.put("id", rs.getLong("id"));
                o.put("at", Times.format(rs.getLong("at")));
                o.put("actor", rs.getString("actor"));
                o.put("action", rs.getString("action"));
                for (String optional : new String[] {"target", "detail", "ip"}) {
                    if (rs.getString(optional) != null) {
                        o.put(optional, rs.getString(optional));
                    }
                }
                return o;
            }, q.since() == null ? 0L : Times.parse(q.since()), limit + 1);
            result.putArray("entries").addAll(entries.subList(0, Math.min(limit, entries.size())));
            result.put("more", entries.size() > limit);
        } else if (c instanceof Command.BanList) {
            admin(who);
            ArrayNode list = result.putArray("bans");
            for (ObjectNode n : Store.list(conn, "SELECT * FROM bans ORDER BY created_at", rs -> {
                ObjectNode o = codec.object();
                o.put("id", rs.getString("id"));
                o.put("kind", rs.getString("kind"));
                o.put("value", rs.getString("value"));
                if (rs.getString("reason") != null) {
                    o.put("reason", rs.getString("reason"));
                }
                Long until = Store.nullableLong(rs, "until_at");
                if (until != null) {
                    o.put("until", Times.format(until));
                }
                o.put("by", rs.getString("created_by"));
                o.put("createdAt", Times.format(rs.getLong("created_at")));
                return o;
            })) {
                list.add(n);
            }
        }
        return codec.encode(new ServerFrame.Ok(id, result));
    }

    // ---- history -------------------------------------------------------------------------------

    private byte[] history(Connection conn, Principal who, Object id, Command.History h) throws SQLException {
        ChatRow chat = Store.one(conn, "SELECT * FROM chats WHERE id = ?", Store.CHAT, h.chat())
                .orElseThrow(() -> notFound(h.chat()));
        if (!mayRead(conn, who, chat)) {
            throw notFound(h.chat());
        }
        int limit = h.limit() == null ? 50 : h.limit();
        long before = h.before() == null ? Long.MAX_VALUE : h.before();
        String visible = who.isCustomer() ? "internal = 0" : "reach >= 0";
        List<EventRow> rows = new ArrayList<>(Store.chatEventsBefore(conn, chat.id(), before, visible, limit + 1));
        Collections.reverse(rows);
        List<EventRow> newestFirst = new ArrayList<>(DerivedChatEvents.expand(conn, rows, codec));
        newestFirst.removeIf(e -> e.seq() >= before);
        Collections.reverse(newestFirst);
        boolean more = newestFirst.size() > limit;
        // Build the frame by hand around the stored bodies, newest first, while they fit in one line.
        String head = "{\"type\":\"ok\"" + reField(id) + ",\"chat\":" + json(chat.id()) + ",\"events\":[";
        String tailMore = "],\"more\":true}\n";
        int budget = codec.limits().maxLineBytes() - head.length() - tailMore.length();
        List<byte[]> bodies = new ArrayList<>();
        int used = 0;
        for (int i = 0; i < Math.min(limit, newestFirst.size()); i++) {
            byte[] b = StoredEvents.json(newestFirst.get(i), who, codec);
            // An event too big for any page (its text written escaped) still comes, alone, as it did live:
            // an empty page with more=true would leave nothing to page back from.
            if (used + b.length + 1 > budget && !bodies.isEmpty()) {
                more = true;
                break;
            }
            bodies.add(b);
            used += b.length + 1;
        }
        Collections.reverse(bodies);
        ByteArrayOutputStream out = new ByteArrayOutputStream(used + head.length() + 32);
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < bodies.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(bodies.get(i));
        }
        out.writeBytes(("],\"more\":" + more + "}\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Customers read their own chats; agents the queue, their chats and those they handled; overseers all. */
    private static boolean mayRead(Connection conn, Principal who, ChatRow chat) throws SQLException {
        if (who.isCustomer()) {
            return chat.customerId() == who.customerId();
        }
        if (who.kind().oversees() || "queued".equals(chat.state()) || who.user().equals(chat.agent())) {
            return true;
        }
        return Store.one(conn, "SELECT 1 AS x FROM chat_agents WHERE chat_id = ? AND username = ?", rs -> true,
                chat.id(), who.user()).isPresent();
    }

    // ---- chat list -----------------------------------------------------------------------------

    private void chats(Connection conn, Command.Chats q, ObjectNode result) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM chats WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if ("open".equals(q.state())) {
            sql.append(" AND state <> 'closed'");
        } else if (q.state() != null) {
            sql.append(" AND state = ?");
            args.add(q.state());
        }
        if (q.agent() != null) {
            sql.append(" AND agent = ?");
            args.add(q.agent());
        }
        if (q.since() != null) {
            sql.append(" AND opened_at >= ?");
            args.add(Times.parse(q.since()));
        }
        // Chat ids are c<seq of their first event>, so their number orders chats by opening and pages them.
        String number = "CAST(SUBSTR(id, 2) AS BIGINT)";
        if (q.before() != null) {
            sql.append(" AND ").append(number).append(" < ?");
            args.add(chatNumber(q.before()));
        }
        int limit = q.limit() == null ? 100 : q.limit();
        sql.append(" ORDER BY ").append(number).append(" DESC LIMIT ?");
        args.add(limit + 1);
        List<ChatRow> rows = Store.list(conn, sql.toString(), Store.CHAT, args.toArray());
        ArrayNode list = result.putArray("chats");
        int budget = codec.limits().maxLineBytes() - 256;
        int used = 0;
        boolean more = rows.size() > limit;
        for (int i = 0; i < Math.min(limit, rows.size()); i++) {
            ObjectNode n = summary(rows.get(i));
            int size = codec.line(n).length;
            if (used + size > budget && !list.isEmpty()) {
                more = true;
                break;
            }
            used += size;
            list.add(n);
        }
        result.put("more", more);
    }

    private static long chatNumber(String chatId) {
        try {
            return Long.parseLong(chatId.substring(1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw ProtocolException.badFrame("'before' must be a chat id such as c42");
        }
    }

    private ObjectNode summary(ChatRow r) {
        ObjectNode n = codec.object();
        n.put("chat", r.id());
        n.put("state", r.state());
        ObjectNode customer = n.putObject("customer");
        customer.put("id", String.valueOf(r.customerId()));
        customer.put("name", r.customerName());
        if (r.customerEmail() != null) {
            customer.put("email", r.customerEmail());
        }
        if (r.agent() != null) {
            n.put("agent", r.agent());
        }
        if (r.topic() != null) {
            n.put("topic", r.topic());
        }
        n.put("openedAt", Times.format(r.openedAt()));
        putTime(n, "firstResponseAt", r.firstResponseAt());
        putTime(n, "closedAt", r.closedAt());
        if (r.closeReason() != null) {
            n.put("reason", r.closeReason());
        }
        if (r.rating() != null) {
            ObjectNode rating = n.putObject("rating");
            rating.put("score", r.rating());
            if (r.ratingComment() != null) {
                rating.put("comment", r.ratingComment());
            }
        }
        return n;
    }

    private static void putTime(ObjectNode n, String field, Long at) {
        if (at != null) {
            n.put(field, Times.format(at));
        }
    }

    private String reField(Object id) {
        if (id == null) {
            return "";
        }
        return ",\"re\":" + (id instanceof Number ? id.toString() : json(id.toString()));
    }

    private String json(String s) {
        try {
            return codec.mapper().writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void oversight(Principal who) {
        if (who.isCustomer() || !who.kind().oversees()) {
            throw forbidden("only supervisors and admins may do this");
        }
    }

    private static void admin(Principal who) {
        if (who.isCustomer() || who.kind() != Kind.ADMIN) {
            throw forbidden("only admins may do this");
        }
    }

    private static ProtocolException forbidden(String message) {
        return new ProtocolException(ErrorCode.FORBIDDEN, message);
    }

    /** An empty list for a name that is not an account would read as "this account has none": say it is not one. */
    private static void requireAccount(Connection conn, String user) throws SQLException {
        if (user != null && Store.one(conn, "SELECT 1 FROM accounts WHERE username = ?", rs -> 1, user).isEmpty()) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no account '" + user + "'");
        }
    }

    private static ProtocolException notFound(String chat) {
        return new ProtocolException(ErrorCode.NOT_FOUND, "no chat '" + chat + "'");
    }

}
