package io.nfslifecycle.exportmanager.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.PackagedService;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;

/**
 * Not a test (surefire's default includes leave *Benchmark out): the storage side alone, as deployed: the packaged
 * export manager in a process of its own, with the JVM options of the storage VM's unit, on the real broker, a real
 * directory and its durable records. Prints how long it takes to be ready and its resident memory then; how long six
 * rounds of 1000 new claims (the first right after start, JIT cold) and then 10,000 replayed duplicates take from the
 * first send to the last result read on {@code nfs-lifecycle.exports}; the CPU the process spent per claim in the
 * first and the last round; and the floor of two Kafka hops. Prints {@code BENCH} lines that {@code bin/bench}
 * gathers. Run (after {@code ./mvnw -B -q install -DskipTests}):
 * {@code ./mvnw -B -q test -pl export-manager -Dtest=ClaimThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
class ClaimThroughputBenchmark {
    private static final String SERVER = "nfs-bench";
    private static final int CLAIMS = 1000;
    private static final int ROUNDS = 6;
    private static final int DUPLICATES = 10_000;
    private static final EventCodec WATCHER = new EventCodec("/nfs-lifecycle/claim-watcher");

    @TempDir
    Path base;

    @Test
    void measure() throws Exception {
        String bootstrap = LocalKafkaResource.bootstrapServers();
        startAsOnTheVm(bootstrap);
        try (KafkaProducer<String, byte[]> producer = TopicProbe.producer(bootstrap);
                TopicProbe exports = TopicProbe.fromStart(bootstrap, Topics.EXPORTS)) {
            long started = System.nanoTime();
            try (PackagedService service = PackagedService.start(base, "bench", bootstrap, SERVER,
                    Map.of("nfs-lifecycle.admission.overcommit-ratio", "1000"))) {
                await().atMost(Duration.ofMinutes(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                        .until(() -> {
                            assertThat(service.isAlive()).as("the export manager runs; see " + service.log()).isTrue();
                            return service.ready();
                        });
                double ready = (System.nanoTime() - started) / 1e9;
                long rss = rss(service.pid());
                List<Double> rounds = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                List<ClaimRequested> claims = List.of();
                for (int round = 0; round < ROUNDS; round++) {
                    claims = newClaims(round);
                    long before = cpuTicks(service.pid());
                    rounds.add(send(producer, exports, claims, CLAIMS));
                    cpu.add((cpuTicks(service.pid()) - before) * 1000.0 / ticks() / CLAIMS);
                }
                List<ClaimRequested> replays = new ArrayList<>();
                for (int i = 0; i < DUPLICATES; i++) {
                    replays.add(claims.get(i % CLAIMS));
                }
                double duplicates = send(producer, exports, replays, DUPLICATES);
                System.out.printf("%nBENCHMARK ready in %.2f s, %d MiB; %d new claims, %d rounds (the first right after "
                        + "start, JIT cold): %s s, CPU per claim %s ms; %d replayed duplicates: %.2f s (%.0f/s)%n%n",
                        ready, rss >> 20, CLAIMS, ROUNDS, rounded(rounds), rounded(cpu), DUPLICATES, duplicates,
                        DUPLICATES / duplicates);
                System.out.printf("BENCH storage side: export-manager ready, process started alone | %.2f s%n", ready);
                System.out.printf("BENCH storage side: export-manager resident memory once ready | %d MiB%n", rss >> 20);
                System.out.printf("BENCH storage side: %d claims over Kafka, first round after start | %.2f s%n", CLAIMS,
                        rounds.get(0));
                System.out.printf("BENCH storage side: %d claims over Kafka, warm (median of the last 3 rounds) | %.2f s%n",
                        CLAIMS, warm(rounds));
                System.out.printf("BENCH storage side: export-manager CPU per claim, first round / warm | %.2f / %.2f ms%n",
                        cpu.get(0), warm(cpu));
                System.out.printf("BENCH storage side: %d replayed duplicates over Kafka | %.2f s%n", DUPLICATES,
                        duplicates);
            }
            System.out.printf("BENCH kafka floor: %d records produced and consumed back on loopback | %.3f s%n%n",
                    CLAIMS, kafkaRoundTrip(producer, bootstrap));
        }
    }

    /** The median of the last three rounds. */
    private static double warm(List<Double> rounds) {
        List<Double> last = new ArrayList<>(rounds.subList(rounds.size() - 3, rounds.size()));
        last.sort(null);
        return last.get(1);
    }

    private static List<String> rounded(List<Double> values) {
        return values.stream().map(v -> String.format("%.2f", v)).toList();
    }

    /** Seconds for 1000 records produced to a topic of their own and read back: two hops' floor. */
    private static double kafkaRoundTrip(KafkaProducer<String, byte[]> producer, String bootstrap) throws Exception {
        String topic = "bench-round-trip-" + UUID.randomUUID();
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                "bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get();
        }
        byte[] value = new byte[600];
        producer.send(new ProducerRecord<>(topic, "warm", value)).get();
        try (TopicProbe probe = TopicProbe.fromStart(bootstrap, topic)) {
            probe.await(r -> true, Duration.ofSeconds(30));
            int before = probe.received().size();
            long start = System.nanoTime();
            for (int i = 0; i < CLAIMS; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, value));
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
                    OnDelete.DELETE, "", Map.of(), Map.of(), SERVER));
        }
        return claims;
    }

    /**
     * Starts and stops the service, untimed, until its class-data archive is in use: the first start after a build
     * writes it as it stops, the next checks it in a trial JVM. The start timed then is that of every later start on
     * the storage VM.
     */
    private void startAsOnTheVm(String bootstrap) throws Exception {
        for (int run = 0; run < 3; run++) {
            String log;
            Path dir = Files.createDirectories(base.resolve("archive-" + run));
            try (PackagedService service = PackagedService.start(dir, "start", bootstrap, SERVER, Map.of())) {
                await().atMost(Duration.ofMinutes(2)).until(() -> {
                    assertThat(service.isAlive()).as("the export manager runs; see " + service.log()).isTrue();
                    return service.ready();
                });
                log = Files.readString(service.log());
            }
            if (!log.contains("no class-data archive yet")) {
                return;
            }
        }
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

    /** utime + stime of a process, in clock ticks. */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long ticks() throws Exception {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
        return Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());
    }

    private static long rss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}
