-- Compliance: the workspace-wide suppression list (every send path checks it) and the evidence
-- behind a lead's per-channel consent. One text for SQLite and PostgreSQL.
-- Later migrations: 0006 email, 0007 messaging (Twilio SMS / WhatsApp), 0008 integrations
-- (meetings, LinkedIn tasks, outbound webhooks).

CREATE TABLE suppressions (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    -- 'email' | 'sms' | 'whatsapp' | 'voice' | 'all'
    channel TEXT NOT NULL,
    -- Normalised address: a lower-cased email address or an E.164 phone number.
    address TEXT NOT NULL,
    -- 'unsubscribe' | 'stop' | 'hard_bounce' | 'complaint' | 'erasure' | 'manual'
    reason TEXT NOT NULL,
    -- Where it came from (e.g. 'sendgrid event', 'twilio inbound', 'unsubscribe link', a user id).
    source TEXT,
    lead_id TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, channel, address)
);
CREATE INDEX suppressions_created ON suppressions (workspace_id, created_at);

-- What proves a consent change (the inbound message id, the form URL, the import job...).
ALTER TABLE lead_consents ADD COLUMN evidence TEXT;
