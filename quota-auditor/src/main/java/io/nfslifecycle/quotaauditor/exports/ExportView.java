package io.nfslifecycle.quotaauditor.exports;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.nfslifecycle.events.ExportRecord;

/**
 * The current state of every export of one server, as the compacted {@code nfs-lifecycle.exports} topic read from
 * the start tells it: the latest record per claim uid. A record older than the one held (a late or repeated event)
 * changes nothing.
 */
public final class ExportView {
    private final String serverId;
    private final Map<String, ExportRecord> byClaimUid = new ConcurrentHashMap<>();

    public ExportView(String serverId) {
        this.serverId = serverId;
    }

    /** @return true when the record changed the view */
    public boolean apply(ExportRecord record) {
        if (!serverId.equals(record.serverId())) {
            return false;
        }
        boolean[] changed = {false};
        byClaimUid.compute(record.claimUid(), (uid, held) -> {
            if (held != null && held.updated().isAfter(record.updated())) {
                return held;
            }
            changed[0] = !record.equals(held);
            return record;
        });
        return changed[0];
    }

    /** A tombstone on the compacted topic: the claim is forgotten. */
    public boolean forget(String claimUid) {
        return byClaimUid.remove(claimUid) != null;
    }

    /** Every export of this server, any phase, ordered by claim uid. */
    public List<ExportRecord> exports() {
        return byClaimUid.values().stream().sorted(Comparator.comparing(ExportRecord::claimUid)).toList();
    }

    public int size() {
        return byClaimUid.size();
    }
}
