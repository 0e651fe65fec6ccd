package dev.triage.checks.ssh;

import dev.triage.config.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The SSH executor as read-only checks use it: commands that several checks send to one target at about the same
 * time (a diagnosis starts all of its checks at once) share one exec, run side by side on the host by {@link
 * Batch#parallelCommand()}. Every exec starts the login user's shell, which on a real host reads its rc files
 * (measured here: 95 ms for a {@code .bashrc} that initialises pyenv); a dozen checks each paying that at once on a
 * small host made every check of a diagnosis as slow as all of them together.
 *
 * <p>The first command for a target waits {@code window} for others to join, then sends what has gathered (at most
 * {@link #MAX_BATCH}). Each command keeps its own deadline (its own remote {@code timeout} inside the shared exec)
 * and its own output cap; the shared exec ends at the latest deadline among them. A command that can't start
 * (connection, host key, authentication) fails each caller with its own command named. Actions never go through
 * this: one action's command must not wait behind, or hold up, anything else.
 */
final class CoalescingShell implements RemoteShell {
    /** Commands per shared exec; past this the next command starts another one. */
    static final int MAX_BATCH = 16;

    private final SshExecutor ssh;
    private final Duration window;
    private final Duration killAfter;
    private final int outputCap;
    private final Map<Target, Gathering> open = new HashMap<>();

    CoalescingShell(SshExecutor ssh, Duration window, Duration killAfter, int outputCap) {
        this.ssh = Objects.requireNonNull(ssh, "ssh");
        this.window = Objects.requireNonNull(window, "window");
        this.killAfter = Objects.requireNonNull(killAfter, "killAfter");
        this.outputCap = outputCap;
    }

    @Override
    public CommandResult run(Target target, String command, Duration deadline) throws RemoteAccessException {
        return submit(target, new Request(command, deadline(target, deadline)));
    }

    @Override
    public List<CommandResult> runEach(Target target, List<String> commands, Duration deadline)
            throws RemoteAccessException {
        if (commands.size() == 1) {
            return List.of(run(target, commands.get(0), deadline));
        }
        Batch sequence = Batch.of(commands);
        CommandResult whole = submit(target, new Request(sequence.command(), deadline(target, deadline)));
        return sequence.split(whole);
    }

    private Duration deadline(Target target, Duration deadline) throws RemoteAccessException {
        if (deadline != null) {
            return deadline;
        }
        return target.sshAccess().orElseThrow(() -> new RemoteAccessException(RemoteAccessException.Kind.CONFIG,
                "Target " + target.name() + " has no ssh section, so host checks cannot run on it. Add ssh (host, user,"
                        + " private key, known_hosts) to the target's configuration.")).commandTimeout();
    }

    private CommandResult submit(Target target, Request request) throws RemoteAccessException {
        Gathering gathering;
        boolean leads;
        synchronized (open) {
            gathering = open.get(target);
            leads = gathering == null;
            if (leads) {
                gathering = new Gathering();
                open.put(target, gathering);
            }
            gathering.requests.add(request);
            if (gathering.requests.size() >= MAX_BATCH) {
                open.remove(target, gathering);
            }
        }
        if (leads) {
            boolean interrupted = false;
            try {
                TimeUnit.NANOSECONDS.sleep(window.toNanos());
            } catch (InterruptedException e) {
                interrupted = true;
            }
            List<Request> batch;
            synchronized (open) {
                open.remove(target, gathering);
                batch = List.copyOf(gathering.requests);
            }
            send(target, batch);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return request.await(target);
    }

    private void send(Target target, List<Request> batch) {
        if (batch.size() == 1) {
            Request only = batch.get(0);
            try {
                only.result.complete(ssh.run(target, only.command, only.deadline));
            } catch (RemoteAccessException | RuntimeException e) {
                only.result.completeExceptionally(e);
            }
            return;
        }
        List<String> wrapped = new ArrayList<>();
        Duration longest = Duration.ZERO;
        for (Request r : batch) {
            RemoteCommand own = new RemoteCommand(r.command, r.deadline, killAfter);
            wrapped.add(own.wrapped());
            Duration whole = own.remoteDeadline().plus(killAfter);
            longest = whole.compareTo(longest) > 0 ? whole : longest;
        }
        Batch together = Batch.of(wrapped);
        String script = together.parallelCommand();
        try {
            CommandResult whole = ssh.run(target, script, longest.plusSeconds(1), outputCap * batch.size());
            List<CommandResult> each = together.split(whole);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result.complete(own(batch.get(i), each.get(i), whole));
            }
        } catch (RemoteAccessException e) {
            for (Request r : batch) {
                r.result.completeExceptionally(new RemoteAccessException(e.kind(),
                        Objects.requireNonNullElse(e.getMessage(), "").replace(script, r.command), e.getCause()));
            }
        } catch (RuntimeException e) {
            batch.forEach(r -> r.result.completeExceptionally(e));
        }
    }

    /** One command's result inside the shared exec: its own command, the time its caller waited, its own cap. */
    private CommandResult own(Request request, CommandResult section, CommandResult whole) {
        String out = section.stdout();
        String err = section.stderr();
        boolean unfinished = section.took().isPositive(); // Batch.split gives finished sections no time of their own
        boolean truncated = out.length() > outputCap || err.length() > outputCap || (whole.truncated() && unfinished);
        out = out.length() > outputCap ? out.substring(0, outputCap) : out;
        err = err.length() > outputCap ? err.substring(0, outputCap) : err;
        // Its own remote timeout ended it (124; 137 when it ignored the TERM), or the shared exec's did.
        boolean timedOut = section.timedOut() || section.exitStatus() == 124 || section.exitStatus() == 137;
        return new CommandResult(request.command, section.exitStatus(), out, err, whole.took(), timedOut, truncated);
    }

    private static final class Gathering {
        final List<Request> requests = new ArrayList<>();
    }

    private static final class Request {
        final String command;
        final Duration deadline;
        final CompletableFuture<CommandResult> result = new CompletableFuture<>();

        Request(String command, Duration deadline) {
            if (command == null || command.isBlank()) {
                throw new IllegalArgumentException("command cannot be blank");
            }
            this.command = command;
            this.deadline = deadline;
        }

        CommandResult await(Target target) throws RemoteAccessException {
            try {
                return result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteAccessException(RemoteAccessException.Kind.TIMEOUT, "Interrupted while waiting to run `"
                        + command + "` on " + target.name() + "; it may still run.");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RemoteAccessException rae) {
                    throw rae;
                }
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
