package io.nfslifecycle.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {
    private final EventCodec codec = new EventCodec("/nfs-lifecycle/test");

    static Stream<Event> everyType() {
        return Samples.everyType().stream();
    }

    @Test
    void everyTypeOfTheContractHasASample() {
        assertThat(Samples.everyType()).extracting(Event::type).containsExactlyInAnyOrderElementsOf(EventTypes.all());
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void roundTripsThroughAKafkaRecord(Event event) {
        ProducerRecord<String, byte[]> sent = codec.toProducerRecord(event);
        ConsumerRecord<String, byte[]> received = new ConsumerRecord<>(sent.topic(), 0, 0, 0L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, sent.key(), sent.value(),
                new RecordHeaders(sent.headers().toArray()), java.util.Optional.empty());

        assertThat(EventCodec.decode(received)).isEqualTo(event);
        assertThat(sent.topic()).isEqualTo(event.topic());
        assertThat(sent.key()).isEqualTo(event.key());
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void carriesCloudEventsBinaryModeHeaders(Event event) {
        EventCodec.Encoded encoded = codec.encode(event);

        assertThat(encoded.headers())
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_source", "/nfs-lifecycle/test")
                .containsEntry("ce_type", event.type())
                .containsEntry("ce_subject", event.subject())
                .containsEntry("content-type", "application/json")
                .containsKeys("ce_id", "ce_time");
        assertThat(Instant.parse(encoded.headers().get("ce_time"))).isNotNull();
        assertThat(event.type()).matches("io\\.nfs-lifecycle\\.[a-z]+\\.[a-z]+\\.v1");
    }

    @Test
    void claimAndExportEventsAreKeyedByClaimUidAndCapacityByServer() {
        for (Event event : Samples.everyType()) {
            String expected = event instanceof CapacityReported || event instanceof AuditCompleted ? "nfs-1" : Samples.UID;
            assertThat(codec.encode(event).key()).as(event.type()).isEqualTo(expected);
        }
    }

    @Test
    void exportEventsCarryTheWholeRecordAsJson() {
        String json = new String(codec.encode(new ExportReady(Samples.export(ExportPhase.READY))).value(),
                StandardCharsets.UTF_8);

        assertThat(json).contains("\"claimUid\":\"" + Samples.UID + "\"", "\"phase\":\"READY\"",
                "\"path\":\"/mnt/data/shop-data-pvc-", "\"requestedBytes\":5368709120", "\"created\":\"2026-11-25T10:00:00Z\"");
    }

    @Test
    void ignoresUnknownFields() {
        EventCodec.Encoded encoded = codec.encode(new ClaimResized(Samples.UID, "shop", "data", "nfs-1", 1024));
        String json = new String(encoded.value(), StandardCharsets.UTF_8).replaceFirst("\\{", "{\"addedLater\":{\"x\":1},");

        assertThat(EventCodec.decode(encoded.key(), encoded.headers(), json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ClaimResized(Samples.UID, "shop", "data", "nfs-1", 1024));
    }

    // --- rejections: each names the field ---

    @Test
    void refusesAnUnknownType() {
        assertRefused(withHeader("ce_type", "io.nfs-lifecycle.claim.exploded.v1"), null, "ce_type",
                "not a type this contract knows");
    }

    @Test
    void refusesMissingCloudEventsHeaders() {
        for (String header : new String[] {"ce_specversion", "ce_id", "ce_source", "ce_type"}) {
            Map<String, String> headers = new HashMap<>(resizedHeaders());
            headers.remove(header);
            assertRefused(headers, null, header, "");
        }
    }

    @Test
    void refusesAnotherSpecVersionOrContentType() {
        assertRefused(withHeader("ce_specversion", "0.3"), null, "ce_specversion", "must be 1.0");
        assertRefused(withHeader("content-type", "application/avro"), null, "content-type", "must be application/json");
        assertRefused(withHeader("ce_time", "yesterday"), null, "ce_time", "RFC 3339");
    }

    @Test
    void refusesAMissingRequiredField() {
        assertRefused(resizedHeaders(), "{\"claimUid\":\"" + Samples.UID + "\",\"namespace\":\"shop\",\"claimName\":\"data\","
                + "\"requestedBytes\":1024}", "serverId", "is required");
    }

    @Test
    void refusesANullRequiredField() {
        assertRefused(resizedHeaders(), "{\"claimUid\":\"" + Samples.UID + "\",\"namespace\":null,\"claimName\":\"data\","
                + "\"serverId\":\"nfs-1\",\"requestedBytes\":1024}", "namespace", "is required");
    }

    @Test
    void refusesANegativeSize() {
        assertRefused(resizedHeaders(), resized("shop", "data", -1), "requestedBytes", "must be positive");
    }

    @Test
    void refusesAnOverlongName() {
        assertRefused(resizedHeaders(), resized("n".repeat(64), "data", 1024), "namespace", "longer than 63 bytes");
        assertRefused(resizedHeaders(), resized("shop", "c".repeat(254), 1024), "claimName", "longer than 253 bytes");
    }

    @Test
    void refusesAnEmptyName() {
        assertRefused(resizedHeaders(), resized("shop", " ", 1024), "claimName", "must not be empty");
    }

    @Test
    void refusesANestedFieldOutOfRangeNamingItsPath() {
        EventCodec.Encoded encoded = codec.encode(new ExportReady(Samples.export(ExportPhase.READY)));
        String json = new String(encoded.value(), StandardCharsets.UTF_8).replace("\"requestedBytes\":5368709120",
                "\"requestedBytes\":-5");

        assertRefused(encoded.headers(), json, "export.requestedBytes", "must not be negative");
    }

    @Test
    void refusesAnExportEventWhosePhaseContradictsItsType() {
        EventCodec.Encoded encoded = codec.encode(new ExportReady(Samples.export(ExportPhase.READY)));
        String json = new String(encoded.value(), StandardCharsets.UTF_8).replace("\"phase\":\"READY\"", "\"phase\":\"DELETED\"");

        assertRefused(encoded.headers(), json, "export.phase", "must be READY");
    }

    @Test
    void refusesAnUnknownEnumValue() {
        EventCodec.Encoded encoded = codec.encode(new ExportReady(Samples.export(ExportPhase.READY)));
        String json = new String(encoded.value(), StandardCharsets.UTF_8).replace("\"onDelete\":\"ARCHIVE\"", "\"onDelete\":\"SHRED\"");

        assertRefused(encoded.headers(), json, "export.onDelete", "");
    }

    @Test
    void refusesAValueThatIsNotJsonOrMissing() {
        assertRefused(resizedHeaders(), "not json", "value", "not JSON");
        assertRefused(resizedHeaders(), "", "value", "is required");
        assertRefused(resizedHeaders(), "[1,2]", "value", "wrong form");
    }

    @Test
    void refusesAKeyThatIsNotTheClaimUid() {
        EventCodec.Encoded encoded = codec.encode(new ClaimResized(Samples.UID, "shop", "data", "nfs-1", 1024));

        assertThatThrownBy(() -> EventCodec.decode("another-uid", encoded.headers(), encoded.value()))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.field()).isEqualTo("key");
                    assertThat(e.getMessage()).contains(Samples.UID, "another-uid");
                });
    }

    @Test
    void refusesToBuildAHalfFilledEvent() {
        assertThatThrownBy(() -> new ClaimReleased(Samples.UID, "shop", null, "pvc-x", "nfs-1"))
                .isInstanceOf(InvalidEventException.class).hasMessage("claimName is required");
        assertThatThrownBy(() -> new CapacityReported("nfs-1", 1, 1, 1, 1, 1, 0.0, Samples.T0))
                .isInstanceOf(InvalidEventException.class).hasMessageStartingWith("overcommitRatio");
        assertThatThrownBy(() -> new ExportReclaimed(Samples.export(ExportPhase.READY), ""))
                .isInstanceOf(InvalidEventException.class).hasMessageStartingWith("export.phase");
    }

    @Test
    void aCloneCarriesItsSourceClaimOfTheSameNamespace() {
        ClaimRequested plain = (ClaimRequested) Samples.everyType().get(0);
        String sourceUid = "0f6c1d9a-2b3c-4d5e-8f90-a1b2c3d4e5f6";
        ClaimRequested clone = plain.cloning("data-source", sourceUid);

        var encoded = codec.encode(clone);
        ClaimRequested read = (ClaimRequested) EventCodec.decode(Samples.UID, encoded.headers(), encoded.value());

        assertThat(read).isEqualTo(clone);
        assertThat(read.clones()).isTrue();
        assertThat(read.sourceNamespace()).isEqualTo("shop");
        assertThat(plain.clones()).isFalse();
        assertThatThrownBy(() -> new ClaimRequested(clone.claimUid(), clone.namespace(), clone.claimName(),
                clone.volumeName(), clone.storageClassName(), clone.serverId(), clone.requestedBytes(),
                clone.accessModes(), clone.onDelete(), clone.pathPattern(), clone.labels(), clone.annotations(),
                clone.reclaimPolicy(), false, "", "other", "data-source", sourceUid, "", ""))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.field()).isEqualTo("sourceNamespace"));
        assertThat(plain.retainingArchiveFor("7d").archiveRetention()).isEqualTo("7d");
        for (String bad : List.of("7", "7 days", "-1d", "1y", "1234567d", "1d2h")) {
            assertThatThrownBy(() -> plain.retainingArchiveFor(bad))
                    .isInstanceOfSatisfying(InvalidEventException.class,
                            e -> assertThat(e.field()).isEqualTo("archiveRetention"));
        }
        assertThatThrownBy(() -> plain.cloning("data-source", "not a uid"))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.field()).isEqualTo("sourceClaimUid"));
        assertThatThrownBy(() -> plain.cloning("data", Samples.UID))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.getMessage()).contains("the claim itself"));
    }

    @Test
    void aRestoreNamesTheArchiveByItsClaimsUidAndIsNoCloneToo() {
        ClaimRequested plain = (ClaimRequested) Samples.everyType().get(0);
        String archive = "0f6c1d9a-2b3c-4d5e-8f90-a1b2c3d4e5f6";
        ClaimRequested restore = plain.restoringFrom(archive);

        var encoded = codec.encode(restore);
        ClaimRequested read = (ClaimRequested) EventCodec.decode(Samples.UID, encoded.headers(), encoded.value());

        assertThat(read).isEqualTo(restore);
        assertThat(read.restores()).isTrue();
        assertThat(plain.restores()).isFalse();
        assertThatThrownBy(() -> plain.restoringFrom("../etc"))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.field()).isEqualTo("restoreFrom"));
        assertThatThrownBy(() -> plain.restoringFrom(Samples.UID))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.getMessage()).contains("the claim itself"));
        assertThatThrownBy(() -> restore.cloning("data-source", "1f6c1d9a-2b3c-4d5e-8f90-a1b2c3d4e5f6"))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.field()).isEqualTo("restoreFrom"));
    }

    private static String resized(String namespace, String claimName, long bytes) {
        return "{\"claimUid\":\"" + Samples.UID + "\",\"namespace\":\"" + namespace + "\",\"claimName\":\"" + claimName
                + "\",\"serverId\":\"nfs-1\",\"requestedBytes\":" + bytes + "}";
    }

    private Map<String, String> resizedHeaders() {
        return codec.encode(new ClaimResized(Samples.UID, "shop", "data", "nfs-1", 1024)).headers();
    }

    private Map<String, String> withHeader(String name, String value) {
        Map<String, String> headers = new HashMap<>(resizedHeaders());
        headers.put(name, value);
        return headers;
    }

    private void assertRefused(Map<String, String> headers, String json, String field, String messagePart) {
        byte[] value = json == null ? resized("shop", "data", 1024).getBytes(StandardCharsets.UTF_8)
                : json.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventCodec.decode(Samples.UID, headers, value))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(field).contains(messagePart);
                });
    }
}
