package dev.switchboard.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * The console's output to the SSH channel, which never blocks the shared threads that run console turns: writes
 * collect in memory and {@link #flush} hands them to MINA's async channel stream, one write in flight at a time
 * (MINA allows no more). A client that stops reading keeps its window shut, so its backlog grows: beyond
 * {@link #MAX_BACKLOG} the next write fails, which ends that console and hangs up instead of holding memory or a
 * thread.
 */
final class ChannelOutput extends OutputStream {
    /** Several full redraws of a large screen; an idle console adds only a few bytes a second. */
    static final int MAX_BACKLOG = 256 * 1024;

    private final IoOutputStream channel;
    private final ByteArrayOutputStream backlog = new ByteArrayOutputStream();
    private boolean writing;
    private IOException failed;
    private boolean stalled;
    private Runnable onDrained;

    ChannelOutput(IoOutputStream channel) {
        this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (failed != null) {
            throw failed;
        }
        if (backlog.size() + len > MAX_BACKLOG) {
            stalled = true;
            failed = new IOException("the SSH client stopped reading (" + backlog.size() + " bytes waiting)");
            throw failed;
        }
        backlog.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        synchronized (this) {
            if (failed != null) {
                throw failed;
            }
        }
        sendNext();
    }

    /** Runs {@code action} once everything written so far has gone out (or at once if writing failed). */
    void whenDrained(Runnable action) {
        synchronized (this) {
            if (failed == null && (writing || backlog.size() > 0)) {
                onDrained = action;
                action = null;
            }
        }
        if (action != null) {
            action.run();
        } else {
            sendNext();
        }
    }

    /** Whether writing failed because the client stopped reading (and a write of ours still waits for its window). */
    synchronized boolean stalled() {
        return stalled;
    }

    private void sendNext() {
        byte[] chunk;
        Runnable drained = null;
        synchronized (this) {
            if (writing || failed != null) {
                return;
            }
            if (backlog.size() == 0) {
                drained = onDrained;
                onDrained = null;
                chunk = null;
            } else {
                chunk = backlog.toByteArray();
                backlog.reset();
                writing = true;
            }
        }
        if (chunk == null) {
            if (drained != null) {
                drained.run();
            }
            return;
        }
        try {
            channel.writeBuffer(new ByteArrayBuffer(chunk)).addListener(this::written);
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void written(IoWriteFuture f) {
        if (f.getException() != null) {
            fail(f.getException());
            return;
        }
        synchronized (this) {
            writing = false;
        }
        sendNext();
    }

    private void fail(Throwable e) {
        Runnable drained;
        synchronized (this) {
            writing = false;
            failed = e instanceof IOException io ? io : new IOException(e);
            drained = onDrained;
            onDrained = null;
        }
        if (drained != null) {
            drained.run();
        }
    }
}
