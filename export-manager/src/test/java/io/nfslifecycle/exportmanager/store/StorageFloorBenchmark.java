package io.nfslifecycle.exportmanager.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/**
 * Not a test (surefire's default includes leave *Benchmark out): the floor under the storage side of a claim, on the
 * filesystem of the temporary directory (the one the export manager's benchmark uses). 1000 claims' worth of the
 * bare durable work, done directly: a directory made and a ~600-byte record written, fsynced, renamed and its
 * directory fsynced, one claim after the other and on 8 threads (the export manager's workers); then the same work
 * with the records appended to one journal fsynced once per batch of 8 claims (what a group commit costs), and the
 * CPU that takes per claim. Prints
 * {@code BENCH} lines that {@code bin/bench} gathers. Run:
 * {@code ./mvnw -B -q test -pl export-manager -am -Dtest=StorageFloorBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
class StorageFloorBenchmark {
    private static final int CLAIMS = 1000;
    private static final int ROUNDS = 3;
    private static final byte[] RECORD = ("{" + "\"x\":\"" + "r".repeat(580) + "\"}").getBytes(StandardCharsets.UTF_8);

    @Test
    void measure() throws Exception {
        Path base = Files.createTempDirectory(Path.of(System.getProperty("benchmark.export-base",
                System.getProperty("java.io.tmpdir"))), "storage-floor-");
        double[] sequential = new double[ROUNDS];
        double[] parallel = new double[ROUNDS];
        double[] journal = new double[ROUNDS];
        double[] cpu = new double[ROUNDS];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < ROUNDS; round++) {
            int r = round;
            sequential[r] = time(() -> perClaim(base.resolve("seq-" + r), 1));
            parallel[r] = time(() -> perClaim(base.resolve("par-" + r), 8));
            long cpuBefore = threads.getCurrentThreadCpuTime();
            journal[r] = time(() -> batched(base.resolve("journal-" + r)));
            cpu[r] = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e6 / CLAIMS;
        }
        System.out.printf("%nBENCH storage floor: %d claims, mkdir + fsynced record each, sequential | %.3f s%n",
                CLAIMS, median(sequential));
        System.out.printf("BENCH storage floor: %d claims, mkdir + fsynced record each, 8 threads | %.3f s%n",
                CLAIMS, median(parallel));
        System.out.printf("BENCH storage floor: %d claims, mkdir each + one journal fsynced per batch | %.3f s%n",
                CLAIMS, median(journal));
        System.out.printf("BENCH storage floor: CPU per claim of that (mkdir, chmod, two records appended, the "
                + "fsyncs' share) | %.3f ms%n%n", median(cpu));
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static double time(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Each claim: mkdir, parent fsync, record written to a temporary name, fsynced, renamed, directory fsynced. */
    private static void perClaim(Path root, int threads) throws Exception {
        Path records = Files.createDirectories(root.resolve("state"));
        Path exports = Files.createDirectories(root.resolve("exports"));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < CLAIMS; i++) {
                int claim = i;
                done.add(pool.submit(() -> {
                    Files.createDirectory(exports.resolve("claim-" + claim));
                    force(exports);
                    Path temporary = records.resolve(claim + ".json.tmp");
                    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE)) {
                        channel.write(ByteBuffer.wrap(RECORD));
                        channel.force(true);
                    }
                    Files.move(temporary, records.resolve(claim + ".json"), StandardCopyOption.ATOMIC_MOVE);
                    force(records);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Every claim's mkdir and chmod, two records (its intent and its outcome) appended to one journal, one fsync of
     * it and of both directories per batch of 8 claims (the export manager's workers).
     */
    private static void batched(Path root) throws IOException {
        Path exports = Files.createDirectories(root.resolve("exports"));
        Path state = Files.createDirectories(root.resolve("state"));
        java.util.Set<java.nio.file.attribute.PosixFilePermission> mode =
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx");
        try (FileChannel journal = FileChannel.open(state.resolve("journal"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int i = 0; i < CLAIMS; i++) {
                journal.write(ByteBuffer.wrap(RECORD));
                Path claim = Files.createDirectory(exports.resolve("claim-" + i));
                Files.setPosixFilePermissions(claim, mode);
                journal.write(ByteBuffer.wrap(RECORD));
                if (i % 8 == 7) {
                    journal.force(false);
                    force(exports);
                }
            }
            journal.force(false);
        }
        force(exports);
        force(state);
    }

    private static void force(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
