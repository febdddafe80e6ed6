package io.nfslifecycle.claimwatcher.plan;

import java.util.Locale;

import io.nfslifecycle.claimwatcher.model.ProvisionerClass;
import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.ReclaimPolicy;

/**
 * An export that holds a directory while neither its claim nor its PV exists. Retain means retain: when the PV was
 * made with reclaim policy Retain, or was last seen with it (an admin patched it to Retain), and is gone (the admin
 * deleted it), the export is told to keep the directory (RETAINED), whether or not this process saw the claim. Only a claim with reclaim policy Delete, or one deleted
 * before its PV was made, has its directory released, as an external provisioner deletes a volume whose claim is
 * gone; and only for a claim this process saw: an export of a claim it never saw is never released by guesswork.
 */
final class OrphanDecision {
    private OrphanDecision() {
    }

    static void export(Context ctx, ExportState export) {
        ExportRecord record = export.record();
        if (record.phase() != ExportPhase.READY && record.phase() != ExportPhase.PENDING) {
            return;
        }
        String uid = record.claimUid();
        if (ctx.retries().pending(ctx.request(uid), EventTypes.CLAIM_RELEASED, 0)) {
            return;
        }
        boolean seen = ctx.observed().seen().contains(uid);
        ReclaimPolicy volumePolicy = ctx.observed().volumesSeen().get(uid);
        boolean volumeSeen = volumePolicy != null;
        boolean retained = record.reclaimPolicy() == ReclaimPolicy.RETAIN || volumePolicy == ReclaimPolicy.RETAIN;
        if (retained && (volumeSeen || !seen)) {
            if (!seen && !ourClass(ctx, record)) {
                return; // another cluster's, perhaps: not ours to judge
            }
            ctx.plan().publish(release(record, ReclaimPolicy.RETAIN), 0, Notice.onClaim(record.namespace(),
                    record.claimName(), uid, Notice.NORMAL, Notices.RELEASING,
                    Notices.retainedVolumeDeleted(record.serverId())));
            return;
        }
        if (!seen) {
            return;
        }
        ctx.plan().publish(release(record, ReclaimPolicy.DELETE), 0, Notice.onClaim(record.namespace(),
                record.claimName(), uid, Notice.NORMAL, Notices.RELEASING, Notices.deletedBeforeVolume(
                        record.serverId(), record.onDelete().name().toLowerCase(Locale.ROOT))));
    }

    /** The record names one of our classes, and that class names the record's server. */
    private static boolean ourClass(Context ctx, ExportRecord record) {
        ProvisionerClass storageClass = ctx.index().classes.get(record.storageClassName());
        return storageClass != null && storageClass.serverId().equals(record.serverId());
    }

    private static ClaimReleased release(ExportRecord record, ReclaimPolicy policy) {
        return new ClaimReleased(record.claimUid(), record.namespace(), record.claimName(), record.volumeName(),
                record.serverId(), policy);
    }
}
