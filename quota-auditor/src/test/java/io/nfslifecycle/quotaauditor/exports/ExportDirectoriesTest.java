package io.nfslifecycle.quotaauditor.exports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ExportDirectoriesTest {

    @Test
    void pathUnderTheMountedRootMapsToItsNameRelativeToTheRoot() {
        assertThat(ExportDirectories.relativePath("/mnt/data/ns-pvc-pv", List.of("/mnt/data"))).contains("ns-pvc-pv");
    }

    @Test
    void pathPatternWithSlashesMapsToANestedDirectory() {
        assertThat(ExportDirectories.relativePath("/mnt/data/team/app/data/", List.of("/mnt/data/"))).contains("team/app/data");
    }

    @Test
    void eitherPrefixMaps() {
        assertThat(ExportDirectories.relativePath("/srv/exports/x", List.of("/mnt/data", "/srv/exports"))).contains("x");
    }

    @Test
    void pathOutsideTheRootOrEscapingItDoesNotMap() {
        assertThat(ExportDirectories.relativePath("/mnt/database/x", List.of("/mnt/data"))).isEmpty();
        assertThat(ExportDirectories.relativePath("/mnt/data/../etc", List.of("/mnt/data"))).isEmpty();
        assertThat(ExportDirectories.relativePath("/mnt/data", List.of("/mnt/data"))).isEmpty();
        assertThat(ExportDirectories.relativePath("/mnt/data/a//b", List.of("/mnt/data"))).isEmpty();
    }

    @Test
    void archiveIsBesideTheOriginal() {
        assertThat(ExportDirectories.archiveOf("ns-pvc-pv")).isEqualTo("archived-ns-pvc-pv");
        assertThat(ExportDirectories.archiveOf("team/app")).isEqualTo("team/archived-app");
    }
}
