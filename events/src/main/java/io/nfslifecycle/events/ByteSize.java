package io.nfslifecycle.events;

import java.util.Locale;

/** Byte counts as an operator reads them: {@code 9.3 GiB}. */
public final class ByteSize {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSize() {
    }

    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    public static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
