//! Campaigns (a published workflow version + an audience + limits) and their runs: create,
//! edit, launch, pause/resume, enrol; the runs list and a run with its node runs; per-run
//! pause/resume/cancel/retry; stats. The engine (`workflows::engine`) moves the runs.

use super::dto::iso_opt;
use super::error::{ApiError, ApiResult, ErrorBody, FieldErrors};
use super::principal::Principal;
use super::state::AppState;
use super::workflows::{self, ValidationReport};
use crate::domain::{Channel, Role, Stage};
use crate::store::{
    CampaignInput, CampaignRecord, LeadFilter, NodeRunRecord, RunAction, RunOutcome, RunRecord,
};
use crate::workflows::graph::Graph;
use crate::workflows::validate::{AudienceFacts, has_errors, validate as validate_graph};
use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// Leads one enrolment may add (larger audiences: enrol in several calls).
const MAX_ENROL: usize = 100_000;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignRequest {
    pub name: Option<String>,
    pub workflow_id: Option<String>,
    /// `{"kind": "manual", "lead_ids": [...]}` or `{"kind": "segment", "filter": {...}}`.
    #[schema(value_type = Option<Object>)]
    pub audience: Option<Value>,
    #[schema(value_type = Option<Object>)]
    pub schedule: Option<Value>,
    pub daily_cap: Option<i64>,
    pub per_mailbox_daily_cap: Option<i64>,
    pub hourly_throttle: Option<i64>,
}

fn campaign_json(c: &CampaignRecord) -> Value {
    json!({
        "id": c.id, "name": c.name, "workflow_id": c.workflow_id,
        "workflow_version": c.workflow_version, "status": c.status, "audience": c.audience,
        "schedule": c.schedule, "daily_cap": c.daily_cap,
        "per_mailbox_daily_cap": c.per_mailbox_daily_cap, "hourly_throttle": c.hourly_throttle,
        "created_at": c.created_at, "updated_at": c.updated_at, "launched_at": c.launched_at,
        "paused_at": c.paused_at,
    })
}

fn run_json(r: &RunRecord) -> Value {
    json!({
        "id": r.id, "campaign_id": r.campaign_id, "workflow_id": r.workflow_id,
        "workflow_version": r.workflow_version, "lead_id": r.lead_id, "lead_name": r.lead_name,
        "status": r.status, "current_node": r.current_node, "wake_at": r.wake_at,
        "exit_reason": r.exit_reason, "error": r.error, "started_at": r.started_at,
        "finished_at": r.finished_at, "updated_at": iso_opt(Some(r.updated_at)),
    })
}

fn node_run_json(n: &NodeRunRecord) -> Value {
    json!({
        "node_id": n.node_id, "node_type": n.node_type, "status": n.status,
        "attempt": n.attempt, "branch": n.branch, "input": n.input, "output": n.output,
        "error": n.error, "log": n.log, "started_at": n.started_at, "finished_at": n.finished_at,
    })
}

