-- /backend uptime reads response times over 7 or 30 days from the probe aggregates, so they are kept per stats period
-- (one row per target and minute, 31 days long) instead of only the latest row per target. The latest row is what
-- /backend probes shows on a replica that doesn't probe. Numbered 8.18 (issue 18) so a V8 of another change can sit beside it.
CREATE TABLE probe_aggregates_kept (
    target      TEXT NOT NULL,
    at          BIGINT NOT NULL,
    state       TEXT NOT NULL,
    probes      BIGINT NOT NULL,
    failures    BIGINT NOT NULL,
    p50_ms      BIGINT,
    p95_ms      BIGINT,
    PRIMARY KEY (target, at)
);
INSERT INTO probe_aggregates_kept (target, at, state, probes, failures, p50_ms, p95_ms)
    SELECT target, at, state, probes, failures, p50_ms, p95_ms FROM probe_aggregates;
DROP TABLE probe_aggregates;
ALTER TABLE probe_aggregates_kept RENAME TO probe_aggregates;
