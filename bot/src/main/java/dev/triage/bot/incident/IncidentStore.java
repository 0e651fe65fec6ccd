package dev.triage.bot.incident;

import static dev.triage.bot.store.Sql.setString;
import static dev.triage.bot.store.Sql.setInstant;
import static dev.triage.bot.store.Sql.setLong;
import static dev.triage.bot.store.Sql.instant;

import dev.triage.bot.probe.HealthState;
import dev.triage.bot.probe.ProbePeriod;
import dev.triage.bot.probe.TargetHealth;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.Sql;
import dev.triage.bot.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Incidents, their timeline events, silences and probe aggregates in the database. */
public final class IncidentStore {
    private static final String COLUMNS = "id, number, target, state, channel, root_item, down_since, opened_at, first_evidence, "
            + "cause, acknowledged_by, acknowledged_at, resolved_at, recovered_by, human_action, last_reminder, failures, fix_action, "
            + "diagnosed_at, storm_id, needs_person";
    /** A person's silence ({@code /backend silence}). */
    public static final String PERSON = "person";
    /** Triage's own, while its action runs on the target. */
    public static final String ACTION = "action";

    /** A timeline line: {@code 03:12 probe http-health FAIL ×3 → DOWN}. */
    public record Event(String id, String incidentId, Instant at, String kind, String actor, String text) {
    }

    /** A silence as stored: until when, why, by whom, and whose ({@link #PERSON} or {@link #ACTION}). */
    public record StoredSilence(String target, Instant until, String reason, String createdBy, String kind) {
    }

    /** Many targets down at once in one channel, sharing one message ({@code groupItem}). */
    public record Storm(String id, String channel, String groupItem, Instant startedAt) {
    }

    private final Database db;
    private final Ids ids;

    public IncidentStore(Database db, Ids ids) {
        this.db = db;
        this.ids = ids;
    }

    /** The database, for transactions that span this store and the outbox. */
    public Database db() {
        return db;
    }

