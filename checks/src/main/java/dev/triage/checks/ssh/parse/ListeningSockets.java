package dev.triage.checks.ssh.parse;

import java.util.LinkedHashSet;
import java.util.List;

/** The TCP listening sockets of a host, as {@code ss -tlnp} or {@code netstat -tlnp} showed them. */
public record ListeningSockets(List<ListeningSocket> sockets) {

    public ListeningSockets {
        sockets = List.copyOf(sockets);
    }

    public List<ListeningSocket> onPort(int port) {
        return sockets.stream().filter(s -> s.port() == port).toList();
    }

    /** How the port is bound, judged across all its sockets (the widest binding wins). */
    public PortBinding binding(int port) {
        List<ListeningSocket> on = onPort(port);
        if (on.isEmpty()) {
            return PortBinding.NOT_LISTENING;
        }
        if (on.stream().anyMatch(s -> s.isWildcard() && s.scope() == null)) {
            return PortBinding.ALL_INTERFACES;
        }
        if (on.stream().allMatch(ListeningSocket::isLoopbackOnly)) {
            return PortBinding.LOOPBACK_ONLY;
        }
        return PortBinding.SPECIFIC_ADDRESS;
    }

    /** The distinct processes owning the port's sockets, in output order. */
    public List<SocketOwner> owners(int port) {
        var owners = new LinkedHashSet<SocketOwner>();
        onPort(port).forEach(s -> owners.addAll(s.owners()));
        return List.copyOf(owners);
    }
}
