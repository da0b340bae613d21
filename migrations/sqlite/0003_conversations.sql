-- Live conversations: one conversation per lead across every channel, its messages, AI drafts,
-- the outbox that carries every send, the sandbox channel's delivery log, and durable timers.

CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    agent_id TEXT,
    mode TEXT NOT NULL DEFAULT 'ai',
    status TEXT NOT NULL DEFAULT 'open',
    assignee_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    unread BIGINT NOT NULL DEFAULT 0,
    last_message_at BIGINT NOT NULL DEFAULT 0,
    last_message_preview TEXT,
    last_channel TEXT,
    last_direction TEXT,
    last_inbound_at BIGINT,
    pending_draft BIGINT NOT NULL DEFAULT 0,
    negotiation TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (lead_id)
);
CREATE INDEX conversations_recent ON conversations (workspace_id, last_message_at, id);

CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    lead_id TEXT NOT NULL,
    direction TEXT NOT NULL,
    channel TEXT NOT NULL,
    author_kind TEXT NOT NULL,
    author_id TEXT,
    generator TEXT,
    subject TEXT,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    status_rank BIGINT NOT NULL,
    error TEXT,
    external_id TEXT,
    draft_id TEXT,
    processed BIGINT NOT NULL DEFAULT 1,
    attempts BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX messages_external ON messages (workspace_id, channel, external_id);
CREATE INDEX messages_thread ON messages (conversation_id, created_at, id);
CREATE INDEX messages_unprocessed ON messages (processed, created_at) WHERE processed = 0;
CREATE INDEX messages_agent_day ON messages (workspace_id, author_id, created_at);

CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    agent_id TEXT,
    channel TEXT NOT NULL,
    purpose TEXT NOT NULL,
    status TEXT NOT NULL,
    body TEXT NOT NULL,
    generator TEXT,
    offline BIGINT NOT NULL DEFAULT 0,
    in_reply_to TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX drafts_open ON drafts (conversation_id, status);

CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    provider_message_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- What the sandbox channel "sent": the provider side of the sandbox, keyed like a real
-- provider's idempotency key so a resend after a crash is recognised, not repeated.
CREATE TABLE sandbox_deliveries (
    idempotency_key TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    lead_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    body TEXT NOT NULL,
    delivered_at BIGINT NOT NULL
);

CREATE TABLE timers (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    lead_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    due_at BIGINT NOT NULL,
    fired_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX timers_due ON timers (due_at) WHERE fired_at IS NULL;
CREATE INDEX timers_lead ON timers (lead_id) WHERE fired_at IS NULL;
