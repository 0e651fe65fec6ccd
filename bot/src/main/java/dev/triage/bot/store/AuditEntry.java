package dev.triage.bot.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the audit log: who did what, to which target, where, and how it ended.
 *
 * @param kind   command, request, approve, deny, refuse, step, outcome
 * @param digest SHA-256 of an action's output, for outcome lines
 */
public record AuditEntry(String id, Instant at, String actor, String actorName, String kind, String target, String channel,
                         String detail, String result, String digest) {
    public AuditEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        actorName = actorName == null ? actor : actorName;
    }
}
