package io.nfslifecycle.claimwatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.localkafka.Flood;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;

/** A buggy or hostile producer on the exports topic: every valid answer still becomes a PV, every bad one a dead letter. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(LocalKafkaResource.class)
class FloodTest {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final EventCodec EXPORT_MANAGER = new EventCodec("/nfs-lifecycle/export-manager/nfs-1");
    private static final int VALID = 100;
    private static final int BAD = 10_000;

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void tenThousandBadExportRecordsNeverStopTheWatcher() {
        TopicProbe.produce(LocalKafkaResource.bootstrapServers(), Samples.capacityOf("nfs-1"));
        KubernetesClient client = server.getClient();
        String namespace = "flood-" + UUID.randomUUID().toString().substring(0, 8);
        if (client.storage().v1().storageClasses().withName("nfs-flood").get() == null) {
            client.storage().v1().storageClasses().resource(Samples.ourClass("nfs-flood")).create();
        }
        List<ProducerRecord<String, byte[]>> valid = new ArrayList<>();
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < VALID; i++) {
            PersistentVolumeClaim pvc = Samples.claim(namespace, "claim-" + i, UUID.randomUUID().toString(),
                    "nfs-flood", "1Gi");
            pvc.getMetadata().setCreationTimestamp(null);
            String uid = client.persistentVolumeClaims().inNamespace(namespace).resource(pvc).create().getMetadata()
                    .getUid();
            uids.add(uid);
            valid.add(EXPORT_MANAGER.toProducerRecord(new ExportReady(Samples.export(namespace, "claim-" + i, uid,
                    1L << 30, ExportPhase.READY))));
        }
        Map<Integer, Long> before = Flood.endOffsets(LocalKafkaResource.broker(), Topics.EXPORTS);

        Flood.Sent sent = Flood.send(LocalKafkaResource.bootstrapServers(), valid, BAD, 11);

        assertThat(sent.byKind()).hasSizeGreaterThanOrEqualTo(12);
        await().atMost(WAIT).until(() -> uids.stream()
                .filter(uid -> client.persistentVolumes().withName("pvc-" + uid).get() != null).count() == VALID);
        try (TopicProbe dlq = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(),
                Topics.deadLetter(Topics.CLAIM_WATCHER))) {
            await().atMost(WAIT).until(() -> Flood.deadLettersSince(dlq.received(), Topics.EXPORTS, before).size(),
                    n -> n >= sent.badOnTopic());
            List<ConsumerRecord<String, byte[]>> ours = Flood.deadLettersSince(dlq.received(), Topics.EXPORTS, before);
            assertThat(ours.size()).isEqualTo(sent.badOnTopic());
        }
        RestAssured.get("/q/health/live").then().statusCode(200);
    }
}
