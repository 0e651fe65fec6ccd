package dev.triage.checks.action;

import dev.triage.config.Target;
import java.util.function.Consumer;

/**
 * Something that changes a system (restart, redeploy, firewall rule, reboot). Always three phases:
 * the gate (checks that must pass first, e.g. {@code nginx -t}), the command, and the verification
 * (e.g. the port listens within 30 s, then local and outside health). The command comes from the
 * target's configuration only; nothing typed in chat reaches it.
 */
public interface Action {

    /** Stable id, e.g. {@code restart-service}. */
    String id();

    /** What running it on {@code target} would do, without doing anything. */
    ActionPlan plan(Target target);

    /**
     * Runs gate → command → verification, reporting each step to {@code progress} as it finishes
     * (from the calling thread). A failed gate stops before the command. Never throws for an
     * unhealthy target; the outcome says what happened.
     */
    ActionOutcome run(Target target, Consumer<ActionStep> progress);
}
