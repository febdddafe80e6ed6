package io.nfslifecycle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The scrape configs and alert rules are valid for Prometheus, and the rules behave as their unit tests say. */
class PrometheusRulesTest {
    private static final Path PROMETHEUS = Observability.PROMETHEUS;

    @Test
    void scrapeConfigsAreValidForPromtool() {
        Tool promtool = Tool.PROMTOOL.required();

        for (String config : List.of("prometheus.yml", "prometheus-compose.yml")) {
            Tool.Result checked = promtool.run(PROMETHEUS, "check", "config", config);

            assertThat(checked.exitCode()).as(checked.describe()).isZero();
        }
    }

    @Test
    void scrapeConfigsScrapeTheServicesOnTheirMetricsPath() {
        // given the real installation's config
        var config = Project.yaml(PROMETHEUS.resolve("prometheus.yml"));

        // then the three services are jobs of their own, each on /q/metrics, and the rules are loaded
        assertThat(config.path("scrape_configs")).extracting(j -> j.path("job_name").asText())
                .contains("export-manager", "quota-auditor", "claim-watcher");
        assertThat(config.path("scrape_configs"))
                .allSatisfy(j -> assertThat(j.path("metrics_path").asText()).isEqualTo("/q/metrics"));
        assertThat(config.path("rule_files").toString()).contains("rules/");
    }

    @Test
    void alertRulesAreValidForPromtool() {
        Tool promtool = Tool.PROMTOOL.required();
        List<Path> rules = Observability.ruleFiles();
        assertThat(rules).isNotEmpty();

        for (Path file : rules) {
            Tool.Result checked = promtool.run(PROMETHEUS, "check", "rules", PROMETHEUS.relativize(file).toString());

            assertThat(checked.exitCode()).as(checked.describe()).isZero();
        }
    }

    @Test
    void alertRulesPassTheirPromtoolUnitTests() {
        Tool promtool = Tool.PROMTOOL.required();
        List<Path> tests = Project.files(PROMETHEUS.resolve("tests"), ".yml", ".yaml");
        assertThat(tests).isNotEmpty();

        for (Path file : tests) {
            Tool.Result tested = promtool.run(file.getParent(), "test", "rules", file.getFileName().toString());

            assertThat(tested.exitCode()).as(tested.describe()).isZero();
        }
    }

    @Test
    void operatorOverlayCarriesTheSameRulesAsTheRulesFile() {
        // given the rules file and the PrometheusRule of the ServiceMonitor overlay
        var rules = Project.yaml(PROMETHEUS.resolve("rules/nfs-lifecycle.yml"));
        var prometheusRule = Project.yaml(Project.deploy().resolve("kubernetes/overlays/servicemonitor/prometheusrule.yaml"));

        // then both hold the same groups (regenerate with deploy/prometheus/prometheusrule.sh)
        assertThat(prometheusRule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(prometheusRule.path("spec").path("groups")).isEqualTo(rules.path("groups"));
    }

    @Test
    void rulesAlertOnEverySituationAnOperatorMustActOn() {
        // volume almost full, claim over quota, overcommitted, provisioning failing, a service or Kafka down, archive backlog
        assertThat(Observability.alertNames()).contains("NfsVolumeAlmostFull", "NfsClaimOverQuota", "NfsVolumeOvercommitted",
                "NfsProvisioningFailing", "NfsLifecycleServiceDown", "NfsLifecycleKafkaUnreachable", "NfsArchiveBacklog");
    }

    @Test
    void everyAlertHasAPromtoolUnitTest() {
        // given the alert names and the unit tests' text
        Set<String> alerts = Observability.alertNames();
        String tests = String.join("\n", Project.files(PROMETHEUS.resolve("tests"), ".yml").stream()
                .map(Project::read).toArray(String[]::new));

        // then each alert is the alertname of some test case
        assertThat(alerts).allSatisfy(alert -> assertThat(tests).contains("alertname: " + alert + "\n"));
    }

    @Test
    void everyAlertHasASeverityAndTellsWhatToDo() {
        for (Path file : Observability.ruleFiles()) {
            for (var group : Project.yaml(file).path("groups")) {
                for (var rule : group.path("rules")) {
                    if (rule.has("alert")) {
                        assertThat(rule.path("labels").path("severity").asText()).as(rule.get("alert").asText())
                                .isIn("critical", "warning", "info");
                        assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
                        assertThat(rule.path("annotations").path("description").asText()).isNotBlank();
                    }
                }
            }
        }
    }
}
