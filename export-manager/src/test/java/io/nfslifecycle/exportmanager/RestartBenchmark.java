package io.nfslifecycle.exportmanager;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;

/**
 * Not a test: prints, for three kill -9 restarts of the packaged service in the middle of a burst, how long the new
 * process takes to say it is ready and then to serve a new claim. Package first, then run:
 * {@code ./mvnw -B -q package -pl export-manager -am -DskipTests && ./mvnw -B -q test -pl export-manager
 * -Dtest=RestartBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
class RestartBenchmark {
    private static final EventCodec WATCHER = new EventCodec("/nfs-lifecycle/claim-watcher");
    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void measure() throws Exception {
        Path base = Files.createTempDirectory("restart-bench-");
        String server = "nfs-bench-" + UUID.randomUUID().toString().substring(0, 8);
        String bootstrap = LocalKafkaResource.bootstrapServers();
        List<String> figures = new ArrayList<>();
        PackagedService service = PackagedService.start(base, "run-0", bootstrap, server, Map.of());
        await().atMost(WAIT).until(service::ready);
        try (KafkaProducer<String, byte[]> producer = TopicProbe.producer(bootstrap);
                TopicProbe exports = TopicProbe.fromStart(bootstrap, Topics.EXPORTS)) {
            for (int round = 1; round <= 3; round++) {
                for (int i = 0; i < 300; i++) {
                    producer.send(WATCHER.toProducerRecord(claim(server, "burst-" + round + "-" + i)));
                }
                producer.flush();
                service.killNine();
                long started = System.nanoTime();
                service = PackagedService.start(base, "run-" + round, bootstrap, server, Map.of());
                await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(service::ready);
                long ready = System.nanoTime();
                ClaimRequested fresh = claim(server, "fresh-" + round);
                producer.send(WATCHER.toProducerRecord(fresh));
                producer.flush();
                exports.await(EventTypes.EXPORT_READY, fresh.claimUid(), WAIT);
                long served = System.nanoTime();
                figures.add(String.format("ready %.2f s after start, first new claim served %.2f s after ready",
                        (ready - started) / 1e9, (served - ready) / 1e9));
            }
        } finally {
            service.close();
        }
        System.out.printf("%nBENCHMARK kill -9 mid-burst, restart: %s%n%n", String.join("; ", figures));
    }

    private static ClaimRequested claim(String server, String name) {
        return Claims.requested(UUID.randomUUID().toString(), "bench", name, 1 << 20, OnDelete.DELETE, "", Map.of(),
                Map.of(), server);
    }
}
