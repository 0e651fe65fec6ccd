package dev.triage.checks;

import dev.triage.config.Target;

/**
 * Inspects one aspect of one target. Implementations are small, named for what they inspect,
 * and never throw for an unhealthy target: that is a {@link Status#FAIL} result. A check that
 * cannot run returns {@link Status#ERROR}; one not configured for the target returns
 * {@link Status#SKIPPED}. Each check honours the target's deadline; {@link CheckRunner} also
 * enforces it from outside.
 */
public interface Check {

    /** Stable id used in config, commands and messages, e.g. {@code http-health}. */
    String id();

    CheckResult run(Target target);
}
