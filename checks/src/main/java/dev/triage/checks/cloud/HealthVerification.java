package dev.triage.checks.cloud;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.action.ActionStep;
import dev.triage.config.Target;
import java.time.Instant;

/** The last step of every cloud action: the service's health from outside answers 2xx within the wait. */
public final class HealthVerification {
    private final Check health;
    private final Waiting waiting;

    /** @param health the {@code http-health} check */
    public HealthVerification(Check health, Waiting waiting) {
        this.health = health;
        this.waiting = waiting;
    }

    /** What the plan shows. */
    public String describe(Target target) {
        return target.baseUrl() == null ? "no base_url: health from outside not verified"
                : "GET " + target.healthPath() + " answers 2xx within " + waiting.within().toSeconds() + " s";
    }

    /** Null when the target has no base URL to check; else the verify step. */
    public ActionStep verify(Target target) throws InterruptedException {
        if (target.baseUrl() == null) {
            return null;
        }
        Instant start = waiting.clock().instant();
        CheckResult[] last = new CheckResult[1];
        Waiting.Answer a;
        try {
            a = waiting.until(() -> {
                last[0] = health.run(target);
                return last[0].status() == Status.OK || last[0].status() == Status.WARN ? Waiting.Answer.DONE : Waiting.Answer.NOT_YET;
            });
        } catch (CloudApiException e) {
            return new ActionStep(ActionStep.Phase.VERIFY, health.id(), Status.ERROR, e.getMessage(), waiting.since(start));
        }
        Status status = a == Waiting.Answer.DONE ? Status.OK : Status.FAIL;
        return new ActionStep(ActionStep.Phase.VERIFY, health.id(), status, last[0].summary(), waiting.since(start));
    }
}
