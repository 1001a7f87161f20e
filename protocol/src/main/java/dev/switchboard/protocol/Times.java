package dev.switchboard.protocol;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Wire times: ISO-8601 UTC with exactly three fraction digits ({@code Instant.toString()} varies). */
public final class Times {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");

    private Times() {
    }

    /** The last time formatted: the desk formats the same batch time for many events in a row. */
    private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    private record Formatted(long millis, String text) {
    }

    /** The date part of the last day formatted, with its {@code T}: it changes once a day. */
    private static volatile Day lastDay = new Day(Long.MIN_VALUE, "");

    private record Day(long epochDay, String prefix) {
    }

    /**
     * {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'}. Every event carries a time, so the time of day is written by hand
     * (a formatter built several objects per call, a seventh of the desk's allocation under load).
     */
    public static String format(long epochMillis) {
        Formatted f = last;
        if (f.millis() == epochMillis) {
            return f.text();
        }
        long seconds = Math.floorDiv(epochMillis, 1000);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        long epochDay = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        Day day = lastDay;
        if (day.epochDay() != epochDay) {
            day = new Day(epochDay, DATE.format(LocalDate.ofEpochDay(epochDay)) + 'T');
            lastDay = day;
        }
        char[] time = new char[13];
        twoDigits(time, 0, secondOfDay / 3600);
        time[2] = ':';
        twoDigits(time, 3, secondOfDay / 60 % 60);
        time[5] = ':';
        twoDigits(time, 6, secondOfDay % 60);
        time[8] = '.';
        time[9] = (char) ('0' + millis / 100);
        twoDigits(time, 10, millis % 100);
        time[12] = 'Z';
        String text = day.prefix().concat(new String(time));
        last = new Formatted(epochMillis, text);
        return text;
    }

    private static void twoDigits(char[] into, int at, int value) {
        into[at] = (char) ('0' + value / 10);
        into[at + 1] = (char) ('0' + value % 10);
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
