package io.nfslifecycle.claimwatcher.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.nfslifecycle.claimwatcher.Samples;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.OnDelete;

class DesiredVolumeTest {

    @Test
    void makesThePersistentVolumeAnExternalProvisionerWould() {
        // given a ready export for a claim of our class
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs", "5Gi");
        claim.getSpec().setVolumeMode("Filesystem");
        ProvisionerClass storageClass = ProvisionerClass.of(Samples.ourClass("nfs"), Samples.PROVISIONER).orElseThrow();

        // when
        PersistentVolume pv = DesiredVolume.of(Samples.export("shop", "data", "u-1", 5L << 30, ExportPhase.READY),
                claim, storageClass, Samples.PROVISIONER);

        // then
        assertThat(pv.getMetadata().getName()).isEqualTo("pvc-u-1");
        assertThat(pv.getMetadata().getAnnotations()).containsEntry("pv.kubernetes.io/provisioned-by",
                "nfs-lifecycle.io/nfs").containsEntry("nfs-lifecycle.io/server", "nfs-1");
        assertThat(pv.getSpec().getNfs().getServer()).isEqualTo("10.0.10.5");
        assertThat(pv.getSpec().getNfs().getPath()).isEqualTo("/mnt/data/shop-data-pvc-u-1");
        assertThat(pv.getSpec().getCapacity()).containsEntry("storage", new Quantity("5Gi"));
        assertThat(pv.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(pv.getSpec().getVolumeMode()).isEqualTo("Filesystem");
        assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo("u-1");
        assertThat(pv.getSpec().getClaimRef().getNamespace()).isEqualTo("shop");
        assertThat(pv.getSpec().getClaimRef().getName()).isEqualTo("data");
        assertThat(pv.getSpec().getClaimRef().getKind()).isEqualTo("PersistentVolumeClaim");
        assertThat(pv.getSpec().getMountOptions()).containsExactly("nfsvers=4.1", "hard");
        assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Delete");
        assertThat(pv.getSpec().getStorageClassName()).isEqualTo("nfs");
    }

    @Test
    void volumeModeDefaultsToFilesystem() {
        PersistentVolumeClaim claim = Samples.claim("shop", "data", "u-1", "nfs", "5Gi");
        ProvisionerClass storageClass = ProvisionerClass.of(Samples.ourClass("nfs"), Samples.PROVISIONER).orElseThrow();

        PersistentVolume pv = DesiredVolume.of(Samples.export("shop", "data", "u-1", 5L << 30, ExportPhase.READY),
                claim, storageClass, Samples.PROVISIONER);

        assertThat(pv.getSpec().getVolumeMode()).isEqualTo("Filesystem");
    }

    @Test
    void classOfAnotherProvisionerIsNotOurs() {
        assertThat(ProvisionerClass.of(Samples.storageClass("other", "kubernetes.io/aws-ebs", Map.of()),
                Samples.PROVISIONER)).isEmpty();
    }

    @Test
    void classParametersTravelWithTheClaim() {
        ProvisionerClass storageClass = ProvisionerClass.of(Samples.storageClass("nfs", Samples.PROVISIONER,
                Map.of("server", "nfs-2", "pathPattern", "${.PVC.namespace}/${.PVC.name}", "onDelete", "Retain")),
                Samples.PROVISIONER).orElseThrow();

        assertThat(storageClass.usable()).isTrue();
        assertThat(storageClass.serverId()).isEqualTo("nfs-2");
        assertThat(storageClass.pathPattern()).isEqualTo("${.PVC.namespace}/${.PVC.name}");
        assertThat(storageClass.onDelete()).isEqualTo(OnDelete.RETAIN);
    }

    @Test
    void onDeleteDefaultsToArchive() {
        ProvisionerClass storageClass = ProvisionerClass.of(Samples.ourClass("nfs"), Samples.PROVISIONER).orElseThrow();

        assertThat(storageClass.onDelete()).isEqualTo(OnDelete.ARCHIVE);
    }

    @Test
    void classWithoutServerOrWithUnknownOnDeleteSaysWhatToFix() {
        ProvisionerClass noServer = ProvisionerClass.of(Samples.storageClass("a", Samples.PROVISIONER, Map.of()),
                Samples.PROVISIONER).orElseThrow();
        ProvisionerClass badOnDelete = ProvisionerClass.of(Samples.storageClass("b", Samples.PROVISIONER,
                Map.of("server", "nfs-1", "onDelete", "shred")), Samples.PROVISIONER).orElseThrow();

        assertThat(noServer.usable()).isFalse();
        assertThat(noServer.problem()).contains("no parameter 'server'");
        assertThat(badOnDelete.problem()).contains("onDelete 'shred'", "archive, delete or retain");
    }

    @Test
    void sizesRoundTripBetweenQuantitiesAndBytes() {
        assertThat(StorageSize.bytes(new Quantity("5Gi"))).contains(5L << 30);
        assertThat(StorageSize.bytes(new Quantity("1G"))).contains(1_000_000_000L);
        assertThat(StorageSize.quantity(5L << 30)).isEqualTo(new Quantity("5Gi"));
        assertThat(StorageSize.quantity(1536L << 20)).isEqualTo(new Quantity("1536Mi"));
        assertThat(StorageSize.quantity(1000)).isEqualTo(new Quantity("1000"));
    }
}
