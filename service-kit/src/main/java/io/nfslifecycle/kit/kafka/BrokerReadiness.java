package io.nfslifecycle.kit.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness is down while the Kafka cluster does not answer; the probe runs apart, so this never waits. */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {
    private final BrokerHealth broker;

    @Inject
    public BrokerReadiness(BrokerHealth broker) {
        this.broker = broker;
    }

    @Override
    public HealthCheckResponse call() {
        return broker.state();
    }
}
