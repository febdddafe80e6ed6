package io.nfslifecycle.claimwatcher.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.nfslifecycle.events.OnDelete;

/**
 * One of our StorageClasses as the watcher reads it: what travels with each claim (server, pathPattern, onDelete)
 * and into each PV (mountOptions, reclaimPolicy).
 *
 * @param problem why claims of this class cannot be served, for the PVC's owner; empty when the class is usable
 */
public record ProvisionerClass(
        String name,
        String serverId,
        String pathPattern,
        OnDelete onDelete,
        List<String> mountOptions,
        String reclaimPolicy,
        String problem) {

    public static final String SERVER = "server";
    public static final String PATH_PATTERN = "pathPattern";
    public static final String ON_DELETE = "onDelete";
    public static final String DELETE = "Delete";
    public static final String RETAIN = "Retain";

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
        String problem = "";
        if (server.isEmpty()) {
            problem = "StorageClass " + name + " has no parameter 'server'; ask the cluster admin to name the NFS server"
                    + " in it (for example server: nfs-1)";
        } else if (onDelete.isEmpty()) {
            problem = "StorageClass " + name + " has onDelete '" + onDeleteText + "'; ask the cluster admin to set"
                    + " archive, delete or retain";
        }
        return Optional.of(new ProvisionerClass(name, server,
                parameters.getOrDefault(PATH_PATTERN, ""),
                onDelete.orElse(OnDelete.ARCHIVE),
                storageClass.getMountOptions() == null ? List.of() : List.copyOf(storageClass.getMountOptions()),
                reclaimPolicy, problem));
    }

    public boolean usable() {
        return problem.isEmpty();
    }
}
