package io.nfslifecycle.events;

/** What the export manager publishes on {@link Topics#EXPORTS}: always the whole export record, keyed by claim uid. */
public sealed interface ExportEvent extends Event permits ExportReady, ExportFailed, ExportResized, ExportReclaimed,
        ExportPurged {

    ExportRecord export();

    @Override
    default String topic() {
        return Topics.EXPORTS;
    }

    @Override
    default String key() {
        return export().claimUid();
    }

    @Override
    default String subject() {
        return export().subject();
    }
}
