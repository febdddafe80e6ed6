package io.nfslifecycle.exportmanager.lifecycle;

import java.util.List;
import java.util.Optional;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.exportmanager.naming.DirectoryName;
import io.nfslifecycle.exportmanager.naming.PathPattern;
import io.nfslifecycle.exportmanager.store.StoredExport;

/** Whether a create may take a directory that exists already as the claim's. */
final class AdoptionCheck {
    private AdoptionCheck() {
    }

    /**
     * An existing directory is taken only on purpose: when the claim's class adopts existing directories, when no
     * record stands for it (a live, retained, archived, failed or releasing claim, or an archive), and, when the
     * pattern begins with the namespace, when the name is inside the claim's own namespace prefix.
     */
    static Optional<Handled> refusal(Parts parts, CloneCopy.Refusal refusal, ClaimRequested claim,
            StoredExport intent, DirectoryName name) {
        List<StoredExport> owners = parts.store().ownersOf(name.toString(), claim.claimUid());
        if (!owners.isEmpty()) {
            return Optional.of(refusal.refuse(intent, ExportFailed.PATH_CONFLICT,
                    Texts.directoryHeld(name, owners.get(0)), false));
        }
        if (claim.migrates()) {
            return Optional.empty(); // the cluster's PV, bound to this claim, names exactly this directory
        }
        if (!claim.adoptExisting()) {
            return Optional.of(refusal.refuse(intent, ExportFailed.ALREADY_EXISTS,
                    Texts.notAdopting(parts.root().resolve(name), claim.storageClassName()), false));
        }
        if (!PathPattern.namesOnlyItsNamespace(claim.pathPattern())) {
            return Optional.of(refusal.refuse(intent, ExportFailed.PATH_CONFLICT,
                    Texts.adoptionAmbiguous(name, claim.pathPattern()), false));
        }
        String prefix = PathPattern.namespacePrefix(claim.pathPattern(), claim.namespace());
        if (!name.toString().startsWith(prefix)) {
            return Optional.of(refusal.refuse(intent, ExportFailed.PATH_CONFLICT,
                    Texts.outsideNamespace(name, claim.namespace(), prefix), false));
        }
        return Optional.empty();
    }
}
