package dev.switchboard.server.desk;

import dev.switchboard.server.desk.DeskConfig.Sla;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * Service-level targets. Each chat records {@code hit} or {@code miss} per target: first response (from the
 * opening to the first agent reply), next response (every later wait for an agent reply; one miss makes it a
 * miss) and resolution (from the opening to the close, for chats an agent answered). A miss is reported the
 * moment the target passes, as a {@code breach} event to the assigned agent and supervisors.
 */
final class SlaTracker {
    static final String HIT = "hit";
    static final String MISS = "miss";
    private final Desk desk;

    SlaTracker(Desk desk) {
        this.desk = desk;
    }

    /** An agent replies in {@code c}; call before the reply changes {@code firstResponseAt} and {@code waitingSince}. */
    void answering(ChatState c) {
        Sla t = desk.config.sla();
        if (c.firstResponseAt == null) {
            if (t.firstResponse() != null && c.slaFirstResponse == null) {
                c.slaFirstResponse = outcome(desk.now() - c.openedAt, t.firstResponse());
            }
        } else if (c.waitingSince != null && t.nextResponse() != null && !MISS.equals(c.slaNextResponse)) {
            c.slaNextResponse = outcome(desk.now() - c.waitingSince, t.nextResponse());
        }
    }

    /** {@code c} is closing now. */
    void closing(ChatState c) {
        Duration target = desk.config.sla().resolution();
        if (target != null && c.slaResolution == null && c.firstResponseAt != null) {
            c.slaResolution = outcome(desk.now() - c.openedAt, target);
        }
    }

    /** Reports the targets {@code c} has just missed. */
    void check(ChatState c) throws SQLException {
        Sla t = desk.config.sla();
        long now = desk.now();
        if (t.firstResponse() != null && c.firstResponseAt == null && c.slaFirstResponse == null
                && now - c.openedAt > t.firstResponse().toMillis()) {
            c.slaFirstResponse = MISS;
            breach(c, "first_response", c.openedAt + t.firstResponse().toMillis());
        }
        if (t.nextResponse() != null && c.firstResponseAt != null && c.waitingSince != null && !c.onHold
                && !Objects.equals(c.breachedWait, c.waitingSince)
                && now - c.waitingSince > t.nextResponse().toMillis()) {
            c.slaNextResponse = MISS;
            c.breachedWait = c.waitingSince;
            breach(c, "next_response", c.waitingSince + t.nextResponse().toMillis());
        }
        if (t.resolution() != null && c.slaResolution == null && now - c.openedAt > t.resolution().toMillis()) {
            c.slaResolution = MISS;
            breach(c, "resolution", c.openedAt + t.resolution().toMillis());
        }
    }

    private void breach(ChatState c, String target, long due) throws SQLException {
        desk.emitBreach(c, target, due);
        desk.persist(c);
    }

    private static String outcome(long took, Duration target) {
        return took <= target.toMillis() ? HIT : MISS;
    }
}
