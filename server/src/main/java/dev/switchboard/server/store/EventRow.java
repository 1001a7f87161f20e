package dev.switchboard.server.store;

/**
 * One stored chat event. {@code reach}: {@link #CUSTOMER_ONLY}, {@link #PARTIES} or {@link #ALL_STAFF}. {@code body} is the event's JSON without {@code cid}; the audience columns decide who
 * may receive it, live or on replay (see {@code Audience}).
 */
public record EventRow(long seq, String chatId, String type, long at, long customerId, String agent,
                       String prevAgent, int reach, boolean internal, String sender, String cid,
                       String body) {
    /** Only the chat's customer (queue position updates). */
    public static final int CUSTOMER_ONLY = -1;
    /** The customer (unless internal), the assigned and previous agent, and overseers. */
    public static final int PARTIES = 0;
    /** Additionally every staff session: the chat entered or left the queue. */
    public static final int ALL_STAFF = 1;
}
