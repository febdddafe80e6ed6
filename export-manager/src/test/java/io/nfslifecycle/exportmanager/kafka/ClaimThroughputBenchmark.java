package io.nfslifecycle.exportmanager.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * Not a test (surefire's default includes leave *Benchmark out): prints how long 1000 new claims and then 10,000
 * replayed duplicates take from the first send to the last result on {@code nfs-lifecycle.exports}, through the real
 * broker, the real filesystem and fsynced records. Run:
 * {@code ./mvnw -B -q test -pl export-manager -Dtest=ClaimThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
@QuarkusTest
@TestProfile(TemporaryExportRoot.class)
@QuarkusTestResource(LocalKafkaResource.class)
class ClaimThroughputBenchmark {
    private static final int CLAIMS = 1000;
    private static final int DUPLICATES = 10_000;
    private static final EventCodec WATCHER = new EventCodec("/nfs-lifecycle/claim-watcher");

    @Test
    void measure() throws Exception {
        List<ClaimRequested> claims = new ArrayList<>();
        for (int i = 0; i < CLAIMS; i++) {
            claims.add(Claims.requested(UUID.randomUUID().toString(), "bench", "claim-" + i, 1 << 20,
                    OnDelete.DELETE, "", Map.of(), Map.of(), TemporaryExportRoot.SERVER));
        }
        Set<String> uids = new HashSet<>();
        claims.forEach(c -> uids.add(c.claimUid()));

        try (KafkaProducer<String, byte[]> producer = producer();
                TopicProbe exports = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(), Topics.EXPORTS)) {
            long start = System.nanoTime();
            for (ClaimRequested claim : claims) {
                producer.send(WATCHER.toProducerRecord(claim));
            }
            producer.flush();
            awaitResults(exports, uids, CLAIMS);
            double newClaims = (System.nanoTime() - start) / 1e9;

            start = System.nanoTime();
            for (int i = 0; i < DUPLICATES; i++) {
                producer.send(WATCHER.toProducerRecord(claims.get(i % CLAIMS)));
            }
            producer.flush();
            awaitResults(exports, uids, CLAIMS + DUPLICATES);
            double duplicates = (System.nanoTime() - start) / 1e9;

            System.out.printf("%nBENCHMARK %d new claims: %.2f s (%.0f/s); %d replayed duplicates: %.2f s (%.0f/s)%n%n",
                    CLAIMS, newClaims, CLAIMS / newClaims, DUPLICATES, duplicates, DUPLICATES / duplicates);
        }
    }

    private static void awaitResults(TopicProbe exports, Set<String> uids, int expected) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long seen = 0;
        while (System.nanoTime() < deadline) {
            seen = 0;
            for (ConsumerRecord<String, byte[]> r : exports.received()) {
                if (uids.contains(r.key())
                        && EventTypes.EXPORT_READY.equals(TopicProbe.headers(r).get(EventCodec.CE_TYPE))) {
                    seen++;
                }
            }
            if (seen >= expected) {
                return;
            }
        }
        assertThat(seen).as("results within 5 minutes").isGreaterThanOrEqualTo(expected);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalKafkaResource.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }
}
