package io.nfslifecycle.exportmanager.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyedExecutorTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final KeyedExecutor executor = new KeyedExecutor(pool);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aKeysNextTaskWaitsForTheOneBeforeWhileOtherKeysRun() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch otherRan = new CountDownLatch(1);
        CompletableFuture<Void> first = executor.submit("claim-a", () -> {
            await(go);
            ran.add("a1");
        });
        CompletableFuture<Void> second = executor.submit("claim-a", () -> ran.add("a2"));
        executor.submit("claim-b", () -> {
            ran.add("b1");
            otherRan.countDown();
        });

        // claim-b ran on another thread while claim-a's first task is held: a2, submitted before b1, did not
        assertThat(otherRan.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("b1");
        assertThat(second).isNotDone();

        go.countDown();
        CompletableFuture.allOf(first, second).get(30, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("b1", "a1", "a2");
        assertThat(executor.busyKeys()).isZero();
    }

    @Test
    void aFailedTaskDoesNotHoldUpTheNextOfItsKey() throws Exception {
        CompletableFuture<Void> failed = executor.submit("claim-a", () -> {
            throw new IllegalStateException("disk gone");
        });
        CompletableFuture<Void> next = executor.submit("claim-a", () -> ran.add("a2"));

        next.get(30, TimeUnit.SECONDS);
        // the failed task's future completes just after the next task may start: waited for, not raced
        assertThat(failed).failsWithin(java.time.Duration.ofSeconds(30));
        assertThat(ran).containsExactly("a2");
    }

    @Test
    void tasksOfOneKeyRunInTheOrderSubmitted() throws Exception {
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 200; i++) {
            String name = "a" + i;
            last = executor.submit("claim-a", () -> ran.add(name));
        }
        last.get(30, TimeUnit.SECONDS);
        assertThat(ran).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(ran.get(i)).isEqualTo("a" + i);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
