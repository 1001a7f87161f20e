package dev.switchboard.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The percentile maths: HdrHistogram's answers against exact nearest-rank percentiles of the same samples. */
class LatencyStatsTest {

    @Test
    void uniformOneToTenThousandMicros() {
        LatencyStats s = new LatencyStats();
        for (int us = 1; us <= 10_000; us++) {
            s.recordMicros(us);
        }
        LatencyStats.Summary sum = s.summary();
        assertThat(sum.count()).isEqualTo(10_000);
        // 3 significant digits: within 0.1 % of the exact value (plus the bucket's width).
        assertThat(sum.p50()).isCloseTo(5.000, within(0.01));
        assertThat(sum.p90()).isCloseTo(9.000, within(0.01));
        assertThat(sum.p99()).isCloseTo(9.900, within(0.01));
        assertThat(sum.max()).isCloseTo(10.000, within(0.01));
        assertThat(sum.mean()).isCloseTo(5.0005, within(0.01));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 20260101})
    void matchesExactNearestRankOnSkewedSamples(long seed) {
        Random r = new Random(seed);
        LatencyStats s = new LatencyStats();
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            // Log-normal-ish: mostly around a millisecond, with a long tail up to seconds.
            long us = (long) Math.min(LatencyStats.MAX_MICROS, Math.exp(7 + 1.5 * r.nextGaussian()));
            samples.add(us);
            s.recordMicros(us);
        }
        Collections.sort(samples);
        LatencyStats.Summary sum = s.summary();
        assertThat(sum.p50()).isCloseTo(exact(samples, 50), within(exact(samples, 50) * 0.002 + 0.002));
        assertThat(sum.p90()).isCloseTo(exact(samples, 90), within(exact(samples, 90) * 0.002 + 0.002));
        assertThat(sum.p99()).isCloseTo(exact(samples, 99), within(exact(samples, 99) * 0.002 + 0.002));
        assertThat(sum.max()).isCloseTo(samples.get(samples.size() - 1) / 1000.0,
                within(samples.get(samples.size() - 1) / 1000.0 * 0.002 + 0.002));
    }

    /** Nearest-rank percentile in milliseconds. */
    private static double exact(List<Long> sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1000.0;
    }

    @Test
    void emptyIsAllZero() {
        assertThat(new LatencyStats().summary()).isEqualTo(new LatencyStats.Summary(0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void resetDropsTheWarmUpAndSummaryAccumulatesAfterIt() {
        LatencyStats s = new LatencyStats();
        s.recordMicros(50_000_000);
        s.reset();
        s.recordNanos(2_000_000);
        assertThat(s.summary().count()).isEqualTo(1);
        s.recordNanos(4_000_000);
        LatencyStats.Summary sum = s.summary();
        assertThat(sum.count()).isEqualTo(2);
        assertThat(sum.max()).isCloseTo(4.0, within(0.01));
    }

    @Test
    void outOfRangeValuesAreClampedNotThrown() {
        LatencyStats s = new LatencyStats();
        s.recordNanos(-5);
        s.recordMicros(Long.MAX_VALUE);
        LatencyStats.Summary sum = s.summary();
        assertThat(sum.count()).isEqualTo(2);
        assertThat(sum.max()).isCloseTo(LatencyStats.MAX_MICROS / 1000.0, within(LatencyStats.MAX_MICROS / 1000.0 * 0.001));
    }

    @Test
    void recordsFromManyThreads() throws InterruptedException {
        LatencyStats s = new LatencyStats();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 25_000; i++) {
                    s.recordMicros(100);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(s.summary().count()).isEqualTo(100_000);
    }
}
