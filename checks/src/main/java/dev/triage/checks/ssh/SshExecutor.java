package dev.triage.checks.ssh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.triage.checks.ssh.RemoteAccessException.Kind;
import dev.triage.config.Ssh;
import dev.triage.config.Target;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands on targets' hosts over SSH with sshj.
 *
 * <ul>
 *   <li>Host keys are checked against the target's known_hosts file and an unknown or changed key is
 *       refused, naming the presented fingerprint. There is no way to turn that off.</li>
 *   <li>One connection per user, host, port and key, shared by all commands (also concurrent ones) and
 *       kept in a cache that closes it after {@link Builder#idleExpiry idle expiry}. A connection found
 *       dropped is reopened; a command whose session could not even be opened on it is retried once on
 *       a fresh connection (it cannot have started).</li>
 *   <li>One session per command; the deadline is enforced by the remote {@code timeout} (exit 124,
 *       {@link RemoteCommand}) and, as a backstop, by the client (see {@link CommandRunner}).</li>
 *   <li>stdout and stderr are read concurrently and each kept up to {@link Builder#outputCap}.</li>
 * </ul>
 *
 * Thread-safe. Close it to close all connections.
 */
public final class SshExecutor implements RemoteShell, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SshExecutor.class);
    private static final Duration MAX_OPEN_BACKOFF = Duration.ofMillis(500);

    private final Cache<ConnectionKey, HostConnection> connections;
    private final SshStats stats = new SshStats();
    private final IoThreads io = new IoThreads("triage-ssh-io");
    private final ConnectionOpener opener;
    private final CommandRunner runner;
    private final Duration killAfter;
    private final Duration closeWait;
    private final int maxSessionsPerConnection;
    private final CoalescingShell reads;
    private volatile boolean closed;

    private SshExecutor(Builder builder) {
        this.killAfter = builder.killAfter;
        this.closeWait = builder.closeWait;
        this.maxSessionsPerConnection = builder.maxSessionsPerConnection;
        this.opener = new ConnectionOpener(new DefaultConfig(), stats, io, closeWait);
        this.runner = new CommandRunner(io, stats, builder.outputCap, builder.clientGrace, closeWait);
        this.reads = new CoalescingShell(this, builder.gatherWindow, killAfter, builder.outputCap);
        this.connections = Caffeine.newBuilder()
                .expireAfterAccess(builder.idleExpiry)
                .ticker(builder.ticker)
                .scheduler(builder.scheduler)
                .executor(Runnable::run)
                .<ConnectionKey, HostConnection>removalListener((key, connection, cause) -> {
                    if (connection != null) {
                        connection.retire();
                    }
                })
                .build();
    }

    /** An executor with the defaults: 5 min idle expiry, 256 KiB per stream, real time. */
    public static SshExecutor withDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs {@code command} on the target's host within {@code deadline} (null: the target's
     * {@code ssh.command_timeout}).
     *
     * @throws IllegalArgumentException for a blank command or a non-positive deadline (a programming error)
     */
    @Override
    public CommandResult run(Target target, String command, Duration deadline) throws RemoteAccessException {
        return run(target, command, deadline, runner.outputCap());
    }

    /** As {@link #run(Target, String, Duration)}, keeping up to {@code outputCap} bytes of each stream. */
    CommandResult run(Target target, String command, Duration deadline, int outputCap) throws RemoteAccessException {
        Objects.requireNonNull(target, "target");
        if (closed) {
            throw new IllegalStateException("this SshExecutor is closed");
        }
        Ssh ssh = target.sshAccess().orElseThrow(() -> new RemoteAccessException(Kind.CONFIG, "Target "
                + target.name() + " has no ssh section, so host checks cannot run on it. Add ssh (host, user,"
                + " private key, known_hosts) to the target's configuration."));
        RemoteCommand remote = new RemoteCommand(command, deadline != null ? deadline : ssh.commandTimeout(),
                killAfter);
        KeySource keys = KeySource.of(ssh);
        ConnectionKey key = ConnectionKey.of(ssh, keys);
        HostConnection connection = lease(key, keys);
        try {
            if (!connection.acquireSession(remote.deadline())) {
                throw new RemoteAccessException(Kind.TIMEOUT, "All " + maxSessionsPerConnection + " SSH sessions to "
                        + key + " stayed busy for the whole deadline of `" + remote.command() + "` ("
                        + remote.deadline().toMillis() + " ms); it did not run.");
            }
            try {
                return runOn(connection, ssh, remote, key, outputCap);
            } finally {
                connection.releaseSession();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteAccessException(Kind.TIMEOUT, "Interrupted while waiting to run `" + remote.command()
                    + "` on " + key + "; it did not run.", e);
        } finally {
            connection.release();
        }
    }

    private HostConnection lease(ConnectionKey key, KeySource keys) {
        while (true) {
            HostConnection connection = connections.get(key, k -> new HostConnection(k, keys, opener, io, stats,
                    closeWait, maxSessionsPerConnection));
            if (connection.lease()) {
                return connection;
            }
            connections.asMap().remove(key, connection);
        }
    }

    private CommandResult runOn(HostConnection connection, Ssh ssh, RemoteCommand remote, ConnectionKey key, int outputCap)
            throws RemoteAccessException, InterruptedException {
        long giveUpAt = System.nanoTime() + remote.deadline().toNanos();
        Duration backoff = Duration.ofMillis(20);
        boolean reopened = false;
        while (true) {
            SSHClient client = connection.connected(ssh);
            Session session;
            try {
                session = client.startSession();
            } catch (OpenFailException e) {
                // The server refused the channel (e.g. MaxSessions, whose slots it frees a little after
                // a close): nothing started, so try again shortly while the deadline allows.
                if (System.nanoTime() + backoff.toNanos() >= giveUpAt) {
                    throw new RemoteAccessException(Kind.CONNECT_FAILED, "The SSH server on " + key.hostAndPort()
                            + " kept refusing to open a session for `" + remote.command() + "` (" + e.getMessage()
                            + "); it did not run. Check MaxSessions in its sshd_config.", e);
                }
                log.debug("SSH server on {} refused a session ({}); retrying in {}", key, e.getMessage(), backoff);
                TimeUnit.NANOSECONDS.sleep(backoff.toNanos());
                backoff = backoff.multipliedBy(2).compareTo(MAX_OPEN_BACKOFF) > 0 ? MAX_OPEN_BACKOFF
                        : backoff.multipliedBy(2);
                continue;
            } catch (ConnectionException | TransportException e) {
                if (ConnectionOpener.causedBy(e, InterruptedException.class)) {
                    throw new InterruptedException("interrupted while opening a session on " + key);
                }
                connection.drop(client);
                if (!reopened) {
                    reopened = true;
                    log.info("SSH connection to {} broke before `{}` started ({}); reopening it once", key,
                            remote.command(), e.toString());
                    continue;
                }
                throw new RemoteAccessException(Kind.DISCONNECTED, "SSH connection to " + key + " broke again right"
                        + " after reopening it, before `" + remote.command() + "` started; it did not run. Is sshd"
                        + " on the host restarting or overloaded?", e);
            }
            return runner.execute(connection, client, session, remote, key, outputCap);
        }
    }

    /** Commands sent to one target within the gather window share one exec; see {@link CoalescingShell}. */
    @Override
    public RemoteShell forReads() {
        return reads;
    }

    /** All of {@code commands} in one exec (one round trip), each with its own result: see {@link Batch}. */
    @Override
    public java.util.List<CommandResult> runEach(Target target, java.util.List<String> commands, Duration deadline)
            throws RemoteAccessException {
        if (commands.size() == 1) {
            return java.util.List.of(run(target, commands.get(0), deadline));
        }
        Batch batch = Batch.of(commands);
        return batch.split(run(target, batch.command(), deadline));
    }

    /** SSH connections opened so far (completed key exchanges), for benchmarks and tests. */
    /** Connections begun (refused host keys included), for tests and benchmarks. */
    public long connectAttempts() {
        return stats.connectAttempts.get();
    }

    public long handshakes() {
        return stats.handshakes.get();
    }

    /** Told how long each command took (its exec's wall time), for the metrics; replaces any earlier one. */
    public void onCommand(java.util.function.Consumer<Duration> took) {
        runner.onCommand(took);
    }

    /** Execs started so far: each one starts the login user's shell on the host. */
    public long execs() {
        return stats.execs.get();
    }

    /** SSH connections open right now. */
    public long openConnections() {
        return stats.openConnections.get();
    }

    /** Commands the client gave up on because the remote {@code timeout} did not end them in time. */
    public long clientTimeouts() {
        return stats.clientTimeouts.get();
    }

    /** Runs pending cache maintenance now, e.g. closing connections idle past their expiry. */
    public void cleanUp() {
        connections.cleanUp();
    }

    /** Closes every connection (waiting at most the close wait for each) and refuses further commands. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connections.invalidateAll();
        connections.cleanUp();
        io.shutdown(closeWait.multipliedBy(2));
    }

    /** Settings of an {@link SshExecutor}; each is validated as it is given. */
    public static final class Builder {
        private Duration idleExpiry = Duration.ofMinutes(5);
        private int outputCap = 256 * 1024;
        private Duration killAfter = Duration.ofSeconds(2);
        private Duration clientGrace = Duration.ofSeconds(1);
        private Duration closeWait = Duration.ofSeconds(2);
        private int maxSessionsPerConnection = 8;
        private Duration gatherWindow = Duration.ofMillis(10);
        private Ticker ticker = Ticker.systemTicker();
        private Scheduler scheduler = Scheduler.systemScheduler();

        private Builder() {
        }

        /** How long an unused connection stays open (default 5 min). */
        public Builder idleExpiry(Duration idleExpiry) {
            this.idleExpiry = positive(idleExpiry, "idleExpiry");
            return this;
        }

        /** Bytes kept of each of stdout and stderr (default 256 KiB); the rest is read and dropped. */
        public Builder outputCap(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("outputCap cannot be negative: " + bytes);
            }
            this.outputCap = bytes;
            return this;
        }

        /** How long after TERM the remote {@code timeout} sends KILL (default 2 s, whole seconds). */
        public Builder killAfter(Duration killAfter) {
            this.killAfter = positive(killAfter, "killAfter");
            return this;
        }

        /** How much longer than deadline + kill-after the client waits for the remote end (default 1 s). */
        public Builder clientGrace(Duration clientGrace) {
            this.clientGrace = notNegative(clientGrace, "clientGrace");
            return this;
        }

        /** The longest a close of a channel or connection may hold a caller (default 2 s). */
        public Builder closeWait(Duration closeWait) {
            this.closeWait = positive(closeWait, "closeWait");
            return this;
        }

        /**
         * Concurrent sessions per connection (default 8, under OpenSSH's default {@code MaxSessions} of 10);
         * more commands wait for a free one within their deadline.
         */
        /**
         * How long the first of several read-only commands for one target waits for others to share its exec
         * (default 10 ms, against the ~100 ms an exec costs on a host with a busy login shell).
         */
        public Builder gatherWindow(Duration window) {
            this.gatherWindow = positive(window, "gatherWindow");
            return this;
        }

        public Builder maxSessionsPerConnection(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxSessionsPerConnection must be at least 1: " + max);
            }
            this.maxSessionsPerConnection = max;
            return this;
        }

        /** Time source of the idle expiry; tests pass a fake one and advance it. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Wakes the cache to close idle connections on time (default: Caffeine's system scheduler). */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        public SshExecutor build() {
            return new SshExecutor(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        private static Duration notNegative(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " cannot be negative: " + value);
            }
            return value;
        }
    }
}
