package io.nfslifecycle.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one place where an {@link Event} becomes a Kafka record and back: the key, CloudEvents 1.0 binary-mode
 * headers and a JSON value. Decoding is strict: anything that does not meet the contract is an
 * {@link InvalidEventException} naming the field, never a half-filled event. Unknown JSON fields are ignored.
 */
public final class EventCodec {
    public static final String SPEC_VERSION = "1.0";
    public static final String CE_SPECVERSION = "ce_specversion";
    public static final String CE_ID = "ce_id";
    public static final String CE_SOURCE = "ce_source";
    public static final String CE_TYPE = "ce_type";
    public static final String CE_TIME = "ce_time";
    public static final String CE_SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";
    public static final String JSON = "application/json";
    /** Larger values are refused before they are parsed. */
    public static final int MAX_VALUE_BYTES = 1 << 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .build();

    /** One reader per record type, made once: a reader made for each record costs as much as the parse. */
    private static final ClassValue<com.fasterxml.jackson.databind.ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected com.fasterxml.jackson.databind.ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type);
        }
    };
    private static final com.fasterxml.jackson.databind.ObjectWriter WRITER = MAPPER.writer();

    private final String source;

    /** @param source the CloudEvents source of what this codec encodes, e.g. {@code /nfs-lifecycle/export-manager/nfs-1} */
    public EventCodec(String source) {
        this.source = Fields.name("source", source, 1024);
    }

    /** An event as Kafka carries it. Headers keep their insertion order. */
    public record Encoded(String topic, String key, Map<String, String> headers, byte[] value) {
        public ProducerRecord<String, byte[]> toProducerRecord() {
            RecordHeaders kafkaHeaders = new RecordHeaders();
            headers.forEach((name, v) -> kafkaHeaders.add(name, v.getBytes(StandardCharsets.UTF_8)));
            return new ProducerRecord<>(topic, null, key, value, kafkaHeaders);
        }
    }

    public Encoded encode(Event event) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CE_SPECVERSION, SPEC_VERSION);
        headers.put(CE_ID, UUID.randomUUID().toString());
        headers.put(CE_SOURCE, source);
        headers.put(CE_TYPE, event.type());
        headers.put(CE_TIME, Instant.now().toString());
        headers.put(CE_SUBJECT, event.subject());
        headers.put(CONTENT_TYPE, JSON);
        try {
            return new Encoded(event.topic(), event.key(), java.util.Collections.unmodifiableMap(headers),
                    WRITER.writeValueAsBytes(event));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + event.type(), e);
        }
    }

    /**
     * Builds the reader and the writer of every contract type now (Jackson makes them on first use, which costs a
     * service's first records tens of milliseconds); any thread, any number of times.
     */
    public static void prepare() {
        for (String type : EventTypes.all()) {
            EventTypes.recordOf(type).ifPresent(recordClass -> {
                READERS.get(recordClass);
                WRITER.forType(recordClass);
            });
        }
    }

    public ProducerRecord<String, byte[]> toProducerRecord(Event event) {
        return encode(event).toProducerRecord();
    }

    public static Event decode(ConsumerRecord<String, byte[]> record) {
        return decode(record.key(), headers(record.headers()), record.value());
    }

    /** Kafka headers as text; of a repeated header the last one counts. */
    public static Map<String, String> headers(Headers headers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Header h : headers) {
            out.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * Decodes and validates one record.
     *
     * @throws InvalidEventException naming the field that breaks the contract
     */
    public static Event decode(String key, Map<String, String> headers, byte[] value) {
        String spec = header(headers, CE_SPECVERSION);
        if (!SPEC_VERSION.equals(spec)) {
            throw new InvalidEventException(CE_SPECVERSION, "must be " + SPEC_VERSION + " (was " + spec + ")");
        }
        header(headers, CE_ID);
        header(headers, CE_SOURCE);
        String time = headers.get(CE_TIME);
        if (time != null) {
            try {
                Instant.parse(time);
            } catch (DateTimeParseException e) {
                throw new InvalidEventException(CE_TIME, "must be an RFC 3339 timestamp (was " + time + ")");
            }
        }
        String contentType = headers.get(CONTENT_TYPE);
        if (contentType != null && !contentType.startsWith(JSON)) {
            throw new InvalidEventException(CONTENT_TYPE, "must be " + JSON + " (was " + contentType + ")");
        }
        String type = header(headers, CE_TYPE);
        Class<? extends Event> recordClass = EventTypes.recordOf(type)
                .orElseThrow(() -> new InvalidEventException(CE_TYPE, "is not a type this contract knows: " + type
                        + " (known: " + EventTypes.all().stream().sorted().collect(Collectors.joining(", ")) + ")"));
        if (value == null || value.length == 0) {
            throw new InvalidEventException("value", "is required: a " + type + " carries a JSON object");
        }
        if (value.length > MAX_VALUE_BYTES) {
            throw new InvalidEventException("value", "is larger than " + MAX_VALUE_BYTES + " bytes (" + value.length + ")");
        }
        Event event = parse(recordClass, value);
        if (key == null || !key.equals(event.key())) {
            throw new InvalidEventException("key", "must be " + event.key() + " for this " + type + " (was " + key + ")");
        }
        return event;
    }

    /**
     * One top-level text field of a value that may break the contract (to learn, say, which server a refused claim
     * was for); empty when the value is not a JSON object or has no such text field.
     */
    public static java.util.Optional<String> peek(byte[] value, String field) {
        if (value == null || value.length == 0 || value.length > MAX_VALUE_BYTES) {
            return java.util.Optional.empty();
        }
        try {
            com.fasterxml.jackson.databind.JsonNode node = MAPPER.readTree(value);
            com.fasterxml.jackson.databind.JsonNode found = node == null ? null : node.get(field);
            return found != null && found.isTextual() ? java.util.Optional.of(found.asText())
                    : java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static String header(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(name, "header is required");
        }
        return value;
    }

    private static Event parse(Class<? extends Event> recordClass, byte[] value) {
        try {
            try {
                return READERS.get(recordClass).readValue(value);
            } catch (MismatchedInputException e) {
                // perhaps an older producer, without a field added since: fill what has a default and read again
                com.fasterxml.jackson.databind.JsonNode tree = MAPPER.readTree(value);
                if (!Defaults.fill(tree, recordClass)) {
                    throw e;
                }
                return MAPPER.treeToValue(tree, recordClass);
            }
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof InvalidEventException invalid) {
                String prefix = path(e);
                String field = prefix.isEmpty() ? invalid.field() : prefix + "." + invalid.field();
                throw new InvalidEventException(field, invalid.problem(), e);
            }
            throw new InvalidEventException(path(e), "is not acceptable: " + e.getOriginalMessage(), e);
        } catch (MismatchedInputException e) {
            String missing = missingProperty(e.getOriginalMessage());
            String prefix = path(e);
            if (missing != null) {
                String field = prefix.equals(missing) || prefix.endsWith("." + missing) ? prefix
                        : prefix.isEmpty() ? missing : prefix + "." + missing;
                throw new InvalidEventException(field, "is required", e);
            }
            throw new InvalidEventException(prefix.isEmpty() ? "value" : prefix, "has the wrong form: "
                    + e.getOriginalMessage(), e);
        } catch (JsonMappingException e) {
            throw new InvalidEventException(path(e).isEmpty() ? "value" : path(e), "is not acceptable: "
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("value", "is not JSON: " + e.getOriginalMessage()
                    + "; the producer must send a JSON object", e);
        } catch (IOException e) {
            throw new InvalidEventException("value", "cannot be read: " + e.getMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** Jackson says {@code Missing creator property 'name' (index 2)}; the field is between the quotes. */
    private static String missingProperty(String message) {
        if (message == null || !message.contains("creator property")) {
            return null;
        }
        int open = message.indexOf('\'');
        int close = message.indexOf('\'', open + 1);
        return open >= 0 && close > open ? message.substring(open + 1, close) : null;
    }
}
