package io.nfslifecycle.claimwatcher.book;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** When each NFS server's export manager last reported its capacity, as read from {@code nfs-lifecycle.capacity}. */
public final class ServerBook {
    private final Map<String, Instant> lastReport = new ConcurrentHashMap<>();

    /**
     * @param at      when the server reported
     * @param silence how long without a report makes a server silent
     * @param now     this process's time: a report read late (the topic read behind) ends a silence too
     * @return true when the server had not reported before, or not for {@code silence} before this report or before
     *         now (a reconcile is due: its claims may go ahead)
     */
    public boolean reported(String serverId, Instant at, java.time.Duration silence, Instant now) {
        Instant[] previous = new Instant[1];
        lastReport.compute(serverId, (id, old) -> {
            previous[0] = old;
            return old == null || at.isAfter(old) ? at : old;
        });
        return previous[0] == null || previous[0].plus(silence).isBefore(at.isAfter(now) ? at : now);
    }

    public Map<String, Instant> lastReports() {
        return Map.copyOf(lastReport);
    }
}
