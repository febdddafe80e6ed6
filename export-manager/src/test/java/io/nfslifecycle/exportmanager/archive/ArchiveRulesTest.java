package io.nfslifecycle.exportmanager.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.nfslifecycle.exportmanager.archive.ArchiveRules.Bin;

class ArchiveRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private static Bin bin(String id, int archivedDaysAgo, Integer expiresInDays, long bytes) {
        return new Bin(id, NOW.minus(Duration.ofDays(archivedDaysAgo)),
                expiresInDays == null ? null : NOW.plus(Duration.ofDays(expiresInDays)), bytes, true);
    }

    @Test
    void anArchiveExpiresItsRetentionAfterItWasMadeAndZeroKeepsItForever() {
        assertThat(ArchiveRules.expiry(NOW, Duration.ofDays(7))).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(ArchiveRules.expiry(NOW, Duration.ZERO)).isNull();
        assertThat(ArchiveRules.expiry(Instant.MAX.minusSeconds(1), Duration.ofDays(1))).isNull();
        assertThat(ArchiveRules.retention("", Duration.ofDays(3))).isEqualTo(Duration.ofDays(3));
        assertThat(ArchiveRules.retention("1h", Duration.ofDays(3))).isEqualTo(Duration.ofHours(1));
        assertThat(ArchiveRules.retention("0", Duration.ofDays(3))).isEqualTo(Duration.ZERO);
    }

    @Test
    void aSweepPurgesOnlyExpiredKeptArchivesTheLongestExpiredFirstAndNoMoreThanItsBound() {
        List<Bin> bins = List.of(bin("forever", 400, null, 10), bin("fresh", 1, 6, 10), bin("late", 10, -1, 10),
                bin("later", 30, -20, 10), bin("now", 7, 0, 10),
                new Bin("purging", NOW.minus(Duration.ofDays(90)), NOW.minus(Duration.ofDays(80)), 10, false));

        assertThat(ArchiveRules.due(bins, NOW, 10)).containsExactly("later", "late", "now");
        assertThat(ArchiveRules.due(bins, NOW, 2)).containsExactly("later", "late");
        assertThat(ArchiveRules.due(bins, NOW, 0)).isEmpty();
    }

    @Test
    void forSpaceTakesExpiredArchivesFirstAndUnexpiredOnlyWhenAllowedAndNothingWhenItWouldNotBeEnough() {
        List<Bin> bins = List.of(bin("old-kept", 100, 5, 500), bin("expired-a", 20, -10, 100),
                bin("expired-b", 10, -1, 300), bin("young-kept", 2, 5, 700), bin("unmeasured", 50, -30, -1));

        assertThat(ArchiveRules.forSpace(bins, NOW, 350, false)).containsExactly("expired-a", "expired-b");
        assertThat(ArchiveRules.forSpace(bins, NOW, 100, false)).containsExactly("expired-a");
        assertThat(ArchiveRules.forSpace(bins, NOW, 401, false)).as("not enough expired: nothing").isEmpty();
        assertThat(ArchiveRules.forSpace(bins, NOW, 401, true)).containsExactly("expired-a", "expired-b", "old-kept");
        assertThat(ArchiveRules.forSpace(bins, NOW, 5000, true)).isEmpty();
    }

    @Test
    void retentionIsOnlyEverExtended() {
        Bin week = bin("a", 0, 7, 1);
        assertThat(ArchiveRules.extensionRefusal(week, NOW.plus(Duration.ofDays(30)))).isEmpty();
        assertThat(ArchiveRules.extensionRefusal(week, null)).as("forever").isEmpty();
        assertThat(ArchiveRules.extensionRefusal(week, NOW.plus(Duration.ofDays(1)))).get().asString()
                .contains("only ever extends", "DELETE /api/v1/archives/a");
        assertThat(ArchiveRules.extensionRefusal(bin("f", 0, null, 1), NOW)).isPresent();
        assertThat(ArchiveRules.extensionRefusal(new Bin("p", NOW, null, 1, false), null)).get().asString()
                .contains("purged");
    }

    @Test
    void aRestoreIsRefusedForEachReasonAndOneTakenForTheSameClaimGoesOn() {
        ArchiveRules.Source kept = new ArchiveRules.Source("a1", "shop", "shop/data", 100, -1, "kept", "");
        ArchiveRules.Restore ask = new ArchiveRules.Restore("c1", "shop", 100, false);

        assertThat(ArchiveRules.restoreRefusal(Optional.of(kept), "a1", ask)).isEmpty();
        assertThat(ArchiveRules.restoreRefusal(Optional.empty(), "a9", ask)).get().asString().contains("no archive a9");
        assertThat(ArchiveRules.restoreRefusal(Optional.of(kept), "a1", new ArchiveRules.Restore("c1", "bank", 100,
                false))).get().asString().contains("of namespace shop, not bank");
        assertThat(ArchiveRules.restoreRefusal(Optional.of(kept), "a1", new ArchiveRules.Restore("c1", "bank", 100,
                true))).as("the operator allows other namespaces").isEmpty();
        assertThat(ArchiveRules.restoreRefusal(Optional.of(kept), "a1", new ArchiveRules.Restore("c1", "shop", 99,
                false))).get().asString().contains("its claim's request");
        ArchiveRules.Source measured = new ArchiveRules.Source("a1", "shop", "shop/data", 100, 10, "kept", "");
        assertThat(ArchiveRules.restoreNeeds(measured)).isEqualTo(10);
        assertThat(ArchiveRules.restoreRefusal(Optional.of(measured), "a1", new ArchiveRules.Restore("c1", "shop", 10,
                false))).as("measured: its size is what counts").isEmpty();
        for (String gone : List.of("purging", "purged")) {
            assertThat(ArchiveRules.restoreRefusal(Optional.of(new ArchiveRules.Source("a1", "shop", "shop/data", 100,
                    10, gone, "")), "a1", ask)).get().asString().contains("is " + gone, "data is gone");
        }
        ArchiveRules.Source taken = new ArchiveRules.Source("a1", "shop", "shop/data", 100, 10, "restoring", "c1");
        assertThat(ArchiveRules.restoreRefusal(Optional.of(taken), "a1", ask)).as("taken for this claim").isEmpty();
        assertThat(ArchiveRules.restoreRefusal(Optional.of(taken), "a1", new ArchiveRules.Restore("c2", "shop", 100,
                false))).get().asString().contains("restored already, into the claim with uid c1");
        assertThat(ArchiveRules.restoreRefusal(Optional.of(new ArchiveRules.Source("a1", "shop", "shop/data", 100, 10,
                "restored", "c1")), "a1", ask)).get().asString().contains("restored already");
        ArchiveRules.Source orphan = new ArchiveRules.Source("a2", "", "archived-x", 0, -1, "kept", "");
        assertThat(ArchiveRules.restoreRefusal(Optional.of(orphan), "a2", ask)).get().asString()
                .contains("found without a record");
        assertThat(ArchiveRules.restoreRefusal(Optional.of(orphan), "a2", new ArchiveRules.Restore("c1", "shop", 100,
                true))).get().asString().contains("not measured yet");
    }
}
