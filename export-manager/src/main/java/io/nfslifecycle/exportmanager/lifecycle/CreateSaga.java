package io.nfslifecycle.exportmanager.lifecycle;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportFailed.Operation;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.exportmanager.naming.DirectoryName;
import io.nfslifecycle.exportmanager.naming.InvalidNameException;
import io.nfslifecycle.exportmanager.naming.PathPattern;
import io.nfslifecycle.exportmanager.quota.ProjectIds;
import io.nfslifecycle.exportmanager.recovery.DirectoryState;
import io.nfslifecycle.exportmanager.recovery.Recovery;
import io.nfslifecycle.exportmanager.store.ExportStore;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * The durable steps of a create: decide (under the decision lock, with the new PENDING record counted in memory at
 * once), write the intent, make the directory, set its mode, write READY. The same steps finish a create that a
 * crash cut short. Only the decision runs under the decision lock; the fsyncs and the mkdir of concurrent creates run
 * side by side and share journal commits.
 */
final class CreateSaga {
    private static final Logger LOG = Logger.getLogger(CreateSaga.class);

    private final Parts parts;
    private final ReleaseSaga releases;
    private final CloneCopy clones;
    private final RestoreMove restores;
    private final SpaceFromArchives archives;

    CreateSaga(Parts parts, ReleaseSaga releases, ArchiveBin archives) {
        this.parts = parts;
        this.releases = releases;
        this.archives = new SpaceFromArchives(parts, archives);
        this.clones = new CloneCopy(parts, this::refuse, this::proceed);
        this.restores = new RestoreMove(parts, this::refuse);
    }

    CloneCopy clones() {
        return clones;
    }

    RestoreMove restores() {
        return restores;
    }

    /**
     * What the decision left to do outside the lock: nothing ({@code done}), or go on with a PENDING export, which
     * is new ({@code fresh}: reserved in memory, to be written) or one a crash or an error cut short.
     */
    private record Plan(Handled done, StoredExport pending, boolean fresh, StoredExport intent,
            Optional<StoredExport> before) {
        static Plan done(Handled handled) {
            return new Plan(handled, null, false, null, Optional.empty());
        }
    }

    Handled requested(ClaimRequested claim) {
        Plan plan = parts.locks().deciding(() -> decide(claim));
        if (plan.done() != null) {
            return plan.done();
        }
        if (plan.fresh()) {
            try {
                parts.store().put(plan.pending());
            } catch (IOException e) {
                parts.store().restore(claim.claimUid(), plan.before());
                return refuse(plan.intent(), ExportFailed.IO_ERROR, Texts.recordNotWritten(e), true);
            }
            parts.steps().reached(Step.PENDING_RECORDED);
        }
        return proceed(plan.pending());
    }

