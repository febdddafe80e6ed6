package io.nfslifecycle.claimwatcher.book;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** When each NFS server's export manager last reported its capacity, as read from {@code nfs-lifecycle.capacity}. */
public final class ServerBook {
    private final Map<String, Instant> lastReport = new ConcurrentHashMap<>();

    /**
     * @param silence how long without a report makes a server silent
     * @return true when the server had not reported before, or not for {@code silence} (a reconcile is due: its
     *         claims may go ahead)
     */
    public boolean reported(String serverId, Instant at, java.time.Duration silence) {
        Instant before = lastReport.put(serverId, at);
        return before == null || before.plus(silence).isBefore(at);
    }

    public Map<String, Instant> lastReports() {
        return Map.copyOf(lastReport);
    }
}
