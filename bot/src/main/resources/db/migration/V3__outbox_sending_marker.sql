-- When an item's send began: an item with sending_at set and no delivered_id is "in doubt" after a
-- crash (the platform may or may not have it), so delivery asks the platform before sending again.
ALTER TABLE outbox ADD COLUMN sending_at BIGINT;
