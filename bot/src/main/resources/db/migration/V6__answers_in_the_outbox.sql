-- Every answer goes through the outbox: which platform an item goes to (NULL: the one alerts go to), whom a line
-- only one person sees is for, and whether the channel was told that an earlier item could not be delivered.
ALTER TABLE outbox ADD COLUMN platform TEXT;
ALTER TABLE outbox ADD COLUMN recipient TEXT;
ALTER TABLE outbox ADD COLUMN failure_noted INTEGER;
-- An approval card is an outbox item; its edits and step replies are queued under it.
ALTER TABLE approvals ADD COLUMN card_item TEXT;
