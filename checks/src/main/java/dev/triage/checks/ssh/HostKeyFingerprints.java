package dev.triage.checks.ssh;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/** Host key fingerprints as OpenSSH prints them ({@code ssh-keygen -lf}), so people can compare them. */
public final class HostKeyFingerprints {

    private HostKeyFingerprints() {
    }

    /** {@code SHA256:} and the unpadded base64 of the SHA-256 of the key's wire encoding. */
    public static String sha256(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** The key's type as it appears in known_hosts, e.g. {@code ssh-ed25519}. */
    public static String type(PublicKey key) {
        return KeyType.fromKey(key).toString();
    }

    /** The key as a known_hosts entry's last two fields: {@code ssh-ed25519 AAAA...}. */
    public static String knownHostsKey(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        return type(key) + " " + Base64.getEncoder().encodeToString(blob);
    }
}
