package io.nfslifecycle.exportmanager.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.ExportResized;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;
import io.nfslifecycle.exportmanager.directory.ClaimQuotas;
import io.nfslifecycle.kit.quota.QuotaStatus;

/**
 * The lifecycle's quota rules over a real export root and state directory, with the quota port kept in memory: one
 * project per claim directory, durable and never given twice, its limit following the request through resize,
 * release, a crash at any step, and a limit changed by hand.
 */
class QuotaLifecycleTest {
    private static final long MIB = 1024 * 1024;
    private static final long FIRST = 10_000;

    @TempDir
    Path base;
    private Workspace workspace;
    private MemoryQuotas port;

    @BeforeEach
    void setUp() {
        workspace = new Workspace(base.resolve("exports"), base.resolve("state"), new AdmissionPolicy(1.0, false),
                Workspace.volumeOf(1024 * MIB));
        port = new MemoryQuotas();
        workspace.quotas = new ClaimQuotas(new QuotaStatus(true, "enforced", "enforced (test)"), port, FIRST);
    }

    private static ClaimRequested claim(String uid, OnDelete onDelete) {
        return Claims.requested(uid, "shop", "data-" + uid, 5 * MIB, onDelete);
    }

    private Path dirOf(String uid) {
        return workspace.root.resolve("shop-data-" + uid + "-pvc-" + uid);
    }

    private ExportRecord record(ExportLifecycle lifecycle, String uid) {
        return lifecycle.store().get(uid).orElseThrow().export();
    }

    @Test
    void eachClaimDirectoryGetsItsOwnProjectLimitedToItsRequest() {
        ExportLifecycle lifecycle = workspace.start();
        lifecycle.handle(claim("u1", OnDelete.DELETE));
        lifecycle.handle(claim("u2", OnDelete.DELETE));

        assertThat(record(lifecycle, "u1").projectId()).isEqualTo(FIRST);
        assertThat(record(lifecycle, "u2").projectId()).isEqualTo(FIRST + 1);
        assertThat(port.tags).containsEntry(dirOf("u1"), FIRST).containsEntry(dirOf("u2"), FIRST + 1);
        assertThat(port.limits).containsEntry(FIRST, 5 * MIB).containsEntry(FIRST + 1, 5 * MIB);
    }

