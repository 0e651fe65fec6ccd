package dev.triage.checks.ssh.parse;

import java.util.List;
import java.util.Objects;

/**
 * One TCP socket in LISTEN state.
 *
 * @param address the local address without brackets or scope: {@code 0.0.0.0}, {@code 127.0.0.1},
 *                {@code ::}, {@code ::1}, or {@code *} (ss's all-addresses wildcard)
 * @param scope   the interface the socket is bound to ({@code lo} in {@code 127.0.0.53%lo}); null when none
 * @param owners  the owning processes; empty when the tool could not see them (not run as root)
 * @param line    the output line it was read from, trimmed
 */
public record ListeningSocket(String address, String scope, int port, List<SocketOwner> owners, String line) {

    public ListeningSocket {
        Objects.requireNonNull(address, "address");
        owners = List.copyOf(owners);
    }

    /** True when only this host can connect: a loopback address, or any address bound to {@code lo}. */
    public boolean isLoopbackOnly() {
        return "lo".equals(scope) || address.startsWith("127.") || address.equals("::1")
                || address.equals("::ffff:127.0.0.1");
    }

    /** True for the all-interfaces addresses {@code 0.0.0.0}, {@code ::} and {@code *}. */
    public boolean isWildcard() {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("*");
    }

    /** The address as people write it: {@code 0.0.0.0:8000}, {@code [::1]:8000}, {@code 127.0.0.53%lo:53}. */
    public String endpoint() {
        String host = address.contains(":") ? "[" + address + "]" : address;
        return host + (scope == null ? "" : "%" + scope) + ":" + port;
    }
}
