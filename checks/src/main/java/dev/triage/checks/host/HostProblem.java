package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A command of a host check could not give an answer about the target: the host was unreachable, the
 * deadline passed, the tool is missing, sudo refused, or the command template is misconfigured. Becomes
 * an {@link Status#ERROR} result; it says nothing about the target's health.
 */
final class HostProblem extends Exception {

    enum Kind { UNREACHABLE, TIMED_OUT, TOOL_MISSING, SUDO_REFUSED, MISCONFIGURED, UNEXPECTED_OUTPUT }

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
        return new CheckResult(checkId, Status.ERROR, getMessage(), evidence, took, Instant.now(),
                Map.of("error", kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
    }
}
