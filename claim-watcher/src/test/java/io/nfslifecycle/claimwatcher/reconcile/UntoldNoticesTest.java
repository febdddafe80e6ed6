package io.nfslifecycle.claimwatcher.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.nfslifecycle.claimwatcher.plan.Notice;

class UntoldNoticesTest {
    private final Map<String, List<String>> told = new ConcurrentHashMap<>();
    private final UntoldNotices untold = new UntoldNotices(notice -> {
        told.computeIfAbsent(notice.uid(), uid -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(notice.reason());
        return true;
    });

    private static Notice notice(String uid, String reason) {
        return Notice.onClaim("shop", "data-" + uid, uid, Notice.NORMAL, reason, reason);
    }

    @Test
    void anAckRacingTheAnswersEventTellsTheRequestOnceAndFirst() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 500; i++) {
                String uid = "u-" + i;
                UntoldNotices.Pending request = untold.keep(notice(uid, "Provisioning"));
                CyclicBarrier together = new CyclicBarrier(2);
                Future<?> ack = threads.submit(() -> {
                    together.await();
                    untold.acknowledged(request);
                    return null;
                });
                Future<?> answer = threads.submit(() -> {
                    together.await();
                    Notice succeeded = notice(uid, "ProvisioningSucceeded");
                    untold.before(succeeded);
                    told.computeIfAbsent(uid, u -> java.util.Collections.synchronizedList(new ArrayList<>()))
                            .add(succeeded.reason());
                    return null;
                });
                ack.get(10, TimeUnit.SECONDS);
                answer.get(10, TimeUnit.SECONDS);
                assertThat(told.get(uid)).as(uid).containsExactly("Provisioning", "ProvisioningSucceeded");
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(untold.size()).isZero();
    }

    @Test
    void theAnswersEventWaitsWhileTheAckIsStillTellingTheRequest() throws Exception {
        java.util.concurrent.CountDownLatch telling = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answerTold = new java.util.concurrent.CountDownLatch(1);
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        UntoldNotices slow = new UntoldNotices(notice -> {
            telling.countDown();
            try { // an API call under way: the answer's Event must not pass it (it cannot, so this wait runs out)
                answerTold.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            order.add(notice.reason());
            return true;
        });
        UntoldNotices.Pending request = slow.keep(notice("u-1", "Provisioning"));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> ack = threads.submit(() -> slow.acknowledged(request));
            Future<?> answer = threads.submit(() -> {
                telling.await();
                slow.before(notice("u-1", "ProvisioningSucceeded"));
                order.add("ProvisioningSucceeded");
                answerTold.countDown();
                return null;
            });
            ack.get(10, TimeUnit.SECONDS);
            answer.get(10, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        assertThat(order).containsExactly("Provisioning", "ProvisioningSucceeded");
    }

    @Test
    void aFailedPublishIsNeverToldAndLeavesNothingBehind() {
        UntoldNotices.Pending refused = untold.keep(notice("u-1", "Provisioning"));
        untold.failed(refused);
        untold.before(notice("u-1", "ProvisioningSucceeded"));
        untold.acknowledged(refused);

        assertThat(told).isEmpty();
        assertThat(untold.size()).isZero();
    }

    @Test
    void aLaterAckTellsTheOlderRequestsOfItsObjectFirstAndAnEarlierAckThenNothing() {
        UntoldNotices.Pending first = untold.keep(notice("u-1", "first"));
        UntoldNotices.Pending second = untold.keep(notice("u-1", "second"));
        UntoldNotices.Pending other = untold.keep(notice("u-2", "other"));

        untold.acknowledged(second);
        untold.acknowledged(first);

        assertThat(told).containsOnlyKeys("u-1");
        assertThat(told.get("u-1")).containsExactly("first", "second");
        untold.acknowledged(other);
        assertThat(told.get("u-2")).containsExactly("other");
        assertThat(untold.size()).isZero();
    }
}
