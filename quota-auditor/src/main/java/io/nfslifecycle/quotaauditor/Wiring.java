package io.nfslifecycle.quotaauditor;

import java.util.concurrent.ForkJoinPool;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.nfslifecycle.quotaauditor.exports.ExportView;
import io.nfslifecycle.quotaauditor.scan.ExportRootScan;
import io.nfslifecycle.quotaauditor.scan.ProjectUsage;

/** The plain classes of the core and the filesystem adapter, made into beans from the settings. */
public class Wiring {

    @Produces
    @Singleton
    ExportView exportView(QuotaAuditorConfig config) {
        return new ExportView(config.serverId());
    }

    @Produces
    @Singleton
    ExportRootScan exportRootScan(QuotaAuditorConfig config) {
        return new ExportRootScan(config.exportRoot(), new ForkJoinPool(Math.max(1, config.audit().parallelism())));
    }

    @Produces
    @Singleton
    ProjectUsage projectUsage(QuotaAuditorConfig config) {
        return new ProjectUsage(config.exportRoot());
    }
}
