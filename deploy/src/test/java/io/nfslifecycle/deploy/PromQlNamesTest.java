package io.nfslifecycle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** The metric-name reader finds the series an expression reads, and nothing else. */
class PromQlNamesTest {

    @Test
    void readsBothSidesOfABinaryExpressionButNotLabelsOrValues() {
        assertThat(PromQlNames.in("nfs_lifecycle_volume_used_bytes{server=~\"$server\"} / nfs_lifecycle_volume_capacity_bytes > 0.85"))
                .containsExactly("nfs_lifecycle_volume_capacity_bytes", "nfs_lifecycle_volume_used_bytes");
    }

    @Test
    void skipsFunctionsGroupingLabelsRangesAndGrafanaVariables() {
        assertThat(PromQlNames.in("histogram_quantile(0.95, sum by (le) (rate(x_seconds_bucket[$__rate_interval])))"))
                .containsExactly("x_seconds_bucket");
        assertThat(PromQlNames.in("sum by (job, instance) (a_count or b_count) == 0"))
                .containsExactly("a_count", "b_count");
        assertThat(PromQlNames.in("topk(10, used / on(namespace, claim) group_left requested) offset 5m"))
                .containsExactly("requested", "used");
    }

    @Test
    void readsTheMetricOfGrafanaLabelValuesButNotItsLabel() {
        assertThat(PromQlNames.in("label_values(nfs_lifecycle_volume_capacity_bytes, server)"))
                .containsExactly("nfs_lifecycle_volume_capacity_bytes");
    }

    @Test
    void histogramSeriesAreCoveredByTheirBaseName() {
        Set<String> listed = Set.of("latency_seconds", "connection_count");

        assertThat(PromQlNames.covered("latency_seconds_bucket", listed)).isTrue();
        assertThat(PromQlNames.covered("latency_seconds_sum", listed)).isTrue();
        assertThat(PromQlNames.covered("connection_count", listed)).isTrue();
        assertThat(PromQlNames.covered("latency_seconds_max", listed)).isFalse();
        assertThat(PromQlNames.covered("other_total", listed)).isFalse();
    }
}
