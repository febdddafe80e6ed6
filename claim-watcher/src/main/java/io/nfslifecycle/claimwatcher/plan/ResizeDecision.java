package io.nfslifecycle.claimwatcher.plan;

import java.util.Optional;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.nfslifecycle.claimwatcher.model.ClaimEvents;
import io.nfslifecycle.claimwatcher.model.DesiredVolume;
import io.nfslifecycle.claimwatcher.model.ProvisionerClass;
import io.nfslifecycle.claimwatcher.model.StorageSize;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;

/**
 * A claim with its PV: grow the PV to what the export manager admitted and the claim's {@code status.capacity} with
 * it, ask for a new size when the claim asks for more, and say so on the PV and the claim when the export manager
 * reports the directory gone.
 */
final class ResizeDecision {
    private static final String BOUND = "Bound";

    private ResizeDecision() {
    }

    static Status withVolume(Context ctx, PersistentVolumeClaim pvc, ProvisionerClass storageClass,
            PersistentVolume volume, long wanted, ExportState export, Request request) {
        ClaimPhase phase = pvc.getStatus() != null && BOUND.equals(pvc.getStatus().getPhase())
                ? ClaimPhase.BOUND : ClaimPhase.PROVISIONED;
        Optional<Status> missing = directoryMissing(ctx, pvc, volume, export);
        if (missing.isPresent()) {
            return missing.get();
        }
        long capacity = StorageSize.capacity(volume).orElse(0L);
        long granted = capacity;
        if (export != null && export.record().phase() == ExportPhase.READY) {
            granted = export.record().requestedBytes();
            if (granted > capacity) {
                ctx.plan().add(new Action.ResizeVolume(volume.getMetadata().getName(), granted));
            }
        }
        long shown = StorageSize.claimCapacity(pvc).orElse(0L);
        if (phase == ClaimPhase.BOUND && capacity >= granted && capacity > shown && shown > 0) {
            // the PV grew: the claim's owner sees the new size in kubectl get pvc, as an external resizer does
            ctx.plan().add(new Action.ClaimCapacity(pvc, capacity));
        }
        if (wanted <= Math.max(granted, capacity)) {
            return new Status(phase, "");
        }
        String serverId = DesiredVolume.server(volume).orElse(storageClass.serverId());
        Optional<ExportFailed> failed = export == null ? Optional.empty()
                : export.failure(ExportFailed.Operation.RESIZE);
        boolean askedAnotherSize = request != null && EventTypes.CLAIM_RESIZED.equals(request.type())
                && request.bytes() != wanted;
        if (failed.isPresent() && !askedAnotherSize) {
            return ProvisionDecision.retry(ctx, pvc, export, failed.get(), request, EventTypes.CLAIM_RESIZED,
                    ClaimEvents.resized(pvc, serverId, wanted), wanted, Notices.RESIZE_FAILED);
        }
        if (!ctx.retries().pending(request, EventTypes.CLAIM_RESIZED, wanted)) {
            ctx.plan().publish(ClaimEvents.resized(pvc, serverId, wanted), wanted, Notices.onClaim(pvc, Notice.NORMAL,
                    Notices.RESIZING, Notices.askedToGrow(ctx.settings().provisioner(), serverId, wanted)));
        }
        return new Status(ClaimPhase.RESIZING, "");
    }

    /** The PV carries an annotation while the export manager reports its directory gone, and the claim a Warning. */
    private static Optional<Status> directoryMissing(Context ctx, PersistentVolumeClaim pvc, PersistentVolume volume,
            ExportState export) {
        Optional<ExportFailed> missing = export == null ? Optional.empty()
                : export.failure().filter(f -> ExportFailed.DIRECTORY_MISSING.equals(f.code()));
        String annotated = DesiredVolume.annotation(volume, DesiredVolume.DIRECTORY_MISSING);
        if (missing.isEmpty()) {
            if (!annotated.isEmpty()) {
                ctx.plan().add(new Action.AnnotateVolume(volume.getMetadata().getName(), DesiredVolume.DIRECTORY_MISSING,
                        ""));
            }
            return Optional.empty();
        }
        String text = Notices.directoryMissing(missing.get());
        if (annotated.isEmpty()) {
            ctx.plan().add(new Action.AnnotateVolume(volume.getMetadata().getName(), DesiredVolume.DIRECTORY_MISSING,
                    export.receivedAt().toString()));
        }
        ctx.plan().tellAnswerOnce(Notices.onClaim(pvc, Notice.WARNING, Notices.FAILED, text),
                pvc.getMetadata().getUid() + ":" + export.sequence());
        return Optional.of(new Status(ClaimPhase.FAILED, text));
    }
}
