package io.nfslifecycle.exportmanager.lifecycle;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.ByteSize;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.directory.TreeCopy;
import io.nfslifecycle.exportmanager.naming.DirectoryName;
import io.nfslifecycle.exportmanager.naming.Segments;
import io.nfslifecycle.exportmanager.recovery.DirectoryState;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * The copy of a clone: a claim whose data starts as a copy of another READY claim of its namespace on this server.
 * The copy goes into a staging directory beside the claim's ({@code .nfs-lifecycle-cloning-<uid>}, tagged with the
 * claim's project first, so the copy is charged to the claim and stops at its request), outside every lock; then,
 * under the claim's lock, the staging directory is renamed into place (the commit: a READY clone always has its
 * whole copy) and the create goes on as for any claim. A crash before the rename leaves the record PENDING: the next
 * start removes the half copy and copies again from the start. A source archived or retained during the copy does
 * not disturb it (the copy reads the tree through directories it holds open, which a rename leaves as they are); a
 * source deleted during the copy fails the clone, and the half copy is removed.
 */
final class CloneCopy {
    private static final Logger LOG = Logger.getLogger(CloneCopy.class);

    /** Records a create as FAILED and answers with it. */
    @FunctionalInterface
    interface Refusal {
        Handled refuse(StoredExport stored, String code, String message, boolean retryable);
    }

    private final Parts parts;
    private final Refusal refusal;
    private final Function<StoredExport, Handled> goOn;
    /** Claims whose copy runs now. */
    private final Set<String> copying = ConcurrentHashMap.newKeySet();
    private final AtomicLong copiedBytes = new AtomicLong();
    private final AtomicLong remainingBytes = new AtomicLong();
    private final AtomicLong sharedBytes = new AtomicLong();

    CloneCopy(Parts parts, Refusal refusal, Function<StoredExport, Handled> goOn) {
        this.parts = parts;
        this.refusal = refusal;
        this.goOn = goOn;
    }

    static String stagingName(String claimUid) {
        return Segments.RESERVED_PREFIX + "-cloning-" + claimUid;
    }

    /** Bytes copied by clones since start (those under way included). */
    long copiedBytes() {
        return copiedBytes.get();
    }

    /** Bytes the clones under way have still to copy, by their sources' size when they started. */
    long remainingBytes() {
        return remainingBytes.get();
    }

    /** Bytes of clones that share the source's blocks (reflinks) since start. */
    long sharedBytes() {
        return sharedBytes.get();
    }

    /** Clones copying now. */
    int copying() {
        return copying.size();
    }

    /**
     * Why the claim cannot be made a copy of its source now, under the decision lock: the directory exists already,
     * or the source is no READY export of this server of the same claim, or is larger than the request.
     */
    Optional<Handled> refusal(ClaimRequested claim, StoredExport intent, DirectoryState state) {
        if (state != DirectoryState.ABSENT) {
            return Optional.of(refusal.refuse(intent, ExportFailed.PATH_CONFLICT, Texts.cloneIntoExisting(
                    parts.root().resolve(DirectoryName.parse(intent.directory()))), false));
        }
        Optional<StoredExport> source = parts.store().get(claim.sourceClaimUid());
        String from = claim.namespace() + "/" + claim.sourceClaimName() + " (uid " + claim.sourceClaimUid() + ")";
        if (source.isEmpty()) {
            return refuse(intent, Texts.cloneSourceUnknown(from, parts.settings().serverId()), true);
        }
        ExportRecord export = source.get().export();
        if (!export.namespace().equals(claim.namespace()) || !export.claimName().equals(claim.sourceClaimName())) {
            return refuse(intent, Texts.cloneSourceOther(from, export.subject()), false);
        }
        if (export.phase() != ExportPhase.READY || parts.missingDirectories().contains(export.claimUid())) {
            return refuse(intent, Texts.cloneSourceNotReady(from, export.phase()),
                    export.phase() == ExportPhase.PENDING || export.phase() == ExportPhase.READY);
        }
        if (export.requestedBytes() > claim.requestedBytes()) {
            return refuse(intent, Texts.cloneTooSmall(from, export.requestedBytes(), claim.requestedBytes()), false);
        }
        return Optional.empty();
    }

    private Optional<Handled> refuse(StoredExport intent, String message, boolean retryable) {
        return Optional.of(refusal.refuse(intent, ExportFailed.CLONE_SOURCE, message, retryable));
    }

    /** The copy of a PENDING clone whose directory is not in place yet, left to run outside every lock. */
    Handled copy(StoredExport pending) {
        if (!copying.add(pending.claimUid())) {
            return new Handled(List.of(), Outcome.IN_PROGRESS, false);
        }
        return Handled.later(() -> {
            try {
                return run(pending);
            } finally {
                copying.remove(pending.claimUid());
            }
        });
    }

    /** What the commit came to: the answer, or a failure to record once the staging directory is gone. */
    private record Commit(Handled done, String code, String message, boolean retryable) {
    }

