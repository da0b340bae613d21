//! Campaigns, workflow runs and node runs: what the engine claims, and the one transaction per
//! step that records a node run, advances the run and queues the step's side effect (an outbox
//! message or a webhook delivery) together.
//!
//! Times: a run's `wake_at` and the node runs' times are engine time (`Store::clock`, which a
//! test clock moves); `facts_since` / `facts_checked_at` and `lease_until` are wall-clock times,
//! because they are compared with rows stamped by the wall clock (messages, meetings) or guard
//! against real processes dying.

use super::conversations::{OwnedOutbound, insert_outbound};
use super::integrations::{NewDelivery, insert_delivery};
use super::{NewOutbound, Store, StoreError, StoreResult, new_id, now_ms, placeholders};
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub struct CampaignRecord {
    pub id: String,
    pub workspace_id: String,
    pub name: String,
    pub workflow_id: String,
    pub workflow_version: Option<i64>,
    pub status: String,
    pub audience: Value,
    pub schedule: Value,
    pub daily_cap: Option<i64>,
    pub per_mailbox_daily_cap: Option<i64>,
    pub hourly_throttle: Option<i64>,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub launched_at: Option<i64>,
    pub paused_at: Option<i64>,
}

/// The editable fields of a campaign.
#[derive(Debug, Clone, Default)]
pub struct CampaignInput {
    pub name: String,
    pub workflow_id: String,
    pub audience: Value,
    pub schedule: Value,
    pub daily_cap: Option<i64>,
    pub per_mailbox_daily_cap: Option<i64>,
    pub hourly_throttle: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    pub id: String,
    pub workspace_id: String,
    pub campaign_id: Option<String>,
    pub workflow_id: String,
    pub workflow_version: i64,
    pub lead_id: String,
    pub lead_name: Option<String>,
    pub status: String,
    pub current_node: Option<String>,
    pub wake_at: Option<i64>,
    pub lease_until: Option<i64>,
    pub waiting_for: Option<Value>,
    pub context: Value,
    pub exit_reason: Option<String>,
    pub error: Option<String>,
    pub attempts: i64,
    pub facts_since: i64,
    pub facts_checked_at: i64,
    pub started_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NodeRunRecord {
    pub id: String,
    pub node_id: String,
    pub node_type: String,
    pub status: String,
    pub attempt: i64,
    pub branch: Option<String>,
    pub input: Option<Value>,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub log: Value,
    pub started_at: i64,
    pub finished_at: Option<i64>,
}

/// The node run a step writes: a new row, or (`existing`) the open row of a step that waited.
#[derive(Debug, Clone)]
pub struct NodeRunWrite {
    pub id: String,
    pub existing: bool,
    pub node_id: String,
    pub node_type: String,
    pub status: String,
    pub attempt: i64,
    pub branch: Option<String>,
    pub input: Option<Value>,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub log: Value,
    pub started_at: i64,
    pub finished_at: Option<i64>,
}

/// Where a step leaves the run.
#[derive(Debug, Clone)]
pub struct RunAdvance {
    pub status: String,
    pub current_node: Option<String>,
    pub wake_at: Option<i64>,
    pub waiting_for: Option<Value>,
    pub context: Value,
    pub exit_reason: Option<String>,
    pub error: Option<String>,
    pub attempts: i64,
    pub finished_at: Option<i64>,
}

/// A webhook call a step queues on the outbound-webhook delivery worker.
#[derive(Debug, Clone)]
pub struct StepDelivery {
    pub endpoint_id: String,
    pub event: String,
    pub idempotency_key: String,
    pub payload: String,
}

/// One step, written in one transaction. Nothing is written unless the run is still leased
/// with `lease` (a worker whose lease expired and was taken over writes nothing).
pub struct StepWrite<'a> {
    pub run: &'a RunRecord,
    pub lease: i64,
    /// Keep the claim: the worker goes straight on to the run's next step.
    pub keep_lease: bool,
    pub node_run: Option<NodeRunWrite>,
    pub advance: RunAdvance,
    pub outbound: Option<NewOutbound<'a>>,
    pub delivery: Option<StepDelivery>,
}

/// What a person can do to one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunAction {
    Pause,
    Resume,
    Cancel,
    Retry,
}

/// What a step write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepWritten {
    /// False when the lease was lost: nothing was written.
    pub applied: bool,
    /// The queued message; `None` when there was none or its idempotency key existed already.
    pub message_id: Option<String>,
}

const CAMPAIGN_COLUMNS: &str = "id, workspace_id, name, workflow_id, workflow_version, status, \
    audience, schedule, daily_cap, per_mailbox_daily_cap, hourly_throttle, created_by, \
    created_at, updated_at, launched_at, paused_at";

const RUN_COLUMNS: &str = "r.id, r.workspace_id, r.campaign_id, r.workflow_id, \
    r.workflow_version, r.lead_id, l.full_name AS lead_name, r.status, r.current_node, \
    r.wake_at, r.lease_until, r.waiting_for, r.context, r.exit_reason, r.error, r.attempts, \
    r.facts_since, r.facts_checked_at, r.started_at, r.updated_at, r.finished_at";

