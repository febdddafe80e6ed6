package io.nfslifecycle.quotaauditor.scan;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** What every task of one walk shares: the filesystem it may count, the files linked more than once, its figures. */
final class Walk {
    final long rootDev;
    final LongAdder filesSeen;
    final Set<FileId> linked = ConcurrentHashMap.newKeySet();
    final LongAdder vanished = new LongAdder();
    final LongAdder unreadable = new LongAdder();
    final LongAdder otherFilesystem = new LongAdder();
    final Consumer<Path> listed;

    Walk(long rootDev, LongAdder filesSeen, Consumer<Path> listed) {
        this.rootDev = rootDev;
        this.filesSeen = filesSeen;
        this.listed = listed;
    }

    /** A file, by device and inode: a hard link is counted once. */
    record FileId(long dev, long ino) {
    }

    /** The running sums of one top directory. */
    static final class Tally {
        final LongAdder allocated = new LongAdder();
        final LongAdder apparent = new LongAdder();
        final LongAdder files = new LongAdder();
        final LongAdder directories = new LongAdder();
    }

    /** An open directory, or a refusal already counted. */
    void refused(int errno) {
        if (errno == LibC.ENOENT || errno == LibC.ENOTDIR || errno == LibC.ELOOP) {
            vanished.increment();
        } else {
            unreadable.increment();
        }
    }
}
