package dev.triage.bot.approval;

import dev.triage.bot.store.Store;
import dev.triage.bot.text.Times;
import dev.triage.config.Access;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The restart-storm guard: per target and action, a cooldown between runs and a cap per hour.
 * Document 003's crash loop must not become a restart loop. Reads the runs from the store, so every
 * replica sees the same history; {@link Approvals} checks it and records the run in the approval's own
 * transaction, under a lock on the guard's row, so two approvals at once on two replicas can't both run.
 */
public final class StormGuard {
    private static final Duration HOUR = Duration.ofHours(1);
    private final Store store;

    public StormGuard(Store store) {
        this.store = store;
    }

    /** Why the action may not run now, and when it may; empty when it may. */
    public Optional<String> refusal(String target, String actionId, Access.ActionPolicy policy, Instant now) {
        List<Instant> runs = store.runsSince(target, actionId, now.minus(HOUR));
        return judge(runs, target, actionId, policy, now);
    }

    /** The same judgement over runs already read (oldest first, within the last hour). */
    public static Optional<String> judge(List<Instant> runs, String target, String actionId, Access.ActionPolicy policy, Instant now) {
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        Instant last = runs.get(runs.size() - 1);
        Instant cooldownEnds = last.plus(policy.cooldown());
        if (now.isBefore(cooldownEnds)) {
            return Optional.of(actionId + " ran on " + target + " " + Times.length(Duration.between(last, now))
                    + " ago; the cooldown of " + Times.length(policy.cooldown()) + " allows it again at " + Times.utc(cooldownEnds)
                    + " (in " + Times.length(Duration.between(now, cooldownEnds)) + ").");
        }
        if (runs.size() >= policy.maxPerHour()) {
            Instant frees = runs.get(runs.size() - policy.maxPerHour()).plus(HOUR);
            return Optional.of(actionId + " already ran " + runs.size() + " times on " + target + " in the last hour (the cap is "
                    + policy.maxPerHour() + "); it is allowed again at " + Times.utc(frees) + " (in "
                    + Times.length(Duration.between(now, frees)) + "). A crash loop needs a diagnosis, not more restarts: /backend diagnose "
                    + target);
        }
        return Optional.empty();
    }
}
