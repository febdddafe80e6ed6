package io.nfslifecycle.exportmanager;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real filesystem of its own for a test: a sparse image made with {@code mkfs}, loop-mounted. Needs root and a loop
 * device, as CI has; the test is skipped with the reason otherwise.
 */
public final class LoopVolume implements AutoCloseable {
    private final Path mountPoint;

    private LoopVolume(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** A {@code bytes}-sized volume made by {@code mkfs} (e.g. {@code mkfs.xfs -q -f -m reflink=1}), under base. */
    public static LoopVolume mount(Path base, long bytes, String... mkfs) throws IOException {
        Path image = base.resolve("volume.img");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(bytes);
        }
        Path point = Files.createDirectories(base.resolve("mnt"));
        String[] command = java.util.Arrays.copyOf(mkfs, mkfs.length + 1);
        command[mkfs.length] = image.toString();
        Result made = run(command);
        assumeTrue(made.code() == 0, "skipped: " + mkfs[0] + " is not available here (" + made.output() + ")");
        Result mounted = run("mount", "-o", "loop", image.toString(), point.toString());
        assumeTrue(mounted.code() == 0, "skipped: mounting a loop device needs root and /dev/loop* ("
                + mounted.output() + "); CI runs this test as root");
        return new LoopVolume(point);
    }

    public Path path() {
        return mountPoint;
    }

    /** Bytes in use on the volume now, after a sync. */
    public long usedBytes() throws IOException {
        run("sync");
        java.nio.file.FileStore store = Files.getFileStore(mountPoint);
        return store.getTotalSpace() - store.getUnallocatedSpace();
    }

    @Override
    public void close() {
        if (run("umount", mountPoint.toString()).code() != 0) {
            run("umount", "-l", mountPoint.toString());
        }
    }

    public record Result(int code, String output) {
    }

    public static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
