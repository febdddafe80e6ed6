package io.nfslifecycle.claimwatcher.plan;

import java.time.Duration;
import java.util.Locale;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.nfslifecycle.claimwatcher.model.ClaimEvents;
import io.nfslifecycle.claimwatcher.model.DesiredVolume;
import io.nfslifecycle.claimwatcher.model.StorageSize;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportReclaimed;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.OneLine;

/** Every sentence the watcher tells a claim's or a volume's owner, as Kubernetes Events, in one place. */
final class Notices {
    static final String PROVISIONING = "Provisioning";
    static final String SUCCEEDED = "ProvisioningSucceeded";
    static final String FAILED = "ProvisioningFailed";
    static final String RESIZING = "Resizing";
    static final String RESIZE_FAILED = "VolumeResizeFailed";
    static final String RELEASING = "Releasing";
    static final String RECLAIMED = "VolumeReclaimed";
    static final String RELEASE_FAILED = "VolumeReleaseFailed";

    private Notices() {
    }

    static Notice onClaim(PersistentVolumeClaim pvc, String type, String reason, String message) {
        return Notice.onClaim(pvc.getMetadata().getNamespace(), pvc.getMetadata().getName(),
                pvc.getMetadata().getUid(), type, reason, OneLine.of(message, 1000));
    }

    static Notice onVolume(PersistentVolume pv, String type, String reason, String message) {
        return Notice.onVolume(pv.getMetadata().getName(), pv.getMetadata().getUid(), type, reason,
                OneLine.of(message, 1000));
    }

    static String asked(String provisioner, String server, long bytes) {
        return "External provisioner " + provisioner + " asked NFS server " + server + " for "
                + StorageSize.quantity(bytes);
    }

    static String askedAgain(String server, long bytes) {
        return "Asking NFS server " + server + " again for " + StorageSize.quantity(bytes);
    }

    static String provisioned(String uid, ExportRecord export) {
        return "Successfully provisioned volume " + DesiredVolume.name(uid) + " on " + export.nfsHost() + ":"
                + export.path();
    }

    static String askedToGrow(String provisioner, String server, long bytes) {
        return "External provisioner " + provisioner + " asked NFS server " + server + " to grow the export to "
                + StorageSize.quantity(bytes);
    }

    static String failure(ExportFailed failure, Duration backoff) {
        String text = failure.code() + ": " + failure.message();
        if (failure.retryable()) {
            return text + " (retrying in " + backoff.toSeconds() + "s)";
        }
        return text + " (not retried: change the claim or ask the storage admin)";
    }

    static String blockMode() {
        return "the claim asks for volumeMode Block; NFS volumes are filesystems: set volumeMode Filesystem (or leave "
                + "it out), or use a block StorageClass";
    }

    static String selector() {
        return "the claim has a selector; this provisioner makes new volumes and cannot match labels of existing "
                + "ones: remove spec.selector, or bind to a volume by hand (spec.volumeName)";
    }

    static String dataSource(String kind, String name) {
        return "the claim asks for its data from " + kind + " " + name + ", which this provisioner cannot copy: only "
                + "another PersistentVolumeClaim of the same namespace can be cloned (no snapshots); remove "
                + "spec.dataSource/dataSourceRef to get an empty volume";
    }

    static String cloneOtherNamespace(String namespace, String name) {
        return "the claim asks to clone " + namespace + "/" + name + ", a claim of another namespace; a clone is made "
                + "only of a claim of its own namespace";
    }

    static String cloneSourceMissing(String namespace, String name) {
        return "the claim to clone, " + namespace + "/" + name + ", does not exist; create it first (the clone is "
                + "made once it is Bound)";
    }

    static String cloneAndRestore(String name) {
        return "the claim names a data source (" + name + ") and an archive to restore (annotation "
                + ClaimEvents.RESTORE_FROM + "); a claim starts with one of them: "
                + "remove the other";
    }

