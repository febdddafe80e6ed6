package io.nfslifecycle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The Deploy guide points only at files that exist. */
class DeployGuideTest {
    private static final Path GUIDE = Project.deploy().resolve("README.md");

    @Test
    void everyFileTheGuideLinksOrNamesExists() {
        // given the guide's relative links and the deploy/... paths in its commands
        String guide = Project.read(GUIDE);
        List<Path> named = new ArrayList<>();
        Matcher link = Pattern.compile("\\]\\(([^)#:]+)\\)").matcher(guide);
        while (link.find()) {
            named.add(Project.deploy().resolve(link.group(1)));
        }
        Matcher path = Pattern.compile("\\bdeploy/(kubernetes|storage-vm|prometheus|grafana|metrics-used)[A-Za-z0-9_./-]*[A-Za-z0-9_]").matcher(guide);
        while (path.find()) {
            named.add(Project.root().resolve(path.group()));
        }

        // then each exists
        assertThat(named).hasSizeGreaterThan(10).allSatisfy(p -> assertThat(p).exists());
    }
}
