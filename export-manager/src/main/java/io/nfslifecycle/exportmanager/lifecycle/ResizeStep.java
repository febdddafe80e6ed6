package io.nfslifecycle.exportmanager.lifecycle;

import java.io.IOException;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.ClaimResized;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportFailed.Operation;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.ExportResized;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.exportmanager.admission.Admission;
import io.nfslifecycle.exportmanager.admission.Verdict;
import io.nfslifecycle.exportmanager.quota.QuotaRules;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * A resize: admission against the other claims, then the project's new limit where quotas are enforced, then the new
 * size durably (a crash between the last two is mended by recovery, which puts the limit back to the record, and the
 * redelivered resize applies it again). Without a quota a smaller request changes nothing; with one it shrinks the
 * limit down to what the files use, never below. Called under the decision lock.
 */
final class ResizeStep {
    private static final Logger LOG = Logger.getLogger(ResizeStep.class);

    private final Parts parts;

    ResizeStep(Parts parts) {
        this.parts = parts;
    }

    Handled resized(ClaimResized resize) {
        StoredExport stored = parts.store().get(resize.claimUid()).orElseThrow(() -> new InvalidEventException(
                "claimUid", Texts.noExport(parts.settings().serverId(), resize.subject(), "nothing to resize")));
        ExportRecord export = stored.export();
        if (!export.sameClaimAs(resize.namespace(), resize.claimName(), resize.volumeName())) {
            String message = Texts.identityMismatch(resize.subject(), resize.volumeName(), resize.claimUid(), stored);
            LOG.error(message);
            return failed(export, ExportFailed.IDENTITY_MISMATCH, message, false, resize.requestedBytes());
        }
        if (export.phase() != ExportPhase.READY) {
            return failed(export, ExportFailed.NOT_READY, Texts.notResizable(export.subject(), export.phase()),
                    export.phase() == ExportPhase.PENDING, resize.requestedBytes());
        }
        boolean quota = export.projectId() > 0 && parts.quotas().enforced();
        if (resize.requestedBytes() == export.requestedBytes()
                || resize.requestedBytes() < export.requestedBytes() && !quota) {
            return Handled.answer(new ExportResized(export), Outcome.DUPLICATE, false);
        }
        Verdict verdict;
        try {
            verdict = resize.requestedBytes() < export.requestedBytes() ? shrinkVerdict(export, resize.requestedBytes())
                    : Admission.decide(parts.settings().admission(), parts.volume().figures(),
                            parts.store().provisionedBytes(), export.requestedBytes(), resize.requestedBytes());
        } catch (IOException e) {
            return failed(export, ExportFailed.IO_ERROR, Texts.capacityUnreadableForResize(e), true,
                    resize.requestedBytes());
        }
        if (!verdict.admitted()) {
            return failed(export, ExportFailed.INSUFFICIENT_CAPACITY, verdict.reason(), true, resize.requestedBytes());
        }
        if (quota) {
            try {
                parts.quotas().limit(export.projectId(), QuotaRules.expectedLimit(ExportPhase.READY,
                        resize.requestedBytes()).orElseThrow());
            } catch (IOException e) {
                return failed(export, ExportFailed.IO_ERROR, Texts.quotaNotSet(export.projectId(), e), true,
                        resize.requestedBytes());
            }
        }
        StoredExport grown = stored.with(export.withRequestedBytes(resize.requestedBytes(), parts.now()));
        try {
            parts.store().put(grown);
        } catch (IOException e) {
            return failed(export, ExportFailed.IO_ERROR, Texts.recordNotWrittenForResize(e), true,
                    resize.requestedBytes());
        }
        LOG.infof("claim %s (uid %s): resized to %d bytes", export.subject(), export.claimUid(),
                resize.requestedBytes());
        return Handled.answer(new ExportResized(grown.export()), Outcome.RESIZED, true);
    }

    /** A shrink passes down to what the claim's files use (read from the quota accounting), never below. */
    private Verdict shrinkVerdict(ExportRecord export, long bytes) throws IOException {
        long used = parts.quotas().usage(export.projectId()).usedBytes();
        QuotaRules.ResizeVerdict verdict = QuotaRules.resize(export.requestedBytes(), used, bytes);
        return verdict.allowed() ? Verdict.admit() : Verdict.refuse(verdict.reason());
    }

    private static Handled failed(ExportRecord export, String code, String message, boolean retryable,
            long refusedBytes) {
        return Handled.answer(new ExportFailed(export, Operation.RESIZE, code, message, retryable, refusedBytes),
                Outcome.FAILED, false);
    }
}
