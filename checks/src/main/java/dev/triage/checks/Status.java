package dev.triage.checks;

/** The verdict of one check, ordered from best to worst for "the worst of these" questions. */
public enum Status {
    /** The thing inspected is healthy. */
    OK,
    /** Not configured for this target, so not run. */
    SKIPPED,
    /** Works, but something is off (slow, a missing ready marker, no restart policy). */
    WARN,
    /** The check ran and the target is unhealthy. */
    FAIL,
    /** The check could not run (SSH refused, a tool missing, a deadline passed): it says nothing about the target. */
    ERROR;

    public boolean isProblem() {
        return this == WARN || this == FAIL || this == ERROR;
    }

    public static Status worst(Status a, Status b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
