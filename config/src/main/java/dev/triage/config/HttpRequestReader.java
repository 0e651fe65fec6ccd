package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads what an {@code http} check sends — {@code method}, {@code headers}, {@code body} of one
 * {@code targets[].http} entry — with {@code ${VAR}} substitution, reporting each problem as
 * {@code path: what is wrong (got X)}. Header values and bodies are never quoted in a problem (they may be
 * secrets): a problem names their place, and the variable they came from.
 */
final class HttpRequestReader {
    private final EnvSubstitution substitution;
    private final BiConsumer<String, String> problem;
    private final SecretSink secrets;

    /**
     * @param nodes the shared readers: {@code ${VAR}}, the problems' sink, and the secrets' — told every value that may
     *              be secret: a header value that looks like one or came from the environment, and everything a body
     *              took from the environment
     */
    HttpRequestReader(ConfigNodes nodes) {
        this.substitution = nodes.substitution;
        this.problem = nodes::problem;
        this.secrets = nodes.secrets;
    }

    /** The request of the entry at {@code path}; null when it has problems (each reported). */
    HttpRequestSpec read(JsonNode entry, String path) {
        int[] count = {0};
        BiConsumer<String, String> counting = (p, m) -> {
            count[0]++;
            problem.accept(p, m);
        };
        String method = method(entry, path, counting);
        Map<String, Secret> headers = headers(entry.path("headers"), path + ".headers", counting);
        Secret body = body(entry.path("body"), path + ".body", method, counting);
        if (count[0] > 0 || method == null) {
            return null;
        }
        return new HttpRequestSpec(method, headers, body);
    }

    private String method(JsonNode entry, String path, BiConsumer<String, String> problems) {
        JsonNode m = entry.path("method");
        if (m.isMissingNode() || m.isNull()) {
            return "GET";
        }
        String p = path + ".method";
        if (!m.isValueNode()) {
            problems.accept(p, "must be one of " + String.join(", ", HttpRequestSpec.METHODS) + " (got " + kind(m) + ")");
            return null;
        }
        String v = substitution.apply(m.asText(), var -> problems.accept(p, ConfigNodes.unset(var))).strip().toUpperCase(Locale.ROOT);
        if (!HttpRequestSpec.METHODS.contains(v)) {
            problems.accept(p, "must be one of " + String.join(", ", HttpRequestSpec.METHODS) + " (got " + m.asText().strip() + ")"
                    + Suggestions.didYouMean(v, HttpRequestSpec.METHODS));
            return null;
        }
        return v;
    }

    private Map<String, Secret> headers(JsonNode node, String path, BiConsumer<String, String> problems) {
        Map<String, Secret> out = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            problems.accept(path, "must map header names to values, e.g. {Authorization: \"Bearer ${API_TOKEN}\"} (got " + kind(node) + ")");
            return out;
        }
        node.fields().forEachRemaining(e -> {
            String name = e.getKey();
            String p = path + "." + name;
            if (!HttpRequestSpec.HEADER_NAME.matcher(name).matches()) {
                problems.accept(p, "not a header name: letters, digits and !#$%&'*+-.^_`|~ only (got " + name + ")");
                return;
            }
            JsonNode raw = e.getValue();
            if (raw == null || raw.isNull() || !raw.isValueNode()) {
                problems.accept(p, "must be the header's value, a single line (got " + kind(raw) + ")");
                return;
            }
            boolean[] unset = {false};
            java.util.List<String> fromEnv = new java.util.ArrayList<>();
            String v = substitution.apply(raw.asText(), var -> {
                unset[0] = true;
                problems.accept(p, ConfigNodes.unset(var));
            }, fromEnv::add);
            if (unset[0]) {
                return;
            }
            if (HttpRequestSpec.lineBreak(v)) {
                problems.accept(p, "must not hold a line break (CR or LF): it would end the header" + from(raw) + "; the value is not shown");
                return;
            }
            if (!HttpRequestSpec.printable(v)) {
                problems.accept(p, "must be printable ASCII: a control or non-ASCII character can't be sent in a header" + from(raw)
                        + "; the value is not shown");
                return;
            }
            fromEnv.forEach(secrets::seen);
            if (Redactor.looksSecret(name, v)) {
                secrets.seen(v);
            }
            out.put(name, Secret.of(v, p));
        });
        return out;
    }

    private Secret body(JsonNode node, String path, String method, BiConsumer<String, String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            problems.accept(path, "must be the request body as text, e.g. body: '{\"userId\": \"triage-probe\"}' (got " + kind(node) + ")");
            return null;
        }
        if (method != null && !HttpRequestSpec.sendsBodyAllowed(method)) {
            problems.accept(path, "a " + method + " request sends no body: set method to POST, PUT or PATCH, or remove body");
            return null;
        }
        boolean[] unset = {false};
        java.util.List<String> fromEnv = new java.util.ArrayList<>();
        String v = substitution.apply(node.asText(), var -> {
            unset[0] = true;
            problems.accept(path, ConfigNodes.unset(var));
        }, fromEnv::add);
        if (unset[0]) {
            return null;
        }
        fromEnv.forEach(secrets::seen);
        return Secret.of(v, path);
    }

    private static String from(JsonNode raw) {
        return EnvSubstitution.references(raw.asText()) ? " (it comes from " + raw.asText().strip() + ")" : "";
    }

    /** Like {@link ConfigNodes#kind} but never the value itself: a header value or a body may be a secret. */
    private static String kind(JsonNode node) {
        String kind = ConfigNodes.kind(node);
        return node != null && node.isValueNode() && !node.isNull() ? "a value" : kind;
    }
}
