package dev.switchboard.server.session;

import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.net.BadFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.HashMap;
import java.util.Map;

/**
 * Rate-limit stage: a token bucket per session for every frame after the welcome, answered or not
 * ({@code history} costs more); {@code typing} is coalesced to
 * at most two per chat per second and dropped silently beyond that. A session that keeps flooding after
 * being told {@code rate_limited} is closed with a final {@code rate_limited}.
 */
public final class RateLimitHandler extends ChannelInboundHandlerAdapter {
    private static final long FLOOD_WINDOW_NANOS = 10_000_000_000L;
    private final SessionSettings settings;
    private final Codec codec;
    private double tokens;
    private long refilledAt = System.nanoTime();
    private int refusals;
    private long windowStart = System.nanoTime();
    private final Map<String, long[]> typing = new HashMap<>();

    public RateLimitHandler(SessionSettings settings, Codec codec) {
        this.settings = settings;
        this.codec = codec;
        this.tokens = settings.rateBurst();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long now = System.nanoTime();
        Object id;
        int cost;
        if (msg instanceof BadFrame bad) {
            if (bad.isTyping()) {
                return;
            }
            id = bad.id();
            cost = 1;
        } else {
            Codec.Decoded d = (Codec.Decoded) msg;
            if (d.command() instanceof Command.Typing t) {
                if (typingAllowed(t.chat(), now)) {
                    ctx.fireChannelRead(d);
                }
                return;
            }
            id = d.id();
            cost = d.command() instanceof Command.History ? settings.historyCost() : 1;
        }
        tokens = Math.min(settings.rateBurst(), tokens + (now - refilledAt) / 1e9 * settings.ratePerSecond());
        refilledAt = now;
        if (tokens >= cost) {
            tokens -= cost;
            ctx.fireChannelRead(msg);
            return;
        }
        Session session = ctx.channel().attr(Session.KEY).get();
        if (now - windowStart > FLOOD_WINDOW_NANOS) {
            windowStart = now;
            refusals = 0;
        }
        if (++refusals > settings.floodLimit()) {
            session.closeWith(codec.encode(new ServerFrame.Error(id, ErrorCode.RATE_LIMITED.wire(),
                    "flooding: too many frames after rate_limited; closing")));
            return;
        }
        session.reply(codec.encode(new ServerFrame.Error(id, ErrorCode.RATE_LIMITED.wire(),
                "slow down: at most " + settings.ratePerSecond() + " frames per second (burst "
                        + settings.rateBurst() + ")")));
    }

    private boolean typingAllowed(String chat, long now) {
        if (typing.size() > 64) {
            typing.clear();
        }
        long[] last = typing.computeIfAbsent(chat, k -> new long[] {0, 0});
        // Two slots per chat: allow a frame when the older of the last two is more than a second old.
        int older = last[0] <= last[1] ? 0 : 1;
        if (now - last[older] < 1_000_000_000L && last[older] != 0) {
            return false;
        }
        last[older] = now;
        return true;
    }
}
