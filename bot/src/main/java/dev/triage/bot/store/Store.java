package dev.triage.bot.store;

import static dev.triage.bot.store.Sql.setString;
import static dev.triage.bot.store.Sql.setInstant;
import static dev.triage.bot.store.Sql.instant;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The queries: one set for SQLite and PostgreSQL. Deciding an approval is a single conditional
 * UPDATE, so however many clicks arrive at once — in one process or in several replicas — exactly
 * one of them changes it.
 */
public final class Store {
    private static final String APPROVAL_COLUMNS = "id, target, action_id, command, requested_by, requested_by_name, channel, "
            + "card_channel, card_id, approver_role, two_person, status, created_at, expires_at, decided_by, decided_by_name, "
            + "decided_at, outcome, outcome_summary, output_digest, finished_at, card_item";

    private final Database db;

    public Store(Database db) {
        this.db = db;
    }

    /** The database, for transactions that span several of these queries. */
    public Database db() {
        return db;
    }

    /**
     * Stores a new pending request unless the same action on the same target already has one: at most one pending
     * request per target and action (a unique index decides, across replicas). Returns the one already pending, or
     * empty when {@code a} was stored. A pending request whose time ran out no longer counts: it is marked expired.
     */
    public Optional<Approval> createApproval(Approval a) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE approvals SET status = 'EXPIRED', decided_at = ? WHERE target = ? "
                    + "AND action_id = ? AND status = 'PENDING' AND expires_at <= ?")) {
                s.setLong(1, a.createdAt().toEpochMilli());
                s.setString(2, a.target());
                s.setString(3, a.actionId());
                s.setLong(4, a.createdAt().toEpochMilli());
                s.executeUpdate();
            }
            if (insertApproval(c, a) == 1) {
                return Optional.<Approval>empty();
            }
            try (PreparedStatement s = c.prepareStatement("SELECT " + APPROVAL_COLUMNS
                    + " FROM approvals WHERE target = ? AND action_id = ? AND status = 'PENDING'")) {
                s.setString(1, a.target());
                s.setString(2, a.actionId());
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new StoreException("the request for " + a.actionId() + " on " + a.target()
                                + " was neither stored nor found pending", null);
                    }
                    return Optional.of(approval(r));
                }
            }
        });
    }

    private int insertApproval(java.sql.Connection c, Approval a) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO approvals (" + APPROVAL_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (target, action_id) WHERE status = 'PENDING' DO NOTHING")) {
            int i = 1;
            s.setString(i++, a.id());
            s.setString(i++, a.target());
            s.setString(i++, a.actionId());
            s.setString(i++, a.command());
            s.setString(i++, a.requestedBy());
            s.setString(i++, a.requestedByName());
            s.setString(i++, a.channel());
            s.setString(i++, a.cardChannel());
            s.setString(i++, a.cardId());
            s.setString(i++, a.approverRole());
            s.setInt(i++, a.twoPerson() ? 1 : 0);
            s.setString(i++, a.status().name());
            s.setLong(i++, a.createdAt().toEpochMilli());
            s.setLong(i++, a.expiresAt().toEpochMilli());
            setString(s, i++, a.decidedBy());
            setString(s, i++, a.decidedByName());
            setInstant(s, i++, a.decidedAt());
            setString(s, i++, a.outcome());
            setString(s, i++, a.outcomeSummary());
            setString(s, i++, a.outputDigest());
            setInstant(s, i++, a.finishedAt());
            setString(s, i, a.cardItem());
            return s.executeUpdate();
        }
    }

    public Optional<Approval> approval(String id) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + APPROVAL_COLUMNS + " FROM approvals WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(approval(r)) : Optional.<Approval>empty();
                }
            }
        });
    }

    /** The card was queued as {@code cardItem} in {@code channel}: its edits and step replies go under that item. */
    public void attachCardItem(String id, String channel, String cardItem) {
        update("UPDATE approvals SET card_channel = ?, card_item = ? WHERE id = ?", channel, cardItem, id);
    }

    public void attachCard(String id, String channel, String messageId) {
        update("UPDATE approvals SET card_channel = ?, card_id = ? WHERE id = ?", channel, messageId, id);
    }

    /**
     * Decides a pending, unexpired approval. Returns true only for the one call that changed it; every
     * other call (a second click, another replica, an expired or already decided request) gets false.
     */
    public boolean decide(String id, Approval.Status decision, String by, String byName, Instant now) {
        if (decision != Approval.Status.APPROVED && decision != Approval.Status.DENIED) {
            throw new IllegalArgumentException("a decision is APPROVED or DENIED, not " + decision);
        }
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE approvals SET status = ?, decided_by = ?, decided_by_name = ?, "
                    + "decided_at = ? WHERE id = ? AND status = 'PENDING' AND expires_at > ?")) {
                s.setString(1, decision.name());
                s.setString(2, by);
                s.setString(3, byName);
                s.setLong(4, now.toEpochMilli());
                s.setString(5, id);
                s.setLong(6, now.toEpochMilli());
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Marks a pending approval whose time is up as EXPIRED; true when this call did it. */
    public boolean expire(String id, Instant now) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE approvals SET status = 'EXPIRED', decided_at = ? WHERE id = ? AND status = 'PENDING' AND expires_at <= ?")) {
                s.setLong(1, now.toEpochMilli());
                s.setString(2, id);
                s.setLong(3, now.toEpochMilli());
                return s.executeUpdate() == 1;
            }
        });
    }

    public void finish(String id, String outcome, String summary, String digest, Instant at) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE approvals SET outcome = ?, outcome_summary = ?, output_digest = ?, finished_at = ? WHERE id = ?")) {
                s.setString(1, outcome);
                s.setString(2, summary);
                setString(s, 3, digest);
                s.setLong(4, at.toEpochMilli());
                s.setString(5, id);
                s.executeUpdate();
            }
            return null;
        });
    }

    public List<Approval> pending(String target) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + APPROVAL_COLUMNS
                    + " FROM approvals WHERE target = ? AND status = 'PENDING' ORDER BY created_at")) {
                s.setString(1, target);
                List<Approval> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(approval(r));
                    }
                }
                return out;
            }
        });
    }

    // ---- audit -------------------------------------------------------------------------------

    public void audit(AuditEntry e) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO audit (id, at, actor, actor_name, kind, target, channel, "
                    + "detail, result, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, e.id());
                s.setLong(2, e.at().toEpochMilli());
                s.setString(3, e.actor());
                s.setString(4, e.actorName());
                s.setString(5, e.kind());
                setString(s, 6, e.target());
                setString(s, 7, e.channel());
                s.setString(8, e.detail());
                setString(s, 9, e.result());
                setString(s, 10, e.digest());
                s.executeUpdate();
            }
            return null;
        });
    }

    /** The newest entries first; {@code target} null for all targets. */
    public List<AuditEntry> audit(String target, Instant since, int limit) {
        return db.transaction(c -> {
            String sql = "SELECT id, at, actor, actor_name, kind, target, channel, detail, result, digest FROM audit WHERE at >= ?"
                    + (target == null ? "" : " AND target = ?") + " ORDER BY at DESC, id DESC LIMIT ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int i = 1;
                s.setLong(i++, since.toEpochMilli());
                if (target != null) {
                    s.setString(i++, target);
                }
                s.setInt(i, limit);
                List<AuditEntry> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new AuditEntry(r.getString(1), Instant.ofEpochMilli(r.getLong(2)), r.getString(3), r.getString(4),
                                r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10)));
                    }
                }
                return out;
            }
        });
    }

    // ---- action runs (restart-storm guard) ---------------------------------------------------

    /**
     * A run starting now, of the approval {@code approvalId}, by replica {@code runner}: if it stops before the run ends,
     * the run is marked interrupted.
     */
    public void recordRun(String id, String target, String actionId, Instant at, String approvalId, String runner) {
        recordRun(id, target, actionId, at, approvalId, runner, false);
    }

    /**
     * The same; with {@code saysAlive} the run itself says it is alive ({@link #runAlive}), from now on, so that it is not
     * taken for interrupted while it goes on even when {@code runner} is no replica ({@code ./triage action}). Without,
     * only the runner's replica heartbeat speaks for it.
     */
    public void recordRun(String id, String target, String actionId, Instant at, String approvalId, String runner, boolean saysAlive) {
        update("INSERT INTO action_runs (id, target, action_id, started_at, approval_id, runner, alive_at) VALUES (?, ?, ?, ?, ?, ?, "
                + (saysAlive ? db.dialect().now() : "NULL") + ")", id, target, actionId, at, approvalId, runner);
    }

    /** The run of {@code approvalId} is still going, says the process running it: its {@code alive_at} is now (the database's). */
    public void runAlive(String approvalId) {
        update("UPDATE action_runs SET alive_at = " + db.dialect().now() + " WHERE approval_id = ? AND outcome IS NULL", approvalId);
    }

    /**
     * The approvals whose runs never ended, whose replica stopped saying it is alive (or is unknown: {@code ./triage
     * action} is no replica), and which stopped saying so themselves.
     */
    public List<String> runsOfStoppedReplicas(java.time.Duration aliveWithin) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT approval_id FROM action_runs r WHERE r.outcome IS NULL "
                    + "AND r.approval_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM replicas p WHERE p.id = r.runner AND p.last_seen > "
                    + db.dialect().now() + " - ?) AND (r.alive_at IS NULL OR r.alive_at <= " + db.dialect().now() + " - ?)"
                    + " ORDER BY r.started_at")) {
                s.setLong(1, aliveWithin.toMillis());
                s.setLong(2, aliveWithin.toMillis());
                List<String> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
                return out;
            }
        });
    }

    /** Marks the unfinished run of {@code approvalId} interrupted; true for the one call that did. */
    public boolean claimInterrupted(String approvalId) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE action_runs SET outcome = 'INTERRUPTED' WHERE approval_id = ? AND outcome IS NULL")) {
                s.setString(1, approvalId);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** The outcome of the run of {@code approvalId}. */
    public void finishRun(String approvalId, String outcome, Instant at) {
        update("UPDATE action_runs SET outcome = ?, finished_at = ? WHERE approval_id = ?", outcome, at, approvalId);
    }

    /**
     * Holds the restart-storm guard of one target and action until the transaction open on this thread ends, so
     * that checking the cooldown and cap and recording the run are one step across replicas.
     */
    public void lockGuard(String target, String actionId) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO action_guards (target, action_id) VALUES (?, ?) ON CONFLICT (target, action_id) DO NOTHING")) {
                s.setString(1, target);
                s.setString(2, actionId);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("SELECT target FROM action_guards WHERE target = ? AND action_id = ?"
                    + db.dialect().forUpdate())) {
                s.setString(1, target);
                s.setString(2, actionId);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                }
            }
            return null;
        });
    }

    /** Start times of runs of this action on this target since {@code since}, oldest first. */
    public List<Instant> runsSince(String target, String actionId, Instant since) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT started_at FROM action_runs WHERE target = ? AND action_id = ? "
                    + "AND started_at >= ? ORDER BY started_at")) {
                s.setString(1, target);
                s.setString(2, actionId);
                s.setLong(3, since.toEpochMilli());
                List<Instant> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(Instant.ofEpochMilli(r.getLong(1)));
                    }
                }
                return out;
            }
        });
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void update(String sql, Object... values) {
        db.update(sql, values);
    }

    private static Approval approval(ResultSet r) throws SQLException {
        return new Approval(r.getString("id"), r.getString("target"), r.getString("action_id"), r.getString("command"),
                r.getString("requested_by"), r.getString("requested_by_name"), r.getString("channel"),
                r.getString("card_channel"), r.getString("card_id"), r.getString("approver_role"), r.getInt("two_person") == 1,
                Approval.Status.valueOf(r.getString("status")), instant(r, "created_at"), instant(r, "expires_at"),
                r.getString("decided_by"), r.getString("decided_by_name"), instant(r, "decided_at"), r.getString("outcome"),
                r.getString("outcome_summary"), r.getString("output_digest"), instant(r, "finished_at"), r.getString("card_item"));
    }

}
