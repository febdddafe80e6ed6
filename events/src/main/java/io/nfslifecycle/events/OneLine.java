package io.nfslifecycle.events;

/**
 * Text that goes into a log line, a header or a Kubernetes Event as one line an operator can read: control
 * characters (NUL, newlines, escape sequences) are written as {@code \n}, {@code \0} or {@code \u001b}, and a text
 * longer than the limit is cut with an ellipsis. A hostile value can neither break a log line nor paint a
 * terminal.
 */
public final class OneLine {
    /** Long enough for a reason with its numbers, short enough to read. */
    public static final int DEFAULT_MAX = 400;

    private OneLine() {
    }

    public static String of(String text) {
        return of(text, DEFAULT_MAX);
    }

    public static String of(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append("\\0");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (out.length() >= max && text.length() > 0) {
            out.setLength(Math.min(out.length(), max - 1));
            out.append('…');
        }
        return out.toString();
    }
}
