package io.nfslifecycle.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** The real kubectl against the in-memory API of the local run: what a user does with claims. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlIT {
    private static final String PVC = String.join("\n",
            "apiVersion: v1",
            "kind: PersistentVolumeClaim",
            "metadata:",
            "  name: data",
            "spec:",
            "  storageClassName: nfs",
            "  accessModes: [ReadWriteMany]",
            "  resources:",
            "    requests:",
            "      storage: 1Gi",
            "");

    private static InMemoryKubernetes api;
    private static Path kubeconfig;
    private static Path manifest;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(kubectlPresent(), "kubectl is not installed");
        Path dir = Files.createTempDirectory(Paths.get("target"), "kubectl-").toAbsolutePath();
        api = InMemoryKubernetes.start(0, "nfs-1");
        kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
        manifest = Files.writeString(dir.resolve("pvc.yaml"), PVC);
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, Files.readString(kubeconfig),
                null)).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    @Order(1)
    void applyCreatesTheClaimAndGetListsIt() throws Exception {
        assertThat(kubectl("apply", "-f", manifest.toString())).contains("persistentvolumeclaim/data created");

        assertThat(kubectl("get", "pvc")).contains("NAME", "STATUS", "STORAGECLASS", "data", "Pending", "nfs");
        assertThat(kubectl("get", "pvc", "-A")).contains(InMemoryKubernetes.NAMESPACE, "data");
        assertThat(kubectl("get", "persistentvolumeclaims", "data", "-o", "jsonpath={.spec.storageClassName}"))
                .isEqualTo("nfs");
    }

    @Test
    @Order(2)
    void getShowsStorageClassesVolumesAndEvents() throws Exception {
        String uid = client.persistentVolumeClaims().withName("data").get().getMetadata().getUid();
        client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName("pvc-" + uid)
                .endMetadata().withNewSpec().addToCapacity("storage", new Quantity("1Gi"))
                .withAccessModes("ReadWriteMany").withStorageClassName("nfs").withNewClaimRef()
                .withNamespace(InMemoryKubernetes.NAMESPACE).withName("data").withUid(uid).endClaimRef()
                .withNewNfs().withServer("127.0.0.1").withPath("/exports/data").endNfs().endSpec().build()).create();
        client.v1().events().resource(new EventBuilder().withNewMetadata().withName("data.1")
                .withNamespace(InMemoryKubernetes.NAMESPACE).endMetadata().withType("Normal")
                .withReason("ProvisioningSucceeded").withMessage("Successfully provisioned volume pvc-" + uid)
                .withNewInvolvedObject().withKind("PersistentVolumeClaim").withName("data")
                .withNamespace(InMemoryKubernetes.NAMESPACE).withUid(uid).endInvolvedObject().build()).create();

        assertThat(kubectl("get", "sc")).contains("nfs", "nfs-lifecycle.io/nfs");
        assertThat(kubectl("get", "pv")).contains("RECLAIM POLICY", "pvc-" + uid, "1Gi", "RWX",
                InMemoryKubernetes.NAMESPACE + "/data");
        assertThat(kubectl("get", "events")).contains("REASON", "ProvisioningSucceeded", "persistentvolumeclaim/data");
        assertThat(kubectl("describe", "pvc", "data")).contains("Name:", "data", "StorageClass:", "nfs",
                "ProvisioningSucceeded");
    }

    @Test
    @Order(3)
    void deleteRemovesTheClaim() throws Exception {
        assertThat(kubectl("delete", "pvc", "data")).contains("persistentvolumeclaim \"data\" deleted");

        assertThat(client.persistentVolumeClaims().withName("data").get()).isNull();
        assertThat(kubectl("get", "pvc")).doesNotContain("data");
    }

    /** Runs kubectl on the in-memory API; its output, after checking it exited 0. */
    private static String kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", args) + ":\n" + output).isZero();
        return output;
    }

    private static boolean kubectlPresent() {
        try {
            return new ProcessBuilder("kubectl", "version", "--client").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
