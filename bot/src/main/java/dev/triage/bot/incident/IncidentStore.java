package dev.triage.bot.incident;

import dev.triage.bot.store.Database;
import dev.triage.bot.store.Ids;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Incidents, their timeline events, silences and probe aggregates in the database. */
public final class IncidentStore {
    private static final String COLUMNS = "id, number, target, state, channel, root_item, down_since, opened_at, first_evidence, "
            + "cause, acknowledged_by, acknowledged_at, resolved_at, recovered_by, human_action, last_reminder";

    /** A timeline line: {@code 03:12 probe http-health FAIL ×3 → DOWN}. */
    public record Event(String id, String incidentId, Instant at, String kind, String actor, String text) {
    }

    /** A silence as stored: until when, why, by whom. */
    public record StoredSilence(String target, Instant until, String reason, String createdBy) {
    }

    private final Database db;
    private final Ids ids;

    public IncidentStore(Database db, Ids ids) {
        this.db = db;
        this.ids = ids;
    }

    /**
     * Opens an incident unless the target already has an open one (the database's unique index decides,
     * so two replicas can't both open one). Returns the open incident either way, and whether this call made it.
     */
    public Opened open(String target, String channel, Instant downSince, Instant now, String firstEvidence) {
        Optional<Incident> existing = openFor(target);
        if (existing.isPresent()) {
            return new Opened(existing.get(), false);
        }
        String id = ids.next(now);
        try {
            db.transaction(c -> {
                int number;
                try (var s = c.prepareStatement("SELECT COALESCE(MAX(number), 0) + 1 FROM incidents"); ResultSet r = s.executeQuery()) {
                    r.next();
                    number = r.getInt(1);
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO incidents (id, number, target, state, channel, down_since, "
                        + "opened_at, first_evidence, human_action) VALUES (?, ?, ?, 'OPEN', ?, ?, ?, ?, 0)")) {
                    s.setString(1, id);
                    s.setInt(2, number);
                    s.setString(3, target);
                    s.setString(4, channel);
                    s.setLong(5, downSince.toEpochMilli());
                    s.setLong(6, now.toEpochMilli());
                    s.setString(7, firstEvidence);
                    s.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException raced) {
            Optional<Incident> winner = openFor(target);
            if (winner.isPresent()) {
                return new Opened(winner.get(), false);
            }
            throw raced;
        }
        return new Opened(byId(id).orElseThrow(), true);
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

    public void saveSilence(String target, Instant until, String reason, String by, Instant now) {
        db.transaction(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM silences WHERE target = ?")) {
                d.setString(1, target);
                d.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO silences (target, until_at, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?)")) {
                s.setString(1, target);
                s.setLong(2, until.toEpochMilli());
                s.setString(3, reason);
                s.setString(4, by);
                s.setLong(5, now.toEpochMilli());
                s.executeUpdate();
            }
            return null;
        });
    }

    public void deleteSilence(String target) {
        update("DELETE FROM silences WHERE target = ?", target);
    }

    public List<StoredSilence> silences(Instant now) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT target, until_at, reason, created_by FROM silences WHERE until_at > ?")) {
                s.setLong(1, now.toEpochMilli());
                List<StoredSilence> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new StoredSilence(r.getString(1), Instant.ofEpochMilli(r.getLong(2)), r.getString(3), r.getString(4)));
                    }
                }
                return out;
            }
        });
    }

    // ---- aggregates --------------------------------------------------------------------------

    public void saveAggregate(String target, Instant at, String state, long probes, long failures, Long p50, Long p95) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO probe_aggregates (target, at, state, probes, failures, p50_ms, p95_ms) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target) DO UPDATE SET at = excluded.at, state = excluded.state, "
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
            return null;
        });
    }

    // ---- helpers -----------------------------------------------------------------------------

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

    private List<Incident> many(String sql, Object... args) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, args);
                List<Incident> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(incident(r));
                    }
                }
                return out;
            }
        });
    }

    private void update(String sql, Object... args) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, args);
                s.executeUpdate();
            }
            return null;
        });
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object v = args[i];
            if (v == null) {
                s.setNull(i + 1, Types.VARCHAR);
            } else if (v instanceof Instant t) {
                s.setLong(i + 1, t.toEpochMilli());
            } else if (v instanceof Long l) {
                s.setLong(i + 1, l);
            } else if (v instanceof Integer n) {
                s.setInt(i + 1, n);
            } else {
                s.setString(i + 1, v.toString());
            }
        }
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }

    private static Incident incident(ResultSet r) throws SQLException {
        return new Incident(r.getString(1), r.getInt(2), r.getString(3), Incident.State.valueOf(r.getString(4)), r.getString(5),
                r.getString(6), instant(r, 7), instant(r, 8), r.getString(9), r.getString(10), r.getString(11), instant(r, 12),
                instant(r, 13), r.getString(14), r.getInt(15) == 1, instant(r, 16));
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
