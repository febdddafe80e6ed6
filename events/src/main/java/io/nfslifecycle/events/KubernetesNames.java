package io.nfslifecycle.events;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What Kubernetes itself allows for the names a claim event carries: a rule both sides keep. The claim watcher never
 * publishes a claim whose names break it, and the export manager refuses such an event (a hostile or buggy producer).
 */
public final class KubernetesNames {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** A UID as the API server makes them, and a file name on every filesystem. */
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private KubernetesNames() {
    }

    /** Why a namespace is not one, or empty. */
    public static Optional<String> namespace(String value) {
        return DNS_LABEL.matcher(value).matches() ? Optional.empty()
                : Optional.of("must be a DNS label (lower-case letters, digits, '-', at most 63), was '" + value + "'");
    }

    /** Why an object name (claim, volume) is not one, or empty. */
    public static Optional<String> objectName(String value) {
        return value.length() <= 253 && DNS_SUBDOMAIN.matcher(value).matches() ? Optional.empty()
                : Optional.of("must be a DNS subdomain (lower-case letters, digits, '-', '.', at most 253), was '"
                        + value + "'");
    }

    /** Why a claim uid is not one, or empty. */
    public static Optional<String> uid(String value) {
        return UID.matcher(value).matches() ? Optional.empty()
                : Optional.of("must be a Kubernetes UID (letters, digits, '-', '_', '.'), was '" + value + "'");
    }
}