    @Test
    void anIdIsNeverGivenTwiceAcrossARestartOrAfterItsClaimWent() {
        ExportLifecycle first = workspace.start();
        first.handle(claim("u1", OnDelete.DELETE));
        first.handle(Claims.released(claim("u1", OnDelete.DELETE)));

        ExportLifecycle restarted = workspace.start();
        restarted.handle(claim("u2", OnDelete.DELETE));
        assertThat(record(restarted, "u2").projectId()).isEqualTo(FIRST + 1);
    }

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"PENDING_RECORDED", "DIRECTORY_MADE", "QUOTA_SET", "MODE_SET"})
    void aCreateCutShortAtAnyStepKeepsItsProjectAndGetsItsLimit(Step step) {
        ExportLifecycle crashing = workspace.start(reached -> {
            if (reached == step) {
                throw new CrashRecoveryTest.Crash();
            }
        });
        assertThatThrownBy(() -> crashing.handle(claim("u1", OnDelete.DELETE)))
                .isInstanceOf(CrashRecoveryTest.Crash.class);
        port.limits.clear();

        ExportLifecycle restarted = workspace.start();
        restarted.reconcile();
        assertThat(record(restarted, "u1").phase()).isEqualTo(ExportPhase.READY);
        assertThat(record(restarted, "u1").projectId()).isEqualTo(FIRST);
        assertThat(port.tags).containsEntry(dirOf("u1"), FIRST);
        assertThat(port.limits).containsEntry(FIRST, 5 * MIB);
        restarted.handle(claim("u2", OnDelete.DELETE));
        assertThat(record(restarted, "u2").projectId()).isEqualTo(FIRST + 1);
    }

    @Test
    void aResizeGrowsTheLimitAndAShrinkStopsAtWhatIsUsed() throws Exception {
        ExportLifecycle lifecycle = workspace.start();
        ClaimRequested claim = claim("u1", OnDelete.DELETE);
        lifecycle.handle(claim);
        assertThat(lifecycle.handle(Claims.resized(claim, 20 * MIB)).results().get(0))
                .isInstanceOf(ExportResized.class);
        assertThat(port.limits).containsEntry(FIRST, 20 * MIB);

        Files.write(dirOf("u1").resolve("data"), new byte[(int) (12 * MIB)]);
        assertThat(lifecycle.handle(Claims.resized(claim, 8 * MIB)).results().get(0))
                .isInstanceOfSatisfying(ExportFailed.class, failed -> {
                    assertThat(failed.message()).contains(String.valueOf(8 * MIB), String.valueOf(12 * MIB));
                    assertThat(failed.export().requestedBytes()).isEqualTo(20 * MIB);
                });
        assertThat(port.limits).containsEntry(FIRST, 20 * MIB);

        assertThat(lifecycle.handle(Claims.resized(claim, 16 * MIB)).results().get(0))
                .isInstanceOf(ExportResized.class);
        assertThat(port.limits).containsEntry(FIRST, 16 * MIB);
        assertThat(record(lifecycle, "u1").requestedBytes()).isEqualTo(16 * MIB);
    }

    @Test
    void aDeleteAndAnArchiveLiftTheLimitAndARetainKeepsIt() {
        ExportLifecycle lifecycle = workspace.start();
        for (String uid : new String[] {"u1", "u2", "u3"}) {
            OnDelete onDelete = switch (uid) {
                case "u1" -> OnDelete.DELETE;
                case "u2" -> OnDelete.ARCHIVE;
                default -> OnDelete.RETAIN;
            };
            lifecycle.handle(claim(uid, onDelete));
            lifecycle.handle(Claims.released(claim(uid, onDelete)));
        }
        assertThat(port.limits).containsEntry(FIRST, 0L).containsEntry(FIRST + 1, 0L).containsEntry(FIRST + 2, 5 * MIB);
        assertThat(record(lifecycle, "u2").projectId()).as("an archive keeps its project").isEqualTo(FIRST + 1);

        // a limit put on the archive and lifted from the retained directory by hand go back on the sweep
        port.limits.put(FIRST + 1, 1 * MIB);
        port.limits.put(FIRST + 2, 0L);
        lifecycle.sweep("u2");
        lifecycle.sweep("u3");
        assertThat(port.limits).containsEntry(FIRST + 1, 0L).containsEntry(FIRST + 2, 5 * MIB);
    }

    @Test
    void anIdTheFilesystemHoldsThatNoRecordKnowsIsNotGivenAgain() {
        // an operator's own project, or one whose record was lost: it has a limit, and no record of ours names it
        port.limits.put(FIRST + 5, 1 * MIB);
        port.limits.put(FIRST + 9, 0L); // listed by the kernel with nothing in it: free
        workspace.quotas = new ClaimQuotas(new QuotaStatus(true, "enforced", "enforced (test)"), port, FIRST);

        ExportLifecycle lifecycle = workspace.start();
        lifecycle.handle(claim("u1", OnDelete.DELETE));

        assertThat(record(lifecycle, "u1").projectId()).isEqualTo(FIRST + 6);
    }

    @Test
    void aLimitChangedByHandIsPutBackAtStartAndOnTheSweep() {
        workspace.start().handle(claim("u1", OnDelete.DELETE));
        port.limits.put(FIRST, 50 * MIB);
        ExportLifecycle restarted = workspace.start();
        restarted.reconcile();
        assertThat(port.limits).containsEntry(FIRST, 5 * MIB);
        assertThat(restarted.quotaLimitsPutBack()).isEqualTo(1);

        ExportLifecycle running = workspace.start();
        running.sweep("u1");
        assertThat(running.quotaLimitsPutBack()).as("a limit as it should be is left alone").isZero();
        port.limits.put(FIRST, 0L);
        running.sweep("u1");
        assertThat(port.limits).containsEntry(FIRST, 5 * MIB);
        assertThat(running.quotaLimitsPutBack()).isEqualTo(1);
    }

    @Test
    void anAdoptedDirectoryKeepsItsFilesAndGetsNoProject() throws Exception {
        Files.createDirectories(dirOf("u1"));
        Files.writeString(dirOf("u1").resolve("old"), "data");
        ExportLifecycle lifecycle = workspace.start();
        lifecycle.handle(Claims.adopting(claim("u1", OnDelete.ARCHIVE)));
        assertThat(record(lifecycle, "u1").phase()).isEqualTo(ExportPhase.READY);
        assertThat(record(lifecycle, "u1").projectId()).isZero();
        assertThat(port.tags).isEmpty();
    }

    @Test
    void withoutEnforcedQuotasNothingIsTaggedAndAShrinkChangesNothing() {
        workspace.quotas = ClaimQuotas.off("test");
        ExportLifecycle lifecycle = workspace.start();
        ClaimRequested claim = claim("u1", OnDelete.DELETE);
        lifecycle.handle(claim);
        lifecycle.handle(Claims.resized(claim, 2 * MIB));
        assertThat(record(lifecycle, "u1").projectId()).isZero();
        assertThat(record(lifecycle, "u1").requestedBytes()).isEqualTo(5 * MIB);
        assertThat(port.tags).isEmpty();
        assertThat(port.limits).isEmpty();
    }
}
