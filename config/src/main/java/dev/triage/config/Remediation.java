package dev.triage.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A target's {@code remediate:} rule, the one place a person allows Triage to change something without them: when the
 * target has been DOWN for {@code after} and the diagnosis proposes {@code action}, Triage announces the run in the
 * incident's thread, waits {@code hold} for someone to press Hold, and runs it — at most {@code maxPerHour} times an
 * hour, inside the action's own storm guard. What it can't fix it hands to {@code escalate}.
 *
 * @param action     the action it may run, e.g. {@code restart-service}; never {@code reboot-host}
 * @param after      how long the target must have been DOWN first (from its first failed probe)
 * @param maxPerHour the most unattended runs of the action on the target within an hour
 * @param hold       how long the announcement waits for a Hold before the run starts
 * @param escalate   who is mentioned when the run is held back, fails or does not help: members in the {@code roles:}
 *                   form, e.g. {@code slack-group:S0456} or {@code discord-role:5678}; may be empty
 */
public record Remediation(String action, Duration after, int maxPerHour, Duration hold, List<String> escalate) {
    public static final Duration DEFAULT_AFTER = Duration.ofMinutes(2);
    public static final int DEFAULT_PER_HOUR = 2;
    public static final Duration DEFAULT_HOLD = Duration.ofSeconds(30);
    /** The longest hold: a remediation announced for longer is not unattended any more, it is an approval. */
    public static final Duration MAX_HOLD = Duration.ofMinutes(30);
    /** Actions Triage never runs without a person, whatever the config says. */
    public static final Set<String> NEVER_UNATTENDED = Set.of("reboot-host");

    public Remediation {
        Objects.requireNonNull(action, "action");
        if (NEVER_UNATTENDED.contains(action)) {
            throw new IllegalArgumentException(action + " is never run without a person");
        }
        after = after == null ? DEFAULT_AFTER : after;
        hold = hold == null ? DEFAULT_HOLD : hold;
        if (after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException("remediate.after must be positive: " + after);
        }
        if (hold.isNegative() || hold.isZero() || hold.compareTo(MAX_HOLD) > 0) {
            throw new IllegalArgumentException("remediate.hold must be above 0 and at most " + Durations.format(MAX_HOLD) + ": "
                    + Durations.format(hold));
        }
        if (maxPerHour < 1) {
            throw new IllegalArgumentException("remediate.max_per_hour must be at least 1: " + maxPerHour);
        }
        escalate = escalate == null ? List.of() : List.copyOf(escalate);
    }

    /** How the rule reads in the thread and the audit: {@code restart-service after 2m, at most 2 an hour}. */
    public String describe() {
        return action + " after " + Durations.format(after) + " DOWN, at most " + maxPerHour + " an hour";
    }
}
