package dev.switchboard.tui.console.keys;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns raw key strokes into chords. Alt+key only decodes when ESC and the key arrive in one read, so on slow
 * links and some Mac terminals it arrives as a lone Escape followed by the key: like irssi and WeeChat, an
 * Escape followed within {@link #ESCAPE_WINDOW_MILLIS} by another key counts as Alt+that key. A lone Escape
 * is released once the window has passed ({@link #expired}).
 */
public final class KeyReader {
    public static final long ESCAPE_WINDOW_MILLIS = 50;

    private final Clock clock;
    private long escapeAt = -1;

    public KeyReader(Clock clock) {
        this.clock = clock;
    }

    /** The chords this stroke completes (none while an Escape waits for its partner). */
    public List<KeyChord> read(KeyStroke stroke) {
        List<KeyChord> out = new ArrayList<>(2);
        long now = clock.millis();
        if (escapeAt >= 0) {
            boolean quick = now - escapeAt <= ESCAPE_WINDOW_MILLIS;
            escapeAt = -1;
            if (quick && stroke.getKeyType() != KeyType.Escape) {
                out.add(KeyChord.of(stroke, true));
                return out;
            }
            out.add(KeyChord.of(new KeyStroke(KeyType.Escape)));
        }
        if (stroke.getKeyType() == KeyType.Escape && !stroke.isAltDown()) {
            escapeAt = now;
        } else {
            out.add(KeyChord.of(stroke));
        }
        return out;
    }

    /** A lone Escape whose window has passed, or null. */
    public KeyChord expired() {
        if (escapeAt >= 0 && clock.millis() - escapeAt > ESCAPE_WINDOW_MILLIS) {
            escapeAt = -1;
            return KeyChord.of(new KeyStroke(KeyType.Escape));
        }
        return null;
    }

    /** Milliseconds until {@link #expired} may release a waiting Escape; -1 when none waits. */
    public long millisUntilEscapeExpires() {
        return escapeAt < 0 ? -1 : Math.max(0, escapeAt + ESCAPE_WINDOW_MILLIS + 1 - clock.millis());
    }
}
