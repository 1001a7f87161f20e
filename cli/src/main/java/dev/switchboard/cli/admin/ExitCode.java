package dev.switchboard.cli.admin;

import dev.switchboard.protocol.ErrorCode;

/**
 * Exit codes scripts can rely on (documented in the admin guide). 2 is picocli's code for a malformed
 * command line, so the codes here leave it free.
 */
public final class ExitCode {
    public static final int OK = 0;
    /** The server refused for another reason (e.g. an invalid state), or something unexpected failed. */
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;
    /** Already exists: a duplicate account or shortcut. */
    public static final int CONFLICT = 4;
    /** Wrong credentials, or the account may not do this. */
    public static final int DENIED = 5;
    /** The server cannot be reached, or is shutting down. */
    public static final int UNREACHABLE = 6;
    /** A value or a file was rejected (by this command or by the server). */
    public static final int BAD_INPUT = 7;

    private ExitCode() {
    }

    static int of(ErrorCode code) {
        return switch (code) {
            case NOT_FOUND -> NOT_FOUND;
            case CONFLICT -> CONFLICT;
            case AUTH_FAILED, AUTH_REQUIRED, FORBIDDEN, BANNED -> DENIED;
            case UNAVAILABLE -> UNREACHABLE;
            case BAD_FRAME, BAD_JSON, TOO_LONG -> BAD_INPUT;
            default -> FAILED;
        };
    }
}
