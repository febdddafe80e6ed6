package io.nfslifecycle.claimwatcher.plan;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.nfslifecycle.claimwatcher.model.ClaimEvents;
import io.nfslifecycle.claimwatcher.model.DesiredVolume;
import io.nfslifecycle.claimwatcher.model.ProvisionerClass;
import io.nfslifecycle.claimwatcher.model.StorageSize;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;

/**
 * One claim of our classes: whether it is ours to serve yet (handed to us by Kubernetes, its pod scheduled for a
 * WaitForFirstConsumer class, its server reporting), whether it can be served at all (the class, the size, the volume
 * mode, a selector, a data source), and for a claim without its PV: ask for it, make the PV for a ready export, or
 * tell why not. A claim with its PV goes on to {@link ResizeDecision}.
 */
final class ProvisionDecision {
    private static final String BOUND = "Bound";

    private ProvisionDecision() {
    }

    static void claim(Context ctx, PersistentVolumeClaim pvc, ProvisionerClass storageClass) {
        String uid = pvc.getMetadata().getUid();
        String boundTo = pvc.getSpec().getVolumeName();
        if (boundTo != null && !boundTo.isEmpty() && !boundTo.equals(DesiredVolume.name(uid))) {
            return; // pre-bound by its owner to a volume we did not make: not ours to provision
        }
        PersistentVolume volume = ctx.index().volumeOf(uid);
        ExportState export = ctx.export(uid);
        Request request = ctx.request(uid);
        Optional<Long> wanted = StorageSize.requested(pvc);
        Status status = decide(ctx, pvc, storageClass, volume, export, request, wanted);
        String lastEvent = "";
        Instant lastEventAt = Instant.EPOCH;
        if (export != null) {
            lastEvent = export.last().type();
            lastEventAt = export.receivedAt();
        }
        if (request != null && request.at().isAfter(lastEventAt)) {
            lastEvent = request.type();
            lastEventAt = request.at();
        }
        ctx.plan().status(new ClaimStatus(pvc.getMetadata().getNamespace(), pvc.getMetadata().getName(), uid,
                storageClass.name(), storageClass.serverId(), wanted.orElse(0L), status.phase(),
                volume == null ? "" : volume.getMetadata().getName(), lastEvent, lastEventAt, status.error()));
    }

    private static Status decide(Context ctx, PersistentVolumeClaim pvc, ProvisionerClass storageClass,
            PersistentVolume volume, ExportState export, Request request, Optional<Long> wanted) {
        String uid = pvc.getMetadata().getUid();
        boolean provisionedBefore = volume != null || export != null;
        if (!provisionedBefore && !DesiredVolume.handedTo(pvc, ctx.settings().provisioner())) {
            return new Status(ClaimPhase.WAITING, Notices.waitingForKubernetes(ctx.settings().provisioner()));
        }
        if (!storageClass.usable()) {
            return invalid(ctx, pvc, storageClass.problem(), uid + ":class:" + storageClass.problem());
        }
        if (wanted.isEmpty() || wanted.get() <= 0) {
            String problem = StorageSize.problem(pvc);
            return invalid(ctx, pvc, problem, uid + ":request:" + problem);
        }
        if (volume == null) {
            Optional<String> unservable = unservable(pvc, storageClass, wanted.get(),
                    export == null ? ctx.index() : null);
            if (unservable.isPresent()) {
                return invalid(ctx, pvc, unservable.get(), uid + ":unservable:" + unservable.get());
            }
        }
        if (pvc.getMetadata().getDeletionTimestamp() != null) {
            return new Status(volume == null ? ClaimPhase.WAITING : ClaimPhase.BOUND, "");
        }
        if (export != null && !export.record().sameClaimAs(pvc.getMetadata().getNamespace(),
                pvc.getMetadata().getName(), DesiredVolume.name(uid))) {
            String problem = Notices.identityMismatch(pvc, export.record());
            ctx.plan().tellOnce(Notices.onClaim(pvc, Notice.WARNING, Notices.FAILED, problem), uid + ":identity");
            return new Status(ClaimPhase.FAILED, problem);
        }
        if (volume != null) {
            return ResizeDecision.withVolume(ctx, pvc, storageClass, volume, wanted.get(), export, request);
        }
        if (storageClass.waitForConsumer() && !DesiredVolume.nodeSelected(pvc) && export == null) {
            return new Status(ClaimPhase.WAITING, Notices.waitingForConsumer());
        }
        return withoutVolume(ctx, pvc, storageClass, wanted.get(), export, request);
    }

