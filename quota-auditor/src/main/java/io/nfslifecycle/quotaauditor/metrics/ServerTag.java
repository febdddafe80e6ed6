package io.nfslifecycle.quotaauditor.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.nfslifecycle.quotaauditor.QuotaAuditorConfig;

/**
 * Every meter of the project's own carries the server id, as the export manager's do, so that the auditor's
 * figures join the export manager's of the same server.
 */
public final class ServerTag {
    private ServerTag() {
    }

    @Produces
    @Singleton
    static MeterFilter serverTag(QuotaAuditorConfig config) {
        Tag server = Tag.of("server", config.serverId());
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().startsWith("nfs.lifecycle.") && id.getTag("server") == null
                        ? id.withTag(server) : id;
            }
        };
    }
}
