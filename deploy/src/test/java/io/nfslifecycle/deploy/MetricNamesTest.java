package io.nfslifecycle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rules and the dashboard read only the metric names listed in deploy/metrics-used.txt, and the list holds no name
 * they do not read. The project's end-to-end test checks each listed name against the running services' /q/metrics.
 */
class MetricNamesTest {

    @Test
    void everyNameARuleReadsIsListed() {
        Set<String> listed = Observability.listed();

        for (Map.Entry<String, String> rule : Observability.ruleExpressions().entrySet()) {
            assertThat(PromQlNames.in(rule.getValue())).as(rule.getKey() + " reads a name not in metrics-used.txt")
                    .allSatisfy(name -> assertThat(PromQlNames.covered(name, listed)
                            || Observability.PROMETHEUS_SERIES.contains(name)).as(name).isTrue());
        }
    }

    @Test
    void everyNameADashboardPanelReadsIsListed() {
        Set<String> listed = Observability.listed();
        Map<String, List<String>> panels = Observability.dashboardExpressions(Project.json(Observability.DASHBOARD));

        for (Map.Entry<String, List<String>> panel : panels.entrySet()) {
            for (String expression : panel.getValue()) {
                assertThat(PromQlNames.in(expression)).as(panel.getKey() + ": " + expression)
                        .isNotEmpty()
                        .allSatisfy(name -> assertThat(PromQlNames.covered(name, listed)
                                || Observability.PROMETHEUS_SERIES.contains(name)).as(name).isTrue());
            }
        }
    }

    @Test
    void everyListedNameIsReadByARuleOrThePanel() {
        Set<String> used = Observability.namesUsed();
        Set<String> unused = new TreeSet<>();

        for (String name : Observability.listed()) {
            if (used.stream().noneMatch(u -> PromQlNames.covered(u, Set.of(name)))) {
                unused.add(name);
            }
        }

        assertThat(unused).as("listed in metrics-used.txt but read by no rule or panel").isEmpty();
    }

    @Test
    void listedNamesAreOneBaseNamePerLineWithoutDuplicates() {
        List<String> lines = Project.lines(Observability.METRICS_USED);

        assertThat(lines).doesNotHaveDuplicates().allSatisfy(line -> {
            assertThat(line).matches("[a-zA-Z_:][a-zA-Z0-9_:]*");
            assertThat(line).doesNotEndWith("_bucket").doesNotEndWith("_sum");
        });
    }

    @Test
    void listedNamesAreThoseTheDesignAndTheKafkaClientsExport() {
        // the services' own metrics are nfs_lifecycle_*; the Kafka clients' come from Quarkus' Micrometer Kafka binder
        assertThat(Observability.listed())
                .allSatisfy(name -> assertThat(name).matches("(nfs_lifecycle|kafka_(consumer|producer))_.+"));
    }

    @Test
    void dashboardShowsCapacityClaimsAndFailures() {
        // given the dashboard
        JsonNode dashboard = Project.json(Observability.DASHBOARD);
        String all = Observability.dashboardExpressions(dashboard).toString();

        // then it has panels for capacity over time, provisioned vs used vs size, top claims, findings and latency
        assertThat(Observability.dashboardExpressions(dashboard).keySet()).contains("Volume capacity over time",
                "Provisioned vs used vs size", "Top claims by usage", "Audit findings by kind",
                "Provisioning latency (claim to PV)");
        assertThat(all).contains("nfs_lifecycle_volume_provisioned_bytes", "topk(10, nfs_lifecycle_claim_used_bytes)",
                "nfs_lifecycle_audit_findings", "histogram_quantile");
        assertThat(dashboard.path("uid").asText()).isEqualTo("nfs-lifecycle");
    }

    @Test
    void everyDashboardPanelHasItsOwnIdAPlaceAndTheChosenPrometheus() {
        JsonNode dashboard = Project.json(Observability.DASHBOARD);
        Set<Integer> ids = new TreeSet<>();

        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel id " + panel.path("id") + " is unique").isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).as(panel.path("title").asText()).isBetween(1, 24);
            if (!panel.path("type").asText().equals("row")) {
                // the datasource variable, so the dashboard works with any Prometheus it is imported into
                assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
                assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            }
        }
    }
}
