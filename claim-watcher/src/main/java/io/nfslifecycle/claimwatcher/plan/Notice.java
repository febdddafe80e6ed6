package io.nfslifecycle.claimwatcher.plan;

/**
 * A Kubernetes Event for the owner of a claim or volume, so {@code kubectl describe} says what happens.
 *
 * @param kind      PersistentVolumeClaim or PersistentVolume
 * @param namespace the claim's namespace; empty for a volume (cluster-scoped)
 * @param type      Normal or Warning
 * @param reason    a CamelCase word: Provisioning, ProvisioningSucceeded, ProvisioningFailed, ...
 */
public record Notice(String kind, String namespace, String name, String uid, String type, String reason, String message) {
    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    public static final String CLAIM = "PersistentVolumeClaim";
    public static final String VOLUME = "PersistentVolume";

    public static Notice onClaim(String namespace, String name, String uid, String type, String reason, String message) {
        return new Notice(CLAIM, namespace, name, uid, type, reason, message);
    }

    public static Notice onVolume(String name, String uid, String type, String reason, String message) {
        return new Notice(VOLUME, "", name, uid, type, reason, message);
    }
}
