package dev.switchboard.tui.console.dialog;

import dev.switchboard.tui.console.keys.Action;
import dev.switchboard.tui.console.keys.KeyChord;

/**
 * A modal step over the desk (picker, prompt, question, help). It sees keys before the desk does, so a
 * digit typed into a picker's search never switches chats.
 */
public sealed interface Dialog permits Picker, TextPrompt, Confirm, Help {

    enum Result { OPEN, CLOSED }

    String title();

    /** Handles a key; {@code action} is what the keymap would do with it outside the dialog (may be null). */
    Result key(KeyChord chord, Action action);
}
