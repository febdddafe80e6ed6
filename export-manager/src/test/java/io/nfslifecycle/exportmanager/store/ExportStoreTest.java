package io.nfslifecycle.exportmanager.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.OnDelete;

class ExportStoreTest {
    @TempDir
    Path state;

    private static StoredExport export(String uid, ExportPhase phase, long bytes) {
        Instant t = Instant.parse("2026-11-25T12:00:00Z");
        return new StoredExport(new ExportRecord(uid, "shop", "c-" + uid, "pvc-" + uid, "nfs-1", "nfs.example",
                "/srv/nfs/shop-c-" + uid, bytes, List.of("ReadWriteOnce"), OnDelete.ARCHIVE, phase, "", t, t),
                "shop-c-" + uid, false, "");
    }

    @Test
    void keepsEveryRecordAcrossAReopen() throws Exception {
        ExportStore store = ExportStore.open(state);
        store.put(export("u1", ExportPhase.READY, 10));
        store.put(export("u2", ExportPhase.ARCHIVED, 20));
        store.put(export("u1", ExportPhase.RELEASING, 10));

        ExportStore reopened = ExportStore.open(state);

        assertThat(reopened.all()).containsExactlyInAnyOrderElementsOf(store.all());
        assertThat(reopened.get("u1").orElseThrow().export().phase()).isEqualTo(ExportPhase.RELEASING);
    }

    @Test
    void countsOnlyLiveExportsAsProvisioned() throws Exception {
        ExportStore store = ExportStore.open(state);
        store.put(export("u1", ExportPhase.READY, 10));
        store.put(export("u2", ExportPhase.PENDING, 5));
        store.put(export("u3", ExportPhase.ARCHIVED, 100));
        store.put(export("u4", ExportPhase.FAILED, 100));

        assertThat(store.provisionedBytes()).isEqualTo(15);
        assertThat(store.countByPhase()).containsEntry(ExportPhase.READY, 1L).containsEntry(ExportPhase.DELETED, 0L);
    }

    @Test
    void setsAnUnreadableRecordAsideLoudlyInsteadOfDroppingIt() throws Exception {
        Files.writeString(state.resolve("u9.json"), "{ not json");

        ExportStore store = ExportStore.open(state);

        assertThat(store.all()).isEmpty();
        assertThat(state.resolve("u9.json.corrupt")).exists();
    }
}
