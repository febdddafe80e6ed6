package io.nfslifecycle.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The Kubernetes rules, as an admin meets them, across the packaged services on one broker, the in-memory API (the
 * fabric8 mock in CRUD mode with the local PV controller) and real directories, with two storage servers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesSemanticsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String NS = InMemoryKubernetes.NAMESPACE;

    private static Path state;
    private static LocalStack stack;
    private static KubernetesClient kube;
    private static final Set<String> uidsOfTheFirstRun = new HashSet<>();

    @BeforeAll
    static void start() throws IOException {
        state = Files.createTempDirectory(Paths.get("target"), "semantics-").toAbsolutePath();
        stack = LocalStack.start(settings(), System.out);
        kube = client();
        storageClass("nfs-retain", "nfs-1", "Retain", Map.of("onDelete", "delete"));
        storageClass("by-namespace", "nfs-1", "Delete", Map.of("pathPattern", "${.PVC.namespace}/${.PVC.name}"));
        storageClass("by-annotation", "nfs-1", "Retain", Map.of("pathPattern",
                "${.PVC.annotations.nfs-lifecycle.io/dir}", "adoptExisting", "true"));
        storageClass("nfs-two", "nfs-2", "Delete", Map.of());
        storageClass("nfs-three", "nfs-3", "Delete", Map.of());
        for (String ns : List.of("team-a", "team-b")) {
            kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .create();
        }
    }

    private static StackSettings settings() {
        return new StackSettings(Paths.get("").toAbsolutePath().getParent(), state, state.resolve("exports"),
                Optional.empty(), false, true, Map.of()).withSecondServer("nfs-2");
    }

    private static KubernetesClient client() throws IOException {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, Files.readString(stack.kubeconfig()), null)).build();
    }

    @AfterAll
    static void stop() {
        if (kube != null) {
            kube.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void retainMeansRetainDeletingARetainedVolumeAfterItsClaimKeepsTheDirectoryAcrossAWatcherRestart()
            throws Exception {
        String uid = claim(NS, "kept", "nfs-retain", "1Gi", Map.of());
        PersistentVolume pv = awaitVolume(uid);
        Path directory = Paths.get(pv.getSpec().getNfs().getPath());
        Files.writeString(directory.resolve("precious"), "do not lose me");

        kube.persistentVolumeClaims().inNamespace(NS).withName("kept").delete();
        await().atMost(WAIT).until(() -> "Released".equals(phaseOf(pv.getMetadata().getName())));
        stack.restart("claim-watcher", true);
        kube.persistentVolumes().withName(pv.getMetadata().getName()).delete();

        await().atMost(WAIT).until(() -> "RETAINED".equals(export("export-manager", NS, "kept").path("phase").asText()));
        assertThat(directory.resolve("precious")).hasContent("do not lose me");
        assertThat(get("export-manager", "/api/v1/capacity").path("provisionedBytes").asLong())
                .as("a retained directory holds its space").isGreaterThanOrEqualTo(1L << 30);
    }

    @Test
    @Order(2)
    void aClaimNamedLikeTheArchiveOfADeletedClaimDoesNotGetTheArchive() throws Exception {
        String uid = claim(NS, "data", "by-namespace", "1Gi", Map.of());
        Path directory = Paths.get(awaitVolume(uid).getSpec().getNfs().getPath());
        Files.writeString(directory.resolve("file"), "old data");
        kube.persistentVolumeClaims().inNamespace(NS).withName("data").delete();
        Path archive = directory.resolveSibling("archived-data");
        await().atMost(WAIT).until(() -> Files.isDirectory(archive));

        String taker = claim(NS, "archived-data", "by-namespace", "1Gi", Map.of());

        assertThat(awaitWarning(NS, taker).getMessage()).contains("INVALID_NAME", "reserved for archives");
        assertThat(kube.persistentVolumes().withName("pvc-" + taker).get()).isNull();
        assertThat(archive.resolve("file")).hasContent("old data");
    }

    @Test
    @Order(3)
    void aClaimOfAnotherNamespaceCannotPointAtARetainedDirectory() throws Exception {
        String first = claim("team-a", "data", "by-annotation", "1Gi", Map.of("nfs-lifecycle.io/dir", "shared-x"));
        PersistentVolume pv = awaitVolume(first);
        Path directory = Paths.get(pv.getSpec().getNfs().getPath());
        Files.writeString(directory.resolve("secret"), "team a's");
        kube.persistentVolumeClaims().inNamespace("team-a").withName("data").delete();
        await().atMost(WAIT).until(() -> "Released".equals(phaseOf(pv.getMetadata().getName())));
        kube.persistentVolumes().withName(pv.getMetadata().getName()).delete();
        await().atMost(WAIT).until(() -> "RETAINED".equals(export("export-manager", "team-a", "data").path("phase")
                .asText()));

        String grab = claim("team-b", "grab", "by-annotation", "1Gi", Map.of("nfs-lifecycle.io/dir", "shared-x"));

        assertThat(awaitWarning("team-b", grab).getMessage()).contains("PATH_CONFLICT", "team-a/data");
        assertThat(kube.persistentVolumes().withName("pvc-" + grab).get()).isNull();
        assertThat(directory.resolve("secret")).hasContent("team a's");
    }

    @Test
    @Order(4)
    void eachClaimLandsOnTheServerOfItsClassAndAClassNamingNoServingServerIsToldSo() throws Exception {
        String uid = claim(NS, "second", "nfs-two", "1Gi", Map.of());
        PersistentVolume pv = awaitVolume(uid);
        Path directory = Paths.get(pv.getSpec().getNfs().getPath());
        assertThat(directory).startsWith(state.resolve("exports-nfs-2")).isDirectory();
        assertThat(export("export-manager-nfs-2", NS, "second").path("serverId").asText()).isEqualTo("nfs-2");
        assertThat(status("export-manager", "/api/v1/exports/" + NS + "/second")).isEqualTo(404);

        kube.persistentVolumeClaims().inNamespace(NS).withName("second").edit(p -> {
            p.getSpec().getResources().getRequests().put("storage", new Quantity("2Gi"));
            return p;
        });
        await().atMost(WAIT).until(() -> new Quantity("2Gi").equals(kube.persistentVolumes()
                .withName(pv.getMetadata().getName()).get().getSpec().getCapacity().get("storage")));
        kube.persistentVolumeClaims().inNamespace(NS).withName("second").delete();
        await().atMost(WAIT).until(() -> Files.isDirectory(directory.resolveSibling("archived-"
                + directory.getFileName())));

        String lost = claim(NS, "nowhere", "nfs-three", "1Gi", Map.of());
        assertThat(awaitWarning(NS, lost).getMessage()).contains("no export manager for server nfs-3",
                "server-id is nfs-3");
    }

    @Test
    @Order(5)
    void aSecondRunOnTheSameStateReusesNoUidAndNoDirectory() throws Exception {
        kube.persistentVolumeClaims().inAnyNamespace().list().getItems()
                .forEach(c -> uidsOfTheFirstRun.add(c.getMetadata().getUid()));
        kube.persistentVolumes().list().getItems()
                .forEach(v -> uidsOfTheFirstRun.add(v.getSpec().getClaimRef().getUid()));
        Set<Path> before = listed(state.resolve("exports"));
        kube.close();
        stack.close();

        stack = LocalStack.start(settings(), System.out);
        kube = client();
        String uid = claim(NS, "data", InMemoryKubernetes.STORAGE_CLASS, "1Gi", Map.of());
        Path directory = Paths.get(awaitVolume(uid).getSpec().getNfs().getPath());

        assertThat(uidsOfTheFirstRun).isNotEmpty().doesNotContain(uid);
        assertThat(before).doesNotContain(directory);
        try (Stream<Path> inside = Files.list(directory)) {
            assertThat(inside).isEmpty();
        }
    }

    private static Set<Path> listed(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root, 2)) {
            return new HashSet<>(walk.toList());
        }
    }

    private static void storageClass(String name, String server, String reclaimPolicy, Map<String, String> more) {
        kube.storage().v1().storageClasses().resource(new StorageClassBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withProvisioner("nfs-lifecycle.io/nfs")
                .addToParameters("server", server).addToParameters(more)
                .withReclaimPolicy(reclaimPolicy).withAllowVolumeExpansion(true).withVolumeBindingMode("Immediate")
                .build()).create();
    }

    private static String claim(String namespace, String name, String storageClass, String size,
            Map<String, String> annotations) {
        return kube.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withAnnotations(annotations).endMetadata()
                .withNewSpec().withStorageClassName(storageClass).withAccessModes("ReadWriteMany")
                .withNewResources().withRequests(Map.of("storage", new Quantity(size))).endResources()
                .endSpec().build()).create().getMetadata().getUid();
    }

    private static PersistentVolume awaitVolume(String uid) {
        return await().atMost(WAIT).until(() -> kube.persistentVolumes().withName("pvc-" + uid).get(), v -> v != null);
    }

    private static String phaseOf(String volume) {
        PersistentVolume pv = kube.persistentVolumes().withName(volume).get();
        return pv == null || pv.getStatus() == null ? null : pv.getStatus().getPhase();
    }

    private static Event awaitWarning(String namespace, String uid) {
        return await().atMost(WAIT).until(() -> kube.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> uid.equals(e.getInvolvedObject().getUid()) && "Warning".equals(e.getType()))
                .findFirst().orElse(null), e -> e != null);
    }

    private static JsonNode export(String service, String namespace, String name) throws Exception {
        return get(service, "/api/v1/exports/" + namespace + "/" + name);
    }

    private static JsonNode get(String service, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url(service) + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static int status(String service, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.url(service) + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
