package dev.triage.checks.ssh;

import dev.triage.config.Ssh;
import java.nio.file.Path;

/**
 * What makes two commands share one SSH connection: the same user at the same host and port, with the
 * same key, checked against the same known_hosts file. {@link #toString()} is {@code user@host:port};
 * the key identity (a path, or a secret's origin and digest) never shows.
 */
record ConnectionKey(String user, String host, int port, String keyIdentity, Path knownHosts) {

    static ConnectionKey of(Ssh ssh, KeySource keys) {
        return new ConnectionKey(ssh.user(), ssh.host(), ssh.port(), keys.identity(),
                ssh.knownHosts().toAbsolutePath().normalize());
    }

    /** {@code host:port}. */
    String hostAndPort() {
        return host + ":" + port;
    }

    /** How OpenSSH names this host in known_hosts: {@code host} on port 22, else {@code [host]:port}. */
    String knownHostsName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
