-- Incidents and their timelines, the delivery outbox, silences and probe aggregates.
-- Portable between SQLite and PostgreSQL; times are epoch milliseconds.

CREATE TABLE incidents (
    id              TEXT PRIMARY KEY,
    number          INTEGER NOT NULL UNIQUE,
    target          TEXT NOT NULL,
    state           TEXT NOT NULL,
    channel         TEXT NOT NULL,
    root_item       TEXT,
    down_since      BIGINT NOT NULL,
    opened_at       BIGINT NOT NULL,
    first_evidence  TEXT NOT NULL,
    cause           TEXT,
    acknowledged_by TEXT,
    acknowledged_at BIGINT,
    resolved_at     BIGINT,
    recovered_by    TEXT,
    human_action    INTEGER NOT NULL DEFAULT 0,
    last_reminder   BIGINT
);
-- At most one open incident per target, enforced by the database (so two replicas can't open two).
CREATE UNIQUE INDEX incidents_one_open ON incidents (target) WHERE state <> 'RESOLVED';
CREATE INDEX incidents_opened ON incidents (opened_at);

CREATE TABLE incident_events (
    id          TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    at          BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    actor       TEXT,
    text        TEXT NOT NULL
);
CREATE INDEX incident_events_by_incident ON incident_events (incident_id, id);

-- Every outbound chat message, delivered in order per thread, once.
CREATE TABLE outbox (
    id               TEXT PRIMARY KEY,
    created_at       BIGINT NOT NULL,
    channel          TEXT NOT NULL,
    op               TEXT NOT NULL,
    parent           TEXT,
    message          TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  BIGINT NOT NULL,
    delivered_id     TEXT,
    delivered_thread TEXT,
    delivered_at     BIGINT,
    last_error       TEXT
);
CREATE INDEX outbox_pending ON outbox (status, id);

CREATE TABLE silences (
    target     TEXT PRIMARY KEY,
    until_at   BIGINT NOT NULL,
    reason     TEXT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE probe_aggregates (
    target      TEXT PRIMARY KEY,
    at          BIGINT NOT NULL,
    state       TEXT NOT NULL,
    probes      BIGINT NOT NULL,
    failures    BIGINT NOT NULL,
    p50_ms      BIGINT,
    p95_ms      BIGINT
);
