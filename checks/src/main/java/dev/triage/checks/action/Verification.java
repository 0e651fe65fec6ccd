package dev.triage.checks.action;

import dev.triage.config.Target;

/**
 * What an action checks after its command, in order (the port listens, local health, outside health). A
 * step that is not {@link dev.triage.checks.Status#OK}, {@link dev.triage.checks.Status#WARN} or
 * {@link dev.triage.checks.Status#SKIPPED} ends the action as VERIFY_FAILED.
 */
public interface Verification {

    /** The line on the approval card, e.g. {@code port 8000 listening within 30 s}. */
    String describe(Target target);

    /** False when this step does not apply to the target (e.g. a reboot of a host without a service); it is then neither shown nor run. */
    default boolean appliesTo(Target target) {
        return true;
    }

    /** Called before the command runs, to note what the verification compares against (e.g. the boot id). */
    default void beforeCommand(Target target, VerifyContext context) {
    }

    /** Checks, waiting as long as its patience allows, and reports one {@link ActionStep.Phase#VERIFY} step. */
    Verified verify(Target target, VerifyContext context) throws InterruptedException;
}
