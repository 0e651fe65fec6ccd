package dev.triage.checks.ssh;

import dev.triage.checks.ssh.RemoteAccessException.Kind;
import dev.triage.config.Ssh;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens one authenticated SSH connection: TCP connect, key exchange with the host key checked against
 * known_hosts (failing closed), public-key login. Every step is bounded by the target's connect
 * timeout, and every failure becomes a {@link RemoteAccessException} that says what to do.
 */
final class ConnectionOpener {

    private static final Logger log = LoggerFactory.getLogger(ConnectionOpener.class);

    private final Config config;
    private final SshStats stats;
    private final IoThreads io;
    private final Duration closeWait;

    ConnectionOpener(Config config, SshStats stats, IoThreads io, Duration closeWait) {
        this.config = config;
        this.stats = stats;
        this.io = io;
        this.closeWait = closeWait;
    }

    SSHClient open(ConnectionKey key, KeySource keys, Ssh ssh) throws RemoteAccessException {
        SSHClient client = new SSHClient(config);
        boolean opened = false;
        try {
            int timeoutMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, ssh.connectTimeout().toMillis()));
            client.setConnectTimeout(timeoutMs);
            client.getTransport().setTimeoutMs(timeoutMs);
            client.getConnection().setTimeoutMs(timeoutMs);
            KnownHostsVerifier verifier = KnownHostsVerifier.forFile(key);
            client.addHostKeyVerifier(verifier);
            KeyProvider keyProvider = keys.load(client, key);
            stats.connectAttempts.incrementAndGet();
            connect(client, key, verifier, ssh.connectTimeout());
            long handshake = stats.handshakes.incrementAndGet();
            authenticate(client, key, keys, keyProvider, ssh.connectTimeout());
            opened = true;
            log.info("SSH connection to {} opened (handshake #{}, {})", key, handshake, keys.description());
            return client;
        } finally {
            if (!opened) {
                io.runWithin(closeWait, "closing the failed SSH connection to " + key, client::disconnect);
            }
        }
    }

    /**
     * sshj bounds the TCP connect by the connect timeout, but not the wait for the server's identification line: a port
     * that accepts and never speaks SSH (another service, a stuck sshd) would hold the caller until the check's own
     * deadline interrupts it, reported as "Closed by interrupt". A watchdog closes the socket when the handshake
     * outlives the connect timeout, and that is said as what it is.
     */
    private static void connect(SSHClient client, ConnectionKey key, KnownHostsVerifier verifier, Duration timeout)
            throws RemoteAccessException {
        AtomicBoolean overran = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().name("ssh-handshake-watchdog").start(() -> {
            try {
                Thread.sleep(timeout);
            } catch (InterruptedException done) {
                return;
            }
            Socket socket = client.getSocket();
            if (socket != null && socket.isConnected()) {   // a TCP connect still running has its own timeout
                overran.set(true);
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing is all it was for
                }
            }
        });
        try {
            client.connect(key.host(), key.port());
        } catch (IOException e) {
            RemoteAccessException hostKeyRefusal = verifier.refusal(key).orElse(null);
            if (hostKeyRefusal != null) {
                throw hostKeyRefusal;
            }
            if (overran.get()) {
                throw silent(key, timeout, e);
            }
            throw connectFailure(key, e, timeout);
        } finally {
            watchdog.interrupt();
        }
        if (overran.get()) {
            throw silent(key, timeout, null);
        }
    }

    private static RemoteAccessException silent(ConnectionKey key, Duration timeout, IOException e) {
        return new RemoteAccessException(Kind.TIMEOUT, "SSH connection to " + key.hostAndPort() + " was accepted, but no SSH"
                + " server answered within " + timeout.toMillis() + " ms: another service listens on that port, or sshd is stuck."
                + " Check ssh.port, and that sshd answers there (ssh -v).", e);
    }

    private static RemoteAccessException connectFailure(ConnectionKey key, IOException e, Duration timeout) {
        String where = key.hostAndPort();
        if (e instanceof UnknownHostException) {
            return new RemoteAccessException(Kind.CONNECT_FAILED, "Cannot resolve the SSH host " + key.host()
                    + ": check ssh.host (DNS name or address).", e);
        }
        if (e instanceof ConnectException) {
            return new RemoteAccessException(Kind.CONNECT_FAILED, "SSH connection to " + where + " was refused:"
                    + " nothing listens there, or a firewall rejects it. Check that sshd runs and ssh.port is right.", e);
        }
        if (e instanceof NoRouteToHostException) {
            return new RemoteAccessException(Kind.CONNECT_FAILED, "No route to the SSH host " + where
                    + ": the host is down or the network path is broken.", e);
        }
        if (e instanceof SocketTimeoutException || causedBy(e, TimeoutException.class)) {
            return new RemoteAccessException(Kind.TIMEOUT, "SSH connection to " + where + " got no answer within "
                    + timeout.toMillis() + " ms: the host is down or a firewall drops SSH (check security groups"
                    + " and ufw).", e);
        }
        if (e instanceof TransportException) {
            return new RemoteAccessException(Kind.CONNECT_FAILED, "SSH handshake with " + where + " failed: "
                    + e.getMessage() + ". Check that an SSH server (not another service) listens there.", e);
        }
        return new RemoteAccessException(Kind.CONNECT_FAILED, "SSH connection to " + where + " failed: " + e, e);
    }

    private static void authenticate(SSHClient client, ConnectionKey key, KeySource keys, KeyProvider keyProvider,
                                     Duration timeout) throws RemoteAccessException {
        try {
            client.authPublickey(key.user(), keyProvider);
        } catch (UserAuthException e) {
            throw new RemoteAccessException(Kind.AUTH_FAILED, "SSH login as " + key + " with the "
                    + keys.description() + " was refused. Add that key's public half to ~" + key.user()
                    + "/.ssh/authorized_keys on " + key.host() + ", or fix ssh.user / the key.");
        } catch (TransportException e) {
            if (causedBy(e, TimeoutException.class)) {
                throw new RemoteAccessException(Kind.TIMEOUT, "SSH login as " + key + " got no answer within "
                        + timeout.toMillis() + " ms.", e);
            }
            throw new RemoteAccessException(Kind.DISCONNECTED, "SSH connection to " + key.hostAndPort()
                    + " dropped during login: " + e.getMessage(), e);
        }
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                return false;
            }
        }
        return false;
    }
}
