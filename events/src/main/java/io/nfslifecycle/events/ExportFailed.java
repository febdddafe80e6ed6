package io.nfslifecycle.events;

/**
 * A claim, resize or release could not be carried out.
 *
 * @param export    the record after the failure (phase {@code FAILED} for a refused create; unchanged for a
 *                  refused resize or release)
 * @param operation what was attempted
 * @param code      a stable machine-readable reason, e.g. {@link #INSUFFICIENT_CAPACITY}
 * @param message   a sentence for the PVC's owner, with the numbers
 * @param retryable whether the same request may succeed later without a change to the claim
 * @param requestedBytes the size the refused request asked for (a create or a resize); 0 for a release
 */
public record ExportFailed(ExportRecord export, Operation operation, String code, String message, boolean retryable,
        @Default("0") long requestedBytes) implements ExportEvent {

    /** The volume (times the overcommit ratio), or its free space, cannot hold the request. */
    public static final String INSUFFICIENT_CAPACITY = "INSUFFICIENT_CAPACITY";
    /** The directory name from the claim or the pathPattern is not acceptable. */
    public static final String INVALID_NAME = "INVALID_NAME";
    /** The filesystem ran out of space while creating the directory. */
    public static final String NO_SPACE = "NO_SPACE";
    /** The filesystem failed (EIO, permissions, ...). */
    public static final String IO_ERROR = "IO_ERROR";
    /** The event's claim uid does not match the export that owns the directory. */
    public static final String UID_MISMATCH = "UID_MISMATCH";
    /** The path is already used by another export or something the manager did not make. */
    public static final String PATH_CONFLICT = "PATH_CONFLICT";
    /** A READY export's directory is gone; it is not re-created (data may be lost), an operator must look. */
    public static final String DIRECTORY_MISSING = "DIRECTORY_MISSING";
    /** A resize of an export that is not READY. */
    public static final String NOT_READY = "NOT_READY";
    /** A claim event that breaks the contract, answered so the claim's owner sees it; the message names the field. */
    public static final String INVALID_EVENT = "INVALID_EVENT";
    /** A resize or release of a claim this server holds no export of; nothing was touched. */
    public static final String NO_EXPORT = "NO_EXPORT";
    /** Handling the event failed in a way nobody foresaw; the event went to the dead-letter topic. */
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    /** The event's uid names a record of another claim (namespace, name or volume differ): nothing was touched. */
    public static final String IDENTITY_MISMATCH = "IDENTITY_MISMATCH";
    /** The directory exists already and the StorageClass does not adopt existing directories. */
    public static final String ALREADY_EXISTS = "ALREADY_EXISTS";
    /**
     * A clone whose source claim cannot be copied: no READY export of it on this server, another claim under that
     * uid, larger than the request, or deleted during the copy; the message says which.
     */
    public static final String CLONE_SOURCE = "CLONE_SOURCE";
    /**
     * A restore whose archive cannot be moved into the claim: no such archive on this server, of another namespace,
     * purged, restored already, or larger than the request; the message says which.
     */
    public static final String RESTORE_SOURCE = "RESTORE_SOURCE";
    /** A refusal recorded before its code was kept; the message says why. */
    public static final String REFUSED = "REFUSED";

    /** What the failed request asked for. */
    public enum Operation { CREATE, RESIZE, RELEASE }

    public ExportFailed {
        Fields.present("export", export);
        Fields.present("operation", operation);
        Fields.name("code", code, 64);
        Fields.text("message", message);
        Fields.bytes("requestedBytes", requestedBytes);
    }

    /** A refusal whose request asked for the size in the record (or for no size). */
    public ExportFailed(ExportRecord export, Operation operation, String code, String message, boolean retryable) {
        this(export, operation, code, message, retryable, operation == Operation.RELEASE ? 0 : export.requestedBytes());
    }

    @Override
    public String type() {
        return EventTypes.EXPORT_FAILED;
    }
}
