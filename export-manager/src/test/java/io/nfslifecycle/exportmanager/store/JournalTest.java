package io.nfslifecycle.exportmanager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.OnDelete;

/**
 * The records' journal: every acknowledged change is read back after a reopen (as after a kill -9), a write a crash
 * cut short at the end is cut off and what it held kept aside, checkpoints leave the same records at every step, and
 * one sync covers every frame written before it began.
 */
class JournalTest {
    @TempDir
    Path state;

    private static StoredExport export(String uid, ExportPhase phase) {
        Instant t = Instant.parse("2026-11-25T12:00:00Z");
        return new StoredExport(new ExportRecord(uid, "shop", "c-" + uid, "pvc-" + uid, "nfs-1", "nfs.example",
                "/srv/nfs/shop-c-" + uid, 1 << 20, List.of("ReadWriteOnce"), OnDelete.ARCHIVE, phase, "", t, t),
                "shop-c-" + uid, false, "");
    }

    private List<String> fileNames() throws Exception {
        try (Stream<Path> files = Files.list(state)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private Path segment() throws Exception {
        List<Path> segments = JournalFiles.segments(state);
        return segments.get(segments.size() - 1);
    }

    @Test
    void everyChangeWrittenIsReadBackWithoutAnyCloseAsAfterAKill() throws Exception {
        ExportStore store = ExportStore.open(state);
        store.put(export("u1", ExportPhase.PENDING));
        store.put(export("u1", ExportPhase.READY), ExportStore.Durability.OUTCOME);
        store.put(export("u2", ExportPhase.READY));
        store.put(export("u3", ExportPhase.READY));
        store.forget("u3");

        ExportStore reopened = ExportStore.open(state); // the first one is never closed

        assertThat(reopened.all()).containsExactlyInAnyOrder(export("u1", ExportPhase.READY),
                export("u2", ExportPhase.READY));
        assertThat(ExportStore.read(state)).containsExactlyInAnyOrderElementsOf(reopened.all());
    }

    @Test
    void aWriteCutShortAtTheEndIsCutOffAndWhatItHeldKeptAside() throws Exception {
        ExportStore store = ExportStore.open(state);
        store.put(export("u1", ExportPhase.READY));
        long whole = Files.size(segment());
        store.put(export("u2", ExportPhase.READY));
        long longer = Files.size(segment());
        Path last = segment();
        byte[] bytes = Files.readAllBytes(last);
        Files.write(last, java.util.Arrays.copyOf(bytes, (int) (whole + (longer - whole) / 2))); // u2 cut in half

        ExportStore reopened = ExportStore.open(state);

        assertThat(reopened.all()).containsExactly(export("u1", ExportPhase.READY));
        assertThat(Files.size(last)).isEqualTo(whole);
        assertThat(fileNames()).anyMatch(n -> n.endsWith(".corrupt"));
        reopened.put(export("u3", ExportPhase.READY));
        assertThat(ExportStore.open(state).all()).hasSize(2);
    }

    @Test
    void zerosAPowerCutLeftAfterTheLastWriteAreCutOffWithNothingKept() throws Exception {
        ExportStore store = ExportStore.open(state);
        store.put(export("u1", ExportPhase.READY));
        Files.write(segment(), new byte[4096], StandardOpenOption.APPEND);

        assertThat(ExportStore.open(state).all()).containsExactly(export("u1", ExportPhase.READY));
        assertThat(fileNames()).noneMatch(n -> n.endsWith(".corrupt"));
    }

    @Test
    void aCheckpointWritesOneSnapshotAndDropsTheSegmentsAndACrashAtAnyStepReadsTheSame() throws Exception {
        ExportStore store = ExportStore.open(state);
        store.put(export("u1", ExportPhase.PENDING));
        store.put(export("u1", ExportPhase.READY));
        store.put(export("u2", ExportPhase.READY));
        store.put(export("u3", ExportPhase.READY));
        store.forget("u3");
        Path before = segment();
        byte[] segmentBefore = Files.readAllBytes(before);
        List<StoredExport> expected = new ArrayList<>(store.all());

        store.checkpoint();

        assertThat(Snapshot.file(state)).exists();
        assertThat(JournalFiles.segments(state)).doesNotContain(before);
        assertThat(ExportStore.open(state).all()).containsExactlyInAnyOrderElementsOf(expected);
        // a crash after the snapshot was in place and before the segment was dropped: read again, to the same
        Files.write(before, segmentBefore);
        assertThat(ExportStore.open(state).all()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ExportStore.read(state)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aSnapshotTheDiskDamagedKeepsWhatReadsTheRestAsideAndCheckpointsGoOn() throws Exception {
        ExportStore store = ExportStore.open(state);
        store.put(export("u1", ExportPhase.READY));
        store.put(export("u2", ExportPhase.READY));
        store.checkpoint();
        byte[] snapshot = Files.readAllBytes(Snapshot.file(state));
        snapshot[snapshot.length - 5] ^= 0x20; // a byte of the last record changed
        Files.write(Snapshot.file(state), snapshot);

        ExportStore reopened = ExportStore.open(state);
        reopened.put(export("u3", ExportPhase.READY));
        reopened.checkpoint();

        assertThat(ExportStore.open(state).all()).containsExactlyInAnyOrder(export("u1", ExportPhase.READY),
                export("u3", ExportPhase.READY));
        assertThat(fileNames()).anyMatch(n -> n.startsWith(Snapshot.NAME) && n.endsWith(".corrupt"));
    }

    @Test
    void theRecordFilesOfAnEarlierVersionAreReadUntilASnapshotHoldsThemThenRemoved() throws Exception {
        Files.write(state.resolve("u1.json"), RecordFiles.json(export("u1", ExportPhase.READY)));
        Files.write(state.resolve("u2.json"), RecordFiles.json(export("u2", ExportPhase.RELEASING)));
        ExportStore store = ExportStore.open(state);
        assertThat(store.all()).hasSize(2);
        store.put(export("u2", ExportPhase.ARCHIVED));

        store.checkpoint();

        assertThat(state.resolve("u1.json")).doesNotExist();
        assertThat(ExportStore.open(state).all()).containsExactlyInAnyOrder(export("u1", ExportPhase.READY),
                export("u2", ExportPhase.ARCHIVED));
        // a file a crash kept after the snapshot held it is older than the snapshot: not read, removed
        Files.write(state.resolve("u2.json"), RecordFiles.json(export("u2", ExportPhase.RELEASING)));
        assertThat(ExportStore.open(state).get("u2").orElseThrow().export().phase()).isEqualTo(ExportPhase.ARCHIVED);
        assertThat(state.resolve("u2.json")).doesNotExist();
    }

    @Test
    void aJournalGrownPastItsLimitIsCheckpointedInTheBackground() throws Exception {
        ExportStore store = ExportStore.open(state);
        int records = (int) (RecordLog.CHECKPOINT_BYTES / RecordFiles.json(export("u-0000", ExportPhase.READY)).length)
                + 10;
        for (int i = 0; i < records; i++) {
            store.put(export(String.format("u-%04d", i), ExportPhase.READY), ExportStore.Durability.OUTCOME);
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1))
                .until(() -> Files.exists(Snapshot.file(state)));
        store.close(); // waits for the checkpoint under way

        assertThat(JournalFiles.segments(state)).hasSize(1);
        assertThat(ExportStore.open(state).all()).hasSize(records);
    }

    @Test
    void aCheckpointThatFailsLeavesWhatItCoveredForTheNextOneAndLosesNothing() throws Exception {
        ExportStore store = ExportStore.open(state);
        store.put(export("u1", ExportPhase.READY));
        Files.createDirectory(state.resolve(Snapshot.NAME + ".tmp")); // the snapshot cannot be written once

        assertThatThrownBy(store::checkpoint).isInstanceOf(java.io.IOException.class);
        store.put(export("u2", ExportPhase.READY));
        store.checkpoint();

        assertThat(ExportStore.open(state).all()).containsExactlyInAnyOrder(export("u1", ExportPhase.READY),
                export("u2", ExportPhase.READY));
    }

    @Test
    void aSegmentThatCannotBeStartedLeavesTheJournalWritingToTheOneItHas() throws Exception {
        ExportStore store = ExportStore.open(state);
        store.put(export("u1", ExportPhase.READY));
        long current = JournalFiles.number(segment());
        Path blocked = Files.createDirectory(state.resolve(JournalFiles.name(current + 1)));

        assertThatThrownBy(store::checkpoint).isInstanceOf(java.io.IOException.class);
        store.put(export("u2", ExportPhase.READY));
        Files.delete(blocked);
        store.put(export("u3", ExportPhase.READY));

        assertThat(ExportStore.open(state).all()).hasSize(3);
    }

    @Test
    void aSecondOpenInOneProcessStandsForARestartTheFirstWritesNoMore() throws Exception {
        ExportStore first = ExportStore.open(state);
        first.put(export("u1", ExportPhase.READY));

        ExportStore second = ExportStore.open(state);

        assertThatThrownBy(() -> first.put(export("u2", ExportPhase.READY)))
                .isInstanceOf(java.io.IOException.class);
        second.put(export("u3", ExportPhase.READY));
        assertThat(ExportStore.open(state).all()).containsExactlyInAnyOrder(export("u1", ExportPhase.READY),
                export("u3", ExportPhase.READY));
    }

    @Test
    void anEntryThatNoLongerReadsAsARecordIsKeptThroughCheckpointsNeverDropped() throws Exception {
        try (Journal journal = Journal.start(state, 0)) {
            journal.sync(journal.append("u1", "{\"export\": \"not what a record is\"}".getBytes()));
        }
        ExportStore store = ExportStore.open(state);
        assertThat(store.get("u1")).isEmpty();

        store.checkpoint();

        assertThat(Snapshot.read(state, false)).containsKey("u1");
    }

    @Test
    void oneSyncCoversEveryFrameWrittenBeforeItBegan() throws Exception {
        try (Journal journal = Journal.start(state, 0)) {
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<Long>> positions = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String uid = "u" + i;
                positions.add(writers.submit(() -> journal.append(uid, RecordFiles.json(export(uid,
                        ExportPhase.READY)))));
            }
            long last = 0;
            for (Future<Long> position : positions) {
                last = Math.max(last, position.get());
            }
            writers.shutdown();

            journal.sync(last);
            long syncs = journal.syncs();
            for (Future<Long> position : positions) {
                journal.sync(position.get());
            }

            assertThat(syncs).isEqualTo(1);
            assertThat(journal.syncs()).as("every frame was covered by the one sync").isEqualTo(1);
            Map<String, byte[]> read = new java.util.HashMap<>();
            JournalFiles.read(segment(), true, false, read::put);
            assertThat(read).hasSize(40);
        }
    }
    @Test
    @org.junit.jupiter.api.Timeout(60) // before, the sync went round for ever
    void aSyncOnAnInterruptedThreadBreaksTheJournalAndLaterSyncsSaySoInsteadOfWaiting() throws Exception {
        try (Journal journal = Journal.start(state, 0)) {
            long first = journal.append("u1", RecordFiles.json(export("u1", ExportPhase.READY)));
            Thread.currentThread().interrupt(); // the channel closes when a thread interrupted uses it
            assertThatThrownBy(() -> journal.sync(first)).isInstanceOf(java.io.IOException.class);
            Thread.interrupted();

            assertThatThrownBy(() -> journal.sync(first)).hasMessageContaining("restart");
            assertThatThrownBy(() -> journal.append("u2", RecordFiles.json(export("u2", ExportPhase.READY))))
                    .hasMessageContaining("restart");
        }
        Map<String, byte[]> read = new java.util.HashMap<>();
        JournalFiles.read(segment(), true, false, read::put);
        assertThat(read).containsOnlyKeys("u1");
    }
}
