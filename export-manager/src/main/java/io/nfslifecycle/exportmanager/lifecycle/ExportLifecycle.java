package io.nfslifecycle.exportmanager.lifecycle;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.ClaimEvent;
import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ClaimResized;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;
import io.nfslifecycle.exportmanager.directory.ClaimQuotas;
import io.nfslifecycle.exportmanager.directory.ExportRoot;
import io.nfslifecycle.exportmanager.store.ExportStore;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * Carries claim events out on the export root: the create and release sagas and the resize step decide with the
 * pure core (naming, admission, reclaim, recovery), write the intent durably, change the filesystem, write the
 * outcome durably, and hand back the events to publish. Every handler is idempotent: a repeated event finds its
 * outcome in the store and gets the same result again. Events of different claims may be handled concurrently,
 * events of one claim never are ({@link ClaimLocks}).
 */
public final class ExportLifecycle {
    private static final Logger LOG = Logger.getLogger(ExportLifecycle.class);

    /**
     * @param nfsPath the export root's path as NFS clients mount it
     * @param mode    the claim directory's permissions
     */
    public record Settings(String serverId, String nfsHost, String nfsPath, Set<PosixFilePermission> mode,
            AdmissionPolicy admission, Archives archives) {
        public Settings(String serverId, String nfsHost, String nfsPath, Set<PosixFilePermission> mode,
                AdmissionPolicy admission) {
            this(serverId, nfsHost, nfsPath, mode, admission, Archives.DEFAULT);
        }
    }

    /**
     * The recycle bin's settings.
     *
     * @param retention         how long an archive is kept when its claim's class names no retention; zero: forever
     * @param purgesPerSweep    at most this many archives purged on one sweep
     * @param purgedRecordsKept how long the record of a purged (or restored) archive is kept
     * @param restoreAcrossNamespaces a claim may restore an archive of another namespace
     * @param purgeForSpace     which archives a claim refused for space may have purged to make room: none, the
     *                          expired ones, or any (the oldest first)
     */
    public record Archives(java.time.Duration retention, int purgesPerSweep, java.time.Duration purgedRecordsKept,
            boolean restoreAcrossNamespaces, PurgeForSpace purgeForSpace) {
        public static final Archives DEFAULT = new Archives(java.time.Duration.ZERO, 10, java.time.Duration.ofDays(30));

        public Archives(java.time.Duration retention, int purgesPerSweep, java.time.Duration purgedRecordsKept) {
            this(retention, purgesPerSweep, purgedRecordsKept, false, PurgeForSpace.NONE);
        }
    }

    /** Which archives may be purged to let in a claim that would be refused for space. */
    public enum PurgeForSpace { NONE, EXPIRED, ANY }

    private final Parts parts;
    private final CreateSaga creates;
    private final ReleaseSaga releases;
    private final ResizeStep resizes;
    private final ArchiveBin archives;
    private final AtomicLong limitsPutBack = new AtomicLong();

    /** A lifecycle without project quotas. */
    public ExportLifecycle(Settings settings, ExportRoot root, ExportStore store, VolumeSource volume, Clock clock,
            StepListener steps) {
        this(settings, root, store, volume, ClaimQuotas.off("not set up"), clock, steps);
    }

    public ExportLifecycle(Settings settings, ExportRoot root, ExportStore store, VolumeSource volume,
            ClaimQuotas quotas, Clock clock, StepListener steps) {
        this.parts = new Parts(settings, root, store, volume, quotas, clock, steps);
        this.releases = new ReleaseSaga(parts);
        this.archives = new ArchiveBin(parts);
        this.creates = new CreateSaga(parts, releases, archives);
        this.resizes = new ResizeStep(parts);
    }

    /** The recycle bin: archives, their retention and their purge. */
    public ArchiveBin archives() {
        return archives;
    }

    /** Restores a crash cut short after their claim's create: settled or given back; what to publish. */
    public List<ExportEvent> settleRestores() {
        return creates.restores().settleAll(releases);
    }

    public ExportStore store() {
        return parts.store();
    }

    public Settings settings() {
        return parts.settings();
    }

    /** Whether claim directories get project quotas, and why not. */
    public ClaimQuotas quotas() {
        return parts.quotas();
    }

    /** Project limits found changed by hand (at start or on a sweep) and put back, since start. */
    public long quotaLimitsPutBack() {
        return limitsPutBack.get();
    }

    /** Bytes copied into clones since start, those under way included. */
    public long cloneBytesCopied() {
        return creates.clones().copiedBytes();
    }

    /** Clones whose copy runs now. */
    public int clonesCopying() {
        return creates.clones().copying();
    }

    /** Bytes the clones under way have still to copy. */
    public long cloneBytesRemaining() {
        return creates.clones().remainingBytes();
    }

    /** Bytes of clones made as reflinks, sharing their source's blocks. */
    public long cloneBytesShared() {
        return creates.clones().sharedBytes();
    }

    /** The export root, resolved. */
    public Path rootPath() {
        return parts.root().path();
    }

    /**
     * Why a migration would not adopt {@code directory} (relative to the root) for the claim, or empty when it would:
     * a dry run, under the decision lock, that changes nothing.
     */
    public Optional<String> migrationRefusal(String directory, String claimUid, String volumeName) {
        return parts.locks().deciding(() -> MigrationCheck.refusal(parts, directory, claimUid, volumeName));
    }

    /** Claim uids of READY exports whose directory is gone or replaced. */
    public Set<String> missingDirectories() {
        return Set.copyOf(parts.missingDirectories());
    }

