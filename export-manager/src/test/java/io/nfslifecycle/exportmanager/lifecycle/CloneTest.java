package io.nfslifecycle.exportmanager.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.nfslifecycle.events.ClaimRequested;
import io.nfslifecycle.events.ExportEvent;
import io.nfslifecycle.events.ExportFailed;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportReady;
import io.nfslifecycle.events.OnDelete;
import io.nfslifecycle.exportmanager.Claims;
import io.nfslifecycle.exportmanager.admission.AdmissionPolicy;
import io.nfslifecycle.exportmanager.directory.ClaimQuotas;
import io.nfslifecycle.kit.quota.QuotaStatus;

/**
 * A clone: a claim whose directory starts as a copy of another claim's, made on the export root with real
 * directories: what is copied and how, what is refused, a crash at every step, and a source deleted mid-copy.
 */
class CloneTest {
    private static final long MIB = 1L << 20;
    private static final int FILES = 3000;
    private static final Instant THEN = Instant.parse("2025-01-02T03:04:05Z");

    @TempDir
    Path base;
    private Workspace workspace;
    private MemoryQuotas port;
    private final ClaimRequested source = Claims.requested("src", "shop", "data", 64 * MIB, OnDelete.DELETE);
    private final ClaimRequested clone = Claims.requested("cln", "shop", "copy", 64 * MIB, OnDelete.DELETE)
            .cloning("data", "src");

    @BeforeEach
    void setUp() {
        workspace = new Workspace(base.resolve("exports"), base.resolve("state"), new AdmissionPolicy(1.0, false),
                Workspace.volumeOf(1024 * MIB));
        port = new MemoryQuotas();
        workspace.quotas = new ClaimQuotas(new QuotaStatus(true, "enforced", "enforced (test)"), port, 10_000);
    }

    private Path dirOf(ExportLifecycle lifecycle, String uid) {
        return workspace.root.resolve(lifecycle.store().get(uid).orElseThrow().directory());
    }

    /** A tree with what a pod leaves: files, a deep directory, links inside and out, a loop, hard links, a hole. */
    private Path sourceTree(ExportLifecycle lifecycle) throws IOException {
        return sourceTree(lifecycle, FILES);
    }

