package io.nfslifecycle.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

/**
 * The ClusterRole of deploy/kubernetes grants exactly what the claim-watcher's code calls: the watcher's engineers keep
 * that list, one {@code apiGroup resource verb} per line, in claim-watcher/src/main/resources/rbac-verbs.txt.
 */
class RbacMatchesWatcherVerbsTest {
    static final Path VERBS_FILE = Project.root().resolve("claim-watcher/src/main/resources/rbac-verbs.txt");
    private static final Path BASE = Project.deploy().resolve("kubernetes/base");

    @Test
    void clusterRoleGrantsEveryVerbTheWatcherUsesAndNothingMore() {
        // given what the watcher's code calls
        assumeTrue(Files.exists(VERBS_FILE), VERBS_FILE + " does not exist yet: the claim-watcher module has not"
                + " written the verbs its code uses, so the ClusterRole cannot be checked against them");
        Set<String> used = used(Project.lines(VERBS_FILE));
        assertThat(used).as(VERBS_FILE + " lists no verb").isNotEmpty();

        // when the ClusterRole bound to the watcher's ServiceAccount is expanded into single permissions
        Set<String> granted = granted(watcherClusterRole());

        // then every used verb is granted, and nothing else is
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(granted);
        Set<String> extra = new TreeSet<>(granted);
        extra.removeAll(used);
        assertThat(missing).as("used by the watcher but not granted by its ClusterRole").isEmpty();
        assertThat(extra).as("granted by the ClusterRole but never used by the watcher").isEmpty();
    }

    @Test
    void verbsFileLinesReadAsApiGroupResourceVerb() {
        // given the forms the verbs file may use for the core group, comments and blank lines
        List<String> lines = List.of("# the watcher's calls", "", "core persistentvolumes create",
                "\"\" events create", "coordination.k8s.io leases get,update");

        // when read
        Set<String> used = used(lines);

        // then the core group is the empty group, and a comma list is one line per verb
        assertThat(used).containsExactlyInAnyOrder("/persistentvolumes/create", "/events/create",
                "coordination.k8s.io/leases/get", "coordination.k8s.io/leases/update");
    }

    /** {@code group/resource/verb} for each line; the core group is written core or "". */
    static Set<String> used(List<String> lines) {
        Set<String> used = new TreeSet<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            assertThat(fields).as("not `apiGroup resource verb`: " + raw).hasSize(3);
            String group = fields[0].equals("core") || fields[0].equals("\"\"") || fields[0].equals("''") ? "" : fields[0];
            for (String verb : fields[2].split(",")) {
                used.add(group + "/" + fields[1] + "/" + verb);
            }
        }
        return used;
    }

    static Set<String> granted(ClusterRole role) {
        Set<String> granted = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        granted.add(group + "/" + resource + "/" + verb);
                    }
                }
            }
        }
        return granted;
    }

    private static ClusterRole watcherClusterRole() {
        List<String> boundToWatcher = Manifests.in(BASE, ClusterRoleBinding.class).stream()
                .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getKind().equals("ServiceAccount")
                        && s.getName().equals("claim-watcher")))
                .map(b -> b.getRoleRef().getName())
                .collect(Collectors.toList());
        List<ClusterRole> roles = Manifests.in(BASE, ClusterRole.class).stream()
                .filter(r -> boundToWatcher.contains(r.getMetadata().getName()))
                .collect(Collectors.toList());
        assertThat(roles).as("one ClusterRole bound to the ServiceAccount claim-watcher").hasSize(1);
        return roles.get(0);
    }
}
