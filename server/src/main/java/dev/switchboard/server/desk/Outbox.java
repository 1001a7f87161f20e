package dev.switchboard.server.desk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one batch sends, held until its commit: per peer, in order. After the commit each peer gets one
 * {@link Peer#deliver} call, so the network flushes once per peer per batch.
 */
final class Outbox {
    private static final class Lines {
        final List<byte[]> frames = new ArrayList<>(4);
        int replies;
        Runnable welcome;
        /** Where the current request's reply goes: before the events the request produced. */
        int replyAt = -1;
    }

    private final Map<Peer, Lines> byPeer = new LinkedHashMap<>();

    /** A request from {@code peer} starts: its reply will precede every frame sent to the peer from now on. */
    void beginRequest(Peer peer) {
        Lines l = byPeer.computeIfAbsent(peer, p -> new Lines());
        l.replyAt = l.frames.size();
    }

    void reply(Peer peer, byte[] frame) {
        Lines l = byPeer.computeIfAbsent(peer, p -> new Lines());
        if (l.replyAt >= 0) {
            l.frames.add(l.replyAt, frame);
            l.replyAt = -1;
        } else {
            l.frames.add(frame);
        }
        l.replies++;
    }

    void send(Peer peer, byte[] frame) {
        byPeer.computeIfAbsent(peer, p -> new Lines()).frames.add(frame);
    }

    /** Runs before this peer's frames of the batch: the welcome of a session that attached in it. */
    void welcome(Peer peer, Runnable action) {
        byPeer.computeIfAbsent(peer, p -> new Lines()).welcome = action;
    }

    void flush() {
        for (Map.Entry<Peer, Lines> e : byPeer.entrySet()) {
            Lines l = e.getValue();
            if (l.welcome != null) {
                l.welcome.run();
            }
            if (!l.frames.isEmpty()) {
                e.getKey().deliver(l.frames, l.replies);
            }
        }
        byPeer.clear();
    }

    void clear() {
        byPeer.clear();
    }

    boolean isEmpty() {
        return byPeer.isEmpty();
    }
}
