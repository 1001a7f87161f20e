package dev.switchboard.server.net;

import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Codec stage: one line in, one {@link Codec.Decoded} or {@link BadFrame} out. Blank lines are skipped. An
 * over-long line (reported by the framing stage, which already discards it to its newline) becomes a
 * {@code too_long} answer; the connection stays usable.
 */
public final class FrameDecoder extends MessageToMessageDecoder<ByteBuf> {
    private final Codec codec;

    public FrameDecoder(Codec codec) {
        this.codec = codec;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf line, List<Object> out) {
        int length = line.readableBytes();
        if (length == 0 || line.forEachByte(b -> b == ' ' || b == '\t' || b == '\r') == -1) {
            return;
        }
        byte[] bytes;
        int offset;
        if (line.hasArray()) {
            bytes = line.array();
            offset = line.arrayOffset() + line.readerIndex();
        } else {
            bytes = ByteBufUtil.getBytes(line);
            offset = 0;
        }
        try {
            out.add(codec.decodeCommand(bytes, offset, length));
        } catch (Codec.DecodeException e) {
            out.add(new BadFrame(e.code(), e.getMessage(), e.id(), e.type()));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            ctx.fireChannelRead(new BadFrame(ErrorCode.TOO_LONG,
                    "line longer than " + codec.limits().maxLineBytes() + " bytes; it was discarded", null, null));
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
