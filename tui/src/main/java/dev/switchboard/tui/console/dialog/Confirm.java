package dev.switchboard.tui.console.dialog;

import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.tui.console.keys.Action;
import dev.switchboard.tui.console.keys.KeyChord;

/** A yes/no question: {@code y} or Enter says yes; {@code n} or Esc says no. Other keys are ignored. */
public final class Confirm implements Dialog {
    private final String question;
    private final Runnable onYes;

    public Confirm(String question, Runnable onYes) {
        this.question = question;
        this.onYes = onYes;
    }

    @Override
    public String title() {
        return question;
    }

    @Override
    public Result key(KeyChord chord, Action action) {
        boolean yes = (chord.type() == KeyType.Enter && !chord.alt())
                || (chord.isTyped() && Character.toLowerCase(chord.character()) == 'y');
        boolean no = chord.type() == KeyType.Escape || (chord.isTyped() && Character.toLowerCase(chord.character()) == 'n');
        if (yes) {
            onYes.run();
            return Result.CLOSED;
        }
        return no ? Result.CLOSED : Result.OPEN;
    }
}
