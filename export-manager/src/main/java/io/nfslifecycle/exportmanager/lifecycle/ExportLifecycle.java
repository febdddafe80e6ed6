package io.nfslifecycle.exportmanager.lifecycle;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.ClaimEvent;
import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ClaimResized;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportFailed.Operation;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportReclaimed;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.ExportResized;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.admission.Admission;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;
import io.nfslifecycle.exportmanager.admission.Verdict;
import io.nfslifecycle.exportmanager.reconcile.DirectoryState;
import io.nfslifecycle.exportmanager.directory.ExportRoot;
import io.nfslifecycle.exportmanager.naming.DirectoryName;
import io.nfslifecycle.exportmanager.naming.InvalidNameException;
import io.nfslifecycle.exportmanager.naming.PathPattern;
import io.nfslifecycle.exportmanager.reclaim.ReclaimPlan;
import io.nfslifecycle.exportmanager.reclaim.ReleaseDecision;
import io.nfslifecycle.exportmanager.reconcile.Recovery;
import io.nfslifecycle.exportmanager.store.ExportStore;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * Carries claim events out on the export root: decide with the pure core (naming, admission, reclaim, recovery),
 * write the intent durably, change the filesystem, write the outcome durably, and hand back the events to publish.
 * Every handler is idempotent: a repeated event finds its outcome in the store and gets the same result again.
 *
 * <p>Events of different claims may be handled concurrently, events of one claim never are (a lock per claim uid,
 * striped). Every decision that looks at other claims (admission, whose directory a name is, releases, resizes) is
 * taken under one lock, with the new PENDING record already counted in memory; only a create's own writes (its
 * fsynced records and its directory) run outside it, so that the fsyncs of concurrent creates share journal commits.
 */
public final class ExportLifecycle {
    private static final Logger LOG = Logger.getLogger(ExportLifecycle.class);

    /**
     * @param nfsPath the export root's path as NFS clients mount it
     * @param mode    the claim directory's permissions
     */
    public record Settings(String serverId, String nfsHost, String nfsPath, Set<PosixFilePermission> mode,
            AdmissionPolicy admission) {
    }

    private final Settings settings;
    private final ExportRoot root;
    private final ExportStore store;
    private final VolumeSource volume;
    private final Clock clock;
    private final StepListener steps;
    private final Set<String> missingDirectories = ConcurrentHashMap.newKeySet();
    private final ReentrantLock[] claimLocks = new ReentrantLock[64];

    public ExportLifecycle(Settings settings, ExportRoot root, ExportStore store, VolumeSource volume, Clock clock,
            StepListener steps) {
        this.settings = settings;
        this.root = root;
        this.store = store;
        this.volume = volume;
        this.clock = clock;
        this.steps = steps;
        for (int i = 0; i < claimLocks.length; i++) {
            claimLocks[i] = new ReentrantLock();
        }
    }

    private ReentrantLock claimLock(String claimUid) {
        return claimLocks[Math.floorMod(claimUid.hashCode(), claimLocks.length)];
    }

    public ExportStore store() {
        return store;
    }

    public Settings settings() {
        return settings;
    }

    /** The export root, resolved. */
    public java.nio.file.Path rootPath() {
        return root.path();
    }

    /** Claim uids of READY exports whose directory is gone or replaced. */
    public Set<String> missingDirectories() {
        return Set.copyOf(missingDirectories);
    }

    /**
     * Handles one claim event of this server.
     *
     * @throws InvalidEventException for a resize or release of a claim this server has no export of
     */
    public Handled handle(ClaimEvent event) {
        ReentrantLock claim = claimLock(event.claimUid());
        claim.lock();
        try {
            if (event instanceof ClaimRequested requested) {
                return requested(requested);
            }
            synchronized (this) {
                if (event instanceof ClaimResized resized) {
                    return resized(resized);
                }
                return released((ClaimReleased) event);
            }
        } finally {
            claim.unlock();
        }
    }