    private Plan decide(ClaimRequested claim) {
        Optional<StoredExport> existing = parts.store().get(claim.claimUid());
        Instant created = parts.now();
        if (existing.isPresent()) {
            Optional<Plan> known = known(claim, existing.get(), existing);
            if (known.isPresent()) {
                return known.get();
            }
            created = existing.get().export().created();
        }
        DirectoryName name;
        try {
            name = claim.migrates() ? PathPattern.adopted(claim.adoptDirectory()) : PathPattern.directoryFor(claim);
        } catch (InvalidNameException e) {
            return Plan.done(refuse(new StoredExport(record(claim, "", "", created), "", false, ""),
                    ExportFailed.INVALID_NAME, e.getMessage(), false));
        }
        StoredExport intent = new StoredExport(record(claim, parts.settings().nfsPath() + "/" + name,
                name.toString(), created), name.toString(), false, "");
        Optional<StoredExport> owner = parts.store().liveOwnerOf(name.toString(), claim.claimUid());
        if (owner.isPresent()) {
            return Plan.done(refuse(intent, ExportFailed.PATH_CONFLICT, Texts.directoryOwned(name, owner.get()), false));
        }
        Optional<StoredExport> nested = parts.store().nestedWith(name.toString(), claim.claimUid());
        if (nested.isPresent()) {
            return Plan.done(refuse(intent, ExportFailed.PATH_CONFLICT, Texts.nested(name, nested.get()), false));
        }
        DirectoryState state = parts.root().inspect(name);
        if (Recovery.create(state) == Recovery.CreateStep.REFUSE_CONFLICT) {
            return Plan.done(refuse(intent, ExportFailed.PATH_CONFLICT,
                    Texts.conflict(parts.root().resolve(name), state), false));
        }
        boolean adopt = state == DirectoryState.DIRECTORY;
        if (claim.migrates() && !adopt) {
            return Plan.done(refuse(intent, ExportFailed.DIRECTORY_MISSING,
                    Texts.migratedMissing(parts.root().resolve(name), claim.volumeName()), true));
        }
        Optional<Handled> refused = claim.clones() ? clones.refusal(claim, intent, state)
                : claim.restores() ? restores.refusal(claim, intent, state)
                : adopt ? AdoptionCheck.refusal(parts, this::refuse, claim, intent, name) : Optional.empty();
        // a migrated volume's data is on the disk already: it is counted from now on, never refused for space
        if (refused.isEmpty() && !claim.migrates()) {
            refused = CreateAdmission.admit(parts, archives, this::refuse, claim, intent,
                    claim.restores() ? restores.bytesOf(claim.restoreFrom()) : 0);
        }
        RestoreMove.Taken taken = refused.isEmpty() && claim.restores() ? restores.take(claim, intent) : null;
        if (refused.isPresent() || (taken != null && taken.refusal() != null)) {
            return Plan.done(refused.isPresent() ? refused.get() : taken.refusal());
        }
        // a directory of its own gets the next project id, written with the intent; an adopted one keeps its files,
        // a restored one the project its files carry
        long highest = Math.max(parts.store().highestProjectId(), parts.quotas().highestInUse());
        long projectId = taken != null && taken.projectId() > 0 ? taken.projectId()
                : !adopt && parts.quotas().enforced() ? ProjectIds.next(highest, parts.quotas().firstId()) : 0;
        StoredExport pending = new StoredExport(intent.export().withProjectId(projectId).withPhase(ExportPhase.PENDING,
                claim.restores() ? Texts.restoring(claim.restoreFrom()) : !adopt ? ""
                : claim.migrates() ? Texts.migrating(name, claim.volumeName()) : Texts.adopting(name), parts.now()),
                name.toString(), adopt, "").cloning(claim.sourceClaimUid())
                .retainingArchiveFor(claim.archiveRetention()).restoring(claim.restoreFrom());
        parts.store().reserve(pending);
        return new Plan(null, pending, true, intent, existing);
    }

    /** The decision for a claim this server has a record of; empty when it must be decided again (refused before). */
    private Optional<Plan> known(ClaimRequested claim, StoredExport stored, Optional<StoredExport> existing) {
        if (!stored.export().sameClaimAs(claim.namespace(), claim.claimName(), claim.volumeName())) {
            String message = Texts.identityMismatch(claim.subject(), claim.volumeName(), claim.claimUid(), stored);
            LOG.error(message);
            return Optional.of(Plan.done(Handled.answer(new ExportFailed(stored.export(), Operation.CREATE,
                    ExportFailed.IDENTITY_MISMATCH, message, false, claim.requestedBytes()), Outcome.FAILED, false)));
        }
        return switch (stored.export().phase()) {
            case READY -> Optional.of(Plan.done(checkReady(stored).orElseGet(
                    () -> Handled.answer(new ExportReady(stored.export()), Outcome.DUPLICATE, false))));
            case PENDING -> Optional.of(new Plan(null, stored, false, stored, existing));
            case RELEASING -> Optional.of(Plan.done(releases.resume(stored)));
            case ARCHIVED, DELETED, RETAINED -> Optional.of(Plan.done(Handled.answer(releases.reclaimed(stored),
                    Outcome.DUPLICATE, false)));
            // refused before: decide again, the volume or the claim may have changed
            case FAILED -> Optional.empty();
        };
    }

