package io.nfslifecycle.claimwatcher.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import io.nfslifecycle.kit.kafka.FromStart;
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
}
