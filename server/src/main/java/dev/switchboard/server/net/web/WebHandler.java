package dev.switchboard.server.net.web;

import dev.switchboard.server.net.ClientAddress;
import dev.switchboard.server.net.ServerInitializer;
import dev.switchboard.server.session.SessionHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * HTTP on the website listener: {@code GET /widget.js}, the sample page at {@code /} and {@code /demo.html}, and the
 * WebSocket upgrade at {@code /ws} (after the origin check). On a successful upgrade this handler leaves the
 * pipeline and the WebSocket edges plus the shared protocol stages take its place; the session starts then (its
 * hello deadline counts from the upgrade).
 */
final class WebHandler extends ChannelInboundHandlerAdapter {
    /**
     * Largest single WebSocket frame read into memory. Messages up to the max line are served; longer ones (in
     * one frame up to this size, or in any number of fragments) are discarded and answered {@code too_long}, and
     * the connection stays usable, as on TCP. One frame beyond this closes the connection (1009).
     */
    static final int MAX_FRAME = 1 << 20;
    private static final String CUSTOMERS_ONLY =
            "only customers may sign in over WebSocket on this server (staff use the TCP port, or start it with --http-staff)";
    private final ServerInitializer shared;
    private final WebAssets assets;
    private final TrustedProxies proxies;
    private final Origins origins;
    private final boolean staff;

    WebHandler(ServerInitializer shared, WebAssets assets, Origins origins, boolean staff, TrustedProxies proxies) {
        this.shared = shared;
        this.assets = assets;
        this.origins = origins;
        this.staff = staff;
        this.proxies = proxies;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            serve(ctx, req);
        } finally {
            req.release();
        }
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            respond(ctx, req, HttpResponseStatus.BAD_REQUEST, "bad request\n", false);
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        boolean get = req.method().equals(HttpMethod.GET);
        boolean head = req.method().equals(HttpMethod.HEAD);
        if ("/ws".equals(path)) {
            upgrade(ctx, req, get);
            return;
        }
        WebAssets.Asset asset = assets.get(path);
        if (asset == null) {
            respond(ctx, req, HttpResponseStatus.NOT_FOUND, "not found\n", true);
            return;
        }
        if (!get && !head) {
            respond(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "GET only\n", true);
            return;
        }
        boolean gzip = req.headers().containsValue(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.GZIP, true);
        byte[] body = gzip ? asset.gzipped() : asset.body();
        String etag = gzip ? asset.gzipEtag() : asset.etag();
        boolean fresh = etag.equals(req.headers().get(HttpHeaderNames.IF_NONE_MATCH));
        FullHttpResponse res = new DefaultFullHttpResponse(req.protocolVersion(),
                fresh ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
                fresh || head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        if (gzip) {
            res.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
        }
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, asset.contentType())
                .set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING)
                .set(HttpHeaderNames.ETAG, etag)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "strict-origin-when-cross-origin");
        if (asset.contentType().startsWith("text/html")) {
            res.headers().set("Content-Security-Policy", "default-src 'self'; connect-src 'self' ws: wss:; "
                    + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'");
        } else {
            // The widget is meant to be embedded by other sites.
            res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        }
        send(ctx, req, res, body.length);
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, boolean get) {
        if (!get || !req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            respond(ctx, req, HttpResponseStatus.BAD_REQUEST, "this is the Switchboard WebSocket endpoint: "
                    + "connect with a WebSocket client and send one protocol frame per text message\n", true);
            return;
        }
        String refusal = origins.refusal(req.headers().get(HttpHeaderNames.ORIGIN), req.headers().get(HttpHeaderNames.HOST));
        if (refusal != null) {
            respond(ctx, req, HttpResponseStatus.FORBIDDEN, refusal + "\n", false);
            return;
        }
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(MAX_FRAME)
                .allowExtensions(false)
                // Invalid UTF-8 is answered bad_json by the codec, as on TCP, instead of closing with 1007.
                .withUTF8Validator(false)
                .closeOnProtocolViolation(false)
                .build();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory("ws://localhost/ws", null, decoder)
                .newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        handshaker.handshake(ctx.channel(), req).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                f.channel().close();
            }
        });
        // The handshaker has put its frame decoder in front of the HTTP codec; frames may follow the 101 at once.
        if (!staff) {
            ctx.channel().attr(SessionHandler.CUSTOMERS_ONLY).set(CUSTOMERS_ONLY);
        }
        String visitor = proxies.visitor(ClientAddress.of(ctx.channel()), req.headers().getAll("X-Forwarded-For"));
        if (visitor != null) {
            ctx.channel().attr(ClientAddress.FORWARDED).set(visitor);
        }
        p.addLast("ws-out", new WebSocketOutbound());
        p.addLast("ws-in", new WebSocketInbound(shared.codec()));
        shared.addProtocolStages(p);
        // As on TCP, only complete messages count as activity from now on, not fragments or control frames.
        p.remove("idle");
        p.addAfter("ws-in", "idle", shared.newIdleTimer());
        p.remove(this);
        // The protocol stages start their session now (hello deadline, Session on the channel).
        p.context("ws-in").fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String text,
                                boolean keepAlive) {
        byte[] body = WebAssets.utf8(text);
        FullHttpResponse res = new DefaultFullHttpResponse(req.protocolVersion(), status, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set("X-Content-Type-Options", "nosniff");
        if (!keepAlive) {
            HttpUtil.setKeepAlive(res, false);
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        send(ctx, req, res, body.length);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res, int length) {
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(res, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
