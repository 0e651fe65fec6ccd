package dev.triage.bot.diagnose;

import dev.triage.bot.runbook.Verdict;

import dev.triage.checks.CheckResult;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** One finished diagnosis: every check's result, the verdict, and how long it took. */
public record Diagnosis(Target target, List<CheckResult> results, Verdict verdict, Instant at, Duration took) {
    public Diagnosis {
        results = List.copyOf(results);
    }

    public Optional<CheckResult> slowest() {
        return results.stream().max(Comparator.comparing(CheckResult::duration));
    }

    /** A check the host refused to be looked into because its SSH host key is unknown or changed; empty when none was. */
    public java.util.Optional<dev.triage.checks.CheckResult> hostKeyRefused() {
        return results().stream().filter(r -> r.status() == dev.triage.checks.Status.ERROR && "host-key-refused".equals(r.fact("error")))
                .findFirst();
    }
}
