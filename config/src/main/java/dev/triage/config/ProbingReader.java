package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code probing:} and each target's {@code probe:} rules, checked as the prober would. Reads through the shared
 * {@link ConfigNodes} of the file's walk: {@code ${VAR}}, one problem sink, the secrets.
 */
final class ProbingReader extends ConfigNodes {
    /** The built-in check ids plus the names of the file's own {@code checks:}: what a probe may run. */
    private final Set<String> checkIds;

    ProbingReader(ConfigNodes shared, Set<String> checkIds) {
        super(shared);
        this.checkIds = checkIds;
    }

    Probing probing(JsonNode root) {
        boolean enabled = true;
        int maxInFlight = Probing.DEFAULT_MAX_IN_FLIGHT;
        JsonNode p = root.path("probing");
        if (p.isObject()) {
            keys(p, "probing", Set.of("enabled", "max_in_flight"));
            enabled = bool(p, "probing", "enabled", true);
            if (p.has("max_in_flight")) {
                JsonNode m = p.get("max_in_flight");
                if (m.canConvertToInt() && m.asInt() >= 1 && m.asInt() <= 10_000) {
                    maxInFlight = m.asInt();
                } else {
                    problem("probing.max_in_flight", "must be 1..10000 (got " + m.asText() + ")");
                }
            }
        } else if (!p.isMissingNode() && !p.isNull()) {
            problem("probing", "must be a mapping like {enabled: true, max_in_flight: 64} (got " + kind(p) + ")");
        }
        Map<String, Probing.TargetProbe> perTarget = new LinkedHashMap<>();
        JsonNode targets = root.path("targets");
        if (targets.isArray()) {
            for (int i = 0; i < targets.size(); i++) {
                JsonNode t = targets.get(i);
                if (t.isObject() && t.has("probe")) {
                    Probing.TargetProbe tp = targetProbe(t.get("probe"), "targets[" + i + "].probe");
                    String name = t.path("name").asText(null);
                    if (tp != null && name != null) {
                        perTarget.put(substitution.apply(name, v -> { }), tp);
                    }
                }
            }
        }
        return new Probing(enabled, maxInFlight, perTarget);
    }

    Probing.TargetProbe targetProbe(JsonNode node, String path) {
        if (!node.isObject()) {
            problem(path, "must be a mapping like {interval: 30s, failures_before_down: 3} (got " + kind(node) + ")");
            return null;
        }
        keys(node, path, Set.of("enabled", "checks", "interval", "timeout", "failures_before_down", "successes_before_up",
                "jitter", "reminder"));
        boolean enabled = bool(node, path, "enabled", true);
        List<String> checks = node.has("checks") ? checkList(node.get("checks"), path + ".checks", checkIds) : null;
        Duration interval = duration(node, path, "interval");
        if (interval != null && interval.toMillis() < 100) {
            problem(path + ".interval", "must be at least 100ms (got " + Durations.format(interval) + ")");
        }
        Duration timeout = duration(node, path, "timeout");
        Duration jitter = duration(node, path, "jitter");
        Duration reminder = duration(node, path, "reminder");
        // The rules the prober holds a schedule to, checked here so that validate refuses what run would.
        Duration every = interval != null ? interval : Probing.DEFAULT_INTERVAL;
        if (timeout != null && timeout.compareTo(every) > 0) {
            problem(path + ".timeout", "is longer than the interval " + Durations.format(every) + ": probes of one target"
                    + " would overlap (got " + Durations.format(timeout) + ")");
        }
        if (jitter != null && jitter.compareTo(every) > 0) {
            problem(path + ".jitter", "must be at most the interval " + Durations.format(every) + " (got "
                    + Durations.format(jitter) + ")");
        }
        Duration reminds = reminder != null ? reminder : Probing.DEFAULT_REMINDER;
        if (reminds.compareTo(every) < 0) {
            problem(path + (reminder != null ? ".reminder" : ".interval"), "the reminder every " + Durations.format(reminds)
                    + (reminder != null ? "" : " (the default)") + " is shorter than the interval " + Durations.format(every)
                    + ": it would remind on every probe; set reminder to at least the interval");
        }
        return new Probing.TargetProbe(enabled, checks, interval, timeout,
                count(node, path, "failures_before_down"), count(node, path, "successes_before_up"), jitter, reminder);
    }

    Integer count(JsonNode node, String path, String key) {
        if (!node.has(key)) {
            return null;
        }
        JsonNode v = node.get(key);
        if (v.canConvertToInt() && v.asInt() >= 1 && v.asInt() <= 100) {
            return v.asInt();
        }
        problem(path + "." + key, "must be 1..100 (got " + v.asText() + ")");
        return null;
    }

}
