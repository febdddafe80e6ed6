package io.nfslifecycle.quotaauditor.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.AuditFinding.Status;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.FindingKind;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.quotaauditor.findings.ObservedDirectory.Role;

class FindingsTest {
    private static final long GIB = 1L << 30;
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final String ROOT = "/mnt/data";
    private static final VolumeFigures ROOMY = new VolumeFigures(50 * GIB, 10 * GIB);
    private static final Thresholds DEFAULTS = Thresholds.defaults();

    private final List<ExportRecord> exports = new ArrayList<>();
    private final List<ObservedDirectory> directories = new ArrayList<>();
    private VolumeFigures volume = ROOMY;

    @Test
    void claimUsingMoreThanItRequestedIsOverQuota() {
        givenClaim("uid-a", "team-a", "data", 10 * GIB, ExportPhase.READY, 12 * GIB);

        List<Finding> found = Findings.desired(observation(), DEFAULTS);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.OVER_QUOTA);
            assertThat(f.claimUid()).isEqualTo("uid-a");
            assertThat(f.claim()).isEqualTo("team-a/data");
            assertThat(f.path()).isEqualTo("team-a-data-pvc-uid-a");
            assertThat(f.usedBytes()).isEqualTo(12 * GIB);
            assertThat(f.limitBytes()).isEqualTo(10 * GIB);
            assertThat(f.message()).contains("team-a/data", "12.0 GiB", "10.0 GiB", "120%", "expand the claim");
        });
    }

    @Test
    void claimAboveNinetyPercentOfItsRequestIsNearQuota() {
        givenClaim("uid-a", "team-a", "data", 10 * GIB, ExportPhase.READY, 9_500L * (1 << 20));
        givenClaim("uid-b", "team-b", "data", 10 * GIB, ExportPhase.READY, 9 * GIB);

        List<Finding> found = Findings.desired(observation(), DEFAULTS);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.NEAR_QUOTA);
            assertThat(f.claimUid()).isEqualTo("uid-a");
            assertThat(f.message()).contains("93%", "above 90%");
        });
    }

    @Test
    void nearQuotaShareIsConfigurable() {
        givenClaim("uid-b", "team-b", "data", 10 * GIB, ExportPhase.READY, 9 * GIB);

        List<Finding> found = Findings.desired(observation(), new Thresholds(0.5, 0.85, 0, 0.01));

        assertThat(found).extracting(Finding::kind).containsExactly(FindingKind.NEAR_QUOTA);
    }

    @Test
    void directoryNoLiveExportOwnsIsAnOrphan() {
        directories.add(new ObservedDirectory("someone-elses-stuff", Role.UNOWNED, used(3 * GIB), NOW));

        List<Finding> found = Findings.desired(observation(), DEFAULTS);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.ORPHAN_DIRECTORY);
            assertThat(f.claimUid()).isEmpty();
            assertThat(f.path()).isEqualTo("someone-elses-stuff");
            assertThat(f.usedBytes()).isEqualTo(3 * GIB);
            assertThat(f.message()).contains("no live export owns it", "remove it by hand");
        });
    }

    @Test
    void orphanOfAReleasedClaimNamesTheClaim() {
        exports.add(record("uid-r", "team-r", "old", 1 * GIB, ExportPhase.DELETED));
        directories.add(new ObservedDirectory("team-r-old-pvc-uid-r", Role.UNOWNED, used(GIB), NOW));

        List<Finding> found = Findings.desired(observation(), DEFAULTS);

        assertThat(found).singleElement().satisfies(f -> assertThat(f.message()).contains("team-r/old", "DELETED"));
    }

    @Test
    void aRetainedClaimStillHoldsItsDirectoryAndItsSpace() {
        exports.add(record("uid-k", "team-k", "kept", 2 * GIB, ExportPhase.RETAINED));
        directories.add(new ObservedDirectory("team-k-kept-pvc-uid-k", Role.CLAIM, used(GIB), NOW));

        List<Finding> found = Findings.desired(observation(), DEFAULTS);

        assertThat(found).isEmpty();
    }

    @Test
    void readyExportWithoutItsDirectoryIsMissing() {
        exports.add(record("uid-m", "team-m", "gone", GIB, ExportPhase.READY));

        List<Finding> found = Findings.desired(observation(), DEFAULTS);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.MISSING_DIRECTORY);
            assertThat(f.claimUid()).isEqualTo("uid-m");
            assertThat(f.path()).isEqualTo("team-m-gone-pvc-uid-m");
            assertThat(f.message()).contains("restore the directory");
        });
    }

    @Test
    void pendingExportWithoutItsDirectoryYetIsNotMissing() {
        exports.add(record("uid-p", "team-p", "new", GIB, ExportPhase.PENDING));

        assertThat(Findings.desired(observation(), DEFAULTS)).isEmpty();
    }

    @Test
    void exportOutsideTheExportRootIsMissingWithTheSettingToFix() {
        exports.add(new ExportRecord("uid-x", "team-x", "elsewhere", "pvc-uid-x", "nfs-1", "10.0.10.5",
                "/srv/other/team-x", GIB, List.of("ReadWriteMany"), OnDelete.ARCHIVE, ExportPhase.READY, "", NOW, NOW));

        List<Finding> found = Findings.desired(observation(), DEFAULTS);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.MISSING_DIRECTORY);
            assertThat(f.message()).contains("nfs-lifecycle.nfs-path");
        });
    }

    @Test
    void archivesAreABacklogWithTotalBytesAndOldestAge() {
        directories.add(new ObservedDirectory("archived-a", Role.ARCHIVE, used(2 * GIB), NOW.minus(Duration.ofDays(30))));
        directories.add(new ObservedDirectory("ns/archived-b", Role.ARCHIVE, used(GIB), NOW.minus(Duration.ofDays(2))));

        List<Finding> found = Findings.desired(observation(), DEFAULTS);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.ARCHIVE_BACKLOG);
            assertThat(f.usedBytes()).isEqualTo(3 * GIB);
            assertThat(f.message()).contains("2 archived directories hold 3.0 GiB", "30 days ago");
        });
    }

    @Test
    void archivesBelowTheBacklogThresholdAreNoFinding() {
        directories.add(new ObservedDirectory("archived-a", Role.ARCHIVE, used(GIB), NOW));

        assertThat(Findings.desired(observation(), new Thresholds(0.9, 0.85, 2 * GIB, 0.01))).isEmpty();
    }

    @Test
    void requestsBeyondTheVolumeSizeAreOvercommitted() {
        givenClaim("uid-a", "team-a", "a", 30 * GIB, ExportPhase.READY, GIB);
        givenClaim("uid-b", "team-b", "b", 30 * GIB, ExportPhase.READY, GIB);
        exports.add(record("uid-c", "team-c", "c", 30 * GIB, ExportPhase.ARCHIVED));

        List<Finding> found = Findings.desired(observation(), DEFAULTS);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.OVERCOMMITTED);
            assertThat(f.usedBytes()).isEqualTo(60 * GIB);
            assertThat(f.limitBytes()).isEqualTo(50 * GIB);
            assertThat(f.message()).contains("60.0 GiB", "50.0 GiB", "120%", "grow the volume");
        });
    }

    @Test
    void volumeUsedAboveEightyFivePercentIsUnderPressure() {
        volume = new VolumeFigures(50 * GIB, 45 * GIB);

        List<Finding> found = Findings.desired(observation(), DEFAULTS);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.VOLUME_PRESSURE);
            assertThat(f.usedBytes()).isEqualTo(45 * GIB);
            assertThat(f.message()).contains("90% used", "above 85%");
        });
    }

    @Test
    void newFindingIsPublishedOpenOnce() {
        givenClaim("uid-a", "team-a", "data", 10 * GIB, ExportPhase.READY, 12 * GIB);

        Reconciliation first = Findings.audit(observation(), DEFAULTS, Map.of());
        Reconciliation second = Findings.audit(observation(), DEFAULTS, first.announced());

        assertThat(first.changes()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(Status.OPEN);
            assertThat(c.finding().kind()).isEqualTo(FindingKind.OVER_QUOTA);
        });
        assertThat(second.changes()).isEmpty();
        assertThat(second.open()).hasSize(1);
    }

    @Test
    void findingWhoseFigureMovedLessThanOnePercentOfItsLimitIsNotPublishedAgain() {
        givenClaim("uid-a", "team-a", "data", 10 * GIB, ExportPhase.READY, 12 * GIB);
        Reconciliation first = Findings.audit(observation(), DEFAULTS, Map.of());
        directories.clear();
        directories.add(new ObservedDirectory("team-a-data-pvc-uid-a", Role.CLAIM, used(12 * GIB + 50 * (1 << 20)), NOW));

        Reconciliation second = Findings.audit(observation(), DEFAULTS, first.announced());

        assertThat(second.changes()).isEmpty();
    }

    @Test
    void findingWhoseFiguresChangedIsPublishedAgain() {
        givenClaim("uid-a", "team-a", "data", 10 * GIB, ExportPhase.READY, 12 * GIB);
        Reconciliation first = Findings.audit(observation(), DEFAULTS, Map.of());
        directories.clear();
        directories.add(new ObservedDirectory("team-a-data-pvc-uid-a", Role.CLAIM, used(14 * GIB), NOW));

        Reconciliation second = Findings.audit(observation(), DEFAULTS, first.announced());

        assertThat(second.changes()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(Status.OPEN);
            assertThat(c.finding().usedBytes()).isEqualTo(14 * GIB);
        });
    }

    @Test
    void slowGrowthIsComparedWithWhatWasLastAnnouncedSoItIsPublishedOnceItAddsUp() {
        givenClaim("uid-a", "team-a", "data", 10 * GIB, ExportPhase.READY, 12 * GIB);
        Map<Finding.Id, Finding> announced = Findings.audit(observation(), DEFAULTS, Map.of()).announced();
        int published = 0;
        for (int step = 1; step <= 4; step++) {
            directories.clear();
            directories.add(new ObservedDirectory("team-a-data-pvc-uid-a", Role.CLAIM, used(12 * GIB + step * 40L * (1 << 20)), NOW));
            Reconciliation r = Findings.audit(observation(), DEFAULTS, announced);
            published += r.changes().size();
            announced = r.announced();
        }

        assertThat(published).isEqualTo(1);
    }

    @Test
    void findingThatIsGoneIsPublishedResolvedOnce() {
        givenClaim("uid-a", "team-a", "data", 10 * GIB, ExportPhase.READY, 12 * GIB);
        Reconciliation first = Findings.audit(observation(), DEFAULTS, Map.of());
        directories.clear();
        directories.add(new ObservedDirectory("team-a-data-pvc-uid-a", Role.CLAIM, used(5 * GIB), NOW));

        Reconciliation second = Findings.audit(observation(), DEFAULTS, first.announced());
        Reconciliation third = Findings.audit(observation(), DEFAULTS, second.announced());

        assertThat(second.changes()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(Status.RESOLVED);
            assertThat(c.finding().kind()).isEqualTo(FindingKind.OVER_QUOTA);
            assertThat(c.finding().claimUid()).isEqualTo("uid-a");
            assertThat(c.finding().message()).contains("team-a/data", "no longer");
        });
        assertThat(third.changes()).isEmpty();
    }

    @Test
    void claimGoingFromNearToOverQuotaResolvesOneAndOpensTheOther() {
        givenClaim("uid-a", "team-a", "data", 10 * GIB, ExportPhase.READY, 95 * GIB / 10);
        Reconciliation first = Findings.audit(observation(), DEFAULTS, Map.of());
        directories.clear();
        directories.add(new ObservedDirectory("team-a-data-pvc-uid-a", Role.CLAIM, used(11 * GIB), NOW));

        Reconciliation second = Findings.audit(observation(), DEFAULTS, first.announced());

        assertThat(second.changes()).extracting(c -> c.finding().kind() + " " + c.status())
                .containsExactly("OVER_QUOTA OPEN", "NEAR_QUOTA RESOLVED");
    }

    @Test
    void archiveGettingOlderIsNotAChange() {
        directories.add(new ObservedDirectory("archived-a", Role.ARCHIVE, used(GIB), NOW.minus(Duration.ofDays(3))));
        Reconciliation first = Findings.audit(observation(), DEFAULTS, Map.of());

        Reconciliation later = Findings.audit(new Observation(exports, List.of(ROOT), directories, volume,
                NOW.plus(Duration.ofDays(1))), DEFAULTS, first.announced());

        assertThat(later.changes()).isEmpty();
    }

    @Test
    void anotherArchiveIsAChangeOfTheBacklog() {
        directories.add(new ObservedDirectory("archived-a", Role.ARCHIVE, used(GIB), NOW));
        Reconciliation first = Findings.audit(observation(), DEFAULTS, Map.of());
        directories.add(new ObservedDirectory("archived-b", Role.ARCHIVE, Measurement.EMPTY, NOW));

        Reconciliation second = Findings.audit(observation(), DEFAULTS, first.announced());

        assertThat(second.changes()).singleElement().satisfies(c -> assertThat(c.finding().message()).contains("2 archived"));
    }

    @Test
    void nestedClaimDirectoryFromAPathPatternIsFound() {
        exports.add(new ExportRecord("uid-n", "team-n", "db", "pvc-uid-n", "nfs-1", "10.0.10.5",
                ROOT + "/team-n/db", 10 * GIB, List.of("ReadWriteOnce"), OnDelete.ARCHIVE, ExportPhase.READY, "", NOW, NOW));
        directories.add(new ObservedDirectory("team-n/db", Role.CLAIM, used(11 * GIB), NOW));

        assertThat(Findings.desired(observation(), DEFAULTS)).extracting(Finding::kind, Finding::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FindingKind.OVER_QUOTA, "team-n/db"));
    }

    @Test
    void aQuotaReadClaimIsJudgedByTheQuotasFigureAndNamesItsLimit() {
        givenQuotaClaim("uid-a", 10 * GIB, 9_500L * (1 << 20), 10 * GIB, false, used(0));

        assertThat(Findings.desired(observation(), DEFAULTS)).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.NEAR_QUOTA);
            assertThat(f.usedBytes()).isEqualTo(9_500L * (1 << 20));
            assertThat(f.details()).containsEntry("quotaLimitBytes", String.valueOf(10 * GIB));
            assertThat(f.message()).contains("project quota: 10.0 GiB limit", "writes fail at the limit");
        });
    }

    @Test
    void aCrossCheckThatDisagreesWithTheQuotaIsAMismatch() {
        givenQuotaClaim("uid-a", 10 * GIB, 2 * GIB, 10 * GIB, true, used(3 * GIB));

        assertThat(Findings.desired(observation(), DEFAULTS)).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.QUOTA_MISMATCH);
            assertThat(f.usedBytes()).isEqualTo(2 * GIB);
            assertThat(f.limitBytes()).isEqualTo(3 * GIB);
            assertThat(f.details()).containsEntry("projectId", "10000");
        });
    }

    @Test
    void aCrossCheckWithinAMebibyteOfTheQuotaAgrees() {
        givenQuotaClaim("uid-a", 10 * GIB, 2 * GIB, 10 * GIB, true, used(2 * GIB + 512 * 1024));

        assertThat(Findings.desired(observation(), DEFAULTS)).isEmpty();
    }

    @Test
    void aCrossCheckSeesAWriterPastTheLimitThatTheQuotaStopsCountingAt() {
        // ext4 lets root write past a project's limit and charges it only up to the limit
        givenQuotaClaim("uid-a", 10 * GIB, 10 * GIB, 10 * GIB, true, used(12 * GIB));

        assertThat(Findings.desired(observation(), DEFAULTS)).extracting(f -> f.kind())
                .containsExactlyInAnyOrder(FindingKind.OVER_QUOTA, FindingKind.QUOTA_MISMATCH);
        assertThat(Findings.desired(observation(), DEFAULTS)).filteredOn(f -> f.kind() == FindingKind.OVER_QUOTA)
                .singleElement().satisfies(f -> assertThat(f.usedBytes()).isEqualTo(12 * GIB));
    }

    private void givenQuotaClaim(String uid, long requested, long quotaUsed, long quotaLimit, boolean walked,
            Measurement walk) {
        ExportRecord e = record(uid, "team-a", "data", requested, ExportPhase.READY).withProjectId(10_000);
        exports.add(e);
        directories.add(new ObservedDirectory(e.path().substring(ROOT.length() + 1), Role.CLAIM, walk, NOW,
                new QuotaFigures(10_000, quotaLimit, quotaUsed, 3), walked));
    }

    private void givenClaim(String uid, String namespace, String name, long requested, ExportPhase phase, long used) {
        ExportRecord e = record(uid, namespace, name, requested, phase);
        exports.add(e);
        directories.add(new ObservedDirectory(e.path().substring(ROOT.length() + 1), Role.CLAIM, used(used), NOW));
    }

    private static ExportRecord record(String uid, String namespace, String name, long requested, ExportPhase phase) {
        return new ExportRecord(uid, namespace, name, "pvc-" + uid, "nfs-1", "10.0.10.5",
                ROOT + "/" + namespace + "-" + name + "-pvc-" + uid, requested, List.of("ReadWriteMany"),
                OnDelete.ARCHIVE, phase, "", NOW, NOW);
    }

    private static Measurement used(long allocated) {
        return new Measurement(allocated, allocated, 10, 1);
    }

    private Observation observation() {
        return new Observation(exports, List.of(ROOT), directories, volume, NOW);
    }
}
