package dev.switchboard.server.net.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * Outbound WebSocket edge: the session writes each server frame as a {@code ByteBuf} ending in {@code \n}; here it
 * becomes one text message without the newline. Closing the connection sends the close handshake first (the
 * session has already written its final {@code error}, if any), so browsers see a clean close.
 */
final class WebSocketOutbound extends ChannelOutboundHandlerAdapter {
    private boolean closeSent;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf line) {
            int end = line.writerIndex();
            if (end > line.readerIndex() && line.getByte(end - 1) == '\n') {
                line.writerIndex(end - 1);
            }
            ctx.write(new TextWebSocketFrame(line), promise);
            return;
        }
        if (msg instanceof CloseWebSocketFrame) {
            closeSent = true;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (closeSent || !ctx.channel().isActive()) {
            ctx.close(promise);
            return;
        }
        closeSent = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                .addListener((ChannelFutureListener) f -> ctx.close(promise));
        // A peer that does not take the close frame is closed anyway.
        ctx.executor().schedule(() -> {
            if (ctx.channel().isOpen()) {
                ctx.close();
            }
        }, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
