package io.nfslifecycle.events;

import java.util.Optional;

/**
 * What Kubernetes itself allows for the names a claim event carries: a rule both sides keep. The claim watcher never
 * publishes a claim whose names break it, and the export manager refuses such an event (a hostile or buggy producer).
 * The rules are the API server's regular expressions, checked by a scan of the characters: every event and every
 * record is checked, so a check makes no object.
 */
public final class KubernetesNames {
    private KubernetesNames() {
    }

    /** Why a namespace is not one, or empty. */
    public static Optional<String> namespace(String value) {
        return isDnsLabel(value) ? Optional.empty()
                : Optional.of("must be a DNS label (lower-case letters, digits, '-', at most 63), was '" + value + "'");
    }

    /** Why an object name (claim, volume) is not one, or empty. */
    public static Optional<String> objectName(String value) {
        return isDnsSubdomain(value) ? Optional.empty()
                : Optional.of("must be a DNS subdomain (lower-case letters, digits, '-', '.', at most 253), was '"
                        + value + "'");
    }

    /** Why a claim uid is not one, or empty. */
    public static Optional<String> uid(String value) {
        return isUid(value) ? Optional.empty()
                : Optional.of("must be a Kubernetes UID (letters, digits, '-', '_', '.'), was '" + value + "'");
    }

    /** {@code [a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?} */
    static boolean isDnsLabel(String value) {
        return value.length() <= 63 && isLabel(value, 0, value.length());
    }

    /** At most 253 characters of {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*}. */
    static boolean isDnsSubdomain(String value) {
        int length = value.length();
        if (length > 253) {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= length; i++) {
            if (i == length || value.charAt(i) == '.') {
                if (!isLabel(value, start, i)) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /** A UID as the API server makes them, and a file name everywhere: {@code [A-Za-z0-9][A-Za-z0-9_.-]{0,127}}. */
    static boolean isUid(String value) {
        int length = value.length();
        if (length == 0 || length > 128 || !isAlphanumeric(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = value.charAt(i);
            if (!isAlphanumeric(c) && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?} from {@code start} to {@code end}. */
    private static boolean isLabel(String value, int start, int end) {
        if (end <= start || !isLowerAlphanumeric(value.charAt(start))
                || !isLowerAlphanumeric(value.charAt(end - 1))) {
            return false;
        }
        for (int i = start + 1; i < end - 1; i++) {
            char c = value.charAt(i);
            if (!isLowerAlphanumeric(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean isAlphanumeric(char c) {
        return isLowerAlphanumeric(c) || (c >= 'A' && c <= 'Z');
    }
}
