package io.nfslifecycle.exportmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.exportmanager.store.ExportStore;
import io.nfslifecycle.localkafka.LocalKafka;
import io.nfslifecycle.localkafka.TopicProbe;

/**
 * The broker goes away in the middle of a burst of claims for longer than the throttled commit strategy's window
 * (5 s here instead of the 60 s default, and the consumer's requests time out after 3 s instead of 30 s, so the
 * window is checked during the outage without the test waiting minutes), and comes back. The process is never
 * restarted, stays live throughout, says it is not ready meanwhile, logs a handful of lines, and serves every claim
 * once: one directory and one READY record each, every result published.
 */
class ExportManagerOutageIT {
    private static final String SERVER = "nfs-outage-" + UUID.randomUUID().toString().substring(0, 8);
    private static final int CLAIMS = 1500;
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final EventCodec WATCHER = new EventCodec("/nfs-lifecycle/claim-watcher");

    @TempDir
    Path base;
    LocalKafka kafka;
    PackagedService service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
            // kept for a failed run: the temporary directory goes
            Files.copy(service.log(), Path.of("target", "ExportManagerOutageIT-service.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aBrokerAwayLongerThanTheCommitWindowMidBurstClosesNothingAndLosesNothing() throws Exception {
        LocalKafka.Settings broker = LocalKafka.Settings.defaults().withPort(freePort()).withControllerPort(freePort())
                .withDataDir(base.resolve("kafka"));
        kafka = LocalKafka.start(broker);
        service = PackagedService.start(base, "service", kafka.bootstrapServers(), SERVER, Map.of(
                "mp.messaging.incoming.claims.throttled.unprocessed-record-max-age.ms", "5000",
                // the strategy checks the window after each commit attempt; a commit fails after this long
                "mp.messaging.incoming.claims.request.timeout.ms", "3000",
                "mp.messaging.incoming.claims.default.api.timeout.ms", "3000",
                "nfs-lifecycle.kafka.probe-interval", "1s"));
        await().atMost(WAIT).until(service::ready);
        List<ClaimRequested> claims = new ArrayList<>();
        for (int i = 0; i < CLAIMS; i++) {
            claims.add(Claims.requested(UUID.randomUUID().toString(), "outage", "claim-" + i, 1 << 20,
                    OnDelete.ARCHIVE, "", Map.of(), Map.of(), SERVER));
        }
        Set<String> uids = claims.stream().map(ClaimRequested::claimUid).collect(Collectors.toSet());
        long pid = service.pid();

        // given a burst under way
        try (KafkaProducer<String, byte[]> producer = TopicProbe.producer(kafka.bootstrapServers())) {
            claims.forEach(c -> producer.send(WATCHER.toProducerRecord(c)));
            producer.flush();
        }
        await().atMost(WAIT).until(() -> ready() >= 50);

        // when the broker goes away for longer than the window
        kafka.close();
        int linesBefore = service.logLines().size();
        await().atMost(WAIT).until(() -> !service.ready());
        await().during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).until(() -> service.isAlive() && service.live());
        long warningsDuring = service.logLines().stream().skip(linesBefore)
                .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).count();
        kafka = LocalKafka.start(broker);

        // then the same process serves every claim once, and says it is ready again
        await().atMost(WAIT).until(() -> ready() == CLAIMS);
        try (TopicProbe exports = TopicProbe.fromStart(kafka.bootstrapServers(), Topics.EXPORTS)) {
            await().atMost(WAIT).until(() -> exports.received().stream()
                    .filter(r -> EventTypes.EXPORT_READY.equals(TopicProbe.headers(r).get(EventCodec.CE_TYPE)))
                    .map(r -> r.key()).filter(uids::contains).collect(Collectors.toSet()).size() == CLAIMS);
        }
        await().atMost(WAIT).until(service::ready);
        assertThat(service.pid()).isEqualTo(pid);
        assertThat(service.isAlive()).isTrue();
        try (Stream<Path> entries = Files.list(base.resolve("exports"))) {
            assertThat(entries.count()).isEqualTo(CLAIMS);
        }
        assertThat(warningsDuring).as("warnings while Kafka was away").isLessThan(10);
        assertThat(service.logLines()).noneMatch(line -> line.contains("TooManyMessagesWithoutAck"));
    }

    private long ready() throws IOException {
        return ExportStore.read(base.resolve("state")).stream().filter(s -> s.export().phase() == ExportPhase.READY)
                .count();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
