package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the top-level {@code checks:} list — the checks a team writes without code — reporting every
 * malformed part with its place: an unknown placeholder in a command, an invalid regular expression, a
 * JSON expectation that doesn't parse, a name already taken.
 */
public final class CustomCheckParser {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Set<String> TYPES = Set.of("command", "http");
    private static final Set<String> COMMAND_KEYS = Set.of("name", "type", "run", "expect_exit", "ok_if", "warn_if", "fail_if", "timeout");
    private static final Set<String> HTTP_KEYS = Set.of("name", "type", "url", "expect_status", "headers", "json");

    private final Set<String> builtIn;
    private final ConfigNodes n;

    /**
     * For checks outside a configuration file: no environment.
     *
     * @param builtIn  the ids of the checks written in Java, which a custom check may not reuse
     * @param problems receives each problem as (place, what is wrong)
     */
    public CustomCheckParser(Set<String> builtIn, BiConsumer<String, String> problems) {
        this(builtIn, ConfigNodes.shipped(problems));
    }

    /** For the configuration's {@code checks:}: {@code ${VAR}} applies to every value, as everywhere else in the file. */
    CustomCheckParser(Set<String> builtIn, ConfigNodes nodes) {
        this.builtIn = builtIn;
        this.n = nodes;
    }

    /**
     * Every name given to a check, even one with other mistakes, so that using it elsewhere is not
     * reported again as an unknown check.
     */
    public Set<String> names() {
        return java.util.Collections.unmodifiableSet(names.keySet());
    }

    public List<CustomCheck> checks(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problem("checks", "must be a list of checks, each with name, type (command or http) and what it expects (got "
                    + kind(node) + ")");
            return List.of();
        }
        List<CustomCheck> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            CustomCheck c = check(node.get(i), "checks[" + i + "]", names);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private CustomCheck check(JsonNode node, String path, Map<String, String> seen) {
        if (!node.isObject()) {
            problem(path, "must be a mapping like {name: queue-depth, type: command, run: \"…\"} (got " + kind(node) + ")");
            return null;
        }
        String name = text(node, path, "name", true);
        if (name != null && !NAME.matcher(name).matches()) {
            problem(path + ".name", "use lower-case letters, digits, '.', '_' or '-' (got " + name + ")");
            name = null;
        } else if (name != null && builtIn.contains(name)) {
            problem(path + ".name", "is a built-in check's id; choose another name (got " + name + ")");
            name = null;
        } else if (name != null && seen.putIfAbsent(name, path) != null) {
            problem(path + ".name", "duplicate check name (got " + name + ", also at " + seen.get(name) + ")");
            name = null;
        }
        String type = text(node, path, "type", true);
        if (type != null && !TYPES.contains(type)) {
            problem(path + ".type", "must be command or http (got " + type + ")" + Suggestions.didYouMean(type, TYPES));
            return null;
        }
        if (type == null) {
            return null;
        }
        return type.equals("command") ? command(node, path, name) : http(node, path, name);
    }

    private CommandCheckSettings command(JsonNode node, String path, String name) {
        keys(node, path, COMMAND_KEYS);
        int before = n.problemCount();
        String run = text(node, path, "run", true);
        if (run != null) {
            List<String> unknown = CommandPlaceholders.unknown(run);
            for (String u : unknown) {
                problem(path + ".run", "unknown placeholder {" + u + "}; known: " + placeholders() + " — a command takes only configured values");
            }
        }
        Integer expectExit = 0;
        if (node.has("expect_exit")) {
            JsonNode e = node.get("expect_exit");
            if ("any".equals(e.asText())) {
                expectExit = null;
            } else if (e.canConvertToInt() && e.isIntegralNumber() && e.asInt() >= 0 && e.asInt() <= 255) {
                expectExit = e.asInt();
            } else {
                problem(path + ".expect_exit", "must be an exit status 0..255, or any (got " + e.asText() + ")");
            }
        }
        Pattern okIf = regex(node, path, "ok_if");
        Pattern warnIf = regex(node, path, "warn_if");
        Pattern failIf = regex(node, path, "fail_if");
        Duration timeout = null;
        String t = text(node, path, "timeout", false);
        if (t != null) {
            var d = Durations.parse(t);
            if (d.isEmpty() || d.get().isZero()) {
                problem(path + ".timeout", "not a duration (got " + t + "); write it like 500ms, 10s or 1m");
            } else {
                timeout = d.get();
            }
        }
        if (n.problemCount() > before || name == null || run == null) {
            return null;
        }
        return new CommandCheckSettings(name, run, expectExit, okIf, warnIf, failIf, timeout, path);
    }

