package io.nfslifecycle.quotaauditor.scan;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.nfslifecycle.quotaauditor.findings.Measurement;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Measures directory trees in parallel, one fork-join task per directory, so two cores share even a single large
 * claim. Each directory is opened by path with {@code O_NOFOLLOW | O_DIRECTORY} and checked to be the very inode
 * its parent listed, on the export root's filesystem: a symbolic link is never followed (not even one swapped in
 * mid-walk), a mount point is never entered. Entries that vanish between listing and {@code statx} are skipped.
 * Memory grows with the number of directories (pending tasks) and of multiply-linked files, never with the number
 * of files.
 */
public final class TreeWalk {
    static final Charset FILE_NAMES = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

    /** A directory to measure, and the inode it must be (as listed by its parent); {@code -1}: any. */
    public record Top(Path path, long ino) {
    }

    /** Figures about the walk itself, for the log and the report. */
    public record Outcome(List<Optional<Measurement>> measurements, long vanished, long unreadable, long otherFilesystem) {
    }

    private final ForkJoinPool pool;
    private final Consumer<Path> listed;

    /** @param pool where directory tasks run; its parallelism is the number of cores the walk may use */
    public TreeWalk(ForkJoinPool pool) {
        this(pool, null);
    }

    /** @param listed called with each directory after it was listed and before its entries are examined (tests) */
    TreeWalk(ForkJoinPool pool, Consumer<Path> listed) {
        LibC.requireAvailable();
        this.pool = pool;
        this.listed = listed;
    }

    /**
     * Measures each top directory.
     *
     * @param filesystemOf a path on the filesystem that may be counted (the export root); others are never entered
     * @param tops         the directories to measure; an empty measurement for one that is not a directory (gone)
     * @param filesSeen    incremented as entries are counted, for progress
     */
    public Outcome measure(Path filesystemOf, List<Top> tops, LongAdder filesSeen) {
        Stat rootStat = statOf(filesystemOf).orElseThrow(() -> new IllegalArgumentException(filesystemOf + " cannot be read"));
        Walk walk = new Walk(rootStat.dev, filesSeen, listed);
        List<Walk.Tally> tallies = new ArrayList<>();
        for (int i = 0; i < tops.size(); i++) {
            tallies.add(new Walk.Tally());
        }
        // completers, not joins: a task never waits for its children, so the stack stays flat however deep the tree
        pool.invoke(new CountedCompleter<Void>() {
            @Override
            public void compute() {
                setPendingCount(tops.size());
                for (int i = 0; i < tops.size(); i++) {
                    Top top = tops.get(i);
                    new DirectoryTask(this, nulTerminated(top.path().toAbsolutePath().toString().getBytes(FILE_NAMES)),
                            top.ino(), tallies.get(i), walk).fork();
                }
                tryComplete();
            }
        });
        List<Optional<Measurement>> measurements = new ArrayList<>();
        for (Walk.Tally t : tallies) {
            measurements.add(t.directories.sum() == 0 ? Optional.empty()
                    : Optional.of(new Measurement(t.allocated.sum(), t.apparent.sum(), t.files.sum(), t.directories.sum())));
        }
        return new Outcome(measurements, walk.vanished.sum(), walk.unreadable.sum(), walk.otherFilesystem.sum());
    }

    private static Optional<Stat> statOf(Path path) {
        StatBuffers b = StatBuffers.PER_THREAD.get();
        byte[] name = nulTerminated(path.toAbsolutePath().toString().getBytes(FILE_NAMES));
        Memory m = new Memory(name.length);
        m.write(0, name, 0, name.length);
        if (LibC.statx(-100 /* AT_FDCWD */, Pointer.nativeValue(m), LibC.AT_NO_AUTOMOUNT, LibC.STATX_MASK,
                b.statAddress) != 0) {
            return Optional.empty();
        }
        return Optional.of(new Stat(b.dev(), b.ino()));
    }

    private static byte[] nulTerminated(byte[] bytes) {
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        return out;
    }

    private record Stat(long dev, long ino) {
    }
}
