package io.nfslifecycle.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The storage VM's units, environment files, exports line and firewall rules are what a storage VM needs. */
class StorageVmTest {
    private static final Path VM = Project.deploy().resolve("storage-vm");
    private static final String EXPORT_ROOT = "/mnt/data";
    private static final String STATE_DIR = "/var/lib/nfs-lifecycle";
    private static final String SUBNET = "10.0.10.0/24";

    @ParameterizedTest
    @ValueSource(strings = {"export-manager", "quota-auditor"})
    void systemdAcceptsTheUnitWithoutAWarning(String service) {
        // given systemd-analyze and the java the unit starts (verify checks that ExecStart's binary exists)
        Tool systemd = Tool.SYSTEMD_ANALYZE.required();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/java")),
                "/usr/bin/java is missing here, and systemd-analyze verify refuses a unit whose ExecStart does not exist");

        // when the unit is verified
        Tool.Result verified = systemd.run(VM.resolve("systemd"), "verify", service + ".service");

        // then it is valid and systemd warns about nothing (an unknown or misspelled key is only a warning)
        assertThat(verified.exitCode()).as(verified.describe()).isZero();
        assertThat(verified.stderr().lines().filter(l -> l.contains(service + ".service"))).as(verified.describe()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"export-manager", "quota-auditor"})
    void unitRunsSandboxedAsADedicatedUserAndRestartsOnFailure(String service) {
        Map<String, List<String>> unit = unit(service);

        assertThat(one(unit, "Service.User")).isNotIn("root", "0").startsWith("nfs-lifecycle");
        assertThat(one(unit, "Service.ProtectSystem")).isEqualTo("strict");
        assertThat(one(unit, "Service.NoNewPrivileges")).isEqualTo("yes");
        assertThat(one(unit, "Service.ProtectHome")).isEqualTo("yes");
        assertThat(one(unit, "Service.PrivateTmp")).isEqualTo("yes");
        assertThat(one(unit, "Service.Restart")).isEqualTo("on-failure");
        assertThat(one(unit, "Unit.RequiresMountsFor")).isEqualTo(EXPORT_ROOT);
        assertThat(one(unit, "Service.EnvironmentFile")).isEqualTo("/etc/nfs-lifecycle/" + service + ".env");
        // started through the launcher the guide installs, its class-data archive in the unit's cache directory
        String launcher = "/opt/nfs-lifecycle/bin/nfs-lifecycle-java";
        assertThat(one(unit, "Service.ExecStart")).startsWith("/bin/sh " + launcher + " /opt/nfs-lifecycle/" + service
                + "/quarkus-run.jar ").endsWith("$JAVA_OPTS");
        assertThat(one(unit, "Service.CacheDirectory")).isEqualTo("nfs-lifecycle/" + service);
        assertThat(Project.read(Project.deploy().resolve("README.md")))
                .contains("install -D -m 0755 deploy/storage-vm/bin/nfs-lifecycle-java " + launcher);
        assertThat(VM.resolve("env/" + service + ".env")).exists();
        // the users the units run as are the ones sysusers.d creates
        assertThat(Project.read(VM.resolve("sysusers.d/nfs-lifecycle.conf"))).contains("u     " + one(unit, "Service.User") + " ");
    }

    @Test
    void exportManagerMayWriteOnlyTheExportRootAndItsStateDirectory() {
        Set<String> writable = paths(unit("export-manager"), "Service.ReadWritePaths");

        assertThat(writable).contains(EXPORT_ROOT)
                .allSatisfy(p -> assertThat(p.equals(EXPORT_ROOT) || p.startsWith(STATE_DIR)).as(p).isTrue());
    }

    @Test
    void quotaAuditorReadsTheExportRootAndWritesOnlyItsStateDirectory() {
        Map<String, List<String>> unit = unit("quota-auditor");

        assertThat(paths(unit, "Service.ReadWritePaths")).isNotEmpty()
                .allSatisfy(p -> assertThat(p).startsWith(STATE_DIR));
        assertThat(paths(unit, "Service.ReadOnlyPaths")).contains(EXPORT_ROOT);
        // it may read every claim's files, whoever owns them, and nothing more
        assertThat(one(unit, "Service.CapabilityBoundingSet")).isEqualTo("CAP_DAC_READ_SEARCH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"export-manager", "quota-auditor"})
    void everySettingOfTheEnvironmentFileIsDocumentedAboveIt(String service) {
        // given the environment file, optional settings written commented out
        List<String> lines = Project.lines(VM.resolve("env/" + service + ".env"));

        // then every KEY=value line follows a comment that is not itself a setting
        for (int i = 0; i < lines.size(); i++) {
            String setting = lines.get(i).replaceFirst("^#", "");
            if (!setting.matches("[A-Z][A-Z0-9_]*=.*")) {
                continue;
            }
            int above = i - 1;
            while (above >= 0 && lines.get(above).matches("#?[A-Z][A-Z0-9_]*=.*")) {
                above--;
            }
            assertThat(above).as(service + ".env line " + (i + 1) + " has no comment above it").isNotNegative();
            assertThat(lines.get(above)).as(service + ".env line " + (i + 1)).startsWith("# ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"export-manager", "quota-auditor"})
    void environmentFileSetsTheSettingsTheServiceNeedsOnTheVm(String service) {
        Map<String, String> env = env(service);

        assertThat(env).containsKeys("NFS_LIFECYCLE_SERVER_ID", "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_HTTP_PORT")
                .containsEntry("NFS_LIFECYCLE_EXPORT_ROOT", EXPORT_ROOT);
        // the port Prometheus scrapes and the firewall opens is the service's own default
        assertThat(env.get("QUARKUS_HTTP_PORT")).isEqualTo(service.equals("export-manager") ? "8081" : "8082");
        if (service.equals("export-manager")) {
            assertThat(env).containsKey("NFS_LIFECYCLE_NFS_HOST");
        }
    }

    @Test
    void exportsLineIsTheSeeds() {
        List<String> entries = Project.lines(VM.resolve("nfs/exports")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();

        assertThat(entries).containsExactly("/mnt/data 10.0.10.0/24(rw,sync,no_subtree_check)");
    }

    @Test
    void firewallOpensNfsAndRpcbindToTheClusterSubnetOnly() {
        String nft = Project.read(VM.resolve("firewall/nftables-nfs.conf"));
        String ufw = Project.read(VM.resolve("firewall/ufw.sh"));

        assertThat(nft).contains("ip saddr " + SUBNET + " tcp dport { 111, 2049 } accept")
                .contains("ip saddr " + SUBNET + " udp dport { 111, 2049 } accept")
                .contains("tcp dport { 111, 2049, 8081, 8082 } drop");
        for (String port : List.of("2049", "111")) {
            assertThat(ufw).contains("ufw allow from " + SUBNET + " to any port " + port + " proto tcp");
        }
    }

    @Test
    void guidesExistForBothNfsServers() {
        assertThat(VM.resolve("nfs/nfs-kernel-server.md")).exists();
        assertThat(Project.read(VM.resolve("nfs/ganesha.conf"))).contains("Path = /mnt/data;").contains("Clients = " + SUBNET + ";");
    }

    /** "Section.Key" -> values, in order; a unit may repeat a key. */
    private static Map<String, List<String>> unit(String service) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        String section = "";
        // a line ending in a backslash goes on on the next
        String text = Project.read(VM.resolve("systemd/" + service + ".service")).replaceAll("\\\\\n\\s*", " ");
        for (String raw : text.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line.substring(1, line.length() - 1);
                continue;
            }
            int eq = line.indexOf('=');
            keys.computeIfAbsent(section + "." + line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
        }
        return keys;
    }

    private static String one(Map<String, List<String>> unit, String key) {
        assertThat(unit).as("the unit sets " + key).containsKey(key);
        assertThat(unit.get(key)).as(key + " set once").hasSize(1);
        return unit.get(key).get(0);
    }

    private static Set<String> paths(Map<String, List<String>> unit, String key) {
        Set<String> paths = new TreeSet<>();
        unit.getOrDefault(key, List.of()).forEach(v -> paths.addAll(List.of(v.trim().split("\\s+"))));
        return paths;
    }

    private static Map<String, String> env(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Project.lines(VM.resolve("env/" + service + ".env"))) {
            if (line.matches("[A-Z][A-Z0-9_]*=.*")) {
                int eq = line.indexOf('=');
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}
