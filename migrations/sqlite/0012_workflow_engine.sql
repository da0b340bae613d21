-- The engine's bookkeeping on a run: failed attempts of the current step (for backoff and
-- parking) and the wall-clock times fact tables (messages, meetings, suppressions, email
-- opens) are compared with. `facts_since` is when the run began; `facts_checked_at` is the
-- last time a step looked at the lead's facts, so the event sweep wakes a run only for facts
-- newer than that.
ALTER TABLE workflow_runs ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE workflow_runs ADD COLUMN facts_since BIGINT NOT NULL DEFAULT 0;
ALTER TABLE workflow_runs ADD COLUMN facts_checked_at BIGINT NOT NULL DEFAULT 0;
-- The event sweep looks up each waiting lead's newest inbound messages and suppressions.
CREATE INDEX messages_lead_direction ON messages (lead_id, direction, created_at);
CREATE INDEX suppressions_lead ON suppressions (lead_id, created_at);
