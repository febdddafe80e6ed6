package io.nfslifecycle.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * Every NFS_LIFECYCLE_* variable the deploy files set is one the service reads: a misspelled or renamed variable is
 * silently ignored by the service, so it is caught here, against the service's own config interface.
 */
class ConfigKeysTest {
    private static final String WATCHER_CONFIG =
            "claim-watcher/src/main/java/io/nfslifecycle/claimwatcher/ClaimWatcherConfig.java";

    @ParameterizedTest
    @CsvSource({
            "export-manager, export-manager/src/main/java/io/nfslifecycle/exportmanager/ExportManagerConfig.java",
            "quota-auditor, quota-auditor/src/main/java/io/nfslifecycle/quotaauditor/QuotaAuditorConfig.java"})
    void storageVmEnvironmentFileSetsOnlySettingsTheServiceReads(String service, String configSource) {
        // given the service's config interface and its environment file
        Set<String> accepted = accepted(configSource);
        List<String> mentioned = envFileMentions(service);

        // then every variable the file sets, or shows commented out, is a key of the interface
        assertThat(mentioned).isNotEmpty().allSatisfy(name -> assertThat(accepted).as(service + " reads " + name).contains(name));
    }

    @ParameterizedTest
    @CsvSource({
            "export-manager, export-manager/src/main/java/io/nfslifecycle/exportmanager/ExportManagerConfig.java",
            "quota-auditor, quota-auditor/src/main/java/io/nfslifecycle/quotaauditor/QuotaAuditorConfig.java"})
    void storageVmEnvironmentFileDocumentsEverySettingTheServiceReads(String service, String configSource) {
        // given the service's config interface and its environment file
        Set<String> accepted = accepted(configSource);
        List<String> mentioned = envFileMentions(service);

        // then every key of the interface is in the file, set or shown commented out (each with its comment, which
        // StorageVmTest checks): an operator reading the file sees every setting there is
        assertThat(accepted).allSatisfy(name -> assertThat(mentioned)
                .as("storage-vm/env/" + service + ".env documents " + name + ", a key of " + configSource).contains(name));
    }

    @Test
    void watcherConfigMapAndDeploymentTogetherSetEverySettingTheWatcherReads() {
        // given the watcher's config interface, and what its ConfigMap and its Deployment set
        Set<String> accepted = accepted(WATCHER_CONFIG);
        Set<String> set = watcherVariables();

        // then every key of the interface is set by one of them, so the ConfigMap shows the operator every setting
        assertThat(accepted).allSatisfy(name -> assertThat(set)
                .as("kubernetes/base sets " + name + ", a key of ClaimWatcherConfig").contains(name));
    }

    @Test
    void watcherConfigMapAndDeploymentSetOnlySettingsTheWatcherReads() {
        // given the watcher's config interface, and what its ConfigMap and its Deployment set
        Set<String> accepted = accepted(WATCHER_CONFIG);
        Set<String> set = watcherVariables();

        // then every NFS_LIFECYCLE_* variable they set is a key of the interface
        set.stream().filter(k -> k.startsWith("NFS_LIFECYCLE_"))
                .forEach(name -> assertThat(accepted).as("the watcher reads " + name).contains(name));
    }

    @Test
    void nestedGroupsAndOptionalsBecomeUnderscoredVariables(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // given a config interface with a plain key, an optional one and a nested group
        Path source = dir.resolve("SampleConfig.java");
        Files.writeString(source, String.join("\n",
                "@ConfigMapping(prefix = \"nfs-lifecycle\")",
                "public interface SampleConfig {",
                "    /** documented */",
                "    @WithDefault(\"nfs-1\")",
                "    String serverId();",
                "    Optional<List<String>> peerServers();",
                "    Admission admission();",
                "    interface Admission {",
                "        @WithDefault(\"1.0\")",
                "        double overcommitRatio();",
                "    }",
                "}"));

        // when its variables are read
        Set<String> variables = ConfigKeys.environmentVariables(source);

        // then each is the key in upper snake case under NFS_LIFECYCLE_
        assertThat(variables).containsExactlyInAnyOrder("NFS_LIFECYCLE_SERVER_ID", "NFS_LIFECYCLE_PEER_SERVERS",
                "NFS_LIFECYCLE_ADMISSION_OVERCOMMIT_RATIO");
    }

    /** The variables a storage-VM environment file sets or shows commented out. */
    private static List<String> envFileMentions(String service) {
        return ConfigKeys.mentioned(Project.read(Project.deploy().resolve("storage-vm/env/" + service + ".env")));
    }

    /** The variables the watcher's ConfigMap and Deployment set, together. */
    private static Set<String> watcherVariables() {
        Path base = Project.deploy().resolve("kubernetes/base");
        ConfigMap config = Manifests.in(base, ConfigMap.class).get(0);
        Deployment deployment = Manifests.in(base, Deployment.class).get(0);
        Set<String> set = new java.util.TreeSet<>(config.getData().keySet());
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().forEach(e -> set.add(e.getName()));
        return set;
    }

    private static Set<String> accepted(String configSource) {
        Path source = Project.root().resolve(configSource);
        assumeTrue(Files.exists(source), source + " does not exist (renamed?): the deploy files' settings cannot be"
                + " checked against it");
        Set<String> accepted = ConfigKeys.environmentVariables(source);
        assertThat(accepted).as("keys read from " + source).isNotEmpty();
        return accepted;
    }
}
