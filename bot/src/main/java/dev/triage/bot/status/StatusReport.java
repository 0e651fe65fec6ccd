package dev.triage.bot.status;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The results of one status run on one target. */
public record StatusReport(Target target, List<CheckResult> results, Instant at, Duration took) {
    public StatusReport {
        results = List.copyOf(results);
    }

    public TargetState state() {
        return TargetState.of(results);
    }

    public long count(Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    public long ran() {
        return results.stream().filter(r -> r.status() != Status.SKIPPED).count();
    }

    /** The first result with the worst status: what a one-line summary leads with. */
    public CheckResult worst() {
        CheckResult worst = null;
        for (CheckResult r : results) {
            if (worst == null || r.status().ordinal() > worst.status().ordinal()) {
                worst = r;
            }
        }
        return worst;
    }
}
