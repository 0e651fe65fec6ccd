package dev.triage.checks.host;

import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.RemoteAccessException;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.config.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link RemoteShell} that answers known commands with canned output and records what it was asked. */
final class FakeRemoteShell implements RemoteShell {

    private final Map<String, CommandResult> replies = new HashMap<>();
    private final List<String> commands = new ArrayList<>();
    private final List<Duration> deadlines = new ArrayList<>();
    private RemoteAccessException unreachable;

    void reply(String command, int exit, String stdout, String stderr, boolean timedOut) {
        replies.put(command, new CommandResult(command, exit, stdout, stderr, Duration.ofMillis(3), timedOut, false));
    }

    void unreachable(RemoteAccessException e) {
        this.unreachable = e;
    }

    List<String> commands() {
        return List.copyOf(commands);
    }

    List<Duration> deadlines() {
        return List.copyOf(deadlines);
    }

    @Override
    public CommandResult run(Target target, String command, Duration deadline) throws RemoteAccessException {
        commands.add(command);
        deadlines.add(deadline);
        if (unreachable != null) {
            throw unreachable;
        }
        CommandResult reply = replies.get(command);
        if (reply == null) {
            throw new AssertionError("unexpected command: " + command + "; known: " + replies.keySet());
        }
        return reply;
    }
}
