package io.nfslifecycle.kit.kafka;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How every service talks to Kafka beyond the {@code kafka.*} client settings, under {@code nfs-lifecycle.kafka.};
 * environment: {@code NFS_LIFECYCLE_KAFKA_...}.
 */
@ConfigMapping(prefix = "nfs-lifecycle.kafka")
public interface KafkaSettings {

    /** How long a record waits for the broker before it fails; the default outlasts any outage. */
    @WithDefault("P24D")
    Duration deliveryTimeout();

    /** How long the publisher lets records gather into one request; 0 sends at once. */
    @WithDefault("0ms")
    Duration linger();

    /** How often the broker probe asks whether Kafka answers (readiness). */
    @WithDefault("5s")
    Duration probeInterval();

    /** The most a dead-letter copy may weigh; under the producer's max.request.size (1 MiB by default). */
    @WithDefault("1000000")
    int deadLetterMaxBytes();

    /** How long a refused record waits for its dead-letter copy to be acknowledged before it is let go anyway. */
    @WithDefault("5s")
    Duration deadLetterAckWait();

    /** Refusals logged one line each per minute; the rest of the minute's are summed up in one line. */
    @WithDefault("10")
    int refusalsLoggedPerMinute();
}
