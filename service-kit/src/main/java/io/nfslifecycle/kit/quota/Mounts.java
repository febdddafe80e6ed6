package io.nfslifecycle.kit.quota;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The mount table of this process ({@code /proc/self/mountinfo}), and which mount holds a path. */
public final class Mounts {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private Mounts() {
    }

    /** The filesystem that holds {@code path} (resolved, links followed): the last mount on its longest prefix. */
    public static Mount holding(Path path) throws IOException {
        Path real = path.toRealPath();
        return holding(real.toString(), parse(Files.readString(MOUNTINFO)))
                .orElseThrow(() -> new IOException("no mount in " + MOUNTINFO + " holds " + real));
    }

    static Optional<Mount> holding(String realPath, List<Mount> mounts) {
        Mount best = null;
        for (Mount mount : mounts) {
            if (contains(mount.point(), realPath) && (best == null || mount.point().length() >= best.point().length())) {
                best = mount;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean contains(String point, String path) {
        return point.equals("/") || path.equals(point) || path.startsWith(point + "/");
    }

    /** The mounts of a {@code mountinfo} text, in its order (a later mount on the same point hides an earlier one). */
    static List<Mount> parse(String mountinfo) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] fields = line.trim().split(" ");
            int separator = Arrays.asList(fields).indexOf("-");
            if (fields.length < 6 || separator < 6 || separator + 3 > fields.length) {
                continue;
            }
            Set<String> options = new HashSet<>(Arrays.asList(fields[5].split(",")));
            if (separator + 3 < fields.length) {
                options.addAll(Arrays.asList(fields[separator + 3].split(",")));
            }
            mounts.add(new Mount(unescape(fields[4]), fields[separator + 1], unescape(fields[separator + 2]), options));
        }
        return mounts;
    }

    /** mountinfo writes space, tab, newline and backslash as {@code \040}, {@code \011}, {@code \012}, {@code \134}. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String field, int from) {
        if (from + 3 > field.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (field.charAt(i) < '0' || field.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
