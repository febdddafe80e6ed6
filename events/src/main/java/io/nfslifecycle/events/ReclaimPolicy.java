package io.nfslifecycle.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The PV's reclaim policy, as Kubernetes spells it: what happens to the storage when the claim goes. Only
 * {@code Delete} ever lets a release reach the directory; with {@code Retain} it outlives the claim and the PV.
 */
public enum ReclaimPolicy {
    DELETE("Delete"),
    RETAIN("Retain");

    private final String kubernetes;

    ReclaimPolicy(String kubernetes) {
        this.kubernetes = kubernetes;
    }

    @JsonValue
    public String kubernetes() {
        return kubernetes;
    }

    /** {@code Delete} or {@code Retain} (any case). */
    @JsonCreator
    public static ReclaimPolicy of(String value) {
        for (ReclaimPolicy policy : values()) {
            if (policy.kubernetes.equalsIgnoreCase(value)) {
                return policy;
            }
        }
        throw new InvalidEventException("reclaimPolicy", "must be Delete or Retain (was " + value + ")");
    }
}
