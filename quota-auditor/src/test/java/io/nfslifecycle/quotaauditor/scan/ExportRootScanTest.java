package io.nfslifecycle.quotaauditor.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.quotaauditor.findings.ObservedDirectory;
import io.nfslifecycle.quotaauditor.findings.ObservedDirectory.Role;

class ExportRootScanTest {

    @TempDir
    Path root;

    @Test
    void findsClaimNestedClaimArchiveAndUnownedDirectoriesAndSkipsLinksFilesAndLostFound() throws Exception {
        Files.write(Files.createDirectories(root.resolve("ns-a-pvc-1")).resolve("f"), new byte[100]);
        Files.write(Files.createDirectories(root.resolve("team/app")).resolve("f"), new byte[200]);
        Files.createDirectories(root.resolve("team/archived-old"));
        Files.createDirectories(root.resolve("archived-ns-b-pvc-2"));
        Files.createDirectories(root.resolve("stray"));
        Files.createDirectories(root.resolve("lost+found"));
        Files.createDirectories(root.resolve(".export-manager"));
        Files.write(root.resolve("loose-file"), new byte[10]);
        Files.createSymbolicLink(root.resolve("ns-c-pvc-3"), Path.of("/"));
        Files.createDirectories(root.resolve(".dotted/claim"));
        ForkJoinPool pool = new ForkJoinPool(2);

        ExportRootScan.Result result = new ExportRootScan(root, pool)
                .scan(Set.of("ns-a-pvc-1", "team/app", "ns-c-pvc-3", ".dotted/claim"), new LongAdder());

        pool.shutdown();
        List<ObservedDirectory> found = result.directories().stream()
                .sorted(java.util.Comparator.comparing(ObservedDirectory::relativePath)).toList();
        assertThat(found).extracting(ObservedDirectory::relativePath, ObservedDirectory::role).containsExactly(
                tuple(".dotted/claim", Role.CLAIM),
                tuple("archived-ns-b-pvc-2", Role.ARCHIVE),
                tuple("ns-a-pvc-1", Role.CLAIM),
                tuple("stray", Role.UNOWNED),
                tuple("team/app", Role.CLAIM),
                tuple("team/archived-old", Role.ARCHIVE));
        assertThat(found.get(2).measurement().apparentBytes()).isGreaterThanOrEqualTo(100);
        assertThat(result.filesScanned()).isEqualTo(2);
    }
}
