package dev.switchboard.server.net;

import dev.switchboard.protocol.ErrorCode;

/** A line that could not be served, passed down the pipeline so the session answers (and counts) it. */
public record BadFrame(ErrorCode code, String message, Object id, String type) {

    public boolean isTyping() {
        return "typing".equals(type);
    }
}
