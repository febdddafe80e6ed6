package io.nfslifecycle.events;

/**
 * A released claim's directory was archived, deleted or retained (the record's phase says which); the watcher
 * deletes the PV.
 *
 * @param finalPath where the data is now: the archive's path, the retained path, or empty when deleted
 */
public record ExportReclaimed(ExportRecord export, String finalPath) implements ExportEvent {

    public ExportReclaimed {
        Fields.present("export", export);
        Fields.present("finalPath", finalPath);
        if (!export.phase().isReclaimed()) {
            throw new InvalidEventException("export.phase", "must be ARCHIVED, DELETED or RETAINED for "
                    + EventTypes.EXPORT_RECLAIMED + " (was " + export.phase() + ")");
        }
    }

    @Override
    public String type() {
        return EventTypes.EXPORT_RECLAIMED;
    }
}