const RUN_FROM: &str = "FROM workflow_runs r LEFT JOIN leads l ON l.id = r.lead_id";

fn json_column(row: &AnyRow, column: &str) -> StoreResult<Value> {
    let text: String = row.try_get(column)?;
    serde_json::from_str(&text)
        .map_err(|e| StoreError::Unexpected(anyhow::anyhow!("{column} is not JSON: {e}")))
}

fn optional_json(row: &AnyRow, column: &str) -> StoreResult<Option<Value>> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| {
        serde_json::from_str(&t)
            .map_err(|e| StoreError::Unexpected(anyhow::anyhow!("{column} is not JSON: {e}")))
    })
    .transpose()
}

fn campaign_from_row(row: &AnyRow) -> StoreResult<CampaignRecord> {
    Ok(CampaignRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        name: row.try_get("name")?,
        workflow_id: row.try_get("workflow_id")?,
        workflow_version: row.try_get("workflow_version")?,
        status: row.try_get("status")?,
        audience: json_column(row, "audience")?,
        schedule: json_column(row, "schedule")?,
        daily_cap: row.try_get("daily_cap")?,
        per_mailbox_daily_cap: row.try_get("per_mailbox_daily_cap")?,
        hourly_throttle: row.try_get("hourly_throttle")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        launched_at: row.try_get("launched_at")?,
        paused_at: row.try_get("paused_at")?,
    })
}

fn run_from_row(row: &AnyRow) -> StoreResult<RunRecord> {
    Ok(RunRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        campaign_id: row.try_get("campaign_id")?,
        workflow_id: row.try_get("workflow_id")?,
        workflow_version: row.try_get("workflow_version")?,
        lead_id: row.try_get("lead_id")?,
        lead_name: row.try_get("lead_name")?,
        status: row.try_get("status")?,
        current_node: row.try_get("current_node")?,
        wake_at: row.try_get("wake_at")?,
        lease_until: row.try_get("lease_until")?,
        waiting_for: optional_json(row, "waiting_for")?,
        context: json_column(row, "context")?,
        exit_reason: row.try_get("exit_reason")?,
        error: row.try_get("error")?,
        attempts: row.try_get("attempts")?,
        facts_since: row.try_get("facts_since")?,
        facts_checked_at: row.try_get("facts_checked_at")?,
        started_at: row.try_get("started_at")?,
        updated_at: row.try_get("updated_at")?,
        finished_at: row.try_get("finished_at")?,
    })
}

fn node_run_from_row(row: &AnyRow) -> StoreResult<NodeRunRecord> {
    Ok(NodeRunRecord {
        id: row.try_get("id")?,
        node_id: row.try_get("node_id")?,
        node_type: row.try_get("node_type")?,
        status: row.try_get("status")?,
        attempt: row.try_get("attempt")?,
        branch: row.try_get("branch")?,
        input: optional_json(row, "input")?,
        output: optional_json(row, "output")?,
        error: row.try_get("error")?,
        log: json_column(row, "log")?,
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
    })
}

/// Run counts by status, and exits by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunCounts {
    pub by_status: Vec<(String, i64)>,
    pub exits_by_reason: Vec<(String, i64)>,
    /// Open runs whose next step is due now (engine time): the engine's backlog.
    pub due: i64,
}

/// Per node: node runs by status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeCount {
    pub node_id: String,
    pub status: String,
    pub count: i64,
}

/// What one run led to, for the stats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunOutcome {
    pub run_id: String,
    pub sent: i64,
    pub delivered: i64,
    pub opened: i64,
    pub clicked: i64,
    /// The lead's latest reply since the run began (auto-replies excluded).
    pub last_reply: Option<String>,
    pub meetings: i64,
}

/// The facts about a lead since a (wall-clock) time that the engine decides on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeadActivity {
    /// Inbound messages other than auto-replies.
    pub replies: i64,
    pub last_reply: Option<String>,
    pub opened: bool,
    pub clicked: bool,
    pub meetings_booked: bool,
    /// A suppression entry for the lead was added.
    pub suppressed: bool,
}

pub struct CampaignStore<'a>(pub(super) &'a Store);

