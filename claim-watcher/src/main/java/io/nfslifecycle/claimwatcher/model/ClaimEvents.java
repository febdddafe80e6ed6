package io.nfslifecycle.claimwatcher.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ClaimResized;

/** The claim events a PVC or a PV stands for, as the contract carries them. */
public final class ClaimEvents {

    private ClaimEvents() {
    }

    public static ClaimRequested requested(PersistentVolumeClaim claim, ProvisionerClass storageClass, long bytes) {
        var meta = claim.getMetadata();
        return new ClaimRequested(meta.getUid(), meta.getNamespace(), meta.getName(), DesiredVolume.name(meta.getUid()),
                storageClass.name(), storageClass.serverId(), bytes,
                claim.getSpec().getAccessModes() == null ? List.of() : claim.getSpec().getAccessModes(),
                storageClass.onDelete(), storageClass.pathPattern(),
                withoutNulls(meta.getLabels()), withoutNulls(meta.getAnnotations()));
    }

    public static ClaimResized resized(PersistentVolumeClaim claim, String serverId, long bytes) {
        var meta = claim.getMetadata();
        return new ClaimResized(meta.getUid(), meta.getNamespace(), meta.getName(), serverId, bytes);
    }

    /** The release of a volume whose claim is gone; the uid is the one the volume was made for. */
    public static ClaimReleased released(PersistentVolume volume, String serverId) {
        ObjectReference claim = volume.getSpec().getClaimRef();
        return new ClaimReleased(claim.getUid(), claim.getNamespace(), claim.getName(), volume.getMetadata().getName(),
                serverId);
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
