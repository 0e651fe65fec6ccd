package dev.triage.checks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one check saw: a status, one summary line, the evidence lines it judged on, how long it
 * took, and named facts other code may read (e.g. {@code version}, {@code http.status}).
 * Immutable. An unhealthy target is a result like any other, never an exception.
 */
public record CheckResult(
        String checkId,
        Status status,
        String summary,
        List<String> evidence,
        Duration duration,
        Map<String, String> facts) {

    public CheckResult {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(summary, "summary");
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        duration = duration == null ? Duration.ZERO : duration;
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    public static CheckResult of(String checkId, Status status, String summary, List<String> evidence) {
        return new CheckResult(checkId, status, summary, evidence, Duration.ZERO, Map.of());
    }

    public static CheckResult skipped(String checkId, String why) {
        return of(checkId, Status.SKIPPED, why, List.of());
    }

    public static CheckResult error(String checkId, String why) {
        return of(checkId, Status.ERROR, why, List.of());
    }

    public CheckResult withDuration(Duration took) {
        return new CheckResult(checkId, status, summary, evidence, took, facts);
    }

    public CheckResult withFacts(Map<String, String> more) {
        var merged = new java.util.LinkedHashMap<>(facts);
        merged.putAll(more);
        return new CheckResult(checkId, status, summary, evidence, duration, merged);
    }

    public String fact(String name) {
        return facts.get(name);
    }
}
