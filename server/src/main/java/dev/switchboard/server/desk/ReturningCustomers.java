package dev.switchboard.server.desk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Times;
import dev.switchboard.server.store.ChatRow;
import dev.switchboard.server.store.Store;
import java.sql.SQLException;
import java.util.List;

/**
 * Returning customers, recognised by the same customer token or the same email: their new chat is offered first
 * to the agent who served them last, and staff can list their earlier chats. (An email is not verified: it only
 * ever steers routing and what staff see, never what the customer sees.)
 */
final class ReturningCustomers {
    /** SQL: chat {@code p} belongs to the same customer as chat {@code o}. */
    static final String SAME_CUSTOMER = "(p.customer_id = o.customer_id OR p.customer_email = o.customer_email)";
    private static final String SAME_AS_ARGS = "(customer_id = ? OR customer_email = ?)";

    private final Desk desk;

    ReturningCustomers(Desk desk) {
        this.desk = desk;
    }

    /** How many chats of this customer were opened before chat {@code chatId} (opened at {@code openedAt}). */
    int earlierCount(long customerId, String email, String chatId, long openedAt) throws SQLException {
        return desk.store().queryWriter(conn -> Store.one(conn, "SELECT COUNT(*) AS n FROM chats WHERE " + SAME_AS_ARGS
                + " AND id <> ? AND opened_at <= ?", rs -> rs.getInt("n"), customerId, email, chatId, openedAt)).orElse(0);
    }

    /** The agent of this customer's latest chat that had one, or null. */
    String lastAgent(long customerId, String email) throws SQLException {
        return desk.store().queryWriter(conn -> Store.one(conn, "SELECT agent FROM chats WHERE " + SAME_AS_ARGS
                + " AND agent IS NOT NULL ORDER BY opened_at DESC, id DESC LIMIT 1", rs -> rs.getString("agent"),
                customerId, email)).orElse(null);
    }

    /** Summaries of the customer's chats before {@code c}, newest first. */
    ArrayNode earlierChats(ChatState c, int limit) throws SQLException {
        List<ChatRow> rows = desk.store().queryWriter(conn -> Store.list(conn, "SELECT * FROM chats WHERE " + SAME_AS_ARGS
                + " AND id <> ? AND opened_at <= ? ORDER BY opened_at DESC, id DESC LIMIT ?", Store.CHAT,
                c.customerId, c.customerEmail, c.id, c.openedAt, limit));
        ArrayNode list = desk.codec.mapper().createArrayNode();
        for (ChatRow r : rows) {
            ObjectNode n = list.addObject();
            n.put("chat", r.id());
            n.put("state", r.state());
            n.put("openedAt", Times.format(r.openedAt()));
            if (r.closedAt() != null) {
                n.put("closedAt", Times.format(r.closedAt()));
            }
            if (r.agent() != null) {
                n.put("agent", r.agent());
            }
            if (r.topic() != null) {
                n.put("topic", r.topic());
            }
            if (r.closeReason() != null) {
                n.put("reason", r.closeReason());
            }
            if (r.rating() != null) {
                n.put("rating", r.rating());
            }
        }
        return list;
    }
}
