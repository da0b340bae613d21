-- Foundation schema. Timestamps are BIGINT milliseconds since the Unix epoch (UTC) and booleans
-- are BIGINT 0/1 on both backends, so one SQL text and one row decoder serve SQLite and Postgres.

CREATE TABLE instance_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE workspaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    is_instance_admin BIGINT NOT NULL DEFAULT 0,
    disabled BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    last_login_at BIGINT
);
CREATE INDEX users_workspace ON users (workspace_id);

CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    family_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    invited_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX invitations_workspace ON invitations (workspace_id);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_keys_workspace ON api_keys (workspace_id);

CREATE TABLE companies (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    domain TEXT,
    industry TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (workspace_id, name_key)
);

CREATE TABLE leads (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    first_name TEXT,
    last_name TEXT,
    full_name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    title TEXT,
    company_id TEXT REFERENCES companies(id) ON DELETE SET NULL,
    stage TEXT NOT NULL,
    stage_rank BIGINT NOT NULL,
    owner_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    timezone TEXT,
    do_not_contact BIGINT NOT NULL DEFAULT 0,
    email_status TEXT NOT NULL DEFAULT 'unknown',
    custom_fields TEXT NOT NULL DEFAULT '{}',
    source TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (workspace_id, email),
    UNIQUE (workspace_id, phone)
);
CREATE INDEX leads_created ON leads (workspace_id, created_at);
CREATE INDEX leads_updated ON leads (workspace_id, updated_at);
CREATE INDEX leads_stage ON leads (workspace_id, stage_rank, created_at);
CREATE INDEX leads_owner ON leads (workspace_id, owner_id);
CREATE INDEX leads_company ON leads (workspace_id, company_id);
CREATE INDEX leads_name ON leads (workspace_id, full_name);

CREATE TABLE lead_tags (
    workspace_id TEXT NOT NULL,
    lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (lead_id, tag)
);
CREATE INDEX lead_tags_tag ON lead_tags (workspace_id, tag);

CREATE TABLE lead_consents (
    workspace_id TEXT NOT NULL,
    lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    source TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (lead_id, channel)
);
CREATE INDEX lead_consents_channel ON lead_consents (workspace_id, channel, status);

CREATE TABLE import_jobs (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    created_by TEXT NOT NULL,
    filename TEXT NOT NULL,
    status TEXT NOT NULL,
    mapping TEXT NOT NULL,
    default_country TEXT,
    content BYTEA NOT NULL,
    total_rows BIGINT NOT NULL DEFAULT 0,
    processed_rows BIGINT NOT NULL DEFAULT 0,
    created BIGINT NOT NULL DEFAULT 0,
    merged BIGINT NOT NULL DEFAULT 0,
    unchanged BIGINT NOT NULL DEFAULT 0,
    rejected BIGINT NOT NULL DEFAULT 0,
    error TEXT,
    created_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX import_jobs_workspace ON import_jobs (workspace_id, created_at);

CREATE TABLE import_rejections (
    job_id TEXT NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
    row_number BIGINT NOT NULL,
    reason TEXT NOT NULL,
    field TEXT,
    raw TEXT NOT NULL,
    PRIMARY KEY (job_id, row_number)
);

CREATE TABLE personas (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    tone TEXT NOT NULL,
    industry_focus TEXT NOT NULL,
    language TEXT NOT NULL,
    signature TEXT NOT NULL,
    dos TEXT NOT NULL,
    donts TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (workspace_id, name)
);

CREATE TABLE templates (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    channel TEXT NOT NULL,
    language TEXT NOT NULL,
    body TEXT NOT NULL,
    placeholders TEXT NOT NULL,
    status TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (workspace_id, name)
);
