package dev.switchboard.client;

import dev.switchboard.client.tls.TlsTrust;
import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Limits;
import dev.switchboard.protocol.ServerFrame;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The protocol client every Switchboard program uses: connects, says {@code hello}, matches replies to
 * requests by {@code id}, passes events to a {@link ClientListener} once each in seq order, and (when asked)
 * reconnects with backoff, resuming with {@code resume}/{@code after} and resending unanswered writes that
 * carry a {@code cid} so that nothing is lost or stored twice.
 */
public final class SwitchboardClient implements AutoCloseable {
    private final String host;
    private final int port;
    private final Command.Hello hello;
    private final ClientListener listener;
    private final boolean reconnect;
    private final Codec codec;
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final Duration pingEvery;
    private final String localAddress;
    private final TlsTrust tls;

    private final AtomicLong nextId = new AtomicLong(1);
    private final Object lock = new Object();
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private volatile Channel channel;
    private volatile ServerFrame.Welcome welcome;
    private volatile long lastSeq;
    private volatile String resumeToken;
    private volatile String store;
    private volatile boolean closed;
    private volatile boolean everConnected;
    /** The server's last words on this connection (an error it sent before closing), reported as the reason. */
    private volatile String farewell;
    private volatile CompletableFuture<ServerFrame.Welcome> connecting;
    private int attempt;

    private record Pending(Command command, CompletableFuture<ServerFrame.Ok> future) {
    }

    private SwitchboardClient(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.hello = b.hello;
        this.listener = b.listener;
        this.reconnect = b.reconnect;
        this.codec = Codec.shared(b.limits);
        this.group = b.group != null ? b.group : ClientGroup.shared();
        this.channelType = b.channelType;
        this.pingEvery = b.pingEvery;
        this.lastSeq = b.after == null ? -1 : b.after;
        this.resumeToken = b.resume != null ? b.resume : b.hello.resume();
        this.localAddress = b.localAddress;
        this.tls = b.tls;
    }

    public static Builder builder(String host, int port, Command.Hello hello) {
        return new Builder(host, port, hello);
    }

    /** Connects and completes with the {@code welcome}, or with a {@link RequestException} (e.g. {@code auth_failed}). */
    public CompletableFuture<ServerFrame.Welcome> connect() {
        CompletableFuture<ServerFrame.Welcome> f = new CompletableFuture<>();
        connecting = f;
        dial(f);
        return f;
    }

