package dev.triage.bot.probe;

/** What the probes say about a target, after hysteresis. */
public enum HealthState {
    /** Not yet established: too few probes, or they disagreed. Every target starts here. */
    UNKNOWN,
    UP,
    DOWN
}
