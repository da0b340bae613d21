-- Indexes that let the lead list find a page by walking one index, id included as the tie-break
-- (bulk imports give many leads the same timestamp), so deep offsets never sort.
DROP INDEX leads_created;
DROP INDEX leads_updated;
DROP INDEX leads_stage;
DROP INDEX leads_name;
CREATE INDEX leads_created ON leads (workspace_id, created_at, id);
CREATE INDEX leads_updated ON leads (workspace_id, updated_at, id);
CREATE INDEX leads_stage ON leads (workspace_id, stage_rank, id);
CREATE INDEX leads_name ON leads (workspace_id, (LOWER(full_name)), id);
