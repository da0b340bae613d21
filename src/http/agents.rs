//! AI agents: CRUD (admins write, everyone reads) and the test console, which answers as JSON
//! or streams the reply as Server-Sent Events (`delta`, then `done` or `error`).

use super::error::{ApiError, ApiResult, ErrorBody, FieldErrors};
use super::principal::Principal;
use super::state::AppState;
use crate::domain::Role;
use crate::llm::{Generation, LeadFacts, LlmError, Purpose, ReplyContext, Speaker, Turn};
use crate::store::{AgentInput, AgentRecord, AgentUsage, StoreError};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde::{Deserialize, Deserializer, Serialize};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use utoipa::ToSchema;

pub const PROVIDERS: [&str; 7] = [
    "auto",
    "openrouter",
    "mistral",
    "openai",
    "anthropic",
    "openai_compatible",
    "offline",
];
pub const AUTONOMY_LEVELS: [&str; 3] = ["draft_only", "approve", "autonomous"];
/// Channels a conversation (and so an agent) can act on; `sandbox` is the lead simulator.
pub const CHANNELS: [&str; 6] = ["sandbox", "email", "sms", "whatsapp", "voice", "linkedin"];

fn parse_channel(raw: &str) -> Result<&'static str, String> {
    let lower = raw.trim().to_lowercase();
    CHANNELS.into_iter().find(|c| *c == lower).ok_or_else(|| {
        format!(
            "'{raw}' is not a channel (use one of {})",
            CHANNELS.join(", ")
        )
    })
}

#[derive(Serialize, ToSchema)]
pub struct Agent {
    pub id: String,
    pub name: String,
    pub persona_id: Option<String>,
    /// auto | openrouter | mistral | openai | anthropic | openai_compatible | offline
    pub provider: String,
    pub model: Option<String>,
    /// 0–2.
    pub temperature: f64,
    /// draft_only | approve | autonomous
    pub autonomy: String,
    pub channels: Vec<String>,
    pub daily_limit: i64,
    pub enabled: bool,
    /// Outbound messages this agent wrote since midnight UTC.
    pub sent_today: i64,
    /// Generation figures over the last 30 days (from the LLM request log).
    pub metrics: AgentMetrics,
    /// Epoch milliseconds.
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Serialize, ToSchema, Default)]
pub struct AgentMetrics {
    pub window_days: i64,
    /// Successful generations (provider, cache or offline).
    pub generations: i64,
    /// Failed provider attempts, including skips while a circuit was open.
    pub failed_attempts: i64,
    pub avg_latency_ms: Option<i64>,
    pub p95_latency_ms: Option<i64>,
    pub cost_usd: f64,
}

const METRICS_WINDOW_DAYS: i64 = 30;

async fn usage(
    state: &AppState,
    workspace_id: &str,
) -> ApiResult<std::collections::HashMap<String, AgentUsage>> {
    let since = crate::store::now_ms() - METRICS_WINDOW_DAYS * 24 * 3600 * 1000;
    Ok(state.store.llm().agent_usage(workspace_id, since).await?)
}

fn metrics(usage: Option<&AgentUsage>) -> AgentMetrics {
    let usage = usage.cloned().unwrap_or_default();
    AgentMetrics {
        window_days: METRICS_WINDOW_DAYS,
        generations: usage.generations,
        failed_attempts: usage.failed_attempts,
        avg_latency_ms: usage.avg_latency_ms,
        p95_latency_ms: usage.p95_latency_ms,
        cost_usd: usage.cost_micros as f64 / 1e6,
    }
}

async fn to_agent(state: &AppState, record: AgentRecord, usage: Option<&AgentUsage>) -> Agent {
    let sent_today = match state
        .store
        .agents()
        .sent_today(&record.workspace_id, &record.id)
        .await
    {
        Ok(count) => count,
        Err(error) => {
            // The figure is informational; an agent stays readable if counting fails.
            tracing::warn!(agent_id = %record.id, error = %error, "counting today's sends");
            0
        }
    };
    Agent {
        id: record.id,
        name: record.name,
        persona_id: record.persona_id,
        provider: record.provider,
        model: record.model,
        temperature: record.temperature,
        autonomy: record.autonomy,
        channels: record.channels,
        daily_limit: record.daily_limit,
        enabled: record.enabled,
        sent_today,
        metrics: metrics(usage),
        created_at: record.created_at,
        updated_at: record.updated_at,
    }
}

#[derive(Serialize, ToSchema)]
pub struct AgentList {
    pub items: Vec<Agent>,
}