    private Path sourceTree(ExportLifecycle lifecycle, int files) throws IOException {
        lifecycle.handle(source);
        Path dir = dirOf(lifecycle, "src");
        Files.writeString(dir.resolve("hello.txt"), "written before the clone", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(dir.resolve("hello.txt"), PosixFilePermissions.fromString("rw-r-----"));
        Files.setLastModifiedTime(dir.resolve("hello.txt"), FileTime.from(THEN));
        Path deep = Files.createDirectories(dir.resolve("a/b/c"));
        for (int i = 0; i < files; i++) {
            Files.writeString(deep.resolve("f" + i), "file " + i);
        }
        Path outside = Files.writeString(base.resolve("outside-secret"), "never copied");
        Files.createSymbolicLink(dir.resolve("to-outside"), outside);
        Files.createSymbolicLink(dir.resolve("to-etc"), Path.of("/etc"));
        Files.createSymbolicLink(dir.resolve("relative"), Path.of("hello.txt"));
        Files.writeString(dir.resolve("tool"), "#!/bin/sh");
        Files.setAttribute(dir.resolve("tool"), "unix:mode", 04755);
        Files.createSymbolicLink(dir.resolve("loop-a"), Path.of("loop-b"));
        Files.createSymbolicLink(dir.resolve("loop-b"), Path.of("loop-a"));
        Files.createLink(dir.resolve("a/hard"), dir.resolve("hello.txt"));
        Files.setPosixFilePermissions(dir.resolve("a"), PosixFilePermissions.fromString("rwx--x---"));
        Files.setLastModifiedTime(dir.resolve("a"), FileTime.from(THEN));
        try (FileChannel sparse = FileChannel.open(dir.resolve("sparse"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            sparse.write(ByteBuffer.wrap("end".getBytes(StandardCharsets.UTF_8)), 32 * MIB);
        }
        return dir;
    }

    @Test
    void aCloneIsACopyOfItsSourceWithLinksAsLinksAndModesTimesAndHardLinksKept() throws Exception {
        ExportLifecycle lifecycle = workspace.start();
        Path src = sourceTree(lifecycle);

        List<ExportEvent> results = lifecycle.handle(clone).results();

        assertThat(results).singleElement().isInstanceOf(ExportReady.class);
        Path copy = dirOf(lifecycle, "cln");
        assertThat(Files.readString(copy.resolve("hello.txt"))).isEqualTo("written before the clone");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("hello.txt"))))
                .isEqualTo("rw-r-----");
        assertThat(Files.getLastModifiedTime(copy.resolve("hello.txt")).toInstant()).isEqualTo(THEN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("a"))))
                .isEqualTo("rwx--x---");
        assertThat(Files.getLastModifiedTime(copy.resolve("a")).toInstant()).as("set after its entries").isEqualTo(THEN);
        try (Stream<Path> files = Files.list(copy.resolve("a/b/c"))) {
            assertThat(files.count()).isEqualTo(FILES);
        }
        assertThat(Files.readString(copy.resolve("a/b/c/f2999"))).isEqualTo("file 2999");
        // links are links, never followed: nothing from outside the source is in the copy
        assertThat(Files.readSymbolicLink(copy.resolve("to-outside"))).isEqualTo(base.resolve("outside-secret"));
        assertThat(Files.readSymbolicLink(copy.resolve("to-etc"))).isEqualTo(Path.of("/etc"));
        assertThat(Files.readSymbolicLink(copy.resolve("relative"))).isEqualTo(Path.of("hello.txt"));
        assertThat(Files.readSymbolicLink(copy.resolve("loop-a"))).isEqualTo(Path.of("loop-b"));
        assertThat(Files.isSymbolicLink(copy.resolve("loop-b"))).isTrue();
        // a file with two names inside the tree has two names in the copy, apart from the source's
        assertThat(Files.isSameFile(copy.resolve("a/hard"), copy.resolve("hello.txt"))).isTrue();
        assertThat(Files.isSameFile(copy.resolve("hello.txt"), src.resolve("hello.txt"))).isFalse();
        assertThat(Files.getAttribute(copy.resolve("hello.txt"), "unix:nlink")).isEqualTo(2);
        // a set-uid file is copied without its set-uid bit
        assertThat((Integer) Files.getAttribute(copy.resolve("tool"), "unix:mode") & 07777).isEqualTo(0755);
        // a hole stays a hole
        assertThat(Files.size(copy.resolve("sparse"))).isEqualTo(32 * MIB + 3);
        assertThat(allocated(copy.resolve("sparse"))).isLessThan(2 * MIB);
        // the source is as it was; the copy is the clone's own project; no staging directory is left
        assertThat(Files.readString(src.resolve("hello.txt"))).isEqualTo("written before the clone");
        assertThat(port.tags).containsEntry(copy, lifecycle.store().get("cln").orElseThrow().export().projectId());
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aCloneIsRefusedWithTheReasonWhenItsSourceCannotBeCopied() throws Exception {
        ExportLifecycle lifecycle = workspace.start();

        assertThat(failure(lifecycle.handle(clone).results())).satisfies(f -> {
            assertThat(f.code()).isEqualTo(ExportFailed.CLONE_SOURCE);
            assertThat(f.message()).contains("shop/data", "has no export on server nfs-1");
        });

        sourceTree(lifecycle, 10);
        ClaimRequested small = Claims.requested("small", "shop", "small", 10 * MIB, OnDelete.DELETE)
                .cloning("data", "src");
        assertThat(failure(lifecycle.handle(small).results()).message()).contains("ask for at least the source's size");

        ClaimRequested wrongName = Claims.requested("wrong", "shop", "wrong", 64 * MIB, OnDelete.DELETE)
                .cloning("other", "src");
        assertThat(failure(lifecycle.handle(wrongName).results()).message()).contains("belongs to claim shop/data");
        assertThat(lifecycle.store().get("small").orElseThrow().export().phase()).isEqualTo(ExportPhase.FAILED);
        assertThat(leftovers()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"PENDING_RECORDED", "CLONE_STAGED", "CLONE_COPIED", "QUOTA_SET",
        "MODE_SET", "READY_RECORDED"})
    void aCloneCutShortAtAnyStepIsFinishedWholeAtTheNextStart(Step step) throws Exception {
        sourceTree(workspace.start(), 200);
        ExportLifecycle crashing = workspace.start(reached -> {
            if (reached == step) {
                throw new CrashRecoveryTest.Crash();
            }
        });
        assertThatThrownBy(() -> crashing.handle(clone)).isInstanceOf(CrashRecoveryTest.Crash.class);

        ExportLifecycle restarted = workspace.start();
        restarted.reconcile();

        assertThat(restarted.store().get("cln").orElseThrow().export().phase()).isEqualTo(ExportPhase.READY);
        Path copy = dirOf(restarted, "cln");
        assertThat(Files.readString(copy.resolve("hello.txt"))).isEqualTo("written before the clone");
        try (Stream<Path> files = Files.list(copy.resolve("a/b/c"))) {
            assertThat(files.count()).isEqualTo(200);
        }
        assertThat(Files.isSameFile(copy.resolve("a/hard"), copy.resolve("hello.txt"))).isTrue();
        assertThat(leftovers()).as("the half copy was removed").isEmpty();
    }

    @Test
    void aSourceDeletedDuringTheCopyFailsTheCloneAndLeavesNoHalfCopy() throws Exception {
        sourceTree(workspace.start(), 200);
        ExportLifecycle lifecycle = releasingOnceCopied(source);

        ExportFailed failed = failure(lifecycle.handle(clone).results());

        assertThat(failed.code()).isEqualTo(ExportFailed.CLONE_SOURCE);
        assertThat(failed.message()).contains("released or deleted before its copy was complete");
        assertThat(lifecycle.store().get("cln").orElseThrow().export().phase()).isEqualTo(ExportPhase.FAILED);
        assertThat(leftovers()).isEmpty();
        try (Stream<Path> entries = Files.list(workspace.root)) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("shop-copy"));
        }
    }

    @Test
    void aCloneReleasedDuringItsCopyLeavesNeitherACopyNorADirectory() throws Exception {
        sourceTree(workspace.start(), 200);
        ExportLifecycle lifecycle = releasingOnceCopied(clone);

        lifecycle.handle(clone);

        assertThat(lifecycle.store().get("cln").orElseThrow().export().phase()).isEqualTo(ExportPhase.DELETED);
        assertThat(leftovers()).isEmpty();
        assertThat(workspace.root.resolve("shop-copy-pvc-cln")).doesNotExist();
        assertThat(lifecycle.store().get("src").orElseThrow().export().phase()).isEqualTo(ExportPhase.READY);
    }

    @Test
    void aHalfCopyOfACloneReleasedBeforeTheRestartIsRemovedAtTheNextStart() throws Exception {
        sourceTree(workspace.start(), 50);
        ExportLifecycle crashing = workspace.start(reached -> {
            if (reached == Step.CLONE_COPIED) {
                throw new CrashRecoveryTest.Crash();
            }
        });
        assertThatThrownBy(() -> crashing.handle(clone)).isInstanceOf(CrashRecoveryTest.Crash.class);
        ExportLifecycle released = workspace.start();
        released.handle(Claims.released(clone)); // its release came before the copy could be finished
        assertThat(leftovers()).isNotEmpty();

        workspace.start().reconcile();

        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aCloneIsNeverMadeIntoADirectoryThatExists() throws Exception {
        ExportLifecycle lifecycle = workspace.start();
        sourceTree(lifecycle, 10);
        Path there = Files.createDirectories(workspace.root.resolve("shop-copy-pvc-cln"));
        Files.writeString(there.resolve("somebody's"), "data");

        ExportFailed failed = failure(lifecycle.handle(clone).results());

        assertThat(failed.code()).isEqualTo(ExportFailed.PATH_CONFLICT);
        assertThat(Files.readString(there.resolve("somebody's"))).isEqualTo("data");
    }

    @Test
    void theRecordSaysHowFarTheCopyIsFromItsStartToTheWholeCopy() throws Exception {
        List<String> said = new ArrayList<>();
        ExportLifecycle[] lifecycle = new ExportLifecycle[1];
        lifecycle[0] = workspace.start(reached -> {
            if (reached == Step.CLONE_STAGED || reached == Step.CLONE_COPIED) {
                said.add(lifecycle[0].store().get("cln").orElseThrow().export().reason());
            }
        });
        sourceTree(lifecycle[0], 10);
        long total = 0;
        try (Stream<Path> files = Files.walk(dirOf(lifecycle[0], "src"))) {
            for (Path file : files.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .toList()) {
                total += Files.size(file);
            }
        }

        assertThat(lifecycle[0].handle(clone).results()).singleElement().isInstanceOf(ExportReady.class);

        String all = io.nfslifecycle.events.ByteSize.format(total);
        assertThat(said).containsExactly(
                "copying the data of shop/data: 0 B of " + all + " (0 %, 0 entries); the export becomes READY once "
                        + "the copy is whole",
                "copying the data of shop/data: " + all + " of " + all + " (100 %, 22 entries); the export becomes "
                        + "READY once the copy is whole");
        assertThat(lifecycle[0].cloneBytesRemaining()).isZero();
        assertThat(lifecycle[0].cloneBytesCopied()).isEqualTo(total);
    }

    /** The bytes the file takes on the disk ({@code du}). */
    private static long allocated(Path file) throws IOException, InterruptedException {
        Process du = new ProcessBuilder("du", "-B1", file.toString()).redirectErrorStream(true).start();
        String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(du.waitFor()).as(out).isZero();
        return Long.parseLong(out.split("\\s+")[0]);
    }

    /** A lifecycle that releases {@code claim} once a clone's copy is done, before it is renamed into place. */
    private ExportLifecycle releasingOnceCopied(ClaimRequested claim) {
        ExportLifecycle[] lifecycle = new ExportLifecycle[1];
        lifecycle[0] = workspace.start(reached -> {
            if (reached == Step.CLONE_COPIED) {
                lifecycle[0].handle(Claims.released(claim));
            }
        });
        return lifecycle[0];
    }

    private static ExportFailed failure(List<ExportEvent> results) {
        assertThat(results).singleElement().isInstanceOf(ExportFailed.class);
        return (ExportFailed) results.get(0);
    }

    /** Staging directories of clones left in the root. */
    private List<String> leftovers() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(workspace.root)) {
            entries.map(p -> p.getFileName().toString()).filter(n -> n.contains("cloning"))
                    .forEach(names::add);
        }
        return names;
    }
}
