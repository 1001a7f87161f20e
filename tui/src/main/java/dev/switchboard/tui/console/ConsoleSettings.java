package dev.switchboard.tui.console;

import dev.switchboard.tui.console.keys.Keymap;
import dev.switchboard.tui.console.model.UrgencyThresholds;
import dev.switchboard.tui.console.view.Palette;
import java.time.Duration;

/**
 * The console's preferences.
 *
 * @param bellEvery how often the terminal bell repeats while a chat needs the agent; null for no bell
 * @param frame     the shortest time between two redraws (bursts of events are coalesced into one)
 */
public record ConsoleSettings(UrgencyThresholds thresholds, Duration bellEvery, Keymap keymap, Palette palette,
                              Duration frame) {

    public static ConsoleSettings defaults() {
        return new ConsoleSettings(UrgencyThresholds.DEFAULT, null, Keymap.defaults(), Palette.colours(),
                Duration.ofMillis(16));
    }

    public ConsoleSettings withPalette(Palette p) {
        return new ConsoleSettings(thresholds, bellEvery, keymap, p, frame);
    }

    public ConsoleSettings withKeymap(Keymap k) {
        return new ConsoleSettings(thresholds, bellEvery, k, palette, frame);
    }

    public ConsoleSettings withThresholds(UrgencyThresholds t) {
        return new ConsoleSettings(t, bellEvery, keymap, palette, frame);
    }

    public ConsoleSettings withBell(Duration every) {
        return new ConsoleSettings(thresholds, every, keymap, palette, frame);
    }
}
