package dev.switchboard.server.desk;

import dev.switchboard.server.accounts.Principal;
import java.util.List;

/**
 * A connected session as the desk sees it. The desk calls these from more than one thread: answers and events after
 * their commit from its store writer's thread, {@code typing} and refusals of malformed requests from the desk
 * thread. Implementations are thread-safe and hand the bytes to the network without blocking.
 */
public interface Peer {

    /** Who this is; null until the desk attaches it. */
    Principal principal();

    /** Called by the desk when it accepts the session's {@code hello}, before anything is sent to it. */
    void attach(Principal principal);

    String remoteIp();

    /** The customer's context from {@code hello} (page, location, search query…); null for staff. */
    java.util.Map<String, String> context();

    /** Encoded frames (each one line ending in LF) in order; {@code replies} of them answer this peer's requests. */
    void deliver(List<byte[]> frames, int replies);

    /** A frame that is not stored and may be dropped when the client is slow (typing). */
    void deliverDroppable(byte[] frame);

    /**
     * Authentication succeeded: send {@code welcome}, replay events after {@code after} (when not null) up to
     * {@code seq}, then {@code resumed} and {@code snapshot} (staff), then the live frames delivered meanwhile.
     */
    void welcomed(Principal principal, byte[] welcome, long seq, Long after, byte[] snapshot);

    /** Sends a final frame and closes the connection. */
    void closeWith(byte[] finalFrame);
}
