package dev.switchboard.server.desk;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Reassign on no answer, and away when unresponsive. A customer who has waited longer than the limit for the
 * assigned agent (counted from the later of their oldest unanswered message and the assignment) gets another
 * agent who may take the chat, else the head of the queue; the agent is told why, and routing skips them for
 * this chat until they answer somewhere. After the configured number of such chats in a row the agent is set
 * away. Off in manual-accept mode, where nobody was offered the chat in the first place.
 */
final class NoAnswerPolicy {
    private final Desk desk;

    NoAnswerPolicy(Desk desk) {
        this.desk = desk;
    }

    void check(ChatState c) throws SQLException {
        Duration limit = desk.config.noAnswer().reassignAfter();
        if (limit == null || desk.config.manualAccept() || c.state != ChatState.State.ACTIVE || c.onHold
                || c.waitingSince == null || c.agent == null) {
            return;
        }
        long waited = desk.now() - Math.max(c.waitingSince, c.assignedAt);
        if (waited < limit.toMillis()) {
            return;
        }
        AgentState slow = desk.agents.get(c.agent);
        String why = c.customerName + " waited " + waited / 1000 + " s without an answer from "
                + slow.account.displayName() + ", so the chat was passed on.";
        slow.unansweredInARow++;
        c.passedOver.add(slow.user());
        AgentState next = desk.routing.another(c);
        if (next != null) {
            desk.assign(c, next);
        } else {
            desk.requeue(c, "no answer from " + slow.user());
        }
        desk.emitSystemMessage(c, why, true, slow.user());
        desk.notice(slow, null, "reassigned", c.id, why, null);
        int awayAfter = desk.config.noAnswer().awayAfter();
        if (awayAfter > 0 && slow.unansweredInARow >= awayAfter && slow.available) {
            slow.available = false;
            desk.queueChanged();
            desk.notice(slow, null, "auto_away", null, "You were set away after " + slow.unansweredInARow
                    + " chats in a row went unanswered; set yourself available to receive chats again.", "away");
        }
    }
}
