package dev.switchboard.server.net.web;

import dev.switchboard.server.net.ClientAddress;
import dev.switchboard.server.net.ServerInitializer;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.List;

/**
 * The website listener ({@code serve --http-port}): [plain-text refusal → TLS, with {@code --tls}] → per-address connection limit (shared with the TCP port) → idle
 * timer → HTTP codec → {@link WebHandler} (the widget, the sample page, the origin check, the upgrade at
 * {@code /ws}). After the upgrade {@link WebHandler} replaces itself with the WebSocket framing edges and then the
 * same protocol stages the TCP listener uses ({@link ServerInitializer#addProtocolStages}).
 */
public final class WebInitializer extends ChannelInitializer<SocketChannel> {
    /** Largest request head and body accepted (GETs only: the widget has nothing to upload). */
    static final int MAX_REQUEST = 8192;
    private static final String PLAIN_HTTP_BODY = "This port speaks HTTPS: use https://\n";
    private static final byte[] PLAIN_HTTP_ON_TLS = ("HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\n"
            + "connection: close\r\ncontent-length: " + PLAIN_HTTP_BODY.length() + "\r\n\r\n" + PLAIN_HTTP_BODY)
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final ServerInitializer shared;
    private final WebAssets assets;
    private final Origins origins;
    private final boolean staff;
    private final TrustedProxies proxies;

    public WebInitializer(ServerInitializer shared, boolean staff, List<String> allowedOrigins,
                          List<String> trustedProxies) {
        this.shared = shared;
        this.staff = staff;
        this.origins = new Origins(allowedOrigins);
        this.proxies = new TrustedProxies(trustedProxies);
        this.assets = WebAssets.load();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        shared.addTls(p, PLAIN_HTTP_ON_TLS);
        p.addLast("refusal", new HttpRefusal());
        if (!proxies.trusts(ClientAddress.of(ch))) {
            // A trusted proxy carries many visitors at once: its connections are not limited per address.
            p.addLast("connections", shared.connections());
        }
        p.addLast("idle", shared.newIdleTimer());
        p.addLast("http", new HttpServerCodec(MAX_REQUEST, MAX_REQUEST, MAX_REQUEST));
        p.addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST));
        p.addLast("web", new WebHandler(shared, assets, origins, staff, proxies));
    }
}