    /** What no NFS directory can serve, or what the contract cannot carry; empty when the claim can be asked for. */
    /** What cannot be served; {@code index} null when the claim was asked for already (its clone source not checked). */
    private static Optional<String> unservable(PersistentVolumeClaim pvc, ProvisionerClass storageClass, long wanted,
            Index index) {
        var spec = pvc.getSpec();
        if ("Block".equals(spec.getVolumeMode())) {
            return Optional.of(Notices.blockMode());
        }
        if (spec.getSelector() != null && ((spec.getSelector().getMatchLabels() != null
                && !spec.getSelector().getMatchLabels().isEmpty()) || (spec.getSelector().getMatchExpressions() != null
                        && !spec.getSelector().getMatchExpressions().isEmpty()))) {
            return Optional.of(Notices.selector());
        }
        // a clone's source is checked until it is asked for: once the export manager has the claim, the source may go
        Optional<String> notCloned = index == null ? Optional.empty()
                : CloneSource.of(pvc, storageClass, wanted, index).problem();
        return notCloned.isPresent() ? notCloned : ClaimEvents.problem(pvc, storageClass, wanted);
    }

    private static Status invalid(Context ctx, PersistentVolumeClaim pvc, String problem, String onceKey) {
        ctx.plan().tellOnce(Notices.onClaim(pvc, Notice.WARNING, Notices.FAILED, problem), onceKey);
        return new Status(ClaimPhase.INVALID, problem);
    }

