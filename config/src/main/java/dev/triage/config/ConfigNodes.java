package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The readers every section of the configuration shares: each value read through them has {@code ${VAR}} applied,
 * and each mistake goes to one sink as {@code (place, what is wrong)} — never an exception — so that one pass
 * reports everything. The section readers ({@link ConfigLoader}'s walk, {@link CloudSettingsReader},
 * {@link HttpRequestReader}, {@link CustomCheckParser}, {@link CommandParser}, {@link RunbookParser}) hold one.
 */
class ConfigNodes {
    /** Substitution for files that are not the user's configuration (the runbooks and commands in the jar). */
    static final EnvSubstitution NO_ENVIRONMENT = new EnvSubstitution(java.util.Map.of());

    final EnvSubstitution substitution;
    final SecretSink secrets;
    private final BiConsumer<String, String> sink;
    private int problems;

    ConfigNodes(EnvSubstitution substitution, BiConsumer<String, String> sink, SecretSink secrets) {
        this.substitution = substitution;
        this.sink = sink;
        this.secrets = secrets;
    }

    /** Readers of another section of the same file: the same substitution, problem sink and secrets. */
    ConfigNodes(ConfigNodes shared) {
        this(shared.substitution, shared.sink, shared.secrets);
    }

    /** Readers for a file of the jar's own (runbooks, commands): no environment, nothing secret. */
    static ConfigNodes shipped(BiConsumer<String, String> sink) {
        return new ConfigNodes(NO_ENVIRONMENT, sink, value -> { });
    }

    void problem(String path, String message) {
        problems++;
        sink.accept(path, message);
    }

    /** How many problems were reported so far: a reader compares it before and after a part to know whether it failed. */
    int problemCount() {
        return problems;
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** What a node is, for "(got …)": nothing, a list, a mapping, or the value itself. */
    static String kind(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) return "nothing";
        if (node.isArray()) return "a list";
        if (node.isObject()) return "a mapping";
        return node.asText();
    }

    /** Reports keys that aren't in {@code allowed}, naming the closest one that is. */
    void keys(JsonNode node, String path, Set<String> allowed) {
        keys(node, path, allowed, "");
    }

