package io.nfslifecycle.exportmanager.naming;

import java.util.List;

/**
 * A claim directory relative to the export root: one or more checked segments (no empty one, no {@code .} or
 * {@code ..}, no {@code /} or NUL inside, at most 255 bytes each).
 */
public record DirectoryName(List<String> segments) {

    public DirectoryName {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a directory name has at least one segment");
        }
        for (String segment : segments) {
            Segments.check(segment).ifPresent(problem -> {
                throw new IllegalArgumentException("segment '" + segment + "' " + problem);
            });
        }
    }

    /** Parses a name this class printed, e.g. from a stored record. */
    public static DirectoryName parse(String relative) {
        return new DirectoryName(List.of(relative.split("/", -1)));
    }

    /** The last segment: the directory itself. */
    public String leaf() {
        return segments.get(segments.size() - 1);
    }

    /** The same parent with another last segment. */
    public DirectoryName withLeaf(String leaf) {
        List<String> copy = new java.util.ArrayList<>(segments.subList(0, segments.size() - 1));
        copy.add(leaf);
        return new DirectoryName(copy);
    }

    /** The segments without the last one (empty for a directory directly under the root). */
    public List<String> parents() {
        return segments.subList(0, segments.size() - 1);
    }

    @Override
    public String toString() {
        return segments.size() == 1 ? segments.get(0) : String.join("/", segments);
    }
}
