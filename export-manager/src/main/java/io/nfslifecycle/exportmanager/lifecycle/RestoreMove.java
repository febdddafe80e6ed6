package io.nfslifecycle.exportmanager.lifecycle;

import java.io.IOException;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.exportmanager.archive.ArchiveRules;
import io.nfslifecycle.exportmanager.naming.DirectoryName;
import io.nfslifecycle.exportmanager.recovery.DirectoryState;
import io.nfslifecycle.exportmanager.store.ExportStore;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * The restore of an archive into a new claim (the PVC's annotation {@code nfs-lifecycle.io/restore-from}): the
 * archive's directory becomes the claim's by one rename on the same filesystem; nothing is copied. The decision checks
 * the archive ({@link ArchiveRules#restoreRefusal}) and admission, then records on the archive which claim takes it,
 * before the claim's PENDING record: from then on nothing else (a purge, another restore) takes it. The claim's
 * directory is made empty, with its parents, and the archive renamed onto it; the claim becomes READY as any claim,
 * and the archive's record then says where it went (DELETED, restored into the claim). The files keep their project:
 * the claim takes the archive's project id. After a crash a PENDING claim finishes its move at the next start, and an
 * archive taken by a claim that is no longer PENDING is settled (its data went into the claim) or given back (it did
 * not) by the next sweep of the bin. Every write of an archive's record is made under the decision lock.
 */
final class RestoreMove {
    private static final Logger LOG = Logger.getLogger(RestoreMove.class);

    /** The archive taken for the claim, with the project its files carry; or the refusal. */
    record Taken(Handled refusal, long projectId) {
    }

    private final Parts parts;
    private final CloneCopy.Refusal refusal;

    RestoreMove(Parts parts, CloneCopy.Refusal refusal) {
        this.parts = parts;
        this.refusal = refusal;
    }

    private Optional<StoredExport> archive(String id) {
        return parts.store().get(id).filter(s -> s.archive() != null);
    }

    /** The measured bytes of the archive a restore names; 0 when unknown. */
    long bytesOf(String id) {
        return archive(id).map(a -> Math.max(0, a.archive().bytes())).orElse(0L);
    }

    static ArchiveRules.Source source(StoredExport archive) {
        boolean unknown = archive.adopted() && OrphanArchives.UNKNOWN.equals(archive.export().namespace());
        return new ArchiveRules.Source(archive.claimUid(), unknown ? "" : archive.export().namespace(),
                unknown ? archive.finalPath() : archive.export().subject(),
                archive.export().requestedBytes(), archive.archive().bytes(), archive.archive().state(),
                archive.archive().restoredTo());
    }

    /** Under the decision lock, before admission: why the claim cannot have the archive it names; empty when it can. */
    Optional<Handled> refusal(ClaimRequested claim, StoredExport intent, DirectoryState state) {
        if (state != DirectoryState.ABSENT) {
            return Optional.of(refusal.refuse(intent, ExportFailed.PATH_CONFLICT,
                    Texts.restoreOverExisting(parts.root().resolve(DirectoryName.parse(intent.directory()))), false));
        }
        Optional<ArchiveRules.Source> source = archive(claim.restoreFrom()).map(RestoreMove::source);
        Optional<String> why = ArchiveRules.restoreRefusal(source, claim.restoreFrom(), new ArchiveRules.Restore(
                claim.claimUid(), claim.namespace(), claim.requestedBytes(),
                parts.settings().archives().restoreAcrossNamespaces()));
        // taken by another claim's restore that may still fail and give it back: asked again later
        boolean held = source.map(s -> s.state().equals("restoring")).orElse(false);
        return why.map(w -> refusal.refuse(intent, ExportFailed.RESTORE_SOURCE, w, held));
    }

    /** Under the claim's lock and the decision lock, once admitted: the archive recorded as the claim's. */
    Taken take(ClaimRequested claim, StoredExport intent) {
        StoredExport archive = archive(claim.restoreFrom()).orElseThrow();
        if (!archive.archive().taken()) {
            try {
                parts.store().put(archive.withArchive(archive.archive().restoringTo(claim.claimUid())));
            } catch (IOException e) {
                return new Taken(refusal.refuse(intent, ExportFailed.IO_ERROR, Texts.recordNotWritten(e), true), 0);
            }
            LOG.infof("archive %s of claim %s (uid %s) is taken by the restore into claim %s (uid %s)",
                    archive.finalPath(), archive.export().subject(), archive.claimUid(), claim.subject(),
                    claim.claimUid());
        }
        parts.steps().reached(Step.RESTORE_TAKEN);
        return new Taken(null, archive.export().projectId());
    }

    /**
     * Under the claim's lock: the claim's directory made empty (with its parents) and the archive renamed onto it,
     * or found moved already. Empty when the directory holds the archive's data; the refusal otherwise.
     */
    Optional<Handled> move(StoredExport pending, DirectoryName name) throws IOException {
        Optional<StoredExport> archive = archive(pending.restoreFrom())
                .filter(a -> a.archive().restoredTo().equals(pending.claimUid()) && !a.finalPath().isEmpty());
        DirectoryState there = parts.root().inspect(name);
        boolean filled = there == DirectoryState.DIRECTORY && !parts.root().isEmpty(name);
        DirectoryName from = archive.map(a -> DirectoryName.parse(a.finalPath())).orElse(null);
        if (from == null || parts.root().inspect(from) != DirectoryState.DIRECTORY) {
            if (filled) {
                return Optional.empty(); // moved before a crash
            }
            parts.root().removeEmpty(name, new IOException("restore"));
            return Optional.of(refusal.refuse(pending, ExportFailed.RESTORE_SOURCE, Texts.restoreGone(
                    pending.restoreFrom(), from == null ? null : parts.root().resolve(from)), false));
        }
        if (there == DirectoryState.ABSENT) {
            parts.root().create(name);
        }
        parts.root().moveOnto(from, name);
        parts.steps().reached(Step.RESTORE_MOVED);
        LOG.infof("claim %s (uid %s): archive %s moved into %s", pending.export().subject(), pending.claimUid(),
                from, name);
        return Optional.empty();
    }

    /** Under the claim's lock, once it is READY: the archive's record says where it went; what to publish of it. */
    Optional<ExportEvent> settle(StoredExport ready, ReleaseSaga releases) {
        return parts.locks().deciding(() -> archive(ready.restoreFrom())
                .filter(a -> a.archive().restoredTo().equals(ready.claimUid()) && !a.archive().restored())
                .flatMap(a -> settled(a, ready, releases)));
    }

    private Optional<ExportEvent> settled(StoredExport archive, StoredExport claim, ReleaseSaga releases) {
        StoredExport done = archive.with(archive.export().withProjectId(0).withPhase(ExportPhase.DELETED,
                Texts.restoredInto(archive.finalPath(), claim.export().subject(), claim.claimUid()), parts.now()))
                .withArchive(archive.archive().restoredAt(parts.now()));
        try {
            parts.store().put(done, ExportStore.Durability.OUTCOME);
        } catch (IOException e) {
            LOG.warnf("archive %s: restored, but this cannot be recorded yet (%s); the next sweep of the bin does",
                    archive.finalPath(), e.getMessage());
            return Optional.empty();
        }
        parts.steps().reached(Step.RESTORE_SETTLED);
        LOG.infof("archive %s of claim %s (uid %s) restored into claim %s (uid %s)", archive.finalPath(),
                archive.export().subject(), archive.claimUid(), claim.export().subject(), claim.claimUid());
        return Optional.of(releases.reclaimed(done));
    }

    /**
     * Archives a restore took whose claim is not PENDING any more: settled (restored) when their directory went into
     * the claim, given back otherwise. Returns what to publish.
     */
    java.util.List<ExportEvent> settleAll(ReleaseSaga releases) {
        java.util.List<ExportEvent> said = new java.util.ArrayList<>();
        for (StoredExport stored : parts.store().all()) {
            if (stored.archive() != null && stored.archive().taken() && !stored.archive().restored()) {
                try {
                    parts.locks().forClaim(stored.claimUid(), () -> reconcile(stored, releases)).ifPresent(said::add);
                } catch (RuntimeException e) {
                    LOG.warnf("the restore of archive %s cannot be settled now (%s); the next sweep tries again",
                            stored.finalPath(), e.getMessage());
                }
            }
        }
        return said;
    }

    /**
     * Under the archive's lock, from the bin's sweep: an archive taken by a claim that is not PENDING any more is
     * settled when its directory went into the claim, and given back (kept again) when it is still there or the
     * claim was refused (a directory an operator removed is then found gone by the next sweep of the claims).
     */
    private Optional<ExportEvent> reconcile(StoredExport archive, ReleaseSaga releases) {
        return parts.locks().deciding(() -> {
            StoredExport now = archive(archive.claimUid()).orElse(archive);
            if (!now.archive().taken() || now.archive().restored()) {
                return Optional.<ExportEvent>empty();
            }
            Optional<StoredExport> claim = parts.store().get(now.archive().restoredTo())
                    .filter(c -> c.restoreFrom().equals(now.claimUid()));
            ExportPhase phase = claim.map(c -> c.export().phase()).orElse(ExportPhase.FAILED);
            if (phase == ExportPhase.PENDING) {
                return Optional.<ExportEvent>empty(); // its create finishes the move
            }
            boolean archiveThere = !now.finalPath().isEmpty()
                    && parts.root().inspect(DirectoryName.parse(now.finalPath())) == DirectoryState.DIRECTORY;
            if (!archiveThere && phase != ExportPhase.FAILED) {
                return settled(now, claim.get(), releases);
            }
            try {
                parts.store().put(now.withArchive(now.archive().restoringTo("")));
                LOG.infof("archive %s of claim %s (uid %s): the restore that took it did not happen; it is kept",
                        now.finalPath(), now.export().subject(), now.claimUid());
            } catch (IOException e) {
                LOG.debugf("archive %s cannot be given back yet (%s)", now.finalPath(), e.getMessage());
            }
            return Optional.<ExportEvent>empty();
        });
    }
}
