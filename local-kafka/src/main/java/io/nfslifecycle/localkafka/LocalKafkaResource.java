package io.nfslifecycle.localkafka;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Quarkus test resource: one real broker per test JVM, shared by every test class in it (started on first use,
 * stopped when the JVM ends), and {@code kafka.bootstrap.servers} pointed at it.
 *
 * <pre>@QuarkusTestResource(LocalKafkaResource.class)</pre>
 */
public class LocalKafkaResource implements QuarkusTestResourceLifecycleManager {
    private static LocalKafka broker;

    /** The shared broker, started if it is not running yet. */
    public static synchronized LocalKafka broker() {
        if (broker == null || !broker.isAlive()) {
            broker = LocalKafka.start(LocalKafka.Settings.defaults());
            LocalKafka started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "local-kafka-stop"));
        }
        return broker;
    }

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM; the shutdown hook stops it
    }
}
