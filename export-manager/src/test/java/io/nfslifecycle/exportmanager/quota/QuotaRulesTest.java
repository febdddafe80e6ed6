package io.nfslifecycle.exportmanager.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;

class QuotaRulesTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void idsFollowTheHighestHeldAndNeverGoBelowTheFirst() {
        assertThat(ProjectIds.next(0, 10_000)).isEqualTo(10_000);
        assertThat(ProjectIds.next(10_004, 10_000)).isEqualTo(10_005);
        assertThat(ProjectIds.next(42, 10_000)).as("an operator's own project below the range").isEqualTo(10_000);
    }

    @Test
    void theIdSpaceEndsWithAClearError() {
        assertThatThrownBy(() -> ProjectIds.next(ExportRecord.MAX_PROJECT_ID, 10_000))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("first-project-id");
        assertThatThrownBy(() -> ProjectIds.next(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLiveOrRetainedClaimIsLimitedToItsRequestAndAnArchiveIsNot() {
        assertThat(QuotaRules.expectedLimit(ExportPhase.READY, 5 * MIB)).contains(5 * MIB);
        assertThat(QuotaRules.expectedLimit(ExportPhase.READY, 1000)).as("a whole 4 KiB block").contains(4096L);
        assertThat(QuotaRules.expectedLimit(ExportPhase.READY, 1_000_000_000)).contains(1_000_001_536L);
        assertThat(QuotaRules.expectedLimit(ExportPhase.READY, Long.MAX_VALUE)).as("no overflow")
                .contains(1L << 62);
        assertThat(QuotaRules.expectedLimit(ExportPhase.RETAINED, 5 * MIB)).contains(5 * MIB);
        assertThat(QuotaRules.expectedLimit(ExportPhase.ARCHIVED, 5 * MIB)).contains(0L);
        assertThat(QuotaRules.expectedLimit(ExportPhase.DELETED, 5 * MIB)).contains(0L);
        assertThat(QuotaRules.expectedLimit(ExportPhase.PENDING, 5 * MIB)).isEmpty();
        assertThat(QuotaRules.expectedLimit(ExportPhase.RELEASING, 5 * MIB)).isEmpty();
    }

    @Test
    void growingPassesAndShrinkingStopsAtWhatIsUsed() {
        assertThat(QuotaRules.resize(5 * MIB, 5 * MIB, 10 * MIB).allowed()).isTrue();
        assertThat(QuotaRules.resize(10 * MIB, 3 * MIB, 4 * MIB).allowed()).isTrue();
        QuotaRules.ResizeVerdict refused = QuotaRules.resize(10 * MIB, 6 * MIB, 4 * MIB);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reason()).contains(String.valueOf(4 * MIB), String.valueOf(6 * MIB));
    }

    @Test
    void aLimitChangedByHandIsReportedWithBothFigures() {
        assertThat(QuotaRules.drift("shop/data", 10_001, ExportPhase.READY, 5 * MIB, 5 * MIB)).isEmpty();
        assertThat(QuotaRules.drift("shop/data", 10_001, ExportPhase.READY, 5 * MIB + 1, 5 * MIB + 64 * 1024))
                .as("a limit the filesystem rounded up to its 64 KiB block").isEmpty();
        assertThat(QuotaRules.drift("shop/data", 10_001, ExportPhase.READY, 5 * MIB, 5 * MIB - 4096))
                .as("one block short").isPresent();
        assertThat(QuotaRules.drift("shop/data", 0, ExportPhase.READY, 5 * MIB, 0)).as("no project").isEmpty();
        QuotaRules.Drift drift = QuotaRules.drift("shop/data", 10_001, ExportPhase.READY, 5 * MIB, 50 * MIB)
                .orElseThrow();
        assertThat(drift.limitBytes()).isEqualTo(5 * MIB);
        assertThat(drift.message()).contains("10001", "shop/data", String.valueOf(50 * MIB), String.valueOf(5 * MIB));
        assertThat(QuotaRules.drift("shop/data", 10_001, ExportPhase.ARCHIVED, 5 * MIB, 5 * MIB).orElseThrow()
                .limitBytes()).isZero();
    }
}
