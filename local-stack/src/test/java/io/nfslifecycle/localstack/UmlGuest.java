package io.nfslifecycle.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A User-mode Linux guest (the kernel {@code bin/uml-kernel} fetched, booted as an ordinary process with the host's
 * {@code /} as its root through hostfs) that mounts a fresh XFS or ext4 image with prjquota, runs one class's
 * {@code main(root, resultFile, stateDir)} on the host's JDK, and powers off. Skips the calling test, with the
 * reason, where it cannot start: not root, no kernel, a tool missing.
 */
final class UmlGuest {
    private static final long MIB = 1024 * 1024;
    private static final Path PROJECT = Path.of(System.getProperty("user.dir")).getParent();

    private UmlGuest() {
    }

    static Map<String, String> boot(String filesystem, long imageMib, Class<?> scenario) throws Exception {
        return boot(filesystem, imageMib, scenario, 5);
    }

    /** @param minutes how long the guest may run before it is killed */
    static Map<String, String> boot(String filesystem, long imageMib, Class<?> scenario, int minutes)
            throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the guest's images and quota calls need root");
        Path kernel = PROJECT.resolve(".local/uml/linux");
        assumeTrue(Files.isExecutable(kernel), "no User-mode Linux kernel at " + kernel + ": bin/test fetches it as "
                + "root (bin/uml-kernel), which needs patchelf and deb.debian.org");
        for (String tool : List.of("mkfs.xfs", "mkfs.ext4", "insmod", "setpriv")) {
            assumeTrue(onPath(tool), tool + " is not installed (bin/test installs it as root on Debian)");
        }
        Path work = PROJECT.resolve("local-stack/target/quota-guest/" + scenario.getSimpleName() + "-" + filesystem);
        deleteTree(work);
        Files.createDirectories(work.resolve("tmp"));
        Files.createDirectories(work.resolve("uml"));
        Files.createDirectories(work.resolve("mnt"));
        Path image = work.resolve("disk.img");
        try (var file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(imageMib * MIB); // sparse; mkfs.xfs refuses images under 300 MB
        }
        run(filesystem.equals("xfs") ? List.of("mkfs.xfs", "-q", image.toString())
                : List.of("mkfs.ext4", "-q", "-F", "-O", "quota,project", "-N", "400000", image.toString()));
        Path modules = PROJECT.resolve(".local/uml/modules/kernel/fs/quota");
        Path result = work.resolve("result.txt");
        String init = "#!/bin/sh\n"
                + "export PATH=/usr/sbin:/usr/bin:/sbin:/bin\n"
                + "exec >" + work.resolve("guest.log") + " 2>&1\n"
                + "mount -t proc proc /proc && mount -t sysfs sys /sys\n"
                + "mount -t tmpfs tmpfs " + work.resolve("mnt") + " && mkdir " + work.resolve("mnt/root") + " "
                + work.resolve("mnt/state") + "\n"
                + (filesystem.equals("ext4") ? "insmod " + modules.resolve("quota_tree.ko") + " && insmod "
                        + modules.resolve("quota_v2.ko") + "\n" : "")
                + "mount -o prjquota /dev/ubda " + work.resolve("mnt/root") + " || echo 'mount failed'\n"
                + ProcessHandle.current().info().command().orElse("java") + " -Xmx256m -cp '"
                + System.getProperty("java.class.path") + "' " + scenario.getName() + " "
                + work.resolve("mnt/root") + " " + result + " " + work.resolve("mnt/state") + "\n"
                + "echo o > /proc/sysrq-trigger\n";
        Path script = work.resolve("init.sh");
        Files.writeString(script, init);
        script.toFile().setExecutable(true);
        ProcessBuilder guest = new ProcessBuilder(kernel.toString(), "mem=1G", "uml_dir=" + work.resolve("uml"),
                "ubd0=" + image, "root=/dev/root", "rootfstype=hostfs", "rootflags=/", "rw", "init=" + script,
                "con=null").redirectErrorStream(true).redirectOutput(work.resolve("kernel.log").toFile());
        guest.environment().put("TMPDIR", work.resolve("tmp").toString());
        Process process = guest.start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        String log = Files.exists(work.resolve("guest.log")) ? Files.readString(work.resolve("guest.log")) : "";
        assertThat(result).as("the guest wrote no result; its console: %s; the kernel's log: %s", log,
                tail(work.resolve("kernel.log"))).exists();
        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(result, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return facts;
    }

    private static boolean onPath(String tool) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", command, output).isZero();
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(none)";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            walk.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(paths.get(i));
        }
    }
}
