package io.nfslifecycle.quotaauditor.findings;

import java.time.Instant;
import java.util.List;

/**
 * Everything one audit looked at.
 *
 * @param exports          this server's export records, any phase
 * @param exportedPrefixes the export root as it appears at the start of a record's {@code path}
 * @param directories      what the scan measured
 * @param volume           the filesystem's figures
 * @param at               when the scan started
 */
public record Observation(List<io.nfslifecycle.events.ExportRecord> exports, List<String> exportedPrefixes,
        List<ObservedDirectory> directories, VolumeFigures volume, Instant at) {

    public Observation {
        exports = List.copyOf(exports);
        exportedPrefixes = List.copyOf(exportedPrefixes);
        directories = List.copyOf(directories);
    }
}
