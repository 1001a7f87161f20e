package dev.switchboard.server.store;

/**
 * The stored projection of one chat. Times are epoch millis; null where unset. The fields after
 * {@code lastChatSeq} belong to the rush-hour policies (migration V2); {@code sla*} are {@code hit}, {@code miss}
 * or null.
 */
public record ChatRow(String id, long customerId, String customerName, String customerEmail, String context,
                      String topic, String ip, String state, String agent, long openedAt, Long queuedAt,
                      int queuePriority, Long waitingSince, Long firstAssignedAt, Long firstResponseAt, Long closedAt, String closeReason,
                      String closedBy, Integer rating, String ratingComment, long lastChatSeq,
                      String team, String preferredAgent, boolean onHold, int autoReplies, Long answeredAt,
                      Long idleWarnedAt, String slaFirstResponse, String slaNextResponse, String slaResolution) {
}
