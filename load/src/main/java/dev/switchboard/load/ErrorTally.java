package dev.switchboard.load;

import dev.switchboard.client.Failures;
import dev.switchboard.client.RequestException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Errors by code: the protocol's codes for {@code error} replies ({@code rate_limited}, {@code forbidden}…), and the
 * load generator's own names for what never got a reply ({@code disconnected}, {@code connect_failed},
 * {@code timeout}, {@code client}).
 */
public final class ErrorTally {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Counts a failure by its code; wrappers from futures are looked through. */
    public void record(Throwable t) {
        record(codeOf(t));
    }

    public void record(String code) {
        counts.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    public static String codeOf(Throwable t) {
        Throwable c = Failures.cause(t);
        if (c instanceof RequestException r) {
            return r.code().wire();
        }
        if (c instanceof TimeoutException) {
            return "timeout";
        }
        return "client";
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long count(String code) {
        LongAdder a = counts.get(code);
        return a == null ? 0 : a.sum();
    }

    /** Sorted by code, for stable reports. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public void reset() {
        counts.clear();
    }
}
