package io.nfslifecycle.events;

/** A resize was admitted; {@code export.requestedBytes} is the new size. */
public record ExportResized(ExportRecord export) implements ExportEvent {

    public ExportResized {
        Fields.present("export", export);
    }

    @Override
    public String type() {
        return EventTypes.EXPORT_RESIZED;
    }
}
