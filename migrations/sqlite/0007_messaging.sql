-- Messaging (Twilio SMS / WhatsApp): per-workspace Twilio accounts (auth token encrypted),
-- WhatsApp templates and their approval state, the template a message was sent with, and the
-- lookups status callbacks need. One text for SQLite and PostgreSQL (BLOB vs BYTEA only).

CREATE TABLE twilio_accounts (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id),
    account_sid TEXT NOT NULL,
    -- KeyCipher output (nonce || ciphertext), associated data = workspace + 'twilio'.
    auth_token_ciphertext BLOB NOT NULL,
    auth_token_last4 TEXT NOT NULL,
    from_number TEXT,
    messaging_service_sid TEXT,
    whatsapp_from TEXT,
    -- How a lead gets help (sent in the HELP keyword reply), e.g. 'call +1 415 555 0100'.
    help_contact TEXT,
    last_success_at BIGINT,
    last_error TEXT,
    last_error_at BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX twilio_accounts_sid ON twilio_accounts (account_sid);

-- Draft -> Submitted -> Approved / Rejected. Business-initiated WhatsApp messages need Approved.
CREATE TABLE whatsapp_templates (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    language TEXT NOT NULL,
    body TEXT NOT NULL,
    -- JSON array of variable names/descriptions, in placeholder order ({{1}}, {{2}}, ...).
    variables TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,
    content_sid TEXT,
    decision_reason TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (workspace_id, name, language)
);

-- The WhatsApp template (and its variables as JSON) an outbound message is sent with.
ALTER TABLE messages ADD COLUMN template_id TEXT;
ALTER TABLE messages ADD COLUMN template_variables TEXT;

CREATE INDEX outbox_provider_message ON outbox (provider_message_id);
CREATE INDEX messages_lead_inbound ON messages (lead_id, channel, direction, created_at);

-- Why the send gate kept an AI reply from going out on its own (shown on the draft).
ALTER TABLE drafts ADD COLUMN blocked_reason TEXT;
