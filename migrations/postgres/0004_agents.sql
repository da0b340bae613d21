-- AI agents, the LLM call log, per-workspace AI settings, encrypted provider keys and the
-- generation cache. One text for SQLite and PostgreSQL (only BLOB/BYTEA differs).
-- 0003 belongs to the conversations tables.

CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    persona_id TEXT REFERENCES personas(id) ON DELETE SET NULL,
    -- 'auto' | 'openrouter' | 'mistral' | 'openai' | 'anthropic' | 'openai_compatible' | 'offline'
    provider TEXT NOT NULL,
    model TEXT,
    -- Sampling temperature in thousandths (700 = 0.7): an integer keeps one SQL text exact on
    -- both backends.
    temperature_milli BIGINT NOT NULL,
    -- 'draft_only' | 'approve' | 'autonomous'
    autonomy TEXT NOT NULL,
    -- JSON array of channel names the agent may act on.
    channels TEXT NOT NULL,
    daily_limit BIGINT NOT NULL,
    enabled BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (workspace_id, name)
);

CREATE INDEX agents_workspace ON agents (workspace_id, name);

CREATE TABLE llm_requests (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    agent_id TEXT,
    lead_id TEXT,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    -- 'reply' | 'suggest' | 'test'
    purpose TEXT NOT NULL,
    prompt_tokens BIGINT NOT NULL,
    completion_tokens BIGINT NOT NULL,
    latency_ms BIGINT NOT NULL,
    ttft_ms BIGINT,
    -- USD millionths.
    cost_micros BIGINT NOT NULL,
    cache_hit BIGINT NOT NULL,
    error TEXT,
    created_at BIGINT NOT NULL
);

CREATE INDEX llm_requests_workspace_created ON llm_requests (workspace_id, created_at);
CREATE INDEX llm_requests_agent ON llm_requests (workspace_id, agent_id, created_at);

CREATE TABLE ai_settings (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id),
    -- JSON array of provider names, first tried first.
    failover TEXT NOT NULL,
    monthly_budget_micros BIGINT,
    -- 'YYYY-MM' of the last budget alert, so it fires once a month.
    budget_alert_month TEXT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE ai_provider_keys (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    provider TEXT NOT NULL,
    -- AES-256-GCM: 12-byte nonce followed by the ciphertext and tag.
    key_ciphertext BYTEA,
    key_last4 TEXT,
    base_url TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, provider)
);

CREATE TABLE llm_cache (
    key TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    text TEXT NOT NULL,
    prompt_tokens BIGINT NOT NULL,
    completion_tokens BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
