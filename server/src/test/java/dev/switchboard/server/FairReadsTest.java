package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/**
 * The read budget every accepted connection gets (see {@link Server#FAIR_READS}): one read per turn of the event
 * loop, of at most 16 KiB however fast the client writes, so one connection cannot hold the loop that others
 * share. The effect itself is measured by {@code scripts/flood-check}, not here.
 */
class FairReadsTest {
    @Test
    void aConnectionReadsOnceAndAtMost16KiBPerTurnHoweverMuchIsWaiting() {
        RecvByteBufAllocator.Handle reads = Server.FAIR_READS.newHandle();
        EmbeddedChannel channel = new EmbeddedChannel();
        int largest = 0;
        for (int turn = 0; turn < 50; turn++) {
            reads.reset(channel.config());
            ByteBuf buf = reads.allocate(UnpooledByteBufAllocator.DEFAULT);
            largest = Math.max(largest, buf.capacity());
            // A flooding client: every read fills the buffer, and more is waiting (as the channel reports it).
            reads.attemptedBytesRead(buf.writableBytes());
            reads.lastBytesRead(buf.capacity());
            reads.incMessagesRead(1);
            assertThat(reads.continueReading()).as("a second read in the same turn").isFalse();
            reads.readComplete();
            buf.release();
        }
        assertThat(largest).as("the buffer grows with full reads, up to its cap").isEqualTo(16 * 1024);
        channel.finishAndReleaseAll();
    }
}
