package io.nfslifecycle.events;

/**
 * An event that does not meet the contract: a missing required field, an unknown type, a value out of range.
 * The message names the field, so it can go as is into a dead-letter header: one line, control characters
 * escaped, at most {@value OneLine#DEFAULT_MAX} characters.
 */
public class InvalidEventException extends RuntimeException {
    private final String field;
    private final String problem;

    public InvalidEventException(String field, String problem) {
        super(OneLine.of(field + " " + problem));
        this.field = OneLine.of(field, 200);
        this.problem = problem;
    }

    public InvalidEventException(String field, String problem, Throwable cause) {
        super(OneLine.of(field + " " + problem), cause);
        this.field = OneLine.of(field, 200);
        this.problem = problem;
    }

    /** The offending field, header or {@code value} for the payload as a whole. */
    public String field() {
        return field;
    }

    /** What is wrong with the field, without its name (not yet made one line). */
    public String problem() {
        return problem;
    }
}
