//! The AI layer's tables: the log of every LLM attempt (`llm_requests`), per-workspace AI
//! settings (failover order, budget), encrypted provider keys and the generation cache.
//! Keys arrive here already encrypted; this module never sees a clear-text key.

use super::{Store, StoreResult, new_id, now_ms};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::sync::Arc;

/// One provider attempt (or an offline / cache-served generation) to be logged.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLlmRequest {
    pub workspace_id: String,
    pub agent_id: Option<String>,
    pub lead_id: Option<String>,
    pub provider: String,
    pub model: String,
    /// `reply` | `suggest` | `test`.
    pub purpose: String,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub latency_ms: i64,
    pub ttft_ms: Option<i64>,
    /// USD millionths.
    pub cost_micros: i64,
    pub cache_hit: bool,
    /// Why the attempt failed; `None` for a success.
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LlmRequestRecord {
    pub id: String,
    pub workspace_id: String,
    pub agent_id: Option<String>,
    pub lead_id: Option<String>,
    pub provider: String,
    pub model: String,
    pub purpose: String,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub latency_ms: i64,
    pub ttft_ms: Option<i64>,
    pub cost_micros: i64,
    pub cache_hit: bool,
    pub error: Option<String>,
    pub created_at: i64,
}

/// Filters for the request log; `limit` is clamped by the caller.
#[derive(Debug, Clone, Default)]
pub struct LlmRequestFilter {
    pub agent_id: Option<String>,
    pub lead_id: Option<String>,
    pub limit: i64,
}

/// A workspace's AI settings; defaults apply when the row does not exist.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AiSettingsRecord {
    /// Provider names, first tried first; empty means the built-in order.
    pub failover: Vec<String>,
    pub monthly_budget_micros: Option<i64>,
    /// `YYYY-MM` of the last budget alert.
    pub budget_alert_month: Option<String>,
    pub updated_at: i64,
}

/// A stored provider key: ciphertext (nonce ‖ AES-GCM output), its last four characters for
/// display, and an optional base URL override.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderKeyRecord {
    pub provider: String,
    pub key_ciphertext: Option<Vec<u8>>,
    pub key_last4: Option<String>,
    pub base_url: Option<String>,
    pub updated_at: i64,
}

/// A cached generation.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedGeneration {
    pub text: String,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
}

/// An agent's generation figures over a window, for the agent library.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AgentUsage {
    /// Successful generations (provider, cache or offline).
    pub generations: i64,
    /// Provider attempts that failed (including circuit-open skips).
    pub failed_attempts: i64,
    pub avg_latency_ms: Option<i64>,
    pub p95_latency_ms: Option<i64>,
    pub cost_micros: i64,
}

/// Most recent successful rows read per workspace to compute latency percentiles.
const PERCENTILE_SAMPLE: i64 = 20_000;

fn request_from_row(row: &AnyRow) -> StoreResult<LlmRequestRecord> {
    Ok(LlmRequestRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        agent_id: row.try_get("agent_id")?,
        lead_id: row.try_get("lead_id")?,
        provider: row.try_get("provider")?,
        model: row.try_get("model")?,
        purpose: row.try_get("purpose")?,
        prompt_tokens: row.try_get("prompt_tokens")?,
        completion_tokens: row.try_get("completion_tokens")?,
        latency_ms: row.try_get("latency_ms")?,
        ttft_ms: row.try_get("ttft_ms")?,
        cost_micros: row.try_get("cost_micros")?,
        cache_hit: row.try_get::<i64, _>("cache_hit")? != 0,
        error: row.try_get("error")?,
        created_at: row.try_get("created_at")?,
    })
}

pub struct LlmStore<'a>(pub(super) &'a Store);

