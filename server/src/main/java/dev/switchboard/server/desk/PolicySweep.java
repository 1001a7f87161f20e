package dev.switchboard.server.desk;

import java.sql.SQLException;
import java.util.List;

/**
 * The timed policies, checked together ten times a second on the desk thread against the desk's clock. Each
 * check looks only at a chat's state and the time, so a late or repeated sweep (or a restart) does the right
 * thing, and tests move an injected clock instead of waiting.
 */
final class PolicySweep {
    /** Often enough that a 10-second holding message is at most a tenth of a second late. */
    static final long EVERY_MILLIS = 100;

    private final Desk desk;
    private final SlaTracker sla;
    private final AutoResponder autoResponder;
    private final NoAnswerPolicy noAnswer;
    private final IdleClosePolicy idle;

    PolicySweep(Desk desk, SlaTracker sla, IdleClosePolicy idle) {
        this.desk = desk;
        this.sla = sla;
        this.autoResponder = new AutoResponder(desk);
        this.noAnswer = new NoAnswerPolicy(desk);
        this.idle = idle;
    }

    void run() throws SQLException {
        for (ChatState c : List.copyOf(desk.chats.values())) {
            if (c.state == ChatState.State.CLOSED) {
                continue;
            }
            sla.check(c);
            autoResponder.check(c);
            noAnswer.check(c);
            idle.check(c);
        }
        desk.route();
        desk.schedule(desk.now() + EVERY_MILLIS, this::run);
    }
}
