package io.nfslifecycle.quotaauditor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Which directories' use is read from statfs of their project, and which are left to the walk. */
class ProjectUsageTest {
    private static final long MIB = 1L << 20;
    private static final Path ROOT = Path.of("/mnt/data");

    @Test
    void aProjectsFiguresAreReadWhereStatfsShowsItsLimit() {
        Map<Path, long[]> kernel = new HashMap<>(Map.of(ROOT, new long[] {50_000 * MIB, 40_000 * MIB},
                ROOT.resolve("a"), new long[] {100 * MIB, 70 * MIB},
                // XFS kept the limit rounded up to its 64 KiB block
                ROOT.resolve("b"), new long[] {100 * MIB + 60 * 1024, 100 * MIB},
                ROOT.resolve("lifted"), new long[] {50_000 * MIB, 40_000 * MIB}));
        ProjectUsage usage = new ProjectUsage(ROOT, directory -> kernel.get(directory));

        var figures = usage.read(Map.of("a", new ProjectUsage.Project(10_000, 100 * MIB),
                "b", new ProjectUsage.Project(10_001, 100 * MIB),
                "lifted", new ProjectUsage.Project(10_002, 100 * MIB)));

        assertThat(figures.keySet()).containsExactlyInAnyOrder("a", "b");
        assertThat(figures.get("a").usedBytes()).isEqualTo(30 * MIB);
        assertThat(figures.get("b").usedBytes()).isEqualTo(60 * 1024);
    }

    @Test
    void aProjectWhoseFreeSpaceTheVolumeClampsIsWalked() {
        // 10 MiB left on the volume: a project with 70 MiB left is shown 10 MiB free, so total - free is not its use
        Map<Path, long[]> kernel = Map.of(ROOT, new long[] {50_000 * MIB, 10 * MIB},
                ROOT.resolve("a"), new long[] {100 * MIB, 10 * MIB},
                ROOT.resolve("full"), new long[] {100 * MIB, 0});
        ProjectUsage usage = new ProjectUsage(ROOT, kernel::get);

        var figures = usage.read(Map.of("a", new ProjectUsage.Project(10_000, 100 * MIB),
                "full", new ProjectUsage.Project(10_001, 100 * MIB)));

        assertThat(figures.keySet()).containsExactly("full");
        assertThat(figures.get("full").usedBytes()).isEqualTo(100 * MIB);
    }
}
