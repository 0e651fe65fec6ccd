package dev.triage.checks.action;

import java.util.Objects;

/**
 * One verification's step, and its short form for the outcome's summary ({@code port 8000 at 2.1 s}).
 *
 * @param followUp the action that would fix what this step found wrong (e.g. {@code restart-nginx} when the service is
 *                 back but nginx still answers 502); null when none
 */
public record Verified(ActionStep step, String brief, String followUp) {
    public Verified {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(brief, "brief");
    }

    public Verified(ActionStep step, String brief) {
        this(step, brief, null);
    }
}
