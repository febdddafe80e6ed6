package io.nfslifecycle.exportmanager.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.Claims;

class PathPatternTest {

    @Test
    void namesTheDirectoryLikeNfsSubdirByDefault() throws Exception {
        ClaimRequested claim = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.ARCHIVE);

        DirectoryName name = PathPattern.directoryFor(claim);

        assertThat(name.toString()).isEqualTo("shop-data-pvc-u1");
    }

    @Test
    void expandsPathPatternWithLabelsAnnotationsAndSlashes() throws Exception {
        ClaimRequested claim = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.ARCHIVE,
                "${.PVC.namespace}/${.PVC.labels.team}/${.PVC.annotations.nfs.io/dir}-${.PVC.name}",
                Map.of("team", "payments"), Map.of("nfs.io/dir", "orders"), "nfs-1");

        DirectoryName name = PathPattern.directoryFor(claim);

        assertThat(name.segments()).containsExactly("shop", "payments", "orders-data");
    }

    @Test
    void refusesAPatternThatClimbsOutWithDotDot() {
        ClaimRequested claim = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.ARCHIVE,
                "${.PVC.annotations.dir}", Map.of(), Map.of("dir", "../../etc"), "nfs-1");

        assertThatThrownBy(() -> PathPattern.directoryFor(claim)).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("'..'");
    }

    @Test
    void refusesEmptySegmentsFromALeadingSlashOrDoubleSlash() {
        for (String pattern : new String[] {"/${.PVC.name}", "${.PVC.namespace}//${.PVC.name}", "${.PVC.name}/"}) {
            ClaimRequested claim = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.ARCHIVE, pattern,
                    Map.of(), Map.of(), "nfs-1");
            assertThatThrownBy(() -> PathPattern.directoryFor(claim)).as(pattern)
                    .isInstanceOf(InvalidNameException.class).hasMessageContaining("is empty");
        }
    }

    @Test
    void refusesAMissingLabelAndSaysWhichOne() {
        ClaimRequested claim = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.ARCHIVE,
                "${.PVC.labels.team}", Map.of(), Map.of(), "nfs-1");

        assertThatThrownBy(() -> PathPattern.directoryFor(claim)).hasMessageContaining("label 'team'");
    }

    @Test
    void refusesAnUnknownVariable() {
        ClaimRequested claim = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.ARCHIVE,
                "${.PVC.spec.volumeName}", Map.of(), Map.of(), "nfs-1");

        assertThatThrownBy(() -> PathPattern.directoryFor(claim)).hasMessageContaining("${.PVC.spec.volumeName}");
    }

    @Test
    void refusesTheNamesTheManagerReservesForItself() {
        ClaimRequested claim = Claims.requested("u1", "shop", "data", Claims.GIB, OnDelete.ARCHIVE,
                ".nfs-lifecycle-deleting-x", Map.of(), Map.of(), "nfs-1");

        assertThatThrownBy(() -> PathPattern.directoryFor(claim)).hasMessageContaining("reserves");
    }

    @Test
    void cutsA358ByteNameTo255BytesWithAShortHashSoItStaysUnique() throws Exception {
        String namespace = "n".repeat(63);
        String longName = "c".repeat(253);
        String otherName = "c".repeat(252) + "d";
        String uid = "0123456789abcdef0123456789abcdef0123"; // 36 chars, pvc-<uid> = 40
        ClaimRequested claim = Claims.requested(uid, namespace, longName, Claims.GIB, OnDelete.ARCHIVE);
        ClaimRequested other = Claims.requested(uid, namespace, otherName, Claims.GIB, OnDelete.ARCHIVE);
        assertThat((namespace + "-" + longName + "-pvc-" + uid).length()).isEqualTo(358);

        String name = PathPattern.directoryFor(claim).leaf();
        String otherCut = PathPattern.directoryFor(other).leaf();

        assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(255);
        assertThat(name).startsWith(namespace + "-ccc").matches(".*-[0-9a-f]{10}");
        assertThat(otherCut).hasSize(255).isNotEqualTo(name);
        assertThat(PathPattern.directoryFor(claim).leaf()).as("stable").isEqualTo(name);
    }

    @Test
    void cutsOnACharacterBoundary() {
        String segment = "é".repeat(200); // 400 bytes

        String cut = Segments.fit(segment);

        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(cut).matches("é+-[0-9a-f]{10}");
    }

    @Test
    void leavesANameThatFitsAlone() {
        String segment = "x".repeat(255);

        assertThat(Segments.fit(segment)).isEqualTo(segment);
    }
}
