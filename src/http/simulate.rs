//! `POST /api/campaigns/{id}/simulate`: the campaign's workflow walked through for one lead on
//! virtual time (`workflows::simulate`). Nothing is sent and no run, message or outbox row is
//! written; AI drafts are real generations (logged in `llm_requests` with purpose `simulate`,
//! like every LLM call), so viewers, who change nothing and spend nothing, may not run it.

use super::campaigns::{campaign, campaign_graph};
use super::error::{ApiError, ApiResult, ErrorBody, FieldErrors};
use super::principal::Principal;
use super::state::AppState;
use crate::domain::{Channel, ConsentStatus, Role, Stage};
use crate::store::{ConsentRecord, LeadRecord};
use crate::workflows::engine::facts::{campaign_window, sender_name};
use crate::workflows::graph::{Graph, Step};
use crate::workflows::simulate::{
    self, HORIZON_MS, LeadAction, Plan, Simulation, StoreWorld, sample_lead,
};
use actix_web::{post, web};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Scripted lead actions one simulation accepts.
const MAX_EVENTS: usize = 20;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulateRequest {
    /// A lead of the workspace; leave out (or give `sample_lead`) for a sample lead.
    pub lead_id: Option<String>,
    /// `true`, or an object overriding the sample lead's `first_name`, `last_name`, `company`,
    /// `title`, `timezone`, `stage`, `tags`, `do_not_contact` and `consent` (`{"sms": "granted"}`).
    #[schema(value_type = Option<Object>)]
    pub sample_lead: Option<Value>,
    pub outcomes: Option<SimulateOutcomes>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct SimulateOutcomes {
    /// What the lead does and when, counted from enrolment.
    #[serde(default)]
    pub events: Vec<ScriptedEventRequest>,
    /// Forced decision branches: node id → `yes` / `no`.
    #[serde(default)]
    pub decisions: BTreeMap<String, String>,
    /// Forced A/B variants: node id → variant key.
    #[serde(default)]
    pub variants: BTreeMap<String, String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScriptedEventRequest {
    /// reply, open, click, meeting_booked or unsubscribe.
    pub event: String,
    pub after_seconds: i64,
    /// For a reply: what the lead says (classified for `reply.intent` / `reply.sentiment`).
    pub text: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SimulatedLead {
    pub id: Option<String>,
    pub name: String,
    pub sample: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SimulationResponse {
    #[schema(value_type = Vec<Object>)]
    pub steps: Vec<simulate::SimulatedStep>,
    /// completed, goal, exited_<reason>, failed, stalled or horizon.
    pub outcome: String,
    pub sends: usize,
    pub lead: SimulatedLead,
    pub started_at_ms: i64,
    pub finished_at_ms: i64,
    /// The workflow version simulated; `null` for the workflow's draft.
    pub workflow_version: Option<i64>,
}

#[utoipa::path(tag = "campaigns", params(("id" = String, Path)), request_body = SimulateRequest,
    responses((status = 200, body = SimulationResponse), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
#[post("/api/campaigns/{id}/simulate")]
pub async fn simulate_campaign(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<SimulateRequest>,
) -> ApiResult<web::Json<SimulationResponse>> {
    principal.require(Role::Sales)?;
    let found = campaign(&state, &principal, &path).await?;
    let graph = campaign_graph(&state, &principal, &found).await?;
    let body = body.into_inner();
    let workspace_id = principal.workspace_id.as_str();

    let mut errors = FieldErrors::default();
    let sample = body.lead_id.is_none();
    let lead = match (&body.lead_id, &body.sample_lead) {
        (Some(_), Some(v)) if v != &Value::Bool(false) => {
            errors.add("sample_lead", "give lead_id or sample_lead, not both");
            None
        }
        (Some(id), _) => Some(
            state
                .store
                .leads()
                .find(workspace_id, id)
                .await?
                .ok_or_else(|| ApiError::not_found("lead"))?,
        ),
        (None, overrides) => sample_with(workspace_id, overrides.as_ref(), &mut errors),
    };
    let start = state
        .store
        .clock
        .now_ms()
        .max(found.schedule["start_at"].as_i64().unwrap_or(i64::MIN));
    let mut plan = Plan {
        start,
        window: campaign_window(Some(&found)),
        ..Plan::default()
    };
    check_outcomes(
        &graph,
        body.outcomes.unwrap_or_default(),
        &mut plan,
        &mut errors,
    );
    errors.finish()?;
    let lead = lead.ok_or_else(|| ApiError::field("sample_lead", "give a sample lead"))?;

    plan.templates = state
        .store
        .library()
        .templates(workspace_id, None)
        .await?
        .into_iter()
        .map(|t| (t.id, t.body))
        .collect();
    plan.booking_url = state
        .store
        .integrations()
        .settings(workspace_id)
        .await?
        .booking_url;
    plan.sender_name = sender_name(&state.store, workspace_id).await?;

    let world = StoreWorld {
        store: &state.store,
        llm: &state.llm,
        workspace_id,
        sample,
    };
    let Simulation {
        steps,
        outcome,
        sends,
        finished_at_ms,
    } = simulate::simulate(&world, &graph, &lead, &plan)
        .await
        .map_err(|e| match e.to_string().as_str() {
            "the workflow has no trigger" => ApiError::new(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                "workflow_invalid",
                "the workflow has no trigger: add one to simulate it",
            ),
            _ => ApiError::internal(e),
        })?;
    Ok(web::Json(SimulationResponse {
        steps,
        outcome,
        sends,
        lead: SimulatedLead {
            id: (!sample).then(|| lead.id.clone()),
            name: lead.full_name.clone(),
            sample,
        },
        started_at_ms: start,
        finished_at_ms,
        workflow_version: found.workflow_version,
    }))
}

/// The sample lead with the request's overrides; problems go to `errors`.
fn sample_with(
    workspace_id: &str,
    overrides: Option<&Value>,
    errors: &mut FieldErrors,
) -> Option<LeadRecord> {
    let mut lead = sample_lead(workspace_id);
    let fields = match overrides {
        None | Some(Value::Bool(_)) => return Some(lead),
        Some(Value::Object(fields)) => fields,
        Some(_) => {
            errors.add("sample_lead", "give true or an object of lead fields");
            return None;
        }
    };
    for (name, value) in fields {
        let field = format!("sample_lead.{name}");
        let text = || value.as_str().map(str::trim).map(str::to_string);
        match name.as_str() {
            "first_name" | "last_name" | "company" | "title" => {
                let Some(text) = text().filter(|t| t.chars().count() <= 200) else {
                    errors.add(&field, "give text of at most 200 characters");
                    continue;
                };
                let text = (!text.is_empty()).then_some(text);
                match name.as_str() {
                    "first_name" => lead.first_name = text,
                    "last_name" => lead.last_name = text,
                    "company" => lead.company_name = text,
                    _ => lead.title = text,
                }
            }
            "timezone" => match text().filter(|t| t.parse::<chrono_tz::Tz>().is_ok()) {
                Some(tz) => lead.timezone = Some(tz),
                None => errors.add(&field, "give an IANA time zone, e.g. Europe/Paris"),
            },
            "stage" => match text().map(|t| Stage::parse(&t)) {
                Some(Ok(stage)) => lead.stage = stage,
                _ => errors.add(
                    &field,
                    "use lead, contacted, replied, meeting, negotiation, won or lost",
                ),
            },
            "tags" => match value.as_array().and_then(|tags| {
                tags.iter()
                    .map(|t| t.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
            }) {
                Some(tags) if tags.len() <= 50 => lead.tags = tags,
                _ => errors.add(&field, "give up to 50 tags as strings"),
            },
            "do_not_contact" => match value.as_bool() {
                Some(flag) => lead.do_not_contact = flag,
                None => errors.add(&field, "give true or false"),
            },
            "consent" => {
                let Some(map) = value.as_object() else {
                    errors.add(&field, "give an object such as {\"sms\": \"granted\"}");
                    continue;
                };
                for (channel, status) in map {
                    let parsed = Channel::parse(channel).ok().zip(
                        status
                            .as_str()
                            .and_then(|s| ConsentStatus::parse(s).ok()),
                    );
                    match parsed {
                        Some((channel, status)) => lead.consents.push(ConsentRecord {
                            channel,
                            status,
                            source: Some("simulation".into()),
                            evidence: None,
                            updated_at: 0,
                        }),
                        None => errors.add(
                            &format!("{field}.{channel}"),
                            "use a channel (email, sms, whatsapp, voice, linkedin) and granted, revoked or unknown",
                        ),
                    }
                }
            }
            _ => errors.add(
                &field,
                "unknown field: use first_name, last_name, company, title, timezone, stage, tags, do_not_contact or consent",
            ),
        }
    }
    lead.full_name = [lead.first_name.as_deref(), lead.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    Some(lead)
}

/// Checks the scripted events and forced branches against the graph and adds them to `plan`.
fn check_outcomes(
    graph: &Graph,
    outcomes: SimulateOutcomes,
    plan: &mut Plan,
    errors: &mut FieldErrors,
) {
    if outcomes.events.len() > MAX_EVENTS {
        errors.add(
            "outcomes.events",
            format!("give at most {MAX_EVENTS} events"),
        );
        return;
    }
    for (i, event) in outcomes.events.iter().enumerate() {
        let field = format!("outcomes.events[{i}]");
        let Some(action) = LeadAction::parse(&event.event) else {
            errors.add(
                &format!("{field}.event"),
                format!("use {}", LeadAction::NAMES),
            );
            continue;
        };
        if !(0..=HORIZON_MS / 1000).contains(&event.after_seconds) {
            errors.add(
                &format!("{field}.after_seconds"),
                format!(
                    "give seconds after enrolment, from 0 to {} (90 days)",
                    HORIZON_MS / 1000
                ),
            );
            continue;
        }
        let text = event.text.clone().filter(|t| !t.trim().is_empty());
        if text.is_some() && action != LeadAction::Reply {
            errors.add(&format!("{field}.text"), "only a reply has text");
            continue;
        }
        if text.as_ref().is_some_and(|t| t.chars().count() > 2000) {
            errors.add(&format!("{field}.text"), "keep a reply to 2,000 characters");
            continue;
        }
        plan.event(action, event.after_seconds, text);
    }
    for (node_id, branch) in outcomes.decisions {
        let field = format!("outcomes.decisions.{node_id}");
        match graph.node(&node_id).map(|n| &n.step) {
            Some(Step::Decision(_)) => match branch.as_str() {
                "yes" | "no" => {
                    plan.decisions.insert(node_id, branch == "yes");
                }
                _ => errors.add(&field, "use yes or no"),
            },
            _ => errors.add(&field, "no decision step has this id in the workflow"),
        }
    }
    for (node_id, key) in outcomes.variants {
        let field = format!("outcomes.variants.{node_id}");
        match graph.node(&node_id).map(|n| &n.step) {
            Some(Step::AbSplit(split)) => {
                if split.variants.iter().any(|v| v.key == key) {
                    plan.variants.insert(node_id, key);
                } else {
                    let keys: Vec<&str> = split.variants.iter().map(|v| v.key.as_str()).collect();
                    errors.add(&field, format!("use one of {}", keys.join(", ")));
                }
            }
            _ => errors.add(&field, "no A/B split step has this id in the workflow"),
        }
    }
}