/// Distinguishes "field absent" (outer `None`) from "field set to null" (`Some(None)`).
fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Body of POST (every field but `name` has a default) and PATCH (only the given fields change;
/// `null` clears `persona_id` or `model`).
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AgentRequest {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub persona_id: Option<Option<String>>,
    /// Default `auto`.
    pub provider: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub model: Option<Option<String>>,
    /// 0–2, default 0.7.
    pub temperature: Option<f64>,
    /// Default `draft_only`.
    pub autonomy: Option<String>,
    /// Default `["sandbox"]`.
    pub channels: Option<Vec<String>>,
    /// 0–100000, default 100.
    pub daily_limit: Option<i64>,
    /// Default true.
    pub enabled: Option<bool>,
}

/// Applies the request on top of `base`, collecting every field error.
async fn apply(
    state: &AppState,
    workspace_id: &str,
    mut base: AgentInput,
    body: AgentRequest,
) -> ApiResult<AgentInput> {
    let mut errors = FieldErrors::default();
    if let Some(name) = body.name {
        let name = name.trim().to_string();
        if name.is_empty() || name.chars().count() > 100 {
            errors.add("name", "enter a name of 1 to 100 characters");
        }
        base.name = name;
    }
    if let Some(persona_id) = body.persona_id {
        let persona_id = persona_id
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty());
        if let Some(id) = &persona_id
            && !state
                .store
                .agents()
                .persona_exists(workspace_id, id)
                .await?
        {
            errors.add("persona_id", "no persona with this id in the workspace");
        }
        base.persona_id = persona_id;
    }
    if let Some(provider) = body.provider {
        if !PROVIDERS.contains(&provider.as_str()) {
            errors.add(
                "provider",
                format!(
                    "'{provider}' is not a provider (use one of {})",
                    PROVIDERS.join(", ")
                ),
            );
        }
        base.provider = provider;
    }
    if let Some(model) = body.model {
        let model = model
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty());
        if model.as_ref().is_some_and(|m| m.len() > 200) {
            errors.add("model", "use a model name of at most 200 characters");
        }
        base.model = model;
    }
    if let Some(temperature) = body.temperature {
        if !(0.0..=2.0).contains(&temperature) {
            errors.add("temperature", "use a number from 0 to 2");
        }
        base.temperature = temperature;
    }
    if let Some(autonomy) = body.autonomy {
        if !AUTONOMY_LEVELS.contains(&autonomy.as_str()) {
            errors.add(
                "autonomy",
                format!(
                    "'{autonomy}' is not an autonomy level (use {})",
                    AUTONOMY_LEVELS.join(", ")
                ),
            );
        }
        base.autonomy = autonomy;
    }
    if let Some(channels) = body.channels {
        let mut parsed: Vec<String> = Vec::new();
        for raw in &channels {
            match parse_channel(raw) {
                Ok(channel) => {
                    if !parsed.iter().any(|c| c == channel) {
                        parsed.push(channel.to_string());
                    }
                }
                Err(problem) => errors.add("channels", problem),
            }
        }
        base.channels = parsed;
    }
    if let Some(limit) = body.daily_limit {
        if !(0..=100_000).contains(&limit) {
            errors.add("daily_limit", "use a number from 0 to 100000");
        }
        base.daily_limit = limit;
    }
    if let Some(enabled) = body.enabled {
        base.enabled = enabled;
    }
    errors.finish()?;
    Ok(base)
}

fn agent_error(error: StoreError) -> ApiError {
    match error {
        StoreError::Conflict(_) => ApiError::conflict(
            "duplicate_agent",
            "An agent with this name already exists in the workspace; choose another name.",
        )
        .with_details(serde_json::json!({"field": "name"})),
        StoreError::NotFound => ApiError::not_found("Agent"),
        other => other.into(),
    }
}

#[utoipa::path(tag = "agents", responses((status = 200, body = AgentList)), security(("bearer" = [])))]
#[get("/api/agents")]
pub async fn list_agents(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<AgentList>> {
    let records = state.store.agents().list(&principal.workspace_id).await?;
    let usage = usage(&state, &principal.workspace_id).await?;
    let mut items = Vec::with_capacity(records.len());
    for record in records {
        let figures = usage.get(&record.id);
        items.push(to_agent(&state, record, figures).await);
    }
    Ok(web::Json(AgentList { items }))
}

#[utoipa::path(tag = "agents", request_body = AgentRequest, responses((status = 201, body = Agent), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/agents")]
pub async fn create_agent(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<AgentRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Admin)?;
    let body = body.into_inner();
    if body.name.is_none() {
        return Err(ApiError::field(
            "name",
            "enter a name of 1 to 100 characters",
        ));
    }
    let defaults = AgentInput {
        name: String::new(),
        persona_id: None,
        provider: "auto".into(),
        model: None,
        temperature: 0.7,
        autonomy: "draft_only".into(),
        channels: vec!["sandbox".into()],
        daily_limit: 100,
        enabled: true,
    };
    let input = apply(&state, &principal.workspace_id, defaults, body).await?;
    let record = state
        .store
        .agents()
        .create(&principal.workspace_id, &input)
        .await
        .map_err(agent_error)?;
    Ok(HttpResponse::Created().json(to_agent(&state, record, None).await))
}

