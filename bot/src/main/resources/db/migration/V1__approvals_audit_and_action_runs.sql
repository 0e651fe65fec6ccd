-- One schema for SQLite and PostgreSQL: portable types only, times as epoch milliseconds,
-- ids made by the bot (no vendor-specific sequences).

CREATE TABLE approvals (
    id                TEXT PRIMARY KEY,
    target            TEXT NOT NULL,
    action_id         TEXT NOT NULL,
    command           TEXT,
    requested_by      TEXT NOT NULL,
    requested_by_name TEXT NOT NULL,
    channel           TEXT NOT NULL,
    card_channel      TEXT,
    card_id           TEXT,
    approver_role     TEXT NOT NULL,
    two_person        INTEGER NOT NULL,
    status            TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    expires_at        BIGINT NOT NULL,
    decided_by        TEXT,
    decided_by_name   TEXT,
    decided_at        BIGINT,
    outcome           TEXT,
    outcome_summary   TEXT,
    output_digest     TEXT,
    finished_at       BIGINT
);
CREATE INDEX approvals_target_status ON approvals (target, status);

CREATE TABLE audit (
    id          TEXT PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    actor_name  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    target      TEXT,
    channel     TEXT,
    detail      TEXT NOT NULL,
    result      TEXT,
    digest      TEXT
);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_target_at ON audit (target, at);

CREATE TABLE action_runs (
    id         TEXT PRIMARY KEY,
    target     TEXT NOT NULL,
    action_id  TEXT NOT NULL,
    started_at BIGINT NOT NULL
);
CREATE INDEX action_runs_recent ON action_runs (target, action_id, started_at);
