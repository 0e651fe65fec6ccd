package dev.triage.checks.ssh;

import dev.triage.checks.ssh.RemoteAccessException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;
import net.schmizz.sshj.common.LoggerFactory;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Checks the presented host key against one known_hosts file and fails closed. sshj only learns
 * "not verified"; this remembers why (unknown or changed, and which key), so the caller can say so.
 * One instance per connection attempt.
 */
final class KnownHostsVerifier extends OpenSSHKnownHosts {

    private record Rejection(Kind kind, PublicKey presented) {
    }

    private final Path file;
    private volatile Rejection rejection;

    private KnownHostsVerifier(Path file) throws IOException {
        super(file.toFile(), LoggerFactory.DEFAULT);
        this.file = file;
    }

    static KnownHostsVerifier forFile(ConnectionKey key) throws RemoteAccessException {
        Path file = key.knownHosts();
        try {
            return new KnownHostsVerifier(file);
        } catch (IOException e) {
            throw new RemoteAccessException(Kind.CONFIG, "Cannot read the known_hosts file " + file + " for "
                    + key.hostAndPort() + " (" + e.getClass().getSimpleName() + "): fix its permissions or"
                    + " ssh.known_hosts.", e);
        }
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
        rejection = new Rejection(Kind.HOST_KEY_UNKNOWN, key);
        return false;
    }

    @Override
    protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
        rejection = new Rejection(Kind.HOST_KEY_CHANGED, key);
        return false;
    }

    /** Why the last verification refused the host, as a message for people; empty when it didn't. */
    Optional<RemoteAccessException> refusal(ConnectionKey key) {
        Rejection r = rejection;
        if (r == null) {
            return Optional.empty();
        }
        String presented = HostKeyFingerprints.type(r.presented()) + " " + HostKeyFingerprints.sha256(r.presented());
        String entry = key.knownHostsName() + " " + HostKeyFingerprints.knownHostsKey(r.presented());
        String verify = " Verify the fingerprint on the host itself (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub)";
        if (r.kind() == Kind.HOST_KEY_CHANGED) {
            return Optional.of(new RemoteAccessException(Kind.HOST_KEY_CHANGED, "SSH host key of "
                    + key.hostAndPort() + " has CHANGED: it presented " + presented + ", which does not match the"
                    + " entry for " + key.knownHostsName() + " in " + file + ". Refusing to connect: this is a"
                    + " reinstalled host or someone in the middle." + verify + "; only then replace the old line in "
                    + file + " with: " + entry));
        }
        String missing = Files.exists(file) ? " has no entry for " + key.knownHostsName() : " does not exist";
        return Optional.of(new RemoteAccessException(Kind.HOST_KEY_UNKNOWN, "SSH host key of " + key.hostAndPort()
                + " is not known: it presented " + presented + " and " + file + missing + ". Refusing to connect."
                + verify + ", then add this line to " + file + ": " + entry));
    }
}
