package dev.switchboard.server.net.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.nio.charset.StandardCharsets;

/**
 * Sits at the head of a website connection until its first bytes arrive. The shared connection limiter answers a
 * refused connection with a raw protocol line before any request was read; on this port that line is wrapped
 * into an HTTP {@code 429} response, so a browser sees a well-formed refusal. Removes itself at the first read.
 */
final class HttpRefusal extends ChannelDuplexHandler {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf body) {
            byte[] head = ("HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\ncontent-length: "
                    + body.readableBytes() + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            ctx.write(Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(head), body), promise);
            return;
        }
        ctx.write(msg, promise);
    }
}
