package io.nfslifecycle.exportmanager.lifecycle;

import java.util.List;
import java.util.Optional;

import io.nfslifecycle.exportmanager.naming.DirectoryName;
import io.nfslifecycle.exportmanager.naming.InvalidNameException;
import io.nfslifecycle.exportmanager.naming.PathPattern;
import io.nfslifecycle.exportmanager.recovery.DirectoryState;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * What the create of a migrated volume would answer, asked without changing anything (the dry run of a migration):
 * the same checks in the same order, in the same words.
 */
final class MigrationCheck {
    private MigrationCheck() {
    }

    /** Why the directory would not be adopted for the claim, or empty when it would be. */
    static Optional<String> refusal(Parts parts, String directory, String claimUid, String volumeName) {
        DirectoryName name;
        try {
            name = PathPattern.adopted(directory);
        } catch (InvalidNameException e) {
            return Optional.of(e.getMessage());
        }
        Optional<StoredExport> owner = parts.store().liveOwnerOf(name.toString(), claimUid);
        if (owner.isPresent()) {
            return Optional.of(Texts.directoryOwned(name, owner.get()));
        }
        Optional<StoredExport> nested = parts.store().nestedWith(name.toString(), claimUid);
        if (nested.isPresent()) {
            return Optional.of(Texts.nested(name, nested.get()));
        }
        DirectoryState state = parts.root().inspect(name);
        if (state == DirectoryState.ABSENT) {
            return Optional.of(Texts.migratedMissing(parts.root().resolve(name), volumeName));
        }
        if (state != DirectoryState.DIRECTORY) {
            return Optional.of(Texts.conflict(parts.root().resolve(name), state));
        }
        List<StoredExport> owners = parts.store().ownersOf(name.toString(), claimUid);
        return owners.isEmpty() ? Optional.empty() : Optional.of(Texts.directoryHeld(name, owners.get(0)));
    }
}
