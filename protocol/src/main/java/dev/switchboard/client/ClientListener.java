package dev.switchboard.client;

import dev.switchboard.protocol.ServerFrame;

/**
 * Receives what the server pushes. Called on the connection's I/O thread: hand work to your own thread
 * instead of blocking here.
 */
public interface ClientListener {

    /** Every frame that is not a reply: chat and message events (each once, in seq order), typing, snapshot, resumed. */
    default void onFrame(ServerFrame frame) {
    }

    /** Connected and welcomed (first time or after a reconnect). */
    default void onConnected(ServerFrame.Welcome welcome) {
    }

    /** The connection dropped; {@code willRetry} tells whether the client reconnects by itself. */
    default void onDisconnected(String reason, boolean willRetry) {
    }

    /** The server's store changed (a different database): cached events must be dropped; a full resync follows. */
    default void onStoreChanged() {
    }
}
