package io.nfslifecycle.quotaauditor.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import io.nfslifecycle.kit.kafka.FromStart;
import io.smallrye.common.annotation.Identifier;

/**
 * The export view reads {@code nfs-lifecycle.exports} from the start on every assignment, and knows when it has read
 * up to where the topic ended then. Before that, a claim directory would look unowned: the first audit waits for it.
 */
@ApplicationScoped
@Default
@Identifier("exports-from-start")
public class ExportsFromStart extends FromStart {
    @Override
    protected String channel() {
        return "exports";
    }
}
