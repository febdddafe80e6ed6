package io.nfslifecycle.exportmanager.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.TemporaryExportRoot;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Not a test (surefire's default includes leave *Benchmark out): prints how long four rounds of 1000 new claims (the
 * first right after start, JIT cold) and then 10,000 replayed duplicates take from the first send to the last result
 * on {@code nfs-lifecycle.exports}, through the real broker, the real filesystem and fsynced records. Run:
 * {@code ./mvnw -B -q test -pl export-manager -am -Dtest=ClaimThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
@QuarkusTest
@TestProfile(TemporaryExportRoot.class)
@QuarkusTestResource(LocalKafkaResource.class)
class ClaimThroughputBenchmark {
    private static final int CLAIMS = 1000;
    private static final int ROUNDS = 4;
    private static final int DUPLICATES = 10_000;
    private static final EventCodec WATCHER = new EventCodec("/nfs-lifecycle/claim-watcher");

    @Test
    void measure() throws Exception {
        try (KafkaProducer<String, byte[]> producer = TopicProbe.producer(LocalKafkaResource.bootstrapServers());
                TopicProbe exports = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(), Topics.EXPORTS)) {
            List<String> rounds = new ArrayList<>();
            List<ClaimRequested> claims = List.of();
            for (int round = 0; round < ROUNDS; round++) {
                claims = newClaims(round);
                rounds.add(String.format("%.2f s", send(producer, exports, claims, CLAIMS)));
            }
            List<ClaimRequested> last = claims;
            List<ClaimRequested> replays = new ArrayList<>();
            for (int i = 0; i < DUPLICATES; i++) {
                replays.add(last.get(i % CLAIMS));
            }
            double duplicates = send(producer, exports, replays, DUPLICATES);
            System.out.printf("%nBENCHMARK %d new claims, %d rounds (the first right after start, JIT cold): %s; "
                    + "%d replayed duplicates: %.2f s (%.0f/s)%n%n", CLAIMS, ROUNDS, String.join(", ", rounds),
                    DUPLICATES, duplicates, DUPLICATES / duplicates);
            double roundTrip = kafkaRoundTrip(producer);
            System.out.printf("BENCH storage side: %d claims over Kafka, first round after start | %s%n", CLAIMS,
                    rounds.get(0));
            System.out.printf("BENCH storage side: %d claims over Kafka, warm (last round) | %s%n", CLAIMS,
                    rounds.get(ROUNDS - 1));
            System.out.printf("BENCH kafka floor: %d records produced and consumed back on loopback | %.3f s%n%n",
                    CLAIMS, roundTrip);
        }
    }

    /** Seconds for 1000 records produced to a topic of their own and read back: two hops' floor. */
    private static double kafkaRoundTrip(KafkaProducer<String, byte[]> producer) throws Exception {
        String topic = "bench-round-trip-" + UUID.randomUUID();
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                "bootstrap.servers", LocalKafkaResource.bootstrapServers()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get();
        }
        byte[] value = new byte[600];
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "warm", value)).get();
        try (TopicProbe probe = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(), topic)) {
            probe.await(r -> true, Duration.ofSeconds(30));
            int before = probe.received().size();
            long start = System.nanoTime();
            for (int i = 0; i < CLAIMS; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "k" + i, value));
            }
            producer.flush();
            while (probe.received().size() < before + CLAIMS) {
                probe.poll();
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static List<ClaimRequested> newClaims(int round) {
        List<ClaimRequested> claims = new ArrayList<>();
        for (int i = 0; i < CLAIMS; i++) {
            claims.add(Claims.requested(UUID.randomUUID().toString(), "bench", "claim-" + round + "-" + i, 1 << 20,
                    OnDelete.DELETE, "", Map.of(), Map.of(), TemporaryExportRoot.SERVER));
        }
        return claims;
    }

    /** Sends the claims and returns the seconds until {@code expected} export.ready results of them are read. */
    private static double send(KafkaProducer<String, byte[]> producer, TopicProbe exports,
            List<ClaimRequested> claims, int expected) {
        Set<String> uids = new HashSet<>();
        claims.forEach(c -> uids.add(c.claimUid()));
        long start = System.nanoTime();
        for (ClaimRequested claim : claims) {
            producer.send(WATCHER.toProducerRecord(claim));
        }
        producer.flush();
        long deadline = start + Duration.ofMinutes(5).toNanos();
        long seen = 0;
        // each record is looked at once: rescanning all that was read would cost the machine's CPU
        while (seen < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : exports.poll()) {
                if (uids.contains(r.key())
                        && EventTypes.EXPORT_READY.equals(TopicProbe.headers(r).get(EventCodec.CE_TYPE))) {
                    seen++;
                }
            }
        }
        assertThat(seen).as("results within 5 minutes").isGreaterThanOrEqualTo(expected);
        return (System.nanoTime() - start) / 1e9;
    }
}
