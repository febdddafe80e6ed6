package io.nfslifecycle.exportmanager.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
                Snapshot.read(directory, true).forEach((uid, json) -> parsed(uid, json).ifPresent(
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
                JournalFiles.read(segments.get(i), i == segments.size() - 1, true, (uid, json) -> replay(uid, json,
                        each, replayed));
                last = JournalFiles.number(segments.get(i));
                long size = Files.size(segments.get(i));
                if (size == 0) {
                    Files.delete(segments.get(i)); // a start with nothing written since: no file a segment each
                }
                bytes += size;
            }
            // what was read counts toward the next checkpoint: restarts never let the journal grow without end
            return new RecordLog(directory, Journal.start(directory, last), replayed, bytes, legacy);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the export records in " + directory, e);
        }
    }

    /** One frame read at open: into {@code each}, and kept for the next checkpoint. */
    private static void replay(String uid, byte[] json, BiConsumer<String, StoredExport> each,
            Map<String, byte[]> replayed) {
        if (json == null) {
            each.accept(uid, null);
            replayed.put(uid, Journal.FORGOTTEN);
        } else {
            parsed(uid, json).ifPresent(stored -> {
                each.accept(uid, stored);
                replayed.put(uid, json);
            });
        }
    }

    private static java.util.Optional<StoredExport> parsed(String uid, byte[] json) {
        try {
            return java.util.Optional.of(RecordFiles.parse(json));
        } catch (IOException | RuntimeException e) {
            LOG.errorf("a journal entry of claim %s cannot be read (%s); the claim's record stays as it was before "
                    + "it. Find the claim's state on the nfs-lifecycle.exports topic", uid, e.getMessage());
            return java.util.Optional.empty();
        }
    }

    /**
     * Reads the records without changing anything (no clean-up, nothing moved aside, nothing cut off), e.g. while
     * the service runs: the snapshot (or the record files of an earlier version), then the journal over it, as of
     * one moment.
     */
    static List<StoredExport> read(Path directory) throws IOException {
        for (int attempt = 0; ; attempt++) {
            List<Path> before = JournalFiles.segments(directory);
            Map<String, StoredExport> records = new LinkedHashMap<>();
            if (Files.exists(Snapshot.file(directory))) {
                Snapshot.read(directory, false).forEach((uid, json) -> parsed(uid, json)
                        .ifPresent(stored -> records.put(uid, stored)));
            } else {
                RecordFiles.readAll(directory).forEach(r -> records.put(r.claimUid(), r));
            }
            for (Path segment : before) {
                JournalFiles.read(segment, false, false, (uid, json) -> {
                    if (json == null) {
                        records.remove(uid);
                    } else {
                        parsed(uid, json).ifPresent(stored -> records.put(uid, stored));
                    }
                });
            }
            // a checkpoint that dropped a segment meanwhile may have written a newer snapshot than the one read
            if (JournalFiles.segments(directory).containsAll(before) || attempt >= 10) {
                return new ArrayList<>(records.values());
            }
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
    void checkpoint() throws IOException {
        Journal.Ended ended = journal.rotate();
        Map<String, byte[]> records = Snapshot.read(directory, false);
        synchronized (replayed) {
            merge(records, replayed);
        }
        merge(records, ended.latest());
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

    private static void merge(Map<String, byte[]> records, Map<String, byte[]> latest) {
        latest.forEach((uid, json) -> {
            if (json == Journal.FORGOTTEN) {
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
