package dev.triage.checks.action;

import dev.triage.config.Target;

/**
 * What must hold before an action's command runs (e.g. {@code nginx -t} passes). A gate whose step is not
 * {@link dev.triage.checks.Status#OK} or {@link dev.triage.checks.Status#WARN} stops the action before the command.
 */
public interface Gate {

    /** The step's name, e.g. {@code nginx -t} or {@code port 8000 listening}. */
    String name(Target target);

    /** The line on the approval card, e.g. {@code nginx -t passes}. */
    String describe(Target target);

    /** Runs the gate's check and reports it as a {@link ActionStep.Phase#GATE} step. Never throws. */
    ActionStep check(Target target);
}
