package dev.triage.checks.ssh;

import dev.triage.config.Target;
import java.time.Duration;

/**
 * Runs one fixed command on a target's host. The command is always built from configuration
 * ({@link CommandTemplates}), never from chat text. Implementations enforce the deadline at both
 * ends and cap captured output.
 */
public interface RemoteShell {

    /**
     * @throws RemoteAccessException when the host can't be reached or trusted (connect, host key,
     *         authentication) — the command never ran. A command that ran and failed is a
     *         {@link CommandResult} with its exit status, not an exception.
     */
    CommandResult run(Target target, String command, Duration deadline) throws RemoteAccessException;

    /**
     * This shell as read-only checks should use it: the SSH executor lets commands sent to one target at about the same
     * time share one exec (see {@link CoalescingShell}); any other shell is itself. Never for actions.
     */
    default RemoteShell forReads() {
        return this;
    }

    /**
     * Runs {@code commands} one after another, each whatever the one before exited with, all within {@code deadline},
     * and returns each one's own result. This default runs them one by one; the SSH executor runs them as one exec.
     */
    default java.util.List<CommandResult> runEach(Target target, java.util.List<String> commands, Duration deadline)
            throws RemoteAccessException {
        long end = System.nanoTime() + deadline.toNanos();
        java.util.List<CommandResult> results = new java.util.ArrayList<>();
        for (String command : commands) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                results.add(new CommandResult(command, CommandResult.NO_EXIT_STATUS, "", "", Duration.ZERO, true, false));
                continue;
            }
            results.add(run(target, command, Duration.ofNanos(left)));
        }
        return results;
    }
}
