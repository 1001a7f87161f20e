package dev.switchboard.tui.console.view;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/**
 * The console's styles, by role. The 16 ANSI colours work on every terminal the console supports
 * ({@code xterm}, {@code screen}, {@code tmux-256color}); with {@code NO_COLOR} set every colour is dropped
 * and only bold, underline and reverse remain, so urgency still stands out.
 */
public final class Palette {

    public enum Role {
        NORMAL, DIM, HEADING, SELECTED, CALM, WARN, URGENT, CUSTOMER, AGENT, NOTE, EVENT, MARKER, STATUS, ALERT,
        SUGGESTION, DIALOG, DIALOG_SELECTED
    }

    public record Style(TextColor foreground, TextColor background, EnumSet<SGR> modifiers) {
    }

    private final Map<Role, Style> styles = new EnumMap<>(Role.class);
    private final boolean colour;

    private Palette(boolean colour) {
        this.colour = colour;
        TextColor def = TextColor.ANSI.DEFAULT;
        put(Role.NORMAL, def, def);
        put(Role.DIM, TextColor.ANSI.BLACK_BRIGHT, def);
        put(Role.HEADING, def, def, SGR.BOLD);
        put(Role.SELECTED, def, def, SGR.REVERSE);
        put(Role.CALM, TextColor.ANSI.GREEN, def);
        put(Role.WARN, TextColor.ANSI.YELLOW, def, colour ? new SGR[0] : new SGR[] {SGR.UNDERLINE});
        put(Role.URGENT, TextColor.ANSI.RED, def, SGR.BOLD);
        put(Role.CUSTOMER, TextColor.ANSI.CYAN, def, SGR.BOLD);
        put(Role.AGENT, TextColor.ANSI.BLUE_BRIGHT, def, SGR.BOLD);
        put(Role.NOTE, TextColor.ANSI.MAGENTA, def);
        put(Role.EVENT, TextColor.ANSI.BLACK_BRIGHT, def);
        put(Role.MARKER, TextColor.ANSI.YELLOW, def, SGR.BOLD);
        put(Role.STATUS, TextColor.ANSI.BLACK, TextColor.ANSI.WHITE, colour ? new SGR[0] : new SGR[] {SGR.REVERSE});
        put(Role.ALERT, TextColor.ANSI.WHITE_BRIGHT, TextColor.ANSI.RED, SGR.BOLD, colour ? SGR.BOLD : SGR.REVERSE);
        put(Role.SUGGESTION, TextColor.ANSI.BLACK_BRIGHT, def);
        put(Role.DIALOG, TextColor.ANSI.WHITE_BRIGHT, TextColor.ANSI.BLUE, colour ? new SGR[0] : new SGR[] {SGR.BOLD});
        put(Role.DIALOG_SELECTED, TextColor.ANSI.BLACK, TextColor.ANSI.CYAN, SGR.REVERSE);
    }

    public static Palette colours() {
        return new Palette(true);
    }

    public static Palette noColour() {
        return new Palette(false);
    }

    /** Honours the {@code NO_COLOR} convention: any non-empty value turns colour off. */
    public static Palette fromEnvironment(Map<String, String> env) {
        String noColour = env.get("NO_COLOR");
        return noColour != null && !noColour.isEmpty() ? noColour() : colours();
    }

    public Style style(Role role) {
        return styles.get(role);
    }

    private void put(Role role, TextColor fg, TextColor bg, SGR... modifiers) {
        EnumSet<SGR> set = EnumSet.noneOf(SGR.class);
        for (SGR m : modifiers) {
            set.add(m);
        }
        styles.put(role, colour ? new Style(fg, bg, set) : new Style(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT, set));
    }
}
