-- A command's answers go back through the request's own reply channel (Slack's response_url), which works in any
-- channel or DM the command was typed in and isn't paced behind the channel's messages. respond_to: that channel,
-- for the answer and every edit and reply queued under it; provisional: an edit a later one says more than (a
-- progress line), left out when the reply channel's few uses are needed for the last word; tell_to: where to tell the
-- person who asked when a message of theirs in the channel (an approval card) can't be posted.
ALTER TABLE outbox ADD COLUMN respond_to TEXT;
ALTER TABLE outbox ADD COLUMN provisional INTEGER;
ALTER TABLE outbox ADD COLUMN tell_to TEXT;
CREATE INDEX outbox_respond_to ON outbox (respond_to);
