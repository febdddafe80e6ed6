package io.nfslifecycle.claimwatcher.book;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.nfslifecycle.claimwatcher.plan.ExportState;
import io.nfslifecycle.claimwatcher.plan.Request;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ReclaimPolicy;

/**
 * The watcher's memory, rebuilt on every boot: the latest export event per claim (from reading
 * {@code nfs-lifecycle.exports} from the start), the claim events it published and not yet seen answered, and
 * the notices already told. Safe to use from the Kafka, informer and reconcile threads.
 */
public final class ExportBook {
    private final Map<String, ExportState> exports = new ConcurrentHashMap<>();
    private final Map<String, Request> requests = new ConcurrentHashMap<>();
    private final Set<String> told = ConcurrentHashMap.newKeySet();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, ReclaimPolicy> volumesSeen = new ConcurrentHashMap<>();
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** Records an export event; it answers the claim's request made before it. */
    public void received(ExportEvent event, Instant at) {
        String uid = event.export().claimUid();
        exports.compute(uid, (k, previous) -> ExportState.next(previous, event, at, sequence.incrementAndGet()));
        requests.computeIfPresent(uid, (k, request) -> request.at().isAfter(at) ? request : request.withAnswer());
    }

    public void requested(String claimUid, Request request) {
        requests.put(claimUid, request);
    }

    /** Forgets a request Kafka did not take, so the next reconcile publishes it again. */
    public void unrequested(String claimUid, Request request) {
        requests.remove(claimUid, request);
    }

    public void told(String onceKey) {
        told.add(onceKey);
    }

    /** When this process first saw each claim in the cluster now (sub-second, unlike creationTimestamp). */
    public void sawClaims(Set<String> claimUids, Instant now) {
        claimUids.forEach(uid -> firstSeen.putIfAbsent(uid, now));
        firstSeen.keySet().retainAll(claimUids);
    }

    public Optional<Instant> firstSeen(String claimUid) {
        return Optional.ofNullable(firstSeen.get(claimUid));
    }

    /** {@link #sawClaims} for one claim: in the cluster now, or gone. */
    public void sawClaim(String claimUid, boolean present, Instant now) {
        if (present) {
            firstSeen.putIfAbsent(claimUid, now);
        } else {
            firstSeen.remove(claimUid);
        }
    }

    /**
     * Remembers the claims now in the cluster, and forgets those that are gone, were not asked for and whose
     * export holds nothing any more, so the memory stays the size of the live claims.
     */
    public void seen(Set<String> claimUids) {
        seen.addAll(claimUids);
        seen.removeIf(uid -> !claimUids.contains(uid) && (requests.get(uid) == null || !requests.get(uid).open())
                && (exports.get(uid) == null || !exports.get(uid).record().phase().isLive()));
        requests.entrySet().removeIf(e -> e.getValue().answered() && !seen.contains(e.getKey()));
    }

    /** {@link #seen(Set)} for one claim: in the cluster now, or gone. */
    public void seen(String claimUid, boolean present) {
        if (present) {
            seen.add(claimUid);
        } else if (!open(claimUid) && !live(claimUid)) {
            seen.remove(claimUid);
        }
        if (!seen.contains(claimUid)) {
            requests.computeIfPresent(claimUid, (k, request) -> request.answered() ? null : request);
        }
    }

    private boolean open(String claimUid) {
        Request request = requests.get(claimUid);
        return request != null && request.open();
    }

    private boolean live(String claimUid) {
        ExportState export = exports.get(claimUid);
        return export != null && export.record().phase().isLive();
    }

    /**
     * Remembers, by claim uid, the reclaim policy of each PV of ours in the cluster now, and forgets the claims whose
     * export holds nothing any more.
     */
    public void volumesSeen(Map<String, ReclaimPolicy> now) {
        volumesSeen.putAll(now);
        volumesSeen.keySet().removeIf(uid -> !now.containsKey(uid)
                && (exports.get(uid) == null || !exports.get(uid).record().phase().isLive()));
    }

    /** {@link #volumesSeen(Map)} for one claim: the policy of its PV in the cluster now, or none. */
    public void volumeSeen(String claimUid, java.util.Optional<ReclaimPolicy> policy) {
        if (policy.isPresent()) {
            volumesSeen.put(claimUid, policy.get());
        } else if (!live(claimUid)) {
            volumesSeen.remove(claimUid);
        }
    }

    /** A PV this process made, before its informer shows it. */
    public void volumeMade(String claimUid, ReclaimPolicy policy) {
        volumesSeen.put(claimUid, policy);
    }

    public Map<String, ReclaimPolicy> volumesSeen() {
        return Map.copyOf(volumesSeen);
    }

    public Set<String> seenClaims() {
        return Set.copyOf(seen);
    }

    public Map<String, ExportState> exports() {
        return Map.copyOf(exports);
    }

    public Map<String, Request> requests() {
        return Map.copyOf(requests);
    }

    public Set<String> toldKeys() {
        return Set.copyOf(told);
    }

    /**
     * The book as it is now, read-only and not copied: what a plan reads (a copy of everything for each plan of one
     * claim would cost what the whole cluster costs).
     */
    public io.nfslifecycle.claimwatcher.plan.Observed observe(io.nfslifecycle.claimwatcher.plan.Cluster cluster,
            io.nfslifecycle.claimwatcher.plan.Servers servers) {
        return new io.nfslifecycle.claimwatcher.plan.Observed(cluster, java.util.Collections.unmodifiableMap(exports),
                java.util.Collections.unmodifiableMap(requests), java.util.Collections.unmodifiableSet(told),
                java.util.Collections.unmodifiableSet(seen), java.util.Collections.unmodifiableMap(volumesSeen),
                servers);
    }
}