    /** The same, with {@code more} after each (e.g. what the keys are). */
    void keys(JsonNode node, String path, Set<String> allowed, String more) {
        if (node == null || !node.isObject()) {
            return;
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                problem(join(path, k), "unknown key" + Suggestions.didYouMean(k, allowed) + more);
            }
        });
    }

    /** Whether {@code node} is a mapping; if not, says so with an example of one. */
    boolean mapping(JsonNode node, String path, String example) {
        if (node.isObject()) {
            return true;
        }
        problem(path, "must be a mapping like " + example + " (got " + kind(node) + ")");
        return false;
    }

    /** A single value with {@code ${VAR}} applied, as written (not stripped); null when absent or not a single value. */
    String scalar(JsonNode node, String path) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            problem(path, "must be a single value (got " + kind(node) + ")");
            return null;
        }
        return substitution.apply(node.asText(), var -> problem(path, unset(var)));
    }

    static String unset(String var) {
        return "environment variable " + var + " is not set (set it, or write ${" + var + ":-default})";
    }

    /** {@code parent.key} stripped; null when absent, blank or wrong (a problem said when it is wrong, or required). */
    String string(JsonNode parent, String path, String key, boolean required) {
        String p = join(path, key);
        int before = problems;
        String v = scalar(parent.path(key), p);
        if (problems > before) {
            return null;
        }
        if (v == null || v.isBlank()) {
            if (required) {
                problem(p, "required" + (v != null ? " (got an empty value)" : ""));
            }
            return null;
        }
        return v.strip();
    }

    /** A secret: required, best given as {@code ${ENV_VAR}}, never a placeholder; told to the redaction filter. */
    Secret secret(JsonNode parent, String path, String key) {
        return secret(parent, path, key, "a secret, best given as ${ENV_VAR}");
    }

    Secret secret(JsonNode parent, String path, String key, String what) {
        String p = join(path, key);
        JsonNode raw = parent.path(key);
        int before = problems;
        String v = scalar(raw, p);
        if (problems > before) {
            return null;
        }
        if (v == null || v.isBlank()) {
            problem(p, "required: " + what);
            return null;
        }
        v = v.strip();
        var bad = Placeholders.problem(v);
        if (bad.isPresent()) {
            String source = EnvSubstitution.references(raw.asText()) ? " (it comes from " + raw.asText().strip() + ")" : "";
            problem(p, "secret is " + bad.get() + source + "; set the real value");
            return null;
        }
        secrets.seen(v);
        return Secret.of(v, p);
    }

    URI url(JsonNode parent, String path, String key) {
        String v = string(parent, path, key, false);
        return v == null ? null : checkUrl(v, join(path, key));
    }

    URI webSocketUrl(JsonNode parent, String path, String key) {
        String v = string(parent, path, key, false);
        return v == null ? null : checkUrl(v, join(path, key), "ws", "wss");
    }

    URI checkUrl(String v, String path) {
        return checkUrl(v, path, "http", "https");
    }

    /** {@code v} as a URL with one of the two schemes and a host, or null with the problem said. */
    URI checkUrl(String v, String path, String plain, String secure) {
        try {
            URI u = new URI(v);
            if (u.getScheme() == null || !Set.of(plain, secure).contains(u.getScheme().toLowerCase(Locale.ROOT))) {
                problem(path, "must be " + ("http".equals(plain) ? "an " : "a ") + plain + ":// or " + secure + ":// URL (got " + v + ")");
                return null;
            }
            if (u.getHost() == null || u.getHost().isBlank()) {
                problem(path, "has no host (got " + v + ")");
                return null;
            }
            return u;
        } catch (URISyntaxException e) {
            problem(path, "not a URL: " + e.getReason() + " (got " + v + ")");
            return null;
        }
    }

    Integer port(JsonNode node, String path, boolean zeroAllowed) {
        String v = scalar(node, path);
        if (v == null) {
            return null;
        }
        try {
            int p = Integer.parseInt(v.strip());
            if (p < (zeroAllowed ? 0 : 1) || p > 65535) {
                problem(path, "must be " + (zeroAllowed ? 0 : 1) + "..65535 (got " + v + ")");
                return null;
            }
            return p;
        } catch (NumberFormatException e) {
            problem(path, "must be a port number (got " + v + ")");
            return null;
        }
    }

    /** A positive duration written like 500ms, 30s or 5m; null when absent or wrong. */
    Duration duration(JsonNode parent, String path, String key) {
        String v = string(parent, path, key, false);
        if (v == null) {
            return null;
        }
        var d = Durations.parse(v);
        if (d.isEmpty() || d.get().isZero()) {
            problem(join(path, key), "not a duration (got " + v + "); write it like 500ms, 30s or 5m");
            return null;
        }
        return d.get();
    }

    /** A duration between {@code min} and {@code max} (zero allowed when {@code min} is); null when absent or wrong. */
    Duration duration(JsonNode parent, String path, String key, Duration min, Duration max) {
        String v = string(parent, path, key, false);
        if (v == null) {
            return null;
        }
        var d = Durations.parse(v);
        if (d.isEmpty()) {
            problem(join(path, key), "not a duration (got " + v + "); write it like 500ms, 30s or 5m");
            return null;
        }
        if (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
            problem(join(path, key), "must be between " + Durations.format(min) + " and " + Durations.format(max) + " (got " + v + ")");
            return null;
        }
        return d.get();
    }

    boolean bool(JsonNode parent, String path, String key, boolean dflt) {
        String v = scalar(parent.path(key), join(path, key));
        if (v == null) {
            return dflt;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problem(join(path, key), "must be true or false (got " + v + ")");
                yield dflt;
            }
        };
    }

    /** A list of check ids, each of them one Triage knows ({@code known}); an unknown one is a problem naming the closest. */
    List<String> checkList(JsonNode node, String path, Set<String> known) {
        List<String> checks = stringList(node, path);
        for (int i = 0; i < checks.size(); i++) {
            if (!known.contains(checks.get(i))) {
                problem(path + "[" + i + "]", "unknown check (got " + checks.get(i) + ")" + Suggestions.didYouMean(checks.get(i), known));
            }
        }
        return checks;
    }

    /** A list of single values, each with {@code ${VAR}} applied and stripped; blanks left out. */
    List<String> stringList(JsonNode node, String path) {
        if (!node.isArray()) {
            problem(path, "must be a list (got " + kind(node) + ")");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String v = scalar(node.get(i), path + "[" + i + "]");
            if (v != null && !v.isBlank()) {
                out.add(v.strip());
            }
        }
        return out;
    }
}
