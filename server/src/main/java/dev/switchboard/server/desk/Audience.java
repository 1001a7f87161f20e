package dev.switchboard.server.desk;

import dev.switchboard.server.accounts.Principal;
import dev.switchboard.server.store.EventRow;

/**
 * Who may receive a stored event (DESIGN invariant 5). Live fan-out and resume replay use these two forms of
 * one rule, so a resumed client receives exactly what it would have received live.
 * <ul>
 * <li>customers: events of their own chats, never internal ones;</li>
 * <li>agents and bots: events of chats assigned to them (or just taken from them) and queue changes;</li>
 * <li>supervisors and admins: everything but the customer's own queue-position updates.</li>
 * </ul>
 */
public final class Audience {
    private Audience() {
    }

    public static boolean mayReceive(Principal p, EventRow e) {
        if (p.isCustomer()) {
            return p.customerId() == e.customerId() && !e.internal();
        }
        if (e.reach() == EventRow.CUSTOMER_ONLY) {
            return false;
        }
        if (p.kind().oversees()) {
            return true;
        }
        return e.reach() == EventRow.ALL_STAFF || p.user().equals(e.agent()) || p.user().equals(e.prevAgent());
    }

    /** The SQL form of {@link #mayReceive}: a WHERE condition on events and its arguments. */
    public record Filter(String where, Object[] args) {
    }

    /** {@link #mayReceive} in SQL, for the events with {@code after < seq <= upTo}. */
    public static Filter sql(Principal p, long after, long upTo) {
        if (p.isCustomer()) {
            // Through the customer's chats: events have no index by customer (V4); chats_customer and, by chat,
            // chat_event_seqs (V5) lead to them. The range goes inside, so the log's tail is read from `after` on.
            return new Filter("seq IN (SELECT seq FROM chat_event_seqs WHERE seq > ? AND seq <= ? AND chat_id IN"
                    + " (SELECT id FROM chats WHERE customer_id = ?)) AND internal = 0",
                    new Object[] {after, upTo, p.customerId()});
        }
        if (p.kind().oversees()) {
            return new Filter("seq > ? AND seq <= ? AND reach >= 0", new Object[] {after, upTo});
        }
        return new Filter("seq > ? AND seq <= ? AND (reach = 1 OR agent = ? OR prev_agent = ?)",
                new Object[] {after, upTo, p.user(), p.user()});
    }
}
