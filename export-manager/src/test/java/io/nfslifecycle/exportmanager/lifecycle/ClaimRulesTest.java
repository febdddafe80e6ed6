package io.nfslifecycle.exportmanager.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ClaimResized;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ExportReclaimed;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;

/** The rules Kubernetes users rely on, on a real export root: retain means retain, adoption only on purpose, identity. */
class ClaimRulesTest {
    private static final String BY_NAMESPACE = "${.PVC.namespace}/${.PVC.name}";

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

    private static ClaimRequested claim(String uid, String namespace, String name, OnDelete onDelete, String pattern,
            Map<String, String> annotations) {
        return Claims.requested(uid, namespace, name, Claims.GIB, onDelete, pattern, Map.of(), annotations, "nfs-1");
    }

    @Test
    void retainMeansRetainADeletedRetainedVolumeKeepsTheDirectoryWhateverOnDeleteSays() throws Exception {
        ClaimRequested claim = Claims.retaining(claim("u1", "shop", "data", OnDelete.DELETE, "", Map.of()));
        lifecycle.handle(claim);
        Files.writeString(workspace.root.resolve("shop-data-pvc-u1/keep"), "precious");

        ExportReclaimed retained = (ExportReclaimed) lifecycle.handle(Claims.retainedVolumeDeleted(claim)).results()
                .get(0);

        assertThat(retained.export().phase()).isEqualTo(ExportPhase.RETAINED);
        assertThat(workspace.root.resolve("shop-data-pvc-u1/keep")).hasContent("precious");
        assertThat(lifecycle.store().provisionedBytes()).as("a retained directory still holds its space")
                .isEqualTo(Claims.GIB);
    }

    @Test
    void retainMeansRetainAlsoWhenTheReleaseWasCutShortByACrash() throws Exception {
        ClaimRequested claim = Claims.retaining(claim("u1", "shop", "data", OnDelete.DELETE, "", Map.of()));
        lifecycle.handle(claim);
        Files.writeString(workspace.root.resolve("shop-data-pvc-u1/keep"), "precious");
        ExportLifecycle crashing = workspace.start(step -> {
            if (step == Step.RELEASING_RECORDED) {
                throw new CrashRecoveryTest.Crash();
            }
        });
        assertThatThrownBy(() -> crashing.handle(Claims.retainedVolumeDeleted(claim)))
                .isInstanceOf(CrashRecoveryTest.Crash.class);

        workspace.start().reconcile();

        assertThat(workspace.start().store().get("u1").orElseThrow().export().phase()).isEqualTo(ExportPhase.RETAINED);
        assertThat(workspace.root.resolve("shop-data-pvc-u1/keep")).hasContent("precious");
    }

    @Test
    void aRetainedDirectoryRemovedByTheOperatorFreesItsSpace() throws Exception {
        ClaimRequested claim = Claims.retaining(claim("u1", "shop", "data", OnDelete.ARCHIVE, "", Map.of()));
        lifecycle.handle(claim);
        lifecycle.handle(Claims.retainedVolumeDeleted(claim));
        assertThat(lifecycle.sweep("u1").results()).isEmpty();

        Files.delete(workspace.root.resolve("shop-data-pvc-u1"));
        Handled swept = lifecycle.sweep("u1");

        assertThat(((ExportReclaimed) swept.results().get(0)).export().phase()).isEqualTo(ExportPhase.DELETED);
        assertThat(lifecycle.store().provisionedBytes()).isZero();
    }

    @Test
    void anArchiveRemovedByTheOperatorStandsForNothingAfterTheNextSweep() throws Exception {
        ClaimRequested claim = claim("u1", "shop", "data", OnDelete.ARCHIVE, BY_NAMESPACE, Map.of());
        lifecycle.handle(claim);
        lifecycle.handle(Claims.released(claim));
        assertThat(lifecycle.sweep("u1").results()).isEmpty();
        assertThat(lifecycle.store().ownersOf("shop/archived-data", "other")).isNotEmpty();

        Files.delete(workspace.root.resolve("shop/archived-data"));
        Handled swept = lifecycle.sweep("u1");

        assertThat(((ExportReclaimed) swept.results().get(0)).export().phase()).isEqualTo(ExportPhase.DELETED);
        assertThat(lifecycle.store().ownersOf("shop/archived-data", "other")).isEmpty();
    }

