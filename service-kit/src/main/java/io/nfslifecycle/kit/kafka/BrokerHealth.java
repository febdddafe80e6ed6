package io.nfslifecycle.kit.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nfslifecycle.kit.threads.Daemons;
import io.quarkus.runtime.Startup;

/**
 * Whether the Kafka cluster answers, asked every few seconds by a small admin client (never on a caller's thread).
 * Readiness ({@link BrokerReadiness}) is down while it does not; liveness never depends on it. One log line when it goes away and one when
 * it is back, however long the outage, instead of the clients' warning on every reconnect.
 */
@Startup
@ApplicationScoped
public class BrokerHealth {
    private static final Logger LOG = Logger.getLogger(BrokerHealth.class);

    private final KafkaClients clients;
    private final Duration interval;
    private final List<Runnable> onBack = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(Daemons.named("kafka-broker-probe"));
    private volatile Admin admin;
    private volatile boolean reachable;
    private volatile boolean probed;
    private volatile Instant since = Instant.now();
    private volatile String lastError = "not asked yet";

    @Inject
    public BrokerHealth(KafkaClients clients, MeterRegistry registry, KafkaSettings settings) {
        this.clients = clients;
        this.interval = settings.probeInterval();
        Gauge.builder("nfs.lifecycle.kafka.reachable", this, h -> h.reachable ? 1 : 0)
                .description("1 while the Kafka cluster answers, 0 while it does not").register(registry);
        probe.execute(this::probe);
    }

    /** Runs after every outage, on the probe's thread, once the cluster answers again. */
    public void whenBack(Runnable action) {
        onBack.add(action);
    }

    public boolean reachable() {
        return reachable;
    }

    private void probe() {
        boolean now;
        try {
            if (admin == null) {
                admin = Admin.create(clients.admin(Map.of(
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000,
                        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5000)));
            }
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(4000)).nodes().get(5, TimeUnit.SECONDS);
            now = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            now = false;
            lastError = e.getCause() != null ? e.getCause().toString() : e.toString();
        } finally {
            if (!probe.isShutdown()) {
                probe.schedule(this::probe, interval.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        transition(now);
    }

    private void transition(boolean now) {
        boolean before = reachable;
        boolean first = !probed;
        probed = true;
        if (now == before && !first) {
            return;
        }
        Instant at = Instant.now();
        Duration lasted = Duration.between(since, at);
        since = at;
        reachable = now;
        if (now) {
            if (!first) {
                LOG.infof("Kafka (%s) answers again after %d s; held-back work goes out now", clients.bootstrapServers(),
                        lasted.toSeconds());
            }
            onBack.forEach(action -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.warnf(e, "after Kafka came back: %s", e.getMessage());
                }
            });
        } else {
            LOG.warnf("Kafka (%s) does not answer (%s); work waits until it is back, readiness is down meanwhile. "
                    + "Check the brokers and the kafka.* settings", clients.bootstrapServers(), lastError);
        }
    }

    /** For the readiness check: up, or since when it is down and why. */
    public HealthCheckResponse state() {
        String state = reachable ? "up" : "down since " + since + ": " + lastError;
        return HealthCheckResponse.named("kafka-broker").withData("bootstrap", clients.bootstrapServers())
                .withData("state", state).status(reachable).build();
    }

    @PreDestroy
    void stop() {
        probe.shutdownNow();
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
