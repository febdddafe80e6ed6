package io.nfslifecycle.exportmanager.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.ExportPhase;

/**
 * The durable record of every export ({@link RecordLog}: a journal with group commit, checkpointed to one snapshot
 * file in the state directory; every acknowledged change survives a crash at any instant), held in memory too,
 * with the figures decisions need; reads never touch the disk.
 */
public final class ExportStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ExportStore.class);
    private final Path directory;
    private RecordLog log;
    private final Map<String, StoredExport> byUid = new ConcurrentHashMap<>();
    /*
     * Kept with every change of byUid, so that a decision costs the same with 10 exports or 100,000: the live
     * export of each directory, the sum of live requests and their number. Changed and read under the figures lock
     * only, so nobody sees a record between its old figures leaving and its new ones arriving (claims' creates
     * write their records outside the lifecycle's decision lock).
     */
    private final Object figures = new Object();
    private final Map<String, String> liveUidByDirectory = new HashMap<>();
    private final java.util.NavigableMap<String, java.util.Set<String>> uidsByPath = new java.util.TreeMap<>();
    private long provisioned;
    private int live;
    /** Only grows while the process runs: an id is never given twice, also while its record changes. */
    private long highestProject;

    private ExportStore(Path directory) {
        this.directory = directory;
    }

    /**
     * Opens the store, reading every record ({@link RecordLog#open}: what a crash left half written is cleaned up,
     * what cannot be read is set aside loudly, never silently dropped).
     */
    public static ExportStore open(Path directory) {
        ExportStore store = new ExportStore(directory);
        store.log = RecordLog.open(directory, store::replace);
        return store;
    }

    /**
     * Reads the records without changing anything (no clean-up, nothing moved aside), e.g. while the service runs:
     * the records as of one moment.
     */
    public static List<StoredExport> read(Path directory) throws IOException {
        return RecordsOnDisk.read(directory);
    }

    /** How durable a write must be before it returns. */
    public enum Durability {
        /**
         * On disk before it returns (the journal's group commit): it survives a power cut. For intents (PENDING,
         * RELEASING) and anything recovery could not rebuild.
         */
        INTENT,
        /**
         * Written before it returns, so a kill -9 never loses it, and on disk within moments (with the next sync):
         * a power cut just after may take the record back to the intent before it, which recovery finishes to the
         * same outcome. Saves waiting for a sync on the hot path.
         */
        OUTCOME
    }

    /** Writes the record durably; returns once it would survive a power cut. */
    public void put(StoredExport stored) throws IOException {
        put(stored, Durability.INTENT);
    }

    public void put(StoredExport stored, Durability durability) throws IOException {
        log.put(stored, durability == Durability.INTENT);
        replace(stored.claimUid(), stored);
    }

    /** Forgets a claim: its record is removed, durably, and so is what is kept in memory. */
    public void forget(String claimUid) throws IOException {
        log.forget(claimUid);
        replace(claimUid, null);
    }

    /** Writes every record to the snapshot and drops the journal's segments it covers (the log does it on its own). */
    void checkpoint() throws IOException {
        log.checkpoint();
    }

    /** Syncs what was written and stops the store's background work. */
    @Override
    public void close() {
        log.close();
    }

    /**
     * Puts the record in memory only, before it is written, so that decisions taken meanwhile (admission, whose
     * directory a name is) already count it. Undo with {@link #restore} if the write then fails.
     */
    public void reserve(StoredExport stored) {
        replace(stored.claimUid(), stored);
    }

    /** Puts back in memory what was there before a {@link #reserve} whose write failed. */
    public void restore(String claimUid, Optional<StoredExport> previous) {
        replace(claimUid, previous.orElse(null));
    }

    /** Sets (or with {@code null} removes) a claim's record in memory, and the figures kept with it. */
    private void replace(String claimUid, StoredExport now) {
        synchronized (figures) {
            StoredExport before = now == null ? byUid.remove(claimUid) : byUid.put(claimUid, now);
            if (before != null) {
                if (before.export().phase().isLive()) {
                    liveUidByDirectory.remove(before.directory(), claimUid);
                    live--;
                }
                if (before.export().phase().holdsSpace()) {
                    provisioned -= before.export().requestedBytes();
                }
                claimed(before).forEach(path -> unclaim(path, claimUid));
            }
            if (now != null) {
                highestProject = Math.max(highestProject, now.export().projectId());
                if (now.export().phase().isLive()) {
                    String other = liveUidByDirectory.put(now.directory(), claimUid);
                    if (other != null && !other.equals(claimUid)) {
                        LOG.errorf("claims %s and %s both hold %s live; the operator must release one of them", other,
                                claimUid, now.directory());
                    }
                    live++;
                }
                if (now.export().phase().holdsSpace()) {
                    provisioned += now.export().requestedBytes();
                }
                claimed(now).forEach(path -> uidsByPath.computeIfAbsent(path, p -> new java.util.HashSet<>()).add(claimUid));
            }
        }
    }

    /**
     * The paths under the root a record stands for: its directory, and its archive. None once it is deleted, and none
     * for a refused create: a refusal made nothing, or removed what it made (a create that failed with its directory
     * left in place stays PENDING).
     */
    private static List<String> claimed(StoredExport stored) {
        if (stored.export().phase() == ExportPhase.DELETED || stored.export().phase() == ExportPhase.FAILED) {
            return List.of();
        }
        List<String> paths = new java.util.ArrayList<>(2);
        if (!stored.directory().isEmpty()) {
            paths.add(stored.directory());
        }
        if (!stored.finalPath().isEmpty() && !stored.finalPath().equals(stored.directory())) {
            paths.add(stored.finalPath());
        }
        return paths;
    }

    private void unclaim(String path, String claimUid) {
        java.util.Set<String> uids = uidsByPath.get(path);
        if (uids != null) {
            uids.remove(claimUid);
            if (uids.isEmpty()) {
                uidsByPath.remove(path);
            }
        }
    }

    /**
     * A record, other than {@code claimUid}'s, that stands for a path inside {@code relative} or for one that contains
     * it: one claim's tree would hold another's, so releasing one would move or delete the other.
     */
    public Optional<StoredExport> nestedWith(String relative, String claimUid) {
        synchronized (figures) {
            for (int slash = relative.indexOf('/'); slash > 0; slash = relative.indexOf('/', slash + 1)) {
                Optional<StoredExport> outer = other(uidsByPath.get(relative.substring(0, slash)), claimUid);
                if (outer.isPresent()) {
                    return outer;
                }
            }
            // every path that starts with "relative/": '0' is the character after '/'
            for (java.util.Set<String> uids : uidsByPath.subMap(relative + "/", relative + "0").values()) {
                Optional<StoredExport> inner = other(uids, claimUid);
                if (inner.isPresent()) {
                    return inner;
                }
            }
            return Optional.empty();
        }
    }

    private Optional<StoredExport> other(java.util.Set<String> uids, String claimUid) {
        if (uids == null) {
            return Optional.empty();
        }
        return uids.stream().filter(uid -> !uid.equals(claimUid)).map(byUid::get)
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /**
     * The records, other than {@code claimUid}'s, that stand for {@code relative}: its live owner, a retained,
     * archived or releasing claim that had it, or the claim whose archive it is. A deleted record, or a refused
     * create, stands for nothing.
     */
    public List<StoredExport> ownersOf(String relative, String claimUid) {
        synchronized (figures) {
            java.util.Set<String> uids = uidsByPath.getOrDefault(relative, java.util.Set.of());
            return uids.stream().filter(uid -> !uid.equals(claimUid)).map(byUid::get)
                    .filter(java.util.Objects::nonNull).toList();
        }
    }

    public Optional<StoredExport> get(String claimUid) {
        return Optional.ofNullable(byUid.get(claimUid));
    }

    public Collection<StoredExport> all() {
        return List.copyOf(byUid.values());
    }

    /** The live export (other than {@code claimUid}'s) whose directory is {@code relative}, if any. */
    public Optional<StoredExport> liveOwnerOf(String relative, String claimUid) {
        synchronized (figures) {
            String owner = liveUidByDirectory.get(relative);
            if (owner == null || owner.equals(claimUid)) {
                return Optional.empty();
            }
            return Optional.ofNullable(byUid.get(owner)).filter(s -> s.export().phase().isLive());
        }
    }

    /** A live export of that volume, or of that namespace and claim name, under another uid. */
    public Optional<StoredExport> liveExportOf(String namespace, String claimName, String volumeName) {
        return byUid.values().stream()
                .filter(s -> s.export().phase().isLive())
                .filter(s -> s.export().volumeName().equals(volumeName)
                        || s.export().namespace().equals(namespace) && s.export().claimName().equals(claimName))
                .findFirst();
    }

    /** The sum of the requests of the exports that hold space: the live ones and the retained ones. */
    public long provisionedBytes() {
        synchronized (figures) {
            return provisioned;
        }
    }

    /** The highest project id any record holds, or held since the store was opened; 0 for none. */
    public long highestProjectId() {
        synchronized (figures) {
            return highestProject;
        }
    }

    /** How many exports are live (PENDING, READY, RELEASING). */
    public int liveCount() {
        synchronized (figures) {
            return live;
        }
    }

    public Map<ExportPhase, Long> countByPhase() {
        Map<ExportPhase, Long> counts = new EnumMap<>(ExportPhase.class);
        for (ExportPhase phase : ExportPhase.values()) {
            counts.put(phase, 0L);
        }
        byUid.values().forEach(s -> counts.merge(s.export().phase(), 1L, Long::sum));
        return counts;
    }

    public Path directory() {
        return directory;
    }
}
