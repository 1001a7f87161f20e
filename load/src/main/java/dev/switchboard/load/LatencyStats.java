package dev.switchboard.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One latency distribution, recorded in microseconds from any number of threads without locks. {@link #reset}
 * drops everything recorded so far (the end of the warm-up); {@link #summary} reads what was recorded since.
 * Values above {@link #MAX_MICROS} are clamped (and still counted), so a stray outlier never throws.
 */
public final class LatencyStats {
    /** One minute: nothing the load generator measures is longer. */
    public static final long MAX_MICROS = 60_000_000L;
    private final Recorder recorder = new Recorder(MAX_MICROS, 3);
    private final Histogram total = new Histogram(MAX_MICROS, 3);

    /** Records one latency given in nanoseconds (negative values count as 0). */
    public void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        recorder.recordValue(Math.min(micros, MAX_MICROS));
    }

    public void recordMicros(long micros) {
        recorder.recordValue(Math.min(Math.max(0, micros), MAX_MICROS));
    }

    /** Forgets everything recorded so far. */
    public synchronized void reset() {
        recorder.getIntervalHistogram();
        total.reset();
    }

    /** Everything recorded since the last reset. */
    public synchronized Summary summary() {
        total.add(recorder.getIntervalHistogram());
        return Summary.of(total);
    }

    /** Percentiles in milliseconds; all zero when nothing was recorded. */
    public record Summary(long count, double p50, double p90, double p99, double p999, double max, double mean) {
        static Summary of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Summary(0, 0, 0, 0, 0, 0, 0);
            }
            return new Summary(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                    ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()),
                    h.getMean() / 1000.0);
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }
}
