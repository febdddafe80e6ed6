package io.nfslifecycle.exportmanager.store;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * A record as JSON, and the records as earlier versions kept them: one JSON file per claim ({@code <claim uid>.json},
 * written to a temporary name, fsynced and renamed over the old one). Those are read until the first
 * {@link Snapshot} holds their records, then removed.
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
                        Files.deleteIfExists(file);
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
            LOG.errorf("the export record %s cannot be read (%s); moved to %s. Restore the state directory from a "
                    + "backup, or find the claim's state on the nfs-lifecycle.exports topic", file, e.getMessage(),
                    aside);
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

    /** A record as it is written: JSON. */
    static byte[] json(StoredExport stored) throws IOException {
        return MAPPER.writeValueAsBytes(stored);
    }

    static StoredExport parse(byte[] json) throws IOException {
        return MAPPER.readValue(json, StoredExport.class);
    }

    /** A claim uid names a file of its own in the state directory, and nothing else. */
    static void checkName(String uid) {
        if (uid.isEmpty() || uid.indexOf('/') >= 0 || uid.startsWith(".") || uid.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("claim uid '" + uid + "' cannot name a record file");
        }
    }

    /**
     * Removes the record files of an earlier version (and what a crash left of one being written) once a snapshot
     * holds their records; files set aside as {@code .corrupt} stay for the operator.
     */
    static void removeLeftovers(Path directory) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if ((name.endsWith(SUFFIX) || name.endsWith(SUFFIX + TEMPORARY))
                        && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    LOG.infof("removing %s: a record file of an earlier version, whose record the snapshot holds",
                            file);
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
