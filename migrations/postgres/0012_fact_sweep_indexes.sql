-- The workflow engine's sweep looks only at facts newer than its last pass (a reply, a meeting,
-- a suppression, an open or click, a lead edit), then at the open runs of those leads. Without
-- these it read every open run's facts on every pass.
CREATE INDEX messages_inbound_created ON messages (created_at) WHERE direction = 'inbound';
CREATE INDEX meetings_created ON meetings (created_at);
CREATE INDEX suppressions_created_at ON suppressions (created_at);
CREATE INDEX email_messages_opened ON email_messages (opened_at) WHERE opened_at IS NOT NULL;
CREATE INDEX email_messages_clicked ON email_messages (clicked_at) WHERE clicked_at IS NOT NULL;
CREATE INDEX leads_updated_at ON leads (updated_at);
CREATE INDEX workflow_runs_open_lead ON workflow_runs (lead_id) WHERE status IN ('active', 'waiting');
