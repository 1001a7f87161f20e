package dev.switchboard.server.desk;

import dev.switchboard.server.desk.DeskConfig.IdleClose;
import dev.switchboard.server.store.EventRow;
import java.sql.SQLException;

/**
 * Idle close: when the agent has answered and the customer then stays silent, the customer is warned, and if
 * they stay silent the chat closes with reason {@code idle}. Held chats are exempt. A customer who writes again
 * within the reopen window reopens the chat, offered first to the same agent.
 */
final class IdleClosePolicy {
    static final String REASON = "idle";
    private final Desk desk;

    IdleClosePolicy(Desk desk) {
        this.desk = desk;
    }

    void check(ChatState c) throws SQLException {
        IdleClose cfg = desk.config.idle();
        if (cfg.warnAfter() == null || c.state != ChatState.State.ACTIVE || c.onHold || c.waitingSince != null
                || c.answeredAt == null) {
            return;
        }
        if (c.idleWarnedAt == null) {
            if (desk.now() - c.answeredAt >= cfg.warnAfter().toMillis()) {
                desk.emitSystemMessage(c, cfg.warning(), false, null);
                c.idleWarnedAt = desk.now();
                desk.persist(c);
            }
        } else if (desk.now() - c.idleWarnedAt >= cfg.closeAfter().toMillis()) {
            desk.closeChat(c, REASON, "system", null, null);
        }
    }

    /** The customer wrote into {@code closed}: may it reopen? */
    boolean reopens(ChatState closed) {
        IdleClose cfg = desk.config.idle();
        return cfg.warnAfter() != null && REASON.equals(closed.closeReason) && closed.closedAt != null
                && desk.now() - closed.closedAt <= cfg.reopenWithin().toMillis();
    }

    /** Puts a chat closed as idle back at the head of the queue, to be offered to its last agent first. */
    void reopen(ChatState closed) throws SQLException {
        String lastAgent = closed.agent;
        closed.agent = null;
        closed.preferredAgent = lastAgent;
        closed.closedAt = null;
        closed.closeReason = null;
        closed.closedBy = null;
        closed.idleWarnedAt = null;
        closed.slaResolution = null;
        desk.register(closed);
        desk.enqueue(closed, true);
        desk.emitChat(closed, EventRow.ALL_STAFF, lastAgent, null, null);
        // Routed before the customer's message is stored, so that the agent who takes it receives that message.
        desk.route();
    }
}