    /**
     * Opens an incident unless the target already has an open one (the database's unique index decides,
     * so two replicas can't both open one). Returns the open incident either way, and whether this call made it.
     * Its number comes from a sequence (PostgreSQL) or the one writer's MAX()+1 (SQLite), so incidents opened
     * at the same moment on different targets never collide.
     */
    public Opened open(String target, String channel, Instant downSince, Instant now, String firstEvidence, int failures) {
        return db.transaction(c -> {
            Optional<Incident> existing = openFor(target);
            if (existing.isPresent()) {
                return new Opened(existing.get(), false);
            }
            String id = ids.next(now);
            int inserted;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO incidents (id, number, target, state, channel, down_since, "
                    + "opened_at, first_evidence, human_action, failures) VALUES (?, " + db.dialect().nextIncidentNumber()
                    + ", ?, 'OPEN', ?, ?, ?, ?, 0, ?) ON CONFLICT (target) WHERE state <> 'RESOLVED' DO NOTHING")) {
                s.setString(1, id);
                s.setString(2, target);
                s.setString(3, channel);
                s.setLong(4, downSince.toEpochMilli());
                s.setLong(5, now.toEpochMilli());
                s.setString(6, firstEvidence);
                s.setInt(7, failures);
                inserted = s.executeUpdate();
            }
            if (inserted == 0) {
                return new Opened(openFor(target).orElseThrow(() -> new StoreException(
                        "the incident of " + target + " was neither opened nor found open", null)), false);
            }
            return new Opened(byId(id).orElseThrow(), true);
        });
    }

    public record Opened(Incident incident, boolean created) {
    }

    public Optional<Incident> openFor(String target) {
        return one("SELECT " + COLUMNS + " FROM incidents WHERE target = ? AND state <> 'RESOLVED'", target);
    }

    public Optional<Incident> byId(String id) {
        return one("SELECT " + COLUMNS + " FROM incidents WHERE id = ?", id);
    }

    public Optional<Incident> byNumber(int number) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM incidents WHERE number = ?")) {
                s.setInt(1, number);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(incident(r)) : Optional.<Incident>empty();
                }
            }
        });
    }

    /** Open incidents and those opened since {@code since}, newest first. */
    public List<Incident> recent(Instant since, int limit) {
        return many("SELECT " + COLUMNS + " FROM incidents WHERE state <> 'RESOLVED' OR opened_at >= ? ORDER BY opened_at DESC LIMIT ?",
                since.toEpochMilli(), limit);
    }

    /** Incidents of one target (or all, when null) that overlap [from, now]. */
    public List<Incident> overlapping(String target, Instant from) {
        String sql = "SELECT " + COLUMNS + " FROM incidents WHERE (resolved_at IS NULL OR resolved_at >= ?)"
                + (target == null ? "" : " AND target = ?") + " ORDER BY down_since";
        return target == null ? many(sql, from.toEpochMilli()) : many(sql, from.toEpochMilli(), target);
    }

    public List<Incident> allOpen() {
        return many("SELECT " + COLUMNS + " FROM incidents WHERE state <> 'RESOLVED' ORDER BY opened_at");
    }

    public void setRoot(String id, String rootItem) {
        update("UPDATE incidents SET root_item = ? WHERE id = ?", rootItem, id);
    }

    public void setState(String id, Incident.State state) {
        update("UPDATE incidents SET state = ? WHERE id = ? AND state <> 'RESOLVED'", state.name(), id);
    }

    public void acknowledge(String id, String by, Instant at) {
        update("UPDATE incidents SET state = CASE WHEN state = 'OPEN' THEN 'ACKNOWLEDGED' ELSE state END, acknowledged_by = ?, "
                + "acknowledged_at = ? WHERE id = ? AND state <> 'RESOLVED'", by, at, id);
    }

    public void setCause(String id, String cause) {
        update("UPDATE incidents SET cause = ? WHERE id = ?", cause, id);
    }

    public void markHumanAction(String id, String recoveredBy) {
        update("UPDATE incidents SET human_action = 1, recovered_by = ? WHERE id = ?", recoveredBy, id);
    }

    /** A fix Triage ran under a {@code remediate:} rule: what recovered it, and no person acted for it. */
    public void markUnattendedAction(String id, String recoveredBy) {
        update("UPDATE incidents SET recovered_by = ? WHERE id = ?", recoveredBy, id);
    }

    /** A person stepped in (pressed Hold): its recovery is not one without a person. */
    public void markPersonActed(String id) {
        update("UPDATE incidents SET human_action = 1 WHERE id = ?", id);
    }

    /** Why a person is needed now, shown on the root; the first reason stays. */
    public void markNeedsPerson(String id, String why) {
        update("UPDATE incidents SET needs_person = COALESCE(needs_person, ?) WHERE id = ?", why, id);
    }

    /**
     * Records that the automatic diagnosis was posted, with its cause and fix; false when it already was (by this
     * leader or an earlier one), so each incident gets one.
     */
    public boolean recordDiagnosis(String id, String cause, String fixAction, Instant at) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE incidents SET cause = ?, fix_action = ?, diagnosed_at = ? WHERE id = ? AND diagnosed_at IS NULL")) {
                setString(s, 1, cause);
                setString(s, 2, fixAction);
                s.setLong(3, at.toEpochMilli());
                s.setString(4, id);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Open incidents whose root was queued but whose diagnosis never was: a leader died between the two. */
    public List<Incident> undiagnosed() {
        return many("SELECT " + COLUMNS + " FROM incidents WHERE state <> 'RESOLVED' AND diagnosed_at IS NULL AND root_item IS NOT NULL"
                + " ORDER BY opened_at");
    }

    public void reminded(String id, Instant at) {
        update("UPDATE incidents SET last_reminder = ? WHERE id = ?", at, id);
    }

    /** Resolves it once; false when it was already resolved. */
    public boolean resolve(String id, Instant at) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE incidents SET state = 'RESOLVED', resolved_at = ? WHERE id = ? AND state <> 'RESOLVED'")) {
                s.setLong(1, at.toEpochMilli());
                s.setString(2, id);
                return s.executeUpdate() == 1;
            }
        });
    }

    public Event addEvent(String incidentId, Instant at, String kind, String actor, String text) {
        Event e = new Event(ids.next(at), incidentId, at, kind, actor, text);
        update("INSERT INTO incident_events (id, incident_id, at, kind, actor, text) VALUES (?, ?, ?, ?, ?, ?)",
                e.id(), incidentId, at, kind, actor, text);
        return e;
    }

    public List<Event> events(String incidentId) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, incident_id, at, kind, actor, text FROM incident_events WHERE incident_id = ? ORDER BY id")) {
                s.setString(1, incidentId);
                List<Event> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Event(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3)), r.getString(4),
                                r.getString(5), r.getString(6)));
                    }
                }
                return out;
            }
        });
    }

    // ---- silences ----------------------------------------------------------------------------

    /** Sets (or replaces) the target's silence of this kind. */
    public void saveSilence(String target, String kind, Instant until, String reason, String by, Instant now) {
        db.transaction(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM silences WHERE target = ? AND kind = ?")) {
                d.setString(1, target);
                d.setString(2, kind);
                d.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO silences (target, kind, until_at, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, target);
                s.setString(2, kind);
                s.setLong(3, until.toEpochMilli());
                setString(s, 4, reason);
                s.setString(5, by);
                s.setLong(6, now.toEpochMilli());
                s.executeUpdate();
            }
            return null;
        });
    }

    public void deleteSilence(String target, String kind) {
        update("DELETE FROM silences WHERE target = ? AND kind = ?", target, kind);
    }

    /** The silence in force on each silenced target at {@code now}: of several kinds, the one that lasts longest. */
    public Map<String, StoredSilence> silences(Instant now) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT target, until_at, reason, created_by, kind FROM silences "
                    + "WHERE until_at > ? ORDER BY target, until_at")) {
                s.setLong(1, now.toEpochMilli());
                Map<String, StoredSilence> out = new LinkedHashMap<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getString(1), new StoredSilence(r.getString(1), Instant.ofEpochMilli(r.getLong(2)), r.getString(3),
                                r.getString(4), r.getString(5)));
                    }
                }
                return out;
            }
        });
    }

    /** The silence in force on one target at {@code now}, read from the store (what any replica set). */
    public Optional<StoredSilence> silence(String target, Instant now) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT target, until_at, reason, created_by, kind FROM silences "
                    + "WHERE target = ? AND until_at > ? ORDER BY until_at DESC LIMIT 1")) {
                s.setString(1, target);
                s.setLong(2, now.toEpochMilli());
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new StoredSilence(r.getString(1), Instant.ofEpochMilli(r.getLong(2)), r.getString(3),
                            r.getString(4), r.getString(5))) : Optional.<StoredSilence>empty();
                }
            }
        });
    }

    // ---- storms ------------------------------------------------------------------------------

    /** Open incidents of this channel opened since {@code since}, one per target (the targets down now). */
    public List<Incident> openInChannelSince(String channel, Instant since) {
        return many("SELECT " + COLUMNS + " FROM incidents WHERE state <> 'RESOLVED' AND channel = ? AND opened_at >= ? ORDER BY opened_at",
                channel, since.toEpochMilli());
    }

    /** The channel's storm that started since {@code since}, if one did. */
    public Optional<Storm> currentStorm(String channel, Instant since) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, channel, group_item, started_at FROM storms WHERE channel = ? "
                    + "AND started_at >= ? ORDER BY started_at DESC LIMIT 1")) {
                s.setString(1, channel);
                s.setLong(2, since.toEpochMilli());
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(storm(r)) : Optional.<Storm>empty();
                }
            }
        });
    }

    public Optional<Storm> storm(String id) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, channel, group_item, started_at FROM storms WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(storm(r)) : Optional.<Storm>empty();
                }
            }
        });
    }

    public Storm createStorm(String channel, String groupItem, Instant startedAt) {
        Storm storm = new Storm(ids.next(startedAt), channel, groupItem, startedAt);
        update("INSERT INTO storms (id, channel, group_item, started_at) VALUES (?, ?, ?, ?)", storm.id(), channel, groupItem, startedAt);
        return storm;
    }

    public void joinStorm(String incidentId, String stormId) {
        update("UPDATE incidents SET storm_id = ? WHERE id = ?", stormId, incidentId);
    }

    public List<Incident> stormMembers(String stormId) {
        return many("SELECT " + COLUMNS + " FROM incidents WHERE storm_id = ? ORDER BY opened_at", stormId);
    }

    private static Storm storm(ResultSet r) throws SQLException {
        return new Storm(r.getString(1), r.getString(2), r.getString(3), Instant.ofEpochMilli(r.getLong(4)));
    }

    // ---- probe streaks -----------------------------------------------------------------------

    /** Writes the streaks that changed, all in one transaction. */
    public void saveStreaks(Map<String, TargetHealth.Streak> streaks, long epoch, Instant at) {
        if (streaks.isEmpty()) {
            return;
        }
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO probe_state (target, state, state_since, fail_run, ok_run, "
                    + "first_failure, first_success, updated_at, epoch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target) DO UPDATE SET "
                    + "state = excluded.state, state_since = excluded.state_since, fail_run = excluded.fail_run, ok_run = excluded.ok_run, "
                    + "first_failure = excluded.first_failure, first_success = excluded.first_success, updated_at = excluded.updated_at, "
                    + "epoch = excluded.epoch")) {
                for (var e : streaks.entrySet()) {
                    TargetHealth.Streak k = e.getValue();
                    s.setString(1, e.getKey());
                    s.setString(2, k.state().name());
                    setInstant(s, 3, k.stateSince());
                    s.setInt(4, k.failures());
                    s.setInt(5, k.successes());
                    setString(s, 6, ProbeResults.toJson(k.firstFailure()));
                    setInstant(s, 7, k.firstSuccess());
                    s.setLong(8, at.toEpochMilli());
                    s.setLong(9, epoch);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    /** Every target's last written streak. */
    public Map<String, TargetHealth.Streak> streaks() {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT target, state, state_since, fail_run, ok_run, first_failure, first_success "
                    + "FROM probe_state"); ResultSet r = s.executeQuery()) {
                Map<String, TargetHealth.Streak> out = new LinkedHashMap<>();
                while (r.next()) {
                    out.put(r.getString(1), new TargetHealth.Streak(HealthState.valueOf(r.getString(2)), instant(r, 3), r.getInt(4),
                            r.getInt(5), ProbeResults.fromJson(r.getString(1), r.getString(6)), instant(r, 7)));
                }
                return out;
            }
        });
    }

    // ---- aggregates --------------------------------------------------------------------------

    /** How long the per-period aggregates are kept: the longest {@code /backend uptime} window and a day. */
    public static final java.time.Duration AGGREGATES_KEPT = java.time.Duration.ofDays(31);

    /**
     * Keeps one stats period of one target (for {@code /backend uptime} over up to 30 days, and as the latest figures for
     * {@code /backend probes} on other replicas); periods older than {@link #AGGREGATES_KEPT} go.
     */
    public void saveAggregate(String target, Instant at, String state, long probes, long failures, Long p50, Long p95) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO probe_aggregates (target, at, state, probes, failures, p50_ms, p95_ms) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target, at) DO UPDATE SET state = excluded.state, "
                    + "probes = excluded.probes, failures = excluded.failures, p50_ms = excluded.p50_ms, p95_ms = excluded.p95_ms")) {
                s.setString(1, target);
                s.setLong(2, at.toEpochMilli());
                s.setString(3, state);
                s.setLong(4, probes);
                s.setLong(5, failures);
                setLong(s, 6, p50);
                setLong(s, 7, p95);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM probe_aggregates WHERE target = ? AND at < ?")) {
                s.setString(1, target);
                s.setLong(2, at.minus(AGGREGATES_KEPT).toEpochMilli());
                s.executeUpdate();
            }
            return null;
        });
    }

    /** One target's stats periods within [from, to], oldest first. */
    public List<ProbePeriod> periods(String target, Instant from, Instant to) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT at, state, probes, failures, p50_ms, p95_ms FROM probe_aggregates "
                    + "WHERE target = ? AND at >= ? AND at <= ? ORDER BY at")) {
                s.setString(1, target);
                s.setLong(2, from.toEpochMilli());
                s.setLong(3, to.toEpochMilli());
                List<ProbePeriod> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new ProbePeriod(Instant.ofEpochMilli(r.getLong(1)), r.getString(2), r.getLong(3), r.getLong(4),
                                Sql.nullableLong(r, 5), Sql.nullableLong(r, 6)));
                    }
                }
                return out;
            }
        });
    }

    /** One target's figures of the leader's last stats period, for replicas that don't probe themselves. */
    public record Aggregate(String target, Instant at, String state, long probes, long failures, Long p50Millis, Long p95Millis) {
    }

    /** Every target's latest stats period. */
    public List<Aggregate> aggregates() {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT target, at, state, probes, failures, p50_ms, p95_ms FROM probe_aggregates a "
                    + "WHERE at = (SELECT MAX(b.at) FROM probe_aggregates b WHERE b.target = a.target) ORDER BY target"); ResultSet r = s.executeQuery()) {
                List<Aggregate> out = new ArrayList<>();
                while (r.next()) {
                    out.add(new Aggregate(r.getString(1), Instant.ofEpochMilli(r.getLong(2)), r.getString(3), r.getLong(4), r.getLong(5),
                            Sql.nullableLong(r, 6), Sql.nullableLong(r, 7)));
                }
                return out;
            }
        });
    }

    // ---- helpers -----------------------------------------------------------------------------

    private List<Incident> many(String sql, Object... args) {
        return db.list(sql, IncidentStore::incident, args);
    }

    private void update(String sql, Object... args) {
        db.update(sql, args);
    }

    private Optional<Incident> one(String sql, String arg) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, arg);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(incident(r)) : Optional.<Incident>empty();
                }
            }
        });
    }




    private static Incident incident(ResultSet r) throws SQLException {
        return new Incident(r.getString(1), r.getInt(2), r.getString(3), Incident.State.valueOf(r.getString(4)), r.getString(5),
                r.getString(6), instant(r, 7), instant(r, 8), r.getString(9), r.getString(10), r.getString(11), instant(r, 12),
                instant(r, 13), r.getString(14), r.getInt(15) == 1, instant(r, 16), r.getInt(17), r.getString(18), instant(r, 19),
                r.getString(20), r.getString(21));
    }

}
