package io.nfslifecycle.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * {@code bin/run} and {@code bin/demo} start from {@code target/launcher.classpath} (the runtime scope), not from the
 * test classpath the other tests use: every project class the launcher's code and the local broker's import must
 * load from it, or {@code bin/run} fails at start with a NoClassDefFoundError while every test passes.
 */
class LauncherClasspathIT {
    private static final Pattern IMPORT = Pattern.compile("^import (io\\.nfslifecycle\\.[\\w.]+);", Pattern.MULTILINE);

    @Test
    void everyProjectClassTheLauncherImportsLoadsFromItsClasspath() throws Exception {
        List<URL> urls = new ArrayList<>(List.of(Paths.get("target/classes").toUri().toURL()));
        for (String entry : Files.readString(Paths.get("target/launcher.classpath")).trim().split(":")) {
            urls.add(Paths.get(entry).toUri().toURL());
        }
        Set<String> imported = new TreeSet<>();
        imported.addAll(imports(Paths.get("src/main/java")));
        imported.addAll(imports(Paths.get("../local-kafka/src/main/java")));
        assertThat(imported).as("the check reads the launcher's imports").contains("io.nfslifecycle.events.Topics");

        List<String> missing = new ArrayList<>();
        try (URLClassLoader launcher = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            for (String name : imported) {
                try {
                    Class.forName(name, false, launcher);
                } catch (ClassNotFoundException e) {
                    missing.add(name);
                }
            }
        }

        assertThat(missing).as("classes bin/run needs that target/launcher.classpath lacks (a test-scoped dependency "
                + "overriding a runtime one?)").isEmpty();
    }

    private static Set<String> imports(Path sources) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
