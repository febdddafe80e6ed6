package io.nfslifecycle.events;

import static io.nfslifecycle.events.Fields.MAX_NAME;

import java.time.Instant;

/**
 * The export root's capacity, published by the export manager on {@link Topics#CAPACITY} on every change and on
 * an interval; keyed by server id.
 *
 * @param totalBytes       the filesystem's size ({@code statvfs})
 * @param usedBytes        what the filesystem reports used
 * @param freeBytes        what an unprivileged writer can still use
 * @param provisionedBytes the sum of the live exports' requests
 * @param exportCount      the number of live exports
 * @param overcommitRatio  how far requests may exceed the size (1.0: not at all)
 * @param quotas           whether every claim's size is a hard project quota: {@code enforced ...}, or
 *                         {@code not enforced: <why, and what would enable it>}; empty from a manager before quotas
 */
public record CapacityReported(
        String serverId,
        long totalBytes,
        long usedBytes,
        long freeBytes,
        long provisionedBytes,
        int exportCount,
        double overcommitRatio,
        Instant reportedAt,
        @Default("") String quotas) implements Event {

    /** A report without the quota state. */
    public CapacityReported(String serverId, long totalBytes, long usedBytes, long freeBytes, long provisionedBytes,
            int exportCount, double overcommitRatio, Instant reportedAt) {
        this(serverId, totalBytes, usedBytes, freeBytes, provisionedBytes, exportCount, overcommitRatio, reportedAt,
                "");
    }

    public CapacityReported {
        Fields.name("serverId", serverId, MAX_NAME);
        Fields.bytes("totalBytes", totalBytes);
        Fields.bytes("usedBytes", usedBytes);
        Fields.bytes("freeBytes", freeBytes);
        Fields.bytes("provisionedBytes", provisionedBytes);
        Fields.bytes("exportCount", exportCount);
        if (!(overcommitRatio > 0) || Double.isInfinite(overcommitRatio)) {
            throw new InvalidEventException("overcommitRatio", "must be a positive number (was " + overcommitRatio + ")");
        }
        Fields.present("reportedAt", reportedAt);
        Fields.text("quotas", quotas);
    }

    @Override
    public String type() {
        return EventTypes.CAPACITY_REPORTED;
    }

    @Override
    public String topic() {
        return Topics.CAPACITY;
    }

    @Override
    public String key() {
        return serverId;
    }

    @Override
    public String subject() {
        return serverId;
    }
}
