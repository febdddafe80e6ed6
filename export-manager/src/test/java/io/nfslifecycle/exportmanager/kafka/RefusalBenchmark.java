package io.nfslifecycle.exportmanager.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.TemporaryExportRoot;
import io.nfslifecycle.localkafka.Flood;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Not a test: prints how long the export manager takes to drain 10,000 bad records (every kind of the flood tests,
 * 100 valid claims among them), from the first send to the last dead letter, three rounds. Run:
 * {@code ./mvnw -B -q test -pl export-manager -am -Dtest=RefusalBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
@QuarkusTest
@TestProfile(TemporaryExportRoot.class)
@QuarkusTestResource(LocalKafkaResource.class)
class RefusalBenchmark {
    private static final EventCodec WATCHER = new EventCodec("/nfs-lifecycle/claim-watcher");

    @Test
    void measure() {
        List<String> rounds = new ArrayList<>();
        try (TopicProbe dlq = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(),
                Topics.deadLetter(Topics.EXPORT_MANAGER))) {
            for (int round = 0; round < 3; round++) {
                List<ProducerRecord<String, byte[]>> valid = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    valid.add(WATCHER.toProducerRecord(Claims.requested(UUID.randomUUID().toString(), "bench",
                            "c-" + round + "-" + i, 1 << 20, OnDelete.DELETE, "", Map.of(), Map.of(),
                            TemporaryExportRoot.SERVER)));
                }
                Map<Integer, Long> before = Flood.endOffsets(LocalKafkaResource.broker(), Topics.CLAIMS);
                long start = System.nanoTime();
                Flood.Sent sent = Flood.send(LocalKafkaResource.bootstrapServers(), valid, 10_000, round);
                long deadline = start + Duration.ofMinutes(5).toNanos();
                int seen = 0;
                while (seen < sent.badOnTopic() && System.nanoTime() < deadline) {
                    // each dead letter is looked at once
                    seen += Flood.deadLettersSince(dlq.poll(), Topics.CLAIMS, before).size();
                }
                rounds.add(String.format("%.2f s", (System.nanoTime() - start) / 1e9));
            }
        }
        System.out.printf("%nBENCHMARK 10,000 bad records (16 kinds) among 100 claims, send to last dead letter: %s%n%n",
                String.join(", ", rounds));
    }
}
