package dev.triage.bot.incident;

import static dev.triage.bot.store.Sql.instant;

import dev.triage.bot.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The unattended remediations in the database, one per incident at most (a unique index decides). Every step is a
 * conditional UPDATE that says whether this call made it, so the replica that made it is the one that acts on it.
 */
public final class RemediationStore {
    private static final String COLUMNS = "id, incident_id, target, action_id, rule, status, announced_at, run_at, announce_item, "
            + "held_by, held_at, started_at, runner, finished_at, summary, escalated_at";

    /**
     * One announced remediation and how far it got.
     *
     * @param runAt     when the hold ends and the run may start
     * @param announceItem the outbox item of its announcement (with the Hold button), edited at each step
     */
    public record Pending(String id, String incidentId, String target, String actionId, String rule, Status status,
                          Instant announcedAt, Instant runAt, String announceItem, String heldBy, Instant heldAt, Instant startedAt,
                          String runner, Instant finishedAt, String summary, Instant escalatedAt) {
    }

    /** ANNOUNCED → HELD (a person), CANCELLED (no longer wanted), REFUSED (the storm guard), or RUNNING → DONE / FAILED / INTERRUPTED. */
    public enum Status { ANNOUNCED, HELD, CANCELLED, REFUSED, RUNNING, DONE, FAILED, INTERRUPTED }

    private final Database db;

    public RemediationStore(Database db) {
        this.db = db;
    }

    /** Records the announcement unless the incident already has one; true when this call recorded it. */
    public boolean announce(String id, String incidentId, String target, String actionId, String rule, Instant at, Instant runAt) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO remediations (id, incident_id, target, action_id, rule, status, "
                    + "announced_at, run_at) VALUES (?, ?, ?, ?, ?, 'ANNOUNCED', ?, ?) ON CONFLICT (incident_id) DO NOTHING")) {
                s.setString(1, id);
                s.setString(2, incidentId);
                s.setString(3, target);
                s.setString(4, actionId);
                s.setString(5, rule);
                s.setLong(6, at.toEpochMilli());
                s.setLong(7, runAt.toEpochMilli());
                return s.executeUpdate() == 1;
            }
        });
    }

    public void attachAnnouncement(String id, String item) {
        update("UPDATE remediations SET announce_item = ? WHERE id = ?", item, id);
    }

    public Optional<Pending> byId(String id) {
        List<Pending> one = many("SELECT " + COLUMNS + " FROM remediations WHERE id = ?", id);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    public Optional<Pending> forIncident(String incidentId) {
        List<Pending> one = many("SELECT " + COLUMNS + " FROM remediations WHERE incident_id = ?", incidentId);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /** What the leader still has to move on: announced, running, and done ones not yet known to have helped. */
    public List<Pending> unsettled() {
        return many("SELECT " + COLUMNS + " FROM remediations WHERE status IN ('ANNOUNCED', 'RUNNING') OR (status = 'DONE' "
                + "AND escalated_at IS NULL AND incident_id IN (SELECT id FROM incidents WHERE state <> 'RESOLVED')) ORDER BY announced_at");
    }

    /** Hold pressed: true for the one press that stopped an announced run before it started. */
    public boolean hold(String id, String by, Instant at) {
        return update("UPDATE remediations SET status = 'HELD', held_by = ?, held_at = ? WHERE id = ? AND status = 'ANNOUNCED'",
                by, at, id) == 1;
    }

    /** The announced run will not start ({@link Status#CANCELLED} or {@link Status#REFUSED}); true for the call that ended it. */
    public boolean close(String id, Status status, String why, Instant at) {
        return update("UPDATE remediations SET status = ?, summary = ?, finished_at = ? WHERE id = ? AND status = 'ANNOUNCED'",
                status.name(), why, at, id) == 1;
    }

    /** The announced run starts on {@code runner}; true for the one call that started it (never after a Hold). */
    public boolean start(String id, String runner, Instant at) {
        return update("UPDATE remediations SET status = 'RUNNING', runner = ?, started_at = ? WHERE id = ? AND status = 'ANNOUNCED'",
                runner, at, id) == 1;
    }

    /** How the run ended; true for the call that recorded it (a leader that marked it interrupted came first otherwise). */
    public boolean finish(String id, Status status, String summary, Instant at) {
        return update("UPDATE remediations SET status = ?, summary = ?, finished_at = ? WHERE id = ? AND status = 'RUNNING'",
                status.name(), summary, at, id) == 1;
    }

    /** Marks it escalated; true for the one call that did, which posts the escalation. */
    public boolean escalate(String id, Instant at) {
        return update("UPDATE remediations SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL", at, id) == 1;
    }

    /** Start times of unattended runs of this action on this target since {@code since}. */
    public int startedSince(String target, String actionId, Instant since) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM remediations WHERE target = ? AND action_id = ? "
                    + "AND started_at >= ?")) {
                s.setString(1, target);
                s.setString(2, actionId);
                s.setLong(3, since.toEpochMilli());
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }

    private List<Pending> many(String sql, Object... args) {
        return db.list(sql, r -> new Pending(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                Status.valueOf(r.getString(6)), instant(r, 7), instant(r, 8), r.getString(9), r.getString(10),
                instant(r, 11), instant(r, 12), r.getString(13), instant(r, 14), r.getString(15), instant(r, 16)), args);
    }

    private int update(String sql, Object... args) {
        return db.update(sql, args);
    }
}
