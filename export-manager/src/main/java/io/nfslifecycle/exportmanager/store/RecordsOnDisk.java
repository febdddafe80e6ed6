package io.nfslifecycle.exportmanager.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

/** The records as they are on disk: a journal entry read into a record, and all of them read without changing any. */
final class RecordsOnDisk {
    private static final Logger LOG = Logger.getLogger(RecordsOnDisk.class);

    private RecordsOnDisk() {
    }

    static java.util.Optional<StoredExport> parsed(String uid, byte[] json) {
        try {
            return java.util.Optional.of(RecordFiles.parse(json));
        } catch (IOException | RuntimeException e) {
            LOG.errorf("a journal entry of claim %s cannot be read (%s); the claim's record stays as it was before "
                    + "it. Find the claim's state on the nfs-lifecycle.exports topic", uid, e.getMessage());
            return java.util.Optional.empty();
        }
    }

    /**
     * Reads the records without changing anything (no clean-up, nothing moved aside, nothing cut off), e.g. while
     * the service runs: the snapshot (or the record files of an earlier version), then the journal over it, as of
     * one moment.
     */
    static List<StoredExport> read(Path directory) throws IOException {
        for (int attempt = 0; ; attempt++) {
            List<Path> before = JournalFiles.segments(directory);
            Map<String, StoredExport> records = new LinkedHashMap<>();
            if (Files.exists(Snapshot.file(directory))) {
                Snapshot.read(directory, false).forEach((uid, json) -> parsed(uid, json)
                        .ifPresent(stored -> records.put(uid, stored)));
            } else {
                RecordFiles.readAll(directory).forEach(r -> records.put(r.claimUid(), r));
            }
            for (Path segment : before) {
                JournalFiles.read(segment, false, false, (uid, json) -> {
                    if (json == null) {
                        records.remove(uid);
                    } else {
                        parsed(uid, json).ifPresent(stored -> records.put(uid, stored));
                    }
                });
            }
            // a checkpoint that dropped a segment meanwhile may have written a newer snapshot than the one read
            if (JournalFiles.segments(directory).containsAll(before) || attempt >= 10) {
                return new ArrayList<>(records.values());
            }
        }
    }
}
