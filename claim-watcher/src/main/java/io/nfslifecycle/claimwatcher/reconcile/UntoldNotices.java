package io.nfslifecycle.claimwatcher.reconcile;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import io.nfslifecycle.claimwatcher.plan.Notice;

/**
 * The notices of publishes Kafka has not acknowledged yet, by the uid of the object they are about, oldest first.
 * A notice is told at its ack, after the older ones of its object; or before the Event the export manager's answer
 * leads to (the PV it created or deleted, the failure it reports), if that answer overtook the ack (an answer means
 * Kafka had the request). So one object's Events appear in the order they were decided, and each once. Any thread;
 * only the lambdas of the map's {@code compute} methods touch a queue.
 */
final class UntoldNotices {
    private final Predicate<Notice> record;
    private final Map<String, Deque<Pending>> byObject = new ConcurrentHashMap<>();

    /** One publish's notice; whoever takes it tells it (or drops it), and completes {@code told} then. */
    static final class Pending {
        private final Notice notice;
        private final AtomicBoolean taken = new AtomicBoolean();
        private final CompletableFuture<Void> told = new CompletableFuture<>();

        private Pending(Notice notice) {
            this.notice = notice;
        }
    }

    /** @param record writes one notice (a Kubernetes Event) */
    UntoldNotices(Predicate<Notice> record) {
        this.record = record;
    }

    /** Keeps the notice of a publish about to be sent, until its ack. */
    Pending keep(Notice notice) {
        Pending pending = new Pending(notice);
        if (notice.uid() != null) {
            byObject.compute(notice.uid(), (uid, queue) -> {
                Deque<Pending> pendings = queue == null ? new ArrayDeque<>() : queue;
                pendings.addLast(pending);
                return pendings;
            });
        }
        return pending;
    }

    /** The publish failed: its notice is not told (the next publish brings it again). */
    void failed(Pending pending) {
        if (pending.taken.compareAndSet(false, true)) {
            remove(pending);
            pending.told.complete(null);
        }
    }

    /** The publish was acknowledged: tells its notice, after the older ones of its object. */
    void acknowledged(Pending pending) {
        if (pending.notice.uid() == null) {
            record.test(pending.notice);
            return;
        }
        tell(pending.notice.uid(), pending);
    }

    /**
     * Tells every notice kept for the object of {@code next}, which must come after them: a newer publish's too, whose
     * ack may not have come yet (so a retry that then fails may have been told; each notice is still told once).
     */
    void before(Notice next) {
        if (next.uid() != null) {
            tell(next.uid(), null);
        }
    }

    /** Notices kept and not told yet; for tests (it reads the queues outside {@code compute}, so only when idle). */
    int size() {
        return byObject.values().stream().mapToInt(Deque::size).sum();
    }

    /**
     * Tells the object's notices oldest first up to {@code last} (all when null; none when {@code last} is no longer
     * kept), waiting for any that another thread is telling right now.
     */
    private void tell(String uid, Pending last) {
        List<Pending> due = new ArrayList<>();
        byObject.computeIfPresent(uid, (key, queue) -> {
            if (last == null || queue.contains(last)) {
                for (Pending pending : queue) {
                    due.add(pending);
                    if (pending == last) {
                        break;
                    }
                }
            }
            return queue;
        });
        for (Pending pending : due) {
            if (pending.taken.compareAndSet(false, true)) {
                try {
                    record.test(pending.notice);
                } finally {
                    remove(pending);
                    pending.told.complete(null);
                }
            } else {
                pending.told.join(); // one write to the API, bounded by its request timeout
            }
        }
    }

    private void remove(Pending pending) {
        if (pending.notice.uid() == null) {
            return;
        }
        byObject.computeIfPresent(pending.notice.uid(), (key, queue) -> {
            queue.remove(pending);
            return queue.isEmpty() ? null : queue;
        });
    }
}
