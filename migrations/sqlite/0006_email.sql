-- Email: sender mailboxes, the Message-IDs and tracking tokens of every email sent or received
-- (reply matching, open/click tracking, unsubscribe links), SendGrid webhook idempotency, the
-- IMAP poller's cursor and the workspace's email settings. One text for SQLite and PostgreSQL
-- except the credentials column (BLOB / BYTEA).

CREATE TABLE email_mailboxes (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    address TEXT NOT NULL,
    display_name TEXT,
    -- 'smtp' | 'sendgrid'
    transport TEXT NOT NULL,
    -- AES-GCM (KeyCipher) of a JSON object: smtp_url, imap_url, sendgrid_api_key.
    credentials BLOB,
    daily_cap BIGINT NOT NULL DEFAULT 200,
    -- Warm-up: the cap on day 0 is ramp_start, growing by ramp_increment a day up to daily_cap.
    ramp_start BIGINT NOT NULL DEFAULT 20,
    ramp_increment BIGINT NOT NULL DEFAULT 10,
    -- 'active' | 'paused'
    status TEXT NOT NULL DEFAULT 'active',
    paused_reason TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX email_mailboxes_address ON email_mailboxes (workspace_id, address);

-- One row per email we sent (direction 'outbound', keyed by the outbox idempotency key) or
-- received (direction 'inbound'). header_id is the Message-ID without angle brackets.
CREATE TABLE email_messages (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    lead_id TEXT,
    -- messages.id of the conversation message, when there is one.
    message_id TEXT,
    mailbox_id TEXT,
    direction TEXT NOT NULL,
    header_id TEXT NOT NULL,
    idempotency_key TEXT,
    -- Opaque token in the open pixel and the unsubscribe links.
    token TEXT,
    address TEXT,
    domain TEXT,
    -- outbound: 'prepared' → 'accepted' | 'bounced'; inbound: 'received' | 'auto_reply' | 'bounce'
    state TEXT NOT NULL,
    provider_message_id TEXT,
    opened_at BIGINT,
    clicked_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX email_messages_header ON email_messages (workspace_id, header_id);
CREATE UNIQUE INDEX email_messages_key ON email_messages (idempotency_key);
CREATE UNIQUE INDEX email_messages_token ON email_messages (token);
CREATE INDEX email_messages_lead ON email_messages (lead_id, created_at);
CREATE INDEX email_messages_mailbox ON email_messages (mailbox_id, created_at);
CREATE INDEX email_messages_domain ON email_messages (domain, created_at);

-- Click tracking: a token redirects only to the URL recorded for it.
CREATE TABLE email_links (
    token TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    email_id TEXT NOT NULL,
    url TEXT NOT NULL,
    clicks BIGINT NOT NULL DEFAULT 0,
    first_clicked_at BIGINT
);

-- SendGrid event webhook idempotency (sg_event_id) and other processed provider events.
CREATE TABLE email_provider_events (
    event_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    received_at BIGINT NOT NULL
);

-- IMAP poller cursor per mailbox ('default' for IMAP_URL): nothing read twice, nothing lost.
CREATE TABLE email_imap_cursors (
    mailbox_key TEXT PRIMARY KEY,
    uid_validity BIGINT NOT NULL,
    last_uid BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE email_settings (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id),
    -- CAN-SPAM: the sender's postal address, printed in every commercial email's footer.
    postal_address TEXT,
    tracking_enabled BIGINT NOT NULL DEFAULT 1,
    -- Sending window in the lead's time zone: days (mon..sun, comma separated), minutes from midnight.
    window_days TEXT NOT NULL DEFAULT 'mon,tue,wed,thu,fri',
    window_start_minute BIGINT NOT NULL DEFAULT 480,
    window_end_minute BIGINT NOT NULL DEFAULT 1080,
    updated_at BIGINT NOT NULL
);
