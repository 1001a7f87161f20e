package dev.switchboard.protocol;

import java.util.Locale;

/** The stable error codes of protocol v1; the wire form is the snake_case name. */
public enum ErrorCode {
    BAD_JSON, BAD_FRAME, UNKNOWN_TYPE, TOO_LONG, AUTH_REQUIRED, AUTH_FAILED, FORBIDDEN,
    NOT_FOUND, CONFLICT, INVALID_STATE, RATE_LIMITED, BANNED, UNAVAILABLE, INTERNAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ErrorCode fromWire(String code) {
        try {
            return valueOf(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            return INTERNAL;
        }
    }
}
