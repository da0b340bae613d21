-- Integrations: calendar bookings (Calendly, Cal.com), LinkedIn tasks, outbound webhooks with
-- their durable deliveries, alerts, and the per-workspace integration settings (secrets stored
-- encrypted with the instance key). One text for SQLite and PostgreSQL (only BLOB/BYTEA differs).

CREATE TABLE integration_settings (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id),
    -- Identifies the workspace in webhook URLs (`/api/webhooks/calendly/{token}`). Not a
    -- secret on its own: every webhook is also signed.
    webhook_token TEXT NOT NULL UNIQUE,
    booking_url TEXT,
    calendly_signing_key BYTEA,
    calcom_secret BYTEA,
    inbound_secret BYTEA,
    outbound_signing_secret BYTEA,
    linkedin_weekly_connections BIGINT NOT NULL DEFAULT 100,
    linkedin_weekly_messages BIGINT NOT NULL DEFAULT 300,
    updated_at BIGINT NOT NULL
);

-- Each provider event handled once: the key is the provider's id for the booking plus the event.
CREATE TABLE integration_events (
    workspace_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    event_key TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, provider, event_key)
);

CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    -- 'calendly' | 'calcom'
    provider TEXT NOT NULL,
    -- Calendly's invitee URI, Cal.com's booking uid.
    external_id TEXT NOT NULL,
    title TEXT,
    start_at BIGINT,
    end_at BIGINT,
    -- 'scheduled' | 'cancelled' | 'rescheduled'
    status TEXT NOT NULL,
    event_uri TEXT,
    cancel_url TEXT,
    reschedule_url TEXT,
    cancel_reason TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (workspace_id, provider, external_id)
);
CREATE INDEX meetings_lead ON meetings (workspace_id, lead_id, start_at);

CREATE TABLE linkedin_tasks (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    message_id TEXT,
    -- The outbox row's key: a resend after a crash finds the task instead of making another.
    idempotency_key TEXT NOT NULL UNIQUE,
    -- 'connect' | 'message' | 'view_profile'
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    profile_url TEXT,
    -- 'open' | 'done' | 'skipped'
    status TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    -- Why the task is due later than it was created (the weekly limit), when it is.
    scheduled_reason TEXT,
    skip_reason TEXT,
    completed_by TEXT,
    completed_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX linkedin_tasks_open ON linkedin_tasks (workspace_id, status, due_at);
CREATE INDEX linkedin_tasks_quota ON linkedin_tasks (workspace_id, kind, due_at);

CREATE TABLE webhook_endpoints (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    method TEXT NOT NULL,
    -- JSON object of extra request headers.
    headers TEXT NOT NULL DEFAULT '{}',
    -- Sent as `Authorization: Bearer <token>`; encrypted.
    auth_token BYTEA,
    -- JSON array of event names.
    events TEXT NOT NULL DEFAULT '[]',
    -- JSON object: JSON pointer in the response → lead field.
    response_mapping TEXT NOT NULL DEFAULT '{}',
    enabled BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (workspace_id, name)
);

CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    lead_id TEXT,
    payload TEXT NOT NULL,
    -- 'queued' | 'sending' | 'delivered' | 'failed'
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    response_status BIGINT,
    latency_ms BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);

-- Things an admin must look at (a webhook that failed for good, ...).
CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    acknowledged_at BIGINT
);
CREATE INDEX alerts_workspace ON alerts (workspace_id, created_at);
