package dev.triage.config;

/**
 * A check a team writes in the configuration under {@code checks:} instead of in Java: a remote
 * {@code command} judged by its exit status and output, or an {@code http} request with expectations.
 * Usable by its name wherever a check id is: {@code targets[].checks}, probes and runbooks.
 */
public sealed interface CustomCheck permits CommandCheckSettings, HttpCheckSettings {
    /** The id the check is used by, e.g. {@code queue-depth}. */
    String name();

    /** Where it is defined, e.g. {@code checks[2]}, for messages. */
    String place();
}
