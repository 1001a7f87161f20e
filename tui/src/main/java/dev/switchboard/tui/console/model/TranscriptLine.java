package dev.switchboard.tui.console.model;

/** One entry of a chat's transcript, as received (untrusted text: neutralised only when drawn). */
public record TranscriptLine(long seq, long at, Kind kind, String author, String text) {

    public enum Kind {
        CUSTOMER,
        AGENT,
        /** Internal note: staff only, never sent to the customer. */
        NOTE,
        /** A change of the chat itself: assigned, transferred, closed. */
        EVENT
    }
}
