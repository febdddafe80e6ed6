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

/**
 * Makes the watcher read {@code nfs-lifecycle.exports} from the start on every assignment (the compacted topic is
 * the current state of every export), and tells when it has read up to where the topic ended at that moment.
 * Until then the watcher does not act: it would ask again for claims that were long answered.
 */
@ApplicationScoped
@Default
@Identifier("exports-from-start")
public class ExportsFromStart extends FromStart {
    @Override
    protected String channel() {
        return "exports";
    }

    /** The channel's {@code kafka-configuration}: its partitions assigned, no consumer group, when Kafka answers. */
    @Produces
    @Dependent
    @Identifier("exports-settings")
    Map<String, Object> channelSettings(KafkaClients clients) {
        return assignedFromStart(clients, Topics.EXPORTS, PARTITIONS_WAIT);
    }
}
