package io.nfslifecycle.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.localkafka.TopicProbe;

/**
 * The real Prometheus server scraping the running local stack, with the project's alert rules loaded: every query
 * of the Grafana dashboard and every metric the alerts read returns a series, and on a small, nearly full and
 * overcommitted export root (a loop-mounted ext4 image) the volume-almost-full and overcommit alerts become active.
 */
class PrometheusIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TOKEN = "prometheus-it";

    private static Path dir;
    private static Path volume;
    private static boolean mounted;
    private static LocalStack stack;
    private static Process prometheus;
    private static String prometheusUrl;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(NfsServer.which("prometheus").isPresent(), "the prometheus server is not installed"
                + " (Debian: apt-get install prometheus)");
        Path project = Paths.get("").toAbsolutePath().getParent();
        dir = Files.createTempDirectory(Paths.get("target"), "prometheus-").toAbsolutePath();
        volume = Files.createDirectories(dir.resolve("volume"));
        Path image = dir.resolve("volume.img");
        run("truncate", "-s", "64M", image.toString());
        Assumptions.assumeTrue(run("mkfs.ext4", "-q", "-F", image.toString()) == 0, "mkfs.ext4 is not available");
        Assumptions.assumeTrue(run("mount", "-o", "loop", image.toString(), volume.toString()) == 0,
                "mounting a loop device needs root and /dev/loop*");
        mounted = true;

        StackSettings settings = new StackSettings(project, dir, volume.resolve("exports"), Optional.empty(), false,
                true, Map.of())
                .withProperty("export-manager", "nfs-lifecycle.admission.overcommit-ratio", "10")
                .withProperty("export-manager", "nfs-lifecycle.admission.check-free-space", "false")
                .withProperty("export-manager", "nfs-lifecycle.capacity.report-interval", "2s")
                .withProperty("quota-auditor", "nfs-lifecycle.api-token", TOKEN)
                .withProperty("quota-auditor", "nfs-lifecycle.audit.interval", "off");
        stack = LocalStack.start(settings, System.out);
        prometheus = startPrometheus(project); // first: rates need the events to happen while it scrapes
        scenario();
    }

    /** A claim of 200 MiB on a 64 MiB volume (overcommitted), filled to 90 % (more than 85 % full). */
    private static void scenario() throws Exception {
        try (KubernetesClient kube = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, Files.readString(stack.kubeconfig()), null)).build()) {
            kube.persistentVolumeClaims().inNamespace(InMemoryKubernetes.NAMESPACE).resource(
                    new PersistentVolumeClaimBuilder().withNewMetadata().withName("big").endMetadata()
                            .withNewSpec().withStorageClassName(InMemoryKubernetes.STORAGE_CLASS)
                            .withAccessModes("ReadWriteMany").withNewResources()
                            .withRequests(Map.of("storage", new Quantity("200Mi"))).endResources().endSpec().build())
                    .create();
            await().atMost(WAIT).until(() -> !kube.persistentVolumes().list().getItems().isEmpty());
        }
        Path claimDir;
        try (var entries = Files.list(volume.resolve("exports"))) {
            claimDir = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        // to 90 % of the volume, as statvfs counts (size - free blocks): above the 85 % warning, below 95 %
        java.nio.file.FileStore store = Files.getFileStore(volume);
        long used = store.getTotalSpace() - store.getUnallocatedSpace();
        Files.write(claimDir.resolve("fill.bin"), new byte[(int) (store.getTotalSpace() * 0.90 - used)]);
        TopicProbe.produce(stack.kafkaBootstrapServers(), new ProducerRecord<>(Topics.CLAIMS, "not-a-claim",
                "{}".getBytes(StandardCharsets.UTF_8))); // one refused record
        HttpResponse<String> run = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("quota-auditor")
                + "/api/v1/audit/runs")).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(run.statusCode()).as(run.body()).isIn(202, 409);
    }

    private static Process startPrometheus(Path project) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        prometheusUrl = "http://127.0.0.1:" + port;
        StringBuilder config = new StringBuilder(String.join("\n",
                "global:", "  scrape_interval: 1s", "  evaluation_interval: 1s",
                "rule_files:", "  - " + project.resolve("deploy/prometheus/rules/nfs-lifecycle.yml"),
                "scrape_configs:", ""));
        for (String job : List.of("export-manager", "quota-auditor", "claim-watcher")) {
            config.append("  - job_name: ").append(job).append("\n    metrics_path: /q/metrics\n")
                    .append("    static_configs:\n      - targets: ['")
                    .append(URI.create(stack.url(job)).getAuthority()).append("']\n");
        }
        Path file = Files.writeString(dir.resolve("prometheus.yml"), config);
        Process p = new ProcessBuilder(NfsServer.which("prometheus").orElseThrow().toString(),
                "--config.file=" + file, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        // it listens before it is ready, answering 503 "Service Unavailable" (not JSON) until its TSDB is open
        await().atMost(WAIT).ignoreExceptionsInstanceOf(IOException.class).until(() -> HTTP.send(HttpRequest
                .newBuilder(URI.create(prometheusUrl + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode() == 200);
        await().atMost(WAIT).until(() -> query("up").size() == 3);
        return p;
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor(30, TimeUnit.SECONDS);
        }
        if (stack != null) {
            stack.close();
        }
        if (mounted && run("umount", volume.toString()) != 0) {
            run("umount", "-l", volume.toString());
        }
    }

    @Test
    void everyQueryOfTheDashboardReturnsASeries() throws Exception {
        JsonNode dashboard = JSON.readTree(Paths.get("").toAbsolutePath().getParent()
                .resolve("deploy/grafana/dashboards/nfs-lifecycle.json").toFile());
        List<String> queries = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> queries.add(e.asText()));
        assertThat(queries).hasSizeGreaterThan(10);

        for (String expr : queries) {
            // the whole test is within 5 minutes of the scenario's events
            String runnable = expr.replace("$__rate_interval", "5m").replace("$server", ".*");
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(query(runnable)).as(expr).isNotEmpty());
        }
    }

    @Test
    void everyMetricTheAlertsReadIsScraped() throws Exception {
        TreeSet<String> metrics = new TreeSet<>();
        Matcher names = Pattern.compile("\\b((?:nfs_lifecycle|kafka)_[a-z_]+|up)\\b").matcher(alertExpressions());
        while (names.find()) {
            metrics.add(names.group(1));
        }
        assertThat(metrics).contains("nfs_lifecycle_volume_used_bytes", "nfs_lifecycle_claim_used_bytes");

        for (String metric : metrics) {
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(query(metric)).as(metric).isNotEmpty());
        }
    }

    @Test
    void aNearlyFullOvercommittedVolumeMakesItsAlertsActive() throws Exception {
        for (String alert : List.of("NfsVolumeAlmostFull", "NfsVolumeOvercommitted")) {
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(query("ALERTS{alertname=\"" + alert + "\"}")).as(alert).isNotEmpty());
        }
        assertThat(query("ALERTS{alertname=\"NfsVolumeFull\"}")).as("90 % is not 95 %").isEmpty();
    }

    private static String alertExpressions() throws IOException {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(Paths.get("").toAbsolutePath().getParent()
                .resolve("deploy/prometheus/rules/nfs-lifecycle.yml").toFile());
        StringBuilder all = new StringBuilder();
        rules.findValues("expr").forEach(e -> all.append(e.asText()).append('\n'));
        return all.toString();
    }

    /** The result vector of an instant query (fails on a query Prometheus refuses). */
    private static List<JsonNode> query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl
                + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(promql + ": " + response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asText()).as(promql + ": " + response.body()).isEqualTo("success");
        List<JsonNode> result = new ArrayList<>();
        body.path("data").path("result").forEach(result::add);
        return result;
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
