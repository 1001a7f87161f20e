package dev.switchboard.server;

import dev.switchboard.protocol.Codec;
import dev.switchboard.server.accounts.Authenticator;
import dev.switchboard.server.accounts.LoginThrottle;
import dev.switchboard.server.accounts.Passwords;
import dev.switchboard.server.desk.Desk;
import dev.switchboard.server.desk.DeskTask;
import dev.switchboard.server.net.ConnectionLimiter;
import dev.switchboard.server.net.ServerInitializer;
import dev.switchboard.server.net.web.WebInitializer;
import dev.switchboard.server.session.Dispatcher;
import dev.switchboard.server.session.Reads;
import dev.switchboard.server.session.Replayer;
import dev.switchboard.server.session.SessionSettings;
import dev.switchboard.server.store.DataDirLock;
import dev.switchboard.server.store.Store;
import dev.switchboard.server.tls.ServerCertificate;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Switchboard server: the data-dir lock, the store, the desk, and the Netty listener. {@link #start}
 * returns once the port accepts connections; {@link #close} drains (stops accepting, lets the desk commit
 * what it holds, closes sessions) and releases everything.
 */
public final class Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Server.class);
    private final ServerConfig config;
    private final Clock clock;
    private DataDirLock lock;
    private Store store;
    private Desk desk;
    private Authenticator auth;
    private ExecutorService readers;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel listener;
    private Channel httpListener;
    private ServerCertificate certificate;
    private boolean closed;

    public Server(ServerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Every accepted connection, so that closing the server closes each of them for certain. */
    private final ChannelGroup connections = new DefaultChannelGroup("switchboard-connections", GlobalEventExecutor.INSTANCE);

    public Server start(PrintStream console) throws IOException, InterruptedException {
        lock = DataDirLock.acquire(config.dataDir());
        try {
            if (config.tls()) {
                certificate = config.tlsCert() != null ? ServerCertificate.load(config.tlsCert(), config.tlsKey())
                        : ServerCertificate.selfSigned(config.dataDir(), config.host(), clock);
            }
            Passwords passwords = new Passwords(config.kdfIterations());
            store = Store.open(config.jdbcUrl(), config.durable());
            Bootstrap first = Bootstrap.check(store);
            Codec codec = new Codec(config.limits());
            desk = new Desk(store, config.desk(), clock, codec);
            desk.start();
            Desk audited = desk;
            auth = new Authenticator(store, passwords, new LoginThrottle(clock), (user, ip, why) ->
                    audited.submit(new DeskTask.Audit(user == null ? "u:(no valid name)" : "u:" + user, "login.failed", user,
                            why, ip)), first.done());
            readers = Executors.newFixedThreadPool(3, new DefaultThreadFactory("switchboard-reads", true));
            Replayer replayer = new Replayer(store, readers, codec, 500);
            Reads reads = new Reads(store, readers, codec);
            SessionSettings settings = new SessionSettings(config.helloTimeout(), config.idleTimeout(),
                    config.maxFailedHellos(), config.maxFramesBeforeHello(), config.maxInflight(), config.rateBurst(),
                    config.ratePerSecond(), config.historyCost(), config.floodLimit());
            Dispatcher dispatcher = new Dispatcher(desk, reads, auth, codec);
            boolean epoll = Epoll.isAvailable();
            bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("switchboard-accept"),
                    epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
            workerGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("switchboard-io"),
                    epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
            Class<? extends ServerSocketChannel> channelClass = epoll ? EpollServerSocketChannel.class
                    : NioServerSocketChannel.class;
            ServerInitializer tcp = new ServerInitializer(codec, settings, desk, auth, replayer, dispatcher,
                    new ConnectionLimiter(config.maxConnectionsPerIp(), config.connectBurst(),
                            config.connectsPerSecond(), codec), certificate);
            // Built before anything listens, so that a bad --http-trusted-proxy stops the start with nothing bound.
            WebInitializer web = config.httpPort() == null ? null : new WebInitializer(tcp, config.httpStaff(),
                    config.httpOrigins(), config.httpTrustedProxies());
            listener = listen(tcp, channelClass, config.port(), "the protocol");
            log.info("listening on {} ({}{}), store {}", listener.localAddress(), epoll ? "epoll" : "nio",
                    certificate != null ? ", TLS" : "", store.storeId());
            if (web != null) {
                // The website widget: HTTP and WebSocket on the same event loops, the same stages after framing.
                httpListener = listen(web, channelClass, config.httpPort(), "--http-port");
                log.info("HTTP/WebSocket (widget) on {}", httpListener.localAddress());
            }
            first.createAdmin(desk, passwords, config.adminPassword(), clock, console);
            return this;
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Binds a listener; a port that cannot be had stops the start with the address and the reason. */
    private Channel listen(ChannelHandler initializer, Class<? extends ServerSocketChannel> channelClass, int port,
                           String what) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(initializer);
                    }
                });
        try {
            return bootstrap.bind(config.host(), port).sync().channel();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) { // the bind's IOException, which Netty rethrows without declaring it
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + port + " (" + what + "): "
                    + bindFailure(e), e);
        }
    }

    private static String bindFailure(Exception e) {
        if (e instanceof java.nio.channels.UnresolvedAddressException) {
            return "no such host";
        }
        String message = String.valueOf(e.getMessage());
        // Netty's native transport: "bind(..) failed with error(-98): Address already in use".
        int at = message.lastIndexOf("): ");
        return at >= 0 ? message.substring(at + 3) : message;
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The bound HTTP/WebSocket port, or -1 when the widget listener is off. */
    public int httpPort() {
        return httpListener == null ? -1 : ((InetSocketAddress) httpListener.localAddress()).getPort();
    }

    /** The TLS certificate every listener presents, or null without TLS. */
    public ServerCertificate certificate() {
        return certificate;
    }

    public Desk desk() {
        return desk;
    }

    public Store store() {
        return store;
    }

    /** Checks staff credentials; front doors (SSH) share it so that failed logins count towards one throttle. */
    public Authenticator authenticator() {
        return auth;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        if (httpListener != null) {
            httpListener.close().syncUninterruptibly();
        }
        if (desk != null) {
            desk.close();
        }
        // Every connection is closed by name, after what the desk sent on it: an event loop's shutdown alone left
        // a console now and then connected to a server that had stopped (ConsoleEndToEndTest, ~1 run in 15).
        connections.close().awaitUninterruptibly(config.drain().toMillis(), TimeUnit.MILLISECONDS);
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, config.drain().toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
            bossGroup.shutdownGracefully(0, 1000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        }
        if (readers != null) {
            readers.shutdownNow();
        }
        if (auth != null) {
            auth.close();
        }
        if (store != null) {
            store.close();
        }
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                log.warn("could not release the data-dir lock", e);
            }
        }
    }
}
