package io.nfslifecycle.claimwatcher.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.nfslifecycle.claimwatcher.Samples;
import io.nfslifecycle.claimwatcher.model.DesiredVolume;
import io.nfslifecycle.claimwatcher.model.ProvisionerClass;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.ReclaimPolicy;

/**
 * Not a test (surefire's default includes leave *Benchmark out): what the watcher's plans cost with 100, 1,000 and
 * 10,000 Bound claims (each with its PV and READY export) already in the cluster and one new claim pending: the plan
 * of what changed (the new claim: what each informer or export event costs, so what a burst costs per claim), and
 * the plan of everything (a resync, every 30 s). Prints {@code BENCH} lines that {@code bin/bench} gathers. Run:
 * {@code ./mvnw -B -q test -pl claim-watcher -am -Dtest=PlanBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
class PlanBenchmark {
    private static final Instant NOW = Samples.T0.plusSeconds(60);
    private static final Settings SETTINGS = new Settings(Samples.PROVISIONER, Duration.ofMinutes(10),
            Duration.ofSeconds(10), Duration.ofMinutes(10));
    private static final long GI = 1L << 30;

    @Test
    void measure() {
        for (int existing : new int[] {100, 1_000, 10_000}) {
            Observed observed = cluster(existing);
            Scope fresh = Scope.of(List.of("u-new"), List.of());
            double one = median(20_000, () -> ClaimDecisions.plan(observed, NOW, SETTINGS,
                    fresh.reach(observed.cluster())));
            System.out.printf("BENCH watcher: the plan of one changed claim, %d claims in the cluster | %.3f ms%n",
                    existing, one);
        }
        for (int existing : new int[] {100, 1_000, 10_000}) {
            Observed observed = cluster(existing);
            double all = median(existing >= 10_000 ? 15 : 60, () -> ClaimDecisions.plan(observed, NOW, SETTINGS));
            System.out.printf("BENCH watcher: the plan of everything (a resync), %d claims in the cluster | %.2f ms%n",
                    existing, all);
        }
    }

    /** The median milliseconds of a plan, once the first third of the rounds warmed the JIT. */
    private static double median(int rounds, Runnable plan) {
        double[] millis = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            plan.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        double[] warm = Arrays.copyOfRange(millis, rounds / 3, rounds);
        Arrays.sort(warm);
        return warm[warm.length / 2];
    }

    private static Observed cluster(int existing) {
        ProvisionerClass storageClass = ProvisionerClass.of(Samples.ourClass("nfs"), Samples.PROVISIONER)
                .orElseThrow();
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        List<PersistentVolume> volumes = new ArrayList<>();
        Map<String, ExportState> exports = new HashMap<>();
        Map<String, ReclaimPolicy> seen = new HashMap<>();
        for (int i = 0; i < existing; i++) {
            String uid = "u-" + i;
            PersistentVolumeClaim claim = Samples.claim("ns-" + (i % 50), "data-" + i, uid, "nfs", "1Gi");
            var record = Samples.export(claim.getMetadata().getNamespace(), claim.getMetadata().getName(), uid, GI,
                    ExportPhase.READY);
            claim.getSpec().setVolumeName(DesiredVolume.name(uid));
            claim.getStatus().setPhase("Bound");
            claims.add(claim);
            volumes.add(DesiredVolume.of(record, claim, storageClass, Samples.PROVISIONER));
            exports.put(uid, ExportState.next(null, new ExportReady(record), NOW.minusSeconds(30), i + 1L));
            seen.put(uid, ReclaimPolicy.DELETE);
        }
        claims.add(Samples.claim("ns-new", "fresh", "u-new", "nfs", "1Gi"));
        Servers servers = new Servers(true, Map.of("nfs-1", NOW.minusSeconds(10)));
        return new Observed(List.of(Samples.ourClass("nfs")), claims, volumes, exports, new HashMap<>(),
                new HashSet<>(), new HashSet<>(seen.keySet()), seen, servers);
    }
}
