package dev.switchboard.tui.console.keys;

import com.googlecode.lanterna.input.KeyType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which chord does what. The defaults follow irssi/WeeChat habits (Alt+digit, Alt+A, Alt+/); a keymap file
 * overrides them, one {@code action = chord[, chord…]} per line, {@code #} starts a comment:
 * <pre>
 * accept = Alt+Q
 * end-chat = Alt+E, Ctrl+W
 * </pre>
 * An action named in the file loses its default chords, so a user can move a binding without leaving the
 * old chord behind.
 */
public final class Keymap {
    private final Map<KeyChord, Action> byChord = new LinkedHashMap<>();
    private final Map<Action, List<KeyChord>> byAction = new EnumMap<>(Action.class);

    private Keymap() {
    }

    public static Keymap defaults() {
        Keymap m = new Keymap();
        for (int n = 1; n <= 9; n++) {
            m.bind(Action.valueOf("SELECT_" + n), alt((char) ('0' + n)));
        }
        m.bind(Action.NEXT_CHAT, ctrl('n'));
        m.bind(Action.PREVIOUS_CHAT, ctrl('p'));
        m.bind(Action.MOST_URGENT, alt('a'));
        m.bind(Action.LAST_CHAT, alt('/'));
        m.bind(Action.ACCEPT, alt('q'));
        m.bind(Action.SEND, key(KeyType.Enter));
        m.bind(Action.NEWLINE, new KeyChord(KeyType.Enter, null, false, true));
        m.bind(Action.COMPLETE, key(KeyType.Tab));
        m.bind(Action.CANNED_PICKER, ctrl('k'));
        m.bind(Action.TRANSFER, alt('t'));
        m.bind(Action.END_CHAT, alt('e'));
        m.bind(Action.NOTE_MODE, alt('n'));
        m.bind(Action.TOGGLE_STATUS, alt('s'));
        m.bind(Action.HISTORY_PREVIOUS, key(KeyType.ArrowUp));
        m.bind(Action.HISTORY_NEXT, key(KeyType.ArrowDown));
        m.bind(Action.SCROLL_UP, key(KeyType.PageUp));
        m.bind(Action.SCROLL_DOWN, key(KeyType.PageDown));
        m.bind(Action.SCROLL_TOP, key(KeyType.Home));
        m.bind(Action.SCROLL_BOTTOM, key(KeyType.End));
        m.bind(Action.CURSOR_LEFT, key(KeyType.ArrowLeft));
        m.bind(Action.CURSOR_RIGHT, key(KeyType.ArrowRight));
        m.bind(Action.LINE_START, ctrl('a'));
        m.bind(Action.LINE_END, ctrl('e'));
        m.bind(Action.DELETE_BACKWARD, key(KeyType.Backspace));
        m.bind(Action.DELETE_FORWARD, key(KeyType.Delete));
        m.bind(Action.CLEAR_INPUT, ctrl('u'));
        m.bind(Action.CANCEL, key(KeyType.Escape));
        m.bind(Action.HELP, key(KeyType.F1));
        m.bind(Action.HELP, KeyChord.character('?'));
        m.bind(Action.REDRAW, ctrl('l'));
        m.bind(Action.QUIT, ctrl('q'));
        m.bind(Action.QUIT, ctrl('c'));
        return m;
    }

    /** The defaults with the file's lines applied; a bad line fails with its line number. */
    public static Keymap load(Path file) throws IOException {
        return defaults().with(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    public Keymap with(List<String> lines) {
        Map<Action, List<KeyChord>> overrides = new LinkedHashMap<>();
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.strip();
            int hash = line.indexOf(" #");
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("keymap line " + lineNo + ": expected 'action = key'");
            }
            try {
                Action action = Action.fromId(line.substring(0, eq));
                List<KeyChord> chords = new ArrayList<>();
                for (String chord : line.substring(eq + 1).split(",(?=.)")) {
                    chords.add(KeyChord.parse(chord));
                }
                overrides.put(action, chords);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("keymap line " + lineNo + ": " + e.getMessage(), e);
            }
        }
        Keymap m = new Keymap();
        byAction.forEach((action, chords) -> {
            if (!overrides.containsKey(action)) {
                chords.forEach(c -> m.bind(action, c));
            }
        });
        overrides.forEach((action, chords) -> chords.forEach(c -> m.bind(action, c)));
        return m;
    }

    public Action actionFor(KeyChord chord) {
        return byChord.get(chord);
    }

    public List<KeyChord> chordsFor(Action action) {
        return byAction.getOrDefault(action, List.of());
    }

    private void bind(Action action, KeyChord chord) {
        Action previous = byChord.put(chord, action);
        if (previous != null && previous != action) {
            byAction.get(previous).remove(chord);
        }
        byAction.computeIfAbsent(action, a -> new ArrayList<>()).add(chord);
    }

    private static KeyChord alt(char c) {
        return new KeyChord(KeyType.Character, c, false, true);
    }

    private static KeyChord ctrl(char c) {
        return new KeyChord(KeyType.Character, c, true, false);
    }

    private static KeyChord key(KeyType type) {
        return new KeyChord(type, null, false, false);
    }
}