/// Checks a request against the current campaign (if any) and returns the full input.
async fn validate(
    state: &AppState,
    workspace_id: &str,
    current: Option<&CampaignRecord>,
    body: CampaignRequest,
) -> ApiResult<CampaignInput> {
    let mut errors = FieldErrors::default();
    let name = body
        .name
        .or_else(|| current.map(|c| c.name.clone()))
        .unwrap_or_default()
        .trim()
        .to_string();
    if name.is_empty() || name.chars().count() > 200 {
        errors.add("name", "use 1 to 200 characters");
    }
    let workflow_id = body
        .workflow_id
        .or_else(|| current.map(|c| c.workflow_id.clone()))
        .unwrap_or_default();
    if workflow_id.is_empty()
        || !state
            .store
            .campaigns()
            .workflow_exists(workspace_id, &workflow_id)
            .await?
    {
        errors.add("workflow_id", "choose a workflow of this workspace");
    }
    let audience = body
        .audience
        .or_else(|| current.map(|c| c.audience.clone()))
        .unwrap_or_else(|| json!({"kind": "manual", "lead_ids": []}));
    match audience_kind(&audience) {
        Err(problem) => errors.add("audience", problem),
        Ok("csv") => {
            let import_id = audience["import_id"].as_str().unwrap_or_default();
            if state
                .store
                .imports()
                .find(workspace_id, import_id)
                .await?
                .is_none()
            {
                errors.add(
                    "audience.import_id",
                    "no import with this id in the workspace",
                );
            }
        }
        Ok(_) => {}
    }
    let schedule = body
        .schedule
        .or_else(|| current.map(|c| c.schedule.clone()))
        .unwrap_or_else(|| json!({}));
    if !schedule.is_object() {
        errors.add(
            "schedule",
            "give an object: {\"days\", \"start_minute\", \"end_minute\", \"start_at\"}",
        );
    } else if (schedule.get("days").is_some() || schedule.get("start_minute").is_some())
        && crate::workflows::engine::facts::campaign_window(Some(&CampaignRecord {
            schedule: schedule.clone(),
            ..placeholder_campaign()
        }))
        .is_none()
    {
        errors.add(
            "schedule",
            "days are mon..sun separated by commas; start_minute < end_minute within 0..1440",
        );
    }
    let cap = |errors: &mut FieldErrors, field: &str, value: Option<i64>| {
        if value.is_some_and(|v| v < 1) {
            errors.add(
                field,
                "use a whole number of at least 1, or leave it out for no cap",
            );
        }
        value
    };
    let daily_cap = cap(
        &mut errors,
        "daily_cap",
        body.daily_cap.or(current.and_then(|c| c.daily_cap)),
    );
    let per_mailbox_daily_cap = cap(
        &mut errors,
        "per_mailbox_daily_cap",
        body.per_mailbox_daily_cap
            .or(current.and_then(|c| c.per_mailbox_daily_cap)),
    );
    let hourly_throttle = cap(
        &mut errors,
        "hourly_throttle",
        body.hourly_throttle
            .or(current.and_then(|c| c.hourly_throttle)),
    );
    errors.finish()?;
    Ok(CampaignInput {
        name,
        workflow_id,
        audience,
        schedule,
        daily_cap,
        per_mailbox_daily_cap,
        hourly_throttle,
    })
}

fn placeholder_campaign() -> CampaignRecord {
    CampaignRecord {
        id: String::new(),
        workspace_id: String::new(),
        name: String::new(),
        workflow_id: String::new(),
        workflow_version: None,
        status: String::new(),
        audience: Value::Null,
        schedule: Value::Null,
        daily_cap: None,
        per_mailbox_daily_cap: None,
        hourly_throttle: None,
        created_by: None,
        created_at: 0,
        updated_at: 0,
        launched_at: None,
        paused_at: None,
    }
}

fn audience_kind(audience: &Value) -> Result<&str, String> {
    match audience["kind"].as_str() {
        Some("manual") if audience["lead_ids"].is_array() => Ok("manual"),
        Some("segment") if audience["filter"].is_object() => Ok("segment"),
        Some("csv") if audience["import_id"].as_str().is_some_and(|id| !id.is_empty()) => Ok("csv"),
        Some("csv") => Err("a CSV audience names its import: {\"kind\": \"csv\", \"import_id\": \"...\"} (upload the file with POST /api/leads/import first)".into()),
        _ => Err("use {\"kind\": \"manual\", \"lead_ids\": [...]}, {\"kind\": \"segment\", \"filter\": {\"stage\", \"tag\", \"q\"}} or {\"kind\": \"csv\", \"import_id\": \"...\"}".into()),
    }
}

