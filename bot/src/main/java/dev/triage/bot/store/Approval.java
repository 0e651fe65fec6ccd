package dev.triage.bot.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A request to run an action, and what became of it.
 *
 * @param requestedBy   {@code PLATFORM:USER_ID} of who asked
 * @param cardChannel   where the approval card was posted (with {@code cardId}); null until posted
 * @param status        PENDING until decided once: APPROVED, DENIED or EXPIRED
 * @param outcome       after an approved run: the action's result (DONE, GATE_FAILED, …)
 * @param cardItem      the card as a queued answer ({@code item:…}), which its edits and step replies go under
 */
public record Approval(String id, String target, String actionId, String command, String requestedBy,
                       String requestedByName, String channel, String cardChannel, String cardId, String approverRole,
                       boolean twoPerson, Status status, Instant createdAt, Instant expiresAt, String decidedBy,
                       String decidedByName, Instant decidedAt, String outcome, String outcomeSummary, String outputDigest,
                       Instant finishedAt, String cardItem) {

    public enum Status { PENDING, APPROVED, DENIED, EXPIRED }

    public Approval {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(status, "status");
    }

    public static Approval pending(String id, String target, String actionId, String command, String requestedBy,
                                   String requestedByName, String channel, String approverRole, boolean twoPerson,
                                   Instant createdAt, Instant expiresAt) {
        return new Approval(id, target, actionId, command, requestedBy, requestedByName, channel, null, null, approverRole,
                twoPerson, Status.PENDING, createdAt, expiresAt, null, null, null, null, null, null, null, null);
    }

    public boolean expiredAt(Instant now) {
        return status == Status.PENDING && !now.isBefore(expiresAt);
    }
}
