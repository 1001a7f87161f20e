package dev.switchboard.server.store;

import java.nio.charset.StandardCharsets;

/**
 * One stored chat event. {@code reach}: {@link #CUSTOMER_ONLY}, {@link #PARTIES} or {@link #ALL_STAFF}. {@code body} is the event's JSON without {@code cid}; the audience columns decide who
 * may receive it, live or on replay (see {@code Audience}). {@code waitChange}: on a message, the chat event
 * at {@code seq + 1} that is derived from it instead of stored ({@link DerivedChatEvents}); null on the rest.
 */
public record EventRow(long seq, String chatId, String type, long at, long customerId, String agent,
                       String prevAgent, int reach, boolean internal, String sender, String cid,
                       String body, WaitChange waitChange) {
    /** Only the chat's customer (queue position updates). */
    public static final int CUSTOMER_ONLY = -1;
    /** The customer (unless internal), the assigned and previous agent, and overseers. */
    public static final int PARTIES = 0;
    /** Additionally every staff session: the chat entered or left the queue. */
    public static final int ALL_STAFF = 1;

    /**
     * A message's change of its chat's wait state: the customer is {@code waiting} from the message on, or an
     * agent's answer ended the wait. {@code base}: the seq of the stored chat event whose other fields the
     * derived one repeats.
     */
    public record WaitChange(boolean waiting, long base) {
    }

    /** The stored body of an encoded frame: its line without the LF. */
    public static String body(byte[] line) {
        return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
    }

    /** The seq of the last event this row stands for: its own, or that of the chat event derived from it. */
    public long lastSeq() {
        return waitChange == null ? seq : seq + 1;
    }

    public EventRow withWaitChange(WaitChange change) {
        return new EventRow(seq, chatId, type, at, customerId, agent, prevAgent, reach, internal, sender, cid, body,
                change);
    }
}
