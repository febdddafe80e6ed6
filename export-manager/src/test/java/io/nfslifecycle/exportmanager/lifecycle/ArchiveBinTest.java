package io.nfslifecycle.exportmanager.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportPurged;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;
import io.nfslifecycle.exportmanager.store.ArchiveInfo;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * The recycle bin over a real export root and state directory: an archive's retention, its purge on a sweep (links
 * inside it to outside the root: only the links go), a purge cut short by a crash at every step, archives made before
 * the bin picked up, and retention extended.
 */
class ArchiveBinTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path base;
    private Workspace workspace;
    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final ClaimRequested claim = Claims.requested("u1", "shop", "data", 8 * MIB, OnDelete.ARCHIVE)
            .retainingArchiveFor("1h");

    /** A clock the test moves on. */
    static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant start) {
            now = start;
        }

        void pass(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() {
        workspace = new Workspace(base.resolve("exports"), base.resolve("state"), new AdmissionPolicy(1.0, false),
                Workspace.volumeOf(1024 * MIB));
        workspace.clock = clock;
        workspace.archives = new ExportLifecycle.Archives(Duration.ofDays(7), 10, Duration.ofDays(30));
    }

    /** A claim with files and links to outside the root, released with archive; returns the archive. */
    private Path archived(ExportLifecycle lifecycle) throws Exception {
        lifecycle.handle(claim);
        Path dir = workspace.root.resolve(lifecycle.store().get("u1").orElseThrow().directory());
        Files.writeString(dir.resolve("kept.txt"), "written before the delete", StandardCharsets.UTF_8);
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "never touched");
        Files.createSymbolicLink(dir.resolve("to-outside"), outside);
        Files.createSymbolicLink(dir.resolve("to-file"), outside.resolve("precious"));
        lifecycle.handle(Claims.released(claim));
        StoredExport stored = lifecycle.store().get("u1").orElseThrow();
        assertThat(stored.export().phase()).isEqualTo(ExportPhase.ARCHIVED);
        return workspace.root.resolve(stored.finalPath());
    }

    /** What a sweep purges, each purge run to its end as the service runs it; the answers. */
    private static List<ExportEvent> sweep(ExportLifecycle lifecycle) {
        List<ExportEvent> answers = new java.util.ArrayList<>();
        for (String id : lifecycle.archives().sweep()) {
            Handled handled = lifecycle.archives().purge(id, ExportPurged.EXPIRED);
            answers.addAll(handled.results());
            handled.later().ifPresent(work -> answers.addAll(work.run().results()));
        }
        return answers;
    }

    @Test
    void anArchiveIsKeptForItsClassRetentionAndPurgedOnceItRanOutOnlyTheLinksGoing() throws Exception {
        ExportLifecycle lifecycle = workspace.start();
        Path archive = archived(lifecycle);
        ArchiveInfo info = lifecycle.archives().get("u1").orElseThrow().archive();
        assertThat(info.archivedAt()).isEqualTo(clock.instant());
        assertThat(info.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(lifecycle.archives().measure(10)).isEqualTo(1);
        assertThat(lifecycle.archives().get("u1").orElseThrow().archive().bytes()).isEqualTo(25);

        clock.pass(Duration.ofMinutes(59));
        assertThat(sweep(lifecycle)).as("not expired yet").isEmpty();
        clock.pass(Duration.ofMinutes(1));
        List<ExportEvent> answers = sweep(lifecycle);

        assertThat(answers).singleElement().isInstanceOfSatisfying(ExportPurged.class, purged -> {
            assertThat(purged.reason()).isEqualTo(ExportPurged.EXPIRED);
            assertThat(purged.bytes()).isEqualTo(25);
            assertThat(purged.archivePath()).isEqualTo("/srv/nfs/" + workspace.root.relativize(archive));
            assertThat(purged.export().phase()).isEqualTo(ExportPhase.DELETED);
        });
        assertThat(archive).doesNotExist();
        assertThat(Files.readString(base.resolve("outside/precious"))).isEqualTo("never touched");
        assertThat(leftovers()).isEmpty();
        assertThat(sweep(lifecycle)).as("a purge is done once").isEmpty();
        StoredExport purged = workspace.start().archives().get("u1").orElseThrow();
        assertThat(purged.archive().purged()).as("the record of the purge survives a restart").isTrue();
        assertThat(workspace.start().stateOf(purged)).get().isInstanceOf(ExportPurged.class);
        assertThat(lifecycle.archives().purgesByReason()).containsEntry(ExportPurged.EXPIRED, 1L);
    }

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"PURGE_RECORDED", "PURGE_MOVED", "PURGE_DELETED", "PURGED"})
    void aPurgeCutShortAtAnyStepIsFinishedByTheNextStartAndSaidOnce(Step crashAt) throws Exception {
        Path archive = archived(workspace.start());
        clock.pass(Duration.ofHours(2));
        ExportLifecycle crashing = workspace.start(reached -> {
            if (reached == crashAt) {
                throw new CrashRecoveryTest.Crash();
            }
        });
        List<ExportEvent> beforeCrash = new java.util.ArrayList<>();
        try {
            beforeCrash.addAll(sweep(crashing));
        } catch (CrashRecoveryTest.Crash expected) {
            // the service died here
        }
        assertThat(beforeCrash).as("nothing said before the purge is done and recorded").isEmpty();
        boolean whole = Files.isDirectory(archive) && Files.exists(archive.resolve("kept.txt"));
        assertThat(whole || !Files.exists(archive)).as("left whole or gone, never half at its name").isTrue();

        ExportLifecycle restarted = workspace.start();
        List<ExportEvent> after = sweep(restarted);

        StoredExport stored = restarted.store().get("u1").orElseThrow();
        assertThat(stored.export().phase()).isEqualTo(ExportPhase.DELETED);
        assertThat(stored.archive().purged()).isTrue();
        assertThat(archive).doesNotExist();
        assertThat(leftovers()).isEmpty();
        assertThat(Files.readString(base.resolve("outside/precious"))).isEqualTo("never touched");
        if (crashAt == Step.PURGED) {
            // recorded, not published: the next start's republish says it, the sweep has nothing to do
            assertThat(after).isEmpty();
            assertThat(restarted.stateOf(stored)).get().isInstanceOf(ExportPurged.class);
        } else {
            assertThat(after).singleElement().isInstanceOf(ExportPurged.class);
        }
    }

    @Test
    void anArchiveMadeBeforeTheBinIsPickedUpWithTheServerRetentionFromWhenItWasArchived() throws Exception {
        ExportLifecycle lifecycle = workspace.start();
        archived(lifecycle);
        StoredExport stored = lifecycle.store().get("u1").orElseThrow();
        lifecycle.store().put(stored.withArchive(null).retainingArchiveFor(""));
        Instant archivedAt = stored.export().updated();
        clock.pass(Duration.ofDays(1));

        assertThat(sweep(workspace.start())).isEmpty();

        ArchiveInfo info = workspace.start().archives().get("u1").orElseThrow().archive();
        assertThat(info.archivedAt()).isEqualTo(archivedAt);
        assertThat(info.expiresAt()).isEqualTo(archivedAt.plus(Duration.ofDays(7)));
    }

    @Test
    void retentionIsExtendedButNeverShortenedAndAnExtendedArchiveIsNotPurged() throws Exception {
        ExportLifecycle lifecycle = workspace.start();
        Path archive = archived(lifecycle);
        Instant later = clock.instant().plus(Duration.ofDays(30));

        assertThat(lifecycle.archives().extend("u1", later)).isEmpty();
        assertThat(lifecycle.archives().extend("u1", clock.instant().plus(Duration.ofDays(1)))).get().asString()
                .contains("only ever extends");
        assertThat(lifecycle.archives().extend("nope", later)).get().asString().contains("no archive nope");
        clock.pass(Duration.ofDays(2));

        assertThat(sweep(workspace.start())).isEmpty();
        assertThat(archive.resolve("kept.txt")).hasContent("written before the delete");
        assertThat(workspace.start().archives().get("u1").orElseThrow().archive().expiresAt()).isEqualTo(later);
    }

    @Test
    void aPurgeCutShortNeverPurgesAnotherClaimsArchiveThatCameToTheSameName() throws Exception {
        ClaimRequested first = Claims.requested("u1", "shop", "data", 8 * MIB, OnDelete.ARCHIVE,
                "${.PVC.namespace}-${.PVC.name}", java.util.Map.of(), java.util.Map.of(), "nfs-1")
                .retainingArchiveFor("1h");
        ExportLifecycle lifecycle = workspace.start();
        lifecycle.handle(first);
        lifecycle.handle(Claims.released(first));
        clock.pass(Duration.ofHours(2));
        ExportLifecycle crashing = workspace.start(reached -> {
            if (reached == Step.PURGE_DELETED) {
                throw new CrashRecoveryTest.Crash();
            }
        });
        try {
            sweep(crashing);
        } catch (CrashRecoveryTest.Crash expected) {
            // the tree is gone, the purge not recorded: the record still names archived-shop-data
        }
        ClaimRequested again = Claims.requested("u2", "shop", "data", 8 * MIB, OnDelete.ARCHIVE,
                "${.PVC.namespace}-${.PVC.name}", java.util.Map.of(), java.util.Map.of(), "nfs-1");
        ExportLifecycle restarted = workspace.start();
        restarted.handle(again);
        Files.writeString(workspace.root.resolve("shop-data/precious"), "the second claim's");
        restarted.handle(Claims.released(again));

        sweep(workspace.start());

        String second = workspace.start().store().get("u2").orElseThrow().finalPath();
        assertThat(second).isNotEqualTo("archived-shop-data");
        assertThat(workspace.root.resolve(second).resolve("precious")).hasContent("the second claim's");
        assertThat(workspace.start().archives().get("u1").orElseThrow().archive().purged()).isTrue();
    }

    @Test
    void anArchiveExtendedAfterTheSweepChoseItIsNotPurgedAndALeftoverAsideDoesNotHideIt() throws Exception {
        ExportLifecycle lifecycle = workspace.start();
        Path archive = archived(lifecycle);
        clock.pass(Duration.ofHours(2));
        assertThat(lifecycle.archives().sweep()).containsExactly("u1");
        assertThat(lifecycle.archives().extend("u1", clock.instant().plus(Duration.ofDays(30)))).isEmpty();

        assertThat(ExportLifecycle.finish(lifecycle.archives().purge("u1", ExportPurged.EXPIRED)).results())
                .as("extended since it was chosen").isEmpty();
        assertThat(archive.resolve("kept.txt")).exists();

        Files.createDirectories(workspace.root.resolve(ArchiveBin.asideName("u1")).resolve("old"));
        List<ExportEvent> purged = ExportLifecycle.finish(lifecycle.archives().purge("u1", ExportPurged.OPERATOR))
                .results();
        assertThat(purged).singleElement().isInstanceOf(ExportPurged.class);
        assertThat(archive).as("purged, not just the leftover beside it").doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    private List<String> leftovers() throws Exception {
        try (Stream<Path> entries = Files.walk(workspace.root)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.contains("purging")).toList();
        }
    }
}
