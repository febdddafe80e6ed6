package io.nfslifecycle.exportmanager.admission;

/** Whether a request fits; when it does not, a sentence with the numbers. */
public record Verdict(boolean admitted, String reason) {
    public static Verdict admit() {
        return new Verdict(true, "");
    }

    public static Verdict refuse(String reason) {
        return new Verdict(false, reason);
    }
}
