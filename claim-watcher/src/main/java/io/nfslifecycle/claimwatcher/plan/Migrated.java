package io.nfslifecycle.claimwatcher.plan;

/**
 * One volume of another provisioner as the migration sees it: what would happen to it, or what did.
 *
 * @param state     {@code WOULD_ADOPT} (the dry run: adoption is off), {@code ADOPTING} (asked, no answer yet),
 *                  {@code ADOPTED} (READY, now ours), {@code REFUSED} (by the watcher or the export manager, with
 *                  the reason)
 * @param directory the directory relative to the export root; empty when the path is not under it
 */
public record Migrated(String namespace, String claimName, String claimUid, String volumeName, String provisioner,
        String nfsServer, String path, String directory, State state, String reason) {

    public enum State { WOULD_ADOPT, ADOPTING, ADOPTED, REFUSED }
}
