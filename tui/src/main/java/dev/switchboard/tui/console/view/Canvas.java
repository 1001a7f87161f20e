package dev.switchboard.tui.console.view;

import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.screen.Screen;
import dev.switchboard.protocol.TerminalText;

/**
 * The only way the console writes text to the screen. Everything passes {@link TerminalText#line} (so an
 * escape sequence from a customer shows as {@code ^[[31m} and never reaches the terminal) and is measured
 * by {@link CellWidth}, so wide characters never push the layout.
 */
public final class Canvas {
    private final Screen screen;
    private final Palette palette;
    private final int width;
    private final int height;

    public Canvas(Screen screen, Palette palette, int width, int height) {
        this.screen = screen;
        this.palette = palette;
        this.width = width;
        this.height = height;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public Palette palette() {
        return palette;
    }

    /** Writes {@code text} from column {@code x}, within {@code cols} cells; returns the cells used. */
    public int text(int x, int y, int cols, String text, Palette.Role role) {
        if (y < 0 || y >= height || cols <= 0) {
            return 0;
        }
        Palette.Style style = palette.style(role);
        String safe = TerminalText.line(text);
        int limit = Math.min(cols, width - x);
        int used = 0;
        for (String cluster : CellWidth.clusters(safe)) {
            int w = CellWidth.ofCluster(cluster);
            if (w == 0) {
                continue;
            }
            if (used + w > limit) {
                if (used < limit) {
                    put(x + used, y, " ", style);
                    used++;
                }
                break;
            }
            put(x + used, y, CellWidth.glyph(cluster, w), style);
            used += w;
        }
        return used;
    }

    /** Fills {@code cols} cells with spaces in the role's colours. */
    public void fill(int x, int y, int cols, Palette.Role role) {
        Palette.Style style = palette.style(role);
        for (int i = 0; i < cols && x + i < width; i++) {
            put(x + i, y, " ", style);
        }
    }

    /** Writes {@code text} and pads the rest of {@code cols} with spaces in the same style. */
    public void line(int x, int y, int cols, String text, Palette.Role role) {
        int used = text(x, y, cols, text, role);
        fill(x + used, y, cols - used, role);
    }

    private void put(int x, int y, String glyph, Palette.Style style) {
        if (x < 0 || x >= width) {
            return;
        }
        screen.setCharacter(x, y, TextCharacter.fromString(glyph, style.foreground(), style.background(),
                style.modifiers())[0]);
    }
}
