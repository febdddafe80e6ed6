package io.nfslifecycle.exportmanager.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPurged;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;
import io.nfslifecycle.exportmanager.admission.VolumeFigures;

/**
 * A claim refused for the volume's free space has archives purged to make room only as far as the operator allows:
 * none by default, the expired ones with {@code expired}, the oldest unexpired too with {@code any}; the refusal
 * says which, and a purge that would not be enough is not made.
 */
class PressurePurgeTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path base;
    private Workspace workspace;
    private final AtomicLong free = new AtomicLong(1024 * MIB);
    private final ArchiveBinTest.MovingClock clock = new ArchiveBinTest.MovingClock(
            Instant.parse("2026-12-01T00:00:00Z"));
    private final ClaimRequested old = Claims.requested("u1", "shop", "old", 8 * MIB, OnDelete.ARCHIVE)
            .retainingArchiveFor("1h");
    private final ClaimRequested wanted = Claims.requested("u2", "shop", "new", 4 * MIB, OnDelete.ARCHIVE);

    @BeforeEach
    void setUp() throws Exception {
        workspace = new Workspace(base.resolve("exports"), base.resolve("state"), new AdmissionPolicy(1.0, true),
                () -> new VolumeFigures(1024 * MIB, 1024 * MIB - free.get(), free.get()));
        workspace.clock = clock;
        ExportLifecycle lifecycle = workspace.start();
        lifecycle.handle(old);
        Path dir = workspace.root.resolve(lifecycle.store().get("u1").orElseThrow().directory());
        Files.write(dir.resolve("big"), new byte[(int) (3 * MIB)]);
        lifecycle.handle(Claims.released(old));
        lifecycle.archives().measure(10);
        free.set(2 * MIB); // the volume filled up since
    }

    private ExportLifecycle startWith(ExportLifecycle.PurgeForSpace allowed) {
        workspace.archives = new ExportLifecycle.Archives(Duration.ZERO, 10, Duration.ofDays(30), false, allowed);
        return workspace.start();
    }

    @Test
    void byDefaultNothingIsPurgedAndTheClaimIsRefused() {
        Handled handled = startWith(ExportLifecycle.PurgeForSpace.NONE).begin(wanted);

        assertThat(handled.later()).isEmpty();
        assertThat(refusal(handled).message()).contains("free space").doesNotContain("purged");
        assertThat(archiveExists()).isTrue();
    }

    @Test
    void expiredOnlyWaitsForTheRetentionAndThenPurgesTheArchiveSayingSo() {
        ExportLifecycle lifecycle = startWith(ExportLifecycle.PurgeForSpace.EXPIRED);
        assertThat(lifecycle.begin(wanted).later()).as("not expired yet").isEmpty();

        clock.pass(Duration.ofHours(2));
        Handled handled = lifecycle.begin(wanted);

        assertThat(refusal(handled).message()).contains("being purged", "u1", "tried again");
        assertThat(refusal(handled).retryable()).isTrue();
        List<ExportEvent> purged = ExportLifecycle.finish(handled).results();
        assertThat(purged).singleElement().isInstanceOfSatisfying(ExportPurged.class,
                p -> assertThat(p.reason()).isEqualTo(ExportPurged.PRESSURE));
        assertThat(archiveExists()).isFalse();
    }

    @Test
    void anyPurgesAnUnexpiredArchiveButNotWhenEvenAllWouldNotBeEnough() {
        ExportLifecycle lifecycle = startWith(ExportLifecycle.PurgeForSpace.ANY);
        ClaimRequested huge = Claims.requested("u3", "shop", "huge", 64 * MIB, OnDelete.ARCHIVE);
        assertThat(lifecycle.begin(huge).later()).as("3 MiB of archives cannot free 62 MiB").isEmpty();
        assertThat(archiveExists()).isTrue();

        Handled handled = lifecycle.begin(wanted);

        assertThat(ExportLifecycle.finish(handled).results()).singleElement().isInstanceOf(ExportPurged.class);
        assertThat(archiveExists()).isFalse();
        free.addAndGet(3 * MIB); // what the purge gave back
        assertThat(lifecycle.handle(wanted).outcome()).as("asked again, it fits").isEqualTo(Outcome.READY);
    }

    @Test
    void aRestoreNeedsNoFreeSpaceSoItIsAdmittedAndItsArchiveNeverPurgedForIt() throws Exception {
        ExportLifecycle lifecycle = startWith(ExportLifecycle.PurgeForSpace.ANY);

        Handled tooBig = lifecycle.begin(Claims.requested("u4", "shop", "back", 8 * MIB, OnDelete.ARCHIVE)
                .restoringFrom("u1"));
        assertThat(refusal(tooBig).message()).as("5 MiB more than the archive's 3 do not fit in 2 free")
                .contains("free space");
        assertThat(tooBig.later()).as("its own archive is never purged for it").isEmpty();

        Handled handled = lifecycle.handle(Claims.requested("u4", "shop", "back", 5 * MIB, OnDelete.ARCHIVE)
                .restoringFrom("u1"));

        assertThat(handled.outcome()).as("the archive's 3 MiB are on the volume already").isEqualTo(Outcome.READY);
        assertThat(handled.results()).noneMatch(e -> e instanceof ExportPurged);
        Path dir = workspace.root.resolve(lifecycle.store().get("u4").orElseThrow().directory());
        assertThat(dir.resolve("big")).hasSize(3 * MIB);
    }

    @Test
    void whatPurgesUnderWayWillFreeIsNotPurgedForAgain() throws Exception {
        ExportLifecycle setUp = workspace.start();
        free.set(1024 * MIB);
        ClaimRequested second = Claims.requested("u5", "shop", "second", 8 * MIB, OnDelete.ARCHIVE);
        setUp.handle(second);
        Path dir = workspace.root.resolve(setUp.store().get("u5").orElseThrow().directory());
        Files.write(dir.resolve("big"), new byte[(int) (3 * MIB)]);
        setUp.handle(Claims.released(second));
        setUp.archives().measure(10);
        free.set(2 * MIB);
        ExportLifecycle lifecycle = startWith(ExportLifecycle.PurgeForSpace.ANY);
        lifecycle.archives().purge("u1", ExportPurged.OPERATOR); // recorded and moved aside, its tree not gone yet

        Handled handled = lifecycle.begin(wanted);

        assertThat(refusal(handled).message()).contains("being purged already");
        assertThat(ExportLifecycle.finish(handled).results()).as("nothing more purged").isEmpty();
        assertThat(kept("u5")).isTrue();
    }

    private static ExportFailed refusal(Handled handled) {
        assertThat(handled.results()).singleElement().isInstanceOf(ExportFailed.class);
        ExportFailed failed = (ExportFailed) handled.results().get(0);
        assertThat(failed.code()).isEqualTo(ExportFailed.INSUFFICIENT_CAPACITY);
        return failed;
    }

    /** As the records on disk say, read without opening them (an open stands for a restart of the service). */
    private boolean archiveExists() {
        return kept("u1");
    }

    private boolean kept(String uid) {
        try {
            return io.nfslifecycle.exportmanager.store.ExportStore.read(workspace.state).stream()
                    .filter(s -> s.claimUid().equals(uid)).findFirst().orElseThrow().archive().kept();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
