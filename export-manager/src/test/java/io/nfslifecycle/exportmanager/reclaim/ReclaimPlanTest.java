package io.nfslifecycle.exportmanager.reclaim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.ClaimReleased;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.OnDelete;

class ReclaimPlanTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static ExportRecord export(OnDelete onDelete, ExportPhase phase) {
        return new ExportRecord("u1", "shop", "data", "pvc-u1", "nfs-1", "nfs.example", "/mnt/data/shop-data-pvc-u1",
                1024, List.of("ReadWriteMany"), onDelete, phase, "", T, T);
    }

    private static final ClaimReleased RELEASE = new ClaimReleased("u1", "shop", "data", "pvc-u1", "nfs-1");

    @Test
    void archivesByDefault() {
        ReleaseDecision decision = ReclaimPlan.decide(export(OnDelete.ARCHIVE, ExportPhase.READY), false, RELEASE);

        assertThat(decision).isEqualTo(new ReleaseDecision.Reclaim(OnDelete.ARCHIVE, ""));
    }

    @Test
    void refusesAReleaseWhoseUidDoesNotMatch() {
        ClaimReleased other = new ClaimReleased("u2", "shop", "data", "pvc-u1", "nfs-1");

        ReleaseDecision decision = ReclaimPlan.decide(export(OnDelete.DELETE, ExportPhase.READY), false, other);

        assertThat(decision).isInstanceOf(ReleaseDecision.Refuse.class);
        ReleaseDecision.Refuse refuse = (ReleaseDecision.Refuse) decision;
        assertThat(refuse.code()).isEqualTo(ExportFailed.UID_MISMATCH);
        assertThat(refuse.message()).contains("u2", "u1", "nothing was touched");
    }

    @Test
    void republishesWhenAlreadyReclaimed() {
        assertThat(ReclaimPlan.decide(export(OnDelete.ARCHIVE, ExportPhase.ARCHIVED), false, RELEASE))
                .isInstanceOf(ReleaseDecision.Republish.class);
    }

    @Test
    void touchesNothingForAClaimThatWasRefused() {
        assertThat(ReclaimPlan.decide(export(OnDelete.DELETE, ExportPhase.FAILED), false, RELEASE))
                .isInstanceOf(ReleaseDecision.NothingToReclaim.class);
    }

    @Test
    void archivesInsteadOfDeletingADirectoryThisClaimDidNotMake() {
        ReleaseDecision decision = ReclaimPlan.decide(export(OnDelete.DELETE, ExportPhase.READY), true, RELEASE);

        assertThat(((ReleaseDecision.Reclaim) decision).action()).isEqualTo(OnDelete.ARCHIVE);
    }

    @Test
    void neverOverwritesAnExistingArchive() {
        Set<String> taken = Set.of("archived-shop-data", "archived-shop-data-2");

        assertThat(ReclaimPlan.archiveName("shop-data", taken::contains)).isEqualTo("archived-shop-data-3");
        assertThat(ReclaimPlan.archiveName("shop-data", name -> false)).isEqualTo("archived-shop-data");
    }

    @Test
    void keepsAnArchiveOfAMaximalNameWithin255Bytes() {
        String leaf = "x".repeat(255);

        String archive = ReclaimPlan.archiveName(leaf, name -> false);

        assertThat(archive).startsWith("archived-").hasSize(255);
    }
}
