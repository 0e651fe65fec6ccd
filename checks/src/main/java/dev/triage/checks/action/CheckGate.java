package dev.triage.checks.action;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A gate made of one check: it passes when {@code passes} accepts the check's result. The step shows the
 * check's own summary, or {@code passedDetail} when the gate asks a narrower question than the whole check
 * (nginx's config test passing while nginx itself is down is exactly when {@code restart-nginx} is safe).
 */
record CheckGate(Function<Target, String> name, Function<Target, String> describe, Check check,
                 Predicate<CheckResult> passes, Function<CheckResult, String> passedDetail, InstantSource clock)
        implements Gate {

    CheckGate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(describe, "describe");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(passes, "passes");
        Objects.requireNonNull(passedDetail, "passedDetail");
        Objects.requireNonNull(clock, "clock");
    }

    /** Passes when the check is OK or WARN. */
    static CheckGate passing(Check check, InstantSource clock) {
        return new CheckGate(t -> check.id(), t -> check.id() + " passes", check,
                r -> r.status() == Status.OK || r.status() == Status.WARN, CheckResult::summary, clock);
    }

    @Override
    public String name(Target target) {
        return name.apply(target);
    }

    @Override
    public String describe(Target target) {
        return describe.apply(target);
    }

    @Override
    public ActionStep check(Target target) {
        String stepName = name(target);
        Instant start = clock.instant();
        CheckResult result = Probes.run(check, target);
        Duration took = Duration.between(start, clock.instant());
        if (passes.test(result)) {
            Status status = result.status() == Status.WARN ? Status.WARN : Status.OK;
            return new ActionStep(ActionStep.Phase.GATE, stepName, status, passedDetail.apply(result), took);
        }
        Status status = result.status() == Status.OK || result.status() == Status.WARN ? Status.FAIL : result.status();
        String detail = result.status() == Status.SKIPPED ? "not checked: " + result.summary() : result.summary();
        return new ActionStep(ActionStep.Phase.GATE, stepName, status, detail, took);
    }
}
