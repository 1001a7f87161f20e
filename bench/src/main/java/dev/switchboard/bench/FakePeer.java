package dev.switchboard.bench;

import dev.switchboard.server.accounts.Principal;
import dev.switchboard.server.desk.Peer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** A session without a socket: counts replies and frames, and keeps frames when asked (setup reads chat ids). */
final class FakePeer implements Peer {
    private final String ip;
    private volatile Principal principal;
    final AtomicLong replies = new AtomicLong();
    final AtomicLong frames = new AtomicLong();
    final AtomicLong welcomes = new AtomicLong();
    volatile boolean keep;
    final ConcurrentLinkedQueue<byte[]> kept = new ConcurrentLinkedQueue<>();

    FakePeer(String ip) {
        this.ip = ip;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public void attach(Principal p) {
        principal = p;
    }

    @Override
    public String remoteIp() {
        return ip;
    }

    @Override
    public Map<String, String> context() {
        return Map.of("page", "/bench");
    }

    @Override
    public void deliver(List<byte[]> list, int n) {
        if (keep) {
            kept.addAll(list);
        }
        frames.addAndGet(list.size());
        replies.addAndGet(n);
    }

    @Override
    public void deliverDroppable(byte[] frame) {
    }

    @Override
    public void welcomed(Principal p, byte[] welcome, long seq, Long after, byte[] snapshot) {
        welcomes.incrementAndGet();
    }

    @Override
    public void closeWith(byte[] finalFrame) {
        throw new IllegalStateException("closed: " + new String(finalFrame, java.nio.charset.StandardCharsets.UTF_8));
    }
}
