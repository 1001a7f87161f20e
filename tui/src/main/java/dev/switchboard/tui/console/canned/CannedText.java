package dev.switchboard.tui.console.canned;

/** A saved answer: typed as {@code /shortcut} then Tab, or picked with Ctrl+K. */
public record CannedText(String id, String shortcut, String text, String owner) {
}
