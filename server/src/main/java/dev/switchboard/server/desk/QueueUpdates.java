package dev.switchboard.server.desk;

import dev.switchboard.server.store.EventRow;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Queue positions and estimated waits. A queued customer gets a {@code chat} event whenever either changes
 * (staff are not told: they see the queue itself). A chat's position counts the chats ahead of it that compete
 * for the same agents: for a team's chat, the team's own and the general ones; for a general chat, all. The
 * estimate is position × mean handling time ÷ the capacity of the agents who may take the chat, rounded up to
 * whole minutes; it is absent until the desk has seen chats handled and while nobody can take the chat.
 */
final class QueueUpdates {
    /** Recent handling times (assignment to close) that the estimate averages. */
    static final int WINDOW = 20;

    private final Desk desk;
    private final Deque<Long> handlingTimes = new ArrayDeque<>();

    QueueUpdates(Desk desk) {
        this.desk = desk;
    }

    /** A chat closed after an agent held it for {@code millis}. */
    void handled(long millis) {
        handlingTimes.addLast(millis);
        while (handlingTimes.size() > WINDOW) {
            handlingTimes.removeFirst();
        }
    }

    /** After a (re)load: the latest handling times from the store, oldest first. */
    void reset(List<Long> oldestFirst) {
        handlingTimes.clear();
        oldestFirst.forEach(this::handled);
    }

    /** Sets the position and estimate of a chat that is about to get its own event. */
    void refresh(ChatState quiet) {
        Integer pos = positions().get(quiet);
        quiet.lastPosition = pos;
        quiet.lastEstimate = pos == null ? null : estimateMinutes(quiet.team, pos);
    }

    /** After a (re)load: the current positions and estimates, as the customers last heard them. */
    void refreshAll() {
        for (Map.Entry<ChatState, Integer> e : positions().entrySet()) {
            e.getKey().lastPosition = e.getValue();
            e.getKey().lastEstimate = estimateMinutes(e.getKey().team, e.getValue());
        }
    }

    /** Tells each queued customer whose position or estimate changed. */
    void publish() throws SQLException {
        for (Map.Entry<ChatState, Integer> e : positions().entrySet()) {
            ChatState q = e.getKey();
            int pos = e.getValue();
            Integer estimate = estimateMinutes(q.team, pos);
            if (!Objects.equals(q.lastPosition, pos) || !Objects.equals(q.lastEstimate, estimate)) {
                q.lastPosition = pos;
                q.lastEstimate = estimate;
                desk.emitChat(q, EventRow.CUSTOMER_ONLY, null, null, null);
            }
        }
    }

    private Map<ChatState, Integer> positions() {
        Map<ChatState, Integer> out = new LinkedHashMap<>();
        Map<String, Integer> teamAhead = new HashMap<>();
        int generalAhead = 0;
        int allAhead = 0;
        for (ChatState q : desk.queue) {
            out.put(q, q.team == null ? allAhead + 1 : generalAhead + teamAhead.getOrDefault(q.team, 0) + 1);
            allAhead++;
            if (q.team == null) {
                generalAhead++;
            } else {
                teamAhead.merge(q.team, 1, Integer::sum);
            }
        }
        return out;
    }

    private Integer estimateMinutes(String team, int position) {
        if (handlingTimes.isEmpty()) {
            return null;
        }
        int capacity = 0;
        for (AgentState a : desk.agents.values()) {
            if (a.takesNewChats() && (team == null || team.equals(a.team()))) {
                capacity += a.cap(desk.config.defaultCap());
            }
        }
        if (capacity == 0) {
            return null;
        }
        double mean = handlingTimes.stream().mapToLong(Long::longValue).average().orElse(0);
        long millis = Math.round(position * mean / capacity);
        return (int) Math.max(1, (millis + 59_999) / 60_000);
    }
}
