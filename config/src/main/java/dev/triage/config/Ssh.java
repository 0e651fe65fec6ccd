package dev.triage.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How Triage reaches a target's host over SSH. Host keys are always verified against
 * {@code knownHosts}; there is deliberately no way to turn that off.
 *
 * @param privateKeyFile  path of the private key, or null when {@code privateKey} is given
 * @param privateKey      PEM text (usually from an environment variable), or null
 * @param connectTimeout  deadline for the TCP connect and the handshake
 * @param commandTimeout  default deadline for one remote command
 */
public record Ssh(
        String host,
        int port,
        String user,
        Path privateKeyFile,
        Secret privateKey,
        Path knownHosts,
        Duration connectTimeout,
        Duration commandTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);

    public Ssh {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(knownHosts, "knownHosts");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        commandTimeout = commandTimeout == null ? DEFAULT_COMMAND_TIMEOUT : commandTimeout;
    }
}
