-- Workflows and campaigns: the graph being edited, its immutable published versions, campaigns
-- (a version + an audience + limits), one run per enrolled lead and one node run per step.
-- One text for SQLite and PostgreSQL. Times are epoch milliseconds; JSON is stored as TEXT.

CREATE TABLE workflows (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- The draft being edited (graph JSON, see src/workflows/graph.rs).
    draft TEXT NOT NULL,
    -- The newest published version (0 = never published).
    latest_version BIGINT NOT NULL DEFAULT 0,
    created_by TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    archived_at BIGINT
);
CREATE INDEX workflows_workspace ON workflows (workspace_id, updated_at);

CREATE TABLE workflow_versions (
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    workspace_id TEXT NOT NULL,
    graph TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    published_by TEXT,
    published_at BIGINT NOT NULL,
    PRIMARY KEY (workflow_id, version)
);

CREATE TABLE campaigns (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    workflow_id TEXT NOT NULL REFERENCES workflows(id),
    -- Pinned at launch; runs are pinned to the version they started on.
    workflow_version BIGINT,
    -- 'draft' | 'active' | 'paused' | 'completed' | 'archived'
    status TEXT NOT NULL,
    -- JSON: {"kind": "segment" | "csv" | "manual", ...}
    audience TEXT NOT NULL DEFAULT '{}',
    -- JSON: {"start_at": ms | null, "days": "mon,...", "start_minute", "end_minute"}
    schedule TEXT NOT NULL DEFAULT '{}',
    daily_cap BIGINT,
    per_mailbox_daily_cap BIGINT,
    -- Sends per hour at most, across the campaign.
    hourly_throttle BIGINT,
    created_by TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    launched_at BIGINT,
    paused_at BIGINT
);
CREATE INDEX campaigns_workspace ON campaigns (workspace_id, status);

CREATE TABLE workflow_runs (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    campaign_id TEXT REFERENCES campaigns(id),
    workflow_id TEXT NOT NULL REFERENCES workflows(id),
    workflow_version BIGINT NOT NULL,
    lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    -- 'active' | 'waiting' | 'paused' | 'completed' | 'exited' | 'failed' | 'cancelled'
    status TEXT NOT NULL,
    -- The node to run next (or being waited on).
    current_node TEXT,
    -- When the engine should next look at this run (a wait's end, a retry, a window opening).
    wake_at BIGINT,
    -- A worker's claim on the run until this time (a crashed worker's claim expires).
    lease_until BIGINT,
    -- JSON: what a wait-for-event step waits for, and since when.
    waiting_for TEXT,
    -- JSON: variables the steps share (A/B variant, the AI draft id, ...).
    context TEXT NOT NULL DEFAULT '{}',
    exit_reason TEXT,
    error TEXT,
    started_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    finished_at BIGINT
);
-- A lead is in a campaign once.
CREATE UNIQUE INDEX workflow_runs_campaign_lead ON workflow_runs (campaign_id, lead_id);
CREATE INDEX workflow_runs_due ON workflow_runs (wake_at) WHERE status IN ('active', 'waiting');
CREATE INDEX workflow_runs_lead ON workflow_runs (workspace_id, lead_id, status);
CREATE INDEX workflow_runs_campaign ON workflow_runs (campaign_id, status);

CREATE TABLE node_runs (
    id TEXT PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES workflow_runs(id) ON DELETE CASCADE,
    workspace_id TEXT NOT NULL,
    node_id TEXT NOT NULL,
    node_type TEXT NOT NULL,
    -- 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped'
    status TEXT NOT NULL,
    attempt BIGINT NOT NULL DEFAULT 1,
    -- The branch the step left by.
    branch TEXT,
    input TEXT,
    output TEXT,
    error TEXT,
    -- JSON array of {"at": ms, "message": text}.
    log TEXT NOT NULL DEFAULT '[]',
    started_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX node_runs_run ON node_runs (run_id, started_at);
