//! Workspace AI settings (provider keys, base URLs, failover order, monthly budget) and the
//! LLM request log.

use super::error::{ApiError, ApiResult, ErrorBody, FieldErrors};
use super::principal::Principal;
use super::state::AppState;
use crate::domain::Role;
use crate::llm::{ProviderKind, ProviderUpdate};
use crate::store::LlmRequestFilter;
use actix_web::{get, put, web};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct ProviderSettings {
    /// A key (or, for `openai_compatible`, a base URL) is available.
    pub configured: bool,
    /// `workspace` (set here), `env` (server environment) or null.
    pub source: Option<String>,
    /// Last four characters of the key in use; the key itself is never returned.
    pub last4: Option<String>,
    pub base_url: Option<String>,
    pub default_model: String,
    /// The circuit breaker is skipping this provider after repeated failures.
    pub circuit_open: bool,
}

#[derive(Serialize, ToSchema)]
pub struct AiSettings {
    /// By provider name: openrouter, mistral, openai, anthropic, openai_compatible.
    pub providers: BTreeMap<String, ProviderSettings>,
    /// The order providers are tried in (the workspace's, or the default order).
    pub failover: Vec<String>,
    /// True when no provider is usable: replies come from the offline responder.
    pub offline: bool,
    pub monthly_budget_usd: Option<f64>,
    pub month_to_date_usd: f64,
    /// `YYYY-MM`.
    pub month: String,
    /// The month the budget alert (80 % of the budget) last fired, `YYYY-MM`.
    pub budget_alert_month: Option<String>,
    /// The alert fired this month.
    pub budget_alert: bool,
}

/// Distinguishes "field absent" (outer `None`) from "field set to null" (`Some(None)`).
fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ProviderSettingsInput {
    /// Write-only. A string sets the workspace's key (stored encrypted), `null` removes it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub api_key: Option<Option<String>>,
    /// `http(s)://…`; `null` goes back to the default endpoint.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub base_url: Option<Option<String>>,
}

/// Every field is optional: only the given ones change.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AiSettingsInput {
    #[serde(default)]
    pub providers: BTreeMap<String, ProviderSettingsInput>,
    /// Provider names in the order to try them; `[]` restores the default order.
    pub failover: Option<Vec<String>>,
    /// USD per calendar month (UTC); `null` removes the budget.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<f64>)]
    pub monthly_budget_usd: Option<Option<f64>>,
}

async fn current(state: &AppState, workspace_id: &str) -> ApiResult<AiSettings> {
    let llm = &state.llm;
    let statuses = llm
        .provider_status(workspace_id)
        .await
        .map_err(super::agents::llm_error)?;
    let stored = state.store.llm().ai_settings(workspace_id).await?;
    let (spent, month) = llm
        .month_to_date(workspace_id)
        .await
        .map_err(super::agents::llm_error)?;
    let failover = if stored.failover.is_empty() {
        ProviderKind::ALL
            .iter()
            .map(|k| k.as_str().to_string())
            .collect()
    } else {
        stored.failover.clone()
    };
    let offline = !statuses
        .iter()
        .any(|s| s.configured && failover.iter().any(|f| f == s.provider.as_str()));
    let providers = statuses
        .into_iter()
        .map(|s| {
            (
                s.provider.as_str().to_string(),
                ProviderSettings {
                    configured: s.configured,
                    source: s.source.map(str::to_string),
                    last4: s.last4,
                    base_url: s.base_url,
                    default_model: s.default_model,
                    circuit_open: s.circuit_open,
                },
            )
        })
        .collect();
    Ok(AiSettings {
        providers,
        failover,
        offline,
        monthly_budget_usd: stored.monthly_budget_micros.map(|m| m as f64 / 1e6),
        month_to_date_usd: spent as f64 / 1e6,
        budget_alert: stored.budget_alert_month.as_deref() == Some(month.as_str()),
        month,
        budget_alert_month: stored.budget_alert_month,
    })
}

