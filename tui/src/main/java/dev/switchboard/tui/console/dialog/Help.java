package dev.switchboard.tui.console.dialog;

import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.tui.console.keys.Action;
import dev.switchboard.tui.console.keys.KeyChord;
import dev.switchboard.tui.console.keys.Keymap;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Every binding of the current keymap, generated from it so the help can never disagree with the keys. */
public final class Help implements Dialog {
    /** Where the descriptions start: after the keys' column. */
    public static final int KEYS_COLUMN = 17;
    private final List<String> lines;
    private int top;

    public Help(Keymap keymap) {
        List<String> out = new ArrayList<>();
        for (Action a : Action.values()) {
            List<KeyChord> chords = keymap.chordsFor(a);
            if (!chords.isEmpty()) {
                String keys = chords.stream().map(KeyChord::toString).collect(Collectors.joining(", "));
                out.add(String.format("%-" + (KEYS_COLUMN - 1) + "s %s", keys, a.description()));
            }
        }
        out.add("");
        out.add("Esc then a key works as Alt+key.");
        out.add("/shortcut then Tab expands a canned text.");
        lines = List.copyOf(out);
    }

    @Override
    public String title() {
        return "Keys (Esc closes, PageUp/PageDown scroll)";
    }

    public List<String> lines() {
        return lines;
    }

    public int top() {
        return top;
    }

    @Override
    public Result key(KeyChord chord, Action action) {
        if (chord.type() == KeyType.Escape || action == Action.HELP || (chord.isTyped() && chord.character() == 'q')) {
            return Result.CLOSED;
        }
        if (chord.type() == KeyType.PageDown || chord.type() == KeyType.ArrowDown) {
            top = Math.min(Math.max(0, lines.size() - 1), top + (chord.type() == KeyType.PageDown ? 10 : 1));
        } else if (chord.type() == KeyType.PageUp || chord.type() == KeyType.ArrowUp) {
            top = Math.max(0, top - (chord.type() == KeyType.PageUp ? 10 : 1));
        }
        return Result.OPEN;
    }
}
