package io.nfslifecycle.exportmanager.kafka;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs tasks on a pool: the tasks of one key one after the other, in the order they were submitted; tasks of
 * different keys at the same time. The claim consumer keys by claim uid, which is also the Kafka key, so a claim's
 * events keep their order on the topic while different claims are handled side by side.
 */
final class KeyedExecutor {
    private static final CompletableFuture<Void> NOTHING_BEFORE = CompletableFuture.completedFuture(null);

    private final Executor pool;
    /** Per key, the end of its last submitted task; removed once that task is done and nothing followed it. */
    private final Map<String, CompletableFuture<Void>> last = new ConcurrentHashMap<>();

    KeyedExecutor(Executor pool) {
        this.pool = pool;
    }

    /**
     * Runs the task after every task submitted before with that key. The result completes with the task, or with
     * its exception; a failed task does not hold up the next one of its key.
     */
    CompletableFuture<Void> submit(String key, Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> before = last.put(key, done);
        // completes after the clean-up, so a caller that saw its task done also sees the key free
        return (before == null ? NOTHING_BEFORE : before).thenRunAsync(task, pool).whenComplete((ok, failure) -> {
            last.remove(key, done);
            done.complete(null);
        });
    }

    /** Keys with a task waiting or running. */
    int busyKeys() {
        return last.size();
    }
}
