package dev.triage.checks.action;

import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.SudoDiagnostics;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What an action's command did, in one line for people: exit 0, or why not and what to do. Reads stderr
 * only, and only its last line: stdout may hold what is not fit for chat.
 */
record CommandVerdict(Status status, String detail) {
    private static final String SUDO = "sudo -n ";
    private static final int MAX_LINE = 200;

    boolean ok() {
        return status == Status.OK;
    }

    /**
     * @param host            where it ran, as people know it
     * @param user            the SSH user (named in a missing sudo rule)
     * @param dropsConnection the command is expected to end the connection (a reboot)
     */
    static CommandVerdict of(CommandResult result, String host, String user, Duration deadline, boolean dropsConnection) {
        String command = result.command();
        if (dropsConnection && result.exitStatus() == CommandResult.NO_EXIT_STATUS) {
            return new CommandVerdict(Status.OK, "sent; " + host + " closed the connection, as a reboot does");
        }
        if (result.timedOut()) {
            return new CommandVerdict(Status.FAIL, "`" + command + "` did not finish within " + Timing.limit(deadline)
                    + " on " + host + "; it was stopped — look at the service's state before trying again");
        }
        if (result.exitStatus() == 0) {
            return new CommandVerdict(Status.OK, "exit 0 in " + Timing.seconds(result.took()));
        }
        if (SudoDiagnostics.refusal(result).isPresent()) {
            String rule = sudoCommands(command);
            return new CommandVerdict(Status.FAIL, "sudo on " + host + " refused it: add a NOPASSWD sudo rule for "
                    + user + " for " + rule + " (e.g. in /etc/sudoers.d/triage)");
        }
        if (result.exitStatus() == 127) {
            return new CommandVerdict(Status.FAIL, "`" + command + "` exited 127 on " + host + ": " + lastLine(result.stderr())
                    + " — install the tool, or override this command for the target");
        }
        return new CommandVerdict(Status.FAIL, "`" + command + "` exited " + result.exitStatus() + " on " + host + ": "
                + lastLine(result.stderr()));
    }

    /** The commands sudo was asked to run, as a sudoers rule names them: {@code `systemctl restart api`}. */
    static String sudoCommands(String command) {
        List<String> parts = Arrays.stream(command.split("&&")).map(String::trim)
                .filter(p -> p.startsWith(SUDO))
                .map(p -> "`" + p.substring(SUDO.length()).replace("'", "") + "`")
                .toList();
        return parts.isEmpty() ? "`" + command + "`" : parts.stream().collect(Collectors.joining(" and "));
    }

    private static String lastLine(String stderr) {
        List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "no error output";
        }
        String last = lines.get(lines.size() - 1);
        return last.length() > MAX_LINE ? last.substring(0, MAX_LINE) + "…" : last;
    }
}
