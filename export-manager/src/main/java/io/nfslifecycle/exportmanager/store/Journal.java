package io.nfslifecycle.exportmanager.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The write-ahead journal of the records: every change of a record appended to the current segment
 * ({@code journal-<n>.log}) as one frame (length, CRC-32C, the claim's uid, then its record's JSON, or nothing for a
 * record forgotten), written to the file at once (so a kill -9 never loses it) and made durable by a group commit: a
 * writer that needs its frame on disk waits for one {@code fdatasync} that covers every frame written before it
 * began, so the claims worked on side by side share one sync instead of paying one each. {@link JournalFiles} reads
 * the segments back.
 *
 * <p>A write cut short (a full disk) is cut off the file again, so no frame is ever written after a broken one. A
 * sync that fails breaks the journal for good: the kernel may have dropped what it could not write and says so only
 * once, so no later sync may be taken for proof; every write after it fails, until the service is started again and
 * reads back what is on disk.
 */
final class Journal implements AutoCloseable {
    /** A frame's length and CRC-32C, before its payload. */
    static final int HEADER = 8;
    /** A frame larger than this is not one the journal writes: reading stops there. */
    static final int MAX_FRAME = 16 << 20;
    /** Stands for a record forgotten in what a segment holds. */
    static final byte[] FORGOTTEN = new byte[0];

    private final Path directory;
    /** Held while a frame is written, a segment ended or started. */
    private final Object appending = new Object();
    private FileChannel channel;
    private long segment;
    private long written;
    /** By uid, the latest JSON the current segment holds ({@link #FORGOTTEN} for a record forgotten). */
    private Map<String, byte[]> latest = new LinkedHashMap<>();
    /** Why the journal takes no more writes; null while it does. */
    private volatile IOException broken;
    /** Held to decide who syncs; never while the disk works. */
    private final ReentrantLock syncLock = new ReentrantLock();
    private final Condition synced = syncLock.newCondition();
    private boolean syncUnderWay;
    /** Everything up to this position is on disk. */
    private long durable;
    private long syncs;

    /** A segment ended: its number, and by uid the latest JSON it holds. */
    record Ended(long number, Map<String, byte[]> latest) {
    }

    private Journal(Path directory, long segment) throws IOException {
        this.directory = directory;
        this.channel = create(segment);
        this.segment = segment;
    }

    /** Starts a new segment after the ones in {@code directory}. */
    static Journal start(Path directory, long after) throws IOException {
        return new Journal(directory, after + 1);
    }

