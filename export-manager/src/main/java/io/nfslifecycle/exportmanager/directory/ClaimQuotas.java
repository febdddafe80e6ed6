package io.nfslifecycle.exportmanager.directory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.nfslifecycle.exportmanager.quota.QuotaMode;
import io.nfslifecycle.exportmanager.quota.QuotaRules;
import io.nfslifecycle.kit.quota.LinuxProjectQuotas;
import io.nfslifecycle.kit.quota.Mount;
import io.nfslifecycle.kit.quota.Mounts;
import io.nfslifecycle.kit.quota.ProjectQuotas;
import io.nfslifecycle.kit.quota.ProjectQuotas.ProjectUsage;
import io.nfslifecycle.kit.quota.QuotaStatus;
import io.nfslifecycle.kit.quota.QuotaSupport;

/**
 * The export root's project quotas as the lifecycle uses them: whether they are enforced (found out once, at start),
 * and the port's calls on claim directories. Where they are not enforced, nothing here is called.
 */
public final class ClaimQuotas {
    private static final Logger LOG = Logger.getLogger(ClaimQuotas.class);

    private final QuotaStatus status;
    private final ProjectQuotas port;
    private final long firstId;
    private final long highestInUse;

    /** Reads, where quotas are enforced, the highest project id from {@code firstId} up that has a limit or a use. */
    public ClaimQuotas(QuotaStatus status, ProjectQuotas port, long firstId) {
        this.status = status;
        this.port = port;
        this.firstId = firstId;
        this.highestInUse = status.enforced() ? highestInUse(port, firstId) : 0;
    }

    private static long highestInUse(ProjectQuotas port, long firstId) {
        try {
            return port.all(firstId).stream().filter(p -> p.limitBytes() > 0 || p.usedBytes() > 0 || p.files() > 0)
                    .mapToLong(ProjectUsage::projectId).max().orElse(0);
        } catch (IOException e) {
            LOG.warnf("cannot list the projects in use (%s); new claims take ids above their records' only",
                    e.getMessage());
            return 0;
        }
    }

    /** No quotas, for {@code why}. */
    public static ClaimQuotas off(String why) {
        return new ClaimQuotas(QuotaStatus.notEnforced("off", why), null, 1);
    }

    /**
     * Finds out whether the filesystem of {@code root} enforces project quotas, and says so in the log.
     *
     * @throws IllegalStateException in mode {@code required} when it does not, with the reason and the remedy
     */
    public static ClaimQuotas detect(QuotaMode mode, Path root, long firstId) {
        if (mode == QuotaMode.OFF) {
            return off("switched off (nfs-lifecycle.quota.mode=off)");
        }
        QuotaStatus status;
        LinuxProjectQuotas port = new LinuxProjectQuotas(root);
        try {
            Mount mount = Mounts.holding(root);
            status = QuotaSupport.assess(mount, port.probe());
        } catch (IOException e) {
            status = QuotaStatus.notEnforced("filesystem", "cannot tell which filesystem holds " + root + ": "
                    + e.getMessage());
        }
        if (!status.enforced() && mode == QuotaMode.REQUIRED) {
            throw new IllegalStateException("nfs-lifecycle.quota.mode is required, but project quotas on the export "
                    + "root are " + status.text() + "; fix that, or set the mode to auto to start without them");
        }
        if (status.enforced()) {
            LOG.infof("project quotas: %s; every claim directory is limited to its request (project ids from %d)",
                    status.text(), firstId);
        } else {
            LOG.warnf("project quotas: %s; a claim's request is then an admission figure only, and the quota auditor "
                    + "reports claims over it", status.text());
        }
        return new ClaimQuotas(status, status.enforced() ? port : null, firstId);
    }

    public boolean enforced() {
        return status.enforced();
    }

    public QuotaStatus status() {
        return status;
    }

    public long firstId() {
        return firstId;
    }

    /**
     * The highest project id from {@code firstId} up that the filesystem held with a limit or a use at start: ids a
     * record does not know of (an operator's own projects, a record lost or restored from an older backup) are not
     * handed out again.
     */
    public long highestInUse() {
        return highestInUse;
    }

    /** Tags a claim directory with its project and limits the project to {@code bytes}. */
    public void apply(Path directory, long projectId, long bytes) throws IOException {
        port.tag(directory, projectId);
        port.limit(projectId, QuotaRules.expectedLimit(io.nfslifecycle.events.ExportPhase.READY, bytes).orElseThrow());
    }

    /** Sets the project's limit ({@code 0} lifts it). */
    public void limit(long projectId, long bytes) throws IOException {
        port.limit(projectId, bytes);
    }

    public ProjectUsage usage(long projectId) throws IOException {
        return port.usage(projectId);
    }

    /** The project a directory carries, or empty when it cannot be read. */
    public Optional<Long> projectOf(Path directory) {
        try {
            return Optional.of(port.projectOf(directory));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
