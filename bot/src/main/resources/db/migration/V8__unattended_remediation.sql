-- Unattended remediation (a target's remediate: rule): one row per incident, from the announcement in its thread to the
-- outcome and the escalation. Every step is a conditional UPDATE of this row (status, escalated_at), so that a Hold
-- pressed on any replica, the leader's start and a new leader after a failover decide each step once: nothing runs
-- twice, and an escalation is neither lost nor posted twice.
CREATE TABLE remediations (
    id            TEXT PRIMARY KEY,
    incident_id   TEXT NOT NULL UNIQUE REFERENCES incidents (id),
    target        TEXT NOT NULL,
    action_id     TEXT NOT NULL,
    rule          TEXT NOT NULL,
    status        TEXT NOT NULL,
    announced_at  BIGINT NOT NULL,
    run_at        BIGINT NOT NULL,
    announce_item TEXT,
    held_by       TEXT,
    held_at       BIGINT,
    started_at    BIGINT,
    runner        TEXT,
    finished_at   BIGINT,
    summary       TEXT,
    escalated_at  BIGINT
);
CREATE INDEX remediations_runs ON remediations (target, action_id, started_at);
CREATE INDEX remediations_status ON remediations (status);

-- Why a person is needed (an unattended fix was held back, failed or did not help): the root message says so.
ALTER TABLE incidents ADD COLUMN needs_person TEXT;