impl CampaignStore<'_> {
    // --- campaigns -----------------------------------------------------------------------------

    pub async fn create(
        &self,
        workspace_id: &str,
        created_by: Option<&str>,
        input: &CampaignInput,
    ) -> StoreResult<CampaignRecord> {
        let id = new_id();
        let now = now_ms();
        sqlx::query(
            "INSERT INTO campaigns (id, workspace_id, name, workflow_id, status, audience, \
             schedule, daily_cap, per_mailbox_daily_cap, hourly_throttle, created_by, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $10, $11, $11)",
        )
        .bind(&id)
        .bind(workspace_id)
        .bind(&input.name)
        .bind(&input.workflow_id)
        .bind(input.audience.to_string())
        .bind(input.schedule.to_string())
        .bind(input.daily_cap)
        .bind(input.per_mailbox_daily_cap)
        .bind(input.hourly_throttle)
        .bind(created_by)
        .bind(now)
        .execute(&self.0.pool)
        .await?;
        self.get(workspace_id, &id).await
    }

    pub async fn get(&self, workspace_id: &str, id: &str) -> StoreResult<CampaignRecord> {
        let sql =
            format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns WHERE id = $1 AND workspace_id = $2");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .bind(workspace_id)
            .fetch_optional(&self.0.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        campaign_from_row(&row)
    }

    pub async fn list(&self, workspace_id: &str) -> StoreResult<Vec<CampaignRecord>> {
        let sql = format!(
            "SELECT {CAMPAIGN_COLUMNS} FROM campaigns WHERE workspace_id = $1 \
             AND status <> 'archived' ORDER BY created_at DESC"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(workspace_id)
            .fetch_all(&self.0.pool)
            .await?;
        rows.iter().map(campaign_from_row).collect()
    }

    pub async fn update(
        &self,
        workspace_id: &str,
        id: &str,
        input: &CampaignInput,
    ) -> StoreResult<CampaignRecord> {
        sqlx::query(
            "UPDATE campaigns SET name = $1, workflow_id = $2, audience = $3, schedule = $4, \
             daily_cap = $5, per_mailbox_daily_cap = $6, hourly_throttle = $7, updated_at = $8 \
             WHERE id = $9 AND workspace_id = $10",
        )
        .bind(&input.name)
        .bind(&input.workflow_id)
        .bind(input.audience.to_string())
        .bind(input.schedule.to_string())
        .bind(input.daily_cap)
        .bind(input.per_mailbox_daily_cap)
        .bind(input.hourly_throttle)
        .bind(now_ms())
        .bind(id)
        .bind(workspace_id)
        .execute(&self.0.pool)
        .await?;
        self.get(workspace_id, id).await
    }

    /// Deletes a draft campaign (it has no runs).
    pub async fn delete(&self, workspace_id: &str, id: &str) -> StoreResult<()> {
        let done = sqlx::query(
            "DELETE FROM campaigns WHERE id = $1 AND workspace_id = $2 AND status = 'draft'",
        )
        .bind(id)
        .bind(workspace_id)
        .execute(&self.0.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// The graph (JSON) of a workflow's published version: the given one, or the latest.
    /// `None` when the workflow was never published.
    pub async fn published_graph(
        &self,
        workspace_id: &str,
        workflow_id: &str,
        version: Option<i64>,
    ) -> StoreResult<Option<(i64, String)>> {
        let row = match version {
            Some(version) => {
                sqlx::query(
                    "SELECT version, graph FROM workflow_versions WHERE workflow_id = $1 \
                     AND workspace_id = $2 AND version = $3",
                )
                .bind(workflow_id)
                .bind(workspace_id)
                .bind(version)
                .fetch_optional(&self.0.pool)
                .await?
            }
            None => {
                sqlx::query(
                    "SELECT version, graph FROM workflow_versions WHERE workflow_id = $1 \
                     AND workspace_id = $2 ORDER BY version DESC LIMIT 1",
                )
                .bind(workflow_id)
                .bind(workspace_id)
                .fetch_optional(&self.0.pool)
                .await?
            }
        };
        row.map(|row| Ok((row.try_get("version")?, row.try_get("graph")?)))
            .transpose()
    }

    /// Whether the workflow exists (not archived) in the workspace.
    pub async fn workflow_exists(
        &self,
        workspace_id: &str,
        workflow_id: &str,
    ) -> StoreResult<bool> {
        let found: Option<String> = sqlx::query_scalar(
            "SELECT id FROM workflows WHERE id = $1 AND workspace_id = $2 AND archived_at IS NULL",
        )
        .bind(workflow_id)
        .bind(workspace_id)
        .fetch_optional(&self.0.pool)
        .await?;
        Ok(found.is_some())
    }

    /// Pins `version` and makes the campaign active.
    pub async fn launch(&self, workspace_id: &str, id: &str, version: i64) -> StoreResult<bool> {
        let now = now_ms();
        let done = sqlx::query(
            "UPDATE campaigns SET status = 'active', workflow_version = $1, launched_at = $2, \
             updated_at = $2 WHERE id = $3 AND workspace_id = $4 AND status = 'draft'",
        )
        .bind(version)
        .bind(now)
        .bind(id)
        .bind(workspace_id)
        .execute(&self.0.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Pauses an active campaign and its moving runs, or resumes a paused one (its paused runs
    /// carry on where they were; a wait that ended during the pause is due at once, and the
    /// engine's caps and sending windows still apply). False when the campaign was not in the
    /// `from` status.
    pub async fn set_paused(
        &self,
        workspace_id: &str,
        id: &str,
        paused: bool,
    ) -> StoreResult<bool> {
        let (from, to) = if paused {
            ("active", "paused")
        } else {
            ("paused", "active")
        };
        let now = now_ms();
        let mut tx = self.0.begin_write(&self.0.writer).await?;
        let done = sqlx::query(
            "UPDATE campaigns SET status = $1, paused_at = $2, updated_at = $3 \
             WHERE id = $4 AND workspace_id = $5 AND status = $6",
        )
        .bind(to)
        .bind(paused.then_some(now))
        .bind(now)
        .bind(id)
        .bind(workspace_id)
        .bind(from)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        let sql = if paused {
            "UPDATE workflow_runs SET status = 'paused', updated_at = $1 \
             WHERE campaign_id = $2 AND status IN ('active', 'waiting')"
        } else {
            "UPDATE workflow_runs SET status = CASE WHEN waiting_for IS NULL THEN 'active' \
             ELSE 'waiting' END, updated_at = $1 WHERE campaign_id = $2 AND status = 'paused'"
        };
        sqlx::query(sql)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    // --- runs ----------------------------------------------------------------------------------

    /// Enrols `lead_ids` (already checked to be the workspace's) at `start_node`, due at
    /// `wake_at`. Returns how many runs were created; a lead already in the campaign is left
    /// alone.
    pub async fn enroll(
        &self,
        campaign: &CampaignRecord,
        version: i64,
        start_node: &str,
        lead_ids: &[String],
        wake_at: i64,
    ) -> StoreResult<usize> {
        let now = now_ms();
        let mut created = 0;
        for chunk in lead_ids.chunks(50) {
            let mut tx = self.0.begin_write(&self.0.writer).await?;
            for lead_id in chunk {
                let done = sqlx::query(
                    "INSERT INTO workflow_runs (id, workspace_id, campaign_id, workflow_id, \
                     workflow_version, lead_id, status, current_node, wake_at, context, \
                     started_at, updated_at, facts_since, facts_checked_at) VALUES ($1, $2, $3, \
                     $4, $5, $6, 'active', $7, $8, '{}', $9, $9, $10, $10) \
                     ON CONFLICT (campaign_id, lead_id) DO NOTHING",
                )
                .bind(new_id())
                .bind(&campaign.workspace_id)
                .bind(&campaign.id)
                .bind(&campaign.workflow_id)
                .bind(version)
                .bind(lead_id)
                .bind(start_node)
                .bind(wake_at)
                .bind(self.0.clock.now_ms())
                .bind(now)
                .execute(&mut *tx)
                .await?;
                created += done.rows_affected() as usize;
            }
            tx.commit().await?;
        }
        Ok(created)
    }

    /// How many of `lead_ids` (leads of the workspace) granted consent, per channel name.
    pub async fn granted_consents(
        &self,
        workspace_id: &str,
        lead_ids: &[String],
    ) -> StoreResult<HashMap<String, u64>> {
        let mut granted: HashMap<String, u64> = HashMap::new();
        for chunk in lead_ids.chunks(200) {
            let sql = format!(
                "SELECT k.channel, COUNT(*) AS n FROM lead_consents k \
                 JOIN leads l ON l.id = k.lead_id \
                 WHERE l.workspace_id = $1 AND k.status = 'granted' AND k.lead_id IN ({}) \
                 GROUP BY k.channel",
                placeholders(2, chunk.len())
            );
            let mut query = sqlx::query(AssertSqlSafe(sql)).persistent(false);
            query = query.bind(workspace_id);
            for id in chunk {
                query = query.bind(id);
            }
            for row in query.fetch_all(&self.0.pool).await? {
                let count: i64 = row.try_get("n")?;
                *granted.entry(row.try_get("channel")?).or_default() +=
                    u64::try_from(count).unwrap_or(0);
            }
        }
        Ok(granted)
    }

    /// Which of `lead_ids` exist in the workspace.
    pub async fn existing_leads(
        &self,
        workspace_id: &str,
        lead_ids: &[String],
    ) -> StoreResult<Vec<String>> {
        let mut found = Vec::new();
        for chunk in lead_ids.chunks(200) {
            let sql = format!(
                "SELECT id FROM leads WHERE workspace_id = $1 AND id IN ({})",
                placeholders(2, chunk.len())
            );
            let mut query = sqlx::query_scalar::<_, String>(AssertSqlSafe(sql)).persistent(false);
            query = query.bind(workspace_id);
            for id in chunk {
                query = query.bind(id);
            }
            found.extend(query.fetch_all(&self.0.pool).await?);
        }
        Ok(found)
    }

    pub async fn run(&self, workspace_id: &str, id: &str) -> StoreResult<RunRecord> {
        let sql =
            format!("SELECT {RUN_COLUMNS} {RUN_FROM} WHERE r.id = $1 AND r.workspace_id = $2");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .bind(workspace_id)
            .fetch_optional(&self.0.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        run_from_row(&row)
    }

    /// A page of a campaign's runs in enrolment order, after the run id `after`.
    pub async fn runs(
        &self,
        workspace_id: &str,
        campaign_id: &str,
        status: Option<&str>,
        after: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<RunRecord>> {
        let mut sql = format!(
            "SELECT {RUN_COLUMNS} {RUN_FROM} WHERE r.workspace_id = $1 AND r.campaign_id = $2"
        );
        let mut next = 3;
        if status.is_some() {
            sql.push_str(&format!(" AND r.status = ${next}"));
            next += 1;
        }
        if after.is_some() {
            sql.push_str(&format!(" AND r.id > ${next}"));
            next += 1;
        }
        sql.push_str(&format!(" ORDER BY r.id LIMIT ${next}"));
        let mut query = sqlx::query(AssertSqlSafe(sql))
            .persistent(false)
            .bind(workspace_id)
            .bind(campaign_id);
        if let Some(status) = status {
            query = query.bind(status);
        }
        if let Some(after) = after {
            query = query.bind(after);
        }
        let rows = query.bind(limit).fetch_all(&self.0.pool).await?;
        rows.iter().map(run_from_row).collect()
    }

    pub async fn node_runs(&self, run_id: &str) -> StoreResult<Vec<NodeRunRecord>> {
        let rows = sqlx::query(
            "SELECT id, node_id, node_type, status, attempt, branch, input, output, error, log, \
             started_at, finished_at FROM node_runs WHERE run_id = $1 ORDER BY started_at, id",
        )
        .bind(run_id)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter().map(node_run_from_row).collect()
    }

    /// Pauses, resumes, cancels or retries one run. False when the run was not in a state the
    /// action applies to.
    pub async fn transition_run(
        &self,
        workspace_id: &str,
        id: &str,
        action: RunAction,
    ) -> StoreResult<bool> {
        let (set, from) = match action {
            RunAction::Pause => ("status = 'paused'", "'active', 'waiting'"),
            // Back to waiting if it was in a wait; a wait that ended meanwhile is due at once.
            RunAction::Resume => (
                "status = CASE WHEN waiting_for IS NULL THEN 'active' ELSE 'waiting' END",
                "'paused'",
            ),
            RunAction::Cancel => (
                "status = 'cancelled', exit_reason = 'manual_removal', finished_at = $1, \
                 wake_at = NULL",
                "'active', 'waiting', 'paused', 'failed'",
            ),
            // The failed step runs again now, with fresh attempts.
            RunAction::Retry => (
                "status = 'active', error = NULL, attempts = 0, finished_at = NULL, wake_at = $4",
                "'failed'",
            ),
        };
        let sql = format!(
            "UPDATE workflow_runs SET {set}, updated_at = $1 WHERE id = $2 AND workspace_id = $3 \
             AND status IN ({from})"
        );
        let mut query = sqlx::query(AssertSqlSafe(sql))
            .persistent(false)
            .bind(now_ms())
            .bind(id)
            .bind(workspace_id);
        if action == RunAction::Retry {
            query = query.bind(self.0.clock.now_ms());
        }
        let done = query.execute(&self.0.writer).await?;
        Ok(done.rows_affected() == 1)
    }

    /// Claims up to `limit` due runs for `lease_ms` of wall time: moving runs whose `wake_at`
    /// passed (engine time) and whose lease is free or expired.
    pub async fn claim_due(&self, limit: i64, lease_ms: i64) -> StoreResult<(i64, Vec<RunRecord>)> {
        let now = self.0.clock.now_ms();
        let wall = now_ms();
        let lease = wall + lease_ms;
        let sql = Arc::new(format!(
            "UPDATE workflow_runs SET lease_until = $1 WHERE id IN (SELECT id FROM workflow_runs \
             WHERE status IN ('active', 'waiting') AND wake_at <= $2 \
             AND (lease_until IS NULL OR lease_until < $3) ORDER BY wake_at LIMIT {}) \
             AND status IN ('active', 'waiting') AND (lease_until IS NULL OR lease_until < $3) \
             RETURNING id",
            limit.clamp(1, 1000)
        ));
        let ids: Vec<String> = self
            .0
            .commits
            .run(move |connection| {
                let sql = sql.clone();
                Box::pin(async move {
                    Ok(sqlx::query_scalar(AssertSqlSafe(sql.as_str()))
                        .bind(lease)
                        .bind(now)
                        .bind(wall)
                        .fetch_all(connection)
                        .await?)
                })
            })
            .await?;
        let mut runs = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(200) {
            let sql = format!(
                "SELECT {RUN_COLUMNS} {RUN_FROM} WHERE r.id IN ({})",
                placeholders(1, chunk.len())
            );
            let mut query = sqlx::query(AssertSqlSafe(sql)).persistent(false);
            for id in chunk {
                query = query.bind(id);
            }
            for row in query.fetch_all(&self.0.pool).await? {
                runs.push(run_from_row(&row)?);
            }
        }
        Ok((lease, runs))
    }

    /// Makes open runs due when their lead has facts newer than the run last looked: only
    /// the leads with a fact (wall time) after `since` are considered, so a pass costs the
    /// recent facts, not every open run. `since = 0` looks at everything (after a restart).
    pub async fn wake_on_new_facts(&self, since: i64) -> StoreResult<u64> {
        let now = self.0.clock.now_ms();
        let done = sqlx::query(
            "UPDATE workflow_runs SET wake_at = $1 WHERE status IN ('active', 'waiting') \
             AND wake_at > $1 AND lead_id IN (\
               SELECT lead_id FROM messages WHERE direction = 'inbound' AND created_at > $2 \
               UNION SELECT lead_id FROM meetings WHERE created_at > $2 \
               UNION SELECT lead_id FROM suppressions WHERE created_at > $2 \
               UNION SELECT lead_id FROM email_messages WHERE opened_at > $2 \
               UNION SELECT lead_id FROM email_messages WHERE clicked_at > $2 \
               UNION SELECT id FROM leads WHERE updated_at > $2) \
             AND (\
               EXISTS (SELECT 1 FROM messages m WHERE m.lead_id = workflow_runs.lead_id \
                 AND m.direction = 'inbound' AND m.created_at > workflow_runs.facts_checked_at) \
               OR EXISTS (SELECT 1 FROM meetings mt WHERE mt.lead_id = workflow_runs.lead_id \
                 AND mt.created_at > workflow_runs.facts_checked_at) \
               OR EXISTS (SELECT 1 FROM suppressions s WHERE s.lead_id = workflow_runs.lead_id \
                 AND s.created_at > workflow_runs.facts_checked_at) \
               OR EXISTS (SELECT 1 FROM email_messages e WHERE e.lead_id = workflow_runs.lead_id \
                 AND (e.opened_at > workflow_runs.facts_checked_at \
                   OR e.clicked_at > workflow_runs.facts_checked_at)) \
               OR EXISTS (SELECT 1 FROM leads ld WHERE ld.id = workflow_runs.lead_id \
                 AND ld.updated_at > workflow_runs.facts_checked_at))",
        )
        .bind(now)
        .bind(since)
        .execute(&self.0.writer)
        .await?;
        Ok(done.rows_affected())
    }

    /// What the lead did since `since` (wall clock).
    pub async fn lead_activity(&self, lead_id: &str, since: i64) -> StoreResult<LeadActivity> {
        let replies: Vec<String> = sqlx::query_scalar(
            "SELECT body FROM messages WHERE lead_id = $1 AND direction = 'inbound' \
             AND created_at > $2 AND (generator IS NULL OR generator <> 'auto-reply') \
             ORDER BY created_at DESC",
        )
        .bind(lead_id)
        .bind(since)
        .fetch_all(&self.0.pool)
        .await?;
        let row = sqlx::query(
            "SELECT \
               (SELECT COUNT(*) FROM email_messages WHERE lead_id = $1 AND opened_at > $2) AS opened, \
               (SELECT COUNT(*) FROM email_messages WHERE lead_id = $1 AND clicked_at > $2) AS clicked, \
               (SELECT COUNT(*) FROM meetings WHERE lead_id = $1 AND created_at > $2 \
                 AND status = 'scheduled') AS meetings, \
               (SELECT COUNT(*) FROM suppressions WHERE lead_id = $1 AND created_at > $2) AS suppressed",
        )
        .bind(lead_id)
        .bind(since)
        .fetch_one(&self.0.pool)
        .await?;
        Ok(LeadActivity {
            replies: replies.len() as i64,
            last_reply: replies.into_iter().next(),
            opened: row.try_get::<i64, _>("opened")? > 0,
            clicked: row.try_get::<i64, _>("clicked")? > 0,
            meetings_booked: row.try_get::<i64, _>("meetings")? > 0,
            suppressed: row.try_get::<i64, _>("suppressed")? > 0,
        })
    }

    /// The state of a webhook delivery a step queued (`None` when it is not there).
    pub async fn delivery_state(&self, idempotency_key: &str) -> StoreResult<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT state FROM webhook_deliveries WHERE idempotency_key = $1")
                .bind(idempotency_key)
                .fetch_optional(&self.0.pool)
                .await?,
        )
    }

    /// Engine-time instants of the campaign's sends since `since`, newest first.
    pub async fn send_times(&self, campaign_id: &str, since: i64) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT n.finished_at FROM node_runs n JOIN workflow_runs r ON r.id = n.run_id \
             WHERE r.campaign_id = $1 AND n.node_type IN ('send', 'channel_fallback') \
             AND n.status = 'succeeded' AND n.branch IN ('out', 'sent') AND n.finished_at >= $2 \
             ORDER BY n.finished_at DESC",
        )
        .bind(campaign_id)
        .bind(since)
        .fetch_all(&self.0.pool)
        .await?)
    }

    /// Writes one step (see [`StepWrite`]) through the group commit.
    pub async fn write_step(&self, step: StepWrite<'_>) -> StoreResult<StepWritten> {
        let job = Arc::new(OwnedStep::from(&step));
        let now = now_ms();
        self.0
            .commits
            .run(move |connection| {
                let job = job.clone();
                Box::pin(async move { write_step(connection, &job, now).await })
            })
            .await
    }

    // --- stats ---------------------------------------------------------------------------------

    pub async fn run_counts(
        &self,
        workspace_id: &str,
        campaign_id: &str,
    ) -> StoreResult<RunCounts> {
        let rows = sqlx::query(
            "SELECT status, COUNT(*) AS n FROM workflow_runs WHERE workspace_id = $1 \
             AND campaign_id = $2 GROUP BY status",
        )
        .bind(workspace_id)
        .bind(campaign_id)
        .fetch_all(&self.0.pool)
        .await?;
        let by_status = rows
            .iter()
            .map(|row| Ok((row.try_get("status")?, row.try_get("n")?)))
            .collect::<StoreResult<_>>()?;
        let rows = sqlx::query(
            "SELECT exit_reason, COUNT(*) AS n FROM workflow_runs WHERE workspace_id = $1 \
             AND campaign_id = $2 AND status = 'exited' GROUP BY exit_reason",
        )
        .bind(workspace_id)
        .bind(campaign_id)
        .fetch_all(&self.0.pool)
        .await?;
        let exits_by_reason = rows
            .iter()
            .map(|row| {
                let reason: Option<String> = row.try_get("exit_reason")?;
                Ok((reason.unwrap_or_default(), row.try_get("n")?))
            })
            .collect::<StoreResult<_>>()?;
        let due: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM workflow_runs WHERE workspace_id = $1 AND campaign_id = $2 \
             AND status IN ('active', 'waiting') AND wake_at <= $3",
        )
        .bind(workspace_id)
        .bind(campaign_id)
        .bind(self.0.clock.now_ms())
        .fetch_one(&self.0.pool)
        .await?;
        Ok(RunCounts {
            by_status,
            exits_by_reason,
            due,
        })
    }

    pub async fn node_counts(&self, campaign_id: &str) -> StoreResult<Vec<NodeCount>> {
        let rows = sqlx::query(
            "SELECT n.node_id, n.status, COUNT(*) AS n FROM node_runs n \
             JOIN workflow_runs r ON r.id = n.run_id WHERE r.campaign_id = $1 \
             GROUP BY n.node_id, n.status",
        )
        .bind(campaign_id)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(NodeCount {
                    node_id: row.try_get("node_id")?,
                    status: row.try_get("status")?,
                    count: row.try_get("n")?,
                })
            })
            .collect()
    }

    /// The variant each run took at each A/B split: `(run id, node id, variant)`.
    pub async fn variant_choices(
        &self,
        campaign_id: &str,
    ) -> StoreResult<Vec<(String, String, String)>> {
        let rows = sqlx::query(
            "SELECT n.run_id, n.node_id, n.branch FROM node_runs n \
             JOIN workflow_runs r ON r.id = n.run_id WHERE r.campaign_id = $1 \
             AND n.node_type = 'ab_split' AND n.branch IS NOT NULL",
        )
        .bind(campaign_id)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("run_id")?,
                    row.try_get("node_id")?,
                    row.try_get("branch")?,
                ))
            })
            .collect()
    }

    /// Per run: the messages the campaign sent the lead and what came of them, the lead's
    /// replies and meetings since the run began.
    pub async fn run_outcomes(&self, campaign_id: &str) -> StoreResult<Vec<RunOutcome>> {
        let delivered = super::status_rank("delivered").unwrap_or(40);
        let rows = sqlx::query(
            "SELECT r.id, \
               (SELECT COUNT(*) FROM messages m WHERE m.lead_id = r.lead_id \
                 AND m.author_kind = 'workflow' AND m.author_id = r.campaign_id \
                 AND m.status_rank >= 30) AS sent, \
               (SELECT COUNT(*) FROM messages m WHERE m.lead_id = r.lead_id \
                 AND m.author_kind = 'workflow' AND m.author_id = r.campaign_id \
                 AND m.status_rank >= $2) AS delivered, \
               (SELECT COUNT(*) FROM messages m JOIN email_messages e ON e.message_id = m.id \
                 WHERE m.lead_id = r.lead_id AND m.author_kind = 'workflow' \
                 AND m.author_id = r.campaign_id AND e.opened_at IS NOT NULL) AS opened, \
               (SELECT COUNT(*) FROM messages m JOIN email_messages e ON e.message_id = m.id \
                 WHERE m.lead_id = r.lead_id AND m.author_kind = 'workflow' \
                 AND m.author_id = r.campaign_id AND e.clicked_at IS NOT NULL) AS clicked, \
               (SELECT m.body FROM messages m WHERE m.lead_id = r.lead_id \
                 AND m.direction = 'inbound' AND m.created_at > r.facts_since \
                 AND (m.generator IS NULL OR m.generator <> 'auto-reply') \
                 ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS last_reply, \
               (SELECT COUNT(*) FROM meetings mt WHERE mt.lead_id = r.lead_id \
                 AND mt.created_at > r.facts_since) AS meetings \
             FROM workflow_runs r WHERE r.campaign_id = $1",
        )
        .bind(campaign_id)
        .bind(delivered)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(RunOutcome {
                    run_id: row.try_get("id")?,
                    sent: row.try_get("sent")?,
                    delivered: row.try_get("delivered")?,
                    opened: row.try_get("opened")?,
                    clicked: row.try_get("clicked")?,
                    last_reply: row.try_get("last_reply")?,
                    meetings: row.try_get("meetings")?,
                })
            })
            .collect()
    }
}

