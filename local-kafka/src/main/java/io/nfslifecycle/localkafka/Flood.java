package io.nfslifecycle.localkafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * What a buggy or hostile producer sends: bad records of many kinds made from valid ones, mixed at random with the
 * valid ones, on the broker's default limits. Every bad record breaks the contract in one way; those over the
 * broker's limit are refused by the broker and never reach the topic, and are counted apart.
 */
public final class Flood {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Under the broker's default message.max.bytes (1,048,588) with the record's own overhead. */
    public static final int JUST_UNDER_LIMIT = 1_047_000;
    public static final int JUST_OVER_LIMIT = 1_049_000;

    /** What was sent. */
    public record Sent(int valid, int bad, int refusedByBroker, Map<String, Integer> byKind) {
        /** Bad records that reached the topic: each must be refused by the consumer. */
        public int badOnTopic() {
            return bad - refusedByBroker;
        }
    }

    private record Kind(String name, int weight, BiFunction<ProducerRecord<String, byte[]>, Random,
            ProducerRecord<String, byte[]>> make) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("random-bytes", 10, (r, rnd) -> with(r, bytes(rnd, 1 + rnd.nextInt(2000)))),
            new Kind("empty-value", 10, (r, rnd) -> with(r, new byte[0])),
            new Kind("no-ce-headers", 10, (r, rnd) -> new ProducerRecord<>(r.topic(), null, r.key(), r.value(),
                    new RecordHeaders())),
            new Kind("unknown-type", 10, (r, rnd) -> header(r, "ce_type", "io.evil.thing." + rnd.nextInt(1000) + ".v1")),
            new Kind("negative-size", 10, (r, rnd) -> json(r, "requestedBytes", JSON.getNodeFactory().numberNode(-1))),
            new Kind("dot-dot-name", 10, (r, rnd) -> json(r, "claimName", TextNode.valueOf("../../etc/passwd"))),
            new Kind("long-namespace", 10, (r, rnd) -> json(r, "namespace", TextNode.valueOf("n".repeat(300)))),
            new Kind("control-characters", 10, (r, rnd) -> json(r, "claimName", TextNode.valueOf("a\0b\n\u001b[31m"))),
            new Kind("wrong-type", 10, (r, rnd) -> json(r, "requestedBytes", TextNode.valueOf("lots"))),
            new Kind("missing-field", 10, (r, rnd) -> remove(r, "claimUid")),
            new Kind("not-json", 10, (r, rnd) -> with(r, "{ \"oops\": ".getBytes(StandardCharsets.UTF_8))),
            new Kind("key-mismatch", 10, (r, rnd) -> new ProducerRecord<>(r.topic(), null, "not-" + r.key(), r.value(),
                    r.headers())),
            new Kind("null-key", 5, (r, rnd) -> new ProducerRecord<>(r.topic(), null, (String) null, r.value(), copy(r.headers()))),
            new Kind("huge-header", 2, (r, rnd) -> header(negative(r), "x-junk", "j".repeat(200_000))),
            new Kind("just-under-limit", 1, (r, rnd) -> with(r, padded(negative(r).value(), JUST_UNDER_LIMIT))),
            new Kind("just-over-limit", 1, (r, rnd) -> with(r, padded(negative(r).value(), JUST_OVER_LIMIT))));

    private Flood() {
    }

    /**
     * Sends the valid records and {@code badCount} bad ones made from them, shuffled together, and waits until the
     * broker answered for each.
     */
    public static Sent send(String bootstrap, List<ProducerRecord<String, byte[]>> valid, int badCount, long seed) {
        Random random = new Random(seed);
        // a compacted topic's broker refuses a record without a key, and with it the whole batch
        boolean compacted = io.nfslifecycle.events.Topics.compacted(valid.get(0).topic());
        List<Kind> kinds = KINDS.stream().filter(k -> !(compacted && k.name().equals("null-key"))).toList();
        int totalWeight = kinds.stream().mapToInt(Kind::weight).sum();
        List<ProducerRecord<String, byte[]>> all = new ArrayList<>(valid);
        List<String> kindOf = new ArrayList<>(Collections.nCopies(valid.size(), "valid"));
        Map<String, Integer> byKind = new TreeMap<>();
        for (int i = 0; i < badCount; i++) {
            // every kind at least once, then as weighted
            Kind kind = i < kinds.size() ? kinds.get(i) : pick(kinds, random, totalWeight);
            all.add(kind.make().apply(valid.get(random.nextInt(valid.size())), random));
            kindOf.add(kind.name());
            byKind.merge(kind.name(), 1, Integer::sum);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        AtomicInteger refused = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (int i : order) {
                String kind = kindOf.get(i);
                producer.send(all.get(i), (metadata, failure) -> {
                    if (failure instanceof RecordTooLargeException && !"valid".equals(kind)) {
                        refused.incrementAndGet();
                    } else if (failure != null) {
                        failures.merge(kind + ": " + failure, 1, Integer::sum);
                    }
                });
            }
            producer.flush();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the broker refused records it should have taken: " + failures);
        }
        return new Sent(valid.size(), badCount, refused.get(), byKind);
    }

    /** Each partition's end offset of the topic now: what a flood sends comes after. */
    public static Map<Integer, Long> endOffsets(LocalKafka kafka, String topic) {
        try (org.apache.kafka.clients.admin.Admin admin = kafka.admin()) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new TreeMap<>(
                    java.util.Comparator.comparingInt(org.apache.kafka.common.TopicPartition::partition));
            partitions.forEach(p -> latest.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                    org.apache.kafka.clients.admin.OffsetSpec.latest()));
            Map<Integer, Long> out = new TreeMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> out.put(tp.partition(), info.offset()));
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e);
        }
    }

    /** The dead letters of records put on {@code topic} after {@code before} (its end offsets then). */
    public static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> deadLettersSince(
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> deadLetters, String topic,
            Map<Integer, Long> before) {
        return deadLetters.stream().filter(r -> {
            Map<String, String> h = TopicProbe.headers(r);
            return topic.equals(h.get("dead-letter-topic"))
                    && Long.parseLong(h.get("dead-letter-offset"))
                            >= before.getOrDefault(Integer.parseInt(h.get("dead-letter-partition")), 0L);
        }).toList();
    }

    /** The kinds of bad record, by name. */
    public static List<String> kinds() {
        return KINDS.stream().map(Kind::name).toList();
    }

    private static Kind pick(List<Kind> kinds, Random random, int totalWeight) {
        int at = random.nextInt(totalWeight);
        for (Kind kind : kinds) {
            at -= kind.weight();
            if (at < 0) {
                return kind;
            }
        }
        return kinds.get(0);
    }

    private static ProducerRecord<String, byte[]> with(ProducerRecord<String, byte[]> r, byte[] value) {
        return new ProducerRecord<>(r.topic(), null, r.key(), value, copy(r.headers()));
    }

    private static ProducerRecord<String, byte[]> header(ProducerRecord<String, byte[]> r, String name, String value) {
        RecordHeaders headers = copy(r.headers());
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(r.topic(), null, r.key(), r.value(), headers);
    }

    private static RecordHeaders copy(Iterable<Header> headers) {
        RecordHeaders out = new RecordHeaders();
        headers.forEach(h -> out.add(h.key(), h.value()));
        return out;
    }

    private static ProducerRecord<String, byte[]> json(ProducerRecord<String, byte[]> r, String field, JsonNode value) {
        try {
            JsonNode tree = JSON.readTree(r.value());
            if (!set(tree, field, value)) {
                throw new IllegalArgumentException("the record has no field " + field);
            }
            return with(r, JSON.writeValueAsBytes(tree));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ProducerRecord<String, byte[]> negative(ProducerRecord<String, byte[]> r) {
        return json(r, "requestedBytes", JSON.getNodeFactory().numberNode(-1));
    }

    private static ProducerRecord<String, byte[]> remove(ProducerRecord<String, byte[]> r, String field) {
        return json(r, field, null);
    }

    /** Sets (or with null removes) the field wherever it is: at the top, or in the export record. */
    private static boolean set(JsonNode node, String field, JsonNode value) {
        if (!(node instanceof ObjectNode object)) {
            return false;
        }
        if (object.has(field)) {
            if (value == null) {
                object.remove(field);
            } else {
                object.set(field, value);
            }
            return true;
        }
        for (JsonNode child : object) {
            if (set(child, field, value)) {
                return true;
            }
        }
        return false;
    }

    /** The valid JSON with an unknown field that brings it to {@code size} bytes, so only its size is wrong. */
    private static byte[] padded(byte[] value, int size) {
        String json = new String(value, StandardCharsets.UTF_8);
        String head = json.substring(0, json.length() - 1) + ",\"padding\":\"";
        int fill = Math.max(0, size - head.length() - 2);
        return (head + "p".repeat(fill) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Random random, int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }
}
