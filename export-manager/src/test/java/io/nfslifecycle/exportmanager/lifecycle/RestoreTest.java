package io.nfslifecycle.exportmanager.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportPurged;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportReclaimed;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * Restoring an archive into a new claim over a real export root and state directory: the archive's directory moved
 * (renamed, not copied) into the claim's, the archive's record saying where it went, every refusal with its reason,
 * a restore cut short by a crash at every step finished by the next start, and a restored archive never purged.
 */
class RestoreTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path base;
    private Workspace workspace;
    private final ArchiveBinTest.MovingClock clock = new ArchiveBinTest.MovingClock(
            Instant.parse("2026-12-01T00:00:00Z"));
    private final ClaimRequested original = Claims.requested("u1", "shop", "data", 8 * MIB, OnDelete.ARCHIVE)
            .retainingArchiveFor("1h");
    private final ClaimRequested restore = Claims.requested("u2", "shop", "data-back", 8 * MIB, OnDelete.ARCHIVE)
            .restoringFrom("u1");

    @BeforeEach
    void setUp() {
        workspace = new Workspace(base.resolve("exports"), base.resolve("state"), new AdmissionPolicy(1.0, false),
                Workspace.volumeOf(1024 * MIB));
        workspace.clock = clock;
    }

    /** The original claim with a file and a link to outside the root, released with archive; returns the archive. */
    private Path archived(ExportLifecycle lifecycle) throws Exception {
        lifecycle.handle(original);
        Path dir = workspace.root.resolve(lifecycle.store().get("u1").orElseThrow().directory());
        Files.writeString(dir.resolve("kept.txt"), "written before the delete");
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.createSymbolicLink(dir.resolve("to-outside"), outside);
        lifecycle.handle(Claims.released(original));
        return workspace.root.resolve(lifecycle.store().get("u1").orElseThrow().finalPath());
    }

    private Path directoryOf(ExportLifecycle lifecycle, String uid) {
        return workspace.root.resolve(lifecycle.store().get(uid).orElseThrow().directory());
    }

    @Test
    void theArchiveIsMovedIntoTheNewClaimAndItsRecordSaysWhereItWent() throws Exception {
        ExportLifecycle lifecycle = workspace.start();
        Path archive = archived(lifecycle);
        Object inode = Files.readAttributes(archive, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");

        Handled handled = lifecycle.handle(restore);

        assertThat(handled.results()).hasSize(2);
        assertThat(handled.results().get(0)).isInstanceOf(ExportReady.class);
        assertThat(handled.results().get(1)).isInstanceOfSatisfying(ExportReclaimed.class, r -> {
            assertThat(r.export().claimUid()).isEqualTo("u1");
            assertThat(r.export().phase()).isEqualTo(ExportPhase.DELETED);
            assertThat(r.export().reason()).contains("restored into claim shop/data-back");
        });
        Path dir = directoryOf(lifecycle, "u2");
        assertThat(dir.resolve("kept.txt")).hasContent("written before the delete");
        assertThat(Files.isSymbolicLink(dir.resolve("to-outside"))).as("a link stays a link").isTrue();
        assertThat(Files.readAttributes(dir, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino"))
                .as("moved by a rename, not copied").isEqualTo(inode);
        assertThat(archive).doesNotExist();
        StoredExport gone = lifecycle.store().get("u1").orElseThrow();
        assertThat(gone.archive().state()).isEqualTo("restored");
        assertThat(gone.archive().restoredTo()).isEqualTo("u2");
        assertThat(lifecycle.store().get("u2").orElseThrow().export().reason()).contains("u1");

        assertThat(lifecycle.handle(restore).outcome()).as("asked again: the same READY").isEqualTo(Outcome.DUPLICATE);
        clock.pass(Duration.ofHours(2));
        assertThat(lifecycle.archives().sweep()).as("a restored archive is never purged").isEmpty();
        assertThat(workspace.start().settleRestores()).isEmpty();
        assertThat(dir.resolve("kept.txt")).exists();
    }

    @Test
    void aRestoreIsRefusedWithItsReason() throws Exception {
        ExportLifecycle lifecycle = workspace.start();
        archived(lifecycle);

        assertRefused(lifecycle, Claims.requested("u3", "shop", "x", 8 * MIB, OnDelete.ARCHIVE).restoringFrom("u9"),
                "no archive u9");
        assertRefused(lifecycle, Claims.requested("u4", "bank", "x", 8 * MIB, OnDelete.ARCHIVE).restoringFrom("u1"),
                "of namespace shop, not bank");
        assertRefused(lifecycle, Claims.requested("u5", "shop", "x", 4 * MIB, OnDelete.ARCHIVE).restoringFrom("u1"),
                "its claim's request");
        assertThat(lifecycle.archives().measure(10)).isEqualTo(1);
        assertThat(lifecycle.handle(Claims.requested("u5", "shop", "x", 4 * MIB, OnDelete.ARCHIVE)
                .restoringFrom("u1")).outcome()).as("once measured, its size is what counts").isEqualTo(Outcome.READY);
        assertRefused(lifecycle, restore, "restored already, into the claim with uid u5");
    }

    @Test
    void aPurgedArchiveIsNotRestoredAndAnotherNamespaceOnlyWhenTheOperatorAllows() throws Exception {
        ExportLifecycle lifecycle = workspace.start();
        archived(lifecycle);
        workspace.archives = new ExportLifecycle.Archives(Duration.ZERO, 10, Duration.ofDays(30), true,
                ExportLifecycle.PurgeForSpace.NONE);
        ExportLifecycle across = workspace.start();

        assertThat(across.handle(Claims.requested("u4", "bank", "x", 8 * MIB, OnDelete.ARCHIVE).restoringFrom("u1"))
                .outcome()).isEqualTo(Outcome.READY);

        ClaimRequested second = Claims.requested("u6", "shop", "other", MIB, OnDelete.ARCHIVE);
        across.handle(second);
        across.handle(Claims.released(second));
        ExportLifecycle.finish(across.archives().purge("u6", ExportPurged.OPERATOR));
        assertRefused(across, Claims.requested("u7", "shop", "y", MIB, OnDelete.ARCHIVE).restoringFrom("u6"),
                "is purged");
    }

    @Test
    void anArchiveTakenByARestoreIsNotPurgedAndOneWhoseClaimWentIsGivenBack() throws Exception {
        ExportLifecycle lifecycle = workspace.start();
        Path archive = archived(lifecycle);
        ExportLifecycle crashing = workspace.start(reached -> {
            if (reached == Step.RESTORE_TAKEN) {
                throw new CrashRecoveryTest.Crash();
            }
        });
        try {
            crashing.handle(restore);
        } catch (CrashRecoveryTest.Crash expected) {
            // the service died with the archive taken and no record of the claim
        }
        ExportLifecycle restarted = workspace.start();
        assertThat(restarted.archives().get("u1").orElseThrow().archive().state()).isEqualTo("restoring");
        assertThat(ExportLifecycle.finish(restarted.archives().purge("u1", ExportPurged.OPERATOR)).results())
                .as("taken: not purged").isEmpty();
        assertThat(archive.resolve("kept.txt")).exists();

        assertThat(restarted.settleRestores()).isEmpty();

        assertThat(restarted.archives().get("u1").orElseThrow().archive().state()).isEqualTo("kept");
        assertThat(archive.resolve("kept.txt")).exists();
    }

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"RESTORE_TAKEN", "PENDING_RECORDED", "RESTORE_MOVED", "READY_RECORDED",
            "RESTORE_SETTLED"})
    void aRestoreCutShortAtAnyStepIsFinishedByTheNextStartWithTheDataInOnePlace(Step crashAt) throws Exception {
        Path archive = archived(workspace.start());
        ExportLifecycle crashing = workspace.start(reached -> {
            if (reached == crashAt) {
                throw new CrashRecoveryTest.Crash();
            }
        });
        try {
            crashing.handle(restore);
        } catch (CrashRecoveryTest.Crash expected) {
            // the service died here
        }

        ExportLifecycle restarted = workspace.start();
        List<ExportEvent> said = new ArrayList<>(restarted.reconcile());
        said.addAll(restarted.settleRestores());
        said.addAll(restarted.handle(restore).results()); // the watcher asks again

        StoredExport claim = restarted.store().get("u2").orElseThrow();
        assertThat(claim.export().phase()).isEqualTo(ExportPhase.READY);
        assertThat(directoryOf(restarted, "u2").resolve("kept.txt")).hasContent("written before the delete");
        assertThat(archive).doesNotExist();
        assertThat(copiesOfTheFile()).as("the data in one place").isEqualTo(1);
        StoredExport gone = restarted.store().get("u1").orElseThrow();
        assertThat(gone.archive().state()).isEqualTo("restored");
        assertThat(restarted.stateOf(gone)).get().isInstanceOfSatisfying(ExportReclaimed.class,
                r -> assertThat(r.export().phase()).isEqualTo(ExportPhase.DELETED));
        assertThat(said).noneMatch(e -> e instanceof ExportFailed);
        assertThat(said.stream().filter(e -> e instanceof ExportReclaimed).count()).as("settled once at most")
                .isLessThanOrEqualTo(1);
    }

    @Test
    void aRestoreIntoANestedPatternMovesTheArchiveAcrossDirectories() throws Exception {
        ExportLifecycle lifecycle = workspace.start();
        Path archive = archived(lifecycle);
        ClaimRequested nested = Claims.requested("u8", "shop", "nested", 8 * MIB, OnDelete.ARCHIVE,
                "${.PVC.namespace}/restored/${.PVC.name}", java.util.Map.of(), java.util.Map.of(), "nfs-1")
                .restoringFrom("u1");

        assertThat(lifecycle.handle(nested).outcome()).isEqualTo(Outcome.READY);

        assertThat(workspace.root.resolve("shop/restored/nested/kept.txt")).hasContent("written before the delete");
        assertThat(archive).doesNotExist();
    }

    @Test
    void anArchiveFoundWithoutARecordIsInTheBinAndRestoredOnlyWhereTheOperatorAllows() throws Exception {
        String uid = "0b6c3f5e-1d2a-4b3c-8d4e-5f6a7b8c9d0e";
        Path subdir = Files.createDirectories(workspace.root.resolve("archived-team-a-data-pvc-" + uid));
        Files.writeString(subdir.resolve("rows"), "from nfs-subdir");
        Path odd = Files.createDirectories(workspace.root.resolve("archived-Odd_Name"));
        Files.createSymbolicLink(workspace.root.resolve("archived-link"), odd);
        ExportLifecycle lifecycle = workspace.start();

        assertThat(lifecycle.archives().sweep()).isEmpty();

        StoredExport found = lifecycle.archives().all().stream()
                .filter(s -> s.finalPath().equals("archived-team-a-data-pvc-" + uid)).findFirst().orElseThrow();
        assertThat(found.claimUid()).as("an id of its own, never the uid its name ends with").startsWith("orphan-");
        assertThat(found.archive().expiresAt()).as("kept until an operator says otherwise").isNull();
        assertThat(lifecycle.archives().all()).as("the odd name gets an id of its own; a link is no archive")
                .hasSize(2).anyMatch(s -> s.finalPath().equals("archived-Odd_Name") && s.claimUid().startsWith("orphan-"));
        String id = found.claimUid();
        assertThat(workspace.start().archives().sweep()).isEmpty();
        ExportLifecycle restarted = workspace.start(); // an open of the records stands for a restart
        assertThat(restarted.archives().all()).as("found once").hasSize(2);
        restarted.archives().measure(10);

        ClaimRequested fromTeam = Claims.requested("u9", "team", "data", 8 * MIB, OnDelete.ARCHIVE).restoringFrom(id);
        assertRefused(restarted, fromTeam, "found without a record");
        workspace.archives = new ExportLifecycle.Archives(Duration.ZERO, 10, Duration.ofDays(30), true,
                ExportLifecycle.PurgeForSpace.NONE);
        ExportLifecycle allowed = workspace.start();
        assertThat(allowed.handle(fromTeam).outcome()).isEqualTo(Outcome.READY);
        assertThat(directoryOf(allowed, "u9").resolve("rows")).hasContent("from nfs-subdir");
    }

    @Test
    void aSecondRestoreOfAnArchiveAnotherRestoreHoldsIsRefusedForNowAndAReleasedRestoreStillSettles()
            throws Exception {
        Path archive = archived(workspace.start());
        ExportLifecycle crashing = workspace.start(reached -> {
            if (reached == Step.READY_RECORDED) {
                throw new CrashRecoveryTest.Crash();
            }
        });
        try {
            crashing.handle(restore);
        } catch (CrashRecoveryTest.Crash expected) {
            // READY, the archive's record not settled yet
        }
        ExportLifecycle restarted = workspace.start();
        assertThat(restarted.sweep("u1").results()).as("the 5-minute sweep leaves a restore to the bin").isEmpty();
        assertThat(restarted.handle(Claims.requested("u3", "shop", "third", 8 * MIB, OnDelete.ARCHIVE)
                .restoringFrom("u1")).results()).singleElement().isInstanceOfSatisfying(ExportFailed.class, f -> {
                    assertThat(f.message()).contains("restored already");
                    assertThat(f.retryable()).as("held by a restore that may still give it back").isTrue();
                });

        restarted.handle(Claims.released(restore)); // the restored claim deleted before the bin settled it
        List<ExportEvent> said = restarted.settleRestores();

        assertThat(restarted.archives().get("u1").orElseThrow().archive().state()).isEqualTo("restored");
        assertThat(said).singleElement().isInstanceOf(ExportReclaimed.class);
        assertThat(archive).doesNotExist();
        assertThat(copiesOfTheFile()).as("archived again with its new claim, once").isEqualTo(1);
    }

    private long copiesOfTheFile() throws Exception {
        try (Stream<Path> entries = Files.walk(workspace.root)) {
            return entries.filter(p -> p.getFileName().toString().equals("kept.txt")).count();
        }
    }

    private static void assertRefused(ExportLifecycle lifecycle, ClaimRequested claim, String reason) {
        assertThat(lifecycle.handle(claim).results()).singleElement().isInstanceOfSatisfying(ExportFailed.class, f -> {
            assertThat(f.code()).isEqualTo(ExportFailed.RESTORE_SOURCE);
            assertThat(f.message()).contains(reason);
        });
    }
}
