package io.nfslifecycle.exportmanager.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.LoopVolume;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;

/**
 * Not a test: a clone of a 1 GiB claim (256 files of 4 MiB, 2,000 small files in 20 directories) through the
 * lifecycle, against {@code cp -a} of the same tree, alternating, three rounds each, page cache warm; prints the
 * medians. On the temporary directory's filesystem, and on a loop-mounted XFS with reflinks when it can be mounted
 * (root). {@code cp} flushes nothing and the clone flushes its copy before its commit, so a {@code sync} follows each
 * {@code cp -a} and is counted with it.
 */
class CloneBenchmark {
    private static final int ROUNDS = 3;
    private static final long MIB = 1L << 20;

    @TempDir
    Path base;

    @Test
    void measure() throws Exception {
        rounds(base.resolve("exports"), base.resolve("state"), base, "the temporary directory's filesystem");
        Path xfs = Files.createDirectories(base.resolve("xfs"));
        try (LoopVolume volume = LoopVolume.mount(xfs, 4L << 30, "mkfs.xfs", "-q", "-f", "-m", "reflink=1")) {
            rounds(volume.path().resolve("exports"), xfs.resolve("state"), volume.path(), "XFS with reflinks (loop)");
        }
    }

    private void rounds(Path root, Path state, Path cpInto, String where) throws Exception {
        Workspace workspace = new Workspace(root, state, new AdmissionPolicy(1.0, false), Workspace.volumeOf(1L << 50));
        ExportLifecycle lifecycle = workspace.start();
        ClaimRequested source = Claims.requested("source", "bench", "source", 2L << 30, OnDelete.DELETE);
        lifecycle.handle(source);
        Path tree = workspace.root.resolve(lifecycle.store().get("source").orElseThrow().directory());
        byte[] block = new byte[(int) (4 * MIB)];
        Random random = new Random(7);
        for (int i = 0; i < 256; i++) {
            random.nextBytes(block);
            Files.write(tree.resolve("big-" + i), block);
        }
        for (int d = 0; d < 20; d++) {
            Path dir = Files.createDirectory(tree.resolve("d" + d));
            for (int f = 0; f < 100; f++) {
                Files.writeString(dir.resolve("f" + f), "small file " + f);
            }
        }
        run("sync");
        long[] clone = new long[ROUNDS];
        long[] cp = new long[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            ClaimRequested copy = Claims.requested(UUID.randomUUID().toString(), "bench", "copy-" + r, 2L << 30,
                    OnDelete.DELETE).cloning("source", "source");
            long t0 = System.nanoTime();
            lifecycle.handle(copy);
            clone[r] = (System.nanoTime() - t0) / 1_000_000;
            if (!Files.isRegularFile(workspace.root.resolve(lifecycle.store().get(copy.claimUid()).orElseThrow()
                    .directory()).resolve("big-255"))) {
                throw new IllegalStateException("the clone was not made");
            }
            lifecycle.handle(Claims.released(copy));
            Path target = cpInto.resolve("cp-" + r);
            t0 = System.nanoTime();
            run("cp", "-a", tree.toString(), target.toString());
            run("sync");
            cp[r] = (System.nanoTime() - t0) / 1_000_000;
            run("rm", "-rf", target.toString());
        }
        System.out.printf("%s: clone of 1 GiB (256 x 4 MiB + 2,000 small files): median %d ms (rounds %s; %d MiB "
                + "shared, %d MiB copied in all); cp -a + sync: median %d ms (rounds %s)%n", where, median(clone),
                Arrays.toString(clone), lifecycle.cloneBytesShared() / MIB, lifecycle.cloneBytesCopied() / MIB,
                median(cp), Arrays.toString(cp));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}
