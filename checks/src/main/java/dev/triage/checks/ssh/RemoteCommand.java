package dev.triage.checks.ssh;

import java.time.Duration;
import java.util.Objects;

/**
 * The line actually sent to the host for one command: the command run by {@code sh -c} under
 * coreutils' {@code timeout}, so the remote side kills it (exit 124) even when the client can no
 * longer reach the host. {@code timeout} signals its whole process group, so children the command
 * started die with it; {@code --kill-after} follows up with SIGKILL for a command that ignores TERM.
 *
 * @param command   the command as configured, run by {@code sh -c}
 * @param deadline  how long the command may run; rounded up to whole seconds (at least 1)
 * @param killAfter how long after the TERM the remote {@code timeout} sends KILL; whole seconds (at least 1)
 */
public record RemoteCommand(String command, Duration deadline, Duration killAfter) {

    public RemoteCommand {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(killAfter, "killAfter");
        if (command.isBlank()) {
            throw new IllegalArgumentException("command cannot be blank");
        }
        if (command.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("command cannot contain a NUL character: " + command.replace('\0', '?'));
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive: " + deadline);
        }
        if (killAfter.isNegative() || killAfter.isZero()) {
            throw new IllegalArgumentException("killAfter must be positive: " + killAfter);
        }
    }

    /** {@code timeout --kill-after=K N sh -c '<command>'}. */
    public String wrapped() {
        return "timeout --kill-after=" + wholeSeconds(killAfter) + " " + wholeSeconds(deadline)
                + " sh -c " + singleQuoted(command);
    }

    /** The deadline the remote side enforces: {@link #deadline()} rounded up to whole seconds. */
    public Duration remoteDeadline() {
        return Duration.ofSeconds(wholeSeconds(deadline));
    }

    /** Quotes a string for a POSIX shell: inside single quotes nothing is special except {@code '} itself. */
    public static String singleQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    static long wholeSeconds(Duration duration) {
        long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
