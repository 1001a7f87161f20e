package dev.switchboard.ssh;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.ansi.ANSITerminal;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An ANSI terminal over an SSH channel's streams. Its size is the pty size the client reported, changed by
 * window-change requests ({@link #resize}); it never asks the far end for its size and never touches the
 * server's own tty (unlike {@code UnixTerminal}).
 */
final class ChannelTerminal extends ANSITerminal {
    private volatile TerminalSize size;

    ChannelTerminal(InputStream in, OutputStream out, int columns, int rows) {
        super(new CrToLf(in), out, StandardCharsets.UTF_8);
        this.size = new TerminalSize(Math.max(1, columns), Math.max(1, rows));
    }

    @Override
    protected TerminalSize findTerminalSize() {
        return size;
    }

    /** A window change: the screen picks up the new size before its next frame. */
    void resize(int columns, int rows) {
        TerminalSize s = new TerminalSize(Math.max(1, columns), Math.max(1, rows));
        size = s;
        onResized(s);
    }

    /**
     * SSH clients send a bare CR for Enter, which Lanterna does not decode as Enter (and it swallows the next
     * key). Each CR becomes LF; an LF right after a CR (a CRLF pair) is dropped so Enter stays one key.
     */
    static final class CrToLf extends FilterInputStream {
        private boolean afterCr;

        CrToLf(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            do {
                n = read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n <= 0) {
                return n;
            }
            int w = off;
            for (int r = off; r < off + n; r++) {
                byte c = b[r];
                if (c == '\n' && afterCr) {
                    afterCr = false;
                    continue;
                }
                afterCr = c == '\r';
                b[w++] = c == '\r' ? (byte) '\n' : c;
            }
            return w - off;
        }
    }
}
