package dev.switchboard.server.net;

import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.concurrent.ConcurrentHashMap;

/**
 * First stage, shared by all connections: at most {@code maxPerIp} connections at once from one address, and
 * new connections from an address limited by a token bucket ({@code burst}, then {@code perSecond}). A refused
 * connection gets one final {@code rate_limited} frame and is closed.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<Boolean> ADMITTED = AttributeKey.valueOf("switchboard.admitted");
    private static final int PRUNE_ABOVE = 10_000;
    private final int maxPerIp;
    private final int burst;
    private final double perSecond;
    private final Codec codec;
    private final ConcurrentHashMap<String, Address> addresses = new ConcurrentHashMap<>();

    private static final class Address {
        int open;
        double tokens;
        long refilledAt;
    }

    public ConnectionLimiter(int maxPerIp, int burst, double perSecond, Codec codec) {
        this.maxPerIp = maxPerIp;
        this.burst = burst;
        this.perSecond = perSecond;
        this.codec = codec;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String ip = ip(ctx);
        String refusal = admit(ip, System.nanoTime());
        if (refusal == null) {
            ctx.channel().attr(ADMITTED).set(true);
            ctx.fireChannelActive();
            return;
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(new ServerFrame.Error(null, ErrorCode.RATE_LIMITED.wire(),
                refusal)))).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (Boolean.TRUE.equals(ctx.channel().attr(ADMITTED).get())) {
            Address a = addresses.get(ip(ctx));
            if (a != null) {
                synchronized (a) {
                    a.open--;
                }
            }
        }
        ctx.fireChannelInactive();
    }

    /** Returns why the connection is refused, or null (and counts it) when admitted. */
    String admit(String ip, long now) {
        if (addresses.size() > PRUNE_ABOVE) {
            prune(now);
        }
        Address a = addresses.computeIfAbsent(ip, k -> {
            Address fresh = new Address();
            fresh.tokens = burst;
            fresh.refilledAt = now;
            return fresh;
        });
        synchronized (a) {
            a.tokens = Math.min(burst, a.tokens + (now - a.refilledAt) / 1e9 * perSecond);
            a.refilledAt = now;
            if (a.open >= maxPerIp) {
                return "too many connections from your address (" + maxPerIp + " at once)";
            }
            if (a.tokens < 1) {
                return "connecting too often from your address; try again in a few seconds";
            }
            a.tokens -= 1;
            a.open++;
            return null;
        }
    }

    /** Forgets addresses with no connection whose bucket has refilled: they would start afresh anyway. */
    private void prune(long now) {
        addresses.entrySet().removeIf(e -> {
            Address a = e.getValue();
            synchronized (a) {
                return a.open <= 0 && a.tokens + (now - a.refilledAt) / 1e9 * perSecond >= burst;
            }
        });
    }

    private String ip(ChannelHandlerContext ctx) {
        String ip = ClientAddress.of(ctx.channel());
        return ip != null ? ip : "?";
    }
}
