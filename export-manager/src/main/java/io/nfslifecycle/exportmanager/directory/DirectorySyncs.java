package io.nfslifecycle.exportmanager.directory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Directory fsyncs shared by the claims worked on side by side: who needs a directory's entries on disk asks after
 * making them, and one fsync that began after the ask covers every ask made before it began. A burst of creates in
 * the export root makes one fsync of the root for every batch of them, not one each.
 */
final class DirectorySyncs {
    private final Map<Path, Group> groups = new ConcurrentHashMap<>();

    /** Returns once every entry made in {@code directory} before this call is on disk. */
    void sync(Path directory) throws IOException {
        groups.computeIfAbsent(directory, Group::new).sync();
    }

    /** The asks and fsyncs of one directory. */
    private static final class Group {
        private final Path directory;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition done = lock.newCondition();
        private long asked;
        private long covered;
        private boolean underWay;

        Group(Path directory) {
            this.directory = directory;
        }

        void sync() throws IOException {
            lock.lock();
            try {
                long ticket = ++asked;
                while (covered < ticket) {
                    if (underWay) {
                        done.awaitUninterruptibly();
                        continue;
                    }
                    underWay = true;
                    long upTo = asked;
                    lock.unlock();
                    IOException failure = null;
                    try {
                        Descriptors.syncDirectory(directory);
                    } catch (IOException e) {
                        failure = e;
                    } finally {
                        lock.lock();
                        underWay = false;
                        done.signalAll();
                    }
                    if (failure != null) {
                        throw failure;
                    }
                    covered = Math.max(covered, upTo);
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