/// [`StepWrite`] with owned values, for the group commit (whose work may run twice).
struct OwnedStep {
    run_id: String,
    workspace_id: String,
    lead_id: String,
    lease: i64,
    keep_lease: bool,
    node_run: Option<NodeRunWrite>,
    advance: RunAdvance,
    outbound: Option<OwnedOutbound>,
    delivery: Option<StepDelivery>,
}

impl OwnedStep {
    fn from(step: &StepWrite<'_>) -> Self {
        Self {
            run_id: step.run.id.clone(),
            workspace_id: step.run.workspace_id.clone(),
            lead_id: step.run.lead_id.clone(),
            lease: step.lease,
            keep_lease: step.keep_lease,
            node_run: step.node_run.clone(),
            advance: step.advance.clone(),
            outbound: step.outbound.as_ref().map(OwnedOutbound::from),
            delivery: step.delivery.clone(),
        }
    }
}

async fn write_step(
    connection: &mut AnyConnection,
    step: &OwnedStep,
    now: i64,
) -> StoreResult<StepWritten> {
    let advance = &step.advance;
    // The run first: if this worker's lease was lost, nothing else is written.
    let moved = sqlx::query(
        "UPDATE workflow_runs SET status = $1, current_node = $2, wake_at = $3, waiting_for = $4, \
         context = $5, exit_reason = $6, error = $7, attempts = $8, finished_at = $9, \
         lease_until = $10, facts_checked_at = $11, updated_at = $11 \
         WHERE id = $12 AND lease_until = $13",
    )
    .bind(&advance.status)
    .bind(advance.current_node.as_deref())
    .bind(advance.wake_at)
    .bind(advance.waiting_for.as_ref().map(Value::to_string))
    .bind(advance.context.to_string())
    .bind(advance.exit_reason.as_deref())
    .bind(advance.error.as_deref())
    .bind(advance.attempts)
    .bind(advance.finished_at)
    .bind(step.keep_lease.then_some(step.lease))
    .bind(now)
    .bind(&step.run_id)
    .bind(step.lease)
    .execute(&mut *connection)
    .await?
    .rows_affected();
    if moved == 0 {
        return Ok(StepWritten {
            applied: false,
            message_id: None,
        });
    }
    if let Some(node_run) = &step.node_run {
        write_node_run(connection, step, node_run).await?;
    }
    let mut message_id = None;
    if let Some(outbound) = &step.outbound {
        message_id = insert_outbound(connection, &outbound.borrowed(), now)
            .await?
            .map(|message| message.id);
    }
    if let Some(delivery) = &step.delivery {
        let id = new_id();
        insert_delivery(
            connection,
            &NewDelivery {
                id: &id,
                workspace_id: &step.workspace_id,
                endpoint_id: &delivery.endpoint_id,
                event: &delivery.event,
                idempotency_key: &delivery.idempotency_key,
                lead_id: Some(&step.lead_id),
                payload: &delivery.payload,
            },
            now,
        )
        .await?;
    }
    Ok(StepWritten {
        applied: true,
        message_id,
    })
}

