-- Which replica runs an approved action: when it stops before the run ends, the leader marks the run interrupted
-- (on its card, in the audit and in the incident's thread) instead of leaving it "running" for ever.
ALTER TABLE action_runs ADD COLUMN runner TEXT;
