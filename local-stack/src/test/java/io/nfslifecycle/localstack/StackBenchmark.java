package io.nfslifecycle.localstack;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.nfslifecycle.localkafka.TopicProbe;

/**
 * Not a test (surefire's default includes leave *Benchmark out): the whole local stack (the in-memory Kubernetes
 * API with its PV controller, the Kafka broker, the three packaged services, each its own process, on one machine)
 * timed from the Kubernetes API, as a user meets it: a PVC created, until its PV exists. Prints {@code BENCH} lines
 * that {@code bin/bench} gathers: each service's start (process started to ready, started alone) and its resident
 * memory then; the first claims after that start, one at a time; claims one at a time once warm, with few claims in
 * the cluster and with thousands; bursts of 500, 1000 and 2000 PVCs created at once; 500 PVCs deleted at once; the
 * CPU every process spent per claim in the 1000 burst. Beside them, measured in the same run, the floor: the same
 * API work (the PVC, its PV and two Events, the binding) done directly without the services, and a record's
 * round trip through the broker (a claim makes two). Run (after {@code ./mvnw -B -q install -DskipTests}):
 * {@code ./mvnw -B -q test -pl local-stack -Dtest=StackBenchmark -Dsurefire.failIfNoSpecifiedTests=false}; with
 * {@code -Dstack-bench.bursts-only=true} it runs two bursts only (for a profiler).
 */
class StackBenchmark {
    private static final String NS = InMemoryKubernetes.NAMESPACE;
    private static final String FLOOR_CLASS = "bench-floor";
    private static final String SIZE = "100Mi";
    private static final int THREADS = 8;
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final List<String> SERVICES = List.of("export-manager", "quota-auditor", "claim-watcher");

    private final Map<String, CompletableFuture<Long>> added = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Long>> deleted = new ConcurrentHashMap<>();
    /** By figure: its value, and the floor measured beside it (its name and value), empty when none. */
    private final Map<String, String[]> figures = new LinkedHashMap<>();
    private LocalStack stack;
    private KubernetesClient kube;
    private int sequence;

