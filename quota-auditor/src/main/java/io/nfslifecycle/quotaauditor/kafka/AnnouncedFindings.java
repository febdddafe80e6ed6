package io.nfslifecycle.quotaauditor.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.nfslifecycle.events.AuditFinding;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.kit.kafka.KafkaClients;
import io.nfslifecycle.kit.kafka.TopicSnapshot;
import io.nfslifecycle.quotaauditor.findings.Finding;

/**
 * What this server's auditor announced before it (re)started: {@code nfs-lifecycle.audit} read from the start,
 * the latest status per finding. With it, a restart does not publish every open finding again.
 */
@Singleton
public class AnnouncedFindings {
    private static final Logger LOG = Logger.getLogger(AnnouncedFindings.class);

    @Inject
    KafkaClients clients;

    /** @return the findings open as last announced, or empty when the topic could not be read in time */
    public Optional<Map<Finding.Id, Finding>> read(String serverId, Duration wait) {
        Map<Finding.Id, Finding> open = new HashMap<>();
        if (TopicSnapshot.read(clients, Topics.AUDIT, wait, r -> fold(r, serverId, open))) {
            return Optional.of(open);
        }
        if (Thread.currentThread().isInterrupted()) { // the service is stopping: no fault of the topic
            LOG.debugf("stopped before %s was read to its end", Topics.AUDIT);
        } else {
            LOG.warnf("could not read %s to its end within %s; open findings will be announced again", Topics.AUDIT,
                    wait);
        }
        return Optional.empty();
    }

    private static void fold(ConsumerRecord<String, byte[]> r, String serverId, Map<Finding.Id, Finding> open) {
        if (!EventTypes.AUDIT_FINDING.equals(EventCodec.headers(r.headers()).get(EventCodec.CE_TYPE))) {
            return;
        }
        AuditFinding f;
        try {
            f = (AuditFinding) EventCodec.decode(r);
        } catch (InvalidEventException e) {
            return; // not ours to judge: whoever wrote it broke the contract
        }
        if (!serverId.equals(f.serverId())) {
            return;
        }
        // the identity and shape of a finding are data in the event, never read back from its sentence
        Finding finding = new Finding(f.kind(), f.claimUid(), f.namespace(), f.claimName(), f.path(), f.usedBytes(),
                f.limitBytes(), Finding.shapeOf(f.details()), f.message());
        if (f.status() == AuditFinding.Status.OPEN) {
            open.put(finding.id(), finding);
        } else {
            open.remove(finding.id());
        }
    }
}
