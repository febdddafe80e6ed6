package io.nfslifecycle.claimwatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.localkafka.LocalKafka;
import io.nfslifecycle.localkafka.LocalKafkaResource;
import io.nfslifecycle.localkafka.TopicProbe;
import io.quarkus.test.kubernetes.client.KubernetesServer;

/**
 * Whole watcher processes (the packaged application), as they run in the cluster: restarted, and two at once.
 * The Kubernetes API is the fabric8 CRUD mock, Kafka a real broker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClaimWatcherProcessesIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LEASE_NAMESPACE = "nfs-lifecycle";
    /** Marks the watchers' requests to the API, so they can be told from the test's own. */
    private static final String WATCHER_TOKEN = "claim-watcher-under-test";
    private static final Set<String> USED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final EventCodec EXPORT_MANAGER = new EventCodec("/nfs-lifecycle/export-manager/nfs-1");
    private static KubernetesServer server;
    private static KubernetesClient client;

    private final List<Watcher> watchers = new ArrayList<>();
    private String namespace;

    @BeforeAll
    static void startApiServer() {
        server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
        server.before();
        client = server.getClient();
        client.storage().v1().storageClasses().resource(Samples.ourClass("nfs")).create();
    }

    @AfterAll
    static void stopApiServer() {
        server.after();
    }

    @BeforeEach
    void namespace() {
        namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        TopicProbe.produce(bootstrap(), Samples.capacityOf("nfs-1"));
    }

    @AfterEach
    void stopWatchers() throws InterruptedException {
        watchers.forEach(Watcher::kill);
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            if (("Bearer " + WATCHER_TOKEN).equals(request.getHeader("Authorization"))) {
                USED.add(rbacLine(request.getMethod(), request.getPath()));
            }
        }
    }

    @Test
    @Order(3)
    void staysUpWhileKafkaIsAwayAndPublishesWhatWasMissedWhenItComesBack() throws IOException {
        // given a watcher on a broker of its own
        int kafkaPort = freePort();
        LocalKafka kafka = LocalKafka.start(LocalKafka.Settings.defaults().withPort(kafkaPort));
        TopicProbe.produce(kafka.bootstrapServers(), Samples.capacityOf("nfs-1"));
        Watcher watcher = start("outage", kafka.bootstrapServers());

        // when the broker goes away, and a claim is made meanwhile
        kafka.close();
        await().atMost(WAIT).until(() -> watcher.get("/q/health/ready").statusCode() == 503);
        String missed = createClaim("during-outage");

        // then the watcher stays alive and says what is down
        assertThat(watcher.get("/q/health/live").statusCode()).isEqualTo(200);
        assertThat(watcher.get("/q/health/ready").body()).contains("DOWN");

        // and once the broker is back, the claim is requested and the watcher is ready again
        try (LocalKafka back = LocalKafka.start(LocalKafka.Settings.defaults().withPort(kafkaPort));
                TopicProbe claims = TopicProbe.fromStart(back.bootstrapServers(), Topics.CLAIMS)) {
            TopicProbe.produce(back.bootstrapServers(), Samples.capacityOf("nfs-1"));
            claims.await(EventTypes.CLAIM_REQUESTED, missed, WAIT);
            await().atMost(WAIT).until(watcher::ready);
            watcher.kill();
        }
    }

    @Test
    @Order(4)
    void staysUpWhileTheKubernetesApiIsAwayAndCatchesUpWhenItComesBack() throws IOException {
        // given a watcher on an API server of its own
        int apiPort = freePort();
        KubernetesServer api = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), apiPort, List.of());
        api.before();
        api.getClient().storage().v1().storageClasses().resource(Samples.ourClass("nfs")).create();
        Watcher watcher = start("api-outage", bootstrap(), api.getClient().getMasterUrl().toString());

        // when the API server goes away
        api.after();

        // then the watcher stays alive and its readiness names the Kubernetes API
        await().atMost(WAIT).until(() -> watcher.get("/q/health/ready").statusCode() == 503);
        assertThat(watcher.get("/q/health/live").statusCode()).isEqualTo(200);
        assertThat(watcher.get("/q/health/ready").body()).contains("kubernetes-api", "down");

        // and when it is back, the informers resume and a claim made then is requested
        KubernetesServer back = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), apiPort, List.of());
        back.before();
        try (TopicProbe claims = TopicProbe.fromStart(bootstrap(), Topics.CLAIMS)) {
            back.getClient().storage().v1().storageClasses().resource(Samples.ourClass("nfs")).create();
            PersistentVolumeClaim pvc = Samples.claim(namespace, "after-api-outage", UUID.randomUUID().toString(),
                    "nfs", "5Gi");
            String uid = back.getClient().persistentVolumeClaims().inNamespace(namespace).resource(pvc).create()
                    .getMetadata().getUid();
            claims.await(EventTypes.CLAIM_REQUESTED, uid, WAIT);
            await().atMost(WAIT).until(watcher::ready);
        } finally {
            watcher.kill();
            back.after();
        }
    }

    @Test
    @Order(6)
    void usesNoVerbItsRbacDoesNotGrant() throws IOException {
        // given what the two scenarios above made the watchers do, and the verbs the README and the ClusterRole list
        Set<String> granted;
        try (var lines = Files.lines(Path.of("src/main/resources/rbac-verbs.txt"))) {
            granted = lines.filter(l -> !l.isBlank() && !l.startsWith("#")).map(String::trim)
                    .collect(java.util.stream.Collectors.toSet());
        }

        // then every call was granted, and the calls include the informers, PV creation, Events and the Lease
        assertThat(granted).containsAll(USED);
        assertThat(USED).contains("\"\" persistentvolumeclaims watch", "\"\" persistentvolumes create",
                "\"\" events create", "storage.k8s.io storageclasses list", "coordination.k8s.io leases patch");
    }

    /** {@code GET /apis/coordination.k8s.io/v1/namespaces/x/leases/y} is {@code coordination.k8s.io leases get}. */
    static String rbacLine(String method, String path) {
        String[] pathAndQuery = path.split("\\?", 2);
        List<String> parts = new ArrayList<>(List.of(pathAndQuery[0].replaceFirst("^/", "").split("/")));
        String group = "\"\"";
        if (parts.get(0).equals("apis")) {
            group = parts.get(1);
            parts = parts.subList(3, parts.size());
        } else {
            parts = parts.subList(2, parts.size());
        }
        if (parts.size() >= 2 && parts.get(0).equals("namespaces")) {
            parts = parts.subList(2, parts.size());
        }
        // a subresource (persistentvolumeclaims/x/status) is granted as resource/subresource
        String resource = parts.size() > 2 ? parts.get(0) + "/" + parts.get(2) : parts.get(0);
        boolean named = parts.size() > 1;
        boolean watch = pathAndQuery.length > 1 && pathAndQuery[1].contains("watch=true");
        String verb = switch (method) {
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> watch ? "watch" : named ? "get" : "list";
        };
        return group + " " + resource + " " + verb;
    }

    @Test
    @Order(1)
    void requestsAClaimMadeWhileDownOnceAfterRestartAndNeverAgainWhatWasAnswered() throws Exception {
        // given a claim answered by the export manager while the first watcher ran
        Watcher first = start("first");
        String answered = createClaim("answered");
        try (TopicProbe claims = TopicProbe.fromStart(bootstrap(), Topics.CLAIMS)) {
            claims.await(EventTypes.CLAIM_REQUESTED, answered, WAIT);
        }
        TopicProbe.produce(bootstrap(), EXPORT_MANAGER.toProducerRecord(
                new ExportReady(Samples.export(namespace, "answered", answered, 5L << 30, ExportPhase.READY))));
        await().atMost(WAIT).until(() -> client.persistentVolumes().withName("pvc-" + answered).get() != null);
        first.stop();

        // when a claim is made while no watcher runs, and a watcher starts again
        String missed = createClaim("missed");
        start("second");

        // then the missed claim is requested, and once the marker made after it was requested too,
        // each claim was requested exactly once
        try (TopicProbe claims = TopicProbe.fromStart(bootstrap(), Topics.CLAIMS)) {
            claims.await(EventTypes.CLAIM_REQUESTED, missed, WAIT);
            String marker = createClaim("marker");
            claims.await(EventTypes.CLAIM_REQUESTED, marker, WAIT);
        }
        List<ConsumerRecord<String, byte[]>> all = readToEnd(Topics.CLAIMS);
        assertThat(count(all, EventTypes.CLAIM_REQUESTED, answered)).isEqualTo(1);
        assertThat(count(all, EventTypes.CLAIM_REQUESTED, missed)).isEqualTo(1);
        // and neither start made a consumer group: the topics are read from assigned partitions
        assertThat(groups(bootstrap())).noneMatch(group -> group.startsWith("claim-watcher"));
    }

    @Test
    @Order(5)
    void startsWithoutKafkaAndReadsTheExportsFromTheStartOnceItComes() throws Exception {
        // given a watcher started while no broker answers at its address
        int kafkaPort = freePort();
        Watcher watcher = new Watcher("no-kafka", freePort(), "127.0.0.1:" + kafkaPort, client.getMasterUrl().toString());
        watchers.add(watcher);
        await().atMost(WAIT).until(() -> watcher.get("/q/health/live").statusCode() == 200);
        assertThat(watcher.get("/q/health/ready").statusCode()).isEqualTo(503);
        String claim = createClaim("before-kafka");

        // when the broker comes, already holding the export of that claim (as one whose logs were kept would)
        try (LocalKafka kafka = LocalKafka.start(LocalKafka.Settings.defaults().withPort(kafkaPort))) {
            TopicProbe.produce(kafka.bootstrapServers(), EXPORT_MANAGER.toProducerRecord(
                    new ExportReady(Samples.export(namespace, "before-kafka", claim, 5L << 30, ExportPhase.READY))));
            TopicProbe.produce(kafka.bootstrapServers(), Samples.capacityOf("nfs-1"));

            // then the watcher, whose channels joined groups as nothing named their partitions at start, reads it
            // from the start and makes the claim's volume
            await().atMost(WAIT).until(() -> client.persistentVolumes().withName("pvc-" + claim).get() != null);
            await().atMost(WAIT).until(watcher::ready);
            assertThat(groups(kafka.bootstrapServers())).anyMatch(group -> group.startsWith("claim-watcher"));
            watcher.kill();
        }
    }

    @Test
    @Order(2)
    void exactlyOneOfTwoWatchersPublishesAndTheOtherTakesOverWhenTheLeaderDies() throws Exception {
        // given two watchers
        Watcher a = start("replica-a");
        Watcher b = start("replica-b");

        // when a claim is made
        String claim = createClaim("shared");

        // then it is requested once: only the leader publishes (the marker's request closes the window)
        try (TopicProbe claims = TopicProbe.fromStart(bootstrap(), Topics.CLAIMS)) {
            claims.await(EventTypes.CLAIM_REQUESTED, claim, WAIT);
            String marker = createClaim("marker");
            claims.await(EventTypes.CLAIM_REQUESTED, marker, WAIT);
        }
        assertThat(count(readToEnd(Topics.CLAIMS), EventTypes.CLAIM_REQUESTED, claim)).isEqualTo(1);

        // and when the leader dies without a word (kill -9), the other takes over
        String leader = holder();
        Watcher dying = leader.equals("replica-a") ? a : b;
        Watcher survivor = dying == a ? b : a;
        dying.kill();
        String later = createClaim("later");
        try (TopicProbe claims = TopicProbe.fromStart(bootstrap(), Topics.CLAIMS)) {
            claims.await(EventTypes.CLAIM_REQUESTED, later, WAIT);
        }
        assertThat(holder()).isEqualTo(survivor.name);
        assertThat(survivor.ready()).isTrue();
    }

    private String holder() {
        Lease lease = client.leases().inNamespace(LEASE_NAMESPACE).withName("nfs-lifecycle-claim-watcher").get();
        return lease.getSpec().getHolderIdentity();
    }

    private String createClaim(String name) {
        PersistentVolumeClaim pvc = Samples.claim(namespace, name, UUID.randomUUID().toString(), "nfs", "5Gi");
        return client.persistentVolumeClaims().inNamespace(namespace).resource(pvc).create().getMetadata().getUid();
    }

    private Watcher start(String name) throws IOException {
        return start(name, bootstrap());
    }

    private Watcher start(String name, String bootstrap) throws IOException {
        return start(name, bootstrap, client.getMasterUrl().toString());
    }

    private Watcher start(String name, String bootstrap, String apiServer) throws IOException {
        Watcher watcher = new Watcher(name, freePort(), bootstrap, apiServer);
        watchers.add(watcher);
        await().atMost(WAIT).until(watcher::ready);
        return watcher;
    }

    private static long count(List<ConsumerRecord<String, byte[]>> records, String type, String key) {
        return records.stream()
                .filter(r -> key.equals(r.key()) && type.equals(TopicProbe.headers(r).get(EventCodec.CE_TYPE)))
                .count();
    }

    /** Every record of the topic up to its end at this moment. */
    private static List<ConsumerRecord<String, byte[]>> readToEnd(String topic) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return out;
    }

    private static List<String> groups(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listGroups().all().get(30, TimeUnit.SECONDS).stream().map(GroupListing::groupId).toList();
        }
    }

    private static String bootstrap() {
        return LocalKafkaResource.bootstrapServers();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** One watcher process, started from the packaged application. */
    private static final class Watcher {
        final String name;
        final int port;
        final Process process;

        Watcher(String name, int port, String bootstrap, String apiServer) throws IOException {
            this.name = name;
            this.port = port;
            Path log = Path.of("target", "watcher-" + name + ".log");
            Files.deleteIfExists(log);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java,
                    "-Dquarkus.http.port=" + port,
                    "-Dkafka.bootstrap.servers=" + bootstrap,
                    "-Dkubernetes.master=" + apiServer,
                    "-Dkubernetes.namespace=" + LEASE_NAMESPACE,
                    "-Dkubernetes.auth.token=" + WATCHER_TOKEN,
                    "-Dnfs-lifecycle.instance=" + name,
                    "-Dnfs-lifecycle.resync-interval=1h",
                    "-Dnfs-lifecycle.leader.lease-duration=4s",
                    "-Dnfs-lifecycle.leader.renew-deadline=3s",
                    "-Dnfs-lifecycle.leader.retry-period=500ms",
                    "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        }

        boolean ready() {
            return get("/q/health/ready").statusCode() == 200;
        }

        /** The response, or a 599 when the process does not answer at all. */
        HttpResponse<String> get(String path) {
            try {
                return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                return new NoAnswer(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new NoAnswer(e);
            }
        }

        /** A graceful stop, as Kubernetes does on a rollout: the Lease is released. */
        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }

        /** kill -9. */
        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What {@link Watcher#get} returns when nothing answers. */
    private record NoAnswer(Exception failure) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return 599;
        }

        @Override
        public HttpRequest request() {
            return null;
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        @Override
        public String body() {
            return failure.toString();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        @Override
        public URI uri() {
            return null;
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
