package io.nfslifecycle.events;

import java.util.Locale;
import java.util.Optional;

/** What the export manager does with a claim's directory when the claim is released (StorageClass {@code onDelete}). */
public enum OnDelete {
    /** Rename to {@code archived-<name>} beside the original; the default, so nothing is lost. */
    ARCHIVE,
    /** Remove the directory tree. */
    DELETE,
    /** Keep the directory where it is. */
    RETAIN;

    /** Parses a StorageClass parameter ({@code archive}, {@code delete}, {@code retain}, any case). */
    public static Optional<OnDelete> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
