-- Several replicas on one PostgreSQL acting as one bot (HA.md); SQLite, one bot per file, gets the same tables.
-- What differs between the two (sequences; the order of existing outbox items) is in db/{postgresql,sqlite}/V4_1.

-- The leader lease: one row, taken and renewed by the database's clock; the epoch grows at every change of
-- holder and fences the writes only the leader may make.
CREATE TABLE leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT,
    epoch       BIGINT NOT NULL,
    acquired_at BIGINT,
    renewed_at  BIGINT,
    expires_at  BIGINT NOT NULL
);
INSERT INTO leases (name, holder, epoch, expires_at) VALUES ('leader', NULL, 0, 0);

-- Every replica says it is alive at each renewal; the leader delivers the outbox items of replicas that stopped.
CREATE TABLE replicas (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL
);

-- Outbox: a global order (seq), the thread an item belongs to, who caused it and who is sending it.
ALTER TABLE outbox ADD COLUMN seq BIGINT;
ALTER TABLE outbox ADD COLUMN thread_key TEXT;
ALTER TABLE outbox ADD COLUMN origin TEXT;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_at BIGINT;
UPDATE outbox SET thread_key = COALESCE(parent, id);
UPDATE outbox SET thread_key = (SELECT p.thread_key FROM outbox p WHERE p.id = outbox.parent) WHERE op = 'UPDATE';
CREATE INDEX outbox_heads ON outbox (status, thread_key, seq);

-- Incidents: what the root message shows and whether the diagnosis was posted, so a new leader carries on.
ALTER TABLE incidents ADD COLUMN failures INTEGER;
ALTER TABLE incidents ADD COLUMN fix_action TEXT;
ALTER TABLE incidents ADD COLUMN diagnosed_at BIGINT;
ALTER TABLE incidents ADD COLUMN storm_id TEXT;
UPDATE incidents SET diagnosed_at = opened_at;

-- Many targets down at once in one channel: one grouped message.
CREATE TABLE storms (
    id         TEXT PRIMARY KEY,
    channel    TEXT NOT NULL,
    group_item TEXT NOT NULL,
    started_at BIGINT NOT NULL
);
CREATE INDEX storms_channel ON storms (channel, started_at);

-- Silences by kind: a person's, and Triage's own while its action runs; the longest active one holds.
CREATE TABLE silences_by_kind (
    target     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    until_at   BIGINT NOT NULL,
    reason     TEXT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (target, kind)
);
INSERT INTO silences_by_kind (target, kind, until_at, reason, created_by, created_at)
    SELECT target, 'person', until_at, reason, created_by, created_at FROM silences;
DROP TABLE silences;
ALTER TABLE silences_by_kind RENAME TO silences;

-- What the prober needs to continue a target's streak after a change of leader.
CREATE TABLE probe_state (
    target        TEXT PRIMARY KEY,
    state         TEXT NOT NULL,
    state_since   BIGINT,
    fail_run      INTEGER NOT NULL,
    ok_run        INTEGER NOT NULL,
    first_failure TEXT,
    first_success BIGINT,
    updated_at    BIGINT NOT NULL,
    epoch         BIGINT NOT NULL
);

-- One pending request per target and action: a second request points at the first card.
UPDATE approvals SET status = 'EXPIRED'
    WHERE status = 'PENDING' AND EXISTS (SELECT 1 FROM approvals b WHERE b.target = approvals.target
        AND b.action_id = approvals.action_id AND b.status = 'PENDING' AND b.created_at > approvals.created_at);
CREATE UNIQUE INDEX approvals_one_pending ON approvals (target, action_id) WHERE status = 'PENDING';

-- The restart-storm guard decides under a lock on its (target, action) row, with the run recorded at once.
CREATE TABLE action_guards (
    target    TEXT NOT NULL,
    action_id TEXT NOT NULL,
    PRIMARY KEY (target, action_id)
);
ALTER TABLE action_runs ADD COLUMN approval_id TEXT;
ALTER TABLE action_runs ADD COLUMN outcome TEXT;
ALTER TABLE action_runs ADD COLUMN finished_at BIGINT;
