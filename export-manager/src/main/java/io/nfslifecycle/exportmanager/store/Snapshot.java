package io.nfslifecycle.exportmanager.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every record at once, as of a checkpoint ({@code records.snapshot}): the latest JSON of each claim, in the
 * journal's frames, written to a temporary name, fsynced once and renamed over the old one, so after a crash at any
 * instant there is the old snapshot or the new one, whole. The journal's segments the snapshot covers are dropped
 * after it is in place; opening reads the snapshot, then the segments left.
 */
final class Snapshot {
    static final String NAME = "records.snapshot";
    private static final String TEMPORARY = NAME + ".tmp";

    private Snapshot() {
    }

    static Path file(Path directory) {
        return directory.resolve(NAME);
    }

    /**
     * The records of the snapshot, by uid; empty when there is none. Damage is said and kept aside, never dropped;
     * with {@code repair}, the snapshot is then written again with the records that read, so the checkpoints that
     * follow have a whole snapshot to start from.
     */
    static Map<String, byte[]> read(Path directory, boolean repair) throws IOException {
        Map<String, byte[]> records = new LinkedHashMap<>();
        if (!read(directory, repair, records) && repair) {
            write(directory, records);
        }
        return records;
    }

    /** The records of the snapshot, every one of them: one that does not read fails the read. */
    static Map<String, byte[]> readWhole(Path directory) throws IOException {
        Map<String, byte[]> records = new LinkedHashMap<>();
        if (!read(directory, false, records)) {
            throw new IOException(file(directory) + " does not read to its end; a snapshot is never written over it "
                    + "(the records it holds would go): restart the service, which keeps what does not read aside");
        }
        return records;
    }

    private static boolean read(Path directory, boolean repair, Map<String, byte[]> records) throws IOException {
        Path file = file(directory);
        if (!Files.exists(file)) {
            return true;
        }
        return JournalFiles.read(file, false, repair, (uid, json) -> {
            if (json == null) {
                records.remove(uid);
            } else {
                records.put(uid, json);
            }
        });
    }

    /** Writes the records as the new snapshot; once this returns it is on disk, in place of the old one. */
    static void write(Path directory, Map<String, byte[]> records) throws IOException {
        Path temporary = directory.resolve(TEMPORARY);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            for (Map.Entry<String, byte[]> record : records.entrySet()) {
                byte[] frame = Journal.frame(record.getKey(), record.getValue());
                if (frame.length > buffer.remaining()) {
                    drain(channel, buffer);
                }
                if (frame.length > buffer.capacity()) {
                    ByteBuffer large = ByteBuffer.wrap(frame);
                    while (large.hasRemaining()) {
                        channel.write(large);
                    }
                } else {
                    buffer.put(frame);
                }
            }
            drain(channel, buffer);
            channel.force(false);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, file(directory), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        RecordFiles.syncDirectory(directory);
    }

    private static void drain(FileChannel channel, ByteBuffer buffer) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    /** What a crash left of a snapshot being written. */
    static void removeUnfinished(Path directory) throws IOException {
        Files.deleteIfExists(directory.resolve(TEMPORARY));
    }
}
