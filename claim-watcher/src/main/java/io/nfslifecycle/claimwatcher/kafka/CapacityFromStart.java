package io.nfslifecycle.claimwatcher.kafka;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Produces;

import io.nfslifecycle.events.Topics;
import io.nfslifecycle.kit.kafka.FromStart;
import io.nfslifecycle.kit.kafka.KafkaClients;
import io.smallrye.common.annotation.Identifier;

/** {@code nfs-lifecycle.capacity} read from the start: until then no server is judged silent. */
@ApplicationScoped
@Default
@Identifier("capacity-from-start")
public class CapacityFromStart extends FromStart {
    @Override
    protected String channel() {
        return "capacity";
    }

    /** The channel's {@code kafka-configuration}: its partitions assigned, no consumer group, when Kafka answers. */
    @Produces
    @Dependent
    @Identifier("capacity-settings")
    Map<String, Object> channelSettings(KafkaClients clients) {
        return assignedFromStart(clients, Topics.CAPACITY, PARTITIONS_WAIT);
    }
}
