package dev.triage.bot.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one probe of one target saw. Kept in memory only: the prober holds the last one per target
 * and feeds each to the target's {@link TargetHealth}; nothing writes a probe result to the database.
 *
 * @param target       the target's name
 * @param at           when the probe started
 * @param ok           whether every probe check passed (a slow answer, WARN, still counts as up)
 * @param latency      how long the probe's checks took
 * @param failingCheck id of the first check that failed; null when ok
 * @param summary      that check's one-line summary (e.g. {@code GET https://api/health → 502 Bad Gateway});
 *                     for a successful probe, the first check's summary
 * @param evidence     the failing check's evidence lines; empty when ok
 */
public record ProbeResult(
        String target,
        Instant at,
        boolean ok,
        Duration latency,
        String failingCheck,
        String summary,
        List<String> evidence,
        int httpStatus) {

    /** A result without an HTTP status (a TCP probe, a probe that never got an answer). */
    public ProbeResult(String target, Instant at, boolean ok, Duration latency, String failingCheck, String summary,
                       List<String> evidence) {
        this(target, at, ok, latency, failingCheck, summary, evidence, 0);
    }

    public ProbeResult {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(at, "at");
        latency = latency == null ? Duration.ZERO : latency;
        if (latency.isNegative()) {
            throw new IllegalArgumentException("probe latency cannot be negative: " + latency + " for " + target);
        }
        summary = summary == null ? "" : summary;
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        if (ok && failingCheck != null) {
            throw new IllegalArgumentException("a successful probe of " + target + " cannot name a failing check: " + failingCheck);
        }
        if (!ok && failingCheck == null) {
            throw new IllegalArgumentException("a failed probe of " + target + " must name its failing check");
        }
    }

    public static ProbeResult ok(String target, Instant at, Duration latency, String summary) {
        return new ProbeResult(target, at, true, latency, null, summary, List.of());
    }

    public static ProbeResult failed(String target, Instant at, Duration latency, String failingCheck, String summary,
                                     List<String> evidence) {
        return new ProbeResult(target, at, false, latency, failingCheck, summary, evidence);
    }

    /** The same result with the HTTP status its probe got (blackbox_exporter's {@code probe_http_status_code}). */
    public ProbeResult withHttpStatus(int status) {
        return new ProbeResult(target, at, ok, latency, failingCheck, summary, evidence, status);
    }

    /** As the incident root message shows it: {@code http-health → 502 Bad Gateway}. */
    public String headline() {
        if (ok) {
            return "ok · " + summary;
        }
        int arrow = summary.indexOf('→');
        return failingCheck + " → " + (arrow >= 0 ? summary.substring(arrow + 1).strip() : summary);
    }
}