    static String cloneOfItself(String name) {
        return "the claim names itself (" + name + ") as its data source; name another claim";
    }

    static String cloneSourceNotOurs(String namespace, String name) {
        return "the claim to clone, " + namespace + "/" + name + ", is not Bound to a volume this provisioner made; "
                + "a clone is made once it is (volumes adopted from another provisioner are not cloned)";
    }

    static String cloneOtherServer(String name, String sourceServer, String server) {
        return "the claim to clone, " + name + ", lives on server " + sourceServer + ", this claim's class on "
                + server + "; a clone is copied on its storage VM, so both claims need classes of the same server";
    }

    static String cloneTooSmall(String name, long sourceBytes, long wanted) {
        return "the claim requests " + io.nfslifecycle.events.ByteSize.format(wanted) + ", less than the "
                + io.nfslifecycle.events.ByteSize.format(sourceBytes) + " of the claim it clones, " + name
                + "; request at least as much (Kubernetes requires it)";
    }

    static String waitingForConsumer() {
        return "waiting for a pod that uses the claim to be scheduled (the StorageClass's volumeBindingMode is "
                + "WaitForFirstConsumer)";
    }

    static String waitingForKubernetes(String provisioner) {
        return "waiting for Kubernetes to hand the claim to " + provisioner + " (annotation "
                + DesiredVolume.STORAGE_PROVISIONER + ")";
    }

    static String silentServer(String server, Duration silence, boolean everReported) {
        return "no export manager for server " + server + " has reported " + (everReported ? "in "
                + describe(silence) : "yet") + "; check that it runs and that its server-id is " + server
                + " (the claim is asked for once it reports)";
    }

    static String identityMismatch(PersistentVolumeClaim pvc, ExportRecord export) {
        return "IDENTITY_MISMATCH: server " + export.serverId() + " holds uid " + export.claimUid() + " for claim "
                + export.subject() + " (volume " + export.volumeName() + "), not for this claim; nothing is "
                + "provisioned. Ask the storage admin: a record of another cluster or of an earlier run may share the "
                + "uid";
    }

    static String directoryMissing(ExportFailed failure) {
        return failure.code() + ": " + failure.message();
    }

    static String volumeReclaimed(String namespace, String name, ExportRecord export, String where) {
        return "The export of released claim " + namespace + "/" + name + " was "
                + export.phase().name().toLowerCase(Locale.ROOT) + where + "; the volume is deleted";
    }

    static String reclaimWhere(ExportState export) {
        ExportRecord record = export.record();
        return export.last() instanceof ExportReclaimed reclaimed && !reclaimed.finalPath().isEmpty()
                ? " (" + reclaimed.finalPath() + " on " + record.nfsHost() + ")" : "";
    }

    static String noServer() {
        return "The volume has no " + DesiredVolume.SERVER + " annotation, so the watcher cannot tell which NFS server"
                + " to release it on; add the annotation or delete the volume and its directory by hand";
    }

    static String askedToReclaim(String namespace, String name, String server, String how) {
        return "Claim " + namespace + "/" + name + " is gone; asked NFS server " + server + " to reclaim the export ("
                + how + ")";
    }

    static String askedToReclaimAgain(String server) {
        return "Asking NFS server " + server + " again to reclaim the export";
    }

    static String deletedBeforeVolume(String server, String onDelete) {
        return "The claim was deleted before its volume was made; asked NFS server " + server + " to reclaim the "
                + "export (onDelete " + onDelete + ")";
    }

    static String retainedVolumeDeleted(String server) {
        return "The claim's retained volume was deleted; asked NFS server " + server + " to keep its directory "
                + "(recorded RETAINED, it holds its space until the storage admin frees it)";
    }

    private static String describe(Duration d) {
        return d.toMinutes() >= 1 ? d.toMinutes() + " minutes" : d.toSeconds() + " seconds";
    }
}
