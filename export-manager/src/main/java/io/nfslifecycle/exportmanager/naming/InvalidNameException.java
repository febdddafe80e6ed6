package io.nfslifecycle.exportmanager.naming;

/** The directory name a claim or its pathPattern gives is not acceptable; the message says why and what to change. */
public class InvalidNameException extends Exception {
    public InvalidNameException(String message) {
        super(message);
    }
}
