-- A run says it is still going (alive_at, the database's clock) while the process running it works on it: a bot replica
-- or ./triage action, which is no replica. A run is interrupted only when its replica stopped saying it is alive and the
-- run itself did too, so a new leader never ends a terminal's run that is still going.
ALTER TABLE action_runs ADD COLUMN alive_at BIGINT;
