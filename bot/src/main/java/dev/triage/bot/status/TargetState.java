package dev.triage.bot.status;

import dev.triage.adapters.Tone;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import java.util.List;

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

    /** DOWN when any check fails; UNKNOWN when some couldn't run and none fail; DEGRADED on warnings. */
    public static TargetState of(List<CheckResult> results) {
        boolean fail = results.stream().anyMatch(r -> r.status() == Status.FAIL);
        boolean error = results.stream().anyMatch(r -> r.status() == Status.ERROR);
        boolean warn = results.stream().anyMatch(r -> r.status() == Status.WARN);
        boolean ran = results.stream().anyMatch(r -> r.status() != Status.SKIPPED);
        if (fail) return DOWN;
        if (error || !ran) return UNKNOWN;
        if (warn) return DEGRADED;
        return UP;
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
