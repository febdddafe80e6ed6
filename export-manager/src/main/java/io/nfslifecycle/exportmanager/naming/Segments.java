package io.nfslifecycle.exportmanager.naming;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** The rules for one path segment, and the cut that makes an over-long segment fit while staying unique. */
public final class Segments {
    /** What ext4, xfs and NFS allow for one name. */
    public static final int MAX_BYTES = 255;
    /** Names the export manager uses for its own transient entries; no claim may take them. */
    public static final String RESERVED_PREFIX = ".nfs-lifecycle";
    static final int HASH_CHARS = 10;

    private Segments() {
    }

    /** Why a segment is not acceptable, or empty when it is. */
    public static Optional<String> check(String segment) {
        if (segment.isEmpty()) {
            return Optional.of("is empty");
        }
        if (segment.equals(".") || segment.equals("..")) {
            return Optional.of("is '" + segment + "', which would leave the directory");
        }
        if (segment.indexOf('/') >= 0) {
            return Optional.of("contains '/'");
        }
        if (segment.indexOf('\0') >= 0) {
            return Optional.of("contains NUL");
        }
        if (segment.startsWith(RESERVED_PREFIX)) {
            return Optional.of("starts with " + RESERVED_PREFIX + ", which the export manager reserves for itself");
        }
        if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("is longer than " + MAX_BYTES + " bytes");
        }
        return Optional.empty();
    }

    /**
     * A segment of at most 255 bytes: unchanged when it fits, otherwise its first bytes (cut on a character
     * boundary), a dash and a short hash of the whole, so two long names that share a prefix stay apart and the
     * same name always gives the same cut.
     */
    public static String fit(String segment) {
        byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_BYTES) {
            return segment;
        }
        String hash = hash(bytes);
        return prefix(segment, MAX_BYTES - 1 - HASH_CHARS) + "-" + hash;
    }

    /** The longest prefix of {@code text} whose UTF-8 form has at most {@code maxBytes} bytes. */
    static String prefix(String text, int maxBytes) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer in = CharBuffer.wrap(text);
        // the encoder stops before a character that does not fit whole, surrogate pairs included
        encoder.encode(in, ByteBuffer.allocate(maxBytes), true);
        return text.substring(0, in.position());
    }

    private static String hash(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
