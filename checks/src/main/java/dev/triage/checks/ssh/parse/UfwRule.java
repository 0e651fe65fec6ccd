package dev.triage.checks.ssh.parse;

import java.util.List;

/**
 * One line of {@code ufw status}'s rule table.
 *
 * @param to          the "To" column as written, {@code (v6)} and {@code on IFACE} removed: {@code 8000/tcp},
 *                    {@code 8000:8010/tcp}, {@code 80,443/tcp}, {@code Nginx Full}, {@code Anywhere}
 * @param ports       the port ranges the rule covers; empty for an application profile ufw did not expand
 * @param anyPort     true when the "To" column is {@code Anywhere}: every port
 * @param protocol    {@code tcp}, {@code udp}, or {@code any}
 * @param action      {@code ALLOW}, {@code DENY}, {@code REJECT} or {@code LIMIT}
 * @param direction   {@code IN}, {@code OUT} or {@code FWD}
 * @param from        the "From" column, {@code (v6)} removed: {@code Anywhere}, {@code 203.0.113.0/24}
 * @param v6          true for the IPv6 copy of a rule
 * @param line        the table line, trimmed
 */
public record UfwRule(String to, List<PortRange> ports, boolean anyPort, String protocol, String action,
                      String direction, String from, boolean v6, String line) {

    /** An inclusive port range; a single port has {@code low == high}. */
    public record PortRange(int low, int high) {
        public boolean contains(int port) {
            return port >= low && port <= high;
        }
    }

    public UfwRule {
        ports = List.copyOf(ports);
    }

    /** True when the rule applies to incoming TCP traffic to this port. */
    public boolean coversInboundTcp(int port) {
        return direction.equals("IN") && !protocol.equals("udp")
                && (anyPort || ports.stream().anyMatch(r -> r.contains(port)));
    }

    public boolean lets() {
        return action.equals("ALLOW") || action.equals("LIMIT");
    }

    public boolean fromAnywhere() {
        return from.equals("Anywhere");
    }
}
