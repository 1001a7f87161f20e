package dev.switchboard.server.net;

import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.accounts.Authenticator;
import dev.switchboard.server.desk.Desk;
import dev.switchboard.server.session.Dispatcher;
import dev.switchboard.server.session.RateLimitHandler;
import dev.switchboard.server.session.Replayer;
import dev.switchboard.server.session.SessionHandler;
import dev.switchboard.server.session.SessionSettings;
import dev.switchboard.server.tls.ServerCertificate;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Assembles each connection's pipeline, one handler per concern:
 * [plain-text refusal → TLS, when on] → per-address connection limit → framing (max line, discard to newline) → idle
 * timer (reset by complete lines only) → codec → session (hello, deadlines) → rate limit →
 * dispatch (desk, readers). The stages after framing are assembled by {@link #addProtocolStages}, which the
 * WebSocket listener ({@code net.web}) uses too: one code path after framing.
 */
public final class ServerInitializer extends ChannelInitializer<SocketChannel> {
    private final Codec codec;
    private final SessionSettings settings;
    private final Desk desk;
    private final Authenticator auth;
    private final Replayer replayer;
    private final Dispatcher dispatcher;
    private final ConnectionLimiter connections;
    private final ServerCertificate tls;
    private final byte[] plainTextAnswer;

    /** @param tls the certificate when every connection speaks TLS, else null */
    public ServerInitializer(Codec codec, SessionSettings settings, Desk desk, Authenticator auth, Replayer replayer,
                             Dispatcher dispatcher, ConnectionLimiter connections, ServerCertificate tls) {
        this.codec = codec;
        this.settings = settings;
        this.desk = desk;
        this.auth = auth;
        this.replayer = replayer;
        this.dispatcher = dispatcher;
        this.connections = connections;
        this.tls = tls;
        this.plainTextAnswer = codec.encode(new ServerFrame.Error(null, ErrorCode.BAD_FRAME.wire(),
                "this port speaks TLS: connect with TLS (switchboard --tls, openssl s_client -quiet -connect HOST:PORT)"));
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        addTls(p, plainTextAnswer);
        p.addLast("connections", connections);
        p.addLast("framing", new LineBasedFrameDecoder(codec.limits().maxLineBytes(), true, true));
        // After framing, so that only complete lines count as activity: a peer trickling bytes of a line that
        // never ends is as idle as a silent one.
        p.addLast("idle", newIdleTimer());
        addProtocolStages(p);
    }

    /**
     * The stages every transport shares after its own framing: codec → session → rate limit → dispatch. The
     * framing stage before them passes one frame's bytes (without its newline) as a {@code ByteBuf}, or fires a
     * {@code TooLongFrameException} for one it discarded; the session writes {@code \n}-terminated frames as
     * {@code ByteBuf}s, which a transport may re-frame on the way out (the WebSocket listener does).
     */
    public void addProtocolStages(ChannelPipeline p) {
        p.addLast("codec", new FrameDecoder(codec));
        p.addLast("session", new SessionHandler(settings, codec, desk, auth, replayer));
        p.addLast("rate", new RateLimitHandler(settings, codec));
        p.addLast("dispatch", dispatcher);
    }

    /**
     * With TLS on, the head of a listener's pipeline: the plain-text refusal (answering {@code plainAnswer}), then
     * the TLS handler. The connection limit comes after it, so even a refusal reaches a TLS client readably.
     */
    public void addTls(ChannelPipeline p, byte[] plainAnswer) {
        if (tls != null) {
            p.addLast("plaintext", new PlainTextRefusal(plainAnswer));
            p.addLast("tls", tls.newHandler(p.channel().alloc()));
        }
    }

    /** The idle timer: {@code SessionHandler} closes the connection when it fires. */
    public IdleStateHandler newIdleTimer() {
        return new IdleStateHandler(settings.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS);
    }

    public Codec codec() {
        return codec;
    }

    public SessionSettings settings() {
        return settings;
    }

    /** The per-address connection limiter, shared by every listener (one count per address across them). */
    public ConnectionLimiter connections() {
        return connections;
    }
}