    private static Status withoutVolume(Context ctx, PersistentVolumeClaim pvc, ProvisionerClass storageClass,
            long wanted, ExportState export, Request request) {
        String uid = pvc.getMetadata().getUid();
        if (export != null && export.record().phase() == ExportPhase.READY) {
            Optional<ExportFailed> missing = export.failure().filter(f -> ExportFailed.DIRECTORY_MISSING.equals(f.code()));
            if (missing.isPresent()) {
                String text = Notices.directoryMissing(missing.get());
                ctx.plan().tellAnswerOnce(Notices.onClaim(pvc, Notice.WARNING, Notices.FAILED, text),
                        uid + ":" + export.sequence());
                return new Status(ClaimPhase.FAILED, text);
            }
            ctx.plan().add(new Action.CreateVolume(
                    DesiredVolume.of(export.record(), pvc, storageClass, ctx.settings().provisioner()),
                    Notices.onClaim(pvc, Notice.NORMAL, Notices.SUCCEEDED, Notices.provisioned(uid, export.record())),
                    created(pvc)));
            return new Status(ClaimPhase.REQUESTED, "");
        }
        CloneSource.Verdict clone = CloneSource.of(pvc, storageClass, wanted, ctx.index());
        if (clone.problem().isPresent()) {
            // never asked again without its source: a clone whose source went is not made an empty volume
            return invalid(ctx, pvc, clone.problem().get(), uid + ":clone:" + clone.problem().get());
        }
        ClaimRequested plain = ClaimEvents.requested(pvc, storageClass, wanted);
        ClaimRequested asked = clone.source()
                .map(source -> plain.cloning(source.getMetadata().getName(), source.getMetadata().getUid()))
                .orElse(plain);
        Optional<ExportFailed> failed = export == null ? Optional.empty()
                : export.failure(ExportFailed.Operation.CREATE);
        if (failed.isPresent() && !(changedSinceRefused(failed.get(), asked, request)
                && !ctx.retries().pending(request, EventTypes.CLAIM_REQUESTED, wanted))) {
            return retry(ctx, pvc, export, failed.get(), request, EventTypes.CLAIM_REQUESTED, asked, wanted,
                    Notices.FAILED);
        }
        if (failed.isEmpty() && export != null && export.record().phase() == ExportPhase.PENDING) {
            return new Status(ClaimPhase.REQUESTED, "");
        }
        if (failed.isEmpty() && export != null && export.record().phase() != ExportPhase.FAILED) {
            // released or reclaimed while the claim still shows: its deletion is on the way
            return new Status(ClaimPhase.WAITING, "");
        }
        if (pvc.getStatus() != null && BOUND.equals(pvc.getStatus().getPhase())) {
            return new Status(ClaimPhase.BOUND, "");
        }
        if (ctx.retries().pending(request, EventTypes.CLAIM_REQUESTED, wanted)
                && (request.event().isEmpty() || request.event().get().equals(asked))) {
            return new Status(ClaimPhase.REQUESTED, "");
        }
        Servers servers = ctx.observed().servers();
        if (servers.silent(storageClass.serverId(), ctx.now(), ctx.settings().serverSilence())) {
            String problem = Notices.silentServer(storageClass.serverId(), ctx.settings().serverSilence(),
                    servers.reported(storageClass.serverId()).isPresent());
            ctx.plan().tellOnce(Notices.onClaim(pvc, Notice.WARNING, Notices.FAILED, problem),
                    uid + ":silent:" + storageClass.serverId());
            return new Status(ClaimPhase.WAITING, problem);
        }
        ctx.plan().publish(asked, wanted, Notices.onClaim(pvc, Notice.NORMAL, Notices.PROVISIONING,
                Notices.asked(ctx.settings().provisioner(), storageClass.serverId(), wanted)));
        return new Status(ClaimPhase.REQUESTED, "");
    }

    /**
     * Whether the claim changed since the refusal that said "change the claim": against what was asked when this
     * process asked, else (after a restart) against the size and access modes the refusal was for.
     */
    private static boolean changedSinceRefused(ExportFailed failure, ClaimRequested now, Request request) {
        if (failure.retryable()) {
            return false;
        }
        if (request != null && request.event().isPresent()) {
            return !request.event().get().equals(now);
        }
        long refused = failure.requestedBytes() > 0 ? failure.requestedBytes() : failure.export().requestedBytes();
        return refused != now.requestedBytes()
                || (!failure.export().accessModes().isEmpty() && !failure.export().accessModes().equals(now.accessModes()));
    }

    static Status retry(Context ctx, PersistentVolumeClaim pvc, ExportState export, ExportFailed failure,
            Request request, String type, io.nfslifecycle.events.ClaimEvent again, long bytes, String reason) {
        String text = Notices.failure(failure, ctx.settings().backoff(export.failures()));
        ctx.plan().tellAnswerOnce(Notices.onClaim(pvc, Notice.WARNING, reason, text),
                pvc.getMetadata().getUid() + ":" + export.sequence());
        if (failure.retryable()) {
            ctx.retries().retryDue(ctx.plan(), export, request, type, again, bytes, Notices.onClaim(pvc, Notice.NORMAL,
                    EventTypes.CLAIM_RESIZED.equals(type) ? Notices.RESIZING : Notices.PROVISIONING,
                    Notices.askedAgain(again.serverId(), bytes)));
        }
        return new Status(ClaimPhase.FAILED, text);
    }

    static Instant created(PersistentVolumeClaim pvc) {
        String created = pvc.getMetadata().getCreationTimestamp();
        try {
            return created == null ? Instant.EPOCH : Instant.parse(created);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
