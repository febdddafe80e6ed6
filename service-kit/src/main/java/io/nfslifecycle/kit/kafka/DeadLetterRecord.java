package io.nfslifecycle.kit.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.nfslifecycle.events.OneLine;

/**
 * The dead-letter copy of a refused record, made to fit the producer's limit whatever was received. The copy keeps
 * the original key, headers and value when they fit together with the dead-letter headers (where it came from and
 * why it was refused, the names SmallRye's dead-letter strategy uses); a record that does not fit keeps a cut key,
 * as many original headers as fit, and the first bytes of its value, and says so in headers of its own.
 */
public final class DeadLetterRecord {
    /** Under Kafka's default {@code max.request.size} (1 MiB), with room for the batch's own overhead. */
    public static final int DEFAULT_MAX_BYTES = 1_000_000;
    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String EXCEPTION = "dead-letter-exception-class-name";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    /** Set when the value was cut: the original value's size in bytes. */
    public static final String VALUE_TRUNCATED = "dead-letter-value-truncated";
    /** Set when the key was cut: the original key's size in bytes. */
    public static final String KEY_TRUNCATED = "dead-letter-key-truncated";
    /** Set when original headers were left out: how many. */
    public static final String HEADERS_DROPPED = "dead-letter-headers-dropped";

    static final int MAX_KEY_BYTES = 1024;
    private static final int PER_RECORD = 128;
    private static final int PER_HEADER = 8;

    private DeadLetterRecord() {
    }

    /**
     * @param deadLetterTopic where it goes
     * @param reason          why it was refused; made one line
     * @param failure         what was thrown, for the exception header; may be null
     * @param maxBytes        the most the copy may weigh, everything counted
     * @param minimal         leave out the original headers and value altogether (a second try after a refusal)
     */
    public static ProducerRecord<String, byte[]> of(Received received, String deadLetterTopic, String reason,
            Throwable failure, int maxBytes, boolean minimal) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, REASON, OneLine.of(reason, 1000));
        if (failure != null) {
            add(headers, EXCEPTION, failure.getClass().getName());
            if (failure.getCause() != null) {
                add(headers, CAUSE, OneLine.of(String.valueOf(failure.getCause().getMessage()), 500));
            }
        }
        add(headers, TOPIC, received.topic());
        add(headers, PARTITION, Integer.toString(received.partition()));
        add(headers, OFFSET, Long.toString(received.offset()));

        String key = received.key();
        byte[] keyBytes = key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
        if (keyBytes.length > MAX_KEY_BYTES) {
            add(headers, KEY_TRUNCATED, Integer.toString(keyBytes.length));
            key = new String(Arrays.copyOf(keyBytes, MAX_KEY_BYTES), StandardCharsets.UTF_8);
            keyBytes = key.getBytes(StandardCharsets.UTF_8);
        }
        int used = PER_RECORD + keyBytes.length + size(headers) + headerSize(VALUE_TRUNCATED, "2147483647")
                + headerSize(HEADERS_DROPPED, "2147483647");

        int dropped = 0;
        for (Header original : received.headers()) {
            int weight = headerSize(original.key(), original.value());
            if (minimal || used + weight > maxBytes / 2) {
                dropped++;
                continue;
            }
            headers.add(original.key(), original.value());
            used += weight;
        }
        if (dropped > 0) {
            add(headers, HEADERS_DROPPED, Integer.toString(dropped));
        }

        byte[] value = received.value();
        if (value != null && (minimal || used + value.length > maxBytes)) {
            add(headers, VALUE_TRUNCATED, Integer.toString(value.length));
            value = minimal ? new byte[0] : Arrays.copyOf(value, Math.max(0, maxBytes - used));
        }
        return new ProducerRecord<>(deadLetterTopic, null, key, value, headers);
    }

    /** What the record weighs, as {@link #of} counts it. */
    public static int weight(ProducerRecord<String, byte[]> record) {
        int keyBytes = record.key() == null ? 0 : record.key().getBytes(StandardCharsets.UTF_8).length;
        int valueBytes = record.value() == null ? 0 : record.value().length;
        int headers = 0;
        for (Header h : record.headers()) {
            headers += headerSize(h.key(), h.value());
        }
        return PER_RECORD + keyBytes + valueBytes + headers;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static int size(RecordHeaders headers) {
        int total = 0;
        for (Header h : headers) {
            total += headerSize(h.key(), h.value());
        }
        return total;
    }

    private static int headerSize(String key, String value) {
        return headerSize(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static int headerSize(String key, byte[] value) {
        return PER_HEADER + (key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length)
                + (value == null ? 0 : value.length);
    }
}
