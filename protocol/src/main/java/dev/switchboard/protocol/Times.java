package dev.switchboard.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Wire times: ISO-8601 UTC with exactly three fraction digits ({@code Instant.toString()} varies). */
public final class Times {
    private static final DateTimeFormatter WIRE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** The last time formatted: the desk formats the same batch time for many events in a row. */
    private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    private record Formatted(long millis, String text) {
    }

    public static String format(long epochMillis) {
        Formatted f = last;
        if (f.millis() == epochMillis) {
            return f.text();
        }
        String text = WIRE.format(Instant.ofEpochMilli(epochMillis));
        last = new Formatted(epochMillis, text);
        return text;
    }

    public static String format(Instant instant) {
        return format(instant.toEpochMilli());
    }

    /** Parses a wire time; any ISO-8601 instant is accepted on input. */
    public static long parse(String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | NullPointerException e) {
            throw ProtocolException.badFrame("not an ISO-8601 UTC time: " + text);
        }
    }
}