    /**
     * Finishes or undoes what a crash left half done, and reports READY exports whose directory is gone. Returns
     * the results to publish.
     */
    public List<ExportEvent> reconcile() {
        List<ExportEvent> results = new ArrayList<>();
        for (StoredExport listed : store.all()) {
            ReentrantLock claim = claimLock(listed.claimUid());
            claim.lock();
            try {
                synchronized (this) {
                    // the record as it is now: a claim event may have been handled since the listing
                    results.addAll(reconcile(store.get(listed.claimUid()).orElse(listed)));
                }
            } finally {
                claim.unlock();
            }
        }
        return results;
    }

    private List<ExportEvent> reconcile(StoredExport stored) {
        ExportPhase phase = stored.export().phase();
        if (phase == ExportPhase.PENDING) {
            LOG.infof("finishing the create of %s for claim %s, cut short by a restart", stored.directory(),
                    stored.export().subject());
            return continueCreate(stored).results();
        }
        if (phase == ExportPhase.RELEASING) {
            LOG.infof("finishing the release of %s for claim %s, cut short by a restart", stored.directory(),
                    stored.export().subject());
            OnDelete action = ReclaimPlan.action(stored.export().onDelete(), stored.adopted());
            return continueRelease(stored, action, stored.export().reason()).results();
        }
        if (phase == ExportPhase.READY) {
            return checkReady(stored).map(Handled::results).orElse(List.of());
        }
        return List.of();
    }

    // ---------------------------------------------------------------- create

    /**
     * What the decision on a request left to do outside the lock: nothing ({@code done}), or go on with a PENDING
     * export, which is new ({@code fresh}: reserved in memory, to be written) or one a crash or an error cut short.
     */
    private record CreatePlan(Handled done, StoredExport pending, boolean fresh, StoredExport intent,
            Optional<StoredExport> before) {
        static CreatePlan done(Handled handled) {
            return new CreatePlan(handled, null, false, null, Optional.empty());
        }
    }

    private Handled requested(ClaimRequested claim) {
        CreatePlan plan;
        synchronized (this) {
            plan = decideCreate(claim);
        }
        if (plan.done() != null) {
            return plan.done();
        }
        if (plan.fresh()) {
            try {
                store.put(plan.pending());
            } catch (IOException e) {
                store.restore(claim.claimUid(), plan.before());
                return refuse(plan.intent(), Operation.CREATE, ExportFailed.IO_ERROR, "cannot write the export "
                        + "record (" + e.getMessage() + "); nothing was made. The operator must check the state "
                        + "directory", true);
            }
            steps.reached(Step.PENDING_RECORDED);
        }
        return continueCreate(plan.pending());
    }

