package io.nfslifecycle.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables a service's {@code @ConfigMapping(prefix = "nfs-lifecycle")} interface accepts, read from
 * its source: a method is a key ({@code serverId()} -> {@code NFS_LIFECYCLE_SERVER_ID}); a method returning one of the
 * nested interfaces is a group ({@code admission()} + {@code overcommitRatio()} ->
 * {@code NFS_LIFECYCLE_ADMISSION_OVERCOMMIT_RATIO}).
 */
final class ConfigKeys {
    private static final Pattern METHOD = Pattern.compile("(?m)^\\s*([A-Za-z_][\\w.<>?, \\[\\]]*?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern NESTED = Pattern.compile("\\binterface\\s+(\\w+)\\s*\\{");

    private ConfigKeys() {
    }

    static Set<String> environmentVariables(Path configSource) {
        String source = Project.read(configSource).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
        Map<String, String> bodies = new LinkedHashMap<>();
        Matcher nested = NESTED.matcher(source);
        String top = null;
        while (nested.find()) {
            String body = body(source, nested.end() - 1);
            if (top == null) {
                top = body;
            } else {
                bodies.put(nested.group(1), body);
            }
        }
        if (top == null) {
            throw new IllegalArgumentException("no interface in " + configSource);
        }
        Set<String> keys = new TreeSet<>();
        collect(withoutNested(top), "NFS_LIFECYCLE", bodies, keys);
        return keys;
    }

    private static void collect(String body, String prefix, Map<String, String> interfaces, Set<String> keys) {
        Matcher method = METHOD.matcher(body);
        while (method.find()) {
            String type = method.group(1).trim();
            String name = prefix + "_" + snake(method.group(2));
            if (interfaces.containsKey(type)) {
                collect(withoutNested(interfaces.get(type)), name, interfaces, keys);
            } else {
                keys.add(name);
            }
        }
    }

    /** The text between the brace at {@code open} and its matching close. */
    private static String body(String source, int open) {
        int depth = 0;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return source.substring(open + 1, i);
            }
        }
        throw new IllegalArgumentException("unbalanced braces");
    }

    private static String withoutNested(String body) {
        StringBuilder kept = new StringBuilder();
        Matcher nested = NESTED.matcher(body);
        int from = 0;
        while (nested.find(from)) {
            kept.append(body, from, nested.start());
            from = nested.end() + body(body, nested.end() - 1).length() + 1;
        }
        kept.append(body.substring(from));
        return kept.toString();
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
    }

    /** The NFS_LIFECYCLE_* names set (or shown commented out) in an env file or a ConfigMap. */
    static List<String> mentioned(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*#?\\s*(NFS_LIFECYCLE_[A-Z0-9_]+)\\s*[=:]").matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
