package dev.triage.checks.ssh;

import java.time.Duration;

/**
 * What one remote command did.
 *
 * @param exitStatus the remote exit status; 124 when the remote {@code timeout} cut it; 128 + n when it
 *                   was killed by signal n; {@link #NO_EXIT_STATUS} when the client gave up on it first
 * @param timedOut   true when the deadline passed (either end)
 * @param truncated  true when output beyond the capture cap was dropped
 */
public record CommandResult(String command, int exitStatus, String stdout, String stderr, Duration took,
                            boolean timedOut, boolean truncated) {

    /** The exit status of a command whose end was never seen (the client stopped waiting). */
    public static final int NO_EXIT_STATUS = -1;

    public CommandResult {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
        took = took == null ? Duration.ZERO : took;
    }

    public boolean succeeded() {
        return exitStatus == 0 && !timedOut;
    }
}
