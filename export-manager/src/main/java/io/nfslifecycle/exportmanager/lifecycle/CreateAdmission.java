package io.nfslifecycle.exportmanager.lifecycle;

import java.io.IOException;
import java.util.Optional;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPurged;
import io.nfslifecycle.exportmanager.admission.Admission;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;
import io.nfslifecycle.exportmanager.admission.Verdict;
import io.nfslifecycle.exportmanager.admission.VolumeFigures;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * Capacity admission of a new claim, under the decision lock: the volume's figures read once, the claim admitted or
 * refused with the numbers; refused for the free space alone, archives purged to make room where the operator allows
 * it ({@link SpaceFromArchives}), outside every lock, the refusal naming them.
 */
final class CreateAdmission {
    private CreateAdmission() {
    }

    /**
     * @param restoredBytes for a restore, the bytes of the archive it moves in: on the volume already, so they need
     *                      no free space (the rest of the request does), and no archive is purged for it
     */
    static Optional<Handled> admit(Parts parts, SpaceFromArchives archives, CloneCopy.Refusal refusal,
            ClaimRequested claim, StoredExport intent, long restoredBytes) {
        Verdict verdict;
        VolumeFigures volume;
        try {
            VolumeFigures read = parts.volume().figures();
            long free = read.freeBytes() > Long.MAX_VALUE - Math.max(0, restoredBytes) ? Long.MAX_VALUE
                    : read.freeBytes() + Math.max(0, restoredBytes);
            volume = new VolumeFigures(read.totalBytes(), read.usedBytes(), free);
            verdict = Admission.decide(parts.settings().admission(), volume, parts.store().provisionedBytes(), 0,
                    claim.requestedBytes());
        } catch (IOException e) {
            return Optional.of(refusal.refuse(intent, ExportFailed.IO_ERROR, Texts.capacityUnreadable(e), true));
        }
        if (verdict.admitted()) {
            return Optional.empty();
        }
        // refused for the free space alone: archives may make room, when the operator lets them (never for a restore,
        // whose own archive would be among them)
        boolean space = !claim.restores() && Admission.decide(new AdmissionPolicy(parts.settings().admission()
                .overcommitRatio(), false), volume, parts.store().provisionedBytes(), 0, claim.requestedBytes())
                .admitted();
        Optional<SpaceFromArchives.Room> room = space ? archives.forSpace(claim.requestedBytes() - volume.freeBytes())
                : Optional.empty();
        Handled refused = refusal.refuse(intent, ExportFailed.INSUFFICIENT_CAPACITY, verdict.reason()
                + room.map(Texts::purgingForSpace).orElse(""), true);
        return Optional.of(room.map(r -> new Handled(refused.results(), refused.outcome(), refused.changed(),
                Optional.<Handled.Later>of(() -> archives.purgeAll(r.ids(), ExportPurged.PRESSURE)))).orElse(refused));
    }
}
