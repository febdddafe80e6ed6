package io.nfslifecycle.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class DeadLetterRecordTest {
    private static final int LIMIT = DeadLetterRecord.DEFAULT_MAX_BYTES;

    private static Received received(String key, byte[] value, List<Header> headers) {
        return new Received("nfs-lifecycle.claims", 2, 41, key, headers, value);
    }

    private static Map<String, String> headers(ProducerRecord<String, byte[]> record) {
        Map<String, String> out = new HashMap<>();
        for (Header h : record.headers()) {
            out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void aSmallRecordIsCopiedWholeWithWhereItCameFromAndWhy() {
        List<Header> original = List.of(new RecordHeader("ce_type", "x".getBytes(StandardCharsets.UTF_8)));
        byte[] value = "{\"requestedBytes\":-1}".getBytes(StandardCharsets.UTF_8);

        ProducerRecord<String, byte[]> copy = DeadLetterRecord.of(received("uid-1", value, original),
                "nfs-lifecycle.export-manager.dlq", "requestedBytes must be positive (was -1)", null, LIMIT, false);

        assertThat(copy.topic()).isEqualTo("nfs-lifecycle.export-manager.dlq");
        assertThat(copy.key()).isEqualTo("uid-1");
        assertThat(copy.value()).isEqualTo(value);
        assertThat(headers(copy)).containsEntry("ce_type", "x")
                .containsEntry(DeadLetterRecord.REASON, "requestedBytes must be positive (was -1)")
                .containsEntry(DeadLetterRecord.TOPIC, "nfs-lifecycle.claims")
                .containsEntry(DeadLetterRecord.PARTITION, "2").containsEntry(DeadLetterRecord.OFFSET, "41")
                .doesNotContainKeys(DeadLetterRecord.VALUE_TRUNCATED, DeadLetterRecord.KEY_TRUNCATED,
                        DeadLetterRecord.HEADERS_DROPPED);
    }

    @Test
    void aRecordJustUnderTheBrokerLimitIsCutToFitAndSaysSo() {
        byte[] value = new byte[1_048_000];
        Arrays.fill(value, (byte) 'a');
        List<Header> original = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            original.add(new RecordHeader("ce_" + i, "v".repeat(40).getBytes(StandardCharsets.UTF_8)));
        }

        ProducerRecord<String, byte[]> copy = DeadLetterRecord.of(received("uid-2", value, original), "dlq",
                "value is larger than 1048576 bytes", new IllegalStateException("x"), LIMIT, false);

        assertThat(DeadLetterRecord.weight(copy)).isLessThanOrEqualTo(LIMIT);
        assertThat(copy.value().length).isLessThan(value.length).isGreaterThan(LIMIT - 10_000);
        assertThat(headers(copy)).containsEntry(DeadLetterRecord.VALUE_TRUNCATED, "1048000")
                .containsEntry(DeadLetterRecord.EXCEPTION, IllegalStateException.class.getName())
                .containsKey("ce_6");
    }

    @Test
    void hugeKeysAndHeadersAreCutOrLeftOutAndCounted() {
        String key = "k".repeat(500_000);
        List<Header> original = new ArrayList<>();
        original.add(new RecordHeader("small", "s".getBytes(StandardCharsets.UTF_8)));
        original.add(new RecordHeader("huge", new byte[600_000]));
        original.add(new RecordHeader("huge-2", new byte[300_000]));

        ProducerRecord<String, byte[]> copy = DeadLetterRecord.of(received(key, new byte[100_000], original), "dlq",
                "key must be a claim uid", null, LIMIT, false);

        assertThat(DeadLetterRecord.weight(copy)).isLessThanOrEqualTo(LIMIT);
        assertThat(copy.key()).hasSize(DeadLetterRecord.MAX_KEY_BYTES);
        assertThat(headers(copy)).containsEntry(DeadLetterRecord.KEY_TRUNCATED, "500000")
                .containsEntry(DeadLetterRecord.HEADERS_DROPPED, "1").containsKey("small").containsKey("huge-2")
                .doesNotContainKey("huge");
        assertThat(copy.value()).hasSize(100_000);
    }

    @Test
    void theMinimalCopyKeepsOnlyWhereItCameFromAndWhy() {
        List<Header> original = List.of(new RecordHeader("ce_type", "x".getBytes(StandardCharsets.UTF_8)));

        ProducerRecord<String, byte[]> copy = DeadLetterRecord.of(received("uid-3", new byte[5000], original), "dlq",
                "bad", null, LIMIT, true);

        assertThat(copy.value()).isEmpty();
        assertThat(headers(copy)).containsEntry(DeadLetterRecord.VALUE_TRUNCATED, "5000")
                .containsEntry(DeadLetterRecord.HEADERS_DROPPED, "1").containsEntry(DeadLetterRecord.OFFSET, "41")
                .doesNotContainKey("ce_type");
    }

    @Test
    void controlCharactersInTheReasonAreEscaped() {
        ProducerRecord<String, byte[]> copy = DeadLetterRecord.of(received("u", null, List.of()), "dlq",
                "claimName must not contain NUL (was 'a\0b\nc\u001b[31m')", null, LIMIT, false);

        assertThat(headers(copy).get(DeadLetterRecord.REASON))
                .isEqualTo("claimName must not contain NUL (was 'a\\0b\\nc\\u001b[31m')");
        assertThat(copy.value()).isNull();
    }
}