    /** Sends a request and completes with its {@code ok}; an {@code error} completes it with {@link RequestException}. */
    public CompletableFuture<ServerFrame.Ok> request(Command command) {
        long id = nextId.getAndIncrement();
        CompletableFuture<ServerFrame.Ok> f = new CompletableFuture<>();
        Channel ch;
        synchronized (lock) {
            pending.put(id, new Pending(command, f));
            ch = welcome != null ? channel : null;
        }
        if (ch != null) {
            ch.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(command, id)));
        } else if (!canRetry(command)) {
            fail(id, new RequestException(ErrorCode.UNAVAILABLE, "not connected"));
        }
        return f;
    }

    /** Sends a frame that has no reply ({@code typing}); dropped while disconnected. */
    public void send(Command command) {
        Channel ch = channel;
        if (ch != null && welcome != null && ch.isWritable()) {
            ch.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(command, null)));
        }
    }

    /**
     * The event loop of the current connection, or null while there is none. A caller that paces requests from a
     * timer schedules it there: the write then happens on the connection's own thread, with no hand-over.
     */
    public EventLoop eventLoop() {
        Channel ch = channel;
        return ch == null ? null : ch.eventLoop();
    }

    public ServerFrame.Welcome welcome() {
        return welcome;
    }

    public boolean isConnected() {
        Channel ch = channel;
        return ch != null && ch.isActive() && welcome != null;
    }

    /** The highest event seq delivered to the listener (-1 before any). */
    public long lastSeq() {
        return lastSeq;
    }

    /** The customer token for {@code resume} (customers only). */
    public String resumeToken() {
        return resumeToken;
    }

    public Codec codec() {
        return codec;
    }

    @Override
    public void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
        failAll(new RequestException(ErrorCode.UNAVAILABLE, "client closed"), true);
    }

    // ---- connection ----------------------------------------------------------------------------

    private static boolean canRetry(Command command) {
        return command instanceof Command.Idempotent w && w.cid() != null;
    }

    private void dial(CompletableFuture<ServerFrame.Welcome> f) {
        Bootstrap b = new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Requests sent while handling what was read (an answer per message, the next say after
                        // an ok) leave in one write when the read is done, not one syscall each. First in the
                        // pipeline, as Netty asks, so that it also gathers what the TLS handler writes.
                        ch.pipeline().addLast(new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false));
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), host, port));
                        }
                        ch.pipeline().addLast(new IdleStateHandler(0, pingEvery.toMillis(), 0, TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast(new LineBasedFrameDecoder(Math.max(codec.limits().maxLineBytes() * 4, 1 << 20)));
                        ch.pipeline().addLast(new Handler(f));
                    }
                });
        ChannelFuture cf = localAddress == null ? b.connect(host, port)
                : b.connect(new java.net.InetSocketAddress(host, port), new java.net.InetSocketAddress(localAddress, 0));
        cf.addListener(done -> {
            if (!done.isSuccess()) {
                lost("cannot connect to " + host + ":" + port + ": " + done.cause().getMessage(), f);
            }
        });
    }

    private void lost(String reason, CompletableFuture<ServerFrame.Welcome> f) {
        synchronized (lock) {
            welcome = null;
            channel = null;
        }
        boolean retry = reconnect && !closed && (everConnected || f.isDone());
        failAll(new RequestException(ErrorCode.UNAVAILABLE, "connection lost: " + reason), !retry);
        if (!f.isDone()) {
            f.completeExceptionally(new RequestException(ErrorCode.UNAVAILABLE, reason));
        }
        if (everConnected) {
            // The server's own words (a refused sign-in, a disabled account) are the reason, not the close after them.
            String why = farewell;
            farewell = null;
            listener.onDisconnected(why != null ? why : reason, retry);
        }
        if (retry) {
            long delay = Math.min(10_000, 250L << Math.min(attempt++, 6));
            group.schedule(() -> {
                if (!closed) {
                    CompletableFuture<ServerFrame.Welcome> next = new CompletableFuture<>();
                    connecting = next;
                    dial(next);
                }
            }, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Fails requests that cannot be retried; writes with a cid stay pending unless {@code everything}. */
    private void failAll(RequestException e, boolean everything) {
        List<CompletableFuture<ServerFrame.Ok>> failed = new ArrayList<>();
        synchronized (lock) {
            pending.entrySet().removeIf(en -> {
                if (everything || !canRetry(en.getValue().command())) {
                    failed.add(en.getValue().future());
                    return true;
                }
                return false;
            });
        }
        failed.forEach(fut -> fut.completeExceptionally(e));
    }

    private void fail(long id, RequestException e) {
        Pending p;
        synchronized (lock) {
            p = pending.remove(id);
        }
        if (p != null) {
            p.future().completeExceptionally(e);
        }
    }

    private Command.Hello helloForNow() {
        Long after = lastSeq >= 0 ? lastSeq : null;
        if ("customer".equals(hello.role())) {
            return hello.resuming(resumeToken, after);
        }
        return hello.resuming(null, after);
    }

    private final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
        private final CompletableFuture<ServerFrame.Welcome> connectFuture;
        private final long helloId = 0;

        Handler(CompletableFuture<ServerFrame.Welcome> connectFuture) {
            this.connectFuture = connectFuture;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            ctx.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(helloForNow(), helloId)));
        }

        private String closeReason = "closed by server";

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            lost(closeReason, connectFuture);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent && welcome != null) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(new Command.Ping(), null)));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (isHandshakeFailure(cause) && TlsTrust.isUntrusted(cause)) {
                closed = true; // a certificate that is not the trusted one stays so: say why instead of retrying
            }
            closeReason = isHandshakeFailure(cause) ? "TLS handshake failed: " + TlsTrust.explain(cause)
                    // Not JSON before the welcome: another service on that port (the widget's HTTP port, say).
                    : welcome == null && cause instanceof com.fasterxml.jackson.core.JsonProcessingException
                    ? host + ":" + port + " does not speak the Switchboard protocol (is it the server's HTTP port?)"
                    : "client error: " + cause;
            ctx.close();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) throws IOException {
            byte[] bytes = ByteBufUtil.getBytes(line);
            if (bytes.length == 0) {
                return;
            }
            ServerFrame frame = codec.decodeServerFrame(bytes, 0, bytes.length);
            if (frame == null) {
                return;
            }
            if (welcome == null) {
                onHandshake(ctx, frame);
                return;
            }
            if (frame instanceof ServerFrame.Ok ok) {
                complete(ok.re(), p -> p.future().complete(ok));
            } else if (frame instanceof ServerFrame.Error err && err.re() != null) {
                complete(err.re(), p -> p.future().completeExceptionally(new RequestException(err.errorCode(), err.message())));
            } else if (frame instanceof ServerFrame.Error err) {
                // Said before the server closes the connection: the reason the listener hears.
                farewell = err.message();
                if (err.errorCode() == ErrorCode.AUTH_FAILED || err.errorCode() == ErrorCode.BANNED) {
                    closed = true; // a disabled account or a ban: signing in again would be refused
                }
                listener.onFrame(frame);
            } else if (frame instanceof ServerFrame.Pong pong) {
                // A ping sent as a request completes like an ok with no fields; keep-alive pings carry no id.
                complete(pong.re(), p -> p.future().complete(new ServerFrame.Ok(pong.re(), codec.object())));
            } else if (frame instanceof ServerFrame.ChatEventFrame event) {
                if (event.seq() <= lastSeq) {
                    return;
                }
                lastSeq = event.seq();
                listener.onFrame(frame);
            } else {
                listener.onFrame(frame);
            }
        }

        private void onHandshake(ChannelHandlerContext ctx, ServerFrame frame) {
            if (frame instanceof ServerFrame.Welcome w) {
                if (store != null && !store.equals(w.store())) {
                    // A different database: seqs mean nothing here; reconnect and resync from 0.
                    store = w.store();
                    lastSeq = 0;
                    listener.onStoreChanged();
                    ctx.close();
                    return;
                }
                store = w.store();
                if (lastSeq < 0) {
                    lastSeq = w.seq();
                }
                if (w.token() != null) {
                    resumeToken = w.token();
                }
                List<Map.Entry<Long, Pending>> resend;
                synchronized (lock) {
                    welcome = w;
                    resend = new ArrayList<>(pending.entrySet());
                }
                everConnected = true;
                attempt = 0;
                listener.onConnected(w);
                connectFuture.complete(w);
                for (Map.Entry<Long, Pending> e : resend) {
                    ctx.write(Unpooled.wrappedBuffer(codec.encode(e.getValue().command(), e.getKey())));
                }
                ctx.flush();
            } else if (frame instanceof ServerFrame.Error err) {
                RequestException e = new RequestException(err.errorCode(), err.message());
                if (err.errorCode() == ErrorCode.AUTH_FAILED || err.errorCode() == ErrorCode.BANNED
                        || err.errorCode() == ErrorCode.BAD_FRAME || err.errorCode() == ErrorCode.FORBIDDEN) {
                    closed = true;
                    farewell = err.message();
                    failAll(e, true);
                }
                connectFuture.completeExceptionally(e);
                ctx.close();
            }
        }

        private void complete(Object re, java.util.function.Consumer<Pending> action) {
            if (!(re instanceof Number n)) {
                return;
            }
            Pending p;
            synchronized (lock) {
                p = pending.remove(n.longValue());
            }
            if (p != null) {
                action.accept(p);
            }
        }
    }

    private static boolean isHandshakeFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) { // Netty's NotSslRecordException too
                return true;
            }
        }
        return false;
    }

    public static final class Builder {
        private final String host;
        private final int port;
        private final Command.Hello hello;
        private ClientListener listener = new ClientListener() {
        };
        private boolean reconnect;
        private Limits limits = Limits.defaults();
        private EventLoopGroup group;
        private Class<? extends SocketChannel> channelType = NioSocketChannel.class;
        private Duration pingEvery = Duration.ofSeconds(30);
        private Long after;
        private String resume;
        private String localAddress;
        private TlsTrust tls;

        private Builder(String host, int port, Command.Hello hello) {
            this.host = host;
            this.port = port;
            this.hello = hello;
        }

        public Builder listener(ClientListener l) {
            this.listener = l;
            return this;
        }

        /** Reconnect with backoff after a drop, resuming where the listener left off. */
        public Builder reconnect(boolean r) {
            this.reconnect = r;
            return this;
        }

        public Builder limits(Limits l) {
            this.limits = l;
            return this;
        }

        public Builder group(EventLoopGroup g) {
            this.group = g;
            return this;
        }

        /** The socket type that {@link #group}'s I/O handler serves (e.g. epoll's); NIO by default. */
        public Builder group(EventLoopGroup g, Class<? extends SocketChannel> type) {
            this.group = g;
            this.channelType = type;
            return this;
        }

        public Builder pingEvery(Duration d) {
            this.pingEvery = d;
            return this;
        }

        /** Resume from this seq on the first connect (events with a higher seq are replayed). */
        public Builder after(long seq) {
            this.after = seq;
            return this;
        }

        /** A customer's token from an earlier {@code welcome}. */
        public Builder resume(String token) {
            this.resume = token;
            return this;
        }

        /** Bind the client socket to this local address (e.g. 127.0.0.2 to test per-IP limits). */
        public Builder localAddress(String address) {
            this.localAddress = address;
            return this;
        }

        /** Speak TLS, trusting the server as {@code trust} says; null = plain TCP. */
        public Builder tls(TlsTrust trust) {
            this.tls = trust;
            return this;
        }

        public SwitchboardClient build() {
            return new SwitchboardClient(this);
        }
    }
}
