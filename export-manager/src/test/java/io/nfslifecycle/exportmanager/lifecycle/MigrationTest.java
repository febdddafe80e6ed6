package io.nfslifecycle.exportmanager.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportReclaimed;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.ReclaimPolicy;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;

/**
 * A volume another provisioner made, taken over in place on a real export root: exactly the named directory, never
 * made, moved or chmod-ed, never another record's, never refused for space; released by our rules (archived).
 */
class MigrationTest {
    @TempDir
    Path base;
    Workspace workspace;
    ExportLifecycle lifecycle;

    @BeforeEach
    void start() {
        // a volume already overcommitted: adoption takes what is on the disk, whatever the admission says
        workspace = new Workspace(base.resolve("exports"), base.resolve("state"), new AdmissionPolicy(1.0, false),
                Workspace.volumeOf(Claims.GIB));
        lifecycle = workspace.start();
    }

    private static ClaimRequested migrating(String uid, String name, String directory, long bytes) {
        ClaimRequested c = Claims.requested(uid, "shop", name, bytes, OnDelete.ARCHIVE);
        return new ClaimRequested(c.claimUid(), c.namespace(), c.claimName(), c.volumeName(), "nfs-client",
                c.serverId(), bytes, c.accessModes(), OnDelete.ARCHIVE, "", Map.of(), Map.of(), ReclaimPolicy.DELETE,
                false, directory);
    }

    @Test
    void theNamedDirectoryIsAdoptedAsItIsAndArchivedOnRelease() throws Exception {
        Path dir = Files.createDirectories(workspace.root.resolve("shop-data-pvc-old"));
        Files.writeString(dir.resolve("rows"), "a,b,c");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        ClaimRequested claim = migrating("u1", "data", "shop-data-pvc-old", 5 * Claims.GIB);

        ExportReady ready = (ExportReady) lifecycle.handle(claim).results().get(0);

        assertThat(ready.export().phase()).isEqualTo(ExportPhase.READY);
        assertThat(ready.export().directory()).isEqualTo("shop-data-pvc-old");
        assertThat(ready.export().reason()).contains("adopting", "as it is");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-x---");
        assertThat(lifecycle.store().provisionedBytes()).as("counted from now on").isEqualTo(5 * Claims.GIB);
        assertThat(lifecycle.store().get("u1").orElseThrow().adopted()).isTrue();
        assertThat(lifecycle.handle(claim).results().get(0)).as("asked again: the same answer")
                .isInstanceOf(ExportReady.class);

        ExportReclaimed reclaimed = (ExportReclaimed) lifecycle.handle(Claims.released(claim)).results().get(0);
        assertThat(reclaimed.export().phase()).isEqualTo(ExportPhase.ARCHIVED);
        assertThat(dir).doesNotExist();
        assertThat(reclaimed.finalPath()).endsWith("/archived-shop-data-pvc-old");
        assertThat(workspace.root.resolve("archived-shop-data-pvc-old/rows")).hasContent("a,b,c");
    }

    @Test
    void aMissingDirectoryIsRefusedAndNothingIsMade() {
        ExportFailed failed = (ExportFailed) lifecycle.handle(migrating("u1", "lost", "shop-lost-pvc-old",
                Claims.GIB)).results().get(0);

        assertThat(failed.code()).isEqualTo(ExportFailed.DIRECTORY_MISSING);
        assertThat(failed.retryable()).as("asked again once the directory is there").isTrue();
        assertThat(workspace.root.resolve("shop-lost-pvc-old")).doesNotExist();
        assertThat(lifecycle.migrationRefusal("shop-lost-pvc-old", "u1", "pvc-u1")).get().asString()
                .contains("is not there");
    }

    @Test
    void aLinkAnotherRecordsDirectoryAndAnArchiveAreRefused() throws Exception {
        lifecycle.handle(Claims.requested("u0", "shop", "mine", Claims.GIB / 2, OnDelete.ARCHIVE));
        Files.createSymbolicLink(workspace.root.resolve("shop-link-pvc-old"), Paths.get("/etc"));
        Files.createDirectories(workspace.root.resolve("archived-shop-x-pvc-old"));

        for (Map.Entry<String, String> refusal : Map.of(
                "shop-mine-pvc-u0", "already belongs to claim shop/mine",
                "shop-link-pvc-old", "symbolic link",
                "archived-shop-x-pvc-old", "names an archive",
                "../outside", "cannot be adopted").entrySet()) {
            String directory = refusal.getKey();
            assertThat(lifecycle.migrationRefusal(directory, "u1", "pvc-u1")).as(directory).get().asString()
                    .contains(refusal.getValue());
            ExportFailed failed = (ExportFailed) lifecycle.handle(migrating("u1", "thief", directory, Claims.GIB))
                    .results().get(0);
            assertThat(failed.message()).as(directory).contains(refusal.getValue());
        }
        assertThat(Files.readSymbolicLink(workspace.root.resolve("shop-link-pvc-old"))).isEqualTo(Paths.get("/etc"));
        assertThat(lifecycle.store().all()).filteredOn(s -> s.export().phase() == ExportPhase.READY).hasSize(1);
    }

    @Test
    void aDirectoryRemovedWhileTheAdoptionWasCutShortIsNeverMadeEmptyInItsPlace() throws Exception {
        Path dir = Files.createDirectories(workspace.root.resolve("shop-data-pvc-old"));
        ExportLifecycle crashing = workspace.start(step -> {
            if (step == Step.PENDING_RECORDED) {
                throw new CrashRecoveryTest.Crash();
            }
        });
        assertThatThrownBy(() -> crashing.handle(migrating("u1", "data", "shop-data-pvc-old", Claims.GIB)))
                .isInstanceOf(CrashRecoveryTest.Crash.class);
        Files.delete(dir);

        List<io.nfslifecycle.events.ExportEvent> answers = workspace.start().reconcile();

        assertThat(answers).singleElement().isInstanceOfSatisfying(ExportFailed.class,
                f -> assertThat(f.code()).isEqualTo(ExportFailed.DIRECTORY_MISSING));
        assertThat(dir).doesNotExist();
    }

    @Test
    void theDryRunChangesNothing() throws Exception {
        Files.createDirectories(workspace.root.resolve("shop-data-pvc-old"));

        assertThat(lifecycle.migrationRefusal("shop-data-pvc-old", "u1", "pvc-u1")).isEmpty();

        assertThat(lifecycle.store().all()).isEmpty();
        assertThat(workspace.root.resolve("shop-data-pvc-old")).isEmptyDirectory();
    }
}
