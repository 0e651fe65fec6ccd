package dev.triage.checks.action;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How an action ended, with every step. {@code outputDigest} is a SHA-256 of the command's output
 * (stdout then stderr, lowercase hex), for the audit log (the output itself may hold things not fit for
 * chat); null when the command never ran (unavailable, a gate failed, the host could not be reached). {@code followUp}
 * is the action a failed verification points at (e.g. {@code restart-nginx}), offered on the same card; null when none.
 */
public record ActionOutcome(String actionId, String target, Result result, String summary, List<ActionStep> steps,
                            Duration took, String outputDigest, String followUp) {
    /** INTERRUPTED: the process running it stopped before it ended; what it did is unknown. */
    public enum Result { DONE, GATE_FAILED, COMMAND_FAILED, VERIFY_FAILED, UNAVAILABLE, ERROR, INTERRUPTED }

    public ActionOutcome {
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(summary, "summary");
        steps = steps == null ? List.of() : List.copyOf(steps);
        took = took == null ? Duration.ZERO : took;
    }

    public ActionOutcome(String actionId, String target, Result result, String summary, List<ActionStep> steps,
                         Duration took, String outputDigest) {
        this(actionId, target, result, summary, steps, took, outputDigest, null);
    }

    public boolean succeeded() {
        return result == Result.DONE;
    }
}
