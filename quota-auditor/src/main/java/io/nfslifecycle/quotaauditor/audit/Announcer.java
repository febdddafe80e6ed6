package io.nfslifecycle.quotaauditor.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.AuditCompleted;
import io.nfslifecycle.events.AuditFinding;
import io.nfslifecycle.quotaauditor.findings.Finding;
import io.nfslifecycle.quotaauditor.findings.FindingChange;
import io.nfslifecycle.quotaauditor.findings.Reconciliation;
import io.nfslifecycle.quotaauditor.kafka.AnnouncedFindings;
import io.nfslifecycle.quotaauditor.kafka.AuditPublisher;

/**
 * What the auditor has announced on {@code nfs-lifecycle.audit}, and announcing what changed: the open findings as
 * last announced (restored from the topic on the first run, so a restart publishes nothing unchanged), each change
 * published and waited for; once the broker fails to take one, the rest wait for the next run. Used by the audit
 * thread only.
 */
final class Announcer {
    private static final Logger LOG = Logger.getLogger(Announcer.class);
    private static final Duration PUBLISH_WAIT = Duration.ofSeconds(30);
    private static final int MAX_TEXT = 4096;

    private final String serverId;
    private final AuditPublisher publisher;
    private final AnnouncedFindings before;
    private Map<Finding.Id, Finding> announced = Map.of();
    private boolean restored;

    /** What one run announced: how many changes went out, and whether the broker took all it was given. */
    record Announced(int published, boolean brokerAnswers) {
    }

    Announcer(String serverId, AuditPublisher publisher, AnnouncedFindings before) {
        this.serverId = serverId;
        this.publisher = publisher;
        this.before = before;
    }

    /** The open findings as last announced, with those announced before this process started once they are read. */
    Map<Finding.Id, Finding> announced() {
        if (!restored) {
            before.read(serverId, PUBLISH_WAIT).ifPresent(earlier -> {
                Map<Finding.Id, Finding> merged = new HashMap<>(earlier);
                merged.putAll(announced);
                announced = Map.copyOf(merged);
                restored = true;
            });
        }
        return announced;
    }

    Announced announce(Reconciliation decided, String runId, Instant observedAt) {
        Map<Finding.Id, Finding> next = new HashMap<>(decided.announced());
        int published = 0;
        boolean brokerAnswers = true;
        for (FindingChange change : decided.changes()) {
            brokerAnswers = brokerAnswers && publisher.publish(event(change, runId, observedAt), PUBLISH_WAIT);
            if (brokerAnswers) {
                published++;
                Finding f = change.finding();
                LOG.infof("%s %s%s: %s", f.kind(), change.status(),
                        f.claim().isEmpty() ? (f.path().isEmpty() ? "" : " for " + f.path()) : " for claim " + f.claim(),
                        f.message());
                continue;
            }
            // not announced: keep what was announced before, so the next run publishes it again
            Finding earlier = announced.get(change.finding().id());
            if (earlier == null) {
                next.remove(change.finding().id());
            } else {
                next.put(earlier.id(), earlier);
            }
        }
        announced = Map.copyOf(next);
        return new Announced(published, brokerAnswers);
    }

    void completed(AuditCompleted completed) {
        publisher.publish(completed, PUBLISH_WAIT);
    }

    private AuditFinding event(FindingChange change, String runId, Instant observedAt) {
        Finding f = change.finding();
        return new AuditFinding(serverId, f.kind(), change.status(), f.claimUid(), f.namespace(), f.claimName(),
                f.path(), f.usedBytes(), f.limitBytes(), fitted(f.message()), observedAt, runId, f.details());
    }

    /** The contract caps text at 4096 characters; a sentence naming a very deep path must still go out. */
    private static String fitted(String message) {
        return message.length() <= MAX_TEXT ? message : message.substring(0, MAX_TEXT - 1) + "…";
    }
}
