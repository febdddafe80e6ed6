package io.nfslifecycle.quotaauditor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.quotaauditor.findings.Measurement;

/**
 * The walk against a tree of known sizes, and against {@code du} run on the same tree. Real files on the real
 * filesystem: sparse files, hard links, a symbolic link loop, a link to /, a file deleted while the walk runs.
 */
class TreeWalkTest {
    private static final long SPARSE_LENGTH = 64L << 20;
    private static ForkJoinPool pool;

    @TempDir
    Path root;

    @BeforeAll
    static void startPool() {
        pool = new ForkJoinPool(2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdown();
    }

    @Test
    void countsATreeOfKnownSizesExactlyAsDuDoes() throws Exception {
        Path claim = Files.createDirectory(root.resolve("ns-data-pvc-1"));
        write(claim.resolve("small.txt"), 1000);
        Path sparse = claim.resolve("sparse.img");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(SPARSE_LENGTH);
            f.seek(1 << 20);
            f.write(new byte[8192]);
        }
        Path sub = Files.createDirectory(claim.resolve("sub"));
        write(sub.resolve("big.bin"), 100_000);
        write(sub.resolve("hard1"), 12_345);
        Path other = Files.createDirectory(claim.resolve("other"));
        Files.createLink(other.resolve("hard2"), sub.resolve("hard1"));
        Files.createSymbolicLink(other.resolve("loop-a"), Paths.get("loop-b"));
        Files.createSymbolicLink(other.resolve("loop-b"), Paths.get("loop-a"));
        Files.createSymbolicLink(other.resolve("root-link"), Paths.get("/"));
        Files.createSymbolicLink(other.resolve("dir-link"), Paths.get("../sub"));
        Path doomed = Files.createDirectory(claim.resolve("doomed"));
        Path victim = write(doomed.resolve("victim.dat"), 50_000);
        Files.createDirectory(claim.resolve("empty-dir"));
        TreeWalk walk = new TreeWalk(pool, listedDirectory -> {
            if (listedDirectory.equals(doomed)) {
                delete(victim); // listed, not yet examined: it vanishes mid-walk
            }
        });

        TreeWalk.Outcome outcome = walk.measure(root, List.of(new TreeWalk.Top(claim, -1)), new LongAdder());

        Measurement m = outcome.measurements().get(0).orElseThrow();
        long directorySizes = 0;
        for (Path d : List.of(claim, sub, other, doomed, claim.resolve("empty-dir"))) {
            directorySizes += (Long) Files.getAttribute(d, "unix:size", LinkOption.NOFOLLOW_LINKS);
        }
        long symlinkTargets = "loop-b".length() + "loop-a".length() + "/".length() + "../sub".length();
        assertThat(m.files()).as("small, sparse, big, hard1 once, four symbolic links; not the deleted one").isEqualTo(8);
        assertThat(m.directories()).as("the claim and its four subdirectories").isEqualTo(5);
        assertThat(m.apparentBytes()).isEqualTo(1000 + SPARSE_LENGTH + 100_000 + 12_345 + symlinkTargets + directorySizes);
        assertThat(outcome.vanished()).isEqualTo(1);
        assertThat(m.apparentBytes()).isEqualTo(du(claim, "--apparent-size"));
        assertThat(m.allocatedBytes()).isEqualTo(du(claim));
        assertThat(m.allocatedBytes()).as("the sparse file counts at what it allocates").isLessThan(SPARSE_LENGTH / 2);
        assertThat(walk.measure(root, List.of(new TreeWalk.Top(sparse.getParent().resolve("sub"), -1)), new LongAdder())
                .measurements().get(0).orElseThrow().allocatedBytes()).isEqualTo(du(sub));
    }

