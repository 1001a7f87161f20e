package dev.switchboard.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS file lock on the data dir: a second server on the same data is refused, and the lock dies with the
 * process, so a restart after {@code kill -9} needs no cleanup.
 */
public final class DataDirLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static DataDirLock acquire(Path dataDir) throws IOException {
        Path file = dataDir.resolve("switchboard.lock");
        FileChannel ch;
        try {
            Files.createDirectories(dataDir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalStateException("cannot use the data dir " + dataDir.toAbsolutePath() + ": permission denied");
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.NotDirectoryException e) {
            throw new IllegalStateException("cannot use the data dir " + dataDir.toAbsolutePath() + ": "
                    + e.getFile() + " is not a directory");
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IllegalStateException("another Switchboard server is using the data dir " + dataDir.toAbsolutePath()
                    + " (" + file + " is locked); stop it first or choose another --data-dir");
        }
        ch.truncate(0);
        ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes()));
        ch.force(false);
        return new DataDirLock(ch, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
