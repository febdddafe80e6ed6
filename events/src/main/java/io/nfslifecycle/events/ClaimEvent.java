package io.nfslifecycle.events;

/** What the claim watcher publishes on {@link Topics#CLAIMS}; keyed by the claim uid. */
public sealed interface ClaimEvent extends Event permits ClaimRequested, ClaimResized, ClaimReleased {

    String claimUid();

    String namespace();

    String claimName();

    /** The server (StorageClass parameter {@code server}) whose export manager must act. */
    String serverId();

    @Override
    default String topic() {
        return Topics.CLAIMS;
    }

    @Override
    default String key() {
        return claimUid();
    }

    @Override
    default String subject() {
        return namespace() + "/" + claimName();
    }
}
