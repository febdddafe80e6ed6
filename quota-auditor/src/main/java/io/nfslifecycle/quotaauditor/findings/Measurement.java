package io.nfslifecycle.quotaauditor.findings;

/**
 * What one directory tree holds, as {@code du} would count it: every entry once (directories, files, symbolic
 * links themselves), hard links once.
 *
 * @param allocatedBytes {@code st_blocks * 512} summed: what {@code du -sB1} prints, sparse files at their real size
 * @param apparentBytes  {@code st_size} summed: what {@code du -sb} prints
 * @param files          entries that are not directories (regular files, symbolic links, sockets, ...)
 * @param directories    directories, the top one included
 */
public record Measurement(long allocatedBytes, long apparentBytes, long files, long directories) {
    public static final Measurement EMPTY = new Measurement(0, 0, 0, 0);

    public Measurement plus(Measurement other) {
        return new Measurement(allocatedBytes + other.allocatedBytes, apparentBytes + other.apparentBytes,
                files + other.files, directories + other.directories);
    }
}
