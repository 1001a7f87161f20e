package dev.switchboard.server.desk;

import dev.switchboard.server.store.ChatRow;
import java.util.Map;

/** One open (or just closed) chat as the desk holds it. Mutated only on the desk thread. */
final class ChatState {
    enum State { QUEUED, ACTIVE, CLOSED }

    final String id;
    final long no;
    final long customerId;
    final String customerName;
    final String customerEmail;
    final Map<String, String> context;
    final String contextJson;
    final String topic;
    final String ip;
    final long openedAt;
    final int earlier;

    State state = State.QUEUED;
    String agent;
    Long queuedAt;
    int queuePriority;
    Long waitingSince;
    Long firstAssignedAt;
    Long firstResponseAt;
    Long closedAt;
    String closeReason;
    String closedBy;
    Integer rating;
    String ratingComment;
    long lastChatSeq;
    Integer lastPosition;

    ChatState(String id, long no, long customerId, String customerName, String customerEmail,
              Map<String, String> context, String contextJson, String topic, String ip, long openedAt, int earlier) {
        this.id = id;
        this.no = no;
        this.customerId = customerId;
        this.customerName = customerName;
        this.customerEmail = customerEmail;
        this.context = context;
        this.contextJson = contextJson;
        this.topic = topic;
        this.ip = ip;
        this.openedAt = openedAt;
        this.earlier = earlier;
    }

    String wireState() {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    ChatRow row() {
        return new ChatRow(id, customerId, customerName, customerEmail, contextJson, topic, ip, wireState(), agent,
                openedAt, queuedAt, queuePriority, waitingSince, firstAssignedAt, firstResponseAt, closedAt, closeReason, closedBy,
                rating, ratingComment, lastChatSeq);
    }
}
