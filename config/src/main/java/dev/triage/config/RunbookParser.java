package dev.triage.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Reads runbooks from YAML — one per shipped file, or a list under {@code runbooks:} in the
 * configuration — reporting every malformed part with its place. References (do the checks, actions
 * and steps exist?) are {@link RunbookValidator}'s job.
 */
public final class RunbookParser {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Set<String> RUNBOOK_KEYS = Set.of("name", "title", "documents", "checks", "slow", "steps");
    private static final Set<String> STEP_KEYS = Set.of("id", "check", "topic", "unavailable", "when", "fails_if", "cause",
            "cites", "evidence", "fix", "also_when_answering");
    private static final Set<String> CONDITION_KEYS = Set.of("failed", "passed", "fact", "equals", "in", "has", "present",
            "ran", "all", "any", "not");

    private final ConfigNodes n;

    /** For a runbook file of the jar's own: no environment; @param problems receives each problem as (place, what is wrong) */
    public RunbookParser(BiConsumer<String, String> problems) {
        this(ConfigNodes.shipped(problems));
    }

    /** For the configuration's {@code runbooks:}: {@code ${VAR}} applies to every value, as everywhere else in the file. */
    RunbookParser(ConfigNodes nodes) {
        this.n = nodes;
    }

    /** Parses one runbook file's text; {@code place} names the file in messages. */
    public static Runbook parseFile(String yaml, String place, List<Problem> into) {
        JsonNode root;
        try {
            ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
            mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = mapper.readTree(yaml);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            into.add(new Problem(place + (loc == null ? "" : ", line " + loc.getLineNr()), "not valid YAML: "
                    + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("")));
            return null;
        }
        return new RunbookParser((p, m) -> into.add(new Problem(p, m))).runbook(root, place);
    }

