package io.nfslifecycle.exportmanager.lifecycle;

import java.io.IOException;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.exportmanager.quota.QuotaRules;

/**
 * Keeps a record's project limit what the record says ({@link QuotaRules#expectedLimit}): after each release step
 * that changes it, at start and on every sweep. A limit somebody changed by hand is reported and put back. A failure
 * here never stops a release: the next start or sweep tries again.
 */
final class QuotaCheck {
    private static final Logger LOG = Logger.getLogger(QuotaCheck.class);

    private QuotaCheck() {
    }

    /** Sets the limit a record in its (new) phase should carry, without reading it first. */
    static void settle(Parts parts, ExportRecord export) {
        if (export.projectId() == 0 || !parts.quotas().enforced()) {
            return;
        }
        Optional<Long> limit = QuotaRules.expectedLimit(export.phase(), export.requestedBytes());
        if (limit.isEmpty()) {
            return;
        }
        try {
            parts.quotas().limit(export.projectId(), limit.get());
        } catch (IOException e) {
            LOG.warnf("claim %s (%s): %s; the next sweep tries again", export.subject(), export.phase(),
                    Texts.quotaNotSet(export.projectId(), e));
        }
    }

    /** Reads the project's limit and puts back the record's when they differ: true when it had to. */
    static boolean reconcile(Parts parts, ExportRecord export) {
        if (export.projectId() == 0 || !parts.quotas().enforced()) {
            return false;
        }
        try {
            long actual = parts.quotas().usage(export.projectId()).limitBytes();
            Optional<QuotaRules.Drift> drift = QuotaRules.drift(export.subject(), export.projectId(), export.phase(),
                    export.requestedBytes(), actual);
            if (drift.isEmpty()) {
                return false;
            }
            parts.quotas().limit(export.projectId(), drift.get().limitBytes());
            LOG.warn(drift.get().message());
            return true;
        } catch (IOException e) {
            LOG.warnf("cannot check the quota of claim %s (project %d): %s", export.subject(), export.projectId(),
                    e.getMessage());
            return false;
        }
    }
}