    private HttpCheckSettings http(JsonNode node, String path, String name) {
        keys(node, path, HTTP_KEYS);
        int before = n.problemCount();
        String url = text(node, path, "url", true);
        if (url != null && !url.startsWith("/")) {
            try {
                URI u = new URI(url);
                if (u.getScheme() == null || !Set.of("http", "https").contains(u.getScheme()) || u.getHost() == null) {
                    problem(path + ".url", "must be a path like /ready or an http(s):// URL (got " + url + ")");
                }
            } catch (URISyntaxException e) {
                problem(path + ".url", "not a URL: " + e.getReason() + " (got " + url + ")");
            }
        }
        int expectStatus = 200;
        if (node.has("expect_status")) {
            JsonNode e = node.get("expect_status");
            if (e.canConvertToInt() && e.asInt() >= 100 && e.asInt() <= 599) {
                expectStatus = e.asInt();
            } else {
                problem(path + ".expect_status", "must be an HTTP status 100..599 (got " + e.asText() + ")");
            }
        }
        Map<String, Pattern> headers = new LinkedHashMap<>();
        JsonNode h = node.path("headers");
        if (h.isObject()) {
            h.fields().forEachRemaining(e -> {
                Pattern p = compile(e.getValue().asText(), path + ".headers." + e.getKey());
                if (p != null) {
                    headers.put(e.getKey(), p);
                }
            });
        } else if (!h.isMissingNode() && !h.isNull()) {
            problem(path + ".headers", "must map header names to regular expressions, e.g. {Content-Type: json} (got " + kind(h) + ")");
        }
        List<JsonExpectation> json = new ArrayList<>();
        JsonNode j = node.path("json");
        if (j.isArray()) {
            for (int i = 0; i < j.size(); i++) {
                String p = path + ".json[" + i + "]";
                if (!j.get(i).isTextual()) {
                    problem(p, "must be an expectation like '$.db == \"ok\"' (got " + kind(j.get(i)) + ")");
                    continue;
                }
                try {
                    json.add(JsonExpectation.parse(j.get(i).asText()));
                } catch (IllegalArgumentException e) {
                    problem(p, "not a JSON expectation: " + e.getMessage());
                }
            }
        } else if (!j.isMissingNode() && !j.isNull()) {
            problem(path + ".json", "must be a list of expectations like '$.db == \"ok\"' (got " + kind(j) + ")");
        }
        if (n.problemCount() > before || name == null || url == null) {
            return null;
        }
        return new HttpCheckSettings(name, url, expectStatus, headers, json, path);
    }

    private Pattern regex(JsonNode node, String path, String key) {
        String v = text(node, path, key, false);
        return v == null ? null : compile(v, path + "." + key);
    }

    private Pattern compile(String regex, String place) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            problem(place, "not a valid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "") + " (got " + regex + ")");
            return null;
        }
    }

    private static String placeholders() {
        StringBuilder s = new StringBuilder();
        for (String p : CommandPlaceholders.CONFIGURED) {
            s.append(s.isEmpty() ? "" : ", ").append('{').append(p).append('}');
        }
        return s.toString();
    }

    private final Map<String, String> names = new LinkedHashMap<>();

    private void problem(String path, String message) {
        n.problem(path, message);
    }

    private void keys(JsonNode node, String path, Set<String> allowed) {
        n.keys(node, path, allowed, "; a " + node.path("type").asText() + " check takes " + String.join(", ", new TreeSet<>(allowed)));
    }

    private String text(JsonNode parent, String path, String key, boolean required) {
        return n.string(parent, path, key, required);
    }

    private static String kind(JsonNode node) {
        return ConfigNodes.kind(node);
    }
}