    /**
     * Begins one claim event of this server. Slow work (a tree delete) is left in {@link Handled#later()}, to be
     * run outside every lock by the caller.
     *
     * @throws InvalidEventException for a resize or release of a claim this server has no export of
     */
    public Handled begin(ClaimEvent event) {
        return parts.locks().forClaim(event.claimUid(), () -> {
            if (event instanceof ClaimRequested requested) {
                return creates.requested(requested);
            }
            if (event instanceof ClaimResized resized) {
                return parts.locks().deciding(() -> resizes.resized(resized));
            }
            return parts.locks().deciding(() -> releases.released((ClaimReleased) event));
        });
    }

    /** Handles one claim event to its end, slow work included, on the caller's thread. */
    public Handled handle(ClaimEvent event) {
        return finish(begin(event));
    }

    /** Runs what a handler left for later, and what that left, on the caller's thread; the last answer counts. */
    public static Handled finish(Handled handled) {
        Handled current = handled;
        while (current.later().isPresent()) {
            current = current.later().get().run();
        }
        return current;
    }

    /**
     * Finishes or undoes what a crash left half done, and reports READY exports whose directory is gone. Returns
     * what to publish and do: slow work is left in {@link Handled#later()}.
     */
    public List<Handled> recover() {
        List<Handled> results = new ArrayList<>();
        for (StoredExport listed : parts.store().all()) {
            results.add(recover(listed.claimUid()));
        }
        return results;
    }

    /** {@link #recover()} of one claim, under its locks, from its record as it is now. */
    public Handled recover(String claimUid) {
        return parts.locks().forClaim(claimUid, () -> parts.locks().deciding(() -> parts.store().get(claimUid)
                .map(this::recover).orElse(new Handled(List.of(), Outcome.DUPLICATE, false))));
    }

    /** {@link #recover()} run to its end on the caller's thread: what to publish. */
    public List<ExportEvent> reconcile() {
        List<ExportEvent> results = new ArrayList<>();
        recover().forEach(handled -> results.addAll(finish(handled).results()));
        return results;
    }

    private Handled recover(StoredExport stored) {
        Handled nothing = new Handled(List.of(), Outcome.DUPLICATE, false);
        if (stored.clones() && stored.export().phase() != ExportPhase.PENDING) {
            creates.clones().removeLeftover(stored); // a copy a crash cut short after its claim was released
        }
        return switch (stored.export().phase()) {
            case PENDING -> {
                LOG.infof("finishing the create of %s for claim %s, cut short by a restart", stored.directory(),
                        stored.export().subject());
                yield creates.proceed(stored);
            }
            case RELEASING -> {
                LOG.infof("finishing the release of %s for claim %s, cut short by a restart", stored.directory(),
                        stored.export().subject());
                yield releases.resume(stored);
            }
            case READY -> {
                checkQuota(stored);
                yield creates.checkReady(stored).orElse(nothing);
            }
            case ARCHIVED, DELETED, RETAINED -> {
                if (stored.archive() == null || !stored.archive().taken()) {
                    checkQuota(stored); // a restore's claim has the project of the archive it took
                }
                yield nothing;
            }
            case FAILED -> nothing;
        };
    }

    /**
     * Looks again at one claim's directory, as an operator may have changed it: a READY directory that went is
     * answered {@code DIRECTORY_MISSING} once, and {@code export.ready} once it is back; a RETAINED directory an operator
     * removed frees its space (the record becomes DELETED).
     */
    public Handled sweep(String claimUid) {
        Handled nothing = new Handled(List.of(), Outcome.DUPLICATE, false);
        return parts.locks().forClaim(claimUid, () -> parts.store().get(claimUid).map(stored -> switch (
                stored.export().phase()) {
            case READY -> {
                checkQuota(stored);
                boolean wasMissing = parts.missingDirectories().contains(claimUid);
                Optional<Handled> missing = creates.checkReady(stored);
                if (missing.isPresent()) {
                    yield wasMissing ? nothing : missing.get();
                }
                yield wasMissing ? Handled.answer(new ExportReady(stored.export()), Outcome.READY, false) : nothing;
            }
            // a purge or a restore under way has its directory moved: the bin finishes it. Read again under the
            // decision lock, which every write of an archive's record holds: a restore may have taken it since
            case RETAINED, ARCHIVED -> parts.locks().deciding(() -> parts.store().get(claimUid)
                    .filter(now -> now.archive() == null || now.archive().kept()).map(now -> {
                        checkQuota(now);
                        return releases.freedByOperator(now).orElse(nothing);
                    }).orElse(nothing));
            case PENDING, FAILED, RELEASING, DELETED -> nothing;
        }).orElse(nothing));
    }

    private void checkQuota(StoredExport stored) {
        if (QuotaCheck.reconcile(parts, stored.export())) {
            limitsPutBack.incrementAndGet();
        }
    }

    /** The state event of a stored export, as the compacted topic should hold it; empty while a step is under way. */
    public Optional<ExportEvent> stateOf(StoredExport stored) {
        return switch (stored.export().phase()) {
            case READY -> Optional.of(new ExportReady(stored.export()));
            case ARCHIVED, RETAINED -> Optional.of(releases.reclaimed(stored));
            case DELETED -> Optional.of(stored.archive() != null && stored.archive().purged()
                    ? archives.purged(stored) : releases.reclaimed(stored));
            case FAILED -> Optional.of(new ExportFailed(stored.export(), ExportFailed.Operation.CREATE,
                    stored.failureCode().isEmpty() ? ExportFailed.REFUSED : stored.failureCode(),
                    stored.export().reason(), stored.retryable()));
            case PENDING, RELEASING -> Optional.empty();
        };
    }
}
