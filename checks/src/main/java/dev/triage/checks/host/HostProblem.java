package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A command of a host check could not give an answer about the target: the host was unreachable, the
 * deadline passed, the tool is missing or can't answer on this host, sudo refused or is missing, or the command
 * template is misconfigured. Becomes
 * an {@link Status#ERROR} result; it says nothing about the target's health.
 */
final class HostProblem extends Exception {

    /**
     * HOST_KEY_REFUSED: the host presented an unknown or changed SSH host key and Triage refused to connect;
     * CANNOT_ANSWER: the tool ran and said it can't answer here (no systemd, no Docker daemon, no permission);
     * SUDO_MISSING: the command runs with sudo and the host has none.
     */
    enum Kind {
        UNREACHABLE, HOST_KEY_REFUSED, TIMED_OUT, TOOL_MISSING, SUDO_REFUSED, SUDO_MISSING, CANNOT_ANSWER, MISCONFIGURED,
        UNEXPECTED_OUTPUT
    }

    private final Kind kind;
    private final List<String> evidence;

    HostProblem(Kind kind, String summary, List<String> evidence) {
        super(summary);
        this.kind = kind;
        this.evidence = List.copyOf(evidence);
    }

    Kind kind() {
        return kind;
    }

    List<String> evidence() {
        return evidence;
    }

    CheckResult toResult(String checkId, Duration took) {
        return new CheckResult(checkId, Status.ERROR, getMessage(), evidence, took,
                Map.of("error", kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
    }
}
