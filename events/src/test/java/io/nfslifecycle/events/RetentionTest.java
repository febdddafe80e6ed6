package io.nfslifecycle.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetentionTest {
    @Test
    void aWholeNumberAndAUnitNameARetentionAndZeroOrNothingKeepsForever() {
        assertThat(Retention.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Retention.parse("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Retention.parse("36h")).isEqualTo(Duration.ofHours(36));
        assertThat(Retention.parse(" 7d ")).isEqualTo(Duration.ofDays(7));
        assertThat(Retention.parse("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(Retention.parse("0")).isEqualTo(Retention.FOREVER);
        assertThat(Retention.parse("")).isEqualTo(Retention.FOREVER);
        assertThat(Retention.parse(null)).isEqualTo(Retention.FOREVER);
    }

    @Test
    void anythingElseIsRefusedWithWhatToWrite() {
        assertThatThrownBy(() -> Retention.parse("7 days")).hasMessageContaining("30s, 90m, 36h, 7d, 2w");
        assertThat(Retention.isValid("1y")).isFalse();
        assertThat(Retention.isValid("-1d")).isFalse();
        assertThat(Retention.isValid("0d")).isTrue();
    }
}
