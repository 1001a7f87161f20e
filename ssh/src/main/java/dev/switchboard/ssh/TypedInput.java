package dev.switchboard.ssh;

import java.io.IOException;
import java.io.InputStream;

/**
 * What the SSH client typed: pushed by the channel's async reads, read by the console's turns, which must never
 * block. So {@link #available} is exact and a read never waits (reading with nothing available is a caller's bug
 * and fails). Two translations on the way in:
 * <ul>
 * <li>SSH clients send a bare CR for Enter, which Lanterna does not decode as Enter (and it swallows the next
 * key): each CR becomes LF, and an LF right after a CR is dropped so a CRLF pair stays one Enter.</li>
 * <li>A UTF-8 character split across two pushes is held back until it is complete, because the terminal's
 * decoder would otherwise ask for the missing byte with a read that has nothing to return.</li>
 * </ul>
 * Memory is bounded: from half of {@link #LIMIT} unread bytes the reader stops pulling from the channel (whose
 * window then closes, so the client waits) until {@link #whenDrained} calls it back.
 */
final class TypedInput extends InputStream {
    static final int LIMIT = 64 * 1024;

    private byte[] buf = new byte[512];
    private int readPos;
    /** End of the bytes that may be read; bytes after it (up to writePos) are an incomplete UTF-8 character. */
    private int readableEnd;
    private int writePos;
    private boolean afterCr;
    private boolean ended;
    private Runnable onDrained;

    synchronized void push(byte[] b, int off, int len) {
        if (ended) {
            return;
        }
        makeRoom(len);
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == '\n' && afterCr) {
                afterCr = false;
                continue;
            }
            afterCr = c == '\r';
            buf[writePos++] = c == '\r' ? (byte) '\n' : c;
        }
        readableEnd = writePos - incompleteTail();
    }

    /** End of input (the client sent EOF or the channel closed): what is buffered can still be read, then -1. */
    synchronized void end() {
        ended = true;
        readableEnd = writePos;
    }

    synchronized boolean full() {
        return writePos - readPos >= LIMIT;
    }

    /** Runs {@code resume} once the reader has taken enough that pulling more from the channel is fine again. */
    void whenDrained(Runnable resume) {
        boolean now;
        synchronized (this) {
            now = writePos - readPos < LIMIT / 2;
            if (!now) {
                onDrained = resume;
            }
        }
        if (now) {
            resume.run();
        }
    }

    @Override
    public synchronized int available() {
        return readableEnd - readPos;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        Runnable resume = null;
        int n;
        synchronized (this) {
            n = Math.min(len, readableEnd - readPos);
            if (n == 0) {
                if (ended) {
                    return -1;
                }
                throw new IOException("no typed input is available (this stream never blocks)");
            }
            System.arraycopy(buf, readPos, b, off, n);
            readPos += n;
            if (onDrained != null && writePos - readPos < LIMIT / 2) {
                resume = onDrained;
                onDrained = null;
            }
        }
        if (resume != null) {
            resume.run();
        }
        return n;
    }

    private void makeRoom(int len) {
        int unread = writePos - readPos;
        if (buf.length - writePos >= len) {
            return;
        }
        byte[] target = unread + len <= buf.length ? buf : new byte[Math.max(buf.length * 2, unread + len)];
        System.arraycopy(buf, readPos, target, 0, unread);
        buf = target;
        readableEnd -= readPos;
        writePos = unread;
        readPos = 0;
    }

    /** How many bytes at the end form the start of a UTF-8 character whose other bytes have not arrived. */
    private int incompleteTail() {
        for (int back = 1; back <= 3 && writePos - back >= readPos; back++) {
            int c = buf[writePos - back] & 0xff;
            if ((c & 0xc0) == 0x80) {
                continue; // a continuation byte: look further back for its lead byte
            }
            int length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
            return length > back ? back : 0;
        }
        return 0;
    }
}
