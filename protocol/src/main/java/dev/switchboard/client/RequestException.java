package dev.switchboard.client;

import dev.switchboard.protocol.ErrorCode;

/** The server answered a request with an {@code error} frame, or the connection was lost first. */
public class RequestException extends RuntimeException {
    private final ErrorCode code;

    public RequestException(ErrorCode code, String message) {
        super(code.wire() + ": " + message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The server's message without the code prefix. */
    public String reason() {
        String m = getMessage();
        return m.substring(m.indexOf(": ") + 2);
    }
}
