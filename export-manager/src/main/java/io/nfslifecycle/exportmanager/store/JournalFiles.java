package io.nfslifecycle.exportmanager.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.zip.CRC32C;

import org.jboss.logging.Logger;

/**
 * The journal's segments on disk: their names, and reading them back. A power cut can leave a frame cut short at the
 * end of the last segment: it was never acknowledged, and reading stops there. Anything else that does not read is
 * said loudly, and what could not be read is kept beside the segment, never dropped unseen.
 */
final class JournalFiles {
    private static final Logger LOG = Logger.getLogger(JournalFiles.class);
    static final String PREFIX = "journal-";
    static final String SUFFIX = ".log";

    private JournalFiles() {
    }

    static String name(long number) {
        return String.format("%s%020d%s", PREFIX, number, SUFFIX);
    }

    /** The segments in {@code directory}, oldest first. */
    static List<Path> segments(Path directory) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            files.forEach(found::add);
        }
        found.sort(null);
        return found;
    }

    static long number(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    /**
     * Reads a segment's frames in order into {@code each} (a record's uid and its JSON, null for one forgotten), and
     * returns whether the whole segment read. Reading stops at the first frame that does not read. At the end of the
     * last segment that is a write a crash cut short, never acknowledged: with {@code repair} it is cut off. Anywhere
     * else it is damage: with {@code repair} it is said loudly. Either way, bytes cut off that are not all zeros are
     * kept beside the segment as {@code <segment>.<offset>.corrupt}, never dropped unseen.
     */
    static boolean read(Path segment, boolean last, boolean repair, BiConsumer<String, byte[]> each)
            throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(segment);
        } catch (NoSuchFileException e) {
            return true; // removed by a checkpoint meanwhile: its frames are in the snapshot
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.remaining() > 0) {
            int start = buffer.position();
            int length = buffer.remaining() < Journal.HEADER ? -1 : buffer.getInt();
            int crc = length < 0 ? 0 : buffer.getInt();
            if (length < 2 || length > Journal.MAX_FRAME || length > buffer.remaining() || !matches(bytes, buffer.position(),
                    length, crc) || Short.toUnsignedInt(buffer.getShort(buffer.position())) > length - 2) {
                if (repair) {
                    unreadable(segment, bytes, start, last);
                }
                return false;
            }
            int keyLength = Short.toUnsignedInt(buffer.getShort());
            String uid = new String(bytes, buffer.position(), keyLength, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + keyLength);
            int jsonLength = length - 2 - keyLength;
            byte[] json = null;
            if (jsonLength > 0) {
                json = new byte[jsonLength];
                buffer.get(json);
            }
            each.accept(uid, json);
        }
        return true;
    }

    private static boolean matches(byte[] bytes, int offset, int length, int crc) {
        CRC32C check = new CRC32C();
        check.update(bytes, offset, length);
        return (int) check.getValue() == crc;
    }

    /** What follows {@code offset} does not read: kept aside unless all zeros; cut off the last segment. */
    private static void unreadable(Path segment, byte[] bytes, int offset, boolean last) throws IOException {
        boolean zeros = true;
        for (int i = offset; i < bytes.length && zeros; i++) {
            zeros = bytes[i] == 0;
        }
        Path aside = segment.resolveSibling(segment.getFileName() + "." + offset + ".corrupt");
        if (!zeros) {
            try (FileChannel copy = FileChannel.open(aside, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer rest = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
                while (rest.hasRemaining()) {
                    copy.write(rest);
                }
                copy.force(true);
            }
            RecordFiles.syncDirectory(segment.getParent());
        }
        if (last) {
            LOG.warnf("the journal %s ends with %d bytes that do not read: a write a crash cut short, never "
                    + "acknowledged; cut off%s", segment, bytes.length - offset, zeros ? "" : " (kept in " + aside + ")");
            try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                channel.truncate(offset);
                channel.force(true);
            }
        } else {
            LOG.errorf("the journal %s does not read from byte %d of %d on (the disk changed it); the records before "
                    + "are kept, the rest is in %s: find the claims it names on the nfs-lifecycle.exports topic and "
                    + "restore their records from there", segment, offset, bytes.length, aside);
        }
    }

}
