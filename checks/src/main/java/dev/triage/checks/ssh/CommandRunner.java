package dev.triage.checks.ssh;

import dev.triage.checks.ssh.RemoteAccessException.Kind;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command in one session and turns what happened into a {@link CommandResult}. The remote
 * {@code timeout} normally ends a hung command (exit 124); the client waits {@code deadline +
 * killAfter + grace} and, past that, gives up on the channel: KILL signal and close with a bounded wait,
 * then drops the whole connection, because sshj may otherwise block on it until the connection timeout.
 *
 * <p>No PTY is requested: a PTY would merge stderr into stdout, turn line ends into CRLF and make tools
 * like {@code systemctl} page, colour and ellipsize their output for a terminal, breaking the parsers.
 * Without a PTY, sshd leaves a command running when its channel or connection closes, so the remote
 * {@code timeout} (which signals the whole process group) is what guarantees that no process is left
 * behind. The client's KILL signal is only a backstop for a host whose {@code timeout} misbehaves, and
 * OpenSSH honours it only for non-root logins (it refuses signals in sessions without privilege
 * separation, which root logins are).
 */
final class CommandRunner {

    private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);

    /** Shell convention for a process killed by a signal: 128 + the signal's number. */
    private static final Map<Signal, Integer> SIGNAL_NUMBERS = Map.ofEntries(
            Map.entry(Signal.HUP, 1), Map.entry(Signal.INT, 2), Map.entry(Signal.QUIT, 3), Map.entry(Signal.ILL, 4),
            Map.entry(Signal.ABRT, 6), Map.entry(Signal.FPE, 8), Map.entry(Signal.KILL, 9),
            Map.entry(Signal.USR1, 10), Map.entry(Signal.SEGV, 11), Map.entry(Signal.USR2, 12),
            Map.entry(Signal.PIPE, 13), Map.entry(Signal.ALRM, 14), Map.entry(Signal.TERM, 15));

    private final IoThreads io;
    private final SshStats stats;
    private final int outputCap;

    int outputCap() {
        return outputCap;
    }

    private volatile java.util.function.Consumer<Duration> commandTook = took -> { };

    void onCommand(java.util.function.Consumer<Duration> took) {
        this.commandTook = java.util.Objects.requireNonNull(took, "took");
    }
    private final Duration clientGrace;
    private final Duration closeWait;

    CommandRunner(IoThreads io, SshStats stats, int outputCap, Duration clientGrace, Duration closeWait) {
        this.io = io;
        this.stats = stats;
        this.outputCap = outputCap;
        this.clientGrace = clientGrace;
        this.closeWait = closeWait;
    }

    CommandResult execute(HostConnection connection, SSHClient client, Session session, RemoteCommand remote,
                          ConnectionKey key) throws RemoteAccessException {
        return execute(connection, client, session, remote, key, outputCap);
    }

    /** As above, keeping up to {@code cap} bytes of each stream (a shared exec keeps its commands' caps together). */
    CommandResult execute(HostConnection connection, SSHClient client, Session session, RemoteCommand remote,
                          ConnectionKey key, int cap) throws RemoteAccessException {
        long started = System.nanoTime();
        Session.Command command;
        try {
            stats.execs.incrementAndGet();
            command = session.exec(remote.wrapped());
        } catch (ConnectionException | TransportException e) {
            io.runWithin(closeWait, "closing the session on " + key, session::close);
            if (!client.isConnected()) {
                connection.drop(client);
            }
            if (ConnectionOpener.causedBy(e, InterruptedException.class)) {
                throw interrupted(remote, key);
            }
            throw new RemoteAccessException(Kind.DISCONNECTED, "SSH connection to " + key + " failed while starting `"
                    + remote.command() + "` (" + e.getMessage() + "); it may not have run.", e);
        }

        CappedOutput stdout = new CappedOutput(cap);
        CappedOutput stderr = new CappedOutput(cap);
        Future<?> readingStdout = io.submit(() -> stdout.drain(command.getInputStream()));
        Future<?> readingStderr = io.submit(() -> stderr.drain(command.getErrorStream()));

        long budget = remote.remoteDeadline().plus(remote.killAfter()).plus(clientGrace).toNanos();
        boolean clientTimedOut = false;
        while (true) {
            long left = budget - (System.nanoTime() - started);
            if (left <= 0) {
                clientTimedOut = true;
                break;
            }
            try {
                command.join((int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left) + 1),
                        TimeUnit.MILLISECONDS);
                break;
            } catch (ConnectionException e) {
                if (ConnectionOpener.causedBy(e, InterruptedException.class)) {
                    abandon(connection, client, command, key);
                    throw interrupted(remote, key);
                }
                if (!ConnectionOpener.causedBy(e, TimeoutException.class)) {
                    abandon(connection, client, command, key);
                    throw new RemoteAccessException(Kind.DISCONNECTED, "SSH connection to " + key
                            + " dropped while `" + remote.command() + "` was running (" + e.getMessage()
                            + "); it may have run partly. Try again; if it keeps happening, check the host.", e);
                }
                // Timed out (or woke early): the loop decides with the clock.
            }
        }

        if (clientTimedOut) {
            stats.clientTimeouts.incrementAndGet();
            log.warn("`{}` on {} outlived its deadline {} plus the remote kill grace; abandoning the channel and"
                    + " the connection", remote.command(), key, remote.deadline());
            abandon(connection, client, command, key);
        }
        IoThreads.awaitQuietly(readingStdout, closeWait);
        IoThreads.awaitQuietly(readingStderr, closeWait);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        try {
            commandTook.accept(took);
        } catch (RuntimeException e) {
            log.debug("the command-duration listener failed: {}", e.toString());
        }
        if (!clientTimedOut) {
            io.runWithin(closeWait, "closing the session on " + key, command::close);
        }

        boolean truncated = stdout.truncated() || stderr.truncated();
        if (clientTimedOut) {
            return new CommandResult(remote.command(), CommandResult.NO_EXIT_STATUS, stdout.text(), stderr.text(),
                    took, true, truncated);
        }
        int status = exitStatus(command);
        boolean remoteTimedOut = (status == 124 || status == 137) && took.compareTo(remote.deadline()) >= 0;
        return new CommandResult(remote.command(), status, stdout.text(), stderr.text(), took, remoteTimedOut,
                truncated);
    }

    /** Gives up on a command: KILL it and close the channel (bounded), then drop the connection. */
    private void abandon(HostConnection connection, SSHClient client, Session.Command command, ConnectionKey key) {
        io.runWithin(closeWait, "stopping a command on " + key, () -> {
            try {
                command.signal(Signal.KILL);
            } finally {
                command.close();
            }
        });
        connection.drop(client);
    }

    private static int exitStatus(Session.Command command) {
        Integer status = command.getExitStatus();
        if (status != null) {
            return status;
        }
        Signal signal = command.getExitSignal();
        if (signal != null && SIGNAL_NUMBERS.containsKey(signal)) {
            return 128 + SIGNAL_NUMBERS.get(signal);
        }
        return CommandResult.NO_EXIT_STATUS;
    }

    private static RemoteAccessException interrupted(RemoteCommand remote, ConnectionKey key) {
        Thread.currentThread().interrupt();
        return new RemoteAccessException(Kind.TIMEOUT, "Interrupted while running `" + remote.command() + "` on "
                + key + "; it was stopped.");
    }
}
