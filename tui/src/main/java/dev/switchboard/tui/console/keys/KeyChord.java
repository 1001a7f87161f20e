package dev.switchboard.tui.console.keys;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.Locale;

/**
 * One key with its modifiers, normalised so that the forms terminals send for the same key compare equal
 * (letters with Ctrl or Alt are lower-case; Shift is ignored except for special keys). Written and parsed as
 * {@code Alt+A}, {@code Ctrl+N}, {@code F1}, {@code Alt+Enter}, {@code ?}.
 */
public record KeyChord(KeyType type, Character character, boolean ctrl, boolean alt) {

    public static KeyChord of(KeyStroke k) {
        return of(k, k.isAltDown());
    }

    /** The key as if Alt was (or was not) held, for Esc-then-key. */
    public static KeyChord of(KeyStroke k, boolean alt) {
        if (k.getKeyType() == KeyType.Character) {
            char c = k.getCharacter();
            boolean ctrl = k.isCtrlDown();
            if ((ctrl || alt) && Character.isLetter(c)) {
                c = Character.toLowerCase(c);
            }
            // Terminals send Alt+Enter as Ctrl+Alt+M or Ctrl+Alt+J (CR or LF with ESC in front).
            if (alt && ctrl && (c == 'm' || c == 'j')) {
                return new KeyChord(KeyType.Enter, null, false, true);
            }
            return new KeyChord(KeyType.Character, c, ctrl, alt);
        }
        return new KeyChord(k.getKeyType(), null, k.isCtrlDown(), alt);
    }

    public static KeyChord character(char c) {
        return new KeyChord(KeyType.Character, c, false, false);
    }

    /** Parses {@code Ctrl+Alt+X}, {@code Alt+/}, {@code F1}, {@code PageUp}, {@code Enter}, {@code ?}. */
    public static KeyChord parse(String text) {
        String rest = text.trim();
        boolean ctrl = false;
        boolean alt = false;
        while (true) {
            String lower = rest.toLowerCase(Locale.ROOT);
            if (lower.startsWith("ctrl+") && rest.length() > 5) {
                ctrl = true;
                rest = rest.substring(5);
            } else if ((lower.startsWith("alt+") || lower.startsWith("meta+")) && rest.length() > 4) {
                alt = true;
                rest = rest.substring(rest.indexOf('+') + 1);
            } else {
                break;
            }
        }
        if (rest.codePointCount(0, rest.length()) == 1) {
            char c = rest.charAt(0);
            return new KeyChord(KeyType.Character, ctrl || alt ? Character.toLowerCase(c) : c, ctrl, alt);
        }
        for (KeyType t : KeyType.values()) {
            if (t.name().equalsIgnoreCase(rest)) {
                return new KeyChord(t, null, ctrl, alt);
            }
        }
        if (rest.equalsIgnoreCase("Space")) {
            return new KeyChord(KeyType.Character, ' ', ctrl, alt);
        }
        throw new IllegalArgumentException("unknown key '" + text + "'");
    }

    /** A plain printable character, typed into the input line. */
    public boolean isTyped() {
        return type == KeyType.Character && !ctrl && !alt;
    }

    @Override
    public String toString() {
        String key = type == KeyType.Character
                ? (character == ' ' ? "Space" : (ctrl || alt) ? String.valueOf(character).toUpperCase(Locale.ROOT)
                : String.valueOf(character))
                : type.name();
        return (ctrl ? "Ctrl+" : "") + (alt ? "Alt+" : "") + key;
    }
}
