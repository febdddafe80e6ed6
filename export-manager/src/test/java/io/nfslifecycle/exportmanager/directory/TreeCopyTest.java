package io.nfslifecycle.exportmanager.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree copy whose source moves under it: renamed (as an archive is, when the source claim is released with
 * archive during the copy), or with a directory swapped for another. What the walk holds open is copied whole.
 */
class TreeCopyTest {
    private static final int FILES = 3000;

    @TempDir
    Path base;

    @Test
    void aSourceRenamedDuringTheCopyIsStillCopiedWhole() throws Exception {
        Path root = Files.createDirectories(base.resolve("root"));
        Path deep = Files.createDirectories(root.resolve("shop/data/a/b"));
        for (int i = 0; i < FILES; i++) {
            Files.writeString(deep.resolve("f" + i), "file " + i);
        }
        Path target = Files.createDirectories(root.resolve("shop/copy"));
        boolean[] renamed = {false};

        TreeCopy.Copied copied;
        try (SecureDirectoryStream<Path> parent = (SecureDirectoryStream<Path>) Files.newDirectoryStream(
                root.resolve("shop")); FileData data = FileData.below(root, target)) {
            copied = TreeCopy.copy(parent, "data", root.resolve("shop/data"), Path.of("shop/data"), target, data,
                    (bytes, entries) -> {
                        if (!renamed[0] && entries > 0) {
                            renamed[0] = true;
                            Files.move(root.resolve("shop/data"), root.resolve("shop/archived-data"));
                        }
                    });
        }

        assertThat(renamed[0]).isTrue();
        try (Stream<Path> files = Files.list(target.resolve("a/b"))) {
            assertThat(files.count()).isEqualTo(FILES);
        }
        assertThat(copied.files()).isEqualTo(FILES);
        assertThat(Files.readString(target.resolve("a/b/f" + (FILES - 1)))).isEqualTo("file " + (FILES - 1));
        assertThat(copied.inKernel()).as("copied by the kernel until the rename").isPositive();
    }
}