async fn write_node_run(
    connection: &mut AnyConnection,
    step: &OwnedStep,
    node_run: &NodeRunWrite,
) -> StoreResult<()> {
    let json = |value: &Option<Value>| value.as_ref().map(Value::to_string);
    if node_run.existing {
        sqlx::query(
            "UPDATE node_runs SET status = $1, attempt = $2, branch = $3, output = $4, \
             error = $5, log = $6, finished_at = $7 WHERE id = $8 AND run_id = $9",
        )
        .bind(&node_run.status)
        .bind(node_run.attempt)
        .bind(node_run.branch.as_deref())
        .bind(json(&node_run.output))
        .bind(node_run.error.as_deref())
        .bind(node_run.log.to_string())
        .bind(node_run.finished_at)
        .bind(&node_run.id)
        .bind(&step.run_id)
        .execute(&mut *connection)
        .await?;
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO node_runs (id, run_id, workspace_id, node_id, node_type, status, attempt, \
         branch, input, output, error, log, started_at, finished_at) VALUES ($1, $2, $3, $4, $5, \
         $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(&node_run.id)
    .bind(&step.run_id)
    .bind(&step.workspace_id)
    .bind(&node_run.node_id)
    .bind(&node_run.node_type)
    .bind(&node_run.status)
    .bind(node_run.attempt)
    .bind(node_run.branch.as_deref())
    .bind(json(&node_run.input))
    .bind(json(&node_run.output))
    .bind(node_run.error.as_deref())
    .bind(node_run.log.to_string())
    .bind(node_run.started_at)
    .bind(node_run.finished_at)
    .execute(&mut *connection)
    .await?;
    Ok(())
}
