package io.nfslifecycle.exportmanager.kafka;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Which partitions of {@code nfs-lifecycle.claims} this instance holds. Ready only while it holds some: a process
 * that is up but not yet (or no longer) in the group serves no claim, and says so.
 */
@Readiness
@ApplicationScoped
@Identifier("claims-assignment")
public class ClaimsAssignment implements KafkaConsumerRebalanceListener, HealthCheck {
    private static final Logger LOG = Logger.getLogger(ClaimsAssignment.class);

    private final Set<TopicPartition> held = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        held.addAll(partitions);
        LOG.infof("serving claims of partitions %s", held);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        held.removeAll(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        held.removeAll(partitions);
    }

    public boolean serving() {
        return !held.isEmpty();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("claims").withData("partitions", held.toString())
                .withData("state", held.isEmpty() ? "no partition of nfs-lifecycle.claims assigned yet: not serving"
                        + " claims (Kafka away, or the group is rebalancing)" : "serving")
                .status(!held.isEmpty()).build();
    }
}
