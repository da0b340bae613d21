//! AI agents: a persona plus model configuration, autonomy level, channel permissions and a
//! daily send limit. Workspace-scoped like every tenant-owned table.

use super::{Store, StoreResult, new_id, now_ms};
use anyhow::Context;
use sqlx::Row;
use sqlx::any::AnyRow;

/// An agent as stored. `provider`, `autonomy` and `channels` hold the values validated at the
/// HTTP edge (see `docs/conversations-api.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct AgentRecord {
    pub id: String,
    pub workspace_id: String,
    pub name: String,
    pub persona_id: Option<String>,
    /// `auto` | `openrouter` | `mistral` | `openai` | `anthropic` | `openai_compatible` | `offline`.
    pub provider: String,
    /// `None`: the provider's default model.
    pub model: Option<String>,
    /// 0.0–2.0, stored in thousandths.
    pub temperature: f64,
    /// `draft_only` | `approve` | `autonomous`.
    pub autonomy: String,
    pub channels: Vec<String>,
    /// Outbound AI messages per UTC day; 0 means the agent never sends by itself.
    pub daily_limit: i64,
    pub enabled: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Values for a new agent or a full replacement of an existing one's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentInput {
    pub name: String,
    pub persona_id: Option<String>,
    pub provider: String,
    pub model: Option<String>,
    pub temperature: f64,
    pub autonomy: String,
    pub channels: Vec<String>,
    pub daily_limit: i64,
    pub enabled: bool,
}

impl AgentInput {
    /// The settings of an existing agent, to apply a partial update on top of.
    pub fn from_record(record: &AgentRecord) -> Self {
        Self {
            name: record.name.clone(),
            persona_id: record.persona_id.clone(),
            provider: record.provider.clone(),
            model: record.model.clone(),
            temperature: record.temperature,
            autonomy: record.autonomy.clone(),
            channels: record.channels.clone(),
            daily_limit: record.daily_limit,
            enabled: record.enabled,
        }
    }
}

const COLUMNS: &str = "id, workspace_id, name, persona_id, provider, model, temperature_milli, \
                       autonomy, channels, daily_limit, enabled, created_at, updated_at";

fn temperature_to_milli(temperature: f64) -> i64 {
    (temperature * 1000.0).round() as i64
}

