package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Field checks shared by every frame's {@code validate}; each failure names the field. */
public final class Check {
    private Check() {
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw ProtocolException.badFrame("missing field '" + field + "'");
        }
        return value;
    }

    public static String id(String field, String value) {
        required(field, value);
        if (value.isEmpty() || utf8Length(value) > 64) {
            throw ProtocolException.badFrame("'" + field + "' must be 1 to 64 bytes");
        }
        return value;
    }

    public static void optionalId(String field, String value) {
        if (value != null) {
            id(field, value);
        }
    }

    public static String text(String field, String value, Limits limits) {
        required(field, value);
        int codePoints = value.codePointCount(0, value.length());
        if (codePoints > limits.maxTextCodePoints()) {
            throw ProtocolException.badFrame("'" + field + "' is longer than " + limits.maxTextCodePoints() + " characters");
        }
        if (value.isBlank()) {
            throw ProtocolException.badFrame("'" + field + "' must not be blank");
        }
        return value;
    }

    public static void optionalText(String field, String value, Limits limits) {
        if (value != null) {
            text(field, value, limits);
        }
    }

    /** A short single-line label: names, reasons, topics, shortcuts. */
    public static void label(String field, String value, int maxCodePoints) {
        if (value == null) {
            return;
        }
        if (value.isBlank() || value.codePointCount(0, value.length()) > maxCodePoints) {
            throw ProtocolException.badFrame("'" + field + "' must be 1 to " + maxCodePoints + " characters");
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ProtocolException.badFrame("'" + field + "' must not contain control characters");
        }
    }

    /**
     * A canned text's shortcut: 1–32 letters, digits, {@code _} or {@code -}, not digits alone (tools that take
     * "an id or a shortcut", as the admin CLI does, read a number as an id).
     */
    public static void shortcut(String field, String value) {
        label(field, value, 32);
        if (value == null) {
            return;
        }
        if (!value.matches("[\\p{L}\\p{N}_-]+")) {
            throw ProtocolException.badFrame("'" + field + "' must be letters, digits, '_' or '-'");
        }
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ProtocolException.badFrame("'" + field + "' must not be digits alone: that reads as a canned text's id");
        }
    }

    public static void context(Map<String, String> context, Limits limits) {
        if (context == null) {
            return;
        }
        if (context.size() > limits.maxContextKeys()) {
            throw ProtocolException.badFrame("'context' has more than " + limits.maxContextKeys() + " keys");
        }
        for (Map.Entry<String, String> e : context.entrySet()) {
            if (e.getValue() == null || e.getValue().length() > limits.maxContextValueChars()) {
                throw ProtocolException.badFrame("'context." + e.getKey() + "' must be a string of at most "
                        + limits.maxContextValueChars() + " characters");
            }
        }
    }

    public static void password(String field, String value, Limits limits) {
        if (value != null && (value.isEmpty() || utf8Length(value) > limits.maxPasswordBytes())) {
            throw ProtocolException.badFrame("'" + field + "' must be 1 to " + limits.maxPasswordBytes() + " bytes");
        }
    }

    public static void oneOf(String field, String value, String... allowed) {
        if (value == null) {
            return;
        }
        for (String a : allowed) {
            if (a.equals(value)) {
                return;
            }
        }
        throw ProtocolException.badFrame("'" + field + "' must be one of " + String.join(", ", allowed));
    }

    public static void range(String field, Number value, long min, long max) {
        if (value != null && (value.longValue() < min || value.longValue() > max)) {
            throw ProtocolException.badFrame("'" + field + "' must be between " + min + " and " + max);
        }
    }

    public static void time(String field, String value) {
        if (value != null) {
            Times.parse(value);
        }
    }

    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