    private CreatePlan decideCreate(ClaimRequested claim) {
        Optional<StoredExport> existing = store.get(claim.claimUid());
        Instant created = clock.instant();
        if (existing.isPresent()) {
            StoredExport stored = existing.get();
            switch (stored.export().phase()) {
                case READY:
                    return CreatePlan.done(checkReady(stored).orElseGet(
                            () -> new Handled(List.of(new ExportReady(stored.export())), "duplicate", false)));
                case PENDING:
                    return new CreatePlan(null, stored, false, stored, existing);
                case RELEASING:
                    return CreatePlan.done(continueRelease(stored, ReclaimPlan.action(stored.export().onDelete(),
                            stored.adopted()), stored.export().reason()));
                case FAILED:
                    // refused before: decide again, the volume or the claim may have changed
                    created = stored.export().created();
                    break;
                default:
                    return CreatePlan.done(new Handled(List.of(reclaimed(stored)), "duplicate", false));
            }
        }
        DirectoryName name;
        try {
            name = PathPattern.directoryFor(claim);
        } catch (InvalidNameException e) {
            return CreatePlan.done(refuse(new StoredExport(record(claim, "", created), "", false, ""),
                    Operation.CREATE, ExportFailed.INVALID_NAME, e.getMessage(), false));
        }
        StoredExport intent = new StoredExport(record(claim, settings.nfsPath() + "/" + name, created),
                name.toString(), false, "");
        Optional<StoredExport> owner = store.liveOwnerOf(name.toString(), claim.claimUid());
        if (owner.isPresent()) {
            return CreatePlan.done(refuse(intent, Operation.CREATE, ExportFailed.PATH_CONFLICT, "the directory "
                    + name + " already belongs to claim " + owner.get().export().subject() + " (uid "
                    + owner.get().claimUid() + "); give this claim another name or pathPattern", false));
        }
        DirectoryState state = root.inspect(name);
        if (Recovery.create(state) == Recovery.CreateStep.REFUSE_CONFLICT) {
            return CreatePlan.done(refuse(intent, Operation.CREATE, ExportFailed.PATH_CONFLICT,
                    conflict(name, state), false));
        }
        Verdict verdict;
        try {
            verdict = Admission.decide(settings.admission(), volume.figures(), store.provisionedBytes(), 0,
                    claim.requestedBytes());
        } catch (IOException e) {
            return CreatePlan.done(refuse(intent, Operation.CREATE, ExportFailed.IO_ERROR,
                    "cannot read the volume's capacity (" + e.getMessage() + "); the operator must check the export "
                    + "root", true));
        }
        if (!verdict.admitted()) {
            return CreatePlan.done(refuse(intent, Operation.CREATE, ExportFailed.INSUFFICIENT_CAPACITY,
                    verdict.reason(), true));
        }
        boolean adopt = state == DirectoryState.DIRECTORY;
        StoredExport pending = new StoredExport(intent.export().withPhase(ExportPhase.PENDING,
                adopt ? "adopting the existing directory " + name : "", clock.instant()), name.toString(), adopt, "");
        store.reserve(pending);
        return new CreatePlan(null, pending, true, intent, existing);
    }

    private Handled continueCreate(StoredExport pending) {
        DirectoryName name = DirectoryName.parse(pending.directory());
        DirectoryState state = root.inspect(name);
        Recovery.CreateStep step = Recovery.create(state);
        if (step == Recovery.CreateStep.REFUSE_CONFLICT) {
            return refuse(pending, Operation.CREATE, ExportFailed.PATH_CONFLICT, conflict(name, state), false);
        }
        boolean madeNow = false;
        try {
            if (step == Recovery.CreateStep.MAKE_DIRECTORY) {
                root.create(name);
                madeNow = true;
                steps.reached(Step.DIRECTORY_MADE);
            }
            root.setMode(name, settings.mode());
            steps.reached(Step.MODE_SET);
            StoredExport ready = pending.with(pending.export().withPhase(ExportPhase.READY,
                    pending.export().reason(), clock.instant()));
            // PENDING with its directory in place recovers to this same READY
            store.put(ready, ExportStore.Durability.OUTCOME);
            steps.reached(Step.READY_RECORDED);
            missingDirectories.remove(ready.claimUid());
            LOG.infof("claim %s (uid %s): directory %s ready", ready.export().subject(), ready.claimUid(), name);
            return new Handled(List.of(new ExportReady(ready.export())), "ready", true);
        } catch (IOException e) {
            if (madeNow) {
                removeEmpty(name, e);
            }
            boolean noSpace = isNoSpace(e);
            String message = noSpace
                    ? "the volume ran out of space while making " + name + "; nothing was left behind. Free space "
                            + "on the volume and the claim will be retried"
                    : "the filesystem failed while making " + name + " (" + e.getMessage() + "); nothing was left "
                            + "behind. The operator must check the export root";
            return refuse(pending, Operation.CREATE, noSpace ? ExportFailed.NO_SPACE : ExportFailed.IO_ERROR,
                    message, true);
        }
    }

