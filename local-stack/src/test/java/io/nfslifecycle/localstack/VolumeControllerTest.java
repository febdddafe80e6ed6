package io.nfslifecycle.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;

class VolumeControllerTest {

    @Test
    void aVolumeWhoseClaimIsGoneBeforeItWasBoundIsReleasedAsThePvControllerDoes() throws Exception {
        try (InMemoryKubernetes api = InMemoryKubernetes.start(0, "nfs-1");
                KubernetesClient client = api.client()) {
            client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName("pvc-gone")
                    .endMetadata().withNewSpec().addToCapacity("storage", new Quantity("1Gi"))
                    .withPersistentVolumeReclaimPolicy("Retain").withNewClaimRef()
                    .withNamespace(InMemoryKubernetes.NAMESPACE).withName("gone").withUid("u-gone").endClaimRef()
                    .withNewNfs().withServer("127.0.0.1").withPath("/exports/gone").endNfs().endSpec().build())
                    .create();

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                PersistentVolume pv = client.persistentVolumes().withName("pvc-gone").get();
                return pv.getStatus() != null && "Released".equals(pv.getStatus().getPhase());
            });
            assertThat(client.persistentVolumes().withName("pvc-gone").get().getSpec().getClaimRef().getUid())
                    .isEqualTo("u-gone");
        }
    }
}
