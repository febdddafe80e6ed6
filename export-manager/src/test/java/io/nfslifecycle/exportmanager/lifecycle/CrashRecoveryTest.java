package io.nfslifecycle.exportmanager.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportReclaimed;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * Invariant 4, step by step: the process dies right after each durable step of a create and of a release (the
 * listener throws, and nothing after it runs, as with kill -9), then a new process reads the disk and reconciles.
 * No record is lost, no half-made or half-moved directory is left, and the result is published on restart.
 */
class CrashRecoveryTest {
    @TempDir
    Path base;

    /** Thrown at the chosen step: everything after it in the handler is skipped, as if the process died there. */
    static final class Crash extends RuntimeException {
    }

    private Workspace workspace() {
        return new Workspace(base.resolve("exports"), base.resolve("state"), new AdmissionPolicy(1.0, false),
                Workspace.volumeOf(10 * Claims.GIB));
    }

    private static StepListener crashAt(Step step) {
        return reached -> {
            if (reached == step) {
                throw new Crash();
            }
        };
    }

    private static final ClaimRequested CLAIM = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.ARCHIVE);

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"PENDING_RECORDED", "DIRECTORY_MADE", "MODE_SET", "READY_RECORDED"})
    void aCreateCutShortAtAnyStepIsFinishedOnRestart(Step step) throws Exception {
        Workspace workspace = workspace();
        ExportLifecycle crashing = workspace.start(crashAt(step));
        assertThatThrownBy(() -> crashing.handle(CLAIM)).isInstanceOf(Crash.class);

        ExportLifecycle restarted = workspace.start();
        List<ExportEvent> published = restarted.reconcile();
        ExportEvent retried = restarted.handle(CLAIM).results().get(0);

        Path dir = workspace.root.resolve("shop-data-pvc-u1");
        assertThat(dir).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxrwxrwx");
        StoredExport stored = restarted.store().get("u1").orElseThrow();
        assertThat(stored.export().phase()).isEqualTo(ExportPhase.READY);
        if (step == Step.READY_RECORDED) {
            assertThat(published).as("already READY: nothing to finish").isEmpty();
        } else {
            assertThat(published).singleElement().isInstanceOf(ExportReady.class);
        }
        assertThat(retried).isEqualTo(new ExportReady(stored.export()));
        try (var entries = Files.list(workspace.root)) {
            assertThat(entries).hasSize(1);
        }
    }

    @Test
    void aDirectoryFoundWithDataWhenACreateIsFinishedIsTreatedAsAdopted() throws Exception {
        // a power cut can take back a READY record whose directory entry was not yet synced: the PENDING before
        // it is found beside a directory a pod has already used
        Workspace workspace = workspace();
        ExportLifecycle crashing = workspace.start(crashAt(Step.MODE_SET));
        assertThatThrownBy(() -> crashing.handle(CLAIM)).isInstanceOf(Crash.class);
        Path dir = workspace.root.resolve("shop-data-pvc-u1");
        Files.writeString(dir.resolve("db"), "in use");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));

        ExportLifecycle restarted = workspace.start();
        restarted.reconcile();

        StoredExport stored = restarted.store().get("u1").orElseThrow();
        assertThat(stored.export().phase()).isEqualTo(ExportPhase.READY);
        assertThat(stored.adopted()).as("somebody's data: never chmod-ed, archived rather than deleted").isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(dir.resolve("db")).hasContent("in use");
    }

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"RELEASING_RECORDED", "DIRECTORY_MOVED", "RECLAIM_RECORDED"})
    void anArchiveCutShortAtAnyStepIsFinishedOnRestart(Step step) throws Exception {
        Workspace workspace = workspace();
        workspace.start().handle(CLAIM);
        Files.writeString(workspace.root.resolve("shop-data-pvc-u1/data"), "keep");
        ExportLifecycle crashing = workspace.start(crashAt(step));
        assertThatThrownBy(() -> crashing.handle(Claims.released(CLAIM))).isInstanceOf(Crash.class);

        ExportLifecycle restarted = workspace.start();
        restarted.reconcile();
        ExportEvent result = restarted.handle(Claims.released(CLAIM)).results().get(0);

        assertThat(result).isInstanceOfSatisfying(ExportReclaimed.class, r -> {
            assertThat(r.export().phase()).isEqualTo(ExportPhase.ARCHIVED);
            assertThat(r.finalPath()).isEqualTo("/srv/nfs/archived-shop-data-pvc-u1");
        });
        assertThat(workspace.root.resolve("archived-shop-data-pvc-u1/data")).hasContent("keep");
        try (var entries = Files.list(workspace.root)) {
            assertThat(entries).as("no second archive, nothing half moved").hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"RELEASING_RECORDED", "DIRECTORY_MOVED", "TREE_DELETED",
        "RECLAIM_RECORDED"})
    void aDeleteCutShortAtAnyStepIsFinishedOnRestart(Step step) throws Exception {
        Workspace workspace = workspace();
        ClaimRequested claim = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.DELETE);
        workspace.start().handle(claim);
        Files.createDirectories(workspace.root.resolve("shop-data-pvc-u1/a/b"));
        ExportLifecycle crashing = workspace.start(crashAt(step));
        assertThatThrownBy(() -> crashing.handle(Claims.released(claim))).isInstanceOf(Crash.class);

        ExportLifecycle restarted = workspace.start();
        restarted.reconcile();

        assertThat(restarted.store().get("u1").orElseThrow().export().phase()).isEqualTo(ExportPhase.DELETED);
        try (var entries = Files.list(workspace.root)) {
            assertThat(entries).as("neither the directory nor what was moved aside is left").isEmpty();
        }
    }

    @Test
    void anUnfinishedRecordWriteLeavesTheOldRecordInPlace() throws Exception {
        Workspace workspace = workspace();
        workspace.start().handle(CLAIM);
        // a crash between writing the temporary file and renaming it over the record
        Files.writeString(workspace.state.resolve("u1.json.tmp"), "{\"export\": {\"claimUid\": \"u1\", \"pha");

        ExportLifecycle restarted = workspace.start();

        assertThat(restarted.store().get("u1").orElseThrow().export().phase()).isEqualTo(ExportPhase.READY);
        assertThat(workspace.state.resolve("u1.json.tmp")).doesNotExist();
    }
}
