package io.nfslifecycle.exportmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
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

import io.nfslifecycle.events.ClaimEvent;
import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.exportmanager.store.ExportStore;
import io.nfslifecycle.exportmanager.store.StoredExport;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;

/**
 * Invariant 4 for real: the packaged service is killed with SIGKILL in the middle of a burst of creates, and again
 * in the middle of a burst of deletes, and started again. No record is lost or unreadable, no half-made or
 * half-deleted directory is left, and every claim gets its result; a new claim is served as soon as the restarted
 * process says it is ready.
 */
class ExportManagerKillIT {
    private static final String SERVER = "nfs-kill-" + UUID.randomUUID().toString().substring(0, 8);
    private static final int CLAIMS = 200;
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final EventCodec WATCHER = new EventCodec("/nfs-lifecycle/claim-watcher");

    @TempDir
    Path base;
    PackagedService service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    private Path root() {
        return base.resolve("exports");
    }

    private Path state() {
        return base.resolve("state");
    }

    private PackagedService start(String name) throws IOException {
        return PackagedService.start(base, name, LocalKafkaResource.bootstrapServers(), SERVER, Map.of());
    }

    private List<StoredExport> records() throws IOException {
        return ExportStore.read(state());
    }

    private long recordsIn(ExportPhase phase) throws IOException {
        return records().stream().filter(s -> s.export().phase() == phase).count();
    }

    private List<String> rootEntries() throws IOException {
        try (Stream<Path> entries = Files.list(root())) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void killedAtAnyMomentLosesNoRecordAndLeavesNoHalfMadeDirectory() throws Exception {
        List<ClaimRequested> claims = new ArrayList<>();
        for (int i = 0; i < CLAIMS; i++) {
            claims.add(Claims.requested(UUID.randomUUID().toString(), "kill", "claim-" + i, 1 << 20,
                    OnDelete.DELETE, "", Map.of(), Map.of(), SERVER));
        }
        Set<String> uids = claims.stream().map(ClaimRequested::claimUid).collect(Collectors.toCollection(HashSet::new));

        // given a burst of creates, killed part way
        service = start("first");
        send(claims);
        await().atMost(WAIT).until(() -> recordsIn(ExportPhase.READY) >= CLAIMS / 10);
        service.killNine();
        assertThat(Files.list(state()).filter(p -> p.toString().endsWith(".corrupt"))).isEmpty();

        // when it starts again, it serves a new claim as soon as it says it is ready (no wait for the old session)
        service = start("second");
        await().atMost(WAIT).until(service::ready);
        long readyAt = System.nanoTime();
        ClaimRequested fresh = Claims.requested(UUID.randomUUID().toString(), "kill", "after-restart", 1 << 20,
                OnDelete.DELETE, "", Map.of(), Map.of(), SERVER);
        send(List.of(fresh));
        try (TopicProbe exports = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(), Topics.EXPORTS)) {
            exports.await(EventTypes.EXPORT_READY, fresh.claimUid(), WAIT);
            System.out.printf("ready to first served after kill -9: %d ms%n", (System.nanoTime() - readyAt) / 1_000_000);
        }
        claims.add(fresh);
        uids.add(fresh.claimUid());

        // then every claim is READY once, with its directory, and nothing else is in the root
        try (TopicProbe exports = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(), Topics.EXPORTS)) {
            await().atMost(WAIT).until(() -> keysOf(exports, EventTypes.EXPORT_READY, uids).size() == CLAIMS + 1);
        }
        await().atMost(WAIT).until(() -> recordsIn(ExportPhase.READY) == CLAIMS + 1);
        Set<String> directories = new HashSet<>(records().stream().map(StoredExport::directory).toList());
        assertThat(rootEntries()).containsExactlyInAnyOrderElementsOf(directories);

        // given a burst of deletes, killed part way
        send(claims.stream().map(c -> (ClaimEvent) Claims.released(c)).toList());
        await().atMost(WAIT).until(() -> recordsIn(ExportPhase.DELETED) >= CLAIMS / 10);
        service.killNine();

        // when it starts again
        service = start("third");

        // then every claim is DELETED, and neither a claim directory nor a half-deleted tree is left
        try (TopicProbe exports = TopicProbe.fromStart(LocalKafkaResource.bootstrapServers(), Topics.EXPORTS)) {
            await().atMost(WAIT).until(() -> keysOf(exports, EventTypes.EXPORT_RECLAIMED, uids).size() == CLAIMS + 1);
        }
        await().atMost(WAIT).until(() -> recordsIn(ExportPhase.DELETED) == CLAIMS + 1);
        assertThat(rootEntries()).isEmpty();
        assertThat(records()).hasSize(CLAIMS + 1);
    }

    private static Set<String> keysOf(TopicProbe probe, String type, Set<String> uids) {
        return probe.received().stream()
                .filter(r -> uids.contains(r.key()) && type.equals(TopicProbe.headers(r).get(EventCodec.CE_TYPE)))
                .map(r -> r.key()).collect(Collectors.toSet());
    }

    private static void send(List<? extends ClaimEvent> events) {
        try (KafkaProducer<String, byte[]> producer = TopicProbe.producer(LocalKafkaResource.bootstrapServers())) {
            events.forEach(e -> producer.send(WATCHER.toProducerRecord(e)));
            producer.flush();
        }
    }
}