    private Optional<Handled> checkReady(StoredExport stored) {
        DirectoryName name = DirectoryName.parse(stored.directory());
        DirectoryState state = root.inspect(name);
        if (Recovery.ready(state) == Recovery.ReadyCheck.FINE) {
            missingDirectories.remove(stored.claimUid());
            return Optional.empty();
        }
        missingDirectories.add(stored.claimUid());
        String message = "the directory " + root.resolve(name) + " of READY claim " + stored.export().subject()
                + " (uid " + stored.claimUid() + ") is " + (state == DirectoryState.ABSENT ? "gone" : "no longer a "
                + "real directory") + "; it is NOT re-created. Restore it from a backup, or delete the claim";
        LOG.error(message);
        return Optional.of(new Handled(List.of(new ExportFailed(stored.export(), Operation.CREATE, ExportFailed.DIRECTORY_MISSING,
                message, false)), "failed", false));
    }

    // ---------------------------------------------------------------- resize

    private Handled resized(ClaimResized resize) {
        StoredExport stored = store.get(resize.claimUid()).orElseThrow(() -> new InvalidEventException("claimUid",
                "names no export of server " + settings.serverId() + " (" + resize.subject() + "); nothing to resize"));
        ExportRecord export = stored.export();
        if (export.phase() != ExportPhase.READY) {
            return new Handled(List.of(new ExportFailed(export, Operation.RESIZE, ExportFailed.NOT_READY, "claim "
                    + export.subject() + " cannot be resized while its export is " + export.phase(),
                    export.phase() == ExportPhase.PENDING)), "failed", false);
        }
        if (resize.requestedBytes() <= export.requestedBytes()) {
            return new Handled(List.of(new ExportResized(export)), "duplicate", false);
        }
        Verdict verdict;
        try {
            verdict = Admission.decide(settings.admission(), volume.figures(), store.provisionedBytes(),
                    export.requestedBytes(), resize.requestedBytes());
        } catch (IOException e) {
            return new Handled(List.of(new ExportFailed(export, Operation.RESIZE, ExportFailed.IO_ERROR,
                    "cannot read the volume's capacity (" + e.getMessage() + ")", true)), "failed", false);
        }
        if (!verdict.admitted()) {
            return new Handled(List.of(new ExportFailed(export, Operation.RESIZE, ExportFailed.INSUFFICIENT_CAPACITY,
                    verdict.reason(), true)), "failed", false);
        }
        StoredExport grown = stored.with(export.withRequestedBytes(resize.requestedBytes(), clock.instant()));
        try {
            store.put(grown);
        } catch (IOException e) {
            return new Handled(List.of(new ExportFailed(export, Operation.RESIZE, ExportFailed.IO_ERROR,
                    "cannot write the export record (" + e.getMessage() + ")", true)), "failed", false);
        }
        LOG.infof("claim %s (uid %s): resized to %d bytes", export.subject(), export.claimUid(),
                resize.requestedBytes());
        return new Handled(List.of(new ExportResized(grown.export())), "resized", true);
    }

    // ---------------------------------------------------------------- release

    private Handled released(ClaimReleased release) {
        Optional<StoredExport> existing = store.get(release.claimUid());
        if (existing.isEmpty()) {
            Optional<StoredExport> owner = store.liveExportOf(release.namespace(), release.claimName(),
                    release.volumeName());
            if (owner.isPresent()) {
                return mismatch(owner.get(), ReclaimPlan.decide(owner.get().export(), owner.get().adopted(), release));
            }
            throw new InvalidEventException("claimUid", "names no export of server " + settings.serverId() + " ("
                    + release.subject() + ", volume " + release.volumeName() + "); nothing was touched");
        }
        StoredExport stored = existing.get();
        ReleaseDecision decision = ReclaimPlan.decide(stored.export(), stored.adopted(), release);
        if (decision instanceof ReleaseDecision.Refuse) {
            return mismatch(stored, decision);
        }
        if (decision instanceof ReleaseDecision.Republish) {
            return new Handled(List.of(reclaimed(stored)), "duplicate", false);
        }
        if (decision instanceof ReleaseDecision.NothingToReclaim nothing) {
            return recordReclaimed(stored, ExportPhase.DELETED, nothing.reason(), "");
        }
        ReleaseDecision.Reclaim reclaim = (ReleaseDecision.Reclaim) decision;
        if (stored.export().phase() == ExportPhase.RELEASING) {
            return continueRelease(stored, reclaim.action(), reclaim.reason());
        }
        DirectoryName name = DirectoryName.parse(stored.directory());
        DirectoryState state = root.inspect(name);
        if (Recovery.release(reclaim.action(), state, false, false) == Recovery.ReleaseStep.REFUSE_CONFLICT) {
            return conflictOnRelease(stored, name, state);
        }
        String archive = "";
        try {
            if (reclaim.action() == OnDelete.ARCHIVE && state == DirectoryState.DIRECTORY) {
                archive = chooseArchive(name);
            }
            StoredExport releasing = new StoredExport(stored.export().withPhase(ExportPhase.RELEASING,
                    reclaim.reason(), clock.instant()), stored.directory(), stored.adopted(), archive);
            store.put(releasing);
            steps.reached(Step.RELEASING_RECORDED);
            return continueRelease(releasing, reclaim.action(), reclaim.reason());
        } catch (IOException e) {
            return releaseFailed(stored, e);
        }
    }

