package io.nfslifecycle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** docker-compose.yml runs the storage side with a KRaft Kafka, the two services from their Dockerfiles, Prometheus and Grafana. */
class ComposeTest {
    private static final Path COMPOSE = Project.root().resolve("docker-compose.yml");

    @Test
    void dockerComposeAcceptsTheFile() {
        Tool compose = Tool.DOCKER_COMPOSE.required();

        Tool.Result checked = compose.run(Project.root(), "-f", "docker-compose.yml", "config", "-q");

        assertThat(checked.exitCode()).as(checked.describe()).isZero();
    }

    @Test
    void kafkaIsTheOfficialImageInKraftModeWithoutZookeeper() {
        JsonNode services = Project.yaml(COMPOSE).path("services");
        JsonNode kafka = services.path("kafka");

        assertThat(kafka.path("image").asText()).startsWith("apache/kafka:");
        assertThat(kafka.path("environment").path("KAFKA_PROCESS_ROLES").asText()).contains("broker").contains("controller");
        assertThat(kafka.path("environment").path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText()).isNotBlank();
        assertThat(names(services)).noneMatch(name -> name.contains("zookeeper"));
    }

    @Test
    void servicesAreBuiltFromTheirModulesJvmDockerfile() {
        JsonNode services = Project.yaml(COMPOSE).path("services");

        for (String service : List.of("export-manager", "quota-auditor")) {
            JsonNode build = services.path(service).path("build");
            Path dockerfile = Project.root().resolve(build.path("context").asText()).resolve(build.path("dockerfile").asText());

            assertThat(build.path("context").asText()).isEqualTo("./" + service);
            assertThat(dockerfile).as(service).exists().hasFileName("Dockerfile.jvm");
        }
    }

    @Test
    void exportRootIsABindMountWritableForTheManagerAndReadOnlyForTheAuditor() {
        JsonNode services = Project.yaml(COMPOSE).path("services");

        String manager = volumeAt(services.path("export-manager"), "/mnt/data");
        String auditor = volumeAt(services.path("quota-auditor"), "/mnt/data");

        // a host path (bind mount), not a named volume, the same for both, read-only for the auditor
        assertThat(hostPart(manager)).matches(".*(\\./|/).*");
        assertThat(hostPart(auditor)).isEqualTo(hostPart(manager));
        assertThat(manager).doesNotEndWith(":ro");
        assertThat(auditor).endsWith(":ro");
        assertThat(services.path("export-manager").path("environment").path("NFS_LIFECYCLE_EXPORT_ROOT").asText()).isEqualTo("/mnt/data");
    }

    @Test
    void prometheusLoadsTheRulesAndGrafanaProvisionsTheDashboard() {
        JsonNode services = Project.yaml(COMPOSE).path("services");
        String prometheusVolumes = services.path("prometheus").path("volumes").toString();
        String grafanaVolumes = services.path("grafana").path("volumes").toString();

        assertThat(prometheusVolumes).contains("./deploy/prometheus/rules:/etc/prometheus/rules")
                .contains("./deploy/prometheus/prometheus-compose.yml:/etc/prometheus/prometheus.yml");
        assertThat(grafanaVolumes).contains("./deploy/grafana/dashboards:/var/lib/grafana/dashboards")
                .contains("./deploy/grafana/provisioning/dashboards:/etc/grafana/provisioning/dashboards")
                .contains("./deploy/grafana/provisioning/datasources:/etc/grafana/provisioning/datasources");

        // and the provisioning files point where compose mounts: the dashboards' path, Prometheus by its service name
        JsonNode provider = Project.yaml(Project.deploy().resolve("grafana/provisioning/dashboards/nfs-lifecycle.yml"));
        JsonNode datasource = Project.yaml(Project.deploy().resolve("grafana/provisioning/datasources/prometheus.yml"));
        assertThat(provider.path("providers").get(0).path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
        assertThat(datasource.path("datasources").get(0).path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(datasource.path("datasources").get(0).path("uid").asText()).isEqualTo("prometheus");
    }

    @Test
    void everyJvmDockerfileCopiesTheQuarkusAppLayoutAndRunsAsNonRoot() throws Exception {
        for (String module : List.of("export-manager", "quota-auditor", "claim-watcher")) {
            Path dockerfile = Project.root().resolve(module).resolve("src/main/docker/Dockerfile.jvm");
            List<String> lines = Files.readAllLines(dockerfile);

            assertThat(lines).as(module).contains(
                    "COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/",
                    "COPY --chown=185 target/quarkus-app/*.jar /deployments/",
                    "COPY --chown=185 target/quarkus-app/app/ /deployments/app/",
                    "COPY --chown=185 target/quarkus-app/quarkus/ /deployments/quarkus/");
            String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
            assertThat(user).as(module + ": the last USER").isNotIn("USER root", "USER 0");
            assertThat(lines).as(module + " exposes its HTTP port").contains("EXPOSE " + httpPort(module));
        }
    }

    /** quarkus.http.port of a module's application.properties: the port its image must expose. */
    private static String httpPort(String module) {
        return Project.lines(Project.root().resolve(module).resolve("src/main/resources/application.properties")).stream()
                .filter(l -> l.startsWith("quarkus.http.port="))
                .map(l -> l.substring("quarkus.http.port=".length()).strip())
                .findFirst().orElseThrow();
    }

    private static String volumeAt(JsonNode service, String target) {
        for (JsonNode volume : service.path("volumes")) {
            String text = volume.asText();
            String[] parts = text.split(":(?![^{]*})");
            if (parts.length >= 2 && parts[1].equals(target)) {
                return text;
            }
        }
        throw new AssertionError("no volume at " + target + " in " + service);
    }

    private static String hostPart(String volume) {
        return volume.split(":(?![^{]*})")[0];
    }

    private static List<String> names(JsonNode services) {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
