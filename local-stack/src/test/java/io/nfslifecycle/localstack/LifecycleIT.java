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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.localkafka.TopicProbe;

/**
 * The lifecycle across the three packaged services, each its own process, on real Kafka, a real export root
 * served by NFS-Ganesha, and the in-memory Kubernetes API: claim, write over NFS, audit, clone, resize, release,
 * archive, restore the archive into a new claim, an archive's retention running out; then a claim that does not fit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleIT {
    private static final String NS = InMemoryKubernetes.NAMESPACE;
    private static final String AUDIT_TOKEN = "e2e-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The bean that defers the OpenAPI document, and a class only the making of the document loads. */
    private static final String LAZY_DOCUMENT = "io.quarkus.smallrye.openapi.runtime.LazyOpenApiDocumentService/";
    private static final String MADE_DOCUMENT = "io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService$StaticDocument/";

    private static LocalStack stack;
    private static KubernetesClient kube;
    private static Path root;
    private static Set<ProcessHandle> children;

    // shared by the ordered steps below
    private static String claimUid;
    private static String nfsPath;

    @BeforeAll
    static void startTheWholeSystem() throws IOException {
        Path project = Paths.get("").toAbsolutePath().getParent();
        Path state = Files.createTempDirectory(Paths.get("target"), "e2e-").toAbsolutePath();
        root = state.resolve("exports");
        StackSettings settings = new StackSettings(project, state, root, java.util.Optional.empty(),
                true, true, Map.of())
                .withProperty("quota-auditor", "nfs-lifecycle.api-token", AUDIT_TOKEN)
                .withProperty("quota-auditor", "nfs-lifecycle.audit.interval", "off");
        stack = LocalStack.start(settings, System.out);
        System.out.print(stack.describe());
        children = ProcessHandle.current().descendants().collect(Collectors.toSet());
        kube = new KubernetesClientBuilder()
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
    void claimBecomesAPersistentVolumeWithAnNfsPath() {
        PersistentVolumeClaim pvc = createClaim("e2e-data", "1Gi");
        claimUid = pvc.getMetadata().getUid();

        PersistentVolume pv = await().atMost(WAIT).until(() -> kube.persistentVolumes().withName("pvc-" + claimUid).get(),
                p -> p != null);

        nfsPath = pv.getSpec().getNfs().getPath();
        assertThat(pv.getSpec().getNfs().getServer()).isEqualTo("127.0.0.1");
        assertThat(pv.getSpec().getCapacity().get("storage")).isEqualTo(new Quantity("1Gi"));
        assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo(claimUid);
        assertThat(Paths.get(nfsPath)).startsWith(root).isDirectory();
    }

    @Test
    @Order(2)
    void fiveMebibytesWrittenOverNfsShowInTheAudit() throws Exception {
        Assumptions.assumeTrue(stack.nfsUnavailable().isEmpty(), () -> "no NFS server here: " + stack.nfsUnavailable().get());
        Path payload = Files.createTempFile(Paths.get("target"), "payload", ".bin");
        byte[] random = new byte[5 << 20];
        new java.util.Random(42).nextBytes(random);
        Files.write(payload, random);

        Process copy = new ProcessBuilder("nfs-cp", payload.toString(), stack.nfsUrl(nfsPath + "/payload.bin").orElseThrow())
                .redirectErrorStream(true).start();
        String output = new String(copy.getInputStream().readAllBytes());
        assertThat(copy.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(copy.exitValue()).as(output).isZero();
        assertThat(Files.readAllBytes(Paths.get(nfsPath, "payload.bin"))).isEqualTo(random);

        JsonNode claim = await().atMost(WAIT).until(() -> {
            runAudit();
            return auditOfClaim("e2e-data");
        }, c -> c != null && c.path("usage").path("usedBytes").asLong() >= 5L << 20);
        assertThat(claim.path("usage").path("usedBytes").asLong()).isBetween(5L << 20, 6L << 20);
    }

    @Test
    @Order(3)
    void aCloneOfTheClaimIsCopiedOnTheStorageSideAndReadsTheSameOverNfs() throws Exception {
        Assumptions.assumeTrue(stack.nfsUnavailable().isEmpty(), () -> "no NFS server here: " + stack.nfsUnavailable().get());
        byte[] written = new byte[5 << 20];
        new java.util.Random(42).nextBytes(written);
        String uid = kube.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("e2e-clone").withNamespace(NS).endMetadata()
                .withNewSpec().withStorageClassName(InMemoryKubernetes.STORAGE_CLASS).withAccessModes("ReadWriteMany")
                .withNewDataSource().withKind("PersistentVolumeClaim").withName("e2e-data").endDataSource()
                .withNewResources().withRequests(Map.of("storage", new Quantity("1Gi"))).endResources()
                .endSpec().build()).create().getMetadata().getUid();

        PersistentVolume pv = await().atMost(WAIT).until(() -> kube.persistentVolumes().withName("pvc-" + uid).get(),
                p -> p != null);

        assertThat(pv.getSpec().getNfs().getPath()).isNotEqualTo(nfsPath);
        Process cat = new ProcessBuilder("nfs-cat", stack.nfsUrl(pv.getSpec().getNfs().getPath() + "/payload.bin")
                .orElseThrow()).start();
        byte[] read = cat.getInputStream().readAllBytes();
        String errors = new String(cat.getErrorStream().readAllBytes());
        assertThat(cat.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cat.exitValue()).as(errors).isZero();
        assertThat(read).as("the file written into e2e-data over NFS, read from its clone over NFS").isEqualTo(written);
    }

    @Test
    @Order(4)
    void resizeGrowsThePersistentVolume() {
        kube.persistentVolumeClaims().inNamespace(NS).withName("e2e-data").edit(p -> {
            p.getSpec().getResources().getRequests().put("storage", new Quantity("2Gi"));
            return p;
        });

        await().atMost(WAIT).untilAsserted(() -> assertThat(kube.persistentVolumes().withName("pvc-" + claimUid).get()
                .getSpec().getCapacity().get("storage")).isEqualTo(new Quantity("2Gi")));
        // and kubectl get pvc shows it, as after an external resizer
        await().atMost(WAIT).untilAsserted(() -> assertThat(kube.persistentVolumeClaims().inNamespace(NS)
                .withName("e2e-data").get().getStatus().getCapacity().get("storage")).isEqualTo(new Quantity("2Gi")));
    }

    @Test
    @Order(5)
    void deletedClaimIsArchivedAndItsVolumeRemoved() throws Exception {
        kube.persistentVolumeClaims().inNamespace(NS).withName("e2e-data").delete();

        await().atMost(WAIT).until(() -> kube.persistentVolumes().withName("pvc-" + claimUid).get() == null);
        Path original = Paths.get(nfsPath);
        Path archive = original.resolveSibling("archived-" + original.getFileName());
        assertThat(original).doesNotExist();
        assertThat(archive).isDirectory();
        if (stack.nfsUnavailable().isEmpty()) {
            assertThat(archive.resolve("payload.bin")).hasSize(5L << 20);
        }
        long archivedAtLeast = stack.nfsUnavailable().isEmpty() ? 5L << 20 : 1;
        JsonNode report = await().atMost(WAIT).until(() -> {
            runAudit();
            return get("quota-auditor", "/api/v1/audit");
        }, r -> r.path("archives").path("count").asInt() == 1 && r.path("archives").path("bytes").asLong() >= archivedAtLeast);
        assertThat(report.path("claims").toString()).doesNotContain("e2e-data");
        assertThat(report.path("findings").toString()).contains("ARCHIVE_BACKLOG");
    }

    @Test
    @Order(6)
    void theArchiveIsRestoredIntoANewClaimAndTheFileWrittenBeforeTheDeleteReadsTheSameOverNfs() throws Exception {
        JsonNode archive = get("export-manager", "/api/v1/archives/" + claimUid);
        assertThat(archive.path("state").asText()).isEqualTo("kept");
        String uid = kube.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("e2e-restored").withNamespace(NS)
                .withAnnotations(Map.of("nfs-lifecycle.io/restore-from", claimUid)).endMetadata()
                .withNewSpec().withStorageClassName(InMemoryKubernetes.STORAGE_CLASS).withAccessModes("ReadWriteMany")
                .withNewResources().withRequests(Map.of("storage", new Quantity("2Gi"))).endResources()
                .endSpec().build()).create().getMetadata().getUid();

        PersistentVolume pv = await().atMost(WAIT).until(() -> kube.persistentVolumes().withName("pvc-" + uid).get(),
                p -> p != null);

        assertThat(get("export-manager", "/api/v1/archives/" + claimUid).path("state").asText()).isEqualTo("restored");
        Path restored = Paths.get(pv.getSpec().getNfs().getPath());
        assertThat(restored.resolveSibling("archived-" + Paths.get(nfsPath).getFileName())).doesNotExist();
        if (stack.nfsUnavailable().isEmpty()) {
            byte[] written = new byte[5 << 20];
            new java.util.Random(42).nextBytes(written);
            Process cat = new ProcessBuilder("nfs-cat", stack.nfsUrl(restored + "/payload.bin").orElseThrow()).start();
            byte[] read = cat.getInputStream().readAllBytes();
            String errors = new String(cat.getErrorStream().readAllBytes());
            assertThat(cat.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(cat.exitValue()).as(errors).isZero();
            assertThat(read).as("written into e2e-data over NFS before its delete, read from the restored claim")
                    .isEqualTo(written);
        } else {
            assertThat(restored).isDirectory();
        }
    }

    @Test
    @Order(6)
    void anArchiveOfAClassWithAOneSecondRetentionIsPurgedAndSaidSo() throws Exception {
        kube.storage().v1().storageClasses().resource(new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder(
                InMemoryKubernetes.storageClass(LocalStack.SERVER_ID)).editMetadata().withName("nfs-second")
                .endMetadata().addToParameters("archiveRetention", "1s").build()).create();
        String uid = createClaim("e2e-brief", "1Gi", "nfs-second").getMetadata().getUid();
        PersistentVolume pv = await().atMost(WAIT).until(() -> kube.persistentVolumes().withName("pvc-" + uid).get(),
                p -> p != null);
        Files.writeString(Paths.get(pv.getSpec().getNfs().getPath(), "brief.txt"), "soon gone");

        try (TopicProbe exports = TopicProbe.fromStart(stack.kafkaBootstrapServers(), Topics.EXPORTS)) {
            kube.persistentVolumeClaims().inNamespace(NS).withName("e2e-brief").delete();
            var purged = exports.await(io.nfslifecycle.events.EventTypes.EXPORT_PURGED, uid, WAIT);
            assertThat(TopicProbe.value(purged)).contains("\"reason\":\"expired\"");
        }
        assertThat(get("export-manager", "/api/v1/archives/" + uid).path("state").asText()).isEqualTo("purged");
        assertThat(Paths.get(pv.getSpec().getNfs().getPath()).resolveSibling("archived-"
                + Paths.get(pv.getSpec().getNfs().getPath()).getFileName())).doesNotExist();
    }

    @Test
    @Order(6)
    void claimThatDoesNotFitGetsAWarningWithTheReason() {
        createClaim("e2e-huge", "100Ti");

        Event warning = await().atMost(WAIT).until(() -> kube.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "e2e-huge".equals(e.getInvolvedObject().getName()))
                .filter(e -> "Warning".equals(e.getType()) && "ProvisioningFailed".equals(e.getReason()))
                .findFirst().orElse(null), e -> e != null);
        assertThat(warning.getMessage()).contains("INSUFFICIENT_CAPACITY");
        assertThat(kube.persistentVolumes().list().getItems()).noneMatch(pv ->
                "e2e-huge".equals(pv.getSpec().getClaimRef().getName()));
    }

    @Test
    @Order(6)
    void aWaitForFirstConsumerClaimIsProvisionedOnlyOnceItsPodHasANode() {
        kube.storage().v1().storageClasses().resource(new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder(
                InMemoryKubernetes.storageClass(LocalStack.SERVER_ID)).editMetadata().withName("nfs-late").endMetadata()
                .withVolumeBindingMode("WaitForFirstConsumer").build()).create();
        String uid = createClaim("e2e-late", "1Gi", "nfs-late").getMetadata().getUid();

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> kube.persistentVolumes().withName("pvc-" + uid).get() == null);
        kube.persistentVolumeClaims().inNamespace(NS).withName("e2e-late").edit(p -> {
            p.getMetadata().getAnnotations().put("volume.kubernetes.io/selected-node", "node-1");
            return p;
        });

        await().atMost(WAIT).until(() -> kube.persistentVolumes().withName("pvc-" + uid).get() != null);
    }

    @Test
    @Order(6)
    void aRetainedClaimsDataOutlivesItsClaimAndItsVolume() throws Exception {
        kube.storage().v1().storageClasses().resource(new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder(
                InMemoryKubernetes.storageClass(LocalStack.SERVER_ID)).editMetadata().withName("nfs-keep").endMetadata()
                .addToParameters("onDelete", "delete").withReclaimPolicy("Retain").build()).create();
        String uid = createClaim("e2e-keep", "1Gi", "nfs-keep").getMetadata().getUid();
        PersistentVolume pv = await().atMost(WAIT).until(() -> kube.persistentVolumes().withName("pvc-" + uid).get(),
                p -> p != null);
        Path kept = Paths.get(pv.getSpec().getNfs().getPath(), "kept.txt");
        Files.writeString(kept, "retained");

        kube.persistentVolumeClaims().inNamespace(NS).withName("e2e-keep").delete();
        await().atMost(WAIT).until(() -> {
            PersistentVolume now = kube.persistentVolumes().withName("pvc-" + uid).get();
            return now.getStatus() != null && "Released".equals(now.getStatus().getPhase());
        });
        kube.persistentVolumes().withName("pvc-" + uid).delete();

        await().atMost(WAIT).until(() -> "RETAINED".equals(get("export-manager", "/api/v1/exports/" + NS + "/e2e-keep")
                .path("phase").asText()));
        assertThat(kept).hasContent("retained");
    }

    /**
     * Each packaged service serves its OpenAPI document, as YAML and as JSON, and makes it on its first request
     * rather than at start (the classes that make it are loaded by that request, not before).
     */
    @Test
    @Order(0)
    void eachServiceServesItsOpenApiDocumentMadeOnItsFirstRequest() throws Exception {
        for (String service : List.of("export-manager", "quota-auditor", "claim-watcher")) {
            assertThat(loadedClasses(service)).as(service).contains(LAZY_DOCUMENT).doesNotContain(MADE_DOCUMENT);

            assertThat(text(service, "/q/openapi")).as(service).startsWith("---\nopenapi: 3.");
            assertThat(get(service, "/q/openapi?format=json").path("paths").size()).as(service).isPositive();
            assertThat(loadedClasses(service)).as(service).contains(MADE_DOCUMENT);
        }
    }

    /**
     * A start's warnings are the services' own, each saying what to do (on this machine: the export root has no
     * project quotas); a library's warning at every start is noise an operator learns to skip.
     */
    @Test
    @Order(0)
    void eachServiceStartsWithoutALibrarysWarning() throws IOException {
        for (String service : List.of("export-manager", "quota-auditor", "claim-watcher")) {
            List<String> start = new ArrayList<>();
            for (String line : Files.readAllLines(root.resolveSibling("logs").resolve(service + ".log"))) {
                start.add(line);
                if (line.contains("[io.quarkus] (main) " + service + " ") && line.contains(" started in ")) {
                    break;
                }
            }
            assertThat(start).as(service + ": its start is logged").anyMatch(line -> line.contains(" started in "));
            assertThat(start).as(service).filteredOn(line -> line.matches("\\S+ \\S+ (WARN|ERROR) .*"))
                    .allMatch(line -> line.matches("\\S+ \\S+ (WARN|ERROR) +\\[io\\.nfslifecycle\\..*"));
        }
    }

    /** While a claim holds data, and after one record was refused, so every series has a reason to exist. */
    @Test
    @Order(3)
    void everyMetricTheDashboardsAndAlertsUseIsExported() throws Exception {
        Path used = Paths.get("").toAbsolutePath().getParent().resolve("deploy/metrics-used.txt");
        TopicProbe.produce(stack.kafkaBootstrapServers(), new ProducerRecord<>(Topics.CLAIMS, "not-a-claim",
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        await().atMost(WAIT).until(() -> text("export-manager", "/q/metrics").contains("nfs_lifecycle_events_refused_total"));
        await().atMost(WAIT).until(() -> { // an audit that saw the claim of the first step gives the per-claim series
            runAudit();
            return text("quota-auditor", "/q/metrics").contains("nfs_lifecycle_claim_used_bytes{");
        });

        Set<String> exported = new HashSet<>();
        for (String service : List.of("export-manager", "quota-auditor", "claim-watcher")) {
            for (String line : text(service, "/q/metrics").split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String name = line.split("[{ ]")[0];
                    exported.add(name);
                    exported.add(name.replaceAll("_(bucket|count|sum|max)$", ""));
                }
            }
        }
        List<String> names = Files.readAllLines(used).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

        assertThat(names).isNotEmpty();
        assertThat(names).allSatisfy(name -> assertThat(exported).as("exported by a running service").contains(name));
    }

    @Test
    @Order(6)
    void binDemoAnswersBadInputWithOneLineAndANonZeroExit() throws Exception {
        for (String[] command : List.of(new String[] {"delete", "nosuch"}, new String[] {"resize", "nosuch", "2Gi"},
                new String[] {"events", "nosuch"}, new String[] {"create", "x", "-5Gi"},
                new String[] {"create", "y", "lots"}, new String[] {"create", "Bad_Name", "1Gi"})) {
            Process demo = demo(command).start();
            String output = new String(demo.getInputStream().readAllBytes()).strip();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(demo.exitValue()).as(String.join(" ", command) + ": " + output).isNotZero();
            assertThat(output.lines()).as(String.join(" ", command)).singleElement()
                    .satisfies(l -> assertThat(l).startsWith("bin/demo: ").doesNotContain("Exception"));
        }
        assertThat(kube.persistentVolumeClaims().inNamespace(NS).withName("x").get()).isNull();
        assertThat(kube.persistentVolumeClaims().inNamespace(NS).withName("y").get()).isNull();
    }

    @Test
    @Order(6)
    void binDemoAuditShowsTheReportOfTheRunItStarted() throws Exception {
        ProcessBuilder builder = demo("audit");
        builder.environment().put("NFS_LIFECYCLE_API_TOKEN", AUDIT_TOKEN);
        Process demo = builder.start();
        String output = new String(demo.getInputStream().readAllBytes());
        assertThat(demo.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(demo.exitValue()).as(output).isZero();
        String started = JSON.readTree(output.substring(output.indexOf('{'), output.indexOf("HTTP 200"))).path("runId")
                .asText();
        JsonNode report = JSON.readTree(output.substring(output.lastIndexOf("HTTP 200") + "HTTP 200".length()));
        assertThat(report.path("runId").asText()).as(output).isEqualTo(started);
    }

    @Test
    @Order(7)
    void stoppingLeavesNoProcessBehind() {
        assertThat(children).isNotEmpty();
        stack.close();
        stack = null;

        assertThat(children).noneMatch(ProcessHandle::isAlive);
    }

    private static PersistentVolumeClaim createClaim(String name, String size) {
        return createClaim(name, size, InMemoryKubernetes.STORAGE_CLASS);
    }

    private static PersistentVolumeClaim createClaim(String name, String size, String storageClass) {
        return kube.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withStorageClassName(storageClass).withAccessModes("ReadWriteMany")
                .withNewResources().withRequests(Map.of("storage", new Quantity(size))).endResources()
                .endSpec().build()).create();
    }

    /** bin/demo with these arguments, as bin/demo runs it, on this test's stack. */
    private static ProcessBuilder demo(String... args) throws IOException {
        List<String> line = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", "target/classes:" + Files.readString(Paths.get("target/launcher.classpath")).trim(),
                "-Dnfs-lifecycle.state-dir=" + root.getParent(), "io.nfslifecycle.localstack.Demo"));
        line.addAll(List.of(args));
        return new ProcessBuilder(line).redirectErrorStream(true);
    }

    private static void runAudit() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(stack.url("quota-auditor") + "/api/v1/audit/runs"))
                .header("Authorization", "Bearer " + AUDIT_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(202, 409);
    }

    private static JsonNode auditOfClaim(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(stack.url("quota-auditor") + "/api/v1/audit/claims/" + NS + "/" + name)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    /** The classes the service's JVM has loaded, one per line (jcmd's class hierarchy). */
    private static String loadedClasses(String service) throws IOException, InterruptedException {
        Path out = Files.createTempFile(root.getParent(), "classes-", ".txt");
        Process jcmd = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(stack.services.get(service).pid()), "VM.class_hierarchy").redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
        }
        String classes = Files.readString(out);
        assertThat(jcmd.exitValue()).as(classes).isZero();
        return classes;
    }

    private static JsonNode get(String service, String path) throws IOException, InterruptedException {
        return JSON.readTree(text(service, path));
    }

    private static String text(String service, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url(service) + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(service + path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
