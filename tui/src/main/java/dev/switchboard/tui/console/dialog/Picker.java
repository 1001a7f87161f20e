package dev.switchboard.tui.console.dialog;

import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.tui.console.keys.Action;
import dev.switchboard.tui.console.keys.KeyChord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** A list to choose from with incremental search: typing narrows it to the options containing every word. */
public final class Picker<T> implements Dialog {

    public record Option<T>(String label, String detail, T value) {
    }

    private final String title;
    private final List<Option<T>> options;
    private final Consumer<T> onChoose;
    private final StringBuilder query = new StringBuilder();
    private List<Option<T>> shown;
    private int index;

    public Picker(String title, List<Option<T>> options, Consumer<T> onChoose) {
        this.title = title;
        this.options = List.copyOf(options);
        this.onChoose = onChoose;
        this.shown = this.options;
    }

    @Override
    public String title() {
        return title;
    }

    public String query() {
        return query.toString();
    }

    public List<Option<T>> shown() {
        return shown;
    }

    public int index() {
        return index;
    }

    @Override
    public Result key(KeyChord chord, Action action) {
        if (chord.type() == KeyType.Escape) {
            return Result.CLOSED;
        }
        if (chord.type() == KeyType.Enter && !chord.alt()) {
            if (shown.isEmpty()) {
                return Result.OPEN;
            }
            onChoose.accept(shown.get(index).value());
            return Result.CLOSED;
        }
        if (chord.type() == KeyType.ArrowDown || action == Action.NEXT_CHAT || chord.type() == KeyType.Tab) {
            index = shown.isEmpty() ? 0 : (index + 1) % shown.size();
        } else if (chord.type() == KeyType.ArrowUp || action == Action.PREVIOUS_CHAT) {
            index = shown.isEmpty() ? 0 : Math.floorMod(index - 1, shown.size());
        } else if (chord.type() == KeyType.Backspace && !query.isEmpty()) {
            // A whole character: half an emoji's surrogate pair would be left behind otherwise.
            query.setLength(query.offsetByCodePoints(query.length(), -1));
            filter();
        } else if (action == Action.CLEAR_INPUT) {
            query.setLength(0);
            filter();
        } else if (chord.isTyped()) {
            query.append(chord.character());
            filter();
        }
        return Result.OPEN;
    }

    private void filter() {
        String[] words = query.toString().toLowerCase(Locale.ROOT).strip().split("\\s+");
        List<Option<T>> hits = new ArrayList<>();
        for (Option<T> o : options) {
            String hay = (o.label() + " " + o.detail()).toLowerCase(Locale.ROOT);
            boolean all = true;
            for (String w : words) {
                all &= hay.contains(w);
            }
            if (all) {
                hits.add(o);
            }
        }
        shown = hits;
        index = 0;
    }
}
