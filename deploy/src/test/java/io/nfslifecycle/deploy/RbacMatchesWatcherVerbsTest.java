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
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

/**
 * The roles of deploy/kubernetes grant exactly what the claim-watcher's code calls: the watcher's engineers keep that
 * list, one {@code apiGroup resource verb} per line, in claim-watcher/src/main/resources/rbac-verbs.txt. The ClusterRole
 * holds everything but the leases, which a Role grants in the watcher's own namespace.
 */
class RbacMatchesWatcherVerbsTest {
    static final Path VERBS_FILE = Project.root().resolve("claim-watcher/src/main/resources/rbac-verbs.txt");
    private static final Path BASE = Project.deploy().resolve("kubernetes/base");

    @Test
    void rolesGrantEveryVerbTheWatcherUsesAndNothingMore() {
        // given what the watcher's code calls
        assumeTrue(Files.exists(VERBS_FILE), VERBS_FILE + " does not exist yet: the claim-watcher module has not"
                + " written the verbs its code uses, so the ClusterRole cannot be checked against them");
        Set<String> used = used(Project.lines(VERBS_FILE));
        assertThat(used).as(VERBS_FILE + " lists no verb").isNotEmpty();

        // when the ClusterRole and the Role bound to the watcher's ServiceAccount are expanded into single permissions
        Set<String> granted = granted(watcherClusterRole().getRules());
        granted.addAll(granted(watcherRole().getRules()));

        // then every used verb is granted, and nothing else is
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(granted);
        Set<String> extra = new TreeSet<>(granted);
        extra.removeAll(used);
        assertThat(missing).as("used by the watcher but not granted by its roles").isEmpty();
        assertThat(extra).as("granted by the roles but never used by the watcher").isEmpty();
    }

    @Test
    void leasesAreGrantedOnlyInTheWatchersNamespaceAndAllElseClusterWide() {
        // given what the watcher uses
        assumeTrue(Files.exists(VERBS_FILE), VERBS_FILE + " does not exist yet: nothing to compare the roles with");
        Set<String> used = used(Project.lines(VERBS_FILE));

        // then the namespaced Role holds the leases only, and the ClusterRole all the rest
        Set<String> leases = used.stream().filter(p -> p.startsWith("coordination.k8s.io/leases/"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> rest = new TreeSet<>(used);
        rest.removeAll(leases);
        assertThat(granted(watcherRole().getRules())).isEqualTo(leases);
        assertThat(granted(watcherClusterRole().getRules())).isEqualTo(rest);
        assertThat(watcherRole().getMetadata().getNamespace()).isEqualTo("nfs-lifecycle");
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

    static Set<String> granted(List<PolicyRule> rules) {
        Set<String> granted = new TreeSet<>();
        for (PolicyRule rule : rules) {
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

    private static Role watcherRole() {
        List<String> boundToWatcher = Manifests.in(BASE, RoleBinding.class).stream()
                .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getKind().equals("ServiceAccount")
                        && s.getName().equals("claim-watcher")))
                .map(b -> b.getRoleRef().getName())
                .collect(Collectors.toList());
        List<Role> roles = Manifests.in(BASE, Role.class).stream()
                .filter(r -> boundToWatcher.contains(r.getMetadata().getName()))
                .collect(Collectors.toList());
        assertThat(roles).as("one Role bound to the ServiceAccount claim-watcher").hasSize(1);
        return roles.get(0);
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