impl LlmStore<'_> {
    pub async fn log_request(&self, request: &NewLlmRequest) -> StoreResult<String> {
        // Through the group commit: one of these is written for every generation, beside the
        // reply's own writes.
        let job = Arc::new((new_id(), request.clone(), now_ms()));
        self.0
            .commits
            .run(move |connection| {
                let job = job.clone();
                Box::pin(async move {
                    let (id, request, now) = &*job;
                    insert_request(connection, id, request, *now).await?;
                    Ok(id.clone())
                })
            })
            .await
    }

    /// Newest first.
    pub async fn list_requests(
        &self,
        workspace_id: &str,
        filter: &LlmRequestFilter,
    ) -> StoreResult<Vec<LlmRequestRecord>> {
        let rows = sqlx::query(
            "SELECT id, workspace_id, agent_id, lead_id, provider, model, purpose, prompt_tokens, \
             completion_tokens, latency_ms, ttft_ms, cost_micros, cache_hit, error, created_at \
             FROM llm_requests WHERE workspace_id = $1 \
             AND ($2 = '' OR agent_id = $2) AND ($3 = '' OR lead_id = $3) \
             ORDER BY created_at DESC, id DESC LIMIT $4",
        )
        .bind(workspace_id)
        .bind(filter.agent_id.as_deref().unwrap_or(""))
        .bind(filter.lead_id.as_deref().unwrap_or(""))
        .bind(filter.limit)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter().map(request_from_row).collect()
    }

    /// Total cost logged since `since_ms` (the start of the month), in USD millionths.
    pub async fn cost_since(&self, workspace_id: &str, since_ms: i64) -> StoreResult<i64> {
        let total: Option<i64> = sqlx::query_scalar(
            "SELECT CAST(SUM(cost_micros) AS BIGINT) FROM llm_requests \
             WHERE workspace_id = $1 AND created_at >= $2",
        )
        .bind(workspace_id)
        .bind(since_ms)
        .fetch_one(&self.0.pool)
        .await?;
        Ok(total.unwrap_or(0))
    }

    /// Usage per agent since `since_ms`, keyed by agent id.
    pub async fn agent_usage(
        &self,
        workspace_id: &str,
        since_ms: i64,
    ) -> StoreResult<std::collections::HashMap<String, AgentUsage>> {
        let mut usage: std::collections::HashMap<String, AgentUsage> = Default::default();
        let totals = sqlx::query(
            "SELECT agent_id, \
             CAST(SUM(CASE WHEN error IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS generations, \
             CAST(SUM(CASE WHEN error IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS failed, \
             CAST(SUM(cost_micros) AS BIGINT) AS cost \
             FROM llm_requests WHERE workspace_id = $1 AND created_at >= $2 AND agent_id IS NOT NULL \
             GROUP BY agent_id",
        )
        .bind(workspace_id)
        .bind(since_ms)
        .fetch_all(&self.0.pool)
        .await?;
        for row in totals {
            let agent_id: String = row.try_get("agent_id")?;
            usage.insert(
                agent_id,
                AgentUsage {
                    generations: row.try_get::<Option<i64>, _>("generations")?.unwrap_or(0),
                    failed_attempts: row.try_get::<Option<i64>, _>("failed")?.unwrap_or(0),
                    cost_micros: row.try_get::<Option<i64>, _>("cost")?.unwrap_or(0),
                    ..AgentUsage::default()
                },
            );
        }
        let latencies = sqlx::query(
            "SELECT agent_id, latency_ms FROM llm_requests WHERE workspace_id = $1 \
             AND created_at >= $2 AND agent_id IS NOT NULL AND error IS NULL \
             ORDER BY created_at DESC LIMIT $3",
        )
        .bind(workspace_id)
        .bind(since_ms)
        .bind(PERCENTILE_SAMPLE)
        .fetch_all(&self.0.pool)
        .await?;
        let mut by_agent: std::collections::HashMap<String, Vec<i64>> = Default::default();
        for row in latencies {
            by_agent
                .entry(row.try_get("agent_id")?)
                .or_default()
                .push(row.try_get("latency_ms")?);
        }
        for (agent_id, mut values) in by_agent {
            values.sort_unstable();
            let entry = usage.entry(agent_id).or_default();
            let count = values.len() as i64;
            entry.avg_latency_ms = Some(values.iter().sum::<i64>() / count.max(1));
            // Nearest-rank percentile.
            let rank = ((values.len() as f64) * 0.95).ceil() as usize;
            entry.p95_latency_ms = values.get(rank.saturating_sub(1)).copied();
        }
        Ok(usage)
    }

    pub async fn ai_settings(&self, workspace_id: &str) -> StoreResult<AiSettingsRecord> {
        self.0
            .config
            .get_or_load("ai_settings", &[workspace_id], || {
                self.ai_settings_uncached(workspace_id)
            })
            .await
    }

    async fn ai_settings_uncached(&self, workspace_id: &str) -> StoreResult<AiSettingsRecord> {
        let row = sqlx::query(
            "SELECT failover, monthly_budget_micros, budget_alert_month, updated_at \
             FROM ai_settings WHERE workspace_id = $1",
        )
        .bind(workspace_id)
        .fetch_optional(&self.0.pool)
        .await?;
        let Some(row) = row else {
            return Ok(AiSettingsRecord::default());
        };
        let failover: String = row.try_get("failover")?;
        Ok(AiSettingsRecord {
            failover: serde_json::from_str(&failover).unwrap_or_default(),
            monthly_budget_micros: row.try_get("monthly_budget_micros")?,
            budget_alert_month: row.try_get("budget_alert_month")?,
            updated_at: row.try_get("updated_at")?,
        })
    }

    /// Stores the failover order and budget (the alert month is kept).
    pub async fn put_ai_settings(
        &self,
        workspace_id: &str,
        failover: &[String],
        monthly_budget_micros: Option<i64>,
    ) -> StoreResult<()> {
        let failover = serde_json::to_string(failover).map_err(anyhow::Error::from)?;
        sqlx::query(
            "INSERT INTO ai_settings (workspace_id, failover, monthly_budget_micros, \
             budget_alert_month, updated_at) VALUES ($1, $2, $3, NULL, $4) \
             ON CONFLICT (workspace_id) DO UPDATE SET failover = $2, monthly_budget_micros = $3, \
             updated_at = $4",
        )
        .bind(workspace_id)
        .bind(failover)
        .bind(monthly_budget_micros)
        .bind(now_ms())
        .execute(&self.0.pool)
        .await?;
        self.0.config.invalidate();
        Ok(())
    }

    /// Records that the budget alert for `month` fired. Returns `false` when it had already been
    /// recorded for that month (so the alert is raised once, even by concurrent callers).
    pub async fn mark_budget_alert(&self, workspace_id: &str, month: &str) -> StoreResult<bool> {
        sqlx::query(
            "INSERT INTO ai_settings (workspace_id, failover, monthly_budget_micros, \
             budget_alert_month, updated_at) VALUES ($1, '[]', NULL, NULL, $2) \
             ON CONFLICT (workspace_id) DO NOTHING",
        )
        .bind(workspace_id)
        .bind(now_ms())
        .execute(&self.0.pool)
        .await?;
        let result = sqlx::query(
            "UPDATE ai_settings SET budget_alert_month = $1 WHERE workspace_id = $2 \
             AND (budget_alert_month IS NULL OR budget_alert_month <> $1)",
        )
        .bind(month)
        .bind(workspace_id)
        .execute(&self.0.pool)
        .await?;
        self.0.config.invalidate();
        Ok(result.rows_affected() > 0)
    }

    pub async fn provider_keys(&self, workspace_id: &str) -> StoreResult<Vec<ProviderKeyRecord>> {
        self.0
            .config
            .get_or_load("provider_keys", &[workspace_id], || {
                self.provider_keys_uncached(workspace_id)
            })
            .await
    }

    async fn provider_keys_uncached(
        &self,
        workspace_id: &str,
    ) -> StoreResult<Vec<ProviderKeyRecord>> {
        let rows = sqlx::query(
            "SELECT provider, key_ciphertext, key_last4, base_url, updated_at \
             FROM ai_provider_keys WHERE workspace_id = $1 ORDER BY provider",
        )
        .bind(workspace_id)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ProviderKeyRecord {
                    provider: row.try_get("provider")?,
                    key_ciphertext: row.try_get("key_ciphertext")?,
                    key_last4: row.try_get("key_last4")?,
                    base_url: row.try_get("base_url")?,
                    updated_at: row.try_get("updated_at")?,
                })
            })
            .collect()
    }

    /// Inserts or replaces a provider's key and base URL.
    pub async fn put_provider_key(
        &self,
        workspace_id: &str,
        key: &ProviderKeyRecord,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO ai_provider_keys (workspace_id, provider, key_ciphertext, key_last4, \
             base_url, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (workspace_id, provider) DO UPDATE SET key_ciphertext = $3, \
             key_last4 = $4, base_url = $5, updated_at = $6",
        )
        .bind(workspace_id)
        .bind(&key.provider)
        .bind(&key.key_ciphertext)
        .bind(&key.key_last4)
        .bind(&key.base_url)
        .bind(now_ms())
        .execute(&self.0.pool)
        .await?;
        self.0.config.invalidate();
        Ok(())
    }

    pub async fn delete_provider_key(&self, workspace_id: &str, provider: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM ai_provider_keys WHERE workspace_id = $1 AND provider = $2")
            .bind(workspace_id)
            .bind(provider)
            .execute(&self.0.pool)
            .await?;
        self.0.config.invalidate();
        Ok(())
    }

    pub async fn cached(
        &self,
        workspace_id: &str,
        key: &str,
    ) -> StoreResult<Option<CachedGeneration>> {
        let row = sqlx::query(
            "SELECT text, prompt_tokens, completion_tokens FROM llm_cache \
             WHERE workspace_id = $1 AND key = $2",
        )
        .bind(workspace_id)
        .bind(key)
        .fetch_optional(&self.0.pool)
        .await?;
        row.map(|row| {
            Ok(CachedGeneration {
                text: row.try_get("text")?,
                prompt_tokens: row.try_get("prompt_tokens")?,
                completion_tokens: row.try_get("completion_tokens")?,
            })
        })
        .transpose()
    }

    pub async fn cache(
        &self,
        workspace_id: &str,
        key: &str,
        generation: &CachedGeneration,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO llm_cache (key, workspace_id, text, prompt_tokens, completion_tokens, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(workspace_id)
        .bind(&generation.text)
        .bind(generation.prompt_tokens)
        .bind(generation.completion_tokens)
        .bind(now_ms())
        .execute(&self.0.pool)
        .await?;
        Ok(())
    }
}

pub(super) async fn insert_request(
    connection: &mut AnyConnection,
    id: &str,
    request: &NewLlmRequest,
    now: i64,
) -> StoreResult<()> {
    bind_line(
        sqlx::query(concat!(
            llm_request_insert!(),
            "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
        )),
        id,
        request,
        now,
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// Binds a log line's 15 columns in table order (after whatever is bound already).
pub(super) fn bind_line<'q>(
    query: super::AnyQuery<'q>,
    id: &'q str,
    request: &'q NewLlmRequest,
    now: i64,
) -> super::AnyQuery<'q> {
    query
        .bind(id)
        .bind(&request.workspace_id)
        .bind(&request.agent_id)
        .bind(&request.lead_id)
        .bind(&request.provider)
        .bind(&request.model)
        .bind(&request.purpose)
        .bind(request.prompt_tokens)
        .bind(request.completion_tokens)
        .bind(request.latency_ms)
        .bind(request.ttft_ms)
        .bind(request.cost_micros)
        .bind(i64::from(request.cache_hit))
        .bind(&request.error)
        .bind(now)
}