#[utoipa::path(tag = "agents", params(("id" = String, Path, description = "Agent id")), responses((status = 200, body = Agent), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/agents/{id}")]
pub async fn get_agent(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<Agent>> {
    let record = state
        .store
        .agents()
        .get(&principal.workspace_id, &path)
        .await
        .map_err(agent_error)?;
    let usage = usage(&state, &principal.workspace_id).await?;
    let figures = usage.get(&record.id);
    Ok(web::Json(to_agent(&state, record, figures).await))
}

#[utoipa::path(tag = "agents", request_body = AgentRequest, params(("id" = String, Path, description = "Agent id")), responses((status = 200, body = Agent), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[patch("/api/agents/{id}")]
pub async fn update_agent(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<AgentRequest>,
) -> ApiResult<web::Json<Agent>> {
    principal.require(Role::Admin)?;
    let current = state
        .store
        .agents()
        .get(&principal.workspace_id, &path)
        .await
        .map_err(agent_error)?;
    let input = apply(
        &state,
        &principal.workspace_id,
        AgentInput::from_record(&current),
        body.into_inner(),
    )
    .await?;
    let record = state
        .store
        .agents()
        .update(&principal.workspace_id, &path, &input)
        .await
        .map_err(agent_error)?;
    let usage = usage(&state, &principal.workspace_id).await?;
    let figures = usage.get(&record.id);
    Ok(web::Json(to_agent(&state, record, figures).await))
}

#[utoipa::path(tag = "agents", params(("id" = String, Path, description = "Agent id")), responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[delete("/api/agents/{id}")]
pub async fn delete_agent(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Admin)?;
    state
        .store
        .agents()
        .delete(&principal.workspace_id, &path)
        .await
        .map_err(agent_error)?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgentTestRequest {
    /// What the (imaginary or real) lead says.
    pub message: String,
    /// Answer as if to this lead (their name, company, stage); a sample lead otherwise.
    pub lead_id: Option<String>,
    /// The channel the message arrives on; default `sandbox`.
    pub channel: Option<String>,
}

/// The test console's answer (also the `done` event of the stream).
#[derive(Serialize, ToSchema)]
pub struct AgentTestResult {
    pub text: String,
    /// `offline` or `provider:model`.
    pub generator: String,
    /// Written by the offline responder, not an LLM.
    pub offline: bool,
    pub latency_ms: i64,
    pub ttft_ms: Option<i64>,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub cost_usd: f64,
    pub cache_hit: bool,
}

impl From<Generation> for AgentTestResult {
    fn from(g: Generation) -> Self {
        Self {
            text: g.text,
            generator: g.generator,
            offline: g.offline,
            latency_ms: g.latency_ms,
            ttft_ms: g.ttft_ms,
            prompt_tokens: g.prompt_tokens,
            completion_tokens: g.completion_tokens,
            cost_usd: g.cost_usd,
            cache_hit: g.cache_hit,
        }
    }
}

/// Maps the AI layer's errors to the HTTP code table.
pub fn llm_error(error: LlmError) -> ApiError {
    use actix_web::http::StatusCode;
    match error {
        LlmError::AgentNotFound => ApiError::not_found("Agent"),
        LlmError::BudgetExceeded { .. } => ApiError::new(
            StatusCode::PAYMENT_REQUIRED,
            "budget_exceeded",
            error.to_string(),
        ),
        LlmError::AllProvidersFailed(detail) => ApiError::new(
            StatusCode::BAD_GATEWAY,
            "llm_unavailable",
            "Every configured LLM provider failed; see details and GET /api/llm-requests.",
        )
        .with_details(serde_json::json!({ "providers": detail })),
        LlmError::Cancelled => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "cancelled",
            "The generation was cancelled.",
        ),
        LlmError::Unexpected(error) => ApiError::internal(error),
    }
}

fn wants_event_stream(request: &HttpRequest) -> bool {
    request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/event-stream"))
}

fn sse_frame(event: &str, data: &serde_json::Value) -> web::Bytes {
    web::Bytes::from(format!("event: {event}\ndata: {data}\n\n"))
}

