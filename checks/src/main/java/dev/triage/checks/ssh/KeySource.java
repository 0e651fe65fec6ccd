package dev.triage.checks.ssh;

import dev.triage.checks.ssh.RemoteAccessException.Kind;
import dev.triage.config.Secret;
import dev.triage.config.Ssh;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * Where a target's private key comes from: a file, or PEM text held in a {@link Secret}. Described to
 * people by origin ({@code private key file /etc/triage/id_ed25519}, {@code private key from
 * TRIAGE_SSH_KEY}), never by content.
 */
final class KeySource {

    private final Path file;
    private final Secret secret;
    private final String description;
    private final String identity;

    private KeySource(Path file, Secret secret, String description, String identity) {
        this.file = file;
        this.secret = secret;
        this.description = description;
        this.identity = identity;
    }

    /** The key text wins over the file when both are configured. */
    static KeySource of(Ssh ssh) throws RemoteAccessException {
        Secret secret = ssh.privateKey();
        if (secret != null && !secret.isBlank()) {
            return new KeySource(null, secret, "private key from " + secret.origin(),
                    "secret:" + secret.origin() + ":" + sha256Hex(secret.reveal()));
        }
        Path file = ssh.privateKeyFile();
        if (file != null) {
            Path absolute = file.toAbsolutePath().normalize();
            return new KeySource(absolute, null, "private key file " + absolute, "file:" + absolute);
        }
        throw new RemoteAccessException(Kind.CONFIG, "No SSH private key configured for " + ssh.user() + "@"
                + ssh.host() + ":" + ssh.port() + ": set ssh.private_key_file, or ssh.private_key to the key's"
                + " PEM text (e.g. from an environment variable).");
    }

    /** Shown in messages and logs instead of the key. */
    String description() {
        return description;
    }

    /** Tells keys apart for connection reuse; holds a digest of a secret key, never the key. */
    String identity() {
        return identity;
    }

    /**
     * Reads and parses the key now (sshj would otherwise parse it lazily, mid-authentication), so a bad
     * key is a clear configuration error. The parser's own message is left out: it may quote the text.
     */
    KeyProvider load(SSHClient client, ConnectionKey key) throws RemoteAccessException {
        if (file != null && !Files.isReadable(file)) {
            throw new RemoteAccessException(Kind.CONFIG, "Cannot read the " + description + " for " + key
                    + (Files.exists(file) ? ": permission denied." : ": the file does not exist.")
                    + " Fix ssh.private_key_file.");
        }
        try {
            KeyProvider provider = file != null
                    ? client.loadKeys(file.toString())
                    : client.loadKeys(secret.reveal(), null, null);
            provider.getPrivate();
            provider.getPublic();
            return provider;
        } catch (Exception e) {
            throw new RemoteAccessException(Kind.CONFIG, "Cannot use the " + description + " for " + key
                    + " (" + e.getClass().getSimpleName() + "): it must be an unencrypted OpenSSH or PEM private"
                    + " key (ed25519, ecdsa or rsa).");
        }
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
