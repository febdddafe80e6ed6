package io.nfslifecycle.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Not a PromQL parser: it removes what cannot be a metric name
 * (strings, label matchers, ranges, grouping clauses, Grafana variables, numbers, functions and keywords) and
 * keeps the identifiers left.
 */
final class PromQlNames {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "atan2", "start", "end");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,[^)]*\\)");

    private PromQlNames() {
    }

    static Set<String> in(String expression) {
        String e = expression;
        // Grafana's label_values(metric, label): the label is no metric
        e = LABEL_VALUES.matcher(e).replaceAll(" $1 ");
        e = e.replaceAll("\"(\\\\.|[^\"\\\\])*\"", " ")       // strings
                .replaceAll("'(\\\\.|[^'\\\\])*'", " ")
                .replaceAll("`[^`]*`", " ")
                .replaceAll("\\$\\{[^}]*}", " ")                // Grafana variables
                .replaceAll("\\$[a-zA-Z_][a-zA-Z0-9_]*", " ")
                .replaceAll("\\{[^}]*}", " ")                   // label matchers
                .replaceAll("\\[[^\\]]*]", " ")                 // ranges and subqueries
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\b\\d+(\\.\\d+)?([eE][-+]?\\d+)?[a-zA-Z]*\\b", " "); // numbers and durations
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(e);
        while (m.find()) {
            String word = m.group();
            int next = m.end();
            while (next < e.length() && Character.isWhitespace(e.charAt(next))) {
                next++;
            }
            boolean isFunctionOrAggregation = next < e.length() && e.charAt(next) == '(';
            if (!isFunctionOrAggregation && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /** A used name is covered by a listed base name: itself, or the base of a histogram or summary series. */
    static boolean covered(String used, Set<String> listed) {
        if (listed.contains(used)) {
            return true;
        }
        for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
            if (used.endsWith(suffix) && listed.contains(used.substring(0, used.length() - suffix.length()))) {
                return true;
            }
        }
        return false;
    }
}
