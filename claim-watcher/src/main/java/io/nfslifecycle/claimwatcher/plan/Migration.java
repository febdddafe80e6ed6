package io.nfslifecycle.claimwatcher.plan;

import java.util.Set;

import io.nfslifecycle.events.OnDelete;

/**
 * Taking over the volumes another provisioner made (nfs-subdir-external-provisioner's), in place.
 *
 * @param enabled      whether adoption is asked for; when off, the candidates are only listed (the dry run)
 * @param provisioners the {@code pv.kubernetes.io/provisioned-by} names whose volumes are candidates
 * @param nfsServer    the {@code spec.nfs.server} those volumes name (host or address, as written in the PV)
 * @param root         the exported directory under which their {@code spec.nfs.path} lies
 * @param serverId     our server (its export manager) that holds that root
 * @param onDelete     what a release does with an adopted directory: archive unless configured otherwise
 */
public record Migration(boolean enabled, Set<String> provisioners, String nfsServer, String root, String serverId,
        OnDelete onDelete) {

    public Migration {
        provisioners = Set.copyOf(provisioners);
        root = root.length() > 1 && root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    /** No volume of another provisioner is looked at. */
    public static Migration none() {
        return new Migration(false, Set.of(), "", "/", "", OnDelete.ARCHIVE);
    }

    /** Whether volumes with this provisioned-by name are candidates at all. */
    boolean concerns(String provisionedBy) {
        return provisionedBy != null && provisioners.contains(provisionedBy);
    }
}
