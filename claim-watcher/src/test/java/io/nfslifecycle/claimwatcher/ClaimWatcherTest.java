package io.nfslifecycle.claimwatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ClaimResized;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportReclaimed;
import io.nfslifecycle.events.ExportResized;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;

/** The watcher as a user sees it: PVCs and PVs in the API (the fabric8 CRUD mock), records on a real broker. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(LocalKafkaResource.class)
class ClaimWatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventCodec EXPORT_MANAGER = new EventCodec("/nfs-lifecycle/export-manager/nfs-1");

    @KubernetesTestServer
    KubernetesServer server;

    KubernetesClient client;
    String namespace;

    @BeforeEach
    void cluster() {
        TopicProbe.produce(bootstrap(), Samples.capacityOf("nfs-1"));
        client = server.getClient();
        namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        createIfAbsent(Samples.storageClass("nfs", Samples.PROVISIONER,
                Map.of("server", "nfs-1", "pathPattern", "${.PVC.namespace}/${.PVC.name}", "onDelete", "delete")));
        createIfAbsent(Samples.storageClass("ebs", "ebs.csi.aws.com", Map.of()));
        StorageClass retain = Samples.storageClass("nfs-retain", Samples.PROVISIONER, Map.of("server", "nfs-1"));
        retain.setReclaimPolicy("Retain");
        createIfAbsent(retain);
    }

    @Test
    void requestsClaimOfOurClass() {
        try (TopicProbe claims = TopicProbe.fromStart(bootstrap(), Topics.CLAIMS)) {
            // given / when
            PersistentVolumeClaim pvc = createClaim("data", "nfs", "5Gi");
            String uid = pvc.getMetadata().getUid();

            // then
            ConsumerRecord<String, byte[]> record = claims.await(EventTypes.CLAIM_REQUESTED, uid, WAIT);
            assertThat(TopicProbe.headers(record)).containsEntry("ce_specversion", "1.0")
                    .containsEntry("ce_source", "/nfs-lifecycle/claim-watcher")
                    .containsEntry("ce_subject", namespace + "/data")
                    .containsEntry("content-type", "application/json")
                    .containsKey("ce_id").containsKey("ce_time");
            ClaimRequested requested = (ClaimRequested) EventCodec.decode(record);
            assertThat(requested.namespace()).isEqualTo(namespace);
            assertThat(requested.claimName()).isEqualTo("data");
            assertThat(requested.volumeName()).isEqualTo("pvc-" + uid);
            assertThat(requested.storageClassName()).isEqualTo("nfs");
            assertThat(requested.serverId()).isEqualTo("nfs-1");
            assertThat(requested.requestedBytes()).isEqualTo(5L << 30);
            assertThat(requested.accessModes()).containsExactly("ReadWriteMany");
            assertThat(requested.onDelete()).isEqualTo(OnDelete.DELETE);
            assertThat(requested.pathPattern()).isEqualTo("${.PVC.namespace}/${.PVC.name}");
            assertThat(requested.labels()).containsEntry("team", "web");
            awaitEvent(uid, "Normal", "Provisioning");
        }
    }

    @Test
    void ignoresClaimOfAnotherClass() {
        try (TopicProbe claims = TopicProbe.fromStart(bootstrap(), Topics.CLAIMS)) {
            // given a claim of another provisioner's class, then one of ours
            String other = createClaim("elsewhere", "ebs", "5Gi").getMetadata().getUid();
            String ours = createClaim("marker", "nfs", "1Gi").getMetadata().getUid();

            // when ours was requested, the other one was seen by the same reconcile
            claims.await(EventTypes.CLAIM_REQUESTED, ours, WAIT);

            // then nothing was published for the other one, and the API lists only ours
            assertThat(claims.received()).noneMatch(r -> other.equals(r.key()));
            RestAssured.given().queryParam("namespace", namespace).get("/api/v1/claims").then().statusCode(200)
                    .body("items.size()", equalTo(1)).body("items[0].name", equalTo("marker"))
                    .body("total", equalTo(1)).body("page", equalTo(0)).body("size", equalTo(50));
            RestAssured.given().queryParam("size", 501).get("/api/v1/claims").then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString("size must be"));
        }
    }

    @Test
    void createsThePersistentVolumeFromExportReady() {
        try (TopicProbe claims = TopicProbe.fromStart(bootstrap(), Topics.CLAIMS)) {
            // given a requested claim
            PersistentVolumeClaim pvc = createClaim("data", "nfs", "5Gi");
            String uid = pvc.getMetadata().getUid();
            claims.await(EventTypes.CLAIM_REQUESTED, uid, WAIT);

            // when the export manager answers, twice
            ExportReady ready = new ExportReady(Samples.export(namespace, "data", uid, 5L << 30, ExportPhase.READY));
            produce(ready);
            produce(ready);

            // then the PV is there as Kubernetes expects it from an external provisioner
            PersistentVolume pv = await().atMost(WAIT).until(() -> client.persistentVolumes()
                    .withName("pvc-" + uid).get(), v -> v != null);
            assertThat(pv.getMetadata().getAnnotations()).containsEntry("pv.kubernetes.io/provisioned-by",
                    Samples.PROVISIONER);
            assertThat(pv.getSpec().getNfs().getServer()).isEqualTo("10.0.10.5");
            assertThat(pv.getSpec().getNfs().getPath()).isEqualTo(ready.export().path());
            assertThat(pv.getSpec().getCapacity()).containsEntry("storage", new Quantity("5Gi"));
            assertThat(pv.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
            assertThat(pv.getSpec().getVolumeMode()).isEqualTo("Filesystem");
            assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo(uid);
            assertThat(pv.getSpec().getClaimRef().getName()).isEqualTo("data");
            assertThat(pv.getSpec().getClaimRef().getNamespace()).isEqualTo(namespace);
            assertThat(pv.getSpec().getMountOptions()).containsExactly("nfsvers=4.1", "hard");
            assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Delete");
            assertThat(pv.getSpec().getStorageClassName()).isEqualTo("nfs");
            awaitEvent(uid, "Normal", "ProvisioningSucceeded");
            // the claim's spec is Kubernetes' to bind, never ours
            assertThat(client.persistentVolumeClaims().inNamespace(namespace).withName("data").get().getSpec()
                    .getVolumeName()).isNull();
            RestAssured.get("/api/v1/claims/" + namespace + "/data").then().statusCode(200)
                    .body("phase", equalTo("PROVISIONED")).body("volumeName", equalTo("pvc-" + uid));
        }
    }

    @Test
    void warnsWithTheReasonOfAFailedExportAndRequestsAgainAfterBackoff() {
        try (TopicProbe claims = TopicProbe.fromStart(bootstrap(), Topics.CLAIMS)) {
            // given a requested claim
            String uid = createClaim("big", "nfs", "5Gi").getMetadata().getUid();
            claims.await(EventTypes.CLAIM_REQUESTED, uid, WAIT);

            // when the export manager refuses it for now
            produce(new ExportFailed(Samples.export(namespace, "big", uid, 5L << 30, ExportPhase.FAILED),
                    ExportFailed.Operation.CREATE, ExportFailed.INSUFFICIENT_CAPACITY,
                    "requested 5 GiB, 2 GiB free of 50 GiB", true));

            // then the owner sees why, and after the backoff the claim is requested again
            Event warning = awaitEvent(uid, "Warning", "ProvisioningFailed");
            assertThat(warning.getMessage()).contains("INSUFFICIENT_CAPACITY", "requested 5 GiB, 2 GiB free");
            await().atMost(WAIT).until(() -> requests(claims, EventTypes.CLAIM_REQUESTED, uid) == 2);
            RestAssured.get("/api/v1/claims/" + namespace + "/big").then().statusCode(200)
                    .body("lastError", containsString("INSUFFICIENT_CAPACITY"));
        }
    }

    @Test
    void releasesADeletedClaimAndDeletesItsVolumeOnceReclaimed() {
        try (TopicProbe claims = TopicProbe.fromStart(bootstrap(), Topics.CLAIMS)) {
            // given a provisioned claim
            String uid = provision("data", "nfs");

            // when the claim is deleted (and the PV controller marks its volume Released)
            client.persistentVolumeClaims().inNamespace(namespace).withName("data").delete();
            releasedByThePvController("pvc-" + uid);

            // then the export manager is asked to reclaim it
            ClaimReleased released = (ClaimReleased) EventCodec.decode(
                    claims.await(EventTypes.CLAIM_RELEASED, uid, WAIT));
            assertThat(released.volumeName()).isEqualTo("pvc-" + uid);
            assertThat(released.serverId()).isEqualTo("nfs-1");

            // and when it reports the export reclaimed, the PV goes
            String volumeUid = client.persistentVolumes().withName("pvc-" + uid).get().getMetadata().getUid();
            awaitEvent("default", volumeUid, "Normal", "Releasing");
            produce(new ExportReclaimed(Samples.export(namespace, "data", uid, 5L << 30, ExportPhase.DELETED), ""));
            await().atMost(WAIT).until(() -> client.persistentVolumes().withName("pvc-" + uid).get() == null);
            assertThat(awaitEvent("default", volumeUid, "Normal", "VolumeReclaimed").getMessage())
                    .contains(namespace + "/data", "deleted");
        }
    }

    @Test
    void releasesTheExportOfAClaimDeletedBeforeItsVolumeWasMade() {
        try (TopicProbe claims = TopicProbe.fromStart(bootstrap(), Topics.CLAIMS)) {
            // given a requested claim that is deleted before the export manager answers
            String uid = createClaim("hasty", "nfs", "5Gi").getMetadata().getUid();
            claims.await(EventTypes.CLAIM_REQUESTED, uid, WAIT);
            client.persistentVolumeClaims().inNamespace(namespace).withName("hasty").delete();
            await().atMost(WAIT).until(() -> RestAssured.get("/api/v1/claims/" + namespace + "/hasty").statusCode() == 404);

            // when the export is ready after all
            produce(new ExportReady(Samples.export(namespace, "hasty", uid, 5L << 30, ExportPhase.READY)));

            // then its directory is handed back to the export manager
            ClaimReleased released = (ClaimReleased) EventCodec.decode(
                    claims.await(EventTypes.CLAIM_RELEASED, uid, WAIT));
            assertThat(released.volumeName()).isEqualTo("pvc-" + uid);
        }
    }

    @Test
    void asksToGrowAGrownClaimAndGrowsItsVolumeWhenTheExportWasResized() {
        try (TopicProbe claims = TopicProbe.fromStart(bootstrap(), Topics.CLAIMS)) {
            // given a provisioned claim
            String uid = provision("growing", "nfs");

            // when its owner asks for more
            client.persistentVolumeClaims().inNamespace(namespace).withName("growing").edit(pvc -> {
                pvc.getSpec().getResources().getRequests().put("storage", new Quantity("8Gi"));
                return pvc;
            });

            // then the export manager is asked, and once it resized the export, the PV offers the new size
            ClaimResized resized = (ClaimResized) EventCodec.decode(claims.await(EventTypes.CLAIM_RESIZED, uid, WAIT));
            assertThat(resized.requestedBytes()).isEqualTo(8L << 30);
            produce(new ExportResized(Samples.export(namespace, "growing", uid, 8L << 30, ExportPhase.READY)));
            await().atMost(WAIT).until(() -> client.persistentVolumes().withName("pvc-" + uid).get().getSpec()
                    .getCapacity().get("storage"), new Quantity("8Gi")::equals);
        }
    }

    @Test
    void retainPublishesNoRelease() {
        try (TopicProbe claims = TopicProbe.fromStart(bootstrap(), Topics.CLAIMS)) {
            // given a provisioned claim of a Retain class, and one of a Delete class
            String kept = provision("kept", "nfs-retain");
            String marker = provision("marker", "nfs");

            // when both are deleted, the Retain one first
            client.persistentVolumeClaims().inNamespace(namespace).withName("kept").delete();
            client.persistentVolumeClaims().inNamespace(namespace).withName("marker").delete();
            releasedByThePvController("pvc-" + kept);
            releasedByThePvController("pvc-" + marker);

            // then only the Delete one is released, and the retained PV stays
            claims.await(EventTypes.CLAIM_RELEASED, marker, WAIT);
            assertThat(requests(claims, EventTypes.CLAIM_RELEASED, kept)).isZero();
            assertThat(client.persistentVolumes().withName("pvc-" + kept).get()).isNotNull();
        }
    }

    @Test
    void aCloneWaitingForItsSourceIsToldAtOnceWhenTheSourceIsDeleted() {
        // given a clone of a claim not Bound yet (its export never answered)
        createClaim("origin", "nfs", "1Gi");
        PersistentVolumeClaim copy = Samples.claim(namespace, "copy", UUID.randomUUID().toString(), "nfs", "1Gi");
        copy.getMetadata().setCreationTimestamp(null);
        copy.getSpec().setDataSource(new io.fabric8.kubernetes.api.model.TypedLocalObjectReferenceBuilder()
                .withKind("PersistentVolumeClaim").withName("origin").build());
        String uid = client.persistentVolumeClaims().inNamespace(namespace).resource(copy).create().getMetadata()
                .getUid();
        awaitWarning(uid, "is not Bound");

        // when the source is deleted (nothing of the clone itself changes, and no resync comes in the test's time)
        client.persistentVolumeClaims().inNamespace(namespace).withName("origin").delete();

        // then its owner is told
        awaitWarning(uid, "does not exist");
    }

    private void awaitWarning(String uid, String saying) {
        await().atMost(WAIT).until(() -> client.v1().events().inNamespace(namespace).list().getItems().stream()
                .anyMatch(e -> uid.equals(e.getInvolvedObject().getUid()) && "Warning".equals(e.getType())
                        && e.getMessage().contains(saying)));
    }

    @Test
    void refusesAnExportEventThatBreaksTheContract() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_id", "1".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", "io.nfs-lifecycle.export.exploded.v1".getBytes(StandardCharsets.UTF_8));
        String key = "bad-" + UUID.randomUUID();
        TopicProbe.produce(bootstrap(), new ProducerRecord<>(Topics.EXPORTS, null, key,
                "{}".getBytes(StandardCharsets.UTF_8), headers));

        try (TopicProbe dlq = TopicProbe.fromStart(bootstrap(), Topics.deadLetter(Topics.CLAIM_WATCHER))) {
            ConsumerRecord<String, byte[]> refused = dlq.await(r -> key.equals(r.key()), WAIT);
            assertThat(TopicProbe.headers(refused).get("dead-letter-reason")).contains("ce_type", "export.exploded");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(metrics())
                .contains("nfs_lifecycle_events_refused_total{field=\"ce_type\""));
    }

    @Test
    void exposesMetricsHealthAndOpenApi() {
        try (TopicProbe claims = TopicProbe.fromStart(bootstrap(), Topics.CLAIMS)) {
            provision("measured", "nfs");
        }

        String metrics = metrics();
        assertThat(metrics)
                .contains("nfs_lifecycle_events_published_total{type=\"io.nfs-lifecycle.claim.requested.v1\"")
                .contains("nfs_lifecycle_claims{phase=\"PROVISIONED\"")
                .contains("nfs_lifecycle_kubernetes_write_failures_total{resource=\"persistentvolumes\",verb=\"create\"")
                .contains("nfs_lifecycle_provisioning_latency_seconds_bucket")
                .containsPattern("nfs_lifecycle_provisioning_latency_seconds_bucket\\{le=\"0.01\"}")
                .containsPattern("nfs_lifecycle_provisioning_latency_seconds_bucket\\{le=\"600.0\"}")
                .contains("nfs_lifecycle_provisioning_latency_seconds_count");
        RestAssured.get("/q/health/ready").then().statusCode(200)
                .body(containsString("kubernetes-api"), containsString("this replica"));
        RestAssured.get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/claims"));
    }

    @Test
    void answersUnknownClaimsAndPhasesWithAProblemThatSaysWhatToDo() {
        RestAssured.get("/api/v1/claims/" + namespace + "/nothing").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString("kubectl get pvc -n " + namespace));
        RestAssured.given().queryParam("phase", "SHINY").get("/api/v1/claims").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("use one of"));
    }

    @Test
    void anUnknownPathAndAWrongMethodAreProblemsToo() {
        RestAssured.get("/api/v1/nosuch").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", containsString("/q/openapi"));
        RestAssured.delete("/api/v1/claims").then().statusCode(405).contentType("application/problem+json")
                .body("status", equalTo(405));
    }

    /** What kube-controller-manager's PV controller does once a volume's claim is gone (the mock runs none). */
    private void releasedByThePvController(String volumeName) {
        await().atMost(WAIT).until(() -> client.persistentVolumes().withName(volumeName).get() != null);
        client.persistentVolumes().withName(volumeName).edit(pv -> {
            pv.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder().withPhase("Released")
                    .build());
            return pv;
        });
    }

    /** Creates a claim, answers it as the export manager would, and waits for its PV; returns its uid. */
    private String provision(String name, String storageClass) {
        String uid = createClaim(name, storageClass, "5Gi").getMetadata().getUid();
        produce(new ExportReady(Samples.export(namespace, name, uid, 5L << 30, ExportPhase.READY)));
        await().atMost(WAIT).until(() -> client.persistentVolumes().withName("pvc-" + uid).get() != null);
        return uid;
    }

    private PersistentVolumeClaim createClaim(String name, String storageClass, String size) {
        PersistentVolumeClaim pvc = Samples.claim(namespace, name, UUID.randomUUID().toString(), storageClass, size);
        pvc.getMetadata().setCreationTimestamp(null);
        return client.persistentVolumeClaims().inNamespace(namespace).resource(pvc).create();
    }

    private void createIfAbsent(StorageClass storageClass) {
        if (client.storage().v1().storageClasses().withName(storageClass.getMetadata().getName()).get() == null) {
            client.storage().v1().storageClasses().resource(storageClass).create();
        }
    }

    private Event awaitEvent(String uid, String type, String reason) {
        return awaitEvent(namespace, uid, type, reason);
    }

    private Event awaitEvent(String eventNamespace, String uid, String type, String reason) {
        return await().atMost(WAIT).until(() -> client.v1().events().inNamespace(eventNamespace).list().getItems().stream()
                .filter(e -> uid.equals(e.getInvolvedObject().getUid()) && type.equals(e.getType())
                        && reason.equals(e.getReason()))
                .findFirst().orElse(null), e -> e != null);
    }

    private static long requests(TopicProbe probe, String type, String key) {
        List<ConsumerRecord<String, byte[]>> records = probe.received();
        return records.stream().filter(r -> key.equals(r.key())
                && type.equals(TopicProbe.headers(r).get(EventCodec.CE_TYPE))).count();
    }

    private static void produce(ExportEvent event) {
        TopicProbe.produce(bootstrap(), EXPORT_MANAGER.toProducerRecord(event));
    }

    private static String metrics() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static String bootstrap() {
        return LocalKafkaResource.bootstrapServers();
    }
}
