package io.nfslifecycle.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/** The PromQL expressions of the alert rules and of the dashboard, and the list of metric names they may use. */
final class Observability {
    static final Path PROMETHEUS = Project.deploy().resolve("prometheus");
    static final Path DASHBOARD = Project.deploy().resolve("grafana/dashboards/nfs-lifecycle.json");
    static final Path METRICS_USED = Project.deploy().resolve("metrics-used.txt");

    /** Series Prometheus makes itself for every target; no service exports them. */
    static final Set<String> PROMETHEUS_SERIES = Set.of("up");

    private Observability() {
    }

    static List<Path> ruleFiles() {
        return Project.files(PROMETHEUS.resolve("rules"), ".yml", ".yaml");
    }

    /** Alert or record name -> expression, over every rule file. */
    static Map<String, String> ruleExpressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (Path file : ruleFiles()) {
            for (JsonNode group : Project.yaml(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    String name = rule.has("alert") ? rule.get("alert").asText() : rule.path("record").asText();
                    expressions.put(file.getFileName() + ": " + name, rule.path("expr").asText());
                }
            }
        }
        return expressions;
    }

    static Set<String> alertNames() {
        Set<String> names = new TreeSet<>();
        for (Path file : ruleFiles()) {
            for (JsonNode group : Project.yaml(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("alert")) {
                        names.add(rule.get("alert").asText());
                    }
                }
            }
        }
        return names;
    }

    /** Panel title (or variable name) -> every expression it queries, rows' nested panels included. */
    static Map<String, List<String>> dashboardExpressions(JsonNode dashboard) {
        Map<String, List<String>> expressions = new LinkedHashMap<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        dashboard.path("panels").forEach(p -> p.path("panels").forEach(panels::add));
        for (JsonNode panel : panels) {
            List<String> exprs = new ArrayList<>();
            panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
            if (!panel.path("type").asText().equals("row")) {
                expressions.put(panel.path("title").asText(), exprs);
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode query = variable.path("query");
                expressions.put("$" + variable.path("name").asText(),
                        List.of(query.isObject() ? query.path("query").asText() : query.asText()));
            }
        }
        return expressions;
    }

    /** Every metric name the rules and the dashboard read. */
    static Set<String> namesUsed() {
        Set<String> names = new TreeSet<>();
        ruleExpressions().values().forEach(e -> names.addAll(PromQlNames.in(e)));
        dashboardExpressions(Project.json(DASHBOARD)).values()
                .forEach(list -> list.forEach(e -> names.addAll(PromQlNames.in(e))));
        return names;
    }

    /** deploy/metrics-used.txt: one base name per line. */
    static Set<String> listed() {
        return Project.lines(METRICS_USED).stream().map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