    /** A new, empty segment whose directory entry is on disk before any frame in it counts. */
    private FileChannel create(long number) throws IOException {
        Path file = directory.resolve(JournalFiles.name(number));
        FileChannel created = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            RecordFiles.syncDirectory(directory);
            return created;
        } catch (IOException e) {
            created.close();
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** A frame for a record (its uid and JSON), or, with {@code json} null, for a record forgotten. */
    static byte[] frame(String uid, byte[] json) {
        byte[] key = uid.getBytes(StandardCharsets.UTF_8);
        int payload = 2 + key.length + (json == null ? 0 : json.length);
        if (key.length > 0xFFFF || payload > MAX_FRAME) {
            throw new IllegalArgumentException("a record of " + payload + " bytes (claim uid of " + key.length
                    + " bytes) is larger than the journal takes");
        }
        ByteBuffer frame = ByteBuffer.allocate(HEADER + payload).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(payload).putInt(0).putShort((short) key.length).put(key);
        if (json != null) {
            frame.put(json);
        }
        CRC32C crc = new CRC32C();
        crc.update(frame.array(), HEADER, payload);
        frame.putInt(4, (int) crc.getValue());
        return frame.array();
    }

    /**
     * Writes a record's JSON (null: the record is forgotten) to the current segment; returns where it ends, for
     * {@link #sync}. Once written, a kill -9 of this process does not lose it; a power cut may, until it is synced.
     * A write cut short is cut off the file again, and the call fails.
     */
    long append(String uid, byte[] json) throws IOException {
        byte[] frame = frame(uid, json);
        synchronized (appending) {
            refuseIfBroken();
            ByteBuffer buffer = ByteBuffer.wrap(frame);
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer, written + buffer.position());
                }
            } catch (IOException e) {
                try {
                    channel.truncate(written);
                } catch (IOException cut) {
                    e.addSuppressed(cut);
                    broken = new IOException("the records' journal " + JournalFiles.name(segment) + " holds a write "
                            + "cut short that could not be cut off; restart the service", e);
                }
                throw e;
            }
            written += frame.length;
            latest.put(uid, json == null ? FORGOTTEN : json);
            return position(segment, written);
        }
    }

    /** Where the last frame written ends. */
    long end() {
        synchronized (appending) {
            return position(segment, written);
        }
    }

    private void refuseIfBroken() throws IOException {
        IOException reason = broken;
        if (reason != null) {
            throw new IOException(reason.getMessage(), reason);
        }
    }

    /** A position across segments: the segment's number in the high bits, the offset in it below. */
    private static long position(long segment, long offset) {
        return (segment << 40) | offset;
    }

    /**
     * Returns once everything written up to {@code position} is on disk. One caller syncs for all: who comes while a
     * sync is under way waits for it, and the next sync covers what they wrote meanwhile.
     */
    void sync(long position) throws IOException {
        syncLock.lock();
        try {
            while (durable < position) {
                refuseIfBroken();
                if (syncUnderWay) {
                    synced.awaitUninterruptibly();
                    continue;
                }
                syncUnderWay = true;
                long upTo;
                FileChannel file;
                synchronized (appending) {
                    upTo = position(segment, written);
                    file = channel;
                }
                syncLock.unlock();
                Throwable failure = null;
                boolean ended = false;
                try {
                    file.force(false);
                } catch (java.nio.channels.ClosedChannelException e) {
                    failure = closedUnder(file, e);
                    ended = failure == null; // the segment was ended meanwhile, and synced by rotate(): look again
                } catch (IOException | RuntimeException | Error e) {
                    failure = e;
                }
                syncLock.lock();
                syncUnderWay = false;
                synced.signalAll();
                if (failure instanceof IOException io) {
                    broken = unsynced(io);
                    throw io;
                } else if (failure instanceof RuntimeException runtime) {
                    throw runtime;
                } else if (failure instanceof Error error) {
                    throw error;
                }
                if (!ended) {
                    durable = Math.max(durable, upTo);
                    syncs++;
                }
            }
        } finally {
            syncLock.unlock();
        }
    }

    /** Why every write fails after a sync that failed. */
    private static IOException unsynced(IOException e) {
        return new IOException("the records' journal could not be synced (" + e.getMessage() + "); what it holds is "
                + "read back when the service starts again: restart it", e);
    }

    /** Null when the segment a sync found closed was ended; a failure when it was closed under it (an interrupt). */
    private IOException closedUnder(FileChannel file, java.nio.channels.ClosedChannelException e) {
        synchronized (appending) {
            return file == channel ? new IOException("the records' journal was closed while it synced", e) : null;
        }
    }

    /** Bytes in the current segment. */
    long size() {
        synchronized (appending) {
            return written;
        }
    }

    /**
     * Starts the next segment and ends the current one (synced); returns the segment ended, with the latest record
     * of each claim it holds. What is appended from here on goes to the new one. When the next segment cannot be
     * made, nothing changes: the current one goes on.
     */
    Ended rotate() throws IOException {
        long end;
        Ended ended;
        FileChannel old;
        synchronized (appending) {
            refuseIfBroken();
            FileChannel next = create(segment + 1);
            try {
                channel.force(false);
            } catch (IOException e) {
                next.close();
                Files.deleteIfExists(directory.resolve(JournalFiles.name(segment + 1)));
                broken = unsynced(e);
                throw e;
            }
            end = position(segment, written);
            old = channel;
            ended = new Ended(segment, latest);
            channel = next;
            segment++;
            written = 0;
            latest = new LinkedHashMap<>();
        }
        // never the sync lock inside the appending one: sync() takes them the other way round
        syncLock.lock();
        try {
            durable = Math.max(durable, end);
        } finally {
            syncLock.unlock();
        }
        old.close(); // a sync that took it before sees it closed, and finds what it wrote already durable
        return ended;
    }

    /** Writes nothing more, as a process killed would; what was written stays in the file. */
    void abandon() {
        synchronized (appending) {
            broken = new IOException("the records' journal was opened again in this process; this one is done");
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more is written through it either way
            }
        }
    }

    /** How many syncs {@link #sync} made (group commits). */
    long syncs() {
        syncLock.lock();
        try {
            return syncs;
        } finally {
            syncLock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (appending) {
            if (channel.isOpen()) {
                if (broken == null) {
                    channel.force(false);
                }
                channel.close();
            }
            broken = broken != null ? broken : new IOException("the records' journal is closed");
        }
    }
}
