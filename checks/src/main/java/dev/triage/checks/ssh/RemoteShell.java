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
}
