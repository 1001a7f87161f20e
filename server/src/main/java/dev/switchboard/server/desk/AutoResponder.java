package dev.switchboard.server.desk;

import dev.switchboard.server.desk.DeskConfig.AutoReply;
import java.sql.SQLException;
import java.util.List;

/**
 * Holding messages: while no agent has greeted a chat, the customer hears from the desk at the configured times
 * after opening (by default 10 s, 60 s and 180 s), with their queue position. A desk that was held up sends
 * only the latest message due, not a burst of stale ones.
 */
final class AutoResponder {
    private final Desk desk;

    AutoResponder(Desk desk) {
        this.desk = desk;
    }

    void check(ChatState c) throws SQLException {
        List<java.time.Duration> after = desk.config.autoReply().after();
        if (c.firstResponseAt != null || c.onHold || c.autoReplies >= after.size()) {
            return;
        }
        long age = desk.now() - c.openedAt;
        int due = c.autoReplies;
        if (age < after.get(due).toMillis()) {
            return;
        }
        while (due + 1 < after.size() && age >= after.get(due + 1).toMillis()) {
            due++;
        }
        desk.emitSystemMessage(c, text(c, due), false, null);
        c.autoReplies = due + 1;
        desk.persist(c);
    }

    private String text(ChatState c, int stage) {
        AutoReply cfg = desk.config.autoReply();
        if (c.state == ChatState.State.QUEUED && !cfg.queuedTexts().isEmpty()) {
            String template = cfg.queuedTexts().get(Math.min(stage, cfg.queuedTexts().size() - 1));
            return template.replace("{position}", String.valueOf(c.lastPosition));
        }
        AgentState a = c.agent == null ? null : desk.agents.get(c.agent);
        return cfg.assignedText().replace("{agent}", a == null ? "An agent" : a.account.displayName());
    }
}
