package dev.switchboard.tui.console.model;

/** How badly a waiting customer needs an answer; drives the row colour. */
public enum Urgency {
    /** Nobody is waiting (an agent spoke last). */
    NONE,
    CALM,
    WARN,
    URGENT
}
