package io.nfslifecycle.claimwatcher.plan;

import java.util.Locale;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.nfslifecycle.claimwatcher.model.ClaimEvents;
import io.nfslifecycle.claimwatcher.model.DesiredVolume;
import io.nfslifecycle.claimwatcher.model.ProvisionerClass;
import io.nfslifecycle.events.ClaimEvent;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;

/**
 * A PV we made whose claim is gone (or whose name now belongs to a claim with another uid), once the PV controller
 * marked it Released: with reclaim policy Delete its export is released, then the PV deleted once the export is reclaimed; with Retain nothing happens
 * while the PV exists (the admin decides; {@link OrphanDecision} handles the PV's deletion).
 */
final class ReleaseDecision {
    private ReleaseDecision() {
    }

    private static boolean released(PersistentVolume volume) {
        String phase = volume.getStatus() == null ? null : volume.getStatus().getPhase();
        return "Released".equals(phase) || "Failed".equals(phase);
    }

    static void volume(Context ctx, PersistentVolume volume) {
        ObjectReference ref = volume.getSpec() == null ? null : volume.getSpec().getClaimRef();
        if (ref == null || ref.getUid() == null) {
            return;
        }
        PersistentVolumeClaim claim = ctx.index().claim(ref.getNamespace(), ref.getName());
        if (claim != null && ref.getUid().equals(claim.getMetadata().getUid())) {
            return;
        }
        String uid = ref.getUid();
        ExportState export = ctx.export(uid);
        if (export != null && export.record().phase().isReclaimed()) {
            ctx.plan().add(new Action.DeleteVolume(volume.getMetadata().getName(), Notices.onVolume(volume,
                    Notice.NORMAL, Notices.RECLAIMED, Notices.volumeReclaimed(ref.getNamespace(), ref.getName(),
                            export.record(), Notices.reclaimWhere(export)))));
            return;
        }
        if (!ProvisionerClass.DELETE.equals(volume.getSpec().getPersistentVolumeReclaimPolicy())) {
            return; // Retain: the directory outlives the claim; the volume too, until the admin deletes it
        }
        if (!released(volume)) {
            // as the external-provisioner library does: only a volume the PV controller marked Released. The claim
            // and the volume come on two watches; the Released status is written on the volume after any patch of
            // its policy, so a claim deleted right after `kubectl patch pv ... Retain` never releases as Delete
            return;
        }
        if (export != null && export.record().phase() == ExportPhase.RELEASING) {
            return;
        }
        Optional<String> server = DesiredVolume.server(volume);
        if (server.isEmpty() && export != null) {
            server = Optional.of(export.record().serverId());
        }
        if (server.isEmpty()) {
            ctx.plan().tellOnce(Notices.onVolume(volume, Notice.WARNING, Notices.RELEASE_FAILED, Notices.noServer()),
                    uid + ":no-server");
            return;
        }
        ClaimEvent released = ClaimEvents.released(volume, server.get());
        Optional<ExportFailed> failed = export == null ? Optional.empty()
                : export.failure(ExportFailed.Operation.RELEASE);
        if (failed.isPresent()) {
            ExportFailed failure = failed.get();
            ctx.plan().tellAnswerOnce(Notices.onVolume(volume, Notice.WARNING, Notices.RELEASE_FAILED,
                    Notices.failure(failure, ctx.settings().backoff(export.failures()))), uid + ":" + export.sequence());
            if (failure.retryable()) {
                ctx.retries().retryDue(ctx.plan(), export, ctx.request(uid), EventTypes.CLAIM_RELEASED, released, 0,
                        Notices.onVolume(volume, Notice.NORMAL, Notices.RELEASING,
                                Notices.askedToReclaimAgain(server.get())));
            }
            return;
        }
        if (!ctx.retries().pending(ctx.request(uid), EventTypes.CLAIM_RELEASED, 0)) {
            ctx.plan().publish(released, 0, Notices.onVolume(volume, Notice.NORMAL, Notices.RELEASING,
                    Notices.askedToReclaim(ref.getNamespace(), ref.getName(), server.get(), export == null
                            ? "per its StorageClass onDelete"
                            : "onDelete " + export.record().onDelete().name().toLowerCase(Locale.ROOT))));
        }
    }
}
