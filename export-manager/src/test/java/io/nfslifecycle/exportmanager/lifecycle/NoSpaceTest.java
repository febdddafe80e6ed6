package io.nfslifecycle.exportmanager.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.LoopVolume;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;
import io.nfslifecycle.exportmanager.admission.VolumeFigures;
import io.nfslifecycle.exportmanager.reporting.VolumeStats;

/**
 * A real, small ext4 volume (a loop-mounted 8 MiB image) filled to the last block. Needs root and a loop device,
 * as CI has; skipped with the reason otherwise.
 */
class NoSpaceTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path base;
    Path volume;
    LoopVolume mounted;

    @BeforeEach
    void mountASmallExt4Volume() throws Exception {
        mounted = LoopVolume.mount(base, 8 * MIB, "mkfs.ext4", "-q", "-F");
        volume = mounted.path();
    }

    @AfterEach
    void unmount() {
        if (mounted != null) {
            mounted.close();
        }
    }

    private Workspace workspace(boolean checkFreeSpace) {
        return new Workspace(volume.resolve("exports"), base.resolve("state"),
                new AdmissionPolicy(1.0, checkFreeSpace), null);
    }

    @Test
    void refusesAClaimOnAFullVolumeWithTheNumbersAndLeavesNoDirectory() throws Exception {
        ExportLifecycle lifecycle = workspace(true).start();
        fill(volume.resolve("filler"));

        ExportFailed failed = (ExportFailed) lifecycle.handle(
                Claims.requested("u1", "shop", "data", MIB, OnDelete.ARCHIVE)).results().get(0);

        assertThat(failed.code()).isEqualTo(ExportFailed.INSUFFICIENT_CAPACITY);
        assertThat(failed.message()).contains("requested " + MIB, "bytes are free", "provisioned", "capacity");
        try (var entries = Files.list(volume.resolve("exports"))) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void reportsNoSpaceWhenMkdirFailsAndLeavesNoPartialDirectory() throws Exception {
        ExportLifecycle lifecycle = workspace(false).start();
        fill(volume.resolve("filler"));

        ExportFailed failed = (ExportFailed) lifecycle.handle(Claims.requested("u1", "shop", "data", MIB,
                OnDelete.ARCHIVE, "${.PVC.namespace}/${.PVC.name}", java.util.Map.of(), java.util.Map.of(),
                "nfs-1")).results().get(0);

        assertThat(failed.code()).isEqualTo(ExportFailed.NO_SPACE);
        assertThat(failed.message()).contains("ran out of space", "nothing was left behind");
        try (var entries = Files.list(volume.resolve("exports"))) {
            assertThat(entries).isEmpty();
        }
        Files.delete(volume.resolve("filler"));
        ExportReady retried = (ExportReady) lifecycle.handle(Claims.requested("u1", "shop", "data", MIB,
                OnDelete.ARCHIVE, "${.PVC.namespace}/${.PVC.name}", java.util.Map.of(), java.util.Map.of(),
                "nfs-1")).results().get(0);
        assertThat(retried.export().path()).endsWith("/shop/data");
    }

    @Test
    void capacityFiguresMatchDf() throws Exception {
        Files.write(volume.resolve("some-data"), new byte[(int) (2 * MIB)]);

        VolumeFigures figures = new VolumeStats(volume).figures();
        LoopVolume.Result df = run("df", "-B1", "--output=size,used,avail", volume.toString());

        List<String> lines = df.output().lines().toList();
        String[] columns = lines.get(lines.size() - 1).trim().split("\\s+");
        assertThat(figures.totalBytes()).isEqualTo(Long.parseLong(columns[0]));
        assertThat(figures.usedBytes()).isEqualTo(Long.parseLong(columns[1]));
        assertThat(figures.freeBytes()).isEqualTo(Long.parseLong(columns[2]));
        assertThat(figures.usedBytes()).isGreaterThanOrEqualTo(2 * MIB);
    }

    /** Writes until the filesystem says ENOSPC (as root, the reserved blocks too). */
    private static void fill(Path file) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left");
        }
        // fill the last partial blocks byte by byte
        try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(new byte[1024]);
                out.flush();
            }
        } catch (IOException full) {
            // full to the last block
        }
        run("sync");
    }

    private static LoopVolume.Result run(String... command) {
        return LoopVolume.run(command);
    }
}
