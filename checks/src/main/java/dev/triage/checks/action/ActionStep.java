package dev.triage.checks.action;

import dev.triage.checks.Status;
import java.time.Duration;
import java.util.Objects;

/**
 * One finished step of an action: {@code gate nginx -t OK 40 ms}, {@code command … exit 0 2.1 s},
 * {@code verify port 8000 listening OK at 2.1 s}.
 */
public record ActionStep(Phase phase, String name, Status status, String detail, Duration took) {
    public enum Phase { GATE, COMMAND, VERIFY }

    public ActionStep {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
        took = took == null ? Duration.ZERO : took;
    }
}
