package io.nfslifecycle.claimwatcher.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.events.OneLine;
import io.nfslifecycle.events.ReclaimPolicy;
import io.nfslifecycle.events.Retention;

/**
 * One of our StorageClasses as the watcher reads it: what travels with each claim (server, pathPattern, onDelete)
 * and into each PV (mountOptions, reclaimPolicy).
 *
 * @param reclaimPolicy    what its PVs get: Delete (the default) or Retain
 * @param adoptExisting    parameter {@code adoptExisting: "true"}: a claim may take a directory that exists already
 * @param waitForConsumer  volumeBindingMode WaitForFirstConsumer: a claim is provisioned once a pod using it is
 *                         scheduled
 * @param archiveRetention parameter {@code archiveRetention} (7d, 36h; 0 forever): how long the archive of a released
 *                         claim is kept before it is purged; empty for the export manager's default
 * @param problem why claims of this class cannot be served, for the PVC's owner; empty when the class is usable
 */
public record ProvisionerClass(
        String name,
        String serverId,
        String pathPattern,
        OnDelete onDelete,
        List<String> mountOptions,
        String reclaimPolicy,
        boolean adoptExisting,
        boolean waitForConsumer,
        String archiveRetention,
        String problem) {

    public static final String SERVER = "server";
    public static final String PATH_PATTERN = "pathPattern";
    public static final String ON_DELETE = "onDelete";
    public static final String ADOPT_EXISTING = "adoptExisting";
    public static final String ARCHIVE_RETENTION = "archiveRetention";
    /** Every parameter a class of ours may have; any other is a mistake the claim's owner is told about. */
    public static final List<String> PARAMETERS = List.of(SERVER, PATH_PATTERN, ON_DELETE, ADOPT_EXISTING,
            ARCHIVE_RETENTION);
    public static final String DELETE = "Delete";
    public static final String RETAIN = "Retain";
    public static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";

    /** The class as ours, or empty when another provisioner serves it. */
    public static Optional<ProvisionerClass> of(StorageClass storageClass, String provisioner) {
        if (storageClass == null || !provisioner.equals(storageClass.getProvisioner())) {
            return Optional.empty();
        }
        String name = storageClass.getMetadata().getName();
        Map<String, String> parameters = storageClass.getParameters() == null ? Map.of() : storageClass.getParameters();
        String server = parameters.getOrDefault(SERVER, "").trim();
        String onDeleteText = parameters.get(ON_DELETE);
        Optional<OnDelete> onDelete = onDeleteText == null ? Optional.of(OnDelete.ARCHIVE) : OnDelete.parse(onDeleteText);
        String reclaimPolicy = storageClass.getReclaimPolicy() == null ? DELETE : storageClass.getReclaimPolicy();
        String adoptText = parameters.getOrDefault(ADOPT_EXISTING, "false").trim();
        String retention = parameters.getOrDefault(ARCHIVE_RETENTION, "").trim();
        List<String> unknown = parameters.keySet().stream().filter(k -> !PARAMETERS.contains(k)).sorted().toList();
        String problem = "";
        if (!unknown.isEmpty()) {
            problem = "StorageClass " + name + " has parameter(s) " + String.join(", ", unknown) + " that "
                    + provisioner + " does not know; the known ones are " + String.join(", ", PARAMETERS)
                    + ": ask the cluster admin to fix the class";
        } else if (!DELETE.equals(reclaimPolicy) && !RETAIN.equals(reclaimPolicy)) {
            problem = "StorageClass " + name + " has reclaimPolicy " + reclaimPolicy + "; ask the cluster admin to set "
                    + "Delete or Retain";
        } else if (!adoptText.equals("true") && !adoptText.equals("false")) {
            problem = "StorageClass " + name + " has adoptExisting '" + adoptText + "'; ask the cluster admin to set "
                    + "\"true\" or \"false\"";
        } else if (server.isEmpty()) {
            problem = "StorageClass " + name + " has no parameter 'server'; ask the cluster admin to name the NFS server"
                    + " in it (for example server: nfs-1)";
        } else if (onDelete.isEmpty()) {
            problem = "StorageClass " + name + " has onDelete '" + onDeleteText + "'; ask the cluster admin to set"
                    + " archive, delete or retain";
        } else if (!Retention.isValid(retention)) {
            problem = "StorageClass " + name + " has archiveRetention '" + OneLine.of(retention) + "'; ask the cluster "
                    + "admin to set a whole number and a unit (30s, 90m, 36h, 7d, 2w), or 0 to keep archives forever";
        }
        return Optional.of(new ProvisionerClass(name, server,
                parameters.getOrDefault(PATH_PATTERN, ""),
                onDelete.orElse(OnDelete.ARCHIVE),
                storageClass.getMountOptions() == null ? List.of() : List.copyOf(storageClass.getMountOptions()),
                reclaimPolicy, adoptText.equals("true"),
                WAIT_FOR_FIRST_CONSUMER.equals(storageClass.getVolumeBindingMode()),
                Retention.isValid(retention) ? retention : "", problem));
    }

    /** The class's reclaim policy as the contract carries it. */
    public ReclaimPolicy reclaim() {
        return RETAIN.equals(reclaimPolicy) ? ReclaimPolicy.RETAIN : ReclaimPolicy.DELETE;
    }

    public boolean usable() {
        return problem.isEmpty();
    }
}
