package io.nfslifecycle.exportmanager.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.LoopVolume;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;

/**
 * A clone on a real XFS volume made with reflinks (a loop-mounted image; needs root, as CI has): the copy shares its
 * source's blocks, takes next to no space, and is the clone's own from its first write.
 */
class ReflinkCloneTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path base;

    @Test
    void onXfsWithReflinksACloneSharesItsSourceBlocksAndTakesNoSpace() throws Exception {
        try (LoopVolume volume = LoopVolume.mount(base, 512 * MIB, "mkfs.xfs", "-q", "-f", "-m", "reflink=1")) {
            Workspace workspace = new Workspace(volume.path().resolve("exports"), base.resolve("state"),
                    new AdmissionPolicy(1.0, true), null);
            ExportLifecycle lifecycle = workspace.start();
            ClaimRequested source = Claims.requested("src", "shop", "data", 128 * MIB, OnDelete.DELETE);
            lifecycle.handle(source);
            Path from = workspace.root.resolve(lifecycle.store().get("src").orElseThrow().directory());
            byte[] bytes = new byte[(int) (96 * MIB)];
            new Random(7).nextBytes(bytes);
            Files.write(from.resolve("data.bin"), bytes);
            Files.createDirectories(from.resolve("sub"));
            Files.writeString(from.resolve("sub/small"), "small");
            long before = volume.usedBytes();

            Object ready = lifecycle.handle(Claims.requested("cln", "shop", "copy", 128 * MIB, OnDelete.DELETE)
                    .cloning("data", "src")).results().get(0);

            assertThat(ready).isInstanceOf(ExportReady.class);
            Path copy = workspace.root.resolve(lifecycle.store().get("cln").orElseThrow().directory());
            assertThat(Files.mismatch(from.resolve("data.bin"), copy.resolve("data.bin"))).isEqualTo(-1);
            assertThat(Files.readString(copy.resolve("sub/small"))).isEqualTo("small");
            assertThat(lifecycle.cloneBytesShared()).isEqualTo(96 * MIB + 5);
            assertThat(volume.usedBytes() - before).as("bytes the clone took").isLessThan(8 * MIB);
            Files.write(copy.resolve("data.bin"), new byte[] {1, 2, 3});
            assertThat(Files.readAllBytes(from.resolve("data.bin"))).isEqualTo(bytes);
        }
    }
}
