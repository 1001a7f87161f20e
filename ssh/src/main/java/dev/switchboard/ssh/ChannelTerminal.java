package dev.switchboard.ssh;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.ansi.ANSITerminal;
import dev.switchboard.tui.console.view.TerminalBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An ANSI terminal over an SSH channel. Its size is the pty size the client reported, changed by window-change
 * requests ({@link #resize}); it never asks the far end for its size and never touches the server's own tty
 * (unlike {@code UnixTerminal}). Input and output never block (see {@link TypedInput}, {@link ChannelOutput}),
 * so the console is polled by turns rather than read by a thread of its own.
 */
final class ChannelTerminal extends ANSITerminal {
    private volatile TerminalSize size;

    ChannelTerminal(TypedInput in, ChannelOutput out, int columns, int rows) {
        super(in, out, StandardCharsets.UTF_8);
        this.size = new TerminalSize(Math.max(1, columns), Math.max(1, rows));
        // Lanterna sleeps up to 250 ms per unit for the rest of an escape sequence after a lone Esc; a turn must
        // not sleep. A sequence arrives in one SSH packet, and the console's own Esc window makes Esc+key Alt+key.
        getInputDecoder().setTimeoutUnits(0);
    }

    @Override
    protected TerminalSize findTerminalSize() {
        return size;
    }

    /** Whole code points, so emoji arrive as themselves rather than as {@code ??}. */
    @Override
    public void putString(String text) throws IOException {
        writeToTerminal(TerminalBytes.of(text, getCharset()));
    }

    /** A window change: the screen picks up the new size at its next turn. */
    void resize(int columns, int rows) {
        TerminalSize s = new TerminalSize(Math.max(1, columns), Math.max(1, rows));
        size = s;
        onResized(s);
    }
}
