package io.nfslifecycle.quotaauditor.exports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.OnDelete;

class ExportViewTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void latestRecordPerClaimIsTheState() {
        ExportView view = new ExportView("nfs-1");

        view.apply(record("u1", "nfs-1", ExportPhase.READY, T0));
        view.apply(record("u1", "nfs-1", ExportPhase.ARCHIVED, T0.plusSeconds(5)));

        assertThat(view.exports()).singleElement().extracting(ExportRecord::phase).isEqualTo(ExportPhase.ARCHIVED);
    }

    @Test
    void lateOlderRecordChangesNothing() {
        ExportView view = new ExportView("nfs-1");
        view.apply(record("u1", "nfs-1", ExportPhase.ARCHIVED, T0.plusSeconds(5)));

        boolean changed = view.apply(record("u1", "nfs-1", ExportPhase.READY, T0));

        assertThat(changed).isFalse();
        assertThat(view.exports()).singleElement().extracting(ExportRecord::phase).isEqualTo(ExportPhase.ARCHIVED);
    }

    @Test
    void exportsOfAnotherServerAreIgnored() {
        ExportView view = new ExportView("nfs-1");

        view.apply(record("u2", "nfs-2", ExportPhase.READY, T0));

        assertThat(view.exports()).isEmpty();
    }

    private static ExportRecord record(String uid, String server, ExportPhase phase, Instant updated) {
        return new ExportRecord(uid, "ns", "c", "pvc-" + uid, server, "h", "/mnt/data/ns-c-pvc-" + uid, 1,
                List.of("ReadWriteOnce"), OnDelete.ARCHIVE, phase, "", T0, updated);
    }
}
