-- PostgreSQL: incident numbers and the outbox's order come from sequences, so replicas writing at the same moment
-- never collide. Items queued before this version keep the order they were queued in.
UPDATE outbox SET seq = o.n FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) AS n FROM outbox) o WHERE o.id = outbox.id;
CREATE SEQUENCE outbox_seq;
CREATE SEQUENCE incident_number;
DO $$
BEGIN
    PERFORM setval('outbox_seq', COALESCE((SELECT MAX(seq) FROM outbox), 0) + 1, false);
    PERFORM setval('incident_number', COALESCE((SELECT MAX(number) FROM incidents), 0) + 1, false);
END
$$;
