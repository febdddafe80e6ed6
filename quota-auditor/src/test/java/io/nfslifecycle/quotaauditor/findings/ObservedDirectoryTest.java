package io.nfslifecycle.quotaauditor.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.nfslifecycle.quotaauditor.findings.ObservedDirectory.Role;

class ObservedDirectoryTest {
    private static final Measurement ONE_FILE = new Measurement(4096, 100, 1, 1);

    @Test
    void anUnownedDirectoryAnExportHoldsByNowIsLeftOutItselfOrAsTheParentOfOne() {
        List<ObservedDirectory> listed = List.of(
                unowned("shop-new-pvc-u2"), unowned("team"), unowned("teams"), unowned("stray"),
                new ObservedDirectory("shop-old-pvc-u1", Role.CLAIM, ONE_FILE, Instant.EPOCH),
                new ObservedDirectory("archived-x", Role.ARCHIVE, ONE_FILE, Instant.EPOCH));

        List<ObservedDirectory> kept = ObservedDirectory.withoutNewlyOwned(listed,
                Set.of("shop-new-pvc-u2", "team/db", "shop-old-pvc-u1"));

        assertThat(kept).extracting(ObservedDirectory::relativePath)
                .containsExactly("teams", "stray", "shop-old-pvc-u1", "archived-x");
    }

    private static ObservedDirectory unowned(String path) {
        return new ObservedDirectory(path, Role.UNOWNED, ONE_FILE, Instant.EPOCH);
    }
}
