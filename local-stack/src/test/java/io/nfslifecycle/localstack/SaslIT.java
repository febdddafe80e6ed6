package io.nfslifecycle.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.nfslifecycle.localkafka.LocalKafka;

/**
 * The three packaged services against a broker that takes SASL/PLAIN clients only, configured with nothing but the
 * documented {@code kafka.*} settings: every Kafka client of every service (channels, the contract publisher, the
 * auditor's reads of a topic to its end, the broker probe) connects and works.
 */
class SaslIT {
    private static final String NS = InMemoryKubernetes.NAMESPACE;
    private static final String TOKEN = "sasl-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static LocalStack stack;
    private static KubernetesClient kube;
    private static Path state;

    @BeforeAll
    static void start() throws IOException {
        Path project = Paths.get("").toAbsolutePath().getParent();
        state = Files.createTempDirectory(Paths.get("target"), "sasl-").toAbsolutePath();
        stack = LocalStack.start(new StackSettings(project, state, state.resolve("exports"),
                java.util.Optional.empty(), false, true, Map.of())
                .withSasl(new LocalKafka.Sasl("nfs-lifecycle", "s3cret"))
                .withProperty("quota-auditor", "nfs-lifecycle.api-token", TOKEN)
                .withProperty("quota-auditor", "nfs-lifecycle.audit.interval", "off"), System.out);
        kube = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, Files.readString(stack.kubeconfig()), null)).build();
    }

    @AfterAll
    static void stop() {
        if (kube != null) {
            kube.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyServiceWorksOverSaslAndAClientWithoutItIsRefused() throws Exception {
        String uid = kube.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("sasl-data").withNamespace(NS).endMetadata()
                .withNewSpec().withStorageClassName(InMemoryKubernetes.STORAGE_CLASS).withAccessModes("ReadWriteMany")
                .withNewResources().withRequests(Map.of("storage", new Quantity("1Gi"))).endResources()
                .endSpec().build()).create().getMetadata().getUid();

        // watcher -> export manager -> watcher, over SASL
        await().atMost(WAIT).until(() -> kube.persistentVolumes().withName("pvc-" + uid).get() != null);
        // the auditor's view and its run, over SASL
        JsonNode claim = await().atMost(WAIT).until(() -> {
            post("quota-auditor", "/api/v1/audit/runs");
            return get("quota-auditor", "/api/v1/audit/claims/" + NS + "/sasl-data");
        }, c -> c != null);
        assertThat(claim.path("usage").path("requestedBytes").asLong()).isEqualTo(1L << 30);
        for (String service : new String[] {"export-manager", "quota-auditor", "claim-watcher"}) {
            assertThat(get(service, "/q/health/ready").toString()).as(service).contains("\"kafka-broker\"")
                    .doesNotContain("\"DOWN\"");
        }
        assertThat(Files.readString(state.resolve("logs/quota-auditor.log")))
                .contains("read every record of")
                .doesNotContain("could not be read to its end").doesNotContain("could not read");

        // and the broker really wants SASL: a plain client gets nowhere
        try (Admin plain = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
            assertThatThrownBy(() -> plain.describeCluster().nodes().get(5, TimeUnit.SECONDS)).isNotNull();
        }
    }

    private static JsonNode get(String service, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url(service) + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    private static void post(String service, String path) throws IOException, InterruptedException {
        HTTP.send(HttpRequest.newBuilder(URI.create(stack.url(service) + path)).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }
}
