package io.nfslifecycle.quotaauditor.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.nfslifecycle.events.AuditFinding;
import io.nfslifecycle.events.EventCodec;
import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.FindingKind;
import io.nfslifecycle.events.InvalidEventException;
import io.nfslifecycle.events.Topics;
import io.nfslifecycle.quotaauditor.findings.Finding;

/**
 * What this server's auditor announced before it (re)started: {@code nfs-lifecycle.audit} read from the start,
 * the latest status per finding. With it, a restart does not publish every open finding again.
 */
@Singleton
public class AnnouncedFindings {
    private static final Logger LOG = Logger.getLogger(AnnouncedFindings.class);
    /** The archive count is part of an ARCHIVE_BACKLOG's identity of shape; the event carries it in its sentence. */
    private static final Pattern ARCHIVES = Pattern.compile("^(\\d+) archived director");

    /** @return the findings open as last announced, or empty when the topic could not be read in time */
    public Optional<Map<Finding.Id, Finding>> read(String serverId, Duration wait) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        long deadline = System.nanoTime() + wait.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUDIT, Duration.ofSeconds(5)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(5));
            Map<Finding.Id, Finding> open = new HashMap<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    LOG.warnf("could not read %s to its end within %s; open findings will be announced again",
                            Topics.AUDIT, wait);
                    return Optional.empty();
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    fold(r, serverId, open);
                }
            }
            return Optional.of(open);
        } catch (RuntimeException e) {
            LOG.warnf("cannot read %s (%s); open findings will be announced again", Topics.AUDIT, e.getMessage());
            return Optional.empty();
        }
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
        String shape = "";
        Matcher archives = ARCHIVES.matcher(f.message());
        if (f.kind() == FindingKind.ARCHIVE_BACKLOG && archives.find()) {
            shape = "archives=" + archives.group(1);
        }
        Finding finding = new Finding(f.kind(), f.claimUid(), f.namespace(), f.claimName(), f.path(), f.usedBytes(),
                f.limitBytes(), shape, f.message());
        if (f.status() == AuditFinding.Status.OPEN) {
            open.put(finding.id(), finding);
        } else {
            open.remove(finding.id());
        }
    }
}
