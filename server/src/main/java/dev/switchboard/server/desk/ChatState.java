package dev.switchboard.server.desk;

import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.store.ChatRow;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

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
    long lastChatAt;
    /** The last chat event sent in this run (null before the first): what a derived one may repeat. */
    ServerFrame.Chat lastChatFrame;
    /** The seq of the last chat event stored as a row of its own in this run. */
    long storedChatSeq;
    Integer lastPosition;
    /** The estimate last published to the queued customer, in minutes; null when none was given. */
    Integer lastEstimate;

    // ---- rush-hour policies --------------------------------------------------------------------
    /** The team that serves this chat (its topic's team, or the team it was transferred to); null: anyone. */
    String team;
    /** Offered first to this agent: the one who served the customer last. */
    String preferredAgent;
    /** The agent is waiting on something outside the chat: it does not count towards their cap, timers pause. */
    boolean onHold;
    /** Holding messages sent while no agent had greeted the customer. */
    int autoReplies;
    /** The assigned agent's latest reply; the customer's silence is counted from it. */
    Long answeredAt;
    Long idleWarnedAt;
    /** When the current agent got the chat; a wait for them is counted from no earlier than this. */
    long assignedAt;
    /** Agents who let this chat go unanswered; routing skips them until they answer somewhere again. */
    final Set<String> passedOver = new HashSet<>();
    /** The customer wait for which a next-response breach was reported already. */
    Long breachedWait;
    String slaFirstResponse;
    String slaNextResponse;
    String slaResolution;

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
                rating, ratingComment, lastChatSeq, team, preferredAgent, onHold, autoReplies, answeredAt, idleWarnedAt,
                slaFirstResponse, slaNextResponse, slaResolution);
    }
}
