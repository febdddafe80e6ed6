package io.nfslifecycle.quotaauditor.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import io.nfslifecycle.kit.quota.LinuxProjectQuotas;
import io.nfslifecycle.kit.quota.ProjectQuotas;
import io.nfslifecycle.quotaauditor.findings.QuotaFigures;

/**
 * Every project's figures from the filesystem's quota accounting, in one pass over the projects it knows
 * ({@code Q_GETNEXTQUOTA}): O(projects), whatever the number of files. Read-only. Where the accounting cannot be read
 * (no quotas on the root's filesystem, no CAP_SYS_ADMIN) the audit walks instead, and the reason is logged once.
 */
public final class ProjectUsage {
    private static final Logger LOG = Logger.getLogger(ProjectUsage.class);

    private final ProjectQuotas port;
    private final AtomicReference<String> lastFailure = new AtomicReference<>("");

    public ProjectUsage(Path root) {
        this(new LinuxProjectQuotas(root));
    }

    public ProjectUsage(ProjectQuotas port) {
        this.port = port;
    }

    /** The figures of every project from {@code firstId} up, by id; empty when the accounting cannot be read. */
    public Optional<Map<Long, QuotaFigures>> read(long firstId) {
        try {
            Map<Long, QuotaFigures> figures = new HashMap<>();
            for (ProjectQuotas.ProjectUsage usage : port.all(firstId)) {
                figures.put(usage.projectId(), new QuotaFigures(usage.projectId(), usage.limitBytes(),
                        usage.usedBytes(), usage.files()));
            }
            lastFailure.set("");
            return Optional.of(figures);
        } catch (IOException e) {
            if (!e.getMessage().equals(lastFailure.getAndSet(e.getMessage()))) {
                LOG.warnf("cannot read the project quotas of the export root (%s); claims with a project are walked "
                        + "instead", e.getMessage());
            }
            return Optional.empty();
        }
    }
}