    public Runbook runbook(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            problem(path, "a runbook is a mapping with name, documents, checks and steps (got " + kind(node) + ")");
            return null;
        }
        keys(node, path, RUNBOOK_KEYS);
        String name = text(node, path, "name", true);
        if (name != null && !ID.matcher(name).matches()) {
            problem(path + ".name", "use lower-case letters, digits, '.', '_' or '-' (got " + name + ")");
        }
        List<Runbook.Document> documents = new ArrayList<>();
        JsonNode docs = node.path("documents");
        if (docs.isArray()) {
            for (int i = 0; i < docs.size(); i++) {
                String p = path + ".documents[" + i + "]";
                JsonNode d = docs.get(i);
                if (!d.isObject()) {
                    problem(p, "must be a mapping like {id: \"000\", title: backend guide, source: docs/backend-guide.md} (got " + kind(d) + ")");
                    continue;
                }
                keys(d, p, Set.of("id", "title", "source"));
                String id = text(d, p, "id", true);
                if (id != null) {
                    documents.add(new Runbook.Document(id, text(d, p, "title", false), text(d, p, "source", true)));
                }
            }
        } else if (!docs.isMissingNode()) {
            problem(path + ".documents", "must be a list of {id, title, source} (got " + kind(docs) + ")");
        }
        List<Runbook.CheckUse> checks = new ArrayList<>();
        JsonNode c = node.path("checks");
        if (c.isArray()) {
            for (int i = 0; i < c.size(); i++) {
                String p = path + ".checks[" + i + "]";
                JsonNode item = c.get(i);
                if (item.isTextual()) {
                    checks.add(new Runbook.CheckUse(value(item, p), null));
                } else if (item.isObject()) {
                    keys(item, p, Set.of("id", "when"));
                    String id = text(item, p, "id", true);
                    Condition when = item.has("when") ? condition(item.get("when"), p + ".when") : null;
                    if (id != null) {
                        checks.add(new Runbook.CheckUse(id, when));
                    }
                } else {
                    problem(p, "must be a check id or {id, when} (got " + kind(item) + ")");
                }
            }
        } else if (!c.isMissingNode()) {
            problem(path + ".checks", "must be a list of check ids (got " + kind(c) + ")");
        }
        RunbookStep slow = node.has("slow") ? step(node.get("slow"), path + ".slow", "slow") : null;
        List<RunbookStep> steps = new ArrayList<>();
        JsonNode s = node.path("steps");
        if (s.isArray() && !s.isEmpty()) {
            for (int i = 0; i < s.size(); i++) {
                RunbookStep step = step(s.get(i), path + ".steps[" + i + "]", null);
                if (step != null) {
                    steps.add(step);
                }
            }
        } else {
            problem(path + ".steps", "required: a list of steps, each with an id and a check or a condition (got " + kind(s) + ")");
        }
        return name == null ? null : new Runbook(name, text(node, path, "title", false), documents, checks, slow, steps, path);
    }

    RunbookStep step(JsonNode node, String path, String defaultId) {
        if (node == null || !node.isObject()) {
            problem(path, "a step is a mapping with id, check or when, and cause (got " + kind(node) + ")");
            return null;
        }
        keys(node, path, STEP_KEYS);
        String id = defaultId != null ? defaultId : text(node, path, "id", true);
        if (id != null && !ID.matcher(id).matches()) {
            problem(path + ".id", "use lower-case letters, digits, '.', '_' or '-' (got " + id + ")");
        }
        Condition when = node.has("when") ? condition(node.get("when"), path + ".when") : null;
        Condition failsIf = node.has("fails_if") ? condition(node.get("fails_if"), path + ".fails_if") : null;
        RunbookStep.Citation cites = null;
        JsonNode ci = node.path("cites");
        if (ci.isTextual()) {
            cites = new RunbookStep.Citation(null, value(ci, path + ".cites"));
        } else if (ci.isObject()) {
            keys(ci, path + ".cites", Set.of("document", "step"));
            cites = new RunbookStep.Citation(text(ci, path + ".cites", "document", false), text(ci, path + ".cites", "step", false));
        } else if (!ci.isMissingNode()) {
            problem(path + ".cites", "must be the document's step (\"step 3\") or {document: ID, step: TEXT} (got " + kind(ci) + ")");
        }
        List<RunbookStep.EvidenceSpec> evidence = new ArrayList<>();
        JsonNode ev = node.path("evidence");
        if (ev.isArray()) {
            for (int i = 0; i < ev.size(); i++) {
                RunbookStep.EvidenceSpec e = evidence(ev.get(i), path + ".evidence[" + i + "]");
                if (e != null) {
                    evidence.add(e);
                }
            }
        } else if (!ev.isMissingNode()) {
            problem(path + ".evidence", "must be a list like [port-binding:2, {check: journal, lines: 4, only: problem}] (got " + kind(ev) + ")");
        }
        RunbookStep.FixSpec fix = null;
        JsonNode f = node.path("fix");
        if (f.isObject()) {
            keys(f, path + ".fix", Set.of("advice", "action"));
            String advice = text(f, path + ".fix", "advice", true);
            if (advice != null) {
                fix = new RunbookStep.FixSpec(advice, text(f, path + ".fix", "action", false));
            }
        } else if (!f.isMissingNode()) {
            problem(path + ".fix", "must be a mapping like {advice: restart the service, action: restart-service} (got " + kind(f) + ")");
        }
        boolean alsoWhenAnswering = false;
        JsonNode a = node.path("also_when_answering");
        if (a.isBoolean()) {
            alsoWhenAnswering = a.asBoolean();
        } else if (!a.isMissingNode() && !a.isNull()) {
            problem(path + ".also_when_answering", "must be true or false (got " + kind(a) + ")");
        }
        if (id == null) {
            return null;
        }
        return new RunbookStep(id, text(node, path, "check", false), text(node, path, "topic", false),
                text(node, path, "unavailable", false), when, failsIf, text(node, path, "cause", false), cites, evidence, fix, path,
                alsoWhenAnswering);
    }

    RunbookStep.EvidenceSpec evidence(JsonNode node, String path) {
        if (node.isTextual()) {
            String v = value(node, path);
            int colon = v.lastIndexOf(':');
            if (colon > 0) {
                try {
                    return new RunbookStep.EvidenceSpec(v.substring(0, colon), Integer.parseInt(v.substring(colon + 1)), null);
                } catch (NumberFormatException e) {
                    problem(path, "write CHECK or CHECK:LINES, e.g. port-binding:2 (got " + v + ")");
                    return null;
                }
            }
            return new RunbookStep.EvidenceSpec(v, 0, null);
        }
        if (node.isObject()) {
            keys(node, path, Set.of("check", "lines", "only"));
            String check = text(node, path, "check", true);
            String only = text(node, path, "only", false);
            if (only != null && !Set.of("problem", "fail").contains(only)) {
                problem(path + ".only", "must be problem or fail (got " + only + ")");
            }
            int lines = node.path("lines").asInt(0);
            return check == null ? null : new RunbookStep.EvidenceSpec(check, lines, only);
        }
        problem(path, "must be CHECK:LINES or {check, lines, only} (got " + kind(node) + ")");
        return null;
    }

    public Condition condition(JsonNode node, String path) {
        if (node.isArray()) {
            List<Condition> all = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                Condition c = condition(node.get(i), path + "[" + i + "]");
                if (c != null) {
                    all.add(c);
                }
            }
            return new Condition.All(all);
        }
        if (!node.isObject()) {
            problem(path, "a condition is a mapping like {failed: STEP}, {passed: STEP}, {fact: CHECK.FACT, equals: VALUE},"
                    + " {any: [...]}, {not: ...} (got " + kind(node) + ")");
            return null;
        }
        keys(node, path, CONDITION_KEYS);
        if (node.has("failed")) {
            return new Condition.Failed(value(node.get("failed"), path + ".failed"));
        }
        if (node.has("passed")) {
            return new Condition.Passed(value(node.get("passed"), path + ".passed"));
        }
        if (node.has("ran")) {
            return new Condition.Ran(strings(node.get("ran"), path + ".ran"));
        }
        if (node.has("all") || node.has("any")) {
            JsonNode list = node.has("all") ? node.get("all") : node.get("any");
            String p = path + (node.has("all") ? ".all" : ".any");
            if (!list.isArray()) {
                problem(p, "must be a list of conditions (got " + kind(list) + ")");
                return null;
            }
            List<Condition> parts = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Condition part = condition(list.get(i), p + "[" + i + "]");
                if (part != null) {
                    parts.add(part);
                }
            }
            return node.has("all") ? new Condition.All(parts) : new Condition.Any(parts);
        }
        if (node.has("not")) {
            Condition inner = condition(node.get("not"), path + ".not");
            return inner == null ? null : new Condition.Not(inner);
        }
        if (node.has("fact")) {
            List<String> names = strings(node.get("fact"), path + ".fact");
            for (String op : List.of("equals", "in", "has")) {
                if (node.has(op)) {
                    return new Condition.Fact(names, op, strings(node.get(op), path + "." + op));
                }
            }
            return new Condition.Fact(names, "present", List.of());
        }
        problem(path, "names no condition: use failed, passed, fact, ran, all, any or not");
        return null;
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** One value or a list of them, each with {@code ${VAR}} applied. */
    private List<String> strings(JsonNode node, String path) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String v = n.scalar(node.get(i), path + "[" + i + "]");
                if (v != null) {
                    out.add(v);
                }
            }
            return out;
        }
        String v = n.scalar(node, path);
        return v == null ? List.of() : List.of(v);
    }

    private void keys(JsonNode node, String path, Set<String> allowed) {
        n.keys(node, path, allowed);
    }

    private String text(JsonNode parent, String path, String key, boolean required) {
        return n.string(parent, path, key, required);
    }

    /** A single value with {@code ${VAR}} applied, stripped; "" when it is not one (the problem said). */
    private String value(JsonNode node, String path) {
        String v = n.scalar(node, path);
        return v == null ? "" : v.strip();
    }

    private void problem(String path, String message) {
        n.problem(path, message);
    }

    private static String kind(JsonNode node) {
        return ConfigNodes.kind(node);
    }
}
