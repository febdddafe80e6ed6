package io.nfslifecycle.claimwatcher.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ClaimResized;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.events.KubernetesNames;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.ReclaimPolicy;

/** The claim events a PVC or a PV stands for, as the contract carries them. */
public final class ClaimEvents {
    /** The PVC annotation that names an archive (by its claim's uid) whose data a new claim starts with. */
    public static final String RESTORE_FROM = "nfs-lifecycle.io/restore-from";

    private ClaimEvents() {
    }

    public static ClaimRequested requested(PersistentVolumeClaim claim, ProvisionerClass storageClass, long bytes) {
        var meta = claim.getMetadata();
        return new ClaimRequested(meta.getUid(), meta.getNamespace(), meta.getName(), DesiredVolume.name(meta.getUid()),
                storageClass.name(), storageClass.serverId(), bytes,
                claim.getSpec().getAccessModes() == null ? List.of() : claim.getSpec().getAccessModes(),
                storageClass.onDelete(), storageClass.pathPattern(),
                withoutNulls(meta.getLabels()), withoutNulls(meta.getAnnotations()), storageClass.reclaim(),
                storageClass.adoptExisting()).retainingArchiveFor(storageClass.archiveRetention())
                .restoringFrom(restoreFrom(claim));
    }

    /** The archive the claim asks to start with (its annotation {@value #RESTORE_FROM}), trimmed; empty for none. */
    public static String restoreFrom(PersistentVolumeClaim claim) {
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        String named = annotations == null ? null : annotations.get(RESTORE_FROM);
        return named == null ? "" : named.trim();
    }

    /**
     * The take-over of a volume another provisioner made: its directory, relative to the export root, adopted as it
     * is; the PV keeps its name, reclaim policy and capacity.
     */
    public static ClaimRequested adopting(PersistentVolume volume, PersistentVolumeClaim claim, String serverId,
            long bytes, OnDelete onDelete, String directory) {
        var meta = claim.getMetadata();
        String storageClass = volume.getSpec().getStorageClassName();
        return new ClaimRequested(meta.getUid(), meta.getNamespace(), meta.getName(), volume.getMetadata().getName(),
                storageClass == null || storageClass.isBlank() ? "none" : storageClass, serverId, bytes,
                volume.getSpec().getAccessModes() == null ? List.of() : volume.getSpec().getAccessModes(), onDelete,
                "", Map.of(), Map.of(), "Retain".equals(volume.getSpec().getPersistentVolumeReclaimPolicy())
                        ? ReclaimPolicy.RETAIN : ReclaimPolicy.DELETE, false, directory);
    }

    /**
     * Why the claim cannot be asked for as the contract requires (a name Kubernetes would not allow, a label the
     * contract cannot carry), naming the value; empty when it can. The watcher never publishes what the export
     * manager would have to refuse.
     */
    public static Optional<String> problem(PersistentVolumeClaim claim, ProvisionerClass storageClass, long bytes) {
        var meta = claim.getMetadata();
        Optional<String> names = KubernetesNames.uid(String.valueOf(meta.getUid())).map(p -> "uid " + p)
                .or(() -> KubernetesNames.namespace(String.valueOf(meta.getNamespace())).map(p -> "namespace " + p))
                .or(() -> KubernetesNames.objectName(String.valueOf(meta.getName())).map(p -> "name " + p));
        if (names.isPresent()) {
            return Optional.of("the claim cannot be asked for: its " + names.get());
        }
        try {
            requested(claim, storageClass, bytes);
            return Optional.empty();
        } catch (InvalidEventException e) {
            return Optional.of("the claim cannot be asked for: " + e.getMessage() + "; change the claim");
        }
    }

    public static ClaimResized resized(PersistentVolumeClaim claim, String serverId, long bytes) {
        var meta = claim.getMetadata();
        return new ClaimResized(meta.getUid(), meta.getNamespace(), meta.getName(), serverId, bytes,
                DesiredVolume.name(meta.getUid()));
    }

    /** The release of a volume (reclaim policy Delete) whose claim is gone; the uid is the one it was made for. */
    public static ClaimReleased released(PersistentVolume volume, String serverId) {
        ObjectReference claim = volume.getSpec().getClaimRef();
        return new ClaimReleased(claim.getUid(), claim.getNamespace(), claim.getName(), volume.getMetadata().getName(),
                serverId, ReclaimPolicy.DELETE);
    }

    private static Map<String, String> withoutNulls(Map<String, String> map) {
        if (map == null) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        map.forEach((k, v) -> {
            if (k != null && v != null) {
                out.put(k, v);
            }
        });
        return out;
    }
}
