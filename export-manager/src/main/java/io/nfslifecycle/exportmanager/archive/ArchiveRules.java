package io.nfslifecycle.exportmanager.archive;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.nfslifecycle.events.ByteSize;
import io.nfslifecycle.events.Retention;

/**
 * The recycle bin's rules, from values alone: when an archive expires, which are purged on a sweep and in what order,
 * which would be purged to make room for a claim, and which changes of retention are taken.
 */
public final class ArchiveRules {
    /** Oldest expiry first, then the oldest archive, then the id: the same order on every run. */
    private static final Comparator<Bin> EXPIRY_ORDER = Comparator.comparing(Bin::expiresAt)
            .thenComparing(Bin::archivedAt).thenComparing(Bin::id);
    private static final Comparator<Bin> AGE_ORDER = Comparator.comparing(Bin::archivedAt).thenComparing(Bin::id);

    /**
     * One archive as the rules see it.
     *
     * @param expiresAt null when kept forever
     * @param bytes     -1 when not measured yet
     * @param kept      neither purged nor being purged
     */
    public record Bin(String id, Instant archivedAt, Instant expiresAt, long bytes, boolean kept) {
        boolean expired(Instant now) {
            return kept && expiresAt != null && !expiresAt.isAfter(now);
        }
    }

    /**
     * An archive a restore names, as the rules see it.
     *
     * @param namespace its claim's namespace; empty when not known (an archive found without a record)
     * @param subject   its claim, namespace/name
     * @param requested what its claim requested
     * @param bytes     its measured size; -1 when not measured yet
     * @param state     kept, purging, purged, restoring or restored
     * @param takenBy   the claim a restore took it for; empty when none did
     */
    public record Source(String id, String namespace, String subject, long requested, long bytes, String state,
            String takenBy) {
    }

    /**
     * A claim asking to start with an archive's data.
     *
     * @param acrossNamespaces the operator lets a claim restore an archive of another namespace
     */
    public record Restore(String claimUid, String namespace, long requested, boolean acrossNamespaces) {
    }

    private ArchiveRules() {
    }

    /** The least a restore must request: the archive's measured size, or its claim's request while unmeasured. */
    public static long restoreNeeds(Source source) {
        return source.bytes() >= 0 ? source.bytes() : source.requested();
    }

    /**
     * Why the archive cannot be restored into the claim: there is none of that id, it is of another namespace (unless
     * the operator allows it), purged or being purged, taken by another claim's restore, or larger than the request.
     * Empty when it can be (a restore already taken for this same claim goes on).
     */
    public static Optional<String> restoreRefusal(Optional<Source> archive, String id, Restore ask) {
        if (archive.isEmpty()) {
            return Optional.of("no archive " + id + " is known on this server; list the archives with GET "
                    + "/api/v1/archives and name one by its id in the annotation");
        }
        Source source = archive.get();
        if (!ask.acrossNamespaces() && source.namespace().isEmpty()) {
            return Optional.of("archive " + id + " (" + source.subject() + ") was found without a record, so the "
                    + "namespace of its claim is not known; only the operator can let it be restored (nfs-lifecycle"
                    + ".archive.restore-across-namespaces)");
        }
        if (!ask.acrossNamespaces() && !source.namespace().equals(ask.namespace())) {
            return Optional.of("archive " + id + " is of namespace " + source.namespace() + ", not " + ask.namespace()
                    + "; restore it from a claim in " + source.namespace() + " (or the operator sets "
                    + "nfs-lifecycle.archive.restore-across-namespaces)");
        }
        if (source.state().equals("purging") || source.state().equals("purged")) {
            return Optional.of("archive " + id + " of " + source.subject() + " is " + source.state()
                    + "; its data is gone");
        }
        if (source.state().equals("restored")
                || (!source.takenBy().isEmpty() && !source.takenBy().equals(ask.claimUid()))) {
            return Optional.of("archive " + id + " of " + source.subject() + " is restored already, into the claim "
                    + "with uid " + source.takenBy() + "; an archive is restored once");
        }
        if (source.bytes() < 0 && source.requested() <= 0) {
            return Optional.of("archive " + id + " is not measured yet, so it is not known how much it needs; try "
                    + "again after the next sweep of the bin (a minute)");
        }
        long needs = restoreNeeds(source);
        if (ask.requested() < needs) {
            return Optional.of("the claim requests " + ByteSize.format(ask.requested()) + " (" + ask.requested()
                    + " bytes), less than the " + ByteSize.format(needs) + " (" + needs + " bytes) of archive " + id
                    + " (" + (source.bytes() >= 0 ? "its measured size" : "its claim's request, until it is measured")
                    + "); request at least that much");
        }
        return Optional.empty();
    }

    /** When an archive made at {@code archivedAt} expires; null to keep it forever. */
    public static Instant expiry(Instant archivedAt, Duration retention) {
        if (retention.isZero() || retention.isNegative()) {
            return null;
        }
        try {
            return archivedAt.plus(retention);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return null; // past the end of time: forever
        }
    }

    /** The claim's retention when it names one, else the server's default. */
    public static Duration retention(String claims, Duration serverDefault) {
        return claims == null || claims.isBlank() ? serverDefault : Retention.parse(claims);
    }

    /** The expired archives to purge on this sweep, at most {@code max}, the longest expired first. */
    public static List<String> due(Collection<Bin> bins, Instant now, int max) {
        return bins.stream().filter(b -> b.expired(now)).sorted(EXPIRY_ORDER).limit(Math.max(0, max))
                .map(Bin::id).toList();
    }

    /**
     * The archives to purge so that {@code needed} more bytes are free: the expired ones first (longest expired
     * first), then, only when {@code unexpiredToo}, the others oldest first; none at all when even all of those would
     * not free enough (a purge that does not let the claim in is not made). Unmeasured archives are not counted on.
     */
    public static List<String> forSpace(Collection<Bin> bins, Instant now, long needed, boolean unexpiredToo) {
        List<Bin> order = new ArrayList<>(bins.stream().filter(b -> b.expired(now) && b.bytes() > 0)
                .sorted(EXPIRY_ORDER).toList());
        if (unexpiredToo) {
            order.addAll(bins.stream().filter(b -> b.kept() && !b.expired(now) && b.bytes() > 0).sorted(AGE_ORDER)
                    .toList());
        }
        List<String> chosen = new ArrayList<>();
        long freed = 0;
        for (Bin b : order) {
            if (freed >= needed) {
                break;
            }
            chosen.add(b.id());
            freed += b.bytes();
        }
        return freed >= needed ? chosen : List.of();
    }

    /**
     * Why a new expiry is not taken: retention is only ever extended here (purging sooner is {@code DELETE}), and a
     * purged or purging archive has none left to extend. Empty when it is taken.
     */
    public static Optional<String> extensionRefusal(Bin bin, Instant newExpiry) {
        if (!bin.kept()) {
            return Optional.of("archive " + bin.id() + " is purged or being purged; there is nothing left to keep");
        }
        if (bin.expiresAt() == null && newExpiry != null) {
            return Optional.of("archive " + bin.id() + " is kept forever already; a retention only ever extends it "
                    + "(purge it now with DELETE /api/v1/archives/" + bin.id() + ")");
        }
        if (bin.expiresAt() != null && newExpiry != null && newExpiry.isBefore(bin.expiresAt())) {
            return Optional.of("archive " + bin.id() + " expires at " + bin.expiresAt() + ", later than " + newExpiry
                    + "; a retention only ever extends it (purge it now with DELETE /api/v1/archives/" + bin.id()
                    + ")");
        }
        return Optional.empty();
    }
}
