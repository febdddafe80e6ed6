package io.nfslifecycle.events;

/** The claim directory exists; the watcher makes the PV from this record. */
public record ExportReady(ExportRecord export) implements ExportEvent {

    public ExportReady {
        Fields.present("export", export);
        if (export.phase() != ExportPhase.READY) {
            throw new InvalidEventException("export.phase", "must be READY for " + EventTypes.EXPORT_READY
                    + " (was " + export.phase() + ")");
        }
    }

    @Override
    public String type() {
        return EventTypes.EXPORT_READY;
    }
}
