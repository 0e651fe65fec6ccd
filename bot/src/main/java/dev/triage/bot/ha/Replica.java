package dev.triage.bot.ha;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;

/**
 * This process as one replica of the bot: a readable name (the configured one, {@code TRIAGE_REPLICA_NAME},
 * the host name — in Kubernetes the pod's — or "triage") and an id that adds a random suffix, so two
 * processes started under the same name never take each other's lease or claims.
 */
public record Replica(String id, String name) {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    public Replica {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }

    /** A new replica id for this process. */
    public static Replica of(String configuredName, Map<String, String> env) {
        String name = configuredName;
        if (name == null || name.isBlank()) {
            name = env.getOrDefault("TRIAGE_REPLICA_NAME", env.get("HOSTNAME"));
        }
        if (name == null || name.isBlank()) {
            try {
                name = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                name = "triage";
            }
        }
        name = name.strip().replaceAll("[^A-Za-z0-9._-]", "-");
        SecureRandom random = new SecureRandom();
        char[] suffix = new char[6];
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new Replica(name + "-" + new String(suffix), name);
    }

    @Override
    public String toString() {
        return "replica " + id;
    }
}
