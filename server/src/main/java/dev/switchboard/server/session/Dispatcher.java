package dev.switchboard.server.session;

import dev.switchboard.client.Failures;
import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.accounts.Authenticator;
import dev.switchboard.server.accounts.Principal;
import dev.switchboard.server.desk.Desk;
import dev.switchboard.server.desk.DeskTask;
import dev.switchboard.server.net.BadFrame;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;

/**
 * Last stage: answers what needs no state ({@code ping}, bad frames, a second {@code hello}) and sends every
 * other command where it is served. Reads go to the store's readers, writes to the desk
 * inbox; a new password is hashed on the auth pool first, so that neither the desk nor an event loop waits
 * for it.
 */
@ChannelHandler.Sharable
public final class Dispatcher extends ChannelInboundHandlerAdapter {
    private final Desk desk;
    private final Reads reads;
    private final Authenticator auth;
    private final Codec codec;

    public Dispatcher(Desk desk, Reads reads, Authenticator auth, Codec codec) {
        this.desk = desk;
        this.reads = reads;
        this.auth = auth;
        this.codec = codec;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Session session = ctx.channel().attr(Session.KEY).get();
        if (msg instanceof BadFrame bad) {
            session.reply(error(bad.id(), bad.code(), bad.message()));
            return;
        }
        Codec.Decoded d = (Codec.Decoded) msg;
        Command c = d.command();
        if (c instanceof Command.Ping) {
            session.reply(codec.encode(new ServerFrame.Pong(d.id())));
            return;
        }
        if (c instanceof Command.Hello) {
            session.reply(error(d.id(), ErrorCode.INVALID_STATE, "already welcomed; one hello per connection"));
            return;
        }
        if (c instanceof Command.Typing) {
            desk.submit(new DeskTask.Request(session, d.id(), c, null));
            return;
        }
        session.requestStarted();
        if (Reads.handles(c)) {
            reads.submit(session, d.id(), c);
            return;
        }
        String password = c instanceof Command.AccountCreate a ? a.password()
                : c instanceof Command.AccountPassword p ? p.password() : null;
        if (password != null && !mayHash(session.principal(), c)) {
            // Checked before hashing too, so that nobody without the right can tie up the hashing pool.
            session.deliver(List.of(error(d.id(), ErrorCode.FORBIDDEN, "only admins may set other people's passwords")), 1);
            return;
        }
        if (password == null) {
            desk.submit(new DeskTask.Request(session, d.id(), c, null));
            return;
        }
        auth.hash(password).whenComplete((hash, failure) -> {
            if (failure == null) {
                desk.submit(new DeskTask.Request(session, d.id(), c, hash));
            } else {
                Throwable cause = Failures.cause(failure);
                ProtocolException e = cause instanceof ProtocolException p ? p
                        : new ProtocolException(ErrorCode.INTERNAL, "could not hash the password");
                session.deliver(List.of(error(d.id(), e.code(), e.getMessage())), 1);
            }
        });
    }

    private static boolean mayHash(Principal who, Command c) {
        if (who.isCustomer()) {
            return false;
        }
        return who.kind().isAdmin() || c instanceof Command.AccountPassword p && p.user().equals(who.user());
    }

    private byte[] error(Object id, ErrorCode code, String message) {
        return codec.encode(new ServerFrame.Error(id, code.wire(), message));
    }
}
