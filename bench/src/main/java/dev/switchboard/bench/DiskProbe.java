package dev.switchboard.bench;

import dev.switchboard.load.LatencyStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The disk as a durable commit sees it: {@code syncs} writes of {@code bytes} each, every one followed by an
 * {@code fsync} (what sqlite-jdbc's native library calls at each commit here), paced at {@code rate} a second,
 * in a file of its own in {@code dir}. S2's tail is bounded by this disk's rare slow syncs: every message of a
 * commit waits for its sync, so one 50 ms stall at S2's rate delays about a thousand messages.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.switchboard.bench.DiskProbe DIR [SYNCS=24000] [RATE=800] [BYTES=32768]</pre>
 *
 * <p>The defaults are S2's commits for 30 s: about 800 a second ({@code perf stat} counted 810 fsyncs/s), and
 * about 32 KiB each (the WAL grew 16–32 MB/s before its first reset). Prints
 * {@code key=value} lines for {@code machine.txt}.
 */
public final class DiskProbe {
    private static final long FILE_BYTES = 64L << 20;
    /** A sync slower than this alone uses up S2's whole latency goal. */
    private static final long SLOW_NANOS = 5_000_000L;

    private DiskProbe() {
    }

    /** What the probe saw: the syncs' latency, and how many (and how long in all) took over 5 ms. */
    public record Result(LatencyStats.Summary syncs, int slow, double slowMillis) {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int syncs = args.length > 1 ? Integer.parseInt(args[1]) : 24_000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 800;
        int bytes = args.length > 3 ? Integer.parseInt(args[3]) : 32_768;
        Result r = run(dir, syncs, rate, bytes);
        LatencyStats.Summary s = r.syncs();
        System.out.printf("disk_syncs=%d of %d KiB at %d/s, fsync after each%n", s.count(), bytes / 1024, rate);
        System.out.printf("disk_sync_ms=p50 %.2f, p99 %.2f, p99.9 %.2f, max %.1f%n", s.p50(), s.p99(), s.p999(), s.max());
        System.out.printf("disk_slow_syncs=%d over 5 ms, %.0f ms in all%n", r.slow(), r.slowMillis());
    }

    public static Result run(Path dir, int syncs, int rate, int bytes) throws IOException {
        Path file = Files.createTempFile(dir, "disk-probe", ".dat");
        LatencyStats stats = new LatencyStats();
        int slow = 0;
        long slowNanos = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] data = new byte[bytes];
            ThreadLocalRandom.current().nextBytes(data);
            ByteBuffer buf = ByteBuffer.wrap(data);
            long period = 1_000_000_000L / rate;
            long next = System.nanoTime();
            long offset = 0;
            for (int i = 0; i < syncs; i++) {
                buf.clear();
                while (buf.hasRemaining()) {
                    offset += ch.write(buf, offset);
                }
                offset %= FILE_BYTES - bytes;
                long t0 = System.nanoTime();
                ch.force(true);
                long took = System.nanoTime() - t0;
                stats.recordNanos(took);
                if (took > SLOW_NANOS) {
                    slow++;
                    slowNanos += took;
                }
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return new Result(stats.summary(), slow, slowNanos / 1e6);
    }
}
