package dev.switchboard.server.testing;

import dev.switchboard.client.ClientListener;
import dev.switchboard.protocol.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A listener that keeps every frame a client receives, for tests to wait on and inspect. */
public final class Recorder implements ClientListener {
    private final List<ServerFrame> frames = new CopyOnWriteArrayList<>();
    private volatile int connects;
    private volatile int drops;
    private volatile String lastDrop;
    private volatile boolean lastDropRetries;

    @Override
    public void onFrame(ServerFrame frame) {
        frames.add(frame);
    }

    @Override
    public void onConnected(ServerFrame.Welcome welcome) {
        connects++;
    }

    @Override
    public void onDisconnected(String reason, boolean willRetry) {
        lastDrop = reason;
        lastDropRetries = willRetry;
        drops++;
    }

    /** Whether the client said it would reconnect after the last disconnect. */
    public boolean lastDropRetries() {
        return lastDropRetries;
    }

    /** The reason given with the last disconnect, or null. */
    public String lastDrop() {
        return lastDrop;
    }

    public List<ServerFrame> frames() {
        return List.copyOf(frames);
    }

    public int connects() {
        return connects;
    }

    public int drops() {
        return drops;
    }

    public <T extends ServerFrame> List<T> all(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ServerFrame f : frames) {
            if (type.isInstance(f)) {
                out.add(type.cast(f));
            }
        }
        return out;
    }

    public <T extends ServerFrame> List<T> all(Class<T> type, Predicate<T> p) {
        return all(type).stream().filter(p).toList();
    }

    /** Waits (up to 10 s) for a frame of this type matching {@code p}, and returns the first such. */
    public <T extends ServerFrame> T await(Class<T> type, Predicate<T> p) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !all(type, p).isEmpty());
        return all(type, p).get(0);
    }

    public <T extends ServerFrame> T await(Class<T> type) {
        return await(type, f -> true);
    }

    /** Waits for a message with this text. */
    public ServerFrame.Message awaitText(String text) {
        return await(ServerFrame.Message.class, m -> m.text().equals(text));
    }

    public void clear() {
        frames.clear();
    }
}
