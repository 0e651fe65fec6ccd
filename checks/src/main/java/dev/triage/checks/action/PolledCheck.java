package dev.triage.checks.action;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.Target;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A verification made of one check asked until {@code done} accepts its result, within a {@link Patience}.
 * The step takes the status of the last result once it is done (a port that listens, but only on loopback
 * although it must be reachable, is still a FAIL); a result the check SKIPPED makes the step SKIPPED.
 *
 * @param name     the step's name, e.g. {@code port 8000 listening}
 * @param describe the approval card's line
 * @param brief    the summary's short form once passed, e.g. {@code port 8000}
 * @param view     the target as the check should see it (e.g. with nginx's port 80 as the service port)
 */
record PolledCheck(Function<Target, String> name, Function<Target, String> describe, Function<Target, String> brief,
                   UnaryOperator<Target> view, Predicate<Target> applies, Check check, Patience patience,
                   Predicate<CheckResult> done, Poller poller) implements Verification {

    PolledCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(describe, "describe");
        Objects.requireNonNull(brief, "brief");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(applies, "applies");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(patience, "patience");
        Objects.requireNonNull(done, "done");
        Objects.requireNonNull(poller, "poller");
    }

    /** The same verification, applied only to targets that {@code when} accepts. */
    PolledCheck onlyWhen(Predicate<Target> when) {
        return new PolledCheck(name, describe, brief, view, applies.and(when), check, patience, done, poller);
    }

    @Override
    public String describe(Target target) {
        return describe.apply(target);
    }

    @Override
    public boolean appliesTo(Target target) {
        return applies.test(target);
    }

    @Override
    public Verified verify(Target target, VerifyContext context) throws InterruptedException {
        Target seen = view.apply(target);
        String stepName = name.apply(target);
        Poller.Polled polled = poller.poll(patience, () -> Probes.run(check, seen), done,
                r -> Probes.lastingError(r) || Probes.skipped(r));
        CheckResult last = polled.last();
        String at = Timing.seconds(context.sinceCommand());
        if (last.status() == Status.SKIPPED) {
            return new Verified(step(stepName, Status.SKIPPED, "skipped: " + last.summary(), polled), "");
        }
        if (polled.succeeded()) {
            Status status = last.status() == Status.ERROR ? Status.ERROR
                    : last.status() == Status.FAIL ? Status.FAIL
                    : last.status() == Status.WARN ? Status.WARN : Status.OK;
            String detail = last.summary() + " (at " + at + tries(polled) + ")";
            return new Verified(step(stepName, status, detail, polled), brief.apply(target) + " at " + at);
        }
        String why = last.status() == Status.ERROR && Probes.lastingError(last) ? last.summary()
                : (patience.within() != null && patience.tries() == 0
                        ? "not within " + Timing.limit(patience.within())
                        : "not after " + polled.attempts() + (polled.attempts() == 1 ? " try" : " tries"))
                        + "; last: " + last.summary();
        Status status = last.status() == Status.ERROR ? Status.ERROR : Status.FAIL;
        return new Verified(step(stepName, status, why, polled), "");
    }

    private static ActionStep step(String name, Status status, String detail, Poller.Polled polled) {
        return new ActionStep(ActionStep.Phase.VERIFY, name, status, detail, polled.took());
    }

    private static String tries(Poller.Polled polled) {
        return polled.attempts() == 1 ? "" : ", try " + polled.attempts();
    }
}
