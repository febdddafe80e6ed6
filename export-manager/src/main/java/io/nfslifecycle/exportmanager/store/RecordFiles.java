package io.nfslifecycle.exportmanager.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The records on disk: one JSON file per claim ({@code <claim uid>.json}), written to a temporary name, fsynced,
 * renamed over the old one and (for an intent) the directory fsynced, so after a crash at any instant each file holds
 * either the old or the new record, never a mix.
 */
final class RecordFiles {
    private static final Logger LOG = Logger.getLogger(RecordFiles.class);
    private static final String SUFFIX = ".json";
    private static final String TEMPORARY = ".tmp";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private RecordFiles() {
    }

    /** Reads every record into {@code each}, removing unfinished writes and moving unreadable records aside. */
    static void openAll(Path directory, Consumer<StoredExport> each) {
        try {
            Files.createDirectories(directory);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(TEMPORARY)) {
                        LOG.infof("removing %s, an unfinished write from before a restart", file);
                        Files.delete(file);
                    } else if (name.endsWith(SUFFIX) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        load(file, each);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the export records in " + directory, e);
        }
    }

    private static void load(Path file, Consumer<StoredExport> each) throws IOException {
        try {
            each.accept(MAPPER.readValue(Files.readAllBytes(file), StoredExport.class));
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            LOG.errorf("the export record %s cannot be read (%s); moved to %s. Restore it from a backup or from "
                    + "the nfs-lifecycle.exports topic, then restart", file, e.getMessage(), aside);
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static List<StoredExport> readAll(Path directory) throws IOException {
        List<StoredExport> records = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return records;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                try {
                    records.add(MAPPER.readValue(Files.readAllBytes(file), StoredExport.class));
                } catch (NoSuchFileException e) {
                    // replaced between listing and reading: its successor is listed or read next time
                }
            }
        }
        return records;
    }

    /** Writes one record; with {@code syncEntry} its directory entry is fsynced too. */
    static void write(Path directory, String uid, StoredExport stored, boolean syncEntry) throws IOException {
        if (uid.indexOf('/') >= 0 || uid.startsWith(".")) {
            throw new IllegalArgumentException("claim uid '" + uid + "' cannot name a record file");
        }
        Path target = directory.resolve(uid + SUFFIX);
        Path temporary = directory.resolve(uid + SUFFIX + TEMPORARY);
        byte[] json = MAPPER.writeValueAsBytes(stored);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(json);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (syncEntry) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    /** Removes a claim's record file, durably. */
    static void remove(Path directory, String uid) throws IOException {
        if (uid.indexOf('/') >= 0 || uid.startsWith(".")) {
            throw new IllegalArgumentException("claim uid '" + uid + "' cannot name a record file");
        }
        Files.deleteIfExists(directory.resolve(uid + SUFFIX));
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
