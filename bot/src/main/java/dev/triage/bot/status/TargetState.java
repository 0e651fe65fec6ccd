package dev.triage.bot.status;

import dev.triage.adapters.Tone;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.http.HttpCheck;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.checks.net.TcpConnectCheck;
import java.util.List;
import java.util.Set;

/** A target's overall state, derived from its checks' results. */
public enum TargetState {
    UP(Tone.OK),
    DEGRADED(Tone.WARN),
    DOWN(Tone.FAIL),
    UNKNOWN(Tone.ERROR);

    private final Tone tone;

    TargetState(Tone tone) {
        this.tone = tone;
    }

    public Tone tone() {
        return tone;
    }

    /**
     * One meaning for {@code check}, {@code status}, {@code diagnose} and the probes: whether the target answers from
     * outside decides UP or DOWN — its HTTP checks ({@code http-health}, {@code http}), else {@code tcp-connect} —
     * and what the host-side checks find (a FAIL or WARN) makes an answering target DEGRADED. A host check that could
     * not look (ERROR) finds nothing. UNKNOWN when the outside checks could not run at all. With no outside check,
     * the host's checks decide: DOWN on a FAIL.
     */
    public static TargetState of(List<CheckResult> results) {
        List<CheckResult> outside = ran(results, Set.of(HttpHealthCheck.ID, HttpCheck.ID));
        if (outside.isEmpty()) {
            outside = ran(results, Set.of(TcpConnectCheck.ID));
        }
        if (!outside.isEmpty()) {
            if (outside.stream().anyMatch(r -> r.status() == Status.FAIL)) {
                return DOWN;
            }
            if (outside.stream().allMatch(r -> r.status() == Status.ERROR)) {
                return UNKNOWN;
            }
            boolean findings = results.stream().anyMatch(r -> r.status() == Status.WARN || r.status() == Status.FAIL);
            return findings ? DEGRADED : UP;
        }
        boolean fail = results.stream().anyMatch(r -> r.status() == Status.FAIL);
        boolean error = results.stream().anyMatch(r -> r.status() == Status.ERROR);
        boolean warn = results.stream().anyMatch(r -> r.status() == Status.WARN);
        boolean ran = results.stream().anyMatch(r -> r.status() != Status.SKIPPED);
        if (fail) return DOWN;
        if (error || !ran) return UNKNOWN;
        if (warn) return DEGRADED;
        return UP;
    }

    private static List<CheckResult> ran(List<CheckResult> results, Set<String> ids) {
        return results.stream().filter(r -> ids.contains(r.checkId()) && r.status() != Status.SKIPPED).toList();
    }

    public static Tone toneOf(Status status) {
        return switch (status) {
            case OK -> Tone.OK;
            case SKIPPED -> Tone.SKIPPED;
            case WARN -> Tone.WARN;
            case FAIL -> Tone.FAIL;
            case ERROR -> Tone.ERROR;
        };
    }
}
