package dev.triage.checks.action;

import dev.triage.checks.Status;
import dev.triage.config.Target;
import java.util.Objects;

/**
 * A verification whose failure points at the action that fixes it, offered on the same card: after a restart of the
 * service behind nginx (001), the service answers again but nginx may still answer 502 — restart nginx.
 */
record FollowUp(Verification inner, String actionId) implements Verification {
    FollowUp {
        Objects.requireNonNull(inner, "inner");
        Objects.requireNonNull(actionId, "actionId");
    }

    @Override
    public String describe(Target target) {
        return inner.describe(target);
    }

    @Override
    public boolean appliesTo(Target target) {
        return inner.appliesTo(target);
    }

    @Override
    public void beforeCommand(Target target, VerifyContext context) {
        inner.beforeCommand(target, context);
    }

    @Override
    public Verified verify(Target target, VerifyContext context) throws InterruptedException {
        Verified v = inner.verify(target, context);
        Status s = v.step().status();
        boolean failed = s == Status.FAIL || s == Status.ERROR;
        return failed ? new Verified(v.step(), v.brief(), actionId) : v;
    }
}
