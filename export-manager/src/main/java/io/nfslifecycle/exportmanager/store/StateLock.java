package io.nfslifecycle.exportmanager.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One export manager per state directory: a second process on the same records (a second unit, a copy started by
 * hand) would decide without seeing the first one's claims, and both would create, rename and delete under the same
 * export root. The first takes an exclusive lock on {@code .lock} in the state directory, held until it exits; a
 * second is refused at start, with what to do. Within one process (tests start the service again) it is taken once.
 */
public final class StateLock {
    private static final Map<Path, FileLock> HELD = new ConcurrentHashMap<>();

    private StateLock() {
    }

    /** Takes the state directory's lock for this process, or refuses to start. */
    public static void acquire(Path stateDirectory) {
        Path file;
        try {
            Files.createDirectories(stateDirectory);
            file = stateDirectory.toRealPath().resolve(".lock");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the state directory " + stateDirectory, e);
        }
        HELD.computeIfAbsent(file, StateLock::lock);
    }

    private static FileLock lock(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another export-manager uses the state directory " + file.getParent()
                        + " (it holds " + file + "); two on one state directory and export root would both create "
                        + "and delete in it. Stop the other one (systemctl status nfs-lifecycle-export-manager), or "
                        + "give this one its own nfs-lifecycle.state-dir and export-root");
            }
            return lock;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }
}