    private Handled continueRelease(StoredExport releasing, OnDelete action, String reason) {
        DirectoryName name = DirectoryName.parse(releasing.directory());
        try {
            DirectoryState state = root.inspect(name);
            String archive = releasing.finalPath();
            boolean archiveExists = !archive.isEmpty()
                    && root.inspect(DirectoryName.parse(archive)) == DirectoryState.DIRECTORY;
            String aside = ReclaimPlan.deletionName(releasing.claimUid());
            boolean movedAside = root.siblingExists(name, aside);
            switch (Recovery.release(action, state, archiveExists, movedAside)) {
                case RENAME_TO_ARCHIVE:
                    if (archive.isEmpty() || archiveExists) {
                        archive = chooseArchive(name);
                        releasing = releasing.withFinalPath(archive);
                        store.put(releasing);
                    }
                    root.rename(name, DirectoryName.parse(archive).leaf());
                    steps.reached(Step.DIRECTORY_MOVED);
                    return recordReclaimed(releasing, ExportPhase.ARCHIVED, reason, archive);
                case RECORD_ARCHIVED:
                    return recordReclaimed(releasing, ExportPhase.ARCHIVED, reason, archive);
                case MOVE_ASIDE_AND_DELETE:
                    root.rename(name, aside);
                    steps.reached(Step.DIRECTORY_MOVED);
                    root.deleteTree(name, aside);
                    steps.reached(Step.TREE_DELETED);
                    return recordReclaimed(releasing, ExportPhase.DELETED, reason, "");
                case DELETE_MOVED_ASIDE:
                    root.deleteTree(name, aside);
                    steps.reached(Step.TREE_DELETED);
                    return recordReclaimed(releasing, ExportPhase.DELETED, reason, "");
                case RECORD_DELETED:
                    return recordReclaimed(releasing, ExportPhase.DELETED, reason, "");
                case RECORD_RETAINED:
                    return recordReclaimed(releasing, ExportPhase.RETAINED, reason, releasing.directory());
                case RECORD_GONE:
                    LOG.errorf("claim %s (uid %s) was released, but its directory %s was already gone; the release "
                            + "is recorded, there was nothing to %s", releasing.export().subject(),
                            releasing.claimUid(), root.resolve(name), action.name().toLowerCase());
                    return recordReclaimed(releasing, action == OnDelete.RETAIN ? ExportPhase.RETAINED
                            : action == OnDelete.DELETE ? ExportPhase.DELETED : ExportPhase.ARCHIVED,
                            "the directory was already gone when the claim was released", "");
                case REFUSE_CONFLICT:
                default:
                    return conflictOnRelease(releasing, name, state);
            }
        } catch (IOException e) {
            return releaseFailed(releasing, e);
        }
    }

    private String chooseArchive(DirectoryName name) throws IOException {
        List<IOException> failures = new ArrayList<>();
        String leaf = ReclaimPlan.archiveName(name.leaf(), candidate -> {
            try {
                return root.siblingExists(name, candidate);
            } catch (IOException e) {
                failures.add(e);
                return false;
            }
        });
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return name.withLeaf(leaf).toString();
    }

