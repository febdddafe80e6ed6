package io.nfslifecycle.exportmanager.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.exportmanager.naming.DirectoryName;

/**
 * A claim directory made on a real filesystem: what is in the way of the last component (a link to a directory
 * elsewhere, a dangling link, a file, a directory) is refused and left as it was, and nothing is made through a
 * link.
 */
class DirectoryMakingTest {
    @TempDir
    Path base;

    private Path root;
    private Path elsewhere;
    private ExportRoot exportRoot;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(base.resolve("exports"));
        elsewhere = Files.createDirectories(base.resolve("elsewhere"));
        exportRoot = new ExportRoot(root);
    }

    @Test
    void makesTheDirectoryAndItsMissingParents() throws Exception {
        exportRoot.create(DirectoryName.parse("shop/data-pvc-1"));

        assertThat(root.resolve("shop/data-pvc-1")).isDirectory();
    }

    @Test
    void aLinkToADirectoryElsewhereIsRefusedAndLeftAsItWas() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("data-pvc-1"), elsewhere);

        assertThatThrownBy(() -> exportRoot.create(DirectoryName.parse("data-pvc-1")))
                .isInstanceOf(UnsafePathException.class).hasMessageContaining("is a link or not a directory");

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void aDanglingLinkIsRefusedAndNothingIsMadeWhereItPoints() throws Exception {
        Path target = base.resolve("not-yet");
        Path link = Files.createSymbolicLink(root.resolve("data-pvc-1"), target);

        assertThatThrownBy(() -> exportRoot.create(DirectoryName.parse("data-pvc-1")))
                .isInstanceOf(UnsafePathException.class);

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(target).doesNotExist();
    }

    @Test
    void aFileIsRefusedAndKept() throws Exception {
        Path file = Files.writeString(root.resolve("data-pvc-1"), "somebody's");

        assertThatThrownBy(() -> exportRoot.create(DirectoryName.parse("data-pvc-1")))
                .isInstanceOf(UnsafePathException.class);

        assertThat(file).hasContent("somebody's");
    }

    @Test
    void aDirectoryThereIsReportedAndNeverTakenBack() throws Exception {
        Path existing = Files.createDirectories(root.resolve("data-pvc-1"));

        assertThatThrownBy(() -> exportRoot.create(DirectoryName.parse("data-pvc-1")))
                .isInstanceOf(FileAlreadyExistsException.class);

        assertThat(existing).isDirectory();
    }

    @Test
    void aLinkedParentIsRefusedAndNothingIsMadeThroughIt() throws Exception {
        Files.createSymbolicLink(root.resolve("shop"), elsewhere);

        assertThatThrownBy(() -> exportRoot.create(DirectoryName.parse("shop/data-pvc-1")))
                .isInstanceOf(UnsafePathException.class);

        assertThat(elsewhere).isEmptyDirectory();
    }
}
