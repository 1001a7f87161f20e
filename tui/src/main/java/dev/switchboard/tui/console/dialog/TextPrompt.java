package dev.switchboard.tui.console.dialog;

import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.tui.console.keys.Action;
import dev.switchboard.tui.console.keys.KeyChord;
import dev.switchboard.tui.console.model.Draft;
import java.util.function.Consumer;

/** One line of text to enter (a transfer note, a parting message); Enter submits, possibly empty. */
public final class TextPrompt implements Dialog {
    private final String title;
    private final String hint;
    private final Draft draft = new Draft();
    private final Consumer<String> onSubmit;
    private final Consumer<Draft> onTab;

    /** {@code onTab} completes the text (e.g. a canned {@code /shortcut}); may be null. */
    public TextPrompt(String title, String hint, Consumer<String> onSubmit, Consumer<Draft> onTab) {
        this.title = title;
        this.hint = hint;
        this.onSubmit = onSubmit;
        this.onTab = onTab;
    }

    @Override
    public String title() {
        return title;
    }

    public String hint() {
        return hint;
    }

    public Draft draft() {
        return draft;
    }

    @Override
    public Result key(KeyChord chord, Action action) {
        if (chord.type() == KeyType.Escape) {
            return Result.CLOSED;
        }
        if (chord.type() == KeyType.Enter && !chord.alt()) {
            onSubmit.accept(draft.text().strip());
            return Result.CLOSED;
        }
        if (chord.type() == KeyType.Tab && onTab != null) {
            onTab.accept(draft);
        } else if (chord.type() == KeyType.Backspace) {
            draft.backspace();
        } else if (chord.type() == KeyType.Delete) {
            draft.deleteForward();
        } else if (chord.type() == KeyType.ArrowLeft) {
            draft.left();
        } else if (chord.type() == KeyType.ArrowRight) {
            draft.right();
        } else if (action == Action.LINE_START) {
            draft.home();
        } else if (action == Action.LINE_END) {
            draft.end();
        } else if (action == Action.CLEAR_INPUT) {
            draft.clear();
        } else if (chord.isTyped()) {
            draft.insert(String.valueOf(chord.character()));
        }
        return Result.OPEN;
    }
}
