package dev.triage.checks.ssh.parse;

import java.util.List;
import java.util.Optional;

/**
 * What {@code ufw status} showed.
 *
 * @param active     true for {@code Status: active}
 * @param statusLine the {@code Status:} line; null when the output had none (not ufw's output)
 */
public record UfwStatus(boolean active, String statusLine, List<UfwRule> rules) {

    public UfwStatus {
        rules = List.copyOf(rules);
    }

    /**
     * The rule that decides incoming IPv4 TCP traffic to the port: ufw applies the first matching rule;
     * empty when none matches (ufw's default incoming policy, deny, applies).
     */
    public Optional<UfwRule> deciding(int port) {
        return rules.stream().filter(r -> !r.v6() && r.coversInboundTcp(port)).findFirst();
    }
}
