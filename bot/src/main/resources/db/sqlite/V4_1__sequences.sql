-- SQLite: one writer at a time, so incident numbers and the outbox's order are MAX()+1 inside the writing
-- transaction (Database.Dialect); items queued before this version keep the order they were inserted in.
UPDATE outbox SET seq = rowid;