    private Handled run(StoredExport pending) {
        String uid = pending.claimUid();
        DirectoryName name = DirectoryName.parse(pending.directory());
        String staging = stagingName(uid);
        Optional<StoredExport> source = parts.store().get(pending.cloneSource());
        if (source.isEmpty() || source.get().export().phase() != ExportPhase.READY) {
            return failed(pending, name, staging, ExportFailed.CLONE_SOURCE, Texts.cloneSourceGone(
                    pending.cloneSource()), false);
        }
        String from = source.get().export().subject();
        Commit commit;
        CloneProgress progress = null;
        try {
            removeStaging(name, staging); // the half copy a crash left
            parts.root().createBeside(name, staging);
            if (pending.export().projectId() > 0 && parts.quotas().enforced()) {
                parts.quotas().apply(parts.root().resolveBeside(name, staging), pending.export().projectId(),
                        pending.export().requestedBytes());
            }
            DirectoryName sourceDir = DirectoryName.parse(source.get().directory());
            progress = new CloneProgress(parts, pending, from, parts.root().sizeOfTree(sourceDir), copiedBytes,
                    remainingBytes);
            LOG.infof("claim %s (uid %s): copying the export of %s into %s", pending.export().subject(), uid, from,
                    parts.root().resolveBeside(name, staging));
            progress.say(0, 0);
            parts.steps().reached(Step.CLONE_STAGED);
            TreeCopy.Copied copied = parts.root().copyTree(sourceDir, name, staging, progress);
            progress.say(copied.bytes(), copied.files() + copied.directories() + copied.links() + copied.hardLinks());
            parts.steps().reached(Step.CLONE_COPIED);
            commit = parts.locks().forClaim(uid, () -> commit(pending, name, staging, copied));
        } catch (CloneProgress.Stopped | java.nio.channels.ClosedByInterruptException e) {
            // released meanwhile (its release answered), or stopping: a PENDING clone is copied again at start
            LOG.infof("claim %s: clone copy stopped (%s)", pending.export().subject(), e.getMessage());
            removeStaging(name, staging);
            return new Handled(List.of(), Outcome.IN_PROGRESS, false);
        } catch (IOException | java.io.UncheckedIOException | java.nio.file.DirectoryIteratorException e) {
            IOException cause = e instanceof IOException io ? io : (IOException) e.getCause();
            // with project quotas the copy stops at the request: XFS says ENOSPC, ext4 EDQUOT
            boolean tooBig = String.valueOf(cause.getMessage()).contains("quota exceeded")
                    || (Failures.isNoSpace(cause) && pending.export().projectId() > 0 && parts.quotas().enforced());
            boolean noSpace = tooBig || Failures.isNoSpace(cause);
            commit = new Commit(null, noSpace ? ExportFailed.NO_SPACE : ExportFailed.IO_ERROR, noSpace
                    ? Texts.cloneDidNotFit(from, pending.export().requestedBytes(), cause)
                    : Texts.cloneFailed(from, cause), !tooBig);
        } finally {
            if (progress != null) {
                progress.ended();
            }
        }
        if (commit.done() != null) {
            return commit.done();
        }
        return failed(pending, name, staging, commit.code(), commit.message(), commit.retryable());
    }

    /**
     * Under the claim's lock: the copy renamed into place and the create gone on with, unless the claim or its source
     * went meanwhile (then what to record, once the staging directory is removed outside the lock).
     */
    private Commit commit(StoredExport pending, DirectoryName name, String staging, TreeCopy.Copied copied) {
        Optional<StoredExport> now = parts.store().get(pending.claimUid());
        if (now.isEmpty() || now.get().export().phase() != ExportPhase.PENDING) {
            return new Commit(null, "", "", false); // released meanwhile: its release answered
        }
        Optional<StoredExport> source = parts.store().get(pending.cloneSource());
        if (source.isEmpty() || source.get().export().phase() == ExportPhase.DELETED
                || source.get().releaseAction() == OnDelete.DELETE) {
            return new Commit(null, ExportFailed.CLONE_SOURCE, Texts.cloneSourceGone(pending.cloneSource()), false);
        }
        try {
            parts.root().renameInto(name, staging);
        } catch (IOException e) {
            return new Commit(null, ExportFailed.IO_ERROR, Texts.cloneFailed(source.get().export().subject(), e),
                    true);
        }
        LOG.infof("claim %s (uid %s): copied %s from %s (%d files, %d directories, %d links, %d hard links; %d "
                + "sockets, pipes or devices skipped; %s shared with the source, %s copied by the kernel)",
                pending.export().subject(), pending.claimUid(), ByteSize.format(copied.bytes()),
                source.get().export().subject(), copied.files(), copied.directories(), copied.links(),
                copied.hardLinks(), copied.skipped(), ByteSize.format(copied.shared()),
                ByteSize.format(copied.inKernel()));
        sharedBytes.addAndGet(copied.shared());
        return new Commit(goOn.apply(now.get()), "", "", false);
    }

    /** Removes the half copy outside every lock, then records the refusal if the claim is still PENDING. */
    private Handled failed(StoredExport pending, DirectoryName name, String staging, String code, String message,
            boolean retryable) {
        removeStaging(name, staging);
        return parts.locks().forClaim(pending.claimUid(), () -> {
            Optional<StoredExport> now = parts.store().get(pending.claimUid());
            if (code.isEmpty() || now.isEmpty() || now.get().export().phase() != ExportPhase.PENDING) {
                return new Handled(List.of(), Outcome.DUPLICATE, false);
            }
            return refusal.refuse(now.get(), code, message, retryable);
        });
    }

    /** A clone's staging directory left by a copy a crash or a release cut short, removed; true when none is left. */
    boolean removeLeftover(StoredExport clone) {
        return removeStaging(DirectoryName.parse(clone.directory()), stagingName(clone.claimUid()));
    }

    private boolean removeStaging(DirectoryName name, String staging) {
        try {
            if (parts.root().siblingExists(name, staging)) {
                parts.root().deleteTree(name, staging);
            }
            return true;
        } catch (IOException e) {
            LOG.warnf("cannot remove the half copy %s (%s); the next start tries again",
                    parts.root().resolveBeside(name, staging), e.getMessage());
            return false;
        }
    }
}
