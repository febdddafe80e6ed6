package io.nfslifecycle.claimwatcher;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.OnDelete;

/** Kubernetes objects and export records as the tests need them. */
public final class Samples {
    public static final String PROVISIONER = "nfs-lifecycle.io/nfs";
    public static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private Samples() {
    }

    public static StorageClass storageClass(String name, String provisioner, Map<String, String> parameters) {
        return new StorageClassBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withProvisioner(provisioner)
                .withParameters(parameters)
                .withMountOptions("nfsvers=4.1", "hard")
                .withReclaimPolicy("Delete")
                .build();
    }

    public static StorageClass ourClass(String name) {
        return storageClass(name, PROVISIONER, Map.of("server", "nfs-1"));
    }

    public static PersistentVolumeClaim claim(String namespace, String name, String uid, String storageClass,
            String size) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                    .withNamespace(namespace).withName(name).withUid(uid)
                    .withCreationTimestamp(T0.toString())
                    .withLabels(Map.of("team", "web"))
                    // what Kubernetes' PV controller sets on a claim it hands to an external provisioner
                    .withAnnotations(Map.of("volume.kubernetes.io/storage-provisioner", PROVISIONER))
                .endMetadata()
                .withNewSpec()
                    .withStorageClassName(storageClass)
                    .withAccessModes("ReadWriteMany")
                    .withNewResources().withRequests(Map.of("storage", new Quantity(size))).endResources()
                .endSpec()
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
    }

    /** An export manager of the server saying it is there, as it does at start and every minute. */
    public static org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> capacityOf(String serverId) {
        return new io.nfslifecycle.events.EventCodec("/nfs-lifecycle/export-manager/" + serverId).toProducerRecord(
                new io.nfslifecycle.events.CapacityReported(serverId, 50L << 30, 1L << 30, 49L << 30, 0, 0, 1.0,
                        Instant.now()));
    }

    public static ExportRecord export(String namespace, String name, String uid, long bytes, ExportPhase phase) {
        return new ExportRecord(uid, namespace, name, "pvc-" + uid, "nfs-1", "10.0.10.5",
                "/mnt/data/" + namespace + "-" + name + "-pvc-" + uid, bytes, List.of("ReadWriteMany"),
                OnDelete.ARCHIVE, phase, "", T0, T0);
    }
}
