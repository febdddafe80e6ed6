package io.nfslifecycle.exportmanager.lifecycle;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.exportmanager.directory.TreeCopy;
import io.nfslifecycle.exportmanager.store.ExportStore;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * How far one clone's copy is: said in the clone's record (its reason, which REST shows: bytes done of the source's
 * total) when the copy starts, every ten seconds and when it is whole, in the log at the same times, and in the
 * service's counters (bytes copied, bytes left). A copy whose claim was released, or whose service is stopping, is
 * stopped here by throwing.
 */
final class CloneProgress implements TreeCopy.Progress {
    private static final Logger LOG = Logger.getLogger(CloneProgress.class);
    private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Why a copy stops early: the claim was released or the service is stopping. */
    static final class Stopped extends IOException {
        private static final long serialVersionUID = 1L;

        Stopped(String message) {
            super(message);
        }
    }

    private final Parts parts;
    private final StoredExport pending;
    private final String from;
    private final long total;
    private final AtomicLong copiedBytes;
    private final AtomicLong remainingBytes;
    private long done;
    private long left;
    private long saidAt = System.nanoTime();

    CloneProgress(Parts parts, StoredExport pending, String from, long total, AtomicLong copiedBytes,
            AtomicLong remainingBytes) {
        this.parts = parts;
        this.pending = pending;
        this.from = from;
        this.total = total;
        this.copiedBytes = copiedBytes;
        this.remainingBytes = remainingBytes;
        this.left = total;
        remainingBytes.addAndGet(total);
    }

    @Override
    public void copied(long bytes, long entries) throws IOException {
        copiedBytes.addAndGet(bytes - done);
        done = bytes;
        long nowLeft = Math.max(0, total - bytes);
        remainingBytes.addAndGet(nowLeft - left);
        left = nowLeft;
        Optional<StoredExport> now = parts.store().get(pending.claimUid());
        if (now.isEmpty() || now.get().export().phase() != ExportPhase.PENDING) {
            throw new Stopped("the claim was released during the copy");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new Stopped("the export manager is stopping");
        }
        if (System.nanoTime() - saidAt >= EVERY_NANOS) {
            say(bytes, entries);
        }
    }

    /** Says how far the copy is, in the record and the log. */
    void say(long bytes, long entries) {
        saidAt = System.nanoTime();
        String text = Texts.cloneCopying(from, bytes, total, entries);
        LOG.infof("claim %s: %s", pending.export().subject(), text);
        parts.locks().forClaim(pending.claimUid(), () -> {
            Optional<StoredExport> now = parts.store().get(pending.claimUid());
            if (now.isPresent() && now.get().export().phase() == ExportPhase.PENDING) {
                try {
                    parts.store().put(now.get().with(now.get().export().withPhase(ExportPhase.PENDING, text,
                            parts.now())), ExportStore.Durability.OUTCOME);
                } catch (IOException e) {
                    LOG.debugf("cannot record the progress of %s (%s)", pending.export().subject(), e.getMessage());
                }
            }
            return null;
        });
    }

    /** The copy ended, whole or not: what it had left is no longer waited for. */
    void ended() {
        remainingBytes.addAndGet(-left);
        left = 0;
    }
}
