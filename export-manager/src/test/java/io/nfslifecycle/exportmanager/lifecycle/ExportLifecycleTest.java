package io.nfslifecycle.exportmanager.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportReclaimed;
import io.nfslifecycle.events.ExportResized;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;

class ExportLifecycleTest {
    @TempDir
    Path base;
    Workspace workspace;
    ExportLifecycle lifecycle;

    @BeforeEach
    void start() {
        workspace = new Workspace(base.resolve("exports"), base.resolve("state"), new AdmissionPolicy(1.0, false),
                Workspace.volumeOf(10 * Claims.GIB));
        lifecycle = workspace.start();
    }

    @Test
    void makesTheClaimDirectoryWritableByAnyoneAndRecordsItReady() throws Exception {
        ClaimRequested claim = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.ARCHIVE);

        Handled handled = lifecycle.handle(claim);

        Path dir = workspace.root.resolve("shop-data-pvc-u1");
        assertThat(dir).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxrwxrwx");
        assertThat(handled.outcome()).isEqualTo(Outcome.READY);
        ExportReady ready = (ExportReady) handled.results().get(0);
        assertThat(ready.export().path()).isEqualTo("/srv/nfs/shop-data-pvc-u1");
        assertThat(ready.export().nfsHost()).isEqualTo("nfs.example");
        assertThat(ready.export().requestedBytes()).isEqualTo(Claims.GIB);
        assertThat(io.nfslifecycle.exportmanager.store.ExportStore.read(workspace.state)).as("the record, on disk")
                .singleElement().satisfies(r -> assertThat(r.export().phase()).isEqualTo(ExportPhase.READY));
    }

    @Test
    void theSameRequestTwiceMakesOneDirectoryAndTheSameResultTwice() throws Exception {
        ClaimRequested claim = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.ARCHIVE);

        Handled first = lifecycle.handle(claim);
        Handled second = lifecycle.handle(claim);

        assertThat(second.results()).isEqualTo(first.results());
        assertThat(second.outcome()).isEqualTo(Outcome.DUPLICATE);
        try (var entries = Files.list(workspace.root)) {
            assertThat(entries).hasSize(1);
        }
    }

    @Test
    void archivesOnReleaseByDefault() throws Exception {
        ClaimRequested claim = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.ARCHIVE);
        lifecycle.handle(claim);
        Files.writeString(workspace.root.resolve("shop-data-pvc-u1/file.txt"), "keep me");

        Handled handled = lifecycle.handle(Claims.released(claim));

        ExportReclaimed reclaimed = (ExportReclaimed) handled.results().get(0);
        assertThat(reclaimed.export().phase()).isEqualTo(ExportPhase.ARCHIVED);
        assertThat(reclaimed.finalPath()).isEqualTo("/srv/nfs/archived-shop-data-pvc-u1");
        assertThat(workspace.root.resolve("shop-data-pvc-u1")).doesNotExist();
        assertThat(workspace.root.resolve("archived-shop-data-pvc-u1/file.txt")).hasContent("keep me");
    }

    @Test
    void neverOverwritesAnExistingArchive() throws Exception {
        ClaimRequested claim = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.ARCHIVE);
        lifecycle.handle(claim);
        Files.createDirectories(workspace.root.resolve("archived-shop-data-pvc-u1"));
        Files.writeString(workspace.root.resolve("archived-shop-data-pvc-u1/old.txt"), "older archive");

        ExportReclaimed reclaimed = (ExportReclaimed) lifecycle.handle(Claims.released(claim)).results().get(0);

        assertThat(reclaimed.finalPath()).isEqualTo("/srv/nfs/archived-shop-data-pvc-u1-2");
        assertThat(workspace.root.resolve("archived-shop-data-pvc-u1/old.txt")).hasContent("older archive");
        assertThat(workspace.root.resolve("archived-shop-data-pvc-u1-2")).isDirectory();
    }

    @Test
    void deletesTheTreeWhenOnDeleteIsDelete() throws Exception {
        ClaimRequested claim = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.DELETE);
        lifecycle.handle(claim);
        Files.createDirectories(workspace.root.resolve("shop-data-pvc-u1/a/b/c"));
        Files.writeString(workspace.root.resolve("shop-data-pvc-u1/a/b/c/f"), "x");

        Handled handled = lifecycle.handle(Claims.released(claim));

        ExportReclaimed reclaimed = (ExportReclaimed) handled.results().get(0);
        assertThat(reclaimed.export().phase()).isEqualTo(ExportPhase.DELETED);
        assertThat(reclaimed.finalPath()).isEmpty();
        try (var entries = Files.list(workspace.root)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void keepsTheDirectoryWhenOnDeleteIsRetain() throws Exception {
        ClaimRequested claim = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.RETAIN);
        lifecycle.handle(claim);

        ExportReclaimed reclaimed = (ExportReclaimed) lifecycle.handle(Claims.released(claim)).results().get(0);

        assertThat(reclaimed.export().phase()).isEqualTo(ExportPhase.RETAINED);
        assertThat(reclaimed.finalPath()).isEqualTo("/srv/nfs/shop-data-pvc-u1");
        assertThat(workspace.root.resolve("shop-data-pvc-u1")).isDirectory();
    }

    @Test
    void theSameReleaseTwicePublishesTheSameResultAndTouchesNothingMore() throws Exception {
        ClaimRequested claim = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.ARCHIVE);
        lifecycle.handle(claim);

        Handled first = lifecycle.handle(Claims.released(claim));
        Handled second = lifecycle.handle(Claims.released(claim));
        Handled lateRequest = lifecycle.handle(claim);

        assertThat(second.results()).isEqualTo(first.results());
        assertThat(lateRequest.results()).isEqualTo(first.results());
        assertThat(workspace.root.resolve("shop-data-pvc-u1")).doesNotExist();
        assertThat(workspace.root.resolve("archived-shop-data-pvc-u1-2")).doesNotExist();
    }

    @Test
    void aReleaseWithAnotherUidTouchesNothingAndSaysWhy() throws Exception {
        ClaimRequested claim = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.DELETE);
        lifecycle.handle(claim);
        Files.writeString(workspace.root.resolve("shop-data-pvc-u1/f"), "precious");
        var impostor = new io.nfslifecycle.events.ClaimReleased("u2", "shop", "data", "pvc-u1", "nfs-1");

        Handled handled = lifecycle.handle(impostor);

        ExportFailed failed = (ExportFailed) handled.results().get(0);
        assertThat(failed.code()).isEqualTo(ExportFailed.UID_MISMATCH);
        assertThat(failed.message()).contains("u2", "u1", "nothing was touched");
        // answered to the claim that asked, under its key, so its owner hears it
        assertThat(failed.key()).isEqualTo("u2");
        assertThat(workspace.root.resolve("shop-data-pvc-u1/f")).hasContent("precious");
        assertThat(lifecycle.store().get("u1").orElseThrow().export().phase()).isEqualTo(ExportPhase.READY);
    }

    @Test
    void refusesAReleaseOfAClaimItHasNoExportOf() {
        ClaimRequested claim = Claims.requested("u9", "shop", "other", Claims.GIB, OnDelete.DELETE);

        assertThatThrownBy(() -> lifecycle.handle(Claims.released(claim))).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("nothing was touched");
    }

    @Test
    void refusesClaimThatDoesNotFit() throws Exception {
        lifecycle.handle(Claims.requested("u1", "shop", "a", 6 * Claims.GIB, OnDelete.ARCHIVE));

        Handled handled = lifecycle.handle(Claims.requested("u2", "shop", "b", 5 * Claims.GIB, OnDelete.ARCHIVE));

        ExportFailed failed = (ExportFailed) handled.results().get(0);
        assertThat(failed.code()).isEqualTo(ExportFailed.INSUFFICIENT_CAPACITY);
        assertThat(failed.message()).contains("requested " + 5 * Claims.GIB + " bytes (5.0 GiB)", 6 * Claims.GIB
                + " bytes (6.0 GiB) are already provisioned", "capacity is " + 10 * Claims.GIB);
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.export().phase()).isEqualTo(ExportPhase.FAILED);
        assertThat(workspace.root.resolve("shop-b-pvc-u2")).doesNotExist();
    }

    @Test
    void admitsAResizeThatFitsAndRefusesOneThatDoesNot() throws Exception {
        ClaimRequested claim = Claims.requested("u1", "shop", "a", 4 * Claims.GIB, OnDelete.ARCHIVE);
        lifecycle.handle(claim);
        lifecycle.handle(Claims.requested("u2", "shop", "b", 4 * Claims.GIB, OnDelete.ARCHIVE));

        Handled grown = lifecycle.handle(Claims.resized(claim, 6 * Claims.GIB));
        Handled tooBig = lifecycle.handle(Claims.resized(claim, 7 * Claims.GIB));

        assertThat(((ExportResized) grown.results().get(0)).export().requestedBytes()).isEqualTo(6 * Claims.GIB);
        ExportFailed failed = (ExportFailed) tooBig.results().get(0);
        assertThat(failed.code()).isEqualTo(ExportFailed.INSUFFICIENT_CAPACITY);
        assertThat(failed.operation()).isEqualTo(ExportFailed.Operation.RESIZE);
        assertThat(lifecycle.store().get("u1").orElseThrow().export().requestedBytes()).isEqualTo(6 * Claims.GIB);
    }

    @Test
    void refusesAPathPatternThatClimbsOutAndMakesNothing() throws Exception {
        ClaimRequested claim = Claims.requested("u1", "shop", "a", Claims.GIB, OnDelete.ARCHIVE,
                "${.PVC.annotations.dir}", Map.of(), Map.of("dir", "../outside"), "nfs-1");

        ExportFailed failed = (ExportFailed) lifecycle.handle(claim).results().get(0);

        assertThat(failed.code()).isEqualTo(ExportFailed.INVALID_NAME);
        assertThat(base.resolve("outside")).doesNotExist();
        try (var entries = Files.list(workspace.root)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void makesA358ByteNameAsA255ByteDirectory() throws Exception {
        String uid = "0123456789abcdef0123456789abcdef0123";
        ClaimRequested claim = Claims.requested(uid, "n".repeat(63), "c".repeat(253), Claims.GIB, OnDelete.DELETE);

        ExportReady ready = (ExportReady) lifecycle.handle(claim).results().get(0);
        ExportReclaimed deleted = (ExportReclaimed) lifecycle.handle(Claims.released(claim)).results().get(0);

        String leaf = Path.of(ready.export().path()).getFileName().toString();
        assertThat(leaf).hasSize(255);
        assertThat(deleted.export().phase()).isEqualTo(ExportPhase.DELETED);
        try (var entries = Files.list(workspace.root)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void makesNestedDirectoriesFromAPathPattern() throws Exception {
        ClaimRequested claim = Claims.requested("u1", "shop", "a", Claims.GIB, OnDelete.ARCHIVE,
                "${.PVC.namespace}/${.PVC.name}", Map.of(), Map.of(), "nfs-1");

        lifecycle.handle(claim);
        ExportReclaimed archived = (ExportReclaimed) lifecycle.handle(Claims.released(claim)).results().get(0);

        assertThat(archived.finalPath()).isEqualTo("/srv/nfs/shop/archived-a");
        assertThat(workspace.root.resolve("shop/archived-a")).isDirectory();
    }

    @Test
    void refusesADirectoryOwnedByAnotherLiveClaim() throws Exception {
        lifecycle.handle(Claims.requested("u1", "shop", "a", Claims.GIB, OnDelete.ARCHIVE, "shared", Map.of(),
                Map.of(), "nfs-1"));

        Handled handled = lifecycle.handle(Claims.requested("u2", "shop", "b", Claims.GIB, OnDelete.ARCHIVE,
                "shared", Map.of(), Map.of(), "nfs-1"));

        assertThat(((ExportFailed) handled.results().get(0)).code()).isEqualTo(ExportFailed.PATH_CONFLICT);
    }

    @Test
    void aClassThatAdoptsTakesAnExistingDirectoryAndArchivesItEvenWhenOnDeleteIsDelete() throws Exception {
        Files.createDirectories(workspace.root.resolve("shop-a-pvc-u1"));
        Files.writeString(workspace.root.resolve("shop-a-pvc-u1/legacy"), "from nfs-subdir");
        ClaimRequested claim = Claims.adopting(Claims.requested("u1", "shop", "a", Claims.GIB, OnDelete.DELETE));

        lifecycle.handle(claim);
        ExportReclaimed reclaimed = (ExportReclaimed) lifecycle.handle(Claims.released(claim)).results().get(0);

        assertThat(reclaimed.export().phase()).isEqualTo(ExportPhase.ARCHIVED);
        assertThat(workspace.root.resolve("archived-shop-a-pvc-u1/legacy")).hasContent("from nfs-subdir");
    }

    @Test
    void reportsAReadyExportWhoseDirectoryIsGoneAndNeverRecreatesIt() throws Exception {
        ClaimRequested claim = Claims.requested("u1", "shop", "a", Claims.GIB, OnDelete.ARCHIVE);
        lifecycle.handle(claim);
        Files.delete(workspace.root.resolve("shop-a-pvc-u1"));

        ExportLifecycle restarted = workspace.start();
        var results = restarted.reconcile();
        Handled duplicate = restarted.handle(claim);

        assertThat(results).singleElement().isInstanceOfSatisfying(ExportFailed.class,
                f -> assertThat(f.code()).isEqualTo(ExportFailed.DIRECTORY_MISSING));
        assertThat(restarted.missingDirectories()).containsExactly("u1");
        assertThat(((ExportFailed) duplicate.results().get(0)).code()).isEqualTo(ExportFailed.DIRECTORY_MISSING);
        assertThat(workspace.root.resolve("shop-a-pvc-u1")).doesNotExist();
        assertThat(Files.exists(workspace.root.resolve("shop-a-pvc-u1"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }
}