    @Test
    void countsAHardLinkOnceAcrossClaimsAndTheTotalsMatchDu() throws Exception {
        Path a = Files.createDirectory(root.resolve("a"));
        Path b = Files.createDirectory(root.resolve("b"));
        write(a.resolve("shared"), 40_000);
        Files.createLink(b.resolve("shared-too"), a.resolve("shared"));
        write(b.resolve("own"), 3_000);

        TreeWalk.Outcome outcome = new TreeWalk(pool).measure(root,
                List.of(new TreeWalk.Top(a, -1), new TreeWalk.Top(b, -1)), new LongAdder());

        Measurement total = outcome.measurements().stream().map(Optional::orElseThrow)
                .reduce(Measurement.EMPTY, Measurement::plus);
        assertThat(total.files()).isEqualTo(2);
        assertThat(total.apparentBytes()).isEqualTo(du(List.of(a, b), "--apparent-size"));
        assertThat(total.allocatedBytes()).isEqualTo(du(List.of(a, b)));
    }

    @Test
    void neverEntersAnotherFilesystemMountedInside() throws Exception {
        Path dev = Paths.get("/dev");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dev.resolve("pts"))
                && !Files.getFileStore(dev).equals(Files.getFileStore(dev.resolve("pts"))), "/dev/pts is not a mount here");

        TreeWalk.Outcome outcome = new TreeWalk(pool).measure(dev, List.of(new TreeWalk.Top(dev, -1)), new LongAdder());

        assertThat(outcome.otherFilesystem()).isPositive();
        assertThat(outcome.measurements().get(0).orElseThrow().apparentBytes()).isEqualTo(du(List.of(dev), "-x", "--apparent-size"));
    }

    @Test
    void aVeryDeepTreeIsWalkedWithoutExhaustingTheStack() throws Exception {
        Path claim = Files.createDirectory(root.resolve("deep"));
        Path deepest = claim.resolve(String.join("/", java.util.Collections.nCopies(1500, "d")));
        Files.createDirectories(deepest);
        write(deepest.resolve("bottom"), 123);

        TreeWalk.Outcome outcome = new TreeWalk(pool).measure(root, List.of(new TreeWalk.Top(claim, -1)), new LongAdder());

        Measurement m = outcome.measurements().get(0).orElseThrow();
        assertThat(m.directories()).isEqualTo(1501);
        assertThat(m.files()).isEqualTo(1);
        assertThat(m.apparentBytes()).isEqualTo(du(claim, "--apparent-size"));
        // bottom-up here: the temporary directory's own clean-up is very slow on a tree this deep
        Files.delete(deepest.resolve("bottom"));
        for (Path p = deepest; !p.equals(root); p = p.getParent()) {
            Files.delete(p);
        }
    }

    @Test
    void topThatIsASymbolicLinkIsNotFollowed() throws Exception {
        Path target = Files.createDirectory(root.resolve("target"));
        write(target.resolve("f"), 10);
        Path link = Files.createSymbolicLink(root.resolve("link"), target);

        TreeWalk.Outcome outcome = new TreeWalk(pool).measure(root, List.of(new TreeWalk.Top(link, -1)), new LongAdder());

        assertThat(outcome.measurements().get(0)).isEmpty();
    }

    @Test
    void directoryGoneBeforeTheWalkIsEmptyNotAFailure() {
        TreeWalk.Outcome outcome = new TreeWalk(pool).measure(root,
                List.of(new TreeWalk.Top(root.resolve("never-there"), -1)), new LongAdder());

        assertThat(outcome.measurements().get(0)).isEmpty();
        assertThat(outcome.vanished()).isEqualTo(1);
    }

    @Test
    void directoryReplacedAfterItWasListedIsNotCounted() throws Exception {
        Path claim = Files.createDirectory(root.resolve("claim"));
        long listedIno = (Long) Files.getAttribute(claim, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        Files.move(claim, root.resolve("moved-away")); // keeps its inode busy, so the new one differs
        Files.createDirectory(claim);
        write(claim.resolve("planted"), 10);

        TreeWalk.Outcome outcome = new TreeWalk(pool).measure(root, List.of(new TreeWalk.Top(claim, listedIno)), new LongAdder());

        assertThat(outcome.measurements().get(0)).isEmpty();
    }

    private static Path write(Path file, int bytes) throws IOException {
        byte[] content = new byte[bytes];
        java.util.Arrays.fill(content, (byte) 'x');
        return Files.write(file, content);
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long du(Path dir, String... options) throws Exception {
        return du(List.of(dir), options);
    }

    static long du(List<Path> dirs, String... options) throws Exception {
        return Du.total(dirs, options);
    }
}
