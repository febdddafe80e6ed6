package io.nfslifecycle.exportmanager.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReclaimed;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;

/** Invariant 2: whatever a pod writes into its volume, nothing outside its directory is reached through a link. */
class LinkSafetyTest {
    @TempDir
    Path base;
    Workspace workspace;
    ExportLifecycle lifecycle;
    Path outside;

    @BeforeEach
    void start() throws Exception {
        workspace = new Workspace(base.resolve("exports"), base.resolve("state"), new AdmissionPolicy(1.0, false),
                Workspace.volumeOf(100 * Claims.GIB));
        lifecycle = workspace.start();
        outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "not yours");
    }

    private Path provision(ClaimRequested claim) {
        lifecycle.handle(claim);
        return workspace.root.resolve(claim.namespace() + "-" + claim.claimName() + "-" + claim.volumeName());
    }

    private static ClaimRequested claim(String uid, OnDelete onDelete) {
        return Claims.requested(uid, "shop", "c" + uid, Claims.GIB, onDelete);
    }

    @Test
    void deletingATreeWithALinkToEtcRemovesTheLinkNotEtc() throws Exception {
        ClaimRequested claim = claim("u1", OnDelete.DELETE);
        Path dir = provision(claim);
        Files.createSymbolicLink(dir.resolve("etc"), Path.of("/etc"));
        Files.createSymbolicLink(dir.resolve("elsewhere"), outside);
        Files.createDirectories(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("sub/secret"), outside.resolve("secret"));

        ExportReclaimed deleted = (ExportReclaimed) lifecycle.handle(Claims.released(claim)).results().get(0);

        assertThat(deleted.export().phase()).isEqualTo(ExportPhase.DELETED);
        assertThat(Files.exists(dir, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Path.of("/etc/passwd")).exists();
        assertThat(outside.resolve("secret")).hasContent("not yours");
    }

    @Test
    void deletingATreeWithALinkToDotDotLeavesTheRootAndItsNeighbours() throws Exception {
        ClaimRequested neighbour = claim("u2", OnDelete.ARCHIVE);
        Path neighbourDir = provision(neighbour);
        Files.writeString(neighbourDir.resolve("data"), "neighbour's");
        ClaimRequested claim = claim("u1", OnDelete.DELETE);
        Path dir = provision(claim);
        Files.createSymbolicLink(dir.resolve("up"), Path.of(".."));
        Files.createSymbolicLink(dir.resolve("upup"), Path.of("../.."));

        lifecycle.handle(Claims.released(claim));

        assertThat(Files.exists(dir, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(neighbourDir.resolve("data")).hasContent("neighbour's");
        assertThat(workspace.state).isDirectory();
        assertThat(outside.resolve("secret")).exists();
    }

    @Test
    void deletingATreeWithALinkToAnotherClaimLeavesThatClaim() throws Exception {
        ClaimRequested other = claim("u2", OnDelete.ARCHIVE);
        Path otherDir = provision(other);
        Files.writeString(otherDir.resolve("data"), "other claim's");
        ClaimRequested claim = claim("u1", OnDelete.DELETE);
        Path dir = provision(claim);
        Files.createSymbolicLink(dir.resolve("other"), otherDir);
        Files.createSymbolicLink(dir.resolve("other-relative"), Path.of("..").resolve(otherDir.getFileName()));

        lifecycle.handle(Claims.released(claim));

        assertThat(Files.exists(dir, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(otherDir.resolve("data")).hasContent("other claim's");
    }

    @Test
    void deletingATreeWithALinkLoopFinishes() throws Exception {
        ClaimRequested claim = claim("u1", OnDelete.DELETE);
        Path dir = provision(claim);
        Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));
        Files.createDirectories(dir.resolve("x"));
        Files.createSymbolicLink(dir.resolve("x/self"), Path.of("."));

        ExportReclaimed deleted = (ExportReclaimed) lifecycle.handle(Claims.released(claim)).results().get(0);

        assertThat(deleted.export().phase()).isEqualTo(ExportPhase.DELETED);
        assertThat(Files.exists(dir, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void deletingAVeryDeepTreeNeedsNoRecursion() throws Exception {
        ClaimRequested claim = claim("u1", OnDelete.DELETE);
        Path dir = provision(claim);
        Files.createDirectories(dir.resolve("d/".repeat(999) + "d"));

        lifecycle.handle(Claims.released(claim));

        assertThat(Files.exists(dir, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void archivingKeepsLinksAsLinksAndTheirTargetsUntouched() throws Exception {
        ClaimRequested claim = claim("u1", OnDelete.ARCHIVE);
        Path dir = provision(claim);
        Files.createSymbolicLink(dir.resolve("elsewhere"), outside);

        ExportReclaimed archived = (ExportReclaimed) lifecycle.handle(Claims.released(claim)).results().get(0);

        Path archive = workspace.root.resolve("archived-" + dir.getFileName());
        assertThat(archived.export().phase()).isEqualTo(ExportPhase.ARCHIVED);
        assertThat(Files.isSymbolicLink(archive.resolve("elsewhere"))).isTrue();
        assertThat(outside.resolve("secret")).hasContent("not yours");
        try (var entries = Files.list(outside)) {
            assertThat(entries).hasSize(1);
        }
    }

    @Test
    void aClaimDirectoryReplacedByALinkIsNotArchived() throws Exception {
        ClaimRequested claim = claim("u1", OnDelete.ARCHIVE);
        Path dir = provision(claim);
        Files.delete(dir);
        Files.createSymbolicLink(dir, outside);

        ExportFailed failed = (ExportFailed) lifecycle.handle(Claims.released(claim)).results().get(0);

        assertThat(failed.code()).isEqualTo(ExportFailed.PATH_CONFLICT);
        assertThat(failed.message()).contains("symbolic link", "touched nothing");
        assertThat(Files.isSymbolicLink(dir)).isTrue();
        assertThat(workspace.root.resolve("archived-" + dir.getFileName())).doesNotExist();
        assertThat(outside.resolve("secret")).hasContent("not yours");
    }

    @Test
    void aClaimDirectoryReplacedByALinkIsNotDeleted() throws Exception {
        ClaimRequested claim = claim("u1", OnDelete.DELETE);
        Path dir = provision(claim);
        Files.delete(dir);
        Files.createSymbolicLink(dir, outside);

        ExportFailed failed = (ExportFailed) lifecycle.handle(Claims.released(claim)).results().get(0);

        assertThat(failed.code()).isEqualTo(ExportFailed.PATH_CONFLICT);
        assertThat(outside.resolve("secret")).hasContent("not yours");
        assertThat(Files.isSymbolicLink(dir)).isTrue();
    }

    @Test
    void aParentReplacedByALinkIsNeitherCreatedThroughNorDeletedThrough() throws Exception {
        Files.createDirectories(workspace.root);
        Files.createSymbolicLink(workspace.root.resolve("shop"), outside);
        ClaimRequested nested = Claims.requested("u1", "shop", "a", Claims.GIB, OnDelete.DELETE,
                "${.PVC.namespace}/${.PVC.name}", Map.of(), Map.of(), "nfs-1");

        ExportFailed failed = (ExportFailed) lifecycle.handle(nested).results().get(0);

        assertThat(failed.code()).isEqualTo(ExportFailed.PATH_CONFLICT);
        try (var entries = Files.list(outside)) {
            assertThat(entries).hasSize(1);
        }
    }

    @Test
    void aLinkAlreadyWhereTheClaimDirectoryGoesIsRefused() throws Exception {
        Files.createDirectories(workspace.root);
        Files.createSymbolicLink(workspace.root.resolve("shop-cu1-pvc-u1"), outside);

        ExportFailed failed = (ExportFailed) lifecycle.handle(claim("u1", OnDelete.ARCHIVE)).results().get(0);

        assertThat(failed.code()).isEqualTo(ExportFailed.PATH_CONFLICT);
        assertThat(outside.resolve("secret")).hasContent("not yours");
    }
}
