package dev.switchboard.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.util.List;

/**
 * Stands before the TLS handler on a TLS listener and looks at the first five bytes: a TLS record goes on (this
 * handler leaves the pipeline and hands over what it read); anything else (someone typing JSON into {@code nc}, a
 * browser asking for {@code http://}) is answered in plain text with {@code answer}, which says to use TLS, and
 * the connection is closed. Without it the client would only see a handshake failure or nothing at all.
 */
public final class PlainTextRefusal extends ByteToMessageDecoder {
    /** A TLS record header is five bytes; {@link SslHandler#isEncrypted} needs them all. */
    private static final int RECORD_HEADER = 5;
    private final byte[] answer;

    public PlainTextRefusal(byte[] answer) {
        this.answer = answer.clone();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < RECORD_HEADER) {
            return;
        }
        if (SslHandler.isEncrypted(in, false)) {
            ctx.pipeline().remove(this);
            return;
        }
        in.skipBytes(in.readableBytes());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(ChannelFutureListener.CLOSE);
    }
}