#[utoipa::path(
    tag = "agents",
    request_body = AgentTestRequest,
    params(("id" = String, Path, description = "Agent id")),
    responses(
        (status = 200, body = AgentTestResult, description = "The reply. With `Accept: text/event-stream`: SSE events `delta` (`{\"text\"}`), then `done` (this object) or `error` (`{\"code\", \"message\"}`)."),
        (status = 402, body = ErrorBody, description = "Monthly AI budget used up"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody, description = "Every provider failed")
    ),
    security(("bearer" = []))
)]
#[post("/api/agents/{id}/test")]
pub async fn test_agent(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    request: HttpRequest,
    body: web::Json<AgentTestRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let body = body.into_inner();
    let mut errors = FieldErrors::default();
    let message = body.message.trim().to_string();
    if message.is_empty() || message.chars().count() > 4000 {
        errors.add("message", "enter a message of 1 to 4000 characters");
    }
    let channel = match body.channel.as_deref().map(parse_channel) {
        Some(Ok(channel)) => channel,
        Some(Err(problem)) => {
            errors.add("channel", problem);
            "sandbox"
        }
        None => "sandbox",
    };
    errors.finish()?;
    let agent = state
        .store
        .agents()
        .get(&principal.workspace_id, &path)
        .await
        .map_err(agent_error)?;
    let lead = match body.lead_id.as_deref() {
        Some(lead_id) => {
            let lead = state
                .store
                .leads()
                .find(&principal.workspace_id, lead_id)
                .await?
                .ok_or_else(|| {
                    ApiError::field("lead_id", "no lead with this id in the workspace")
                })?;
            LeadFacts {
                first_name: lead.first_name,
                full_name: lead.full_name,
                company: lead.company_name,
                title: lead.title,
                stage: lead.stage.as_str().to_string(),
            }
        }
        None => LeadFacts {
            first_name: Some("Alex".into()),
            full_name: "Alex Sample".into(),
            company: Some("Sample Co".into()),
            title: None,
            stage: "contacted".into(),
        },
    };
    let ctx = ReplyContext {
        workspace_id: principal.workspace_id.clone(),
        agent_id: Some(agent.id),
        lead_id: body.lead_id,
        purpose: Purpose::Test,
        lead,
        thread: vec![Turn {
            speaker: Speaker::Lead,
            channel: channel.to_string(),
            text: message,
        }],
    };

    let (deltas, mut receiver) = mpsc::channel::<String>(256);
    let cancel = CancellationToken::new();
    if !wants_event_stream(&request) {
        // Deltas are not needed here; drain them so the generator never waits.
        let drain = tokio::spawn(async move { while receiver.recv().await.is_some() {} });
        let result = state.llm.reply(ctx, deltas, cancel).await;
        let _ = drain.await;
        let generation = result.map_err(llm_error)?;
        return Ok(HttpResponse::Ok().json(AgentTestResult::from(generation)));
    }

    // Streamed: the generation runs in its own task and is cancelled when the client leaves
    // (the response stream, and with it the guard, is dropped).
    let llm = state.llm.clone();
    let generation_cancel = cancel.clone();
    let mut generation =
        tokio::spawn(async move { llm.reply(ctx, deltas, generation_cancel).await });
    let guard = cancel.drop_guard();
    let stream = async_stream_frames(move |sender| async move {
        let _guard = guard;
        while let Some(text) = receiver.recv().await {
            if sender
                .send(sse_frame("delta", &serde_json::json!({ "text": text })))
                .await
                .is_err()
            {
                return;
            }
        }
        let last = match (&mut generation).await {
            Ok(Ok(result)) => sse_frame(
                "done",
                &serde_json::to_value(AgentTestResult::from(result)).unwrap_or_default(),
            ),
            Ok(Err(error)) => {
                let api_error = llm_error(error);
                sse_frame(
                    "error",
                    &serde_json::json!({"code": api_error.code, "message": api_error.message, "details": api_error.details}),
                )
            }
            Err(join_error) => {
                tracing::error!(error = %join_error, "agent test generation task failed");
                sse_frame(
                    "error",
                    &serde_json::json!({"code": "internal_error", "message": "The generation failed unexpectedly."}),
                )
            }
        };
        let _ = sender.send(last).await;
    });
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/event-stream"))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        // Compression would buffer the stream; the Compress middleware leaves encoded bodies alone.
        .insert_header((header::CONTENT_ENCODING, "identity"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(stream))
}

/// A response body fed by a producer task through a small channel (no extra crate needed).
fn async_stream_frames<F, Fut>(
    producer: F,
) -> impl futures_util::Stream<Item = Result<web::Bytes, actix_web::Error>>
where
    F: FnOnce(mpsc::Sender<web::Bytes>) -> Fut,
    Fut: std::future::Future<Output = ()> + 'static,
{
    let (sender, receiver) = mpsc::channel::<web::Bytes>(16);
    actix_web::rt::spawn(producer(sender));
    futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|bytes| (Ok(bytes), receiver))
    })
}
