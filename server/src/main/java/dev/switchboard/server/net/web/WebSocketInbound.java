package dev.switchboard.server.net.web;

import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.net.BadFrame;
import dev.switchboard.server.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Inbound WebSocket edge, the counterpart of the TCP line framing: each complete text message (a frame, or a
 * frame plus its continuations) goes on as one {@code ByteBuf} line to the shared codec stage. A message longer
 * than the max line is discarded up to its last fragment and reported to the codec stage exactly as the line
 * framing reports an over-long line ({@link TooLongFrameException}, answered {@code too_long}); a binary message
 * becomes a {@code bad_frame} error. Control frames are answered here: ping with pong, close with close.
 */
final class WebSocketInbound extends ChannelInboundHandlerAdapter {
    private enum Partial { NONE, TEXT, TOO_LONG, BINARY }

    private final Codec codec;
    private final int maxLine;
    private Partial partial = Partial.NONE;
    private CompositeByteBuf text;

    WebSocketInbound(Codec codec) {
        this.codec = codec;
        this.maxLine = codec.limits().maxLineBytes();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            read(ctx, frame);
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    private void read(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof PongWebSocketFrame) {
            // Nothing to do: an answer to nobody's ping (the idle timer counts complete messages only).
        } else if (frame instanceof CloseWebSocketFrame) {
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (frame instanceof TextWebSocketFrame) {
            dropPartial();
            partial = Partial.TEXT;
            append(frame.content());
            if (frame.isFinalFragment()) {
                end(ctx);
            }
        } else if (frame instanceof BinaryWebSocketFrame) {
            dropPartial();
            partial = Partial.BINARY;
            if (frame.isFinalFragment()) {
                end(ctx);
            }
        } else if (frame instanceof ContinuationWebSocketFrame) {
            if (partial == Partial.TEXT) {
                append(frame.content());
            }
            if (frame.isFinalFragment() && partial != Partial.NONE) {
                end(ctx);
            }
        }
    }

    private void append(ByteBuf content) {
        if (partial != Partial.TEXT) {
            return;
        }
        int have = text == null ? 0 : text.readableBytes();
        if (have + content.readableBytes() > maxLine) {
            dropPartial();
            partial = Partial.TOO_LONG;
            return;
        }
        if (text == null) {
            text = Unpooled.compositeBuffer(1024);
        }
        text.addComponent(true, content.retain());
    }

    private void end(ChannelHandlerContext ctx) {
        Partial done = partial;
        partial = Partial.NONE;
        switch (done) {
            case TEXT -> {
                ByteBuf line = text == null ? Unpooled.EMPTY_BUFFER : text;
                text = null;
                ctx.fireChannelRead(line);
            }
            // The codec stage answers this exactly as an over-long TCP line.
            case TOO_LONG -> ctx.fireExceptionCaught(new TooLongFrameException("message longer than " + maxLine));
            case BINARY -> ctx.fireChannelRead(new BadFrame(ErrorCode.BAD_FRAME,
                    "binary WebSocket messages are not accepted: send each protocol frame as one text message", null,
                    null));
            case NONE -> {
            }
        }
    }

    private void dropPartial() {
        if (text != null) {
            text.release();
            text = null;
        }
        partial = Partial.NONE;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException bad) {
            // The frame decoder cannot go on after a violation: a last error, then the close handshake.
            dropPartial();
            String why = bad.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG
                    ? "a single WebSocket frame longer than " + WebHandler.MAX_FRAME + " bytes; closing"
                    : "WebSocket protocol error (" + bad.getMessage() + "); closing";
            ErrorCode code = bad.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG ? ErrorCode.TOO_LONG
                    : ErrorCode.BAD_FRAME;
            byte[] last = codec.encode(new ServerFrame.Error(null, code.wire(), why));
            Session session = ctx.channel().attr(Session.KEY).get();
            if (session != null) {
                session.closeWith(last);
            } else {
                ctx.channel().writeAndFlush(Unpooled.wrappedBuffer(last)).addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        dropPartial();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        dropPartial();
        ctx.fireChannelInactive();
    }
}