#[utoipa::path(tag = "ai", responses((status = 200, body = AiSettings)), security(("bearer" = [])))]
#[get("/api/settings/ai")]
pub async fn get_ai_settings(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<AiSettings>> {
    Ok(web::Json(current(&state, &principal.workspace_id).await?))
}

fn valid_base_url(url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://"))
        && url.len() <= 500
        && !url.chars().any(char::is_whitespace)
}

#[utoipa::path(tag = "ai", request_body = AiSettingsInput, responses((status = 200, body = AiSettings), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[put("/api/settings/ai")]
pub async fn put_ai_settings(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<AiSettingsInput>,
) -> ApiResult<web::Json<AiSettings>> {
    principal.require(Role::Admin)?;
    let body = body.into_inner();
    let mut errors = FieldErrors::default();
    let mut updates: Vec<(ProviderKind, ProviderUpdate)> = Vec::new();
    for (name, input) in body.providers {
        let field = format!("providers.{name}");
        let Some(kind) = ProviderKind::parse(&name) else {
            errors.add(
                &field,
                "not a provider (use openrouter, mistral, openai, anthropic or openai_compatible)",
            );
            continue;
        };
        let api_key = input
            .api_key
            .map(|key| key.map(|k| k.trim().to_string()).filter(|k| !k.is_empty()));
        if let Some(Some(key)) = &api_key
            && (key.len() > 500 || key.chars().any(char::is_whitespace))
        {
            errors.add(
                &format!("{field}.api_key"),
                "a key is at most 500 characters without spaces",
            );
        }
        let base_url = input.base_url.map(|url| {
            url.map(|u| u.trim().trim_end_matches('/').to_string())
                .filter(|u| !u.is_empty())
        });
        if let Some(Some(url)) = &base_url
            && !valid_base_url(url)
        {
            errors.add(
                &format!("{field}.base_url"),
                "use an http:// or https:// URL without spaces",
            );
        }
        updates.push((kind, ProviderUpdate { api_key, base_url }));
    }
    if let Some(failover) = &body.failover {
        for (index, name) in failover.iter().enumerate() {
            if ProviderKind::parse(name).is_none() {
                errors.add(
                    &format!("failover[{index}]"),
                    format!("'{name}' is not a provider"),
                );
            } else if failover[..index].contains(name) {
                errors.add(
                    &format!("failover[{index}]"),
                    format!("'{name}' is listed twice"),
                );
            }
        }
    }
    if let Some(Some(budget)) = body.monthly_budget_usd
        && !(budget.is_finite() && (0.0..=1_000_000.0).contains(&budget))
    {
        errors.add(
            "monthly_budget_usd",
            "use a number from 0 to 1000000, or null for no budget",
        );
    }
    errors.finish()?;

    for (kind, update) in updates {
        state
            .llm
            .update_provider(&principal.workspace_id, kind, update)
            .await
            .map_err(super::agents::llm_error)?;
    }
    if body.failover.is_some() || body.monthly_budget_usd.is_some() {
        let stored = state
            .store
            .llm()
            .ai_settings(&principal.workspace_id)
            .await?;
        let failover = body.failover.unwrap_or(stored.failover);
        let budget = match body.monthly_budget_usd {
            Some(budget) => budget.map(|usd| (usd * 1e6).round() as i64),
            None => stored.monthly_budget_micros,
        };
        state
            .store
            .llm()
            .put_ai_settings(&principal.workspace_id, &failover, budget)
            .await?;
    }
    Ok(web::Json(current(&state, &principal.workspace_id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct LlmRequest {
    pub id: String,
    pub provider: String,
    pub model: String,
    /// reply | suggest | test
    pub purpose: String,
    pub agent_id: Option<String>,
    pub lead_id: Option<String>,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub latency_ms: i64,
    pub ttft_ms: Option<i64>,
    pub cost_usd: f64,
    pub cache_hit: bool,
    /// Why the attempt failed (`http_500: …`, `timeout_first_token: …`, `circuit_open: …`).
    pub error: Option<String>,
    /// Epoch milliseconds.
    pub created_at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct LlmRequestList {
    pub items: Vec<LlmRequest>,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LlmRequestQuery {
    pub agent_id: Option<String>,
    pub lead_id: Option<String>,
    /// 1–500, default 100.
    pub limit: Option<i64>,
}

#[utoipa::path(tag = "ai", params(LlmRequestQuery), responses((status = 200, body = LlmRequestList), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/llm-requests")]
pub async fn list_llm_requests(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<LlmRequestQuery>,
) -> ApiResult<web::Json<LlmRequestList>> {
    let limit = query.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::field("limit", "use a number from 1 to 500"));
    }
    let filter = LlmRequestFilter {
        agent_id: query.agent_id.clone().filter(|a| !a.is_empty()),
        lead_id: query.lead_id.clone().filter(|l| !l.is_empty()),
        limit,
    };
    let records = state
        .store
        .llm()
        .list_requests(&principal.workspace_id, &filter)
        .await?;
    Ok(web::Json(LlmRequestList {
        items: records
            .into_iter()
            .map(|r| LlmRequest {
                id: r.id,
                provider: r.provider,
                model: r.model,
                purpose: r.purpose,
                agent_id: r.agent_id,
                lead_id: r.lead_id,
                prompt_tokens: r.prompt_tokens,
                completion_tokens: r.completion_tokens,
                latency_ms: r.latency_ms,
                ttft_ms: r.ttft_ms,
                cost_usd: r.cost_micros as f64 / 1e6,
                cache_hit: r.cache_hit,
                error: r.error,
                created_at: r.created_at,
            })
            .collect(),
    }))
}
