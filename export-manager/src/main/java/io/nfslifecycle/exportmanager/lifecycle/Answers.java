package io.nfslifecycle.exportmanager.lifecycle;

import java.util.List;
import java.util.Optional;

import io.nfslifecycle.events.EventTypes;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportFailed.Operation;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.events.KubernetesNames;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.store.ExportStore;
import io.nfslifecycle.exportmanager.store.StoredExport;

/**
 * The answer to a claim event that could not be carried out as an event (it breaks the contract, it names no export,
 * its handling failed), so the claim's owner sees a Warning instead of waiting forever. Only when the record's key
 * and subject name a claim, and it is this server's: an answer goes on the compacted exports topic under that key,
 * so it must never overwrite another server's export of the claim, nor another claim's.
 */
public final class Answers {
    private Answers() {
    }

    /**
     * @param key      the record's key (the claim uid)
     * @param subject  its {@code ce_subject}, {@code namespace/name}
     * @param type     its {@code ce_type}, for the operation
     * @param serverId the server the record names, when it can be read at all
     * @return the answer, or empty when the record does not identify a claim of this server
     */
    public static Optional<ExportFailed> of(ExportStore store, ExportLifecycle.Settings settings, String key,
            String subject, String type, Optional<String> serverId, String code, String message, boolean retryable,
            java.time.Instant now) {
        if (key == null || subject == null || KubernetesNames.uid(key).isPresent()
                || serverId.filter(settings.serverId()::equals).isEmpty()) {
            return Optional.empty();
        }
        int slash = subject.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String namespace = subject.substring(0, slash);
        String name = subject.substring(slash + 1);
        if (KubernetesNames.namespace(namespace).isPresent() || KubernetesNames.objectName(name).isPresent()) {
            return Optional.empty();
        }
        Operation operation = operation(type);
        Optional<StoredExport> stored = store.get(key);
        if (stored.isPresent()) {
            ExportRecord held = stored.get().export();
            if (!held.namespace().equals(namespace) || !held.claimName().equals(name)) {
                return Optional.empty();
            }
            return Optional.of(new ExportFailed(held, operation, code, message, retryable));
        }
        ExportRecord none = new ExportRecord(key, namespace, name, "pvc-" + key, settings.serverId(),
                settings.nfsHost(), "", 0, List.of(), OnDelete.ARCHIVE, ExportPhase.FAILED, message, now, now);
        return Optional.of(new ExportFailed(none, operation, code, message, retryable));
    }

    private static Operation operation(String type) {
        if (EventTypes.CLAIM_RESIZED.equals(type)) {
            return Operation.RESIZE;
        }
        if (EventTypes.CLAIM_RELEASED.equals(type)) {
            return Operation.RELEASE;
        }
        return Operation.CREATE;
    }
}
