package dev.switchboard.server.session;

import dev.switchboard.client.Failures;
import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.accounts.Authenticator;
import dev.switchboard.server.desk.Desk;
import dev.switchboard.server.desk.DeskTask;
import dev.switchboard.server.net.BadFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Session stage: the {@code hello} state machine. Before a welcome only {@code hello} is served; other frames
 * get {@code auth_required}, and too many of them, too many failed hellos, or no hello within the deadline
 * close the connection with a final error. After the welcome it answers {@code ping} itself and passes
 * every other command on.
 */
public final class SessionHandler extends ChannelInboundHandlerAdapter {
    private static final int MAX_EARLY_FRAMES = 64;
    /**
     * Set on a channel whose transport accepts only customers (the WebSocket listener without
     * {@code --http-staff}): a staff {@code hello} is answered {@code forbidden} and counts as a failed hello.
     */
    public static final AttributeKey<String> CUSTOMERS_ONLY = AttributeKey.valueOf("switchboard.customersOnly");
    private final SessionSettings settings;
    private final Codec codec;
    private final Desk desk;
    private final Authenticator auth;
    private final Replayer replayer;
    private Session session;
    private final List<Object> early = new ArrayList<>();

    public SessionHandler(SessionSettings settings, Codec codec, Desk desk, Authenticator auth, Replayer replayer) {
        this.settings = settings;
        this.codec = codec;
        this.desk = desk;
        this.auth = auth;
        this.replayer = replayer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session = new Session(ctx.channel(), codec, replayer, settings.maxInflight());
        ctx.channel().attr(Session.KEY).set(session);
        ctx.executor().schedule(() -> {
            if (session.phase == Session.Phase.GREETING || session.phase == Session.Phase.AUTHENTICATING) {
                session.closeWith(error(null, ErrorCode.AUTH_REQUIRED,
                        "no hello within " + settings.helloTimeout().toSeconds() + " s; closing"));
            }
        }, settings.helloTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.closed();
        if (session.principal() != null) {
            desk.submit(new DeskTask.Detach(session));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            session.closeWith(error(null, ErrorCode.INVALID_STATE, "no frame for "
                    + settings.idleTimeout().toSeconds() + " s (ping every 30 s to stay connected); closing"));
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** A client that has not drained its buffer for a long time is cut off (it resumes later). */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            ctx.executor().schedule(() -> {
                if (!ctx.channel().isWritable()) {
                    session.cutOff("you stopped reading for " + Session.MAX_UNWRITABLE.toSeconds() + " s; resume with 'after'");
                }
            }, Session.MAX_UNWRITABLE.toMillis(), TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (session.phase) {
            case GREETING -> greeting(ctx, msg);
            case AUTHENTICATING -> {
                if (early.size() >= MAX_EARLY_FRAMES) {
                    session.reply(error(idOf(msg), ErrorCode.AUTH_REQUIRED, "wait for the welcome before sending more"));
                } else {
                    early.add(msg);
                }
            }
            case CATCHING_UP, LIVE -> live(ctx, msg);
            case CLOSED -> {
            }
        }
    }

    private void greeting(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Codec.Decoded d && d.command() instanceof Command.Hello hello) {
            hello(ctx, d.id(), hello);
            return;
        }
        if (++session.framesBeforeHello >= settings.maxFramesBeforeHello()) {
            session.closeWith(error(idOf(msg), ErrorCode.AUTH_REQUIRED, "too many frames before hello; closing"));
            return;
        }
        if (msg instanceof BadFrame bad) {
            session.reply(error(bad.id(), bad.code(), bad.message()));
        } else {
            session.reply(error(idOf(msg), ErrorCode.AUTH_REQUIRED, "say hello first"));
        }
    }

    private void hello(ChannelHandlerContext ctx, Object id, Command.Hello hello) {
        String customersOnly = ctx.channel().attr(CUSTOMERS_ONLY).get();
        if (customersOnly != null && !"customer".equals(hello.role())) {
            if (++session.failedHellos >= settings.maxFailedHellos()) {
                session.closeWith(error(id, ErrorCode.FORBIDDEN, customersOnly + "; too many failed attempts, closing"));
            } else {
                session.reply(error(id, ErrorCode.FORBIDDEN, customersOnly));
            }
            return;
        }
        session.phase = Session.Phase.AUTHENTICATING;
        session.afterWelcome = () -> {
            List<Object> pending = new ArrayList<>(early);
            early.clear();
            pending.forEach(m -> live(ctx, m));
        };
        if ("customer".equals(hello.role())) {
            session.context(hello.context());
            desk.submit(new DeskTask.AttachCustomer(session, id, hello));
            return;
        }
        auth.verify(hello, session.remoteIp()).whenComplete((account, failure) -> ctx.executor().execute(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (failure == null) {
                desk.submit(new DeskTask.AttachStaff(session, id, hello, account));
                return;
            }
            Throwable cause = Failures.cause(failure);
            ProtocolException e = cause instanceof ProtocolException p ? p
                    : new ProtocolException(ErrorCode.INTERNAL, "sign-in failed");
            session.phase = Session.Phase.GREETING;
            session.afterWelcome = null;
            if (++session.failedHellos >= settings.maxFailedHellos()) {
                early.clear();
                session.closeWith(error(id, e.code(), e.getMessage() + "; too many failed attempts, closing"));
                return;
            }
            session.reply(error(id, e.code(), e.getMessage()));
            for (Object m : early) {
                if (idOf(m) != null) {
                    session.reply(error(idOf(m), ErrorCode.AUTH_REQUIRED, "the hello before this failed; say hello again"));
                }
            }
            early.clear();
        }));
    }

    /** After the welcome every frame, answered or not, goes through the rate limit to the dispatcher. */
    private void live(ChannelHandlerContext ctx, Object msg) {
        ctx.fireChannelRead(msg);
    }

    private static Object idOf(Object msg) {
        return msg instanceof Codec.Decoded d ? d.id() : msg instanceof BadFrame b ? b.id() : null;
    }

    private byte[] error(Object id, ErrorCode code, String message) {
        return codec.encode(new ServerFrame.Error(id, code.wire(), message));
    }
}
