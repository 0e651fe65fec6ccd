package dev.triage.checks.action;

import java.util.Objects;

/**
 * One verification's step, and its short form for the outcome's summary ({@code port 8000 at 2.1 s}).
 */
public record Verified(ActionStep step, String brief) {
    public Verified {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(brief, "brief");
    }
}