/// The lead ids an audience names (a segment uses the leads list's filter).
async fn audience_leads(
    state: &AppState,
    workspace_id: &str,
    audience: &Value,
) -> ApiResult<Vec<String>> {
    match audience_kind(audience).map_err(|p| ApiError::field("audience", p))? {
        "manual" => Ok(audience["lead_ids"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()),
        "csv" => {
            let import_id = audience["import_id"].as_str().unwrap_or_default();
            state
                .store
                .imports()
                .lead_ids(workspace_id, import_id)
                .await?
                .ok_or_else(|| {
                    ApiError::field(
                        "audience.import_id",
                        "no import with this id in the workspace",
                    )
                })
        }
        _ => {
            let filter = &audience["filter"];
            let stage = match filter["stage"].as_str() {
                Some(raw) => Some(Stage::parse(raw).map_err(|_| {
                    ApiError::field("audience.filter.stage", "not a stage; see GET /api/leads")
                })?),
                None => None,
            };
            let lead_filter = LeadFilter {
                query: filter["q"].as_str().map(str::to_string),
                stage,
                tag: filter["tag"].as_str().map(str::to_string),
                ..LeadFilter::default()
            };
            let mut ids = Vec::new();
            loop {
                let (page, total) = state
                    .store
                    .leads()
                    .list(workspace_id, &lead_filter, 500, ids.len() as i64)
                    .await?;
                let done = page.is_empty();
                ids.extend(page.into_iter().map(|l| l.id));
                if done || ids.len() as i64 >= total || ids.len() >= MAX_ENROL {
                    return Ok(ids);
                }
            }
        }
    }
}

pub(super) async fn campaign(
    state: &AppState,
    principal: &Principal,
    id: &str,
) -> ApiResult<CampaignRecord> {
    state
        .store
        .campaigns()
        .get(&principal.workspace_id, id)
        .await
        .map_err(|_| ApiError::not_found("campaign"))
}

#[utoipa::path(tag = "campaigns", responses((status = 200, body = Object)), security(("bearer" = [])))]
#[get("/api/campaigns")]
pub async fn list_campaigns(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<HttpResponse> {
    let items: Vec<Value> = state
        .store
        .campaigns()
        .list(&principal.workspace_id)
        .await?
        .iter()
        .map(campaign_json)
        .collect();
    Ok(HttpResponse::Ok().json(json!({"items": items})))
}

#[utoipa::path(tag = "campaigns", request_body = CampaignRequest, responses((status = 201, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/campaigns")]
pub async fn create_campaign(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<CampaignRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let input = validate(&state, &principal.workspace_id, None, body.into_inner()).await?;
    let created = state
        .store
        .campaigns()
        .create(&principal.workspace_id, Some(&principal.user_id), &input)
        .await?;
    Ok(HttpResponse::Created().json(campaign_json(&created)))
}

#[utoipa::path(tag = "campaigns", params(("id" = String, Path)), responses((status = 200, body = Object), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/campaigns/{id}")]
pub async fn get_campaign(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let found = campaign(&state, &principal, &path).await?;
    Ok(HttpResponse::Ok().json(campaign_json(&found)))
}

#[utoipa::path(tag = "campaigns", params(("id" = String, Path)), request_body = CampaignRequest, responses((status = 200, body = Object), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[patch("/api/campaigns/{id}")]
pub async fn update_campaign(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<CampaignRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let found = campaign(&state, &principal, &path).await?;
    if !matches!(found.status.as_str(), "draft" | "paused") {
        return Err(ApiError::conflict(
            "campaign_not_editable",
            format!("the campaign is {}; pause it to edit it", found.status),
        ));
    }
    let input = validate(
        &state,
        &principal.workspace_id,
        Some(&found),
        body.into_inner(),
    )
    .await?;
    let updated = state
        .store
        .campaigns()
        .update(&principal.workspace_id, &found.id, &input)
        .await?;
    Ok(HttpResponse::Ok().json(campaign_json(&updated)))
}

#[utoipa::path(tag = "campaigns", params(("id" = String, Path)), responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
#[delete("/api/campaigns/{id}")]
pub async fn delete_campaign(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let found = campaign(&state, &principal, &path).await?;
    if found.status != "draft" {
        return Err(ApiError::conflict(
            "campaign_launched",
            "only a draft campaign can be deleted; pause a launched one instead",
        ));
    }
    state
        .store
        .campaigns()
        .delete(&principal.workspace_id, &found.id)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Parses a published graph and finds its trigger.
fn start_node(graph_text: &str) -> ApiResult<String> {
    let graph: Graph = serde_json::from_str(graph_text)
        .map_err(|e| ApiError::internal(anyhow::anyhow!("a stored version does not parse: {e}")))?;
    graph.trigger().map(|n| n.id.clone()).ok_or_else(|| {
        ApiError::new(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            "workflow_invalid",
            "the workflow's published version has no trigger; add one and publish again",
        )
    })
}

/// Enrols `lead_ids` in a launched campaign; returns the enrol report.
async fn enroll_leads(
    state: &AppState,
    found: &CampaignRecord,
    lead_ids: Vec<String>,
) -> ApiResult<Value> {
    let version = found.workflow_version.ok_or_else(|| {
        ApiError::conflict(
            "campaign_not_launched",
            "launch the campaign before enrolling leads",
        )
    })?;
    let (_, graph) = state
        .store
        .campaigns()
        .published_graph(&found.workspace_id, &found.workflow_id, Some(version))
        .await?
        .ok_or_else(|| ApiError::not_found("workflow version"))?;
    let start = start_node(&graph)?;
    let mut unique = lead_ids;
    unique.sort();
    unique.dedup();
    let existing = state
        .store
        .campaigns()
        .existing_leads(&found.workspace_id, &unique)
        .await?;
    let skipped: Vec<Value> = unique
        .iter()
        .filter(|id| !existing.contains(id))
        .map(|id| json!({"lead_id": id, "reason": "no lead with this id in your workspace"}))
        .collect();
    let wake_at = found.schedule["start_at"]
        .as_i64()
        .unwrap_or_else(|| state.store.clock.now_ms());
    let enrolled = state
        .store
        .campaigns()
        .enroll(found, version, &start, &existing, wake_at)
        .await?;
    state.engine.wake.notify_one();
    Ok(json!({
        "enrolled": enrolled,
        "already_enrolled": existing.len() - enrolled,
        "skipped": skipped,
    }))
}

#[utoipa::path(tag = "campaigns", params(("id" = String, Path)), responses((status = 200, body = Object), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/campaigns/{id}/launch")]
pub async fn launch_campaign(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let found = campaign(&state, &principal, &path).await?;
    if found.status != "draft" {
        return Err(ApiError::conflict(
            "campaign_launched",
            format!("the campaign is {} already", found.status),
        ));
    }
    let Some((version, graph)) = state
        .store
        .campaigns()
        .published_graph(&principal.workspace_id, &found.workflow_id, None)
        .await?
    else {
        return Err(ApiError::new(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            "workflow_not_published",
            "publish the workflow before launching a campaign with it",
        ));
    };
    start_node(&graph)?;
    if let Some(import_id) = found.audience["import_id"].as_str()
        && let Some(job) = state
            .store
            .imports()
            .find(&principal.workspace_id, import_id)
            .await?
        && matches!(job.status.as_str(), "queued" | "running")
    {
        return Err(ApiError::conflict(
            "import_running",
            format!(
                "the audience's import is still {} ({} of {} rows); launch when it completes",
                job.status, job.counters.processed_rows, job.counters.total_rows
            ),
        ));
    }
    let lead_ids = audience_leads(&state, &principal.workspace_id, &found.audience).await?;
    if !state
        .store
        .campaigns()
        .launch(&principal.workspace_id, &found.id, version)
        .await?
    {
        return Err(ApiError::conflict(
            "campaign_launched",
            "the campaign was launched meanwhile",
        ));
    }
    let launched = campaign(&state, &principal, &found.id).await?;
    let report = enroll_leads(&state, &launched, lead_ids).await?;
    Ok(
        HttpResponse::Ok()
            .json(json!({"campaign": campaign_json(&launched), "enrollment": report})),
    )
}

async fn pause_or_resume(
    state: &AppState,
    principal: &Principal,
    id: &str,
    paused: bool,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let found = campaign(state, principal, id).await?;
    if !state
        .store
        .campaigns()
        .set_paused(&principal.workspace_id, &found.id, paused)
        .await?
    {
        let wanted = if paused { "active" } else { "paused" };
        return Err(ApiError::conflict(
            "campaign_state",
            format!(
                "the campaign is {}; only an {wanted} campaign can be {}",
                found.status,
                if paused { "paused" } else { "resumed" }
            ),
        ));
    }
    state.engine.wake.notify_one();
    let fresh = campaign(state, principal, id).await?;
    Ok(HttpResponse::Ok().json(campaign_json(&fresh)))
}

#[utoipa::path(tag = "campaigns", params(("id" = String, Path)), responses((status = 200, body = Object), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/campaigns/{id}/pause")]
pub async fn pause_campaign(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    pause_or_resume(&state, &principal, &path, true).await
}

#[utoipa::path(tag = "campaigns", params(("id" = String, Path)), responses((status = 200, body = Object), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/campaigns/{id}/resume")]
pub async fn resume_campaign(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    pause_or_resume(&state, &principal, &path, false).await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    pub lead_ids: Vec<String>,
}

#[utoipa::path(tag = "campaigns", params(("id" = String, Path)), request_body = EnrollRequest, responses((status = 200, body = Object), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/campaigns/{id}/enroll")]
pub async fn enroll(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<EnrollRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let found = campaign(&state, &principal, &path).await?;
    if body.lead_ids.is_empty() || body.lead_ids.len() > MAX_ENROL {
        return Err(ApiError::field(
            "lead_ids",
            format!("give 1 to {MAX_ENROL} lead ids"),
        ));
    }
    let report = enroll_leads(&state, &found, body.into_inner().lead_ids).await?;
    Ok(HttpResponse::Ok().json(report))
}

#[derive(Deserialize)]
pub struct RunsQuery {
    pub status: Option<String>,
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

const RUN_STATUSES: [&str; 7] = [
    "active",
    "waiting",
    "paused",
    "completed",
    "exited",
    "failed",
    "cancelled",
];

#[utoipa::path(tag = "campaigns", params(("id" = String, Path), ("status" = Option<String>, Query), ("limit" = Option<i64>, Query), ("cursor" = Option<String>, Query)), responses((status = 200, body = Object), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/campaigns/{id}/runs")]
pub async fn list_runs(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    query: web::Query<RunsQuery>,
) -> ApiResult<HttpResponse> {
    let found = campaign(&state, &principal, &path).await?;
    if let Some(status) = &query.status
        && !RUN_STATUSES.contains(&status.as_str())
    {
        return Err(ApiError::field(
            "status",
            format!("use one of: {}", RUN_STATUSES.join(", ")),
        ));
    }
    let limit = query.limit.unwrap_or(50).clamp(1, 500);
    let runs = state
        .store
        .campaigns()
        .runs(
            &principal.workspace_id,
            &found.id,
            query.status.as_deref(),
            query.cursor.as_deref(),
            limit,
        )
        .await?;
    let next_cursor = (runs.len() as i64 == limit)
        .then(|| runs.last().map(|r| r.id.clone()))
        .flatten();
    let items: Vec<Value> = runs.iter().map(run_json).collect();
    Ok(HttpResponse::Ok().json(json!({"items": items, "next_cursor": next_cursor})))
}

#[utoipa::path(tag = "campaigns", params(("id" = String, Path)), responses((status = 200, body = Object), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/runs/{id}")]
pub async fn get_run(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let run = state
        .store
        .campaigns()
        .run(&principal.workspace_id, &path)
        .await
        .map_err(|_| ApiError::not_found("run"))?;
    let node_runs: Vec<Value> = state
        .store
        .campaigns()
        .node_runs(&run.id)
        .await?
        .iter()
        .map(node_run_json)
        .collect();
    let mut body = run_json(&run);
    body["node_runs"] = json!(node_runs);
    Ok(HttpResponse::Ok().json(body))
}

#[utoipa::path(tag = "campaigns", params(("id" = String, Path), ("action" = String, Path, description = "pause, resume, cancel or retry")), responses((status = 200, body = Object), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/runs/{id}/{action}")]
pub async fn run_action(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let (id, action) = path.into_inner();
    let action = match action.as_str() {
        "pause" => RunAction::Pause,
        "resume" => RunAction::Resume,
        "cancel" => RunAction::Cancel,
        "retry" => RunAction::Retry,
        _ => {
            return Err(ApiError::not_found(
                "run action (use pause, resume, cancel or retry)",
            ));
        }
    };
    let campaigns = state.store.campaigns();
    let run = campaigns
        .run(&principal.workspace_id, &id)
        .await
        .map_err(|_| ApiError::not_found("run"))?;
    if !campaigns
        .transition_run(&principal.workspace_id, &run.id, action)
        .await?
    {
        return Err(ApiError::conflict(
            "run_state",
            format!(
                "the run is {}; that action does not apply to it",
                run.status
            ),
        ));
    }
    state.engine.wake.notify_one();
    let fresh = campaigns.run(&principal.workspace_id, &run.id).await?;
    Ok(HttpResponse::Ok().json(run_json(&fresh)))
}

/// The graph a campaign runs: its pinned version once launched, else the workflow's draft.
pub(super) async fn campaign_graph(
    state: &AppState,
    principal: &Principal,
    found: &CampaignRecord,
) -> ApiResult<Graph> {
    match found.workflow_version {
        Some(version) => {
            let (_, text) = state
                .store
                .campaigns()
                .published_graph(&found.workspace_id, &found.workflow_id, Some(version))
                .await?
                .ok_or_else(|| ApiError::not_found("workflow version"))?;
            workflows::parse_graph(&text)
        }
        None => {
            let workflow = workflows::find(state, principal, &found.workflow_id).await?;
            workflows::parse_graph(&workflow.draft)
        }
    }
}

/// The campaign's audience counted: its leads and, per channel, those without granted consent.
async fn audience_facts(state: &AppState, found: &CampaignRecord) -> ApiResult<AudienceFacts> {
    let listed = audience_leads(state, &found.workspace_id, &found.audience).await?;
    let leads = state
        .store
        .campaigns()
        .existing_leads(&found.workspace_id, &listed)
        .await?;
    let granted = state
        .store
        .campaigns()
        .granted_consents(&found.workspace_id, &leads)
        .await?;
    let total = leads.len() as u64;
    let without_consent = Channel::ALL
        .into_iter()
        .map(|channel| {
            let with = granted.get(channel.as_str()).copied().unwrap_or(0);
            (channel, total.saturating_sub(with))
        })
        .collect();
    Ok(AudienceFacts {
        total,
        without_consent,
    })
}

#[utoipa::path(tag = "campaigns", params(("id" = String, Path)), responses((status = 200, body = ValidationReport), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/campaigns/{id}/validate")]
pub async fn validate_campaign(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<ValidationReport>> {
    let found = campaign(&state, &principal, &path).await?;
    let graph = campaign_graph(&state, &principal, &found).await?;
    let mut facts = workflows::workspace_facts(&state, &principal.workspace_id).await?;
    facts.audience = Some(audience_facts(&state, &found).await?);
    let findings = validate_graph(&graph, &facts);
    Ok(web::Json(ValidationReport {
        valid: !has_errors(&findings),
        findings,
    }))
}

#[utoipa::path(tag = "campaigns", params(("id" = String, Path)), responses((status = 200, body = Object), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/campaigns/{id}/stats")]
pub async fn campaign_stats(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let found = campaign(&state, &principal, &path).await?;
    let store = state.store.campaigns();
    let counts = store.run_counts(&principal.workspace_id, &found.id).await?;
    let outcomes = store.run_outcomes(&found.id).await?;
    let mut totals = Map::new();
    let by_status: HashMap<String, i64> = counts.by_status.into_iter().collect();
    let status = |name: &str| by_status.get(name).copied().unwrap_or(0);
    totals.insert("enrolled".into(), json!(by_status.values().sum::<i64>()));
    totals.insert("due".into(), json!(counts.due));
    for name in RUN_STATUSES {
        totals.insert(name.into(), json!(status(name)));
    }
    totals.insert(
        "exited_by_reason".into(),
        json!(
            counts
                .exits_by_reason
                .into_iter()
                .collect::<BTreeMap<_, _>>()
        ),
    );
    type Count = fn(&RunOutcome) -> i64;
    let sums: [(&str, Count); 5] = [
        ("sent", |o| o.sent),
        ("delivered", |o| o.delivered),
        ("opened", |o| o.opened),
        ("clicked", |o| o.clicked),
        ("meetings", |o| o.meetings),
    ];
    for (key, count) in sums {
        totals.insert(key.into(), json!(outcomes.iter().map(count).sum::<i64>()));
    }
    let replies: Vec<&str> = outcomes
        .iter()
        .filter_map(|o| o.last_reply.as_deref())
        .collect();
    totals.insert("replied".into(), json!(replies.len()));
    let positive = replies
        .iter()
        .filter(|text| {
            crate::workflows::reply::classify(text).1
                == crate::workflows::reply::Sentiment::Positive
        })
        .count();
    totals.insert("positive_replies".into(), json!(positive));
    let mut nodes: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for count in store.node_counts(&found.id).await? {
        let entry = nodes.entry(count.node_id).or_insert_with(|| {
            ["entered", "succeeded", "failed", "waiting"]
                .iter()
                .map(|k| (k.to_string(), json!(0)))
                .collect()
        });
        let add = |entry: &mut Map<String, Value>, key: &str, n: i64| {
            let current = entry[key].as_i64().unwrap_or(0);
            entry.insert(key.into(), json!(current + n));
        };
        add(entry, "entered", count.count);
        if matches!(count.status.as_str(), "succeeded" | "failed" | "waiting") {
            add(entry, &count.status, count.count);
        }
    }
    let by_run: HashMap<&str, _> = outcomes.iter().map(|o| (o.run_id.as_str(), o)).collect();
    let mut variants: BTreeMap<String, BTreeMap<String, [i64; 4]>> = BTreeMap::new();
    for (run_id, node_id, key) in store.variant_choices(&found.id).await? {
        let cell = variants.entry(node_id).or_default().entry(key).or_default();
        cell[0] += 1;
        if let Some(outcome) = by_run.get(run_id.as_str()) {
            cell[1] += outcome.sent;
            cell[2] += outcome.opened;
            cell[3] += i64::from(outcome.last_reply.is_some());
        }
    }
    let variants: BTreeMap<_, _> = variants
        .into_iter()
        .map(|(node, keys)| {
            let keys: BTreeMap<_, _> = keys
                .into_iter()
                .map(|(k, [entered, sent, opened, replied])| {
                    (k, json!({"entered": entered, "sent": sent, "opened": opened, "replied": replied}))
                })
                .collect();
            (node, keys)
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({"totals": totals, "nodes": nodes, "variants": variants})))
}
