package io.nfslifecycle.exportmanager.lifecycle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportFailed.Operation;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReclaimed;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.naming.DirectoryName;
import io.nfslifecycle.exportmanager.reclaim.ReclaimPlan;
import io.nfslifecycle.exportmanager.reclaim.ReleaseDecision;
import io.nfslifecycle.exportmanager.recovery.DirectoryState;
import io.nfslifecycle.exportmanager.recovery.Recovery;
import io.nfslifecycle.exportmanager.archive.ArchiveRules;
import io.nfslifecycle.exportmanager.store.ArchiveInfo;
import io.nfslifecycle.exportmanager.store.ExportStore;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * The durable steps of a release: decide whose release it is and what happens to the directory (the pure
 * {@link ReclaimPlan}), write the intent (RELEASING, with the archive name chosen), rename the directory to its
 * archive or aside for deletion, and write the outcome. A delete's tree is removed outside every lock, as
 * {@link Handled#later() later} work: the decision lock is never held while a large tree goes, and another event for
 * the claim meanwhile is answered "in progress". The same steps finish a release that a crash cut short.
 */
final class ReleaseSaga {
    private static final Logger LOG = Logger.getLogger(ReleaseSaga.class);

    private final Parts parts;
    /** Claims whose moved-aside tree is being deleted right now. */
    private final Set<String> deleting = ConcurrentHashMap.newKeySet();

    ReleaseSaga(Parts parts) {
        this.parts = parts;
    }

    /** Called under the claim's lock and the decision lock. */
    Handled released(ClaimReleased release) {
        Optional<StoredExport> existing = parts.store().get(release.claimUid());
        if (existing.isEmpty()) {
            Optional<StoredExport> owner = parts.store().liveExportOf(release.namespace(), release.claimName(),
                    release.volumeName());
            if (owner.isPresent()) {
                // answered to the claim that asked, under its own key: the owner's record is not touched
                String message = ((ReleaseDecision.Refuse) ReclaimPlan.decide(owner.get().export(),
                        owner.get().adopted(), release)).message();
                LOG.warn(message);
                ExportRecord asked = new ExportRecord(release.claimUid(), release.namespace(), release.claimName(),
                        release.volumeName(), parts.settings().serverId(), parts.settings().nfsHost(), "", 0,
                        List.of(), owner.get().export().onDelete(), ExportPhase.FAILED, message, parts.now(),
                        parts.now());
                return Handled.answer(new ExportFailed(asked, Operation.RELEASE, ExportFailed.UID_MISMATCH, message,
                        false), Outcome.UID_MISMATCH, false);
            }
            throw new InvalidEventException("claimUid", Texts.noExport(parts.settings().serverId(),
                    release.subject() + ", volume " + release.volumeName(), "nothing was touched"));
        }
        StoredExport stored = existing.get();
        ReleaseDecision decision = ReclaimPlan.decide(stored.export(), stored.adopted(), release);
        if (decision instanceof ReleaseDecision.Refuse) {
            return mismatch(stored, decision);
        }
        if (decision instanceof ReleaseDecision.Republish) {
            return Handled.answer(reclaimed(stored), Outcome.DUPLICATE, false);
        }
        if (decision instanceof ReleaseDecision.NothingToReclaim nothing) {
            return recordReclaimed(stored, ExportPhase.DELETED, nothing.reason(), "");
        }
        ReleaseDecision.Reclaim reclaim = (ReleaseDecision.Reclaim) decision;
        if (stored.export().phase() == ExportPhase.RELEASING) {
            return proceed(stored, reclaim.action(), reclaim.reason());
        }
        DirectoryName name = DirectoryName.parse(stored.directory());
        DirectoryState state = parts.root().inspect(name);
        if (Recovery.release(reclaim.action(), state, false, false) == Recovery.ReleaseStep.REFUSE_CONFLICT) {
            return conflictOnRelease(stored, name, state);
        }
        String archive = "";
        try {
            if (reclaim.action() == OnDelete.ARCHIVE && state == DirectoryState.DIRECTORY) {
                archive = chooseArchive(name, stored.claimUid());
            }
            StoredExport releasing = stored.releasing(stored.export().withPhase(ExportPhase.RELEASING,
                    reclaim.reason(), parts.now()), reclaim.action(), archive);
            parts.store().put(releasing);
            parts.steps().reached(Step.RELEASING_RECORDED);
            return proceed(releasing, reclaim.action(), reclaim.reason());
        } catch (IOException e) {
            return releaseFailed(stored, e);
        }
    }

    /**
     * A RETAINED export whose directory, or an ARCHIVED one whose archive, an operator removed: the record becomes
     * DELETED, so its space is free and its path stands for nothing any more.
     */
    Optional<Handled> freedByOperator(StoredExport kept) {
        String where = kept.finalPath().isEmpty() ? kept.directory() : kept.finalPath();
        if (where.isEmpty() || parts.root().inspect(DirectoryName.parse(where)) != DirectoryState.ABSENT) {
            return Optional.empty();
        }
        LOG.infof("the %s directory %s of claim %s is gone: an operator removed it", kept.export().phase()
                .name().toLowerCase(Locale.ROOT), where, kept.export().subject());
        return Optional.of(recordReclaimed(kept, ExportPhase.DELETED, Texts.freedByOperator(where), ""));
    }

    /** Goes on with a RELEASING record: after a crash, or when its claim is asked for again. */
    Handled resume(StoredExport releasing) {
        OnDelete action = releasing.releaseAction() != null ? releasing.releaseAction()
                : ReclaimPlan.action(releasing.export().onDelete(), releasing.adopted());
        return proceed(releasing, action, releasing.export().reason());
    }

    private Handled proceed(StoredExport releasing, OnDelete action, String reason) {
        if (deleting.contains(releasing.claimUid())) {
            return new Handled(List.of(), Outcome.IN_PROGRESS, false);
        }
        DirectoryName name = DirectoryName.parse(releasing.directory());
        try {
            DirectoryState state = parts.root().inspect(name);
            String archive = releasing.finalPath();
            boolean archiveExists = !archive.isEmpty()
                    && parts.root().inspect(DirectoryName.parse(archive)) == DirectoryState.DIRECTORY;
            String aside = ReclaimPlan.deletionName(releasing.claimUid());
            boolean movedAside = parts.root().siblingExists(name, aside);
            return switch (Recovery.release(action, state, archiveExists, movedAside)) {
                case RENAME_TO_ARCHIVE -> {
                    StoredExport withArchive = releasing;
                    if (archive.isEmpty() || archiveExists) {
                        withArchive = releasing.withFinalPath(chooseArchive(name, releasing.claimUid()));
                        parts.store().put(withArchive);
                    }
                    parts.root().rename(name, DirectoryName.parse(withArchive.finalPath()).leaf());
                    parts.steps().reached(Step.DIRECTORY_MOVED);
                    yield recordReclaimed(withArchive, ExportPhase.ARCHIVED, reason, withArchive.finalPath());
                }
                case RECORD_ARCHIVED -> recordReclaimed(releasing, ExportPhase.ARCHIVED, reason, archive);
                case MOVE_ASIDE_AND_DELETE -> {
                    parts.root().rename(name, aside);
                    parts.steps().reached(Step.DIRECTORY_MOVED);
                    yield deleteLater(releasing, name, aside, reason);
                }
                case DELETE_MOVED_ASIDE -> deleteLater(releasing, name, aside, reason);
                case RECORD_DELETED -> recordReclaimed(releasing, ExportPhase.DELETED, reason, "");
                case RECORD_RETAINED -> recordReclaimed(releasing, ExportPhase.RETAINED, reason, releasing.directory());
                case RECORD_GONE -> {
                    LOG.error(Texts.goneBeforeReleaseLog(releasing, parts.root().resolve(name), action));
                    yield recordReclaimed(releasing, switch (action) {
                        case RETAIN -> ExportPhase.RETAINED;
                        case DELETE -> ExportPhase.DELETED;
                        case ARCHIVE -> ExportPhase.ARCHIVED;
                    }, Texts.goneBeforeRelease(), "");
                }
                case REFUSE_CONFLICT -> conflictOnRelease(releasing, name, state);
            };
        } catch (IOException e) {
            return releaseFailed(releasing, e);
        }
    }

    /** The tree moved aside goes outside every lock; then, under the claim's lock, the DELETED record. */
    private Handled deleteLater(StoredExport releasing, DirectoryName name, String aside, String reason) {
        String uid = releasing.claimUid();
        if (!deleting.add(uid)) {
            return new Handled(List.of(), Outcome.IN_PROGRESS, false);
        }
        return Handled.later(() -> {
            try {
                parts.root().deleteTree(name, aside);
                parts.steps().reached(Step.TREE_DELETED);
            } catch (IOException e) {
                deleting.remove(uid);
                return releaseFailed(releasing, e);
            } catch (RuntimeException | Error e) {
                deleting.remove(uid);
                throw e;
            }
            return parts.locks().forClaim(uid, () -> {
                deleting.remove(uid);
                StoredExport now = parts.store().get(uid).orElse(releasing);
                return recordReclaimed(now, ExportPhase.DELETED, reason, "");
            });
        });
    }

    /** A free archive name: nothing on disk there, and no other record (a purge cut short, say) names it. */
    private String chooseArchive(DirectoryName name, String claimUid) throws IOException {
        List<IOException> failures = new ArrayList<>();
        String leaf = ReclaimPlan.archiveName(name.leaf(), candidate -> {
            try {
                return !parts.store().ownersOf(name.withLeaf(candidate).toString(), claimUid).isEmpty()
                        || parts.root().siblingExists(name, candidate);
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
        StoredExport done = new StoredExport(stored.export().withPhase(phase, reason, parts.now()),
                stored.directory(), stored.adopted(), finalPath).cloning(stored.cloneSource())
                .retainingArchiveFor(stored.archiveRetention()).restoring(stored.restoreFrom());
        if (phase == ExportPhase.ARCHIVED && !finalPath.isEmpty()) {
            done = done.withArchive(ArchiveInfo.made(parts.now(), ArchiveRules.expiry(parts.now(),
                    ArchiveRules.retention(stored.archiveRetention(), parts.settings().archives().retention()))));
        }
        // an archive and a deleted tree lose their limit, a retained one keeps it; the project id stays in the record
        QuotaCheck.settle(parts, done.export());
        try {
            // a RELEASING record whose step is done recovers to this same outcome
            parts.store().put(done, stored.export().phase() == ExportPhase.RELEASING ? ExportStore.Durability.OUTCOME
                    : ExportStore.Durability.INTENT);
        } catch (IOException e) {
            return releaseFailed(stored, e);
        }
        parts.steps().reached(Step.RECLAIM_RECORDED);
        parts.missingDirectories().remove(done.claimUid());
        LOG.infof("claim %s (uid %s): directory %s %s", done.export().subject(), done.claimUid(), done.directory(),
                phase.name().toLowerCase(Locale.ROOT));
        return Handled.answer(reclaimed(done), Outcome.reclaimed(phase), true);
    }

    ExportReclaimed reclaimed(StoredExport stored) {
        String finalPath = stored.finalPath().isEmpty() ? "" : parts.settings().nfsPath() + "/" + stored.finalPath();
        return new ExportReclaimed(stored.export(), finalPath);
    }

    private Handled mismatch(StoredExport owner, ReleaseDecision decision) {
        String message = ((ReleaseDecision.Refuse) decision).message();
        LOG.warn(message);
        return Handled.answer(new ExportFailed(owner.export(), Operation.RELEASE, ExportFailed.UID_MISMATCH, message,
                false), Outcome.UID_MISMATCH, false);
    }

    private Handled conflictOnRelease(StoredExport stored, DirectoryName name, DirectoryState state) {
        String message = Texts.releaseTouchedNothing(Texts.conflict(parts.root().resolve(name), state), stored);
        LOG.error(message);
        return Handled.answer(new ExportFailed(stored.export(), Operation.RELEASE, ExportFailed.PATH_CONFLICT, message,
                false), Outcome.FAILED, false);
    }

    private Handled releaseFailed(StoredExport stored, IOException e) {
        String message = Texts.releaseFailed(stored, e);
        LOG.error(message);
        return Handled.answer(new ExportFailed(stored.export(), Operation.RELEASE, ExportFailed.IO_ERROR, message,
                true), Outcome.FAILED, false);
    }
}
