package io.nfslifecycle.exportmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.CapacityReported;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
@QuarkusTestResource(LocalKafkaResource.class)
class ExportManagerSmokeTest {

    @Test
    void publishesCapacityWithKeyAndCloudEventsHeaders() {
        try (TopicProbe capacity = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(), Topics.CAPACITY)) {
            ConsumerRecord<String, byte[]> record = capacity.await(EventTypes.CAPACITY_REPORTED, "nfs-1", Duration.ofSeconds(30));

            assertThat(TopicProbe.headers(record)).containsEntry("ce_specversion", "1.0")
                    .containsEntry("ce_source", "/nfs-lifecycle/export-manager/nfs-1")
                    .containsEntry("ce_subject", "nfs-1")
                    .containsEntry("content-type", "application/json")
                    .containsKey("ce_id").containsKey("ce_time");
            CapacityReported report = (CapacityReported) EventCodec.decode(record);
            assertThat(report.totalBytes()).isPositive();
        }
    }

    @Test
    void sendsARecordThatBreaksTheContractToItsDeadLetterTopic() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_id", "1".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", "io.nfs-lifecycle.claim.exploded.v1".getBytes(StandardCharsets.UTF_8));
        TopicProbe.produce(LocalKafkaResource.bootstrapServers(),
                new ProducerRecord<>(Topics.CLAIMS, null, "smoke-uid", "{}".getBytes(StandardCharsets.UTF_8), headers));

        try (TopicProbe dlq = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(),
                Topics.deadLetter(Topics.EXPORT_MANAGER))) {
            ConsumerRecord<String, byte[]> refused = dlq.await(r -> "smoke-uid".equals(r.key()), Duration.ofSeconds(30));
            assertThat(TopicProbe.headers(refused).get("dead-letter-reason")).contains("ce_type", "claim.exploded");
        }
    }

    @Test
    void exposesHealthMetricsAndOpenApi() {
        RestAssured.get("/q/health/live").then().statusCode(200);
        RestAssured.get("/q/openapi").then().statusCode(200);
        RestAssured.get("/q/openapi?format=json").then().statusCode(200).contentType("application/json");
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("nfs_lifecycle_events_published_total");
    }
}
