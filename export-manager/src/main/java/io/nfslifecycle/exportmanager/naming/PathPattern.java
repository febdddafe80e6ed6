package io.nfslifecycle.exportmanager.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.nfslifecycle.events.Archives;
import io.nfslifecycle.events.ClaimRequested;

/**
 * The claim directory's name from its claim: the nfs-subdir-external-provisioner default
 * {@code ${namespace}-${pvcName}-${pvName}}, or the StorageClass {@code pathPattern} with {@code ${.PVC.namespace}},
 * {@code ${.PVC.name}}, {@code ${.PVC.labels.X}} and {@code ${.PVC.annotations.X}}, {@code /} allowed.
 */
public final class PathPattern {
    public static final String DEFAULT = "${namespace}-${pvcName}-${pvName}";

    private PathPattern() {
    }

    public static DirectoryName directoryFor(ClaimRequested claim) throws InvalidNameException {
        String pattern = claim.pathPattern().isBlank() ? DEFAULT : claim.pathPattern();
        return directoryFor(pattern, claim.namespace(), claim.claimName(), claim.volumeName(), claim.labels(),
                claim.annotations());
    }

    public static DirectoryName directoryFor(String pattern, String namespace, String claimName, String volumeName,
            Map<String, String> labels, Map<String, String> annotations) throws InvalidNameException {
        String expanded = expand(pattern, namespace, claimName, volumeName, labels, annotations);
        List<String> segments = new ArrayList<>();
        for (String raw : expanded.split("/", -1)) {
            String segment = Segments.fit(raw);
            Optional<String> problem = Segments.check(segment);
            if (problem.isPresent()) {
                throw new InvalidNameException("the directory name '" + expanded + "' from pathPattern '" + pattern
                        + "' is not acceptable: a segment " + problem.get()
                        + "; change the pathPattern or the claim's labels/annotations");
            }
            if (Archives.isArchive(segment)) {
                throw new InvalidNameException("the directory name '" + expanded + "' from pathPattern '" + pattern
                        + "' has a segment that starts with " + Archives.PREFIX + ", which is reserved for archives: a "
                        + "claim never gets an archive's directory. Give the claim another name");
            }
            segments.add(segment);
        }
        return new DirectoryName(segments);
    }

    /**
     * The directory a migrated volume's PV names, relative to the root, checked as every name is (no {@code .} or
     * {@code ..}, no empty segment, no archive): it is taken as it is, never fitted or changed.
     */
    public static DirectoryName adopted(String relative) throws InvalidNameException {
        List<String> segments = List.of(relative.split("/", -1));
        for (String segment : segments) {
            Optional<String> problem = Segments.check(segment);
            if (problem.isPresent() || Archives.isArchive(segment)) {
                throw new InvalidNameException("the volume's directory '" + relative + "' cannot be adopted: a segment "
                        + problem.orElse("starts with " + Archives.PREFIX + ", which names an archive, not a live "
                        + "volume") + "; the PV's spec.nfs.path must name a claim directory under the export root");
            }
        }
        return new DirectoryName(segments);
    }

    /**
     * The fixed start every name of the pattern has for a claim of {@code namespace}, when the pattern begins with
     * the namespace ({@code ${namespace}-...}, {@code ${.PVC.namespace}/...}): the namespace and the text after it up
     * to the next variable. Empty when the pattern does not begin with the namespace.
     */
    public static String namespacePrefix(String pattern, String namespace) {
        String p = pattern.isBlank() ? DEFAULT : pattern;
        for (String variable : new String[] {"${namespace}", "${.PVC.namespace}"}) {
            if (p.startsWith(variable)) {
                String rest = p.substring(variable.length());
                int next = rest.indexOf("${");
                return namespace + (next < 0 ? rest : rest.substring(0, next));
            }
        }
        return "";
    }

    /**
     * Whether every directory the pattern names for a claim can only be a directory of that claim's namespace, so
     * that an existing one may be adopted: the pattern names the claim's volume ({@code ${pvName}}, unique to the
     * claim), or begins with the namespace followed by a character no namespace name has ({@code /}, {@code _},
     * {@code .}). Not so for {@code ${namespace}-${pvcName}}: {@code team-a-data} is namespace team's claim a-data
     * and namespace team-a's claim data alike; nor for a pattern that does not begin with the namespace.
     */
    public static boolean namesOnlyItsNamespace(String pattern) {
        String p = pattern.isBlank() ? DEFAULT : pattern;
        if (p.replace(" ", "").contains("${pvName}")) {
            return true;
        }
        for (String variable : new String[] {"${namespace}", "${.PVC.namespace}"}) {
            if (p.startsWith(variable) && p.length() > variable.length()) {
                char next = p.charAt(variable.length());
                return !(next >= 'a' && next <= 'z' || next >= '0' && next <= '9' || next == '-' || next == '$');
            }
        }
        return false;
    }

    static String expand(String pattern, String namespace, String claimName, String volumeName,
            Map<String, String> labels, Map<String, String> annotations) throws InvalidNameException {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < pattern.length()) {
            int open = pattern.indexOf("${", at);
            if (open < 0) {
                out.append(pattern, at, pattern.length());
                break;
            }
            int close = pattern.indexOf('}', open);
            if (close < 0) {
                throw new InvalidNameException("pathPattern '" + pattern + "' has a '${' without its '}'");
            }
            out.append(pattern, at, open);
            out.append(value(pattern, pattern.substring(open + 2, close).trim(), namespace, claimName, volumeName,
                    labels, annotations));
            at = close + 1;
        }
        return out.toString();
    }

    private static String value(String pattern, String variable, String namespace, String claimName,
            String volumeName, Map<String, String> labels, Map<String, String> annotations)
            throws InvalidNameException {
        switch (variable) {
            case "namespace":
            case ".PVC.namespace":
                return namespace;
            case "pvcName":
            case ".PVC.name":
                return claimName;
            case "pvName":
                return volumeName;
            default:
                break;
        }
        if (variable.startsWith(".PVC.labels.")) {
            return lookup(pattern, "label", variable.substring(".PVC.labels.".length()), labels);
        }
        if (variable.startsWith(".PVC.annotations.")) {
            return lookup(pattern, "annotation", variable.substring(".PVC.annotations.".length()), annotations);
        }
        throw new InvalidNameException("pathPattern '" + pattern + "' uses ${" + variable + "}, which is not one of "
                + "${.PVC.namespace}, ${.PVC.name}, ${.PVC.labels.X}, ${.PVC.annotations.X}");
    }

    private static String lookup(String pattern, String kind, String key, Map<String, String> values)
            throws InvalidNameException {
        String value = values.get(key);
        if (value == null || value.isEmpty()) {
            throw new InvalidNameException("pathPattern '" + pattern + "' needs the claim's " + kind + " '" + key
                    + "', which is not set; add it to the claim");
        }
        return value;
    }
}
