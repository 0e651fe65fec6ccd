package dev.triage.checks.ssh;

import dev.triage.config.Ssh;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import net.schmizz.sshj.SSHClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one SSH connection to one {@link ConnectionKey}, shared by every command to that host. Opened
 * lazily by the first command, by one thread only (others wait for it); reopened when found dropped.
 * Leases keep a connection that the cache evicted alive until its last command finishes. A semaphore
 * keeps concurrent sessions under the server's {@code MaxSessions}.
 */
final class HostConnection {

    private static final Logger log = LoggerFactory.getLogger(HostConnection.class);

    private final ConnectionKey key;
    private final KeySource keys;
    private final ConnectionOpener opener;
    private final IoThreads io;
    private final SshStats stats;
    private final Duration closeWait;
    private final Semaphore sessions;
    private final ReentrantLock opening = new ReentrantLock();
    private final AtomicInteger leases = new AtomicInteger();
    private volatile boolean retired;
    private final Object state = new Object();
    private SSHClient client; // guarded by state

    HostConnection(ConnectionKey key, KeySource keys, ConnectionOpener opener, IoThreads io, SshStats stats,
                   Duration closeWait, int maxSessions) {
        this.key = key;
        this.keys = keys;
        this.opener = opener;
        this.io = io;
        this.stats = stats;
        this.closeWait = closeWait;
        this.sessions = new Semaphore(maxSessions, true);
    }

    /** Takes a lease for one command; false when this connection was retired (take a fresh one). */
    boolean lease() {
        leases.incrementAndGet();
        if (retired) {
            release();
            return false;
        }
        return true;
    }

    void release() {
        if (leases.decrementAndGet() == 0 && retired) {
            closeClient("retired");
        }
    }

    /** Evicted or shut down: closes now when idle, else when the last lease is released. */
    void retire() {
        retired = true;
        if (leases.get() == 0) {
            closeClient("idle");
        }
    }

    boolean acquireSession(Duration wait) throws InterruptedException {
        return sessions.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    void releaseSession() {
        sessions.release();
    }

    /**
     * How long a refused host key is the answer without asking the host again: long enough for one diagnosis (all its
     * checks), short enough that a fixed known_hosts is seen at the next command.
     */
    static final Duration REFUSAL_MEMORY = Duration.ofSeconds(20);
    private volatile RemoteAccessException refusedKey;
    private volatile long refusedAt;
    /** The failure to open last logged, and when: every check of a diagnosis meets the same one; the log says it once. */
    private volatile String failureLogged;
    private volatile long failureLoggedAt;

    /** The live connection, opening (or reopening) it when there is none. */
    SSHClient connected(Ssh ssh) throws RemoteAccessException, InterruptedException {
        SSHClient current = current();
        if (usable(current)) {
            return current;
        }
        opening.lockInterruptibly();
        try {
            current = current();
            if (usable(current)) {
                return current;
            }
            if (current != null) {
                log.info("SSH connection to {} was dropped; reopening it", key);
                drop(current);
            }
            RemoteAccessException refused = refusedKey;
            if (refused != null && System.nanoTime() - refusedAt < REFUSAL_MEMORY.toNanos()) {
                // The same host key was refused moments ago: every check of a diagnosis gets that answer, one handshake in all.
                throw new RemoteAccessException(refused.kind(), refused.getMessage());
            }
            SSHClient fresh;
            try {
                fresh = opener.open(key, keys, ssh);
            } catch (RemoteAccessException e) {
                if (e.kind() == RemoteAccessException.Kind.HOST_KEY_CHANGED || e.kind() == RemoteAccessException.Kind.HOST_KEY_UNKNOWN) {
                    refusedKey = e;
                    refusedAt = System.nanoTime();
                }
                logOnce(e);
                throw e;
            }
            refusedKey = null;
            failureLogged = null;
            synchronized (state) {
                client = fresh;
            }
            stats.openConnections.incrementAndGet();
            return fresh;
        } finally {
            opening.unlock();
        }
    }

    /**
     * A refused host key, a refused or unanswered connection, a refused login: expected conditions, each one WARN line
     * that says what happened and what to do — no stack trace — at most once per {@link #REFUSAL_MEMORY} while it lasts.
     */
    private void logOnce(RemoteAccessException e) {
        long now = System.nanoTime();
        String message = String.valueOf(e.getMessage());
        if (message.equals(failureLogged) && now - failureLoggedAt < REFUSAL_MEMORY.toNanos()) {
            return;
        }
        failureLogged = message;
        failureLoggedAt = now;
        log.warn("{}", message);
    }

    /** Forgets {@code stale} (if it is still the current connection) and closes it in the background. */
    void drop(SSHClient stale) {
        synchronized (state) {
            if (client != stale) {
                return;
            }
            client = null;
        }
        disconnect(stale, "dropped");
    }

    boolean isOpen() {
        return usable(current());
    }

    private SSHClient current() {
        synchronized (state) {
            return client;
        }
    }

    private static boolean usable(SSHClient candidate) {
        return candidate != null && candidate.isConnected() && candidate.isAuthenticated();
    }

    private void closeClient(String why) {
        SSHClient closing;
        synchronized (state) {
            closing = client;
            client = null;
        }
        if (closing != null) {
            disconnect(closing, why);
        }
    }

    private void disconnect(SSHClient closing, String why) {
        stats.openConnections.decrementAndGet();
        log.info("closing SSH connection to {} ({})", key, why);
        io.runInBackground(closeWait, "closing the SSH connection to " + key, closing::disconnect, () -> {
            try {
                closing.getSocket().close();
            } catch (Exception e) {
                log.debug("closing the socket to {} failed: {}", key, e.toString());
            }
        });
    }

    @Override
    public String toString() {
        return "SSH connection to " + key;
    }
}
