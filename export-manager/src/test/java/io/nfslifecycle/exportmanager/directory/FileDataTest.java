package io.nfslifecycle.exportmanager.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.exportmanager.LoopVolume;

/**
 * One file's data copied by the kernel on real filesystems: the temporary directory's (copy_file_range, holes kept)
 * and a loop-mounted XFS with reflinks (the copy shares the source's blocks); and what it refuses to open.
 */
class FileDataTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path base;

    @Test
    void theKernelCopiesEachRunOfDataAndLeavesTheHolesHoles() throws Exception {
        Path root = Files.createDirectories(base.resolve("root"));
        Path source = Files.createDirectories(root.resolve("claim")).resolve("sparse");
        byte[] head = randomBytes(MIB, 1);
        byte[] tail = randomBytes(MIB, 2);
        try (FileChannel out = FileChannel.open(source, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(head), 0);
            out.write(ByteBuffer.wrap(tail), 40L * MIB);
        }
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(source.toFile(), "rw")) {
            file.setLength(64L * MIB); // 64 MiB long, 2 MiB of data, ending in a hole
        }
        Path target = root.resolve("copy");
        AtomicLong told = new AtomicLong();

        FileData.Done done;
        try (FileData data = FileData.below(root, root)) {
            done = data.copy(Path.of("claim/sparse"), key(source), target, told::addAndGet);
        }

        assertThat(done.kind()).isEqualTo(FileData.Kind.KERNEL);
        assertThat(done.bytes()).isEqualTo(2L * MIB);
        assertThat(told.get()).as("the holes count as done").isEqualTo(64L * MIB);
        assertThat(Files.size(target)).isEqualTo(Files.size(source));
        assertThat(Files.mismatch(source, target)).isEqualTo(-1);
        assertThat(allocated(target)).isLessThan(8L * MIB);
    }

    @Test
    void aPathThroughASymbolicLinkIsNeverOpenedButLeftToTheCaller() throws Exception {
        Path root = Files.createDirectories(base.resolve("root"));
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "not the claim's");
        Files.createDirectories(root.resolve("claim"));
        Files.createSymbolicLink(root.resolve("claim/sub"), outside);
        Path target = root.resolve("copy");

        try (FileData data = FileData.below(root, root)) {
            assertThat(data.copy(Path.of("claim/sub/secret"), key(outside.resolve("secret")), target, n -> { })
                    .kind()).isEqualTo(FileData.Kind.NOT_DONE);
            assertThat(data.copy(Path.of("claim/../../outside/secret"), key(outside.resolve("secret")), target,
                    n -> { }).kind()).isEqualTo(FileData.Kind.NOT_DONE);
        }
        assertThat(target).doesNotExist();
    }

    @Test
    void aFileThatIsNotTheOneListedIsLeftToTheCaller() throws Exception {
        Path root = Files.createDirectories(base.resolve("root"));
        Path claim = Files.createDirectories(root.resolve("claim"));
        Files.writeString(claim.resolve("listed"), "listed");
        Files.writeString(claim.resolve("swapped-in"), "swapped in");
        Object listed = key(claim.resolve("listed"));
        Files.move(claim.resolve("swapped-in"), claim.resolve("listed"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path target = root.resolve("copy");

        try (FileData data = FileData.below(root, root)) {
            assertThat(data.copy(Path.of("claim/listed"), listed, target, n -> { }).kind())
                    .isEqualTo(FileData.Kind.NOT_DONE);
            assertThat(data.copy(Path.of("claim/gone"), listed, target, n -> { }).kind())
                    .isEqualTo(FileData.Kind.NOT_DONE);
        }
        assertThat(target).doesNotExist();
    }

    @Test
    void aNamedPipeSwappedInForTheListedFileIsLeftAtOnceWithoutWaitingForAWriter() throws Exception {
        Path root = Files.createDirectories(base.resolve("root"));
        Path claim = Files.createDirectories(root.resolve("claim"));
        Files.writeString(claim.resolve("listed"), "listed");
        Object listed = key(claim.resolve("listed"));
        Files.delete(claim.resolve("listed"));
        LoopVolume.Result mkfifo = LoopVolume.run("mkfifo", claim.resolve("listed").toString());
        assertThat(mkfifo.code()).as(mkfifo.output()).isZero();

        try (FileData data = FileData.below(root, root)) {
            // the guard only keeps a regression from hanging the build
            assertTimeoutPreemptively(java.time.Duration.ofMinutes(1), () -> assertThat(
                    data.copy(Path.of("claim/listed"), listed, root.resolve("copy"), n -> { }).kind())
                    .isEqualTo(FileData.Kind.NOT_DONE));
        }
        assertThat(root.resolve("copy")).doesNotExist();
    }

    @Test
    void onXfsWithReflinksTheCopySharesTheSourceBlocksUntilOneIsWritten() throws Exception {
        try (LoopVolume volume = LoopVolume.mount(base, 512L * MIB, "mkfs.xfs", "-q", "-f", "-m", "reflink=1")) {
            Path root = volume.path();
            Path source = Files.createDirectories(root.resolve("claim")).resolve("big");
            byte[] bytes = randomBytes(64 * MIB, 3);
            Files.write(source, bytes);
            long before = volume.usedBytes();

            FileData.Done done;
            try (FileData data = FileData.below(root, root)) {
                done = data.copy(Path.of("claim/big"), key(source), root.resolve("copy"), n -> { });
            }

            assertThat(done.kind()).isEqualTo(FileData.Kind.SHARED);
            assertThat(done.bytes()).isEqualTo(64L * MIB);
            assertThat(volume.usedBytes() - before).as("bytes the copy took").isLessThan(4L * MIB);
            assertThat(Files.mismatch(source, root.resolve("copy"))).isEqualTo(-1);
            try (FileChannel out = FileChannel.open(root.resolve("copy"), StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap("the clone's own".getBytes(StandardCharsets.UTF_8)), 0);
            }
            assertThat(Files.readAllBytes(source)).isEqualTo(bytes);
        }
    }

    private static Object key(Path file) throws IOException {
        return Files.readAttributes(file, "unix:fileKey", LinkOption.NOFOLLOW_LINKS).get("fileKey");
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The bytes the file takes on the disk ({@code du}). */
    private static long allocated(Path file) throws IOException, InterruptedException {
        LoopVolume.Result du = LoopVolume.run("du", "-B1", file.toString());
        assertThat(du.code()).as(du.output()).isZero();
        return Long.parseLong(du.output().split("\\s+")[0]);
    }
}