    /** The steps after the intent: on the normal path, and for a PENDING record found at start. */
    Handled proceed(StoredExport pending) {
        DirectoryName name = DirectoryName.parse(pending.directory());
        DirectoryState state = parts.root().inspect(name);
        Recovery.CreateStep step = Recovery.create(state);
        if (step == Recovery.CreateStep.REFUSE_CONFLICT) {
            return refuse(pending, ExportFailed.PATH_CONFLICT, Texts.conflict(parts.root().resolve(name), state), false);
        }
        if (pending.adopted() && step == Recovery.CreateStep.MAKE_DIRECTORY) {
            // somebody's data was there when the create began: an empty directory is never made in its place
            return refuse(pending, ExportFailed.DIRECTORY_MISSING,
                    Texts.migratedMissing(parts.root().resolve(name), pending.export().volumeName()), true);
        }
        if (pending.clones() && step == Recovery.CreateStep.MAKE_DIRECTORY) {
            return clones.copy(pending); // the copy is renamed into place, then the create goes on here
        }
        try {
            Optional<Handled> unrestored = pending.restores() ? restores.move(pending, name) : Optional.empty();
            if (unrestored.isPresent()) {
                return unrestored.get();
            }
            if (step == Recovery.CreateStep.MAKE_DIRECTORY && !pending.restores()) {
                parts.root().create(name);
                parts.steps().reached(Step.DIRECTORY_MADE);
            }
            // a directory found in place with entries in it cannot be told from somebody's data (ours, whose READY
            // record a power cut took back after a pod used it, or what an admin put there): it is treated as
            // adopted, so it keeps its owner and mode and a release archives it, never deletes it
            if (!pending.adopted() && !pending.startsWithData() && step != Recovery.CreateStep.MAKE_DIRECTORY
                    && !parts.root().isEmpty(name)) {
                pending = pending.asAdopted();
            }
            if (pending.export().projectId() > 0 && parts.quotas().enforced()) {
                parts.quotas().apply(parts.root().resolve(name), pending.export().projectId(),
                        pending.export().requestedBytes());
                parts.steps().reached(Step.QUOTA_SET);
            }
            if (!pending.adopted() && !pending.startsWithData()) { // a clone or a restore keeps its data's mode
                parts.root().setMode(name, parts.settings().mode());
            }
            parts.steps().reached(Step.MODE_SET);
            StoredExport ready = pending.with(pending.export().withPhase(ExportPhase.READY,
                    pending.export().reason(), parts.now()));
            // PENDING with its directory in place recovers to this same READY
            parts.store().put(ready, ExportStore.Durability.OUTCOME);
            parts.steps().reached(Step.READY_RECORDED);
            parts.missingDirectories().remove(ready.claimUid());
            LOG.infof("claim %s (uid %s): directory %s ready", ready.export().subject(), ready.claimUid(), name);
            List<ExportEvent> said = new java.util.ArrayList<>(List.of(new ExportReady(ready.export())));
            (ready.restores() ? restores.settle(ready, releases) : Optional.<ExportEvent>empty()).ifPresent(said::add);
            return new Handled(said, Outcome.READY, true);
        } catch (IOException e) {
            boolean noSpace = Failures.isNoSpace(e);
            String code = noSpace ? ExportFailed.NO_SPACE : ExportFailed.IO_ERROR;
            String message = noSpace ? Texts.noSpaceWhileMaking(name) : Texts.filesystemFailedWhileMaking(name, e);
            // a directory this create made (now or before a crash) is removed while still empty; one that stays
            // keeps the claim PENDING, so the next request or start finishes the create instead of refusing it
            if (!pending.adopted() && !parts.root().removeEmpty(name, e)) {
                LOG.warnf("claim %s (uid %s) stays PENDING, %s: %s", pending.export().subject(), pending.claimUid(),
                        code, message);
                return new Handled(List.of(new ExportFailed(pending.export(), Operation.CREATE, code, message, true)),
                        Outcome.FAILED, true);
            }
            return refuse(pending, code, message, true);
        }
    }

    /** A READY export whose directory is gone or replaced is answered with a failure; otherwise nothing. */
    Optional<Handled> checkReady(StoredExport stored) {
        DirectoryName name = DirectoryName.parse(stored.directory());
        DirectoryState state = parts.root().inspect(name);
        if (Recovery.ready(state) == Recovery.ReadyCheck.FINE) {
            parts.missingDirectories().remove(stored.claimUid());
            return Optional.empty();
        }
        parts.missingDirectories().add(stored.claimUid());
        String message = Texts.directoryMissing(parts.root().resolve(name), stored, state);
        LOG.error(message);
        return Optional.of(Handled.answer(new ExportFailed(stored.export(), Operation.CREATE,
                ExportFailed.DIRECTORY_MISSING, message, false), Outcome.FAILED, false));
    }

    private ExportRecord record(ClaimRequested claim, String path, String directory, Instant created) {
        return new ExportRecord(claim.claimUid(), claim.namespace(), claim.claimName(), claim.volumeName(),
                parts.settings().serverId(), parts.settings().nfsHost(), path, claim.requestedBytes(),
                claim.accessModes(), claim.onDelete(), ExportPhase.PENDING, "", created, parts.now(),
                claim.storageClassName(), directory, claim.reclaimPolicy());
    }

    /** Records the create as FAILED, with the code, and answers with it. */
    Handled refuse(StoredExport stored, String code, String message, boolean retryable) {
        ExportRecord failed = stored.export().withPhase(ExportPhase.FAILED, message, parts.now());
        try {
            parts.store().put(stored.failed(failed, code, retryable));
        } catch (IOException e) {
            LOG.errorf("cannot record the refusal of claim %s: %s", failed.subject(), e.getMessage());
        }
        LOG.warnf("claim %s (uid %s) refused, %s: %s", failed.subject(), failed.claimUid(), code, message);
        return new Handled(List.of(new ExportFailed(failed, Operation.CREATE, code, message, retryable)),
                Outcome.FAILED, true);
    }
}
