package io.nfslifecycle.claimwatcher;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * When claims are to be looked at again: when a backoff or a request's time ends (the plan says), and after an action
 * that failed (the API or Kafka refused or was away), after a second that doubles while it keeps failing, up to the
 * resync interval (the resync looks at it anyway). One timer, for the earliest; "" stands for everything (a volume of
 * no claim, which only a plan of everything looks at).
 */
final class WakeUps {
    private final ScheduledExecutorService executor;
    private final Runnable reconcile;
    private final Duration longest;
    private final NavigableMap<Instant, Set<String>> due = new ConcurrentSkipListMap<>();
    /** By claim uid, its latest backoff after a failed action, and when it failed. */
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    /** When the timer set last fires; null when none is set. */
    private Instant timer;

    /**
     * @param executor  the reconcile thread, where the timer runs
     * @param reconcile asks for a reconcile
     * @param longest   the longest backoff after failures: the resync interval
     */
    WakeUps(ScheduledExecutorService executor, Runnable reconcile, Duration longest) {
        this.executor = executor;
        this.reconcile = reconcile;
        this.longest = longest;
    }

    /** Looks at the claim again at {@code at}. */
    void at(String claimUid, Instant at) {
        due.computeIfAbsent(at, t -> ConcurrentHashMap.newKeySet()).add(claimUid);
        arm();
    }

    /** Everything the claim's plan asked for was done: its next failure starts over at one second. */
    void succeeded(String claimUid) {
        if (!failures.isEmpty()) {
            failures.remove(claimUid);
        }
    }

    /** An action of the claim failed at {@code now}. */
    void failed(String claimUid, Instant now) {
        Duration first = Duration.ofSeconds(1).compareTo(longest) <= 0 ? Duration.ofSeconds(1) : longest;
        Failures then = failures.compute(claimUid, (uid, before) -> before == null
                || before.at().plus(before.backoff().multipliedBy(2)).plus(longest).isBefore(now)
                ? new Failures(first, now)
                : new Failures(shorter(before.backoff().multipliedBy(2), longest), now));
        if (failures.size() > 100_000) {
            failures.values().removeIf(f -> f.at().plus(longest.multipliedBy(3)).isBefore(now));
        }
        at(claimUid, now.plus(then.backoff()));
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Tells every claim whose time has come ("" for everything), and forgets them. */
    void take(Instant now, Consumer<String> claim) {
        while (!due.isEmpty() && !due.firstKey().isAfter(now)) {
            var entry = due.pollFirstEntry();
            if (entry != null) {
                entry.getValue().forEach(claim);
            }
        }
        arm();
    }

    /** One timer, for the earliest, unless one is set for then or sooner. */
    private synchronized void arm() {
        if (due.isEmpty() || executor.isShutdown()) {
            return;
        }
        Instant first = due.firstKey();
        if (timer != null && !timer.isAfter(first)) {
            return;
        }
        timer = first;
        long delay = Math.max(0, Duration.between(Instant.now(), first).toMillis()) + 10;
        try {
            executor.schedule(() -> {
                synchronized (this) {
                    if (first.equals(timer)) {
                        timer = null;
                    }
                }
                reconcile.run();
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private record Failures(Duration backoff, Instant at) {
    }
}
