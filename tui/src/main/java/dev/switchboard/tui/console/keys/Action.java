package dev.switchboard.tui.console.keys;

import java.util.Locale;

/** Everything a key can do in the console. Keymap files name actions by {@link #id()}. */
public enum Action {
    SELECT_1("Open chat 1"), SELECT_2("Open chat 2"), SELECT_3("Open chat 3"), SELECT_4("Open chat 4"),
    SELECT_5("Open chat 5"), SELECT_6("Open chat 6"), SELECT_7("Open chat 7"), SELECT_8("Open chat 8"),
    SELECT_9("Open chat 9"),
    NEXT_CHAT("Next chat"),
    PREVIOUS_CHAT("Previous chat"),
    MOST_URGENT("Jump to the chat that needs you most; again to cycle"),
    LAST_CHAT("Back to the last chat"),
    ACCEPT("Accept the selected queued chat, or the next in the queue"),
    SEND("Send the message (or note)"),
    NEWLINE("New line in the message"),
    COMPLETE("Expand /shortcut or take the suggestion"),
    CANNED_PICKER("Pick a canned text"),
    TRANSFER("Transfer the chat"),
    END_CHAT("End the chat"),
    NOTE_MODE("Toggle note mode (internal, never sent)"),
    TOGGLE_STATUS("Toggle available / away"),
    HISTORY_PREVIOUS("Recall the previous sent line"),
    HISTORY_NEXT("Recall the next sent line"),
    SCROLL_UP("Scroll the transcript up a page"),
    SCROLL_DOWN("Scroll the transcript down a page"),
    SCROLL_TOP("Scroll to the oldest message"),
    SCROLL_BOTTOM("Scroll to the newest message"),
    CURSOR_LEFT("Cursor left"),
    CURSOR_RIGHT("Cursor right"),
    LINE_START("Cursor to start of the message"),
    LINE_END("Cursor to end of the message"),
    DELETE_BACKWARD("Delete before the cursor"),
    DELETE_FORWARD("Delete at the cursor"),
    CLEAR_INPUT("Clear the message"),
    CANCEL("Close a dialog, leave note mode"),
    HELP("Show the keys"),
    REDRAW("Redraw the screen"),
    QUIT("Quit (asks first)");

    private final String description;

    Action(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The name used in keymap files: {@code accept}, {@code most-urgent}, {@code select-1}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Action fromId(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** For {@code SELECT_n}: n (1-based); otherwise 0. */
    public int chatNumber() {
        return name().startsWith("SELECT_") ? Integer.parseInt(name().substring(7)) : 0;
    }
}
