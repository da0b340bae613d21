-- AI messages each agent queued per UTC day, counted in the transaction that queues each one,
-- so the daily limit the live path checks on every inbound message is one row read instead of
-- a count over the day's messages. Today's counts are carried over from the messages.
CREATE TABLE agent_daily_sends (
    agent_id TEXT NOT NULL,
    day BIGINT NOT NULL,
    sent BIGINT NOT NULL,
    PRIMARY KEY (agent_id, day)
);

INSERT INTO agent_daily_sends (agent_id, day, sent)
SELECT author_id, (created_at / 86400000) * 86400000 AS day, COUNT(*)
FROM messages
WHERE author_kind = 'ai' AND direction = 'outbound' AND author_id IS NOT NULL
  AND created_at >= (FLOOR(EXTRACT(EPOCH FROM now()) / 86400)::BIGINT) * 86400000
GROUP BY author_id, (created_at / 86400000) * 86400000;
