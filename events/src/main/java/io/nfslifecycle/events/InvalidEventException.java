package io.nfslifecycle.events;

/**
 * An event that does not meet the contract: a missing required field, an unknown type, a value out of range.
 * The message names the field, so it can go as is into a dead-letter header.
 */
public class InvalidEventException extends RuntimeException {
    private final String field;

    public InvalidEventException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
    }

    public InvalidEventException(String field, String problem, Throwable cause) {
        super(field + " " + problem, cause);
        this.field = field;
    }

    /** The offending field, header or {@code value} for the payload as a whole. */
    public String field() {
        return field;
    }
}
