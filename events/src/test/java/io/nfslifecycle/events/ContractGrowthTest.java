package io.nfslifecycle.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A record from an older producer, without the fields added since, is read with their defaults. */
class ContractGrowthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventCodec codec = new EventCodec("/nfs-lifecycle/test");

    private Event withoutFields(Event event, String... fields) throws Exception {
        ProducerRecord<String, byte[]> record = codec.toProducerRecord(event);
        ObjectNode tree = (ObjectNode) JSON.readTree(record.value());
        for (String field : fields) {
            if (!tree.has(field) && tree.has("export")) {
                ((ObjectNode) tree.get("export")).remove(field);
            }
            tree.remove(field);
        }
        return EventCodec.decode(record.key(), EventCodec.headers(record.headers()),
                JSON.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anOlderClaimRequestIsOfAClassWithReclaimPolicyDeleteThatAdoptsNothing() throws Exception {
        ClaimRequested requested = new ClaimRequested(Samples.UID, "shop", "data", "pvc-" + Samples.UID, "nfs",
                "nfs-1", 1L << 30, List.of("ReadWriteOnce"), OnDelete.ARCHIVE, "", Map.of(), Map.of(),
                ReclaimPolicy.RETAIN, true);

        ClaimRequested old = (ClaimRequested) withoutFields(requested, "reclaimPolicy", "adoptExisting");

        assertThat(old.reclaimPolicy()).isEqualTo(ReclaimPolicy.DELETE);
        assertThat(old.adoptExisting()).isFalse();
        assertThat(old.claimName()).isEqualTo("data");
    }

    @Test
    void anOlderExportRecordHasNoClassNoDirectoryAndReclaimPolicyDelete() throws Exception {
        ExportReady ready = new ExportReady(Samples.export(ExportPhase.READY));

        ExportReady old = (ExportReady) withoutFields(ready, "storageClassName", "directory", "reclaimPolicy");

        assertThat(old.export()).isEqualTo(Samples.export(ExportPhase.READY));
    }

    @Test
    void anOlderRefusalHasNoRefusedSizeAndAnOlderResizeNoVolume() throws Exception {
        ExportFailed failed = new ExportFailed(Samples.export(ExportPhase.READY), ExportFailed.Operation.RESIZE,
                ExportFailed.INSUFFICIENT_CAPACITY, "no room", true, 9L << 30);
        ClaimResized resized = new ClaimResized(Samples.UID, "shop", "data", "nfs-1", 8L << 30, "pvc-" + Samples.UID);

        assertThat(((ExportFailed) withoutFields(failed, "requestedBytes")).requestedBytes()).isZero();
        assertThat(((ClaimResized) withoutFields(resized, "volumeName")).volumeName()).isEmpty();
    }

    @Test
    void theKubernetesSpellingOfTheReclaimPolicyIsWhatTravels() {
        ClaimReleased released = new ClaimReleased(Samples.UID, "shop", "data", "pvc-" + Samples.UID, "nfs-1",
                ReclaimPolicy.RETAIN);

        assertThat(new String(codec.toProducerRecord(released).value(), StandardCharsets.UTF_8))
                .contains("\"reclaimPolicy\":\"Retain\"");
    }
}
