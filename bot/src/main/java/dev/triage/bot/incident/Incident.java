package dev.triage.bot.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One outage of one target, from the first failed probe to recovery.
 *
 * @param number       the human-friendly number shown as {@code incident #42}
 * @param rootItem     the outbox item of the root message its thread hangs under
 * @param humanAction  a person-approved action ran during it (for "recoveries without a person")
 * @param failures     the failed probes that opened it, as the root message says
 * @param fixAction    the action its diagnosis proposes, offered as a button on the root; null when none
 * @param diagnosedAt  when its automatic diagnosis was posted; null until then (a new leader posts a missing one)
 * @param stormId      the storm it is grouped in, when many targets went down together; null otherwise
 * @param needsPerson  why a person is needed, when an unattended fix was held back, failed or did not help; else null
 */
public record Incident(String id, int number, String target, State state, String channel, String rootItem, Instant downSince,
                       Instant openedAt, String firstEvidence, String cause, String acknowledgedBy, Instant acknowledgedAt,
                       Instant resolvedAt, String recoveredBy, boolean humanAction, Instant lastReminder, int failures,
                       String fixAction, Instant diagnosedAt, String stormId, String needsPerson) {

    public enum State { OPEN, ACKNOWLEDGED, MITIGATING, RESOLVED }

    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(state, "state");
    }

    public boolean open() {
        return state != State.RESOLVED;
    }

    /** The outage's length: until recovery, or until {@code now} while it lasts. */
    public Duration length(Instant now) {
        return Duration.between(downSince, resolvedAt != null ? resolvedAt : now);
    }
}
