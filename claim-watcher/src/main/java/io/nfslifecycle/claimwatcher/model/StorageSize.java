package io.nfslifecycle.claimwatcher.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;

/** Storage sizes as Kubernetes writes them ({@code 5Gi}) and as the contract carries them (bytes). */
public final class StorageSize {
    private static final long KI = 1024;
    private static final long MI = KI * 1024;
    private static final long GI = MI * 1024;
    private static final long TI = GI * 1024;

    private StorageSize() {
    }

    /** The bytes of a quantity, rounded up to a whole byte; empty when it is missing or not a size. */
    public static Optional<Long> bytes(Quantity quantity) {
        if (quantity == null) {
            return Optional.empty();
        }
        try {
            BigDecimal bytes = Quantity.getAmountInBytes(quantity).setScale(0, RoundingMode.CEILING);
            return Optional.of(bytes.longValueExact());
        } catch (ArithmeticException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A whole number of the largest binary unit that divides the bytes: 5Gi, 1536Mi, 1000. */
    public static Quantity quantity(long bytes) {
        if (bytes > 0 && bytes % TI == 0) {
            return new Quantity(bytes / TI + "Ti");
        }
        if (bytes > 0 && bytes % GI == 0) {
            return new Quantity(bytes / GI + "Gi");
        }
        if (bytes > 0 && bytes % MI == 0) {
            return new Quantity(bytes / MI + "Mi");
        }
        if (bytes > 0 && bytes % KI == 0) {
            return new Quantity(bytes / KI + "Ki");
        }
        return new Quantity(Long.toString(bytes));
    }

    /** What the claim asks for: {@code spec.resources.requests.storage}. */
    public static Optional<Long> requested(PersistentVolumeClaim claim) {
        if (claim.getSpec() == null || claim.getSpec().getResources() == null
                || claim.getSpec().getResources().getRequests() == null) {
            return Optional.empty();
        }
        return bytes(claim.getSpec().getResources().getRequests().get("storage"));
    }

    /** Why the claim's request cannot be served, naming the value it has: for a Warning on the claim. */
    public static String problem(PersistentVolumeClaim claim) {
        Quantity asked = claim.getSpec() == null || claim.getSpec().getResources() == null
                || claim.getSpec().getResources().getRequests() == null ? null
                        : claim.getSpec().getResources().getRequests().get("storage");
        if (asked == null) {
            return "the claim requests no storage; set spec.resources.requests.storage (for example 5Gi)";
        }
        String shown = io.nfslifecycle.events.OneLine.of(asked.toString(), 64);
        Optional<Long> bytes = bytes(asked);
        if (bytes.isEmpty()) {
            return "the claim requests storage '" + shown + "', which is not a size; set "
                    + "spec.resources.requests.storage to a quantity such as 5Gi";
        }
        return "the claim requests " + shown + "; set spec.resources.requests.storage to a positive size such as 5Gi";
    }

    /** What the claim shows it has: {@code status.capacity.storage}. */
    public static Optional<Long> claimCapacity(PersistentVolumeClaim claim) {
        if (claim.getStatus() == null || claim.getStatus().getCapacity() == null) {
            return Optional.empty();
        }
        return bytes(claim.getStatus().getCapacity().get("storage"));
    }

    /** What the volume offers: {@code spec.capacity.storage}. */
    public static Optional<Long> capacity(PersistentVolume volume) {
        if (volume.getSpec() == null || volume.getSpec().getCapacity() == null) {
            return Optional.empty();
        }
        return bytes(volume.getSpec().getCapacity().get("storage"));
    }
}
