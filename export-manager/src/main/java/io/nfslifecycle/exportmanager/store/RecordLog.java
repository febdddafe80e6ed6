package io.nfslifecycle.exportmanager.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import org.jboss.logging.Logger;

import io.nfslifecycle.kit.threads.Daemons;

/**
 * Where the records are durable: each change appended to the {@link Journal} (the write-ahead log) and, for an
 * intent, on disk through its group commit before the call returns; an outcome is written at once and synced within
 * moments. In the background, once the journal has grown, a checkpoint writes every record to a new
 * {@link Snapshot} (one file, one fsync) and drops the segments it covers. Opening reads the snapshot (or, before the
 * first one, the one-file-per-claim records of earlier versions, {@link RecordFiles}), then the journal over it: after
 * a crash at any instant, every change that was acknowledged is there.
 */
final class RecordLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RecordLog.class);
    /** Once the journal holds this much since the last checkpoint, a checkpoint starts. */
    static final long CHECKPOINT_BYTES = 4L << 20;
    /** An outcome not synced by anything else is synced within this time. */
    private static final long OUTCOME_SYNC_MILLIS = 200;

    private final Path directory;
    private final Journal journal;
    /** What was read at open and is not in the snapshot yet: the files of earlier versions, the segments. */
    private final Map<String, byte[]> replayed;
    /** The bytes of the segments read at open: they count toward the next checkpoint. */
    private volatile long replayedBytes;
    /** Record files of an earlier version, removed once a snapshot holds their records. */
    private volatile boolean legacyFiles;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(
            Daemons.named("export-records"));
    private final AtomicBoolean checkpointing = new AtomicBoolean();
    private final AtomicBoolean syncSoon = new AtomicBoolean();
    /** The log open on each state directory in this process. */
    private static final Map<Path, RecordLog> OPEN = new java.util.concurrent.ConcurrentHashMap<>();

    private RecordLog(Path directory, Journal journal, Map<String, byte[]> replayed, long replayedBytes,
            boolean legacyFiles) {
        this.directory = directory;
        this.journal = journal;
        this.replayed = replayed;
        this.replayedBytes = replayedBytes;
        this.legacyFiles = legacyFiles;
    }

    /**
     * Reads every record into {@code each} (a claim's uid and its record, null for a record forgotten): the snapshot
     * (or the record files of an earlier version), then the journal over it; and opens the journal for what comes
     * next. What a crash left of a checkpoint or a record file being written is removed. A record file that cannot
     * be read is moved aside as {@code .corrupt} and logged; it is never silently dropped. A write the last crash cut
     * short at the journal's end was never acknowledged: it is cut off.
     */
    static RecordLog open(Path directory, BiConsumer<String, StoredExport> each) {
        Map<String, byte[]> replayed = new LinkedHashMap<>();
        try {
            Files.createDirectories(directory);
            Snapshot.removeUnfinished(directory);
            boolean snapshot = Files.exists(Snapshot.file(directory));
            boolean legacy = false;
            if (snapshot) {
                Snapshot.read(directory, true).forEach((uid, json) -> RecordsOnDisk.parsed(uid, json).ifPresent(
                        stored -> each.accept(uid, stored)));
                RecordFiles.removeLeftovers(directory); // files a crash kept after the first snapshot held them
            } else {
                List<StoredExport> files = new ArrayList<>();
                RecordFiles.openAll(directory, files::add);
                for (StoredExport stored : files) {
                    each.accept(stored.claimUid(), stored);
                    replayed.put(stored.claimUid(), RecordFiles.json(stored));
                }
                legacy = !files.isEmpty();
            }
            long last = 0;
            long bytes = 0;
            List<Path> segments = JournalFiles.segments(directory);
            for (int i = 0; i < segments.size(); i++) {
                Path segment = segments.get(i);
                JournalFiles.read(segment, i == segments.size() - 1, true, (uid, json) -> replay(uid, json,
                        each, replayed));
                last = JournalFiles.number(segment);
                long size = Files.size(segment);
                if (size == 0) {
                    Files.delete(segment); // a start with nothing written since: no file a segment each
                } else {
                    // what a crash left unsynced is read as the truth from now on: it is made durable first
                    try (FileChannel read = FileChannel.open(segment, StandardOpenOption.READ)) {
                        read.force(false);
                    }
                }
                bytes += size;
            }
            // what was read counts toward the next checkpoint: restarts never let the journal grow without end
            RecordLog log = new RecordLog(directory, Journal.start(directory, last), replayed, bytes, legacy);
            RecordLog before = OPEN.put(directory.toRealPath(), log);
            if (before != null) {
                before.abandon(); // a second open in one process stands for a restart: the first one writes no more
            }
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the export records in " + directory, e);
        }
    }

    /** Stops writing, as a process killed would: nothing more is written, synced or checkpointed. */
    private void abandon() {
        background.shutdownNow();
        journal.abandon();
    }

    /**
     * One frame read at open: into {@code each}, and kept for the next checkpoint, also when it cannot be read into
     * a record (it stays as it was written, for the operator).
     */
    private static void replay(String uid, byte[] json, BiConsumer<String, StoredExport> each,
            Map<String, byte[]> replayed) {
        if (json == null) {
            each.accept(uid, null);
            replayed.put(uid, Journal.FORGOTTEN);
        } else {
            RecordsOnDisk.parsed(uid, json).ifPresent(stored -> each.accept(uid, stored));
            replayed.put(uid, json);
        }
    }

    /** Writes a record; with {@code intent}, returns once it is on disk, else once it is written. */
    void put(StoredExport stored, boolean intent) throws IOException {
        String uid = stored.claimUid();
        RecordFiles.checkName(uid);
        long position = journal.append(uid, RecordFiles.json(stored));
        if (intent) {
            journal.sync(position);
        } else {
            syncSoon();
        }
        checkpointWhenLarge();
    }

    /** Writes a record's removal; returns once it is on disk. */
    void forget(String uid) throws IOException {
        RecordFiles.checkName(uid);
        journal.sync(journal.append(uid, null));
        checkpointWhenLarge();
    }

    /** The outcomes written since the last sync are synced soon, whether or not an intent comes. */
    private void syncSoon() {
        if (syncSoon.compareAndSet(false, true)) {
            try {
                background.schedule(() -> {
                    syncSoon.set(false);
                    try {
                        journal.sync(journal.end());
                    } catch (IOException e) {
                        LOG.errorf("cannot sync the journal of the export records in %s: %s", directory,
                                e.getMessage());
                    }
                }, OUTCOME_SYNC_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                syncSoon.set(false); // closing: close() syncs
            }
        }
    }

    private void checkpointWhenLarge() {
        if (replayedBytes + journal.size() >= CHECKPOINT_BYTES) {
            checkpointSoon();
        }
    }

    private void checkpointSoon() {
        if (checkpointing.compareAndSet(false, true)) {
            try {
                background.execute(() -> {
                    try {
                        checkpoint();
                    } catch (IOException | RuntimeException e) {
                        LOG.errorf(e, "the checkpoint of the export records in %s failed; the journal keeps every "
                                + "change and the next checkpoint tries again", directory);
                    } finally {
                        checkpointing.set(false);
                    }
                });
            } catch (RejectedExecutionException e) {
                checkpointing.set(false);
            }
        }
    }

    /**
     * Ends the journal's segment, writes a new snapshot (the old one, what was read at open, and the latest record of
     * every claim the ended segment holds) and drops the segments it covers, then the record files of an earlier
     * version. A crash at any step leaves a snapshot and segments that read to the same records: the new snapshot
     * takes the old one's place in one rename, the segments are dropped after it, and read after it.
     */
    synchronized void checkpoint() throws IOException {
        Journal.Ended ended = journal.rotate();
        // kept until a snapshot holds it: a checkpoint that fails leaves it for the next one, never drops it
        synchronized (replayed) {
            merge(replayed, ended.latest(), true);
        }
        Map<String, byte[]> records = Snapshot.readWhole(directory);
        synchronized (replayed) {
            merge(records, replayed, false);
        }
        Snapshot.write(directory, records);
        for (Path segment : JournalFiles.segments(directory)) {
            if (JournalFiles.number(segment) <= ended.number()) {
                Files.deleteIfExists(segment);
            }
        }
        if (legacyFiles) {
            RecordFiles.removeLeftovers(directory);
            legacyFiles = false;
        }
        RecordFiles.syncDirectory(directory);
        synchronized (replayed) {
            replayed.clear();
        }
        replayedBytes = 0;
        LOG.debugf("checkpoint of %d export records in %s", records.size(), directory);
    }

    /** Applies the later changes to the records: forgotten ones removed, or (keeping) marked forgotten. */
    private static void merge(Map<String, byte[]> records, Map<String, byte[]> latest, boolean keepForgotten) {
        latest.forEach((uid, json) -> {
            if (json == Journal.FORGOTTEN && !keepForgotten) {
                records.remove(uid);
            } else {
                records.put(uid, json);
            }
        });
    }

    /** Syncs what was written and stops the background work; the journal is read again at the next open. */
    @Override
    public void close() {
        background.shutdown();
        try {
            background.awaitTermination(30, TimeUnit.SECONDS);
            journal.close();
        } catch (IOException e) {
            LOG.errorf("cannot close the journal of the export records in %s: %s", directory, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