    @Test
    void measure() throws Exception {
        Path state = Files.createTempDirectory(Paths.get("target"), "stack-bench-").toAbsolutePath();
        StackSettings settings = new StackSettings(Paths.get("").toAbsolutePath().getParent(), state,
                state.resolve("exports"), Optional.empty(), false, true, Map.of())
                // thousands of 100Mi claims on whatever disk this is: admission counts them, the disk holds nothing
                .withProperty("export-manager", "nfs-lifecycle.admission.overcommit-ratio", "1000");
        stack = LocalStack.start(settings, System.out);
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, Files.readString(stack.kubeconfig()), null)).build()) {
            kube = client;
            client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata()
                    .withName(FLOOR_CLASS).endMetadata().withProvisioner("example.com/not-ours")
                    .withReclaimPolicy("Delete").withVolumeBindingMode("Immediate").build()).create();
            SharedIndexInformer<PersistentVolume> volumes = client.persistentVolumes().inform(tracker(), 0);
            try {
                run();
            } finally {
                volumes.stop();
            }
        } finally {
            stack.close();
        }
        System.out.println();
        figures.forEach((figure, value) -> System.out.println("BENCH stack: " + figure + " | " + value[0]
                + (value[1].isEmpty() ? "" : " | " + value[1] + " | " + value[2])));
        System.out.println();
    }

    private void run() throws Exception {
        if (Boolean.getBoolean("stack-bench.bursts-only")) { // for a profiler: a warm-up burst, then the one measured
            burst(500, "burst 500 PVCs created at once (warm-up), until every PV exists");
            burst(1000, "burst 1000 PVCs created at once, until every PV exists");
            return;
        }
        // the storage VM's services: the first start after a build writes their class-data archive as it stops, the
        // next checks it in a trial JVM; the starts timed below are those of every later start on the VM
        for (String service : List.of("export-manager", "quota-auditor")) {
            stack.restart(service, false, Map.of());
        }
        // each service alone: stopped, started again, timed to ready; resident memory once ready
        for (String service : SERVICES) {
            Duration start = stack.restart(service, false, Map.of());
            bench("start: " + service + ", process started to ready (started alone)", seconds(start.toNanos()));
            bench("start: " + service + ", resident memory once ready", mib(rss(pid(service))));
        }
        // the first claims after those starts: every service cold
        double[] cold = oneAtATime(8);
        bench("one PVC at a time right after start: the first", millis(cold[0]));
        bench("one PVC at a time right after start: max of the first 8", millis(max(cold)));
        if (Boolean.getBoolean("stack-bench.starts-only")) { // a quick look at start and the first claims
            return;
        }

        List<String> first = burst(500, "burst 500 PVCs created at once (semi-warm)");
        deleteAll(first, "500 PVCs deleted at once, until every PV is gone");
        oneAtATime(50); // warm-up
        double[] warm = oneAtATime(100);
        String oneWarm = "one PVC at a time, warm, " + count() + " claims in the cluster: p50 / p90 / p99 / max";
        bench(oneWarm, percentiles(warm));
        floor(oneWarm, "the API work done directly", percentiles(floorOneAtATime(100)));

        Map<String, Long> before = cpuTicks();
        String thousand = "burst 1000 PVCs created at once, warm, until every PV exists";
        burst(1000, thousand);
        Map<String, Long> after = cpuTicks();
        long tick = ticksPerSecond();
        after.forEach((process, ticks) -> bench("CPU per claim in the 1000 burst: " + process,
                String.format("%.2f ms", (ticks - before.get(process)) * 1000.0 / tick / 1000.0)));
        floor(thousand, "the API work done directly (8 threads)", seconds(floorBurst(1000)));

        burst(2000, "burst 2000 PVCs created at once, warm, until every PV exists");
        long burstEnd = System.nanoTime();
        int inCluster = (int) kube.persistentVolumeClaims().inNamespace(NS).list().getItems().stream()
                .filter(c -> InMemoryKubernetes.STORAGE_CLASS.equals(c.getSpec().getStorageClassName())).count();
        awaitWatcherSees(inCluster);
        bench("burst 2000: the watcher has read every change after the last PV (all " + inCluster
                + " claims BOUND in its view)", seconds(System.nanoTime() - burstEnd));
        double[] many = oneAtATime(100);
        String oneMany = "one PVC at a time, warm, " + count() + " claims in the cluster: p50 / p90 / p99 / max";
        bench(oneMany, percentiles(many));
        floor(oneMany, "the API work done directly", figures.get(oneWarm)[2]);
        // the watcher is ready once its informers hold every claim and volume and it has read nfs-lifecycle.exports
        // from the start: here thousands of each
        Duration restart = stack.restart("claim-watcher", false, Map.of());
        bench("start: claim-watcher with " + count() + " claims, process started to ready (informers synced, every "
                + "export read)", seconds(restart.toNanos()));
        kafkaFloor();
    }

    /** PVs as this process's informer sees them: when each was added and deleted. */
    private ResourceEventHandler<PersistentVolume> tracker() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(PersistentVolume pv) {
                future(added, pv.getMetadata().getName()).complete(System.nanoTime());
            }

            @Override
            public void onUpdate(PersistentVolume before, PersistentVolume now) {
                // bound, released: not what is timed
            }

            @Override
            public void onDelete(PersistentVolume pv, boolean unknown) {
                future(deleted, pv.getMetadata().getName()).complete(System.nanoTime());
            }
        };
    }

    private static CompletableFuture<Long> future(Map<String, CompletableFuture<Long>> map, String name) {
        return map.computeIfAbsent(name, n -> new CompletableFuture<>());
    }

    private String nextName(String prefix) {
        return prefix + "-" + (sequence++);
    }

    private PersistentVolumeClaim claim(String name, String storageClass) {
        return kube.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteMany").withStorageClassName(storageClass)
                .withNewResources().addToRequests("storage", new Quantity(SIZE)).endResources().endSpec()
                .build()).create();
    }

    /** Claims one at a time: for each, from its create returning to its PV seen, in nanoseconds. */
    private double[] oneAtATime(int claims) throws Exception {
        double[] latencies = new double[claims];
        for (int i = 0; i < claims; i++) {
            PersistentVolumeClaim pvc = claim(nextName("one"), InMemoryKubernetes.STORAGE_CLASS);
            long returned = System.nanoTime();
            long seen = future(added, "pvc-" + pvc.getMetadata().getUid()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            latencies[i] = Math.max(0, seen - returned);
            if (latencies[i] > 250e6) { // where the time went: the services' logs at that moment tell
                System.out.printf("slow claim %s: %.0f ms, created at %s%n", pvc.getMetadata().getName(),
                        latencies[i] / 1e6, java.time.Instant.now().minusNanos(System.nanoTime() - returned));
            }
        }
        return latencies;
    }

    /** PVCs created at once from {@value #THREADS} threads; timed from the first create to the last PV seen. */
    private List<String> burst(int claims, String figure) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < claims; i++) {
            names.add(nextName("burst"));
        }
        long start = System.nanoTime();
        List<PersistentVolumeClaim> made = parallel(claims, i -> claim(names.get(i), InMemoryKubernetes.STORAGE_CLASS));
        long last = 0;
        for (PersistentVolumeClaim pvc : made) {
            last = Math.max(last, future(added, "pvc-" + pvc.getMetadata().getUid())
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        double took = (last - start) / 1e9;
        System.out.printf("%s: %.0f PV/s%n", figure, claims / took);
        bench(figure, String.format("%.2f s", took));
        return made.stream().map(p -> "pvc-" + p.getMetadata().getUid()).toList();
    }

    private void deleteAll(List<String> volumes, String figure) throws Exception {
        List<String> claims = new ArrayList<>();
        for (String volume : volumes) {
            PersistentVolume pv = kube.persistentVolumes().withName(volume).get();
            claims.add(pv.getSpec().getClaimRef().getName());
        }
        long start = System.nanoTime();
        parallel(claims.size(), i -> kube.persistentVolumeClaims().inNamespace(NS).withName(claims.get(i)).delete());
        long last = 0;
        for (String volume : volumes) {
            last = Math.max(last, future(deleted, volume).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        bench(figure, seconds(last - start));
    }

    /**
     * The API's own share, one claim at a time: a PVC of a class that is not ours, then its PV and the two Events a
     * provisioner writes, made directly; from the PVC's create returning to the PV seen.
     */
    private double[] floorOneAtATime(int claims) throws Exception {
        double[] latencies = new double[claims];
        for (int i = 0; i < claims; i++) {
            PersistentVolumeClaim pvc = claim(nextName("floor"), FLOOR_CLASS);
            long returned = System.nanoTime();
            String volume = provisionDirectly(pvc);
            latencies[i] = Math.max(0, future(added, volume).get(WAIT.toSeconds(), TimeUnit.SECONDS) - returned);
        }
        return latencies;
    }

    /** The same API work as a burst, done directly from {@value #THREADS} threads. */
    private long floorBurst(int claims) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < claims; i++) {
            names.add(nextName("floor"));
        }
        long start = System.nanoTime();
        List<String> volumes = parallel(claims, i -> provisionDirectly(claim(names.get(i), FLOOR_CLASS)));
        long last = 0;
        for (String volume : volumes) {
            last = Math.max(last, future(added, volume).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        return last - start;
    }

    private String provisionDirectly(PersistentVolumeClaim pvc) {
        String name = "floor-" + pvc.getMetadata().getUid();
        event(pvc, "Provisioning");
        kube.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withStorageClassName(FLOOR_CLASS).withAccessModes("ReadWriteMany")
                .addToCapacity("storage", new Quantity(SIZE)).withPersistentVolumeReclaimPolicy("Delete")
                .withNewNfs().withServer("127.0.0.1").withPath("/floor/" + name).endNfs()
                .withNewClaimRef().withNamespace(NS).withName(pvc.getMetadata().getName())
                .withUid(pvc.getMetadata().getUid()).endClaimRef().endSpec().build()).create();
        event(pvc, "ProvisioningSucceeded");
        return name;
    }

    private void event(PersistentVolumeClaim pvc, String reason) {
        kube.v1().events().inNamespace(NS).resource(new EventBuilder().withNewMetadata()
                .withName(pvc.getMetadata().getName() + "." + reason.toLowerCase(java.util.Locale.ROOT)
                        + System.nanoTime()).endMetadata()
                .withNewInvolvedObject().withKind("PersistentVolumeClaim").withNamespace(NS)
                .withName(pvc.getMetadata().getName()).withUid(pvc.getMetadata().getUid()).endInvolvedObject()
                .withType("Normal").withReason(reason).withMessage("floor").build()).create();
    }

    /** Records produced one at a time and read back through the broker: one hop's floor; a claim makes two. */
    private void kafkaFloor() throws Exception {
        String topic = "bench-floor-" + System.nanoTime();
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers",
                stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, byte[]> producer = TopicProbe.producer(stack.kafkaBootstrapServers());
                TopicProbe probe = TopicProbe.fromStart(stack.kafkaBootstrapServers(), topic)) {
            byte[] value = new byte[600];
            double[] trips = new double[200];
            for (int i = 0; i < trips.length; i++) {
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "k" + i, value)).get();
                boolean seen = false;
                while (!seen) {
                    for (ConsumerRecord<String, byte[]> r : probe.poll()) {
                        seen |= ("k" + i).equals(r.key());
                    }
                }
                trips[i] = System.nanoTime() - start;
            }
            bench("floor: one record produced and read back through the broker (a claim makes two): p50 / p99",
                    String.format("%.2f / %.2f ms", percentile(trips, 50) / 1e6, percentile(trips, 99) / 1e6));
        }
    }

    private <T> List<T> parallel(int count, IntFunction<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> work.apply(index)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    /** Until the watcher's own view (its REST API) shows every claim BOUND: its informers have caught up. */
    private void awaitWatcherSees(int claims) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri = java.net.URI.create(stack.url("claim-watcher") + "/api/v1/claims?phase=BOUND&size=1");
        await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .alias("the watcher shows " + claims + " claims BOUND").until(() -> {
                    String body = http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                    java.util.regex.Matcher total = java.util.regex.Pattern.compile("\"total\"\\s*:\\s*(\\d+)")
                            .matcher(body);
                    return total.find() && Integer.parseInt(total.group(1)) >= claims;
                });
    }

    private int count() {
        return kube.persistentVolumeClaims().inNamespace(NS).list().getItems().size();
    }

    /** The broker: the one child of this process that is not a service. */
    private long kafkaPid() {
        List<Long> services = SERVICES.stream().map(this::pid).toList();
        return ProcessHandle.current().children().map(ProcessHandle::pid).filter(p -> !services.contains(p))
                .findFirst().orElseThrow();
    }

    private long pid(String service) {
        return stack.services.get(service).pid();
    }

    /** utime + stime of every process of the run, in clock ticks. */
    private Map<String, Long> cpuTicks() throws IOException {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (String service : SERVICES) {
            ticks.put(service, cpu(pid(service)));
        }
        ticks.put("Kafka broker", cpu(kafkaPid()));
        ticks.put("in-memory API with its PV controller (and this benchmark's client)",
                cpu(ProcessHandle.current().pid()));
        return ticks;
    }

    private static long cpu(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            return Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());
        } catch (IOException | NumberFormatException e) {
            return 100;
        }
    }

    private void bench(String figure, String value) {
        figures.put(figure, new String[] {value, "", ""});
        System.out.println(figure + ": " + value);
    }

    private void floor(String figure, String name, String value) {
        figures.get(figure)[1] = name;
        figures.get(figure)[2] = value;
    }

    private static String seconds(long nanos) {
        return String.format("%.2f s", nanos / 1e9);
    }

    private static String millis(double nanos) {
        return String.format("%.0f ms", nanos / 1e6);
    }

    private static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / 1048576.0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static String percentiles(double[] nanos) {
        return String.format("%.0f / %.0f / %.0f / %.0f ms", percentile(nanos, 50) / 1e6, percentile(nanos, 90) / 1e6,
                percentile(nanos, 99) / 1e6, max(nanos) / 1e6);
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
