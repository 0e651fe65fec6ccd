package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Reads {@code commands:} into {@link CommandDefinition}s, reporting each mistake with its place, e.g.
 * {@code commands[1].runs.runbook: unknown runbook (got foo)}. A null set of known names means any
 * name is accepted (the built-in list in the jar is read that way).
 */
public final class CommandParser {
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Set<String> KINDS = Set.of("checks", "runbook", "action", "builtin");

    /** The names each kind of reference may use; null = not checked. */
    public record Known(Set<String> roles, Set<String> checks, Set<String> runbooks, Set<String> actions, Set<String> builtins) {
        public static final Known ANY = new Known(null, null, null, null, null);
    }

    private final Known known;
    private final ConfigNodes n;

    /** For commands outside a configuration file (the jar's own): no environment. */
    public CommandParser(Known known, BiConsumer<String, String> problems) {
        this(known, ConfigNodes.shipped(problems));
    }

    /** For the configuration's {@code commands:}: {@code ${VAR}} applies to every value, as everywhere else in the file. */
    CommandParser(Known known, ConfigNodes nodes) {
        this.known = known;
        this.n = nodes;
    }

    /** Reads a file whose top level is {@code commands:}; {@code place} names the file in messages. */
    public static List<CommandDefinition> parseFile(String yaml, String place, Known known, List<Problem> into) {
        JsonNode root;
        try {
            root = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            into.add(new Problem(place, "not valid YAML: " + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("")));
            return List.of();
        }
        return new CommandParser(known, (p, m) -> into.add(new Problem(place + ": " + p, m))).commands(root.path("commands"), "commands");
    }

    public List<CommandDefinition> commands(JsonNode node, String path) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            n.problem(path, "must be a list of commands, each with name, help, role and runs (got " + kind(node) + ")");
            return List.of();
        }
        List<CommandDefinition> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String p = path + "[" + i + "]";
            CommandDefinition d = command(node.get(i), p);
            if (d != null && !seen.add(d.name())) {
                n.problem(p + ".name", "defined twice (got " + d.name() + ")");
            } else if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    private CommandDefinition command(JsonNode c, String p) {
        if (!c.isObject()) {
            n.problem(p, "must be a mapping like {name: db, help: \"...\", role: everyone, runs: {checks: [http-health]}} (got "
                    + kind(c) + ")");
            return null;
        }
        n.keys(c, p, Set.of("name", "help", "role", "runs"));
        String name = text(c, "name", p);
        if (name == null) {
            n.problem(p + ".name", "required");
            return null;
        }
        if (!NAME.matcher(name).matches() || name.equals("help")) {
            n.problem(p + ".name", "must be a lowercase word of letters, digits and -, not help (got " + name + ")");
            return null;
        }
        boolean builtin = known.builtins() == null || known.builtins().contains(name);
        int before = n.problemCount();
        String help = text(c, "help", p);
        if (help == null && !builtin && n.problemCount() == before) {
            n.problem(p + ".help", "required: the line /backend help shows for " + name);
        }
        String role = text(c, "role", p);
        if (role != null) {
            check(known.roles(), role, p + ".role", "role");
        }
        CommandDefinition.Runs runs = runs(c.path("runs"), p + ".runs");
        if (runs == null && !c.has("runs") && !builtin) {
            n.problem(p + ".runs", "required for a new command: {checks: [...]}, {runbook: NAME} or {action: ACTION_ID}"
                    + " (" + name + " is not a built-in command)");
        }
        return new CommandDefinition(name, help, role, runs);
    }

    private CommandDefinition.Runs runs(JsonNode r, String p) {
        if (r.isMissingNode() || r.isNull()) {
            return null;
        }
        List<String> kinds = new ArrayList<>();
        if (r.isObject()) {
            r.fieldNames().forEachRemaining(kinds::add);
        }
        if (kinds.size() != 1 || !KINDS.contains(kinds.get(0))) {
            n.problem(p, "must be one of {checks: [...]}, {runbook: NAME}, {action: ACTION_ID} or {builtin: NAME} (got "
                    + (r.isObject() ? String.join(", ", kinds) : kind(r)) + ")");
            return null;
        }
        String kind = kinds.get(0);
        String at = p + "." + kind;
        JsonNode v = r.get(kind);
        if (kind.equals("checks")) {
            if (!v.isArray() || v.isEmpty()) {
                n.problem(at, "must be a non-empty list of check ids (got " + kind(v) + ")");
                return null;
            }
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                String id = text(v, i, at);
                if (check(known.checks(), id, at + "[" + i + "]", "check")) {
                    ids.add(id);
                }
            }
            return ids.size() == v.size() ? new CommandDefinition.Checks(ids) : null;
        }
        String name = v.isValueNode() ? java.util.Objects.requireNonNullElse(n.scalar(v, at), "").strip() : "";
        if (name.isEmpty()) {
            n.problem(at, "must name a " + kind + " (got " + kind(v) + ")");
            return null;
        }
        return switch (kind) {
            case "runbook" -> check(known.runbooks(), name, at, "runbook") ? new CommandDefinition.RunbookRun(name) : null;
            case "action" -> check(known.actions(), name, at, "action") ? new CommandDefinition.ActionRun(name) : null;
            default -> check(known.builtins(), name, at, "built-in command") ? new CommandDefinition.Builtin(name) : null;
        };
    }

    private boolean check(Set<String> names, String name, String path, String what) {
        if (names == null || names.contains(name)) {
            return true;
        }
        n.problem(path, "unknown " + what + " (got " + name + ")" + Suggestions.didYouMean(name, names)
                + "; " + what + "s: " + String.join(", ", new java.util.TreeSet<>(names)));
        return false;
    }

    private String text(JsonNode c, String key, String path) {
        return n.string(c, path, key, false);
    }

    /** The {@code i}th value of a list, with {@code ${VAR}} applied; "" when it is not a single value (the problem said). */
    private String text(JsonNode list, int i, String path) {
        String v = n.scalar(list.get(i), path + "[" + i + "]");
        return v == null ? "" : v.strip();
    }

    private static String kind(JsonNode node) {
        return ConfigNodes.kind(node);
    }
}
