package dev.switchboard.cli.common;

import dev.switchboard.protocol.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times and periods as people type them on a command line: {@code 2026-11-23T19:04:05Z}, a date
 * ({@code 2026-11-23}, midnight in the local zone), or an age such as {@code 90m}, {@code 24h} or {@code 7d}
 * (that long ago). Converted to wire times (UTC, three fraction digits).
 */
public final class TimeArgs {
    private static final Pattern SPAN = Pattern.compile("(\\d+)\\s*(s|m|h|d|w)");

    private TimeArgs() {
    }

    /** A point in time: absolute, a date, or an age counted back from now. */
    public static String pointInTime(String text, Clock clock) {
        String t = text.trim();
        if (SPAN.matcher(t).matches()) {
            return Times.format(clock.instant().minus(span(t)));
        }
        return absolute(t, clock.getZone());
    }

    /** A point in time in the future: absolute, a date, or a span counted forward from now ({@code 7d}). */
    public static String futureTime(String text, Clock clock) {
        String t = text.trim();
        if (SPAN.matcher(t).matches()) {
            return Times.format(clock.instant().plus(span(t)));
        }
        return absolute(t, clock.getZone());
    }

    /** A span such as {@code 30s}, {@code 10m}, {@code 2h}, {@code 7d} or {@code 1w}. */
    public static Duration span(String text) {
        Matcher m = SPAN.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a span such as 30s, 10m, 2h or 7d, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    private static String absolute(String t, ZoneId zone) {
        try {
            return Times.format(Instant.parse(t));
        } catch (DateTimeParseException e) {
            try {
                return Times.format(LocalDate.parse(t).atStartOfDay(zone).toInstant());
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("expected a time (2026-11-23T19:00:00Z), a date (2026-11-23)"
                        + " or an age (24h, 7d), got '" + t + "'");
            }
        }
    }
}