    @Test
    void anExistingDirectoryIsNotTakenUnlessTheClassAdoptsIt() throws Exception {
        Path existing = Files.createDirectories(workspace.root.resolve("shop-data-pvc-u1"));
        Files.writeString(existing.resolve("theirs"), "not yours");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-x---"));

        ExportFailed refused = (ExportFailed) lifecycle.handle(claim("u1", "shop", "data", OnDelete.DELETE, "",
                Map.of())).results().get(0);

        assertThat(refused.code()).isEqualTo(ExportFailed.ALREADY_EXISTS);
        assertThat(refused.message()).contains("adoptExisting");
        assertThat(existing.resolve("theirs")).hasContent("not yours");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rwxr-x---");
    }

    @Test
    void anAdoptedDirectoryKeepsItsPermissions() throws Exception {
        Path existing = Files.createDirectories(workspace.root.resolve("shop-data-pvc-u1"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-x---"));

        Handled handled = lifecycle.handle(Claims.adopting(claim("u1", "shop", "data", OnDelete.DELETE, "", Map.of())));

        assertThat(handled.results().get(0)).isInstanceOf(ExportReady.class);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rwxr-x---");
    }

    @Test
    void aClaimNamedLikeAnArchiveNeverGetsTheArchive() throws Exception {
        ClaimRequested data = claim("u1", "demo", "data", OnDelete.ARCHIVE, BY_NAMESPACE, Map.of());
        lifecycle.handle(data);
        Files.writeString(workspace.root.resolve("demo/data/file"), "old data");
        lifecycle.handle(Claims.released(data));
        assertThat(workspace.root.resolve("demo/archived-data/file")).hasContent("old data");

        for (ClaimRequested taker : new ClaimRequested[] {
            claim("u2", "demo", "archived-data", OnDelete.DELETE, BY_NAMESPACE, Map.of()),
            Claims.adopting(claim("u3", "demo", "archived-data", OnDelete.DELETE, BY_NAMESPACE, Map.of()))}) {
            ExportFailed refused = (ExportFailed) lifecycle.handle(taker).results().get(0);
            assertThat(refused.code()).isEqualTo(ExportFailed.INVALID_NAME);
            assertThat(refused.message()).contains("reserved for archives");
        }
        assertThat(workspace.root.resolve("demo/archived-data/file")).hasContent("old data");
    }

    @Test
    void anotherNamespacesRetainedDirectoryIsNeverHandedOverEvenToAClassThatAdopts() throws Exception {
        String pattern = "${.PVC.annotations.nfs-lifecycle.io/dir}";
        ClaimRequested first = Claims.retaining(claim("u1", "team-a", "data", OnDelete.DELETE, pattern,
                Map.of("nfs-lifecycle.io/dir", "shared")));
        lifecycle.handle(first);
        Files.writeString(workspace.root.resolve("shared/secret"), "team a's");
        lifecycle.handle(Claims.retainedVolumeDeleted(first));

        ExportFailed refused = (ExportFailed) lifecycle.handle(Claims.adopting(claim("u2", "team-b", "grab",
                OnDelete.DELETE, pattern, Map.of("nfs-lifecycle.io/dir", "shared")))).results().get(0);

        assertThat(refused.code()).isEqualTo(ExportFailed.PATH_CONFLICT);
        assertThat(refused.message()).contains("team-a/data", "RETAINED");
        assertThat(workspace.root.resolve("shared/secret")).hasContent("team a's");
    }

    @Test
    void identityIsTheUidTogetherWithTheNamesARequestOrResizeOfAnotherClaimTouchesNothing() {
        lifecycle.handle(claim("u1", "shop", "data", OnDelete.DELETE, "", Map.of()));

        ExportFailed request = (ExportFailed) lifecycle.handle(claim("u1", "shop", "other", OnDelete.DELETE, "",
                Map.of())).results().get(0);
        ExportFailed resize = (ExportFailed) lifecycle.handle(new ClaimResized("u1", "shop", "other", "nfs-1",
                2 * Claims.GIB, "pvc-u1")).results().get(0);

        assertThat(request.code()).isEqualTo(ExportFailed.IDENTITY_MISMATCH);
        assertThat(resize.code()).isEqualTo(ExportFailed.IDENTITY_MISMATCH);
        assertThat(resize.requestedBytes()).isEqualTo(2 * Claims.GIB);
        assertThat(lifecycle.store().get("u1").orElseThrow().export().claimName()).isEqualTo("data");
        assertThat(lifecycle.store().get("u1").orElseThrow().export().requestedBytes()).isEqualTo(Claims.GIB);
    }

    @Test
    void aReadyDirectoryThatGoesIsToldOnceAndItsReturnToo() throws Exception {
        lifecycle.handle(claim("u1", "shop", "data", OnDelete.DELETE, "", Map.of()));
        Path dir = workspace.root.resolve("shop-data-pvc-u1");
        Files.move(dir, workspace.root.resolve("elsewhere"));

        Handled gone = lifecycle.sweep("u1");
        Handled stillGone = lifecycle.sweep("u1");
        Files.move(workspace.root.resolve("elsewhere"), dir);
        Handled back = lifecycle.sweep("u1");

        assertThat(((ExportFailed) gone.results().get(0)).code()).isEqualTo(ExportFailed.DIRECTORY_MISSING);
        assertThat(stillGone.results()).isEmpty();
        assertThat(back.results()).singleElement().isInstanceOf(ExportReady.class);
    }

    // ------------------------------------------------------------------ one claim's tree never holds another's

    @Test
    void aClaimIsNeverGivenADirectoryInsideAnotherClaimsOrAroundIt() throws Exception {
        String pattern = "${.PVC.namespace}/${.PVC.annotations.dir}";
        ClaimRequested outer = claim("u1", "shop", "outer", OnDelete.DELETE, pattern, Map.of("dir", "data"));
        lifecycle.handle(outer);
        Files.writeString(workspace.root.resolve("shop/data/file"), "outer's");

        ExportFailed inside = (ExportFailed) lifecycle.handle(claim("u2", "shop", "inner", OnDelete.DELETE, pattern,
                Map.of("dir", "data/x"))).results().get(0);
        ExportFailed around = (ExportFailed) lifecycle.handle(Claims.adopting(claim("u3", "shop", "all",
                OnDelete.DELETE, pattern, Map.of("dir", "")))).results().get(0);

        assertThat(inside.code()).isEqualTo(ExportFailed.PATH_CONFLICT);
        assertThat(inside.message()).contains("shop/data", "shop/outer");
        assertThat(workspace.root.resolve("shop/data/x")).doesNotExist();
        assertThat(around.code()).isIn(ExportFailed.PATH_CONFLICT, ExportFailed.INVALID_NAME);
        lifecycle.handle(Claims.released(outer));
        assertThat(workspace.root.resolve("shop/data")).doesNotExist();
    }

    @Test
    void aClaimIsNeverGivenTheDirectoryThatHoldsAnotherClaimsDirectory() throws Exception {
        String pattern = "${.PVC.namespace}/${.PVC.annotations.dir}";
        lifecycle.handle(claim("u1", "shop", "inner", OnDelete.DELETE, pattern, Map.of("dir", "data/x")));
        Files.writeString(workspace.root.resolve("shop/data/x/file"), "inner's");

        ExportFailed refused = (ExportFailed) lifecycle.handle(Claims.adopting(claim("u2", "shop", "outer",
                OnDelete.DELETE, pattern, Map.of("dir", "data")))).results().get(0);

        assertThat(refused.code()).isEqualTo(ExportFailed.PATH_CONFLICT);
        assertThat(refused.message()).contains("shop/data/x");
        assertThat(workspace.root.resolve("shop/data/x/file")).hasContent("inner's");
    }

    @Test
    void adoptionNeverGuessesWhoseNamespaceADirectoryIs() throws Exception {
        String pattern = "${namespace}-${pvcName}";
        Path teamAs = Files.createDirectories(workspace.root.resolve("team-a-data"));
        Files.writeString(teamAs.resolve("secret"), "team-a's");

        ExportFailed refused = (ExportFailed) lifecycle.handle(Claims.adopting(claim("u1", "team", "a-data",
                OnDelete.DELETE, pattern, Map.of()))).results().get(0);

        assertThat(refused.code()).isEqualTo(ExportFailed.PATH_CONFLICT);
        assertThat(refused.message()).contains("cannot tell whose namespace");
        assertThat(teamAs.resolve("secret")).hasContent("team-a's");
    }

    @Test
    void aRefusedCreateHoldsNoDirectorySoAClassThatAdoptsCanTakeItLater() throws Exception {
        Files.createDirectories(workspace.root.resolve("shop/data"));
        ExportFailed refused = (ExportFailed) lifecycle.handle(claim("u1", "shop", "data", OnDelete.DELETE,
                BY_NAMESPACE, Map.of())).results().get(0);
        assertThat(refused.code()).isEqualTo(ExportFailed.ALREADY_EXISTS);

        Handled adopted = lifecycle.handle(Claims.adopting(claim("u2", "shop", "data", OnDelete.DELETE, BY_NAMESPACE,
                Map.of())));

        assertThat(adopted.results().get(0)).isInstanceOf(ExportReady.class);
    }

    @Test
    void aCreateThatFailsWithItsDirectoryLeftInPlaceIsFinishedByTheNextRequest() throws Exception {
        Path dir = workspace.root.resolve("shop-data-pvc-u1");
        ExportLifecycle failing = workspace.start(step -> {
            if (step == Step.DIRECTORY_MADE) {
                chattr("+i", dir); // the filesystem refuses both the chmod and the removal
            }
        });
        ClaimRequested claim = claim("u1", "shop", "data", OnDelete.DELETE, "", Map.of());
        try {
            ExportFailed failed = (ExportFailed) failing.handle(claim).results().get(0);
            assertThat(failed.retryable()).isTrue();
        } finally {
            chattr("-i", dir);
        }

        Handled retried = failing.handle(claim);

        assertThat(retried.results().get(0)).isInstanceOf(ExportReady.class);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxrwxrwx");
    }

    @Test
    void cleaningUpAFailedCreateNeverRemovesADirectoryThroughALink() throws Exception {
        Path victim = Files.createDirectories(workspace.root.resolve("victim/data"));
        ExportLifecycle racing = workspace.start(step -> {
            if (step == Step.DIRECTORY_MADE) { // the parent is swapped for a link to another tree
                try {
                    Files.move(workspace.root.resolve("shop"), workspace.root.resolve("shop-moved"));
                    Files.createSymbolicLink(workspace.root.resolve("shop"), workspace.root.resolve("victim"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });

        ExportFailed failed = (ExportFailed) racing.handle(claim("u1", "shop", "data", OnDelete.DELETE, BY_NAMESPACE,
                Map.of())).results().get(0);

        assertThat(failed.retryable()).isTrue();
        assertThat(victim).as("an empty directory behind the link is not the claim's").isDirectory();
    }

    private static void chattr(String flag, Path path) {
        try {
            Process p = new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            Assumptions.assumeTrue(p.waitFor() == 0, () -> "chattr " + flag + " needs root and ext4/XFS: " + out);
        } catch (java.io.IOException | InterruptedException e) {
            Assumptions.abort("chattr is not available: " + e);
        }
    }
}