    private Handled recordReclaimed(StoredExport stored, ExportPhase phase, String reason, String finalPath) {
        StoredExport done = new StoredExport(stored.export().withPhase(phase, reason, clock.instant()),
                stored.directory(), stored.adopted(), finalPath);
        try {
            // a RELEASING record whose step is done recovers to this same outcome
            store.put(done, stored.export().phase() == ExportPhase.RELEASING ? ExportStore.Durability.OUTCOME
                    : ExportStore.Durability.INTENT);
        } catch (IOException e) {
            return releaseFailed(stored, e);
        }
        steps.reached(Step.RECLAIM_RECORDED);
        missingDirectories.remove(done.claimUid());
        LOG.infof("claim %s (uid %s): directory %s %s", done.export().subject(), done.claimUid(), done.directory(),
                phase.name().toLowerCase());
        return new Handled(List.of(reclaimed(done)), phase.name().toLowerCase(), true);
    }

    private ExportReclaimed reclaimed(StoredExport stored) {
        String finalPath = stored.finalPath().isEmpty() ? "" : settings.nfsPath() + "/" + stored.finalPath();
        return new ExportReclaimed(stored.export(), finalPath);
    }

    private Handled mismatch(StoredExport owner, ReleaseDecision decision) {
        String message = ((ReleaseDecision.Refuse) decision).message();
        LOG.warn(message);
        return new Handled(List.of(new ExportFailed(owner.export(), Operation.RELEASE, ExportFailed.UID_MISMATCH,
                message, false)), "uid-mismatch", false);
    }

    private Handled conflictOnRelease(StoredExport stored, DirectoryName name, DirectoryState state) {
        String message = conflict(name, state) + "; the release of claim " + stored.export().subject()
                + " touched nothing. The operator must look at it";
        LOG.error(message);
        return new Handled(List.of(new ExportFailed(stored.export(), Operation.RELEASE, ExportFailed.PATH_CONFLICT,
                message, false)), "failed", false);
    }

    private Handled releaseFailed(StoredExport stored, IOException e) {
        String message = "the release of claim " + stored.export().subject() + " failed on the filesystem ("
                + e.getMessage() + "); it is retried on the next release event or restart";
        LOG.error(message);
        return new Handled(List.of(new ExportFailed(stored.export(), Operation.RELEASE, ExportFailed.IO_ERROR,
                message, true)), "failed", false);
    }

    // ---------------------------------------------------------------- shared

    private ExportRecord record(ClaimRequested claim, String path, Instant created) {
        return new ExportRecord(claim.claimUid(), claim.namespace(), claim.claimName(), claim.volumeName(),
                settings.serverId(), settings.nfsHost(), path, claim.requestedBytes(), claim.accessModes(),
                claim.onDelete(), ExportPhase.PENDING, "", created, clock.instant());
    }

    private Handled refuse(StoredExport stored, Operation operation, String code, String message, boolean retryable) {
        ExportRecord failed = stored.export().withPhase(ExportPhase.FAILED, message, clock.instant());
        try {
            store.put(stored.with(failed));
        } catch (IOException e) {
            LOG.errorf("cannot record the refusal of claim %s: %s", failed.subject(), e.getMessage());
        }
        LOG.warnf("claim %s (uid %s) refused, %s: %s", failed.subject(), failed.claimUid(), code, message);
        return new Handled(List.of(new ExportFailed(failed, operation, code, message, retryable)), "failed", true);
    }

    private String conflict(DirectoryName name, DirectoryState state) {
        return state == DirectoryState.UNSAFE_PARENT
                ? "a parent of " + root.resolve(name) + " is a symbolic link or not a directory"
                : root.resolve(name) + " is a symbolic link or not a directory";
    }

    private void removeEmpty(DirectoryName name, IOException cause) {
        try {
            java.nio.file.Files.deleteIfExists(root.resolve(name));
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException fs && fs.getReason() != null
                    && fs.getReason().contains("No space left")) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("No space left")) {
                return true;
            }
        }
        return false;
    }
}