fn from_row(row: &AnyRow) -> StoreResult<AgentRecord> {
    let channels: String = row.try_get("channels")?;
    let temperature_milli: i64 = row.try_get("temperature_milli")?;
    Ok(AgentRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        name: row.try_get("name")?,
        persona_id: row.try_get("persona_id")?,
        provider: row.try_get("provider")?,
        model: row.try_get("model")?,
        temperature: temperature_milli as f64 / 1000.0,
        autonomy: row.try_get("autonomy")?,
        channels: serde_json::from_str(&channels).context("agents.channels is not a JSON array")?,
        daily_limit: row.try_get("daily_limit")?,
        enabled: row.try_get::<i64, _>("enabled")? != 0,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Start of the current UTC day in epoch milliseconds.
pub fn start_of_utc_day(now_ms: i64) -> i64 {
    const DAY_MS: i64 = 24 * 3600 * 1000;
    now_ms - now_ms.rem_euclid(DAY_MS)
}

pub struct AgentStore<'a>(pub(super) &'a Store);

impl AgentStore<'_> {
    /// Creates an agent. A name already used in the workspace is `Conflict("name")`.
    pub async fn create(&self, workspace_id: &str, input: &AgentInput) -> StoreResult<AgentRecord> {
        let id = new_id();
        let now = now_ms();
        sqlx::query(
            "INSERT INTO agents (id, workspace_id, name, persona_id, provider, model, \
             temperature_milli, autonomy, channels, daily_limit, enabled, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(&id)
        .bind(workspace_id)
        .bind(&input.name)
        .bind(&input.persona_id)
        .bind(&input.provider)
        .bind(&input.model)
        .bind(temperature_to_milli(input.temperature))
        .bind(&input.autonomy)
        .bind(serde_json::to_string(&input.channels).context("encoding channels")?)
        .bind(input.daily_limit)
        .bind(i64::from(input.enabled))
        .bind(now)
        .bind(now)
        .execute(&self.0.pool)
        .await?;
        self.0.config.invalidate();
        self.get(workspace_id, &id).await
    }

    /// The agent, or `NotFound` (also for another workspace's agent).
    pub async fn get(&self, workspace_id: &str, id: &str) -> StoreResult<AgentRecord> {
        let load = || async {
            let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM agents WHERE workspace_id = $1 AND id = $2"
            )))
            .bind(workspace_id)
            .bind(id)
            .fetch_one(&self.0.pool)
            .await?;
            from_row(&row)
        };
        self.0
            .config
            .get_or_load("agent", &[workspace_id, id], load)
            .await
    }

    pub async fn find(&self, workspace_id: &str, id: &str) -> StoreResult<Option<AgentRecord>> {
        match self.get(workspace_id, id).await {
            Ok(agent) => Ok(Some(agent)),
            Err(super::StoreError::NotFound) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Every agent of the workspace, by name.
    pub async fn list(&self, workspace_id: &str) -> StoreResult<Vec<AgentRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM agents WHERE workspace_id = $1 ORDER BY name, id"
        )))
        .bind(workspace_id)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Replaces the agent's settings. `NotFound` when it does not exist in the workspace.
    pub async fn update(
        &self,
        workspace_id: &str,
        id: &str,
        input: &AgentInput,
    ) -> StoreResult<AgentRecord> {
        let result = sqlx::query(
            "UPDATE agents SET name = $1, persona_id = $2, provider = $3, model = $4, \
             temperature_milli = $5, autonomy = $6, channels = $7, daily_limit = $8, enabled = $9, \
             updated_at = $10 WHERE workspace_id = $11 AND id = $12",
        )
        .bind(&input.name)
        .bind(&input.persona_id)
        .bind(&input.provider)
        .bind(&input.model)
        .bind(temperature_to_milli(input.temperature))
        .bind(&input.autonomy)
        .bind(serde_json::to_string(&input.channels).context("encoding channels")?)
        .bind(input.daily_limit)
        .bind(i64::from(input.enabled))
        .bind(now_ms())
        .bind(workspace_id)
        .bind(id)
        .execute(&self.0.pool)
        .await?;
        self.0.config.invalidate();
        if result.rows_affected() == 0 {
            return Err(super::StoreError::NotFound);
        }
        self.get(workspace_id, id).await
    }

    pub async fn delete(&self, workspace_id: &str, id: &str) -> StoreResult<()> {
        let result = sqlx::query("DELETE FROM agents WHERE workspace_id = $1 AND id = $2")
            .bind(workspace_id)
            .bind(id)
            .execute(&self.0.pool)
            .await?;
        self.0.config.invalidate();
        if result.rows_affected() == 0 {
            return Err(super::StoreError::NotFound);
        }
        Ok(())
    }

    /// The agent that acts on `channel` when a conversation names none: the first enabled agent
    /// permitted on that channel, autonomous ones first, then by name.
    pub async fn default_for_channel(
        &self,
        workspace_id: &str,
        channel: &str,
    ) -> StoreResult<Option<AgentRecord>> {
        let load = || async {
            let mut candidates: Vec<AgentRecord> = self
                .list(workspace_id)
                .await?
                .into_iter()
                .filter(|agent| agent.enabled && agent.channels.iter().any(|c| c == channel))
                .collect();
            // Stable sort keeps the name order within each group.
            candidates.sort_by_key(|agent| agent.autonomy != "autonomous");
            Ok(candidates.into_iter().next())
        };
        self.0
            .config
            .get_or_load("default_agent", &[workspace_id, channel], load)
            .await
    }

    /// AI messages the agent has queued since the start of the current UTC day (from
    /// `agent_daily_sends`, one row per agent and day).
    pub async fn sent_today(&self, workspace_id: &str, agent_id: &str) -> StoreResult<i64> {
        // Counted as each AI message is queued (insert_outbound): one row, however busy the
        // day. The join keeps another workspace's agent id from reading a count.
        let count: Option<i64> = sqlx::query_scalar(
            "SELECT s.sent FROM agent_daily_sends s JOIN agents a ON a.id = s.agent_id \
             WHERE a.workspace_id = $1 AND s.agent_id = $2 AND s.day = $3",
        )
        .bind(workspace_id)
        .bind(agent_id)
        .bind(start_of_utc_day(now_ms()))
        .fetch_optional(&self.0.pool)
        .await?;
        Ok(count.unwrap_or(0))
    }

    /// Whether a persona exists in the workspace (agents may only point at their own).
    pub async fn persona_exists(&self, workspace_id: &str, persona_id: &str) -> StoreResult<bool> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT id FROM personas WHERE workspace_id = $1 AND id = $2")
                .bind(workspace_id)
                .bind(persona_id)
                .fetch_optional(&self.0.pool)
                .await?;
        Ok(found.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_of_day_truncates_to_midnight_utc() {
        // 2026-11-30T15:47:41Z
        let t = 1_796_053_661_000;
        let start = start_of_utc_day(t);
        assert_eq!(start % (24 * 3600 * 1000), 0);
        assert!(t - start < 24 * 3600 * 1000);
    }

    #[test]
    fn temperature_round_trips_in_thousandths() {
        assert_eq!(temperature_to_milli(0.7), 700);
        assert_eq!(temperature_to_milli(1.2345), 1235);
    }
}
