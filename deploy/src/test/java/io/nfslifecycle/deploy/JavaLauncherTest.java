package io.nfslifecycle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage VM's launcher, {@code nfs-lifecycle-java}, run for real with this JDK on a small program: the first run
 * writes the class-data archive as it stops, later ones load the program's classes from it, and no archive that is
 * cut short, still being written or made for other options is ever used; the program runs every time.
 */
class JavaLauncherTest {
    private static final Path LAUNCHER = Project.deploy().resolve("storage-vm/bin/nfs-lifecycle-java");
    private static final String FROM_ARCHIVE = "Hello source: shared objects file (top)";

    @TempDir
    Path dir;
    private Path jar;
    private Path archives;

    @BeforeEach
    void program() throws IOException {
        Path source = Files.writeString(dir.resolve("Hello.java"),
                "public class Hello { public static void main(String[] a) { System.out.println(\"hello ran\"); } }");
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), source.toString()))
                .isZero();
        jar = dir.resolve("hello.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("Hello.class"));
            out.write(Files.readAllBytes(dir.resolve("Hello.class")));
            out.closeEntry();
        }
        archives = Files.createDirectory(dir.resolve("cds"));
    }

    @Test
    void theFirstRunWritesTheArchiveAsItStopsAndTheNextOnesLoadFromIt() {
        String first = run();
        assertThat(first).contains("hello ran", "no class-data archive yet").doesNotContain(FROM_ARCHIVE);
        assertThat(files()).singleElement().asString().endsWith(".new");

        String second = run();
        assertThat(second).contains("hello ran", "checked and taken into use", FROM_ARCHIVE);
        assertThat(files()).singleElement().asString().endsWith(".jsa");

        String third = run();
        assertThat(third).contains("hello ran", FROM_ARCHIVE).doesNotContain("nfs-lifecycle-java:");
        // system properties change no class: the same archive serves them
        assertThat(run("-Dsome.setting=1")).contains("hello ran", FROM_ARCHIVE).doesNotContain("nfs-lifecycle-java:");
    }

    @Test
    void anArchiveCutShortWhileBeingWrittenIsRemovedWithoutUse() throws IOException {
        run();
        cutInHalf(files().get(0));

        String next = run();

        assertThat(next).contains("hello ran", "does not pass its checks", "no class-data archive yet")
                .doesNotContain(FROM_ARCHIVE);
        assertThat(files()).singleElement().asString().endsWith(".new"); // this run's, written as it stopped
        assertThat(run()).contains("hello ran", FROM_ARCHIVE);
    }

    @Test
    void anArchiveInUseThatIsCutShortLaterIsRemovedWithoutUse() throws IOException {
        run();
        run();
        Path inUse = files().get(0);
        assertThat(inUse.toString()).endsWith(".jsa");
        cutInHalf(inUse);

        String next = run();

        assertThat(next).contains("hello ran", "no longer the size it was checked at", "no class-data archive yet")
                .doesNotContain(FROM_ARCHIVE);
        assertThat(inUse).doesNotExist();
    }

    @Test
    void aDamagedArchiveOfTheRightSizeIsNotUsedAndTheProgramRunsWithoutIt() throws IOException {
        run();
        run();
        Path inUse = files().get(0);
        inUse.toFile().setWritable(true);
        try (RandomAccessFile f = new RandomAccessFile(inUse.toFile(), "rw")) {
            f.seek(f.length() / 2);
            f.write(new byte[256]); // zeros in the middle: the size is right, the checksums are not
        }

        String next = run();

        assertThat(next).contains("hello ran", "Unable to use shared archive").doesNotContain(FROM_ARCHIVE);
    }

    @Test
    void twoStartsThatFindTheSameNewArchiveBothRun() throws Exception {
        run();

        List<Process> both = List.of(start(Map.of()), start(Map.of()));

        for (Process process : both) {
            assertThat(output(process)).contains("hello ran");
        }
        assertThat(files()).singleElement().asString().endsWith(".jsa");
        assertThat(run()).contains("hello ran", FROM_ARCHIVE);
    }

    @Test
    void withoutRoomForAnArchiveNoneIsWritten() {
        // as on a cache directory with less free space than the archive takes
        String run = output(start(Map.of("NFS_LIFECYCLE_CDS_MIN_FREE_MIB", "999999999")));

        assertThat(run).contains("hello ran", "no class-data archive is written");
        assertThat(files()).isEmpty();
    }

    @Test
    void anArchiveWhoseWriterStillRunsIsLeftAlone() throws IOException {
        run();
        Path written = files().get(0);
        String name = written.getFileName().toString();
        // as if a process still running (this test's JVM) were writing it
        Path stillWriting = written.resolveSibling(name.substring(0, name.indexOf('.')) + "."
                + ProcessHandle.current().pid() + ".new");
        Files.move(written, stillWriting);

        String next = run();

        assertThat(next).contains("hello ran", "no class-data archive yet").doesNotContain(FROM_ARCHIVE);
        assertThat(stillWriting).exists();
    }

    @Test
    void otherJvmOptionsGetAnArchiveOfTheirOwnThatReplacesTheOld() {
        run();
        run();
        Path old = files().get(0);

        assertThat(run("-Xmx64m")).contains("hello ran", "no class-data archive yet").doesNotContain(FROM_ARCHIVE);
        assertThat(old).exists(); // still the archive of the first options until another is taken into use
        assertThat(run("-Xmx64m")).contains("hello ran", "checked and taken into use", FROM_ARCHIVE);

        assertThat(old).doesNotExist();
        assertThat(files()).singleElement().asString().endsWith(".jsa");
    }

    @Test
    void withoutAnArchiveDirectoryTheServiceStartsPlainly() throws IOException {
        Files.delete(archives);

        String run = run();

        assertThat(run).contains("hello ran").doesNotContain("nfs-lifecycle-java:", FROM_ARCHIVE);
        assertThat(archives).doesNotExist();
    }

    /** Runs the launcher on the program with these JVM options (and the class-loading log) and returns its output. */
    private String run(String... options) {
        return output(start(Map.of(), options));
    }

    private Process start(Map<String, String> env, String... options) {
        List<String> command = new ArrayList<>(List.of("/bin/sh", LAUNCHER.toString(), jar.toString(),
                "-Xlog:class+load=info"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                "NFS_LIFECYCLE_JAVA", Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "NFS_LIFECYCLE_CDS_DIR", archives.toString()));
        builder.environment().remove("CACHE_DIRECTORY");
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String output(Process process) {
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<Path> files() {
        try (Stream<Path> list = Files.list(archives)) {
            return list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void cutInHalf(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
    }
}
