package io.nfslifecycle.exportmanager.lifecycle;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The two locks of the lifecycle. A claim lock (one of 64 stripes, by claim uid) orders the work on one claim; the
 * decision lock is held while a decision looks at other claims (admission, whose directory a name is, a resize, a
 * release), and only for the decision and its durable record: never across a tree delete or a copy. Always the
 * claim lock first, then the decision lock.
 */
final class ClaimLocks {
    private final ReentrantLock[] stripes = new ReentrantLock[64];
    private final Object decisions = new Object();

    ClaimLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    <T> T forClaim(String claimUid, Supplier<T> work) {
        ReentrantLock lock = stripes[Math.floorMod(claimUid.hashCode(), stripes.length)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    <T> T deciding(Supplier<T> work) {
        synchronized (decisions) {
            return work.get();
        }
    }
}
