package io.nfslifecycle.events;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long an archive is kept before it is purged: the StorageClass parameter {@code archiveRetention} and the
 * export manager's default. A whole number and a unit ({@code 30s}, {@code 90m}, {@code 36h}, {@code 7d},
 * {@code 2w}); {@code 0} or empty keeps an archive forever.
 */
public final class Retention {
    /** Kept forever. */
    public static final Duration FOREVER = Duration.ZERO;
    private static final Pattern FORM = Pattern.compile("(\\d{1,6})([smhdw])");

    private Retention() {
    }

    /** The retention the text names; {@link #FOREVER} for {@code 0} or empty. */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty() || trimmed.equals("0")) {
            return FOREVER;
        }
        Matcher m = FORM.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + OneLine.of(text) + "' is no retention: write a whole number and "
                    + "a unit (30s, 90m, 36h, 7d, 2w), or 0 to keep archives forever");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** Whether the text is a retention {@link #parse} takes. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
