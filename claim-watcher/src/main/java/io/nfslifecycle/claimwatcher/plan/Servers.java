package io.nfslifecycle.claimwatcher.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Which NFS servers have an export manager that reports, from {@code nfs-lifecycle.capacity}: the time of each
 * server's latest {@code capacity.reported}.
 *
 * @param read whether the capacity topic was read up to where it ended at start; before that nobody is judged
 */
public record Servers(boolean read, Map<String, Instant> lastReport) {

    public Servers {
        lastReport = Map.copyOf(lastReport);
    }

    /** Before the capacity topic is read: every server is given the benefit of the doubt. */
    public static Servers unknown() {
        return new Servers(false, Map.of());
    }

    /** When the server last reported, if it ever did. */
    public Optional<Instant> reported(String serverId) {
        return Optional.ofNullable(lastReport.get(serverId));
    }

    /** True when the topic was read and the server has not reported within {@code silence} of {@code now}. */
    public boolean silent(String serverId, Instant now, Duration silence) {
        return read && reported(serverId).map(at -> at.plus(silence).isBefore(now)).orElse(true);
    }
}
