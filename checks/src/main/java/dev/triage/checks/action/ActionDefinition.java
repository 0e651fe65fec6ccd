package dev.triage.checks.action;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One action as data: what it needs configured, its gates, its command (one or more command templates run
 * in order, joined with {@code &&}), the command's deadline, and its verifications.
 *
 * @param requirements      what the target must have configured besides SSH (every action needs SSH)
 * @param templates         command template names ({@link dev.triage.checks.ssh.CommandTemplates}), at least one
 * @param dropsConnection   true when the command is expected to cut the SSH connection ({@code reboot})
 */
public record ActionDefinition(String id, List<Requirement> requirements, List<Gate> gates, List<String> templates,
                               Duration deadline, List<Verification> verifications, boolean dropsConnection) {

    public ActionDefinition {
        Objects.requireNonNull(id, "id");
        requirements = List.copyOf(requirements);
        gates = List.copyOf(gates);
        templates = List.copyOf(templates);
        verifications = List.copyOf(verifications);
        Objects.requireNonNull(deadline, "deadline");
        if (id.isBlank()) {
            throw new IllegalArgumentException("action id cannot be blank");
        }
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("action " + id + " needs at least one command template");
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("action " + id + ": deadline must be positive: " + deadline);
        }
    }
}
