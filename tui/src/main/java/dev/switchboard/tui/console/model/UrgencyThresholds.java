package dev.switchboard.tui.console.model;

import java.time.Duration;

/** When a wait turns from calm (green) to warn (yellow) to urgent (red). */
public record UrgencyThresholds(Duration warnAfter, Duration urgentAfter) {
    public static final UrgencyThresholds DEFAULT = new UrgencyThresholds(Duration.ofSeconds(10), Duration.ofSeconds(60));

    public UrgencyThresholds {
        if (warnAfter.isNegative() || urgentAfter.compareTo(warnAfter) < 0) {
            throw new IllegalArgumentException("thresholds must satisfy 0 <= warn <= urgent");
        }
    }

    public Urgency of(long waitedMillis) {
        if (waitedMillis >= urgentAfter.toMillis()) {
            return Urgency.URGENT;
        }
        return waitedMillis >= warnAfter.toMillis() ? Urgency.WARN : Urgency.CALM;
    }

    /** Parses {@code "10,60"} (seconds) or {@code "10s,2m"}. */
    public static UrgencyThresholds parse(String text) {
        String[] parts = text.split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected WARN,URGENT such as 10s,60s");
        }
        return new UrgencyThresholds(parseDuration(parts[0]), parseDuration(parts[1]));
    }

    /** Parses {@code 500ms}, {@code 10s}, {@code 10} (seconds) or {@code 2m}. */
    public static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(t.endsWith("s") ? t.substring(0, t.length() - 1) : t));
    }
}
