package io.nfslifecycle.claimwatcher.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.nfslifecycle.events.ExportRecord;

/**
 * The PersistentVolume an external provisioner hands Kubernetes for a ready export: Kubernetes' PV controller binds
 * it to the claim through {@code claimRef}; the watcher never edits the claim.
 */
public final class DesiredVolume {
    /** Set by every external provisioner; the watcher only ever touches PVs that carry its own name here. */
    public static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    /** The NFS server id, so a release can be addressed even after the StorageClass is gone. */
    public static final String SERVER = "nfs-lifecycle.io/server";
    public static final String FILESYSTEM = "Filesystem";
    /** Set by Kubernetes' PV controller on a claim it hands to an external provisioner (the library's rule). */
    public static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
    public static final String STORAGE_PROVISIONER_BETA = "volume.beta.kubernetes.io/storage-provisioner";
    /** Set by the scheduler on a claim of a WaitForFirstConsumer class once its pod has a node. */
    public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    /** On a PV of ours whose directory the export manager reports gone. */
    public static final String DIRECTORY_MISSING = "nfs-lifecycle.io/directory-missing";

    private DesiredVolume() {
    }

    /** {@code pvc-<claim uid>}, as Kubernetes' own provisioners name them. */
    public static String name(String claimUid) {
        return "pvc-" + claimUid;
    }

    public static PersistentVolume of(ExportRecord export, PersistentVolumeClaim claim, ProvisionerClass storageClass,
            String provisioner) {
        Quantity capacity = claim.getSpec().getResources().getRequests().get("storage");
        String volumeMode = claim.getSpec().getVolumeMode() == null ? FILESYSTEM : claim.getSpec().getVolumeMode();
        return new PersistentVolumeBuilder()
                .withNewMetadata()
                    .withName(name(claim.getMetadata().getUid()))
                    .withAnnotations(Map.of(PROVISIONED_BY, provisioner, SERVER, export.serverId()))
                .endMetadata()
                .withNewSpec()
                    .withCapacity(Map.of("storage", new Quantity(capacity.toString())))
                    .withAccessModes(List.copyOf(claim.getSpec().getAccessModes()))
                    .withVolumeMode(volumeMode)
                    .withClaimRef(new ObjectReferenceBuilder()
                            .withApiVersion("v1")
                            .withKind("PersistentVolumeClaim")
                            .withNamespace(claim.getMetadata().getNamespace())
                            .withName(claim.getMetadata().getName())
                            .withUid(claim.getMetadata().getUid())
                            .build())
                    .withMountOptions(storageClass.mountOptions().isEmpty() ? null : storageClass.mountOptions())
                    .withPersistentVolumeReclaimPolicy(storageClass.reclaimPolicy())
                    .withStorageClassName(storageClass.name())
                    .withNewNfs()
                        .withServer(export.nfsHost())
                        .withPath(export.path())
                    .endNfs()
                .endSpec()
                .build();
    }

    /** True when the volume was made by this provisioner (the watcher leaves every other PV alone). */
    public static boolean ours(PersistentVolume volume, String provisioner) {
        Map<String, String> annotations = volume.getMetadata().getAnnotations();
        return annotations != null && provisioner.equals(annotations.get(PROVISIONED_BY));
    }

    /** True when Kubernetes handed the claim to this provisioner (either annotation names it). */
    public static boolean handedTo(PersistentVolumeClaim claim, String provisioner) {
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        return annotations != null && (provisioner.equals(annotations.get(STORAGE_PROVISIONER))
                || provisioner.equals(annotations.get(STORAGE_PROVISIONER_BETA)));
    }

    /** True once the scheduler chose a node for the claim's pod. */
    public static boolean nodeSelected(PersistentVolumeClaim claim) {
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        return annotations != null && annotations.get(SELECTED_NODE) != null && !annotations.get(SELECTED_NODE).isEmpty();
    }

    /** The volume's annotation, or empty. */
    public static String annotation(PersistentVolume volume, String key) {
        Map<String, String> annotations = volume.getMetadata().getAnnotations();
        return annotations == null ? "" : annotations.getOrDefault(key, "");
    }

    /** The server that holds the volume's export, from our annotation. */
    public static Optional<String> server(PersistentVolume volume) {
        Map<String, String> annotations = volume.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(SERVER));
    }
}
