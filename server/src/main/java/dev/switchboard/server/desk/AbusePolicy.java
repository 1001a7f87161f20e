package dev.switchboard.server.desk;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.Times;
import dev.switchboard.server.accounts.Principal;
import dev.switchboard.server.net.ClientAddress;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Closing a chat with reason {@code abusive}: the customer receives the configured policy text, their customer
 * id and IP are optionally banned for a period (their next {@code hello} or {@code open} is answered
 * {@code banned} with the expiry), and the audit log records who did it. A loopback IP is not banned: it is a
 * local proxy's or tool's, and every customer behind it would be shut out.
 */
final class AbusePolicy {
    static final String REASON = Command.Close.ABUSIVE;
    private final Desk desk;

    AbusePolicy(Desk desk) {
        this.desk = desk;
    }

    /** Runs before the close event, so that the customer reads the policy text first. */
    void closing(ChatState c, Principal by, String byIp) throws SQLException {
        desk.emitSystemMessage(c, desk.config.abuse().message(), false, null);
        Duration ban = desk.config.abuse().ban();
        StringBuilder detail = new StringBuilder("closed as abusive");
        if (ban != null) {
            long until = desk.now() + ban.toMillis();
            String reason = "abusive in chat " + c.id;
            ban("customer", String.valueOf(c.customerId), reason, until, by);
            detail.append("; customer ").append(c.customerId);
            boolean banIp = c.ip != null && !ClientAddress.isLoopback(c.ip);
            if (banIp) {
                ban("ip", c.ip, reason, until, by);
                detail.append(" and ip ").append(c.ip);
            }
            detail.append(" banned until ").append(Times.format(until));
            if (c.ip != null && !banIp) {
                detail.append("; ip ").append(c.ip).append(" not banned (loopback: a local proxy or tool, shared by every customer behind it)");
            }
        }
        desk.audit(by.sender(), "chat.abusive", c.id, detail.toString(), byIp);
    }

    private void ban(String kind, String value, String reason, long until, Principal by) throws SQLException {
        desk.store().update("INSERT INTO bans (id, kind, value, reason, until_at, created_by, created_at) VALUES (?,?,?,?,?,?,?)",
                String.valueOf(++desk.lastObjectId), kind, value, reason, until, by.user(), desk.now());
    }
}
