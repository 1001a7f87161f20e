package dev.switchboard.server.session;

import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.accounts.Principal;
import dev.switchboard.server.desk.Peer;
import dev.switchboard.server.net.ClientAddress;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * One connection's session, shared by its pipeline handlers and seen by the desk as a {@link Peer}. Every
 * write goes through the channel's event loop in order; while the session catches up (replay after
 * {@code welcome}) live frames are held back and sent after {@code resumed} and {@code snapshot}, so a client
 * always sees welcome, replay, resumed, snapshot, live. A session whose client cannot keep up is cut off
 * instead of being buffered without bound (invariant 3); it resumes later.
 */
public final class Session implements Peer {
    public static final AttributeKey<Session> KEY = AttributeKey.valueOf("switchboard.session");

    /** Live frames held while catching up, before the session is cut off. */
    static final int MAX_HELD_FRAMES = 20_000;
    /** Bytes waiting in the outbound buffer before the session is cut off. */
    static final long MAX_PENDING_BYTES = 1 << 20;
    /** How long the outbound buffer may stay above its high watermark before the session is cut off. */
    static final java.time.Duration MAX_UNWRITABLE = java.time.Duration.ofSeconds(30);

    enum Phase { GREETING, AUTHENTICATING, CATCHING_UP, LIVE, CLOSED }

    private final Channel channel;
    private final Codec codec;
    private final Replayer replayer;
    private final int maxInflight;
    private final String remoteIp;
    private volatile Principal principal;
    private volatile Map<String, String> context;

    // Event-loop confined.
    Phase phase = Phase.GREETING;
    int framesBeforeHello;
    int failedHellos;
    private int inflight;
    /** Frames that arrived while the hello was being checked; handled once welcomed. */
    Runnable afterWelcome;
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();

    public Session(Channel channel, Codec codec, Replayer replayer, int maxInflight) {
        this.channel = channel;
        this.codec = codec;
        this.replayer = replayer;
        this.maxInflight = maxInflight;
        this.remoteIp = ClientAddress.of(channel);
    }

    public Channel channel() {
        return channel;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public String remoteIp() {
        return remoteIp;
    }

    @Override
    public void attach(Principal who) {
        this.principal = who;
    }

    @Override
    public Map<String, String> context() {
        return context;
    }

    void context(Map<String, String> c) {
        this.context = c;
    }

    public boolean isLive() {
        return phase == Phase.LIVE || phase == Phase.CATCHING_UP;
    }

    // ---- from the desk and the readers (any thread) ----------------------------------------

    @Override
    public void deliver(List<byte[]> frames, int replies) {
        channel.eventLoop().execute(() -> {
            repliesDone(replies);
            for (byte[] f : frames) {
                send(f);
            }
            flush();
        });
    }

    @Override
    public void welcomed(Principal who, byte[] welcome, long seq, Long after, byte[] snapshot) {
        channel.eventLoop().execute(() -> {
            if (phase == Phase.CLOSED) {
                return;
            }
            channel.write(Unpooled.wrappedBuffer(welcome));
            phase = Phase.CATCHING_UP;
            Runnable hook = afterWelcome;
            afterWelcome = null;
            if (after == null) {
                caughtUp(null, snapshot);
            } else {
                replayer.replay(this, who, after, seq, replayed -> caughtUp(
                        codec.encode(new ServerFrame.Resumed(seq, replayed)), snapshot));
            }
            if (hook != null) {
                hook.run();
            }
        });
    }

    @Override
    public void closeWith(byte[] finalFrame) {
        channel.eventLoop().execute(() -> {
            phase = Phase.CLOSED;
            sendFinal(finalFrame);
        });
    }

    /** Writes a last frame and closes; a peer that does not read gets a second to take it, then is closed anyway. */
    private void sendFinal(byte[] frame) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(frame)).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> channel.close(), 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    // ---- on the event loop ---------------------------------------------------------------------

    /** Writes a frame in order with everything else this session sends (held while catching up). */
    void send(byte[] frame) {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (phase == Phase.CATCHING_UP) {
            if (held.size() >= MAX_HELD_FRAMES) {
                cutOff("too many events arrived while catching up; resume again");
                return;
            }
            held.add(frame);
            return;
        }
        channel.write(Unpooled.wrappedBuffer(frame), channel.voidPromise());
    }

    /** Written during replay only, ahead of held live frames. */
    void writeReplayed(byte[] frame) {
        channel.write(Unpooled.wrappedBuffer(frame));
    }

    void flush() {
        if (phase == Phase.CLOSED) {
            return;
        }
        channel.flush();
        if (channel.unsafe().outboundBuffer() != null
                && channel.unsafe().outboundBuffer().totalPendingWriteBytes() > MAX_PENDING_BYTES) {
            cutOff("you are not reading fast enough; resume with 'after'");
        }
    }

    /** Sends typing frames only when the socket keeps up: they are the first thing dropped under backpressure. */
    @Override
    public void deliverDroppable(byte[] frame) {
        channel.eventLoop().execute(() -> {
            if (phase == Phase.LIVE && channel.isWritable()) {
                channel.writeAndFlush(Unpooled.wrappedBuffer(frame));
            }
        });
    }

    void reply(byte[] frame) {
        send(frame);
        flush();
    }

    void cutOff(String why) {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        held.clear();
        sendFinal(codec.encode(new ServerFrame.Error(null, ErrorCode.UNAVAILABLE.wire(), why)));
    }

    private void caughtUp(byte[] resumed, byte[] snapshot) {
        if (phase != Phase.CATCHING_UP) {
            return;
        }
        if (resumed != null) {
            channel.write(Unpooled.wrappedBuffer(resumed));
        }
        if (snapshot != null) {
            channel.write(Unpooled.wrappedBuffer(snapshot));
        }
        phase = Phase.LIVE;
        while (!held.isEmpty()) {
            channel.write(Unpooled.wrappedBuffer(held.poll()));
        }
        flush();
    }

    /** A request went to the desk or the readers; reading pauses while too many are in flight. */
    void requestStarted() {
        if (++inflight >= maxInflight) {
            channel.config().setAutoRead(false);
        }
    }

    private void repliesDone(int replies) {
        if (replies == 0) {
            return;
        }
        inflight -= replies;
        if (inflight < maxInflight && !channel.config().isAutoRead() && phase != Phase.CLOSED) {
            channel.config().setAutoRead(true);
        }
    }

    void closed() {
        phase = Phase.CLOSED;
        held.clear();
    }
}
