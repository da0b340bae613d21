//! Conversations: the inbox list, threads, and the supervisor's controls. Reads go to the store;
//! every change goes through the lead's ConversationActor, which applies it, persists it and
//! tells the hub.

use super::error::{ApiError, ApiResult, ErrorBody};
use super::leads::Lead;
use super::principal::Principal;
use super::state::AppState;
use crate::actors::events::{ConversationView, DraftView, MessageView};
use crate::actors::{Command, LiveError, Outcome};
use crate::channels::CHANNEL_NAMES;
use crate::domain::Role;
use crate::store::{ConversationFilter, ConversationRecord, NewInbound, StoreError, new_id};
use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Longest message body accepted.
const MAX_TEXT_CHARS: usize = 10_000;

impl From<LiveError> for ApiError {
    fn from(error: LiveError) -> Self {
        match error {
            LiveError::NotFound(what) => ApiError::not_found(match what {
                "draft" => "Draft",
                _ => "Conversation",
            }),
            LiveError::Conflict(message) => ApiError::conflict("conflict", message),
            LiveError::Invalid(message) => ApiError::bad_request("invalid_request", message),
            LiveError::Unavailable => ApiError::new(
                actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
                "conversation_restarting",
                "This conversation is restarting after an error; try again in a moment.",
            ),
            LiveError::Store(error) => error.into(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ConversationPage {
    pub items: Vec<ConversationView>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ConversationDetail {
    #[serde(flatten)]
    pub conversation: ConversationView,
    /// Drafts waiting for review (streaming ones arrive as `draft.delta` events).
    pub drafts: Vec<DraftView>,
    pub lead_detail: Lead,
}

#[derive(Serialize, ToSchema)]
pub struct MessagePage {
    /// Oldest first.
    pub items: Vec<MessageView>,
    pub has_more: bool,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ConversationListQuery {
    /// Conversations with at least one message on this channel.
    pub channel: Option<String>,
    /// `open` or `closed`.
    pub status: Option<String>,
    /// `ai` or `human`.
    pub mode: Option<String>,
    /// A user id, `me` or `none`.
    pub assignee: Option<String>,
    /// `true`: only conversations with unread messages.
    pub unread: Option<bool>,
    /// Matches the lead's name, email or phone.
    pub q: Option<String>,
    /// 1–200, default 50.
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

fn parse_cursor(cursor: &str) -> Option<(i64, String)> {
    let (at, id) = cursor.split_once('_')?;
    Some((at.parse().ok()?, id.to_string()))
}

fn one_of(field: &str, value: &str, allowed: &[&str]) -> ApiResult<()> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(ApiError::field(
            field,
            format!("use one of: {}", allowed.join(", ")),
        ))
    }
}

#[utoipa::path(tag = "conversations", params(ConversationListQuery), responses((status = 200, body = ConversationPage), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/conversations")]
pub async fn list_conversations(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<ConversationListQuery>,
) -> ApiResult<web::Json<ConversationPage>> {
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::field("limit", "use a number from 1 to 200"));
    }
    if let Some(channel) = &query.channel {
        one_of("channel", channel, &CHANNEL_NAMES)?;
    }
    if let Some(status) = &query.status {
        one_of("status", status, &["open", "closed"])?;
    }
    if let Some(mode) = &query.mode {
        one_of("mode", mode, &["ai", "human"])?;
    }
    let before = match &query.cursor {
        Some(cursor) => Some(parse_cursor(cursor).ok_or_else(|| {
            ApiError::field(
                "cursor",
                "pass the next_cursor value of the previous page unchanged",
            )
        })?),
        None => None,
    };
    let filter = ConversationFilter {
        channel: query.channel.clone(),
        status: query.status.clone(),
        mode: query.mode.clone(),
        assignee: match query.assignee.as_deref() {
            None | Some("") | Some("any") => None,
            Some("none") => Some(None),
            Some("me") => Some(Some(principal.user_id.clone())),
            Some(user) => Some(Some(user.to_string())),
        },
        unread_only: query.unread.unwrap_or(false),
        query: query
            .q
            .clone()
            .filter(|q| !q.trim().is_empty())
            .map(|q| q.trim().to_string()),
        before,
    };
    let items = state
        .store
        .conversations()
        .list(&principal.workspace_id, &filter, limit)
        .await?;
    let next_cursor = (items.len() as i64 == limit)
        .then(|| {
            items
                .last()
                .map(|c| format!("{}_{}", c.last_message_at, c.id))
        })
        .flatten();
    Ok(web::Json(ConversationPage {
        items: items.iter().map(ConversationView::from).collect(),
        next_cursor,
    }))
}

async fn conversation(
    state: &AppState,
    principal: &Principal,
    id: &str,
) -> ApiResult<ConversationRecord> {
    state
        .store
        .conversations()
        .get(&principal.workspace_id, id)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => ApiError::not_found("Conversation"),
            other => other.into(),
        })
}

async fn detail(
    state: &AppState,
    principal: &Principal,
    conversation: ConversationRecord,
) -> ApiResult<ConversationDetail> {
    let drafts = state
        .store
        .conversations()
        .open_drafts(&conversation.id)
        .await?;
    let lead = state
        .store
        .leads()
        .find(&principal.workspace_id, &conversation.lead_id)
        .await?
        .ok_or_else(|| ApiError::not_found("Lead"))?;
    Ok(ConversationDetail {
        conversation: ConversationView::from(&conversation),
        drafts: drafts.iter().map(DraftView::from).collect(),
        lead_detail: lead.into(),
    })
}

#[utoipa::path(tag = "conversations", params(("id" = String, Path, description = "Conversation id")), responses((status = 200, body = ConversationDetail), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/conversations/{id}")]
pub async fn get_conversation(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<ConversationDetail>> {
    let found = conversation(&state, &principal, &path).await?;
    Ok(web::Json(detail(&state, &principal, found).await?))
}

#[utoipa::path(tag = "conversations", params(("id" = String, Path, description = "Lead id")), responses((status = 200, body = ConversationDetail), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/leads/{id}/conversation")]
pub async fn lead_conversation(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<ConversationDetail>> {
    let found = state
        .store
        .conversations()
        .ensure_for_lead(&principal.workspace_id, &path, None)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => ApiError::not_found("Lead"),
            other => other.into(),
        })?;
    Ok(web::Json(detail(&state, &principal, found).await?))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct MessageListQuery {
    /// A message id: return the messages before it.
    pub before: Option<String>,
    /// 1–200, default 50.
    pub limit: Option<i64>,
}

#[utoipa::path(tag = "conversations", params(("id" = String, Path, description = "Conversation id"), MessageListQuery), responses((status = 200, body = MessagePage), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/conversations/{id}/messages")]
pub async fn list_messages(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    query: web::Query<MessageListQuery>,
) -> ApiResult<web::Json<MessagePage>> {
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::field("limit", "use a number from 1 to 200"));
    }
    let found = conversation(&state, &principal, &path).await?;
    let (items, has_more) = state
        .store
        .conversations()
        .messages(
            &principal.workspace_id,
            &found.id,
            query.before.as_deref(),
            limit,
        )
        .await
        .map_err(|error| match error {
            StoreError::NotFound => {
                ApiError::field("before", "no message with this id in the conversation")
            }
            other => other.into(),
        })?;
    Ok(web::Json(MessagePage {
        items: items.iter().map(MessageView::from).collect(),
        has_more,
    }))
}

async fn command(
    state: &AppState,
    principal: &Principal,
    id: &str,
    command: Command,
) -> ApiResult<Outcome> {
    let found = conversation(state, principal, id).await?;
    Ok(state
        .live
        .registry
        .supervise(&principal.workspace_id, &found.lead_id, command)
        .await?)
}

fn view(outcome: &Outcome) -> ApiResult<web::Json<ConversationView>> {
    outcome
        .conversation
        .as_ref()
        .map(|c| web::Json(ConversationView::from(c)))
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("command returned no conversation")))
}

fn check_text(field: &str, text: &str) -> ApiResult<()> {
    if text.trim().is_empty() {
        return Err(ApiError::field(field, "write some text"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::field(
            field,
            format!("keep it under {MAX_TEXT_CHARS} characters"),
        ));
    }
    Ok(())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendMessageRequest {
    /// `sandbox`, `email`, `sms`, `whatsapp`, `voice` or `linkedin`.
    pub channel: String,
    /// The message; may be omitted when `template_id` is given.
    pub text: Option<String>,
    pub subject: Option<String>,
    /// A template rendered with the lead's fields (`{{first_name}}`, `{{company}}`, …).
    pub template_id: Option<String>,
    /// WhatsApp only: an approved WhatsApp template, sent by its ContentSid (business-initiated
    /// messages outside the 24-hour session need one).
    pub whatsapp_template_id: Option<String>,
    /// Values for the WhatsApp template's placeholders: `{"1": "Ada", "2": "Acme"}`.
    #[schema(value_type = Option<Object>)]
    pub template_variables: Option<std::collections::BTreeMap<String, String>>,
}

/// A send the gate refused: 422 with the gate's code, or 409 for a template not approved.
fn blocked_error(blocked: &crate::compliance::Blocked) -> ApiError {
    let status = actix_web::http::StatusCode::UNPROCESSABLE_ENTITY;
    ApiError::new(status, blocked.code.as_str(), blocked.reason.clone()).with_details(
        serde_json::json!({
            "code": blocked.code.as_str(),
            "reason": blocked.reason,
            "retry_at": blocked.retry_at,
        }),
    )
}

/// Fills `{{placeholder}}`s from the lead's fields; unknown placeholders are left visible.
fn render_template(body: &str, conversation: &ConversationRecord) -> String {
    let lead = &conversation.lead;
    let first = lead.first_name.clone().unwrap_or_else(|| {
        lead.full_name
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_string()
    });
    let mut out = body.to_string();
    for (key, value) in [
        ("first_name", first),
        ("full_name", lead.full_name.clone()),
        ("name", lead.full_name.clone()),
        ("company", lead.company_name.clone().unwrap_or_default()),
        ("title", lead.title.clone().unwrap_or_default()),
    ] {
        for pattern in [format!("{{{{{key}}}}}"), format!("{{{{ {key} }}}}")] {
            out = out.replace(&pattern, &value);
        }
    }
    out
}

#[utoipa::path(tag = "conversations", params(("id" = String, Path, description = "Conversation id")), request_body = SendMessageRequest, responses((status = 201, body = MessageView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/conversations/{id}/messages")]
pub async fn send_message(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<SendMessageRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let body = body.into_inner();
    one_of("channel", &body.channel, &CHANNEL_NAMES)?;
    let found = conversation(&state, &principal, &path).await?;
    let mut whatsapp_template = None;
    if let Some(template_id) = &body.whatsapp_template_id {
        if body.channel != "whatsapp" {
            return Err(ApiError::field(
                "whatsapp_template_id",
                "WhatsApp templates are sent on the whatsapp channel only",
            ));
        }
        let template = state
            .store
            .messaging()
            .template(&principal.workspace_id, template_id)
            .await?
            .ok_or_else(|| {
                ApiError::field(
                    "whatsapp_template_id",
                    "no WhatsApp template with this id in your workspace",
                )
            })?;
        let variables = body.template_variables.clone().unwrap_or_default();
        let mut rendered = template.body.clone();
        for (key, value) in &variables {
            rendered = rendered.replace(&format!("{{{{{key}}}}}"), value);
        }
        whatsapp_template = Some((
            template.id.clone(),
            serde_json::to_string(&variables).unwrap_or_else(|_| "{}".into()),
            rendered,
        ));
    } else if body.template_variables.is_some() {
        return Err(ApiError::field(
            "template_variables",
            "template_variables go with whatsapp_template_id",
        ));
    }
    let text = match (&body.text, &body.template_id) {
        _ if whatsapp_template.is_some() => whatsapp_template
            .as_ref()
            .map(|t| t.2.clone())
            .unwrap_or_default(),
        (Some(text), _) if !text.trim().is_empty() => text.clone(),
        (_, Some(template_id)) => {
            let templates = state
                .store
                .library()
                .templates(&principal.workspace_id, None)
                .await?;
            let template = templates
                .into_iter()
                .find(|t| &t.id == template_id)
                .ok_or_else(|| {
                    ApiError::field("template_id", "no template with this id in your workspace")
                })?;
            render_template(&template.body, &found)
        }
        _ => {
            return Err(ApiError::field(
                "text",
                "write some text or choose a template",
            ));
        }
    };
    // `{{booking_link}}` in typed text or a template becomes the workspace's booking URL.
    let text =
        crate::integrations::fill_booking_link(&state.store, &principal.workspace_id, text).await?;
    check_text("text", &text)?;
    if let Some(subject) = &body.subject
        && subject.chars().count() > 300
    {
        return Err(ApiError::field(
            "subject",
            "keep the subject under 300 characters",
        ));
    }
    // The send gate: refuse (writing nothing) unless the block lifts by itself (quiet hours),
    // in which case the message is queued and the outbox holds it until the window opens.
    let verdict = crate::compliance::evaluate(
        &state.store,
        &principal.workspace_id,
        &found.lead_id,
        &body.channel,
        &crate::compliance::SendContext {
            template_id: whatsapp_template.as_ref().map(|t| t.0.as_str()),
            purpose: None,
        },
        crate::store::now_ms(),
    )
    .await?;
    let held = match verdict {
        Ok(()) => None,
        Err(blocked) if blocked.code.is_deferral() && blocked.retry_at.is_some() => Some(blocked),
        Err(blocked) => return Err(blocked_error(&blocked)),
    };
    let outcome = state
        .live
        .registry
        .supervise(
            &principal.workspace_id,
            &found.lead_id,
            Command::SendHuman {
                user_id: principal.user_id.clone(),
                channel: body.channel,
                text,
                subject: body.subject.filter(|s| !s.trim().is_empty()),
                template: whatsapp_template.map(|(id, variables, _)| (id, variables)),
            },
        )
        .await?;
    let mut message = outcome
        .message
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("send returned no message")))?;
    if let (Some(blocked), Some(until)) = (&held, held.as_ref().and_then(|b| b.retry_at)) {
        let reason = blocked.describe();
        state
            .store
            .messaging()
            .hold_send(&message.id, until, &reason, false)
            .await?;
        message.error = Some(reason);
    }
    let mut response = serde_json::to_value(MessageView::from(&message))
        .map_err(|e| ApiError::internal(e.into()))?;
    if let Some(blocked) = held {
        response["held"] = serde_json::json!({
            "code": blocked.code.as_str(),
            "reason": blocked.reason,
            "retry_at": blocked.retry_at,
        });
    }
    Ok(HttpResponse::Created().json(response))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    pub text: String,
}

#[utoipa::path(tag = "conversations", params(("id" = String, Path, description = "Conversation id")), request_body = NoteRequest, responses((status = 201, body = MessageView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/conversations/{id}/notes")]
pub async fn add_note(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<NoteRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    check_text("text", &body.text)?;
    let outcome = command(
        &state,
        &principal,
        &path,
        Command::Note {
            user_id: principal.user_id.clone(),
            text: body.text.trim().to_string(),
        },
    )
    .await?;
    let message = outcome
        .message
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("note returned no message")))?;
    Ok(HttpResponse::Created().json(MessageView::from(&message)))
}

#[utoipa::path(tag = "conversations", params(("id" = String, Path, description = "Conversation id")), responses((status = 200, body = ConversationView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/conversations/{id}/takeover")]
pub async fn takeover(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<ConversationView>> {
    principal.require(Role::Sales)?;
    let outcome = command(
        &state,
        &principal,
        &path,
        Command::TakeOver {
            user_id: principal.user_id.clone(),
        },
    )
    .await?;
    view(&outcome)
}

#[utoipa::path(tag = "conversations", params(("id" = String, Path, description = "Conversation id")), responses((status = 200, body = ConversationView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/conversations/{id}/handback")]
pub async fn handback(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<ConversationView>> {
    principal.require(Role::Sales)?;
    let outcome = command(
        &state,
        &principal,
        &path,
        Command::HandBack { agent_id: None },
    )
    .await?;
    view(&outcome)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    /// A member of the workspace, or null to unassign.
    pub user_id: Option<String>,
}

#[utoipa::path(tag = "conversations", params(("id" = String, Path, description = "Conversation id")), request_body = AssignRequest, responses((status = 200, body = ConversationView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/conversations/{id}/assign")]
pub async fn assign(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<AssignRequest>,
) -> ApiResult<web::Json<ConversationView>> {
    principal.require(Role::Sales)?;
    if let Some(user_id) = &body.user_id {
        let member = state
            .store
            .users()
            .find_in_workspace(&principal.workspace_id, user_id)
            .await?;
        if member.is_none() {
            return Err(ApiError::field(
                "user_id",
                "no member of your workspace has this id",
            ));
        }
    }
    let outcome = command(
        &state,
        &principal,
        &path,
        Command::Assign {
            user_id: body.user_id.clone(),
        },
    )
    .await?;
    view(&outcome)
}

#[utoipa::path(tag = "conversations", params(("id" = String, Path, description = "Conversation id")), responses((status = 200, body = ConversationView), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/conversations/{id}/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<ConversationView>> {
    let outcome = command(&state, &principal, &path, Command::MarkRead).await?;
    view(&outcome)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusRequest {
    /// `open` or `closed`.
    pub status: String,
}

#[utoipa::path(tag = "conversations", params(("id" = String, Path, description = "Conversation id")), request_body = StatusRequest, responses((status = 200, body = ConversationView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/conversations/{id}/status")]
pub async fn set_status(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<StatusRequest>,
) -> ApiResult<web::Json<ConversationView>> {
    principal.require(Role::Sales)?;
    one_of("status", &body.status, &["open", "closed"])?;
    let outcome = command(
        &state,
        &principal,
        &path,
        Command::SetStatus {
            status: body.status.clone(),
        },
    )
    .await?;
    view(&outcome)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SnoozeRequest {
    /// When to bring the conversation back to the open inbox (epoch milliseconds, within a year).
    pub until: i64,
}

#[utoipa::path(tag = "conversations", params(("id" = String, Path, description = "Conversation id")), request_body = SnoozeRequest, responses((status = 200, body = ConversationView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/conversations/{id}/snooze")]
pub async fn snooze(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<SnoozeRequest>,
) -> ApiResult<web::Json<ConversationView>> {
    principal.require(Role::Sales)?;
    let now = crate::store::now_ms();
    if body.until < now - 60_000 || body.until > now + 366 * 86_400_000 {
        return Err(ApiError::field(
            "until",
            "use a time (epoch milliseconds) within the next year",
        ));
    }
    let outcome = command(
        &state,
        &principal,
        &path,
        Command::Snooze { until: body.until },
    )
    .await?;
    view(&outcome)
}

#[derive(Serialize, ToSchema)]
pub struct SuggestResponse {
    pub draft_id: String,
}

#[utoipa::path(tag = "conversations", params(("id" = String, Path, description = "Conversation id")), responses((status = 202, body = SuggestResponse), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/conversations/{id}/suggest")]
pub async fn suggest(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let outcome = command(&state, &principal, &path, Command::Suggest).await?;
    let draft_id = outcome
        .draft_id
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("suggest returned no draft")))?;
    Ok(HttpResponse::Accepted().json(SuggestResponse { draft_id }))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ApproveRequest {
    /// The edited text to send instead of the draft's.
    pub text: Option<String>,
}

#[utoipa::path(tag = "conversations", params(("id" = String, Path, description = "Conversation id"), ("draft_id" = String, Path, description = "Draft id")), request_body = ApproveRequest, responses((status = 201, body = MessageView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/conversations/{id}/drafts/{draft_id}/approve")]
pub async fn approve_draft(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(String, String)>,
    body: Option<web::Json<ApproveRequest>>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let (id, draft_id) = path.into_inner();
    let text = body.and_then(|b| b.into_inner().text);
    if let Some(text) = &text {
        check_text("text", text)?;
    }
    // The send gate, as for a human's own message: refuse with the reason, write nothing.
    let found = conversation(&state, &principal, &id).await?;
    if let Ok(draft) = state
        .store
        .conversations()
        .draft(&principal.workspace_id, &draft_id)
        .await
        && draft.conversation_id == found.id
    {
        let verdict = crate::compliance::evaluate(
            &state.store,
            &principal.workspace_id,
            &found.lead_id,
            &draft.channel,
            &crate::compliance::SendContext::default(),
            crate::store::now_ms(),
        )
        .await?;
        if let Err(blocked) = verdict
            && !blocked.code.is_deferral()
        {
            return Err(blocked_error(&blocked));
        }
    }
    let outcome = command(&state, &principal, &id, Command::Approve { draft_id, text }).await?;
    let message = outcome
        .message
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("approve returned no message")))?;
    Ok(HttpResponse::Created().json(MessageView::from(&message)))
}

#[utoipa::path(tag = "conversations", params(("id" = String, Path, description = "Conversation id"), ("draft_id" = String, Path, description = "Draft id")), responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/conversations/{id}/drafts/{draft_id}/discard")]
pub async fn discard_draft(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let (id, draft_id) = path.into_inner();
    command(&state, &principal, &id, Command::Discard { draft_id }).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SandboxInboundRequest {
    pub lead_id: String,
    /// Defaults to `sandbox`.
    pub channel: Option<String>,
    pub text: String,
    pub subject: Option<String>,
    /// The provider's message id; a repeat is recognised and not processed twice.
    pub external_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct InboundAccepted {
    pub message_id: String,
    pub conversation_id: String,
    pub duplicate: bool,
}

#[utoipa::path(tag = "sandbox", request_body = SandboxInboundRequest, responses((status = 202, body = InboundAccepted), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/sandbox/inbound")]
pub async fn sandbox_inbound(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<SandboxInboundRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let body = body.into_inner();
    let channel = body.channel.unwrap_or_else(|| "sandbox".into());
    one_of("channel", &channel, &CHANNEL_NAMES)?;
    check_text("text", &body.text)?;
    if let Some(external_id) = &body.external_id
        && (external_id.is_empty() || external_id.len() > 200)
    {
        return Err(ApiError::field("external_id", "use 1 to 200 characters"));
    }
    let external_id = body
        .external_id
        .unwrap_or_else(|| format!("sandbox-{}", new_id()));
    let (message, conversation, duplicate) = state
        .live
        .accept_inbound(&NewInbound {
            workspace_id: &principal.workspace_id,
            lead_id: &body.lead_id,
            channel: &channel,
            body: &body.text,
            subject: body.subject.as_deref(),
            external_id: &external_id,
        })
        .await
        .map_err(|error| match error {
            StoreError::NotFound => ApiError::not_found("Lead"),
            other => other.into(),
        })?;
    super::webhooks_twilio::apply_keywords(&state, &message).await?;
    Ok(HttpResponse::Accepted().json(InboundAccepted {
        message_id: message.id,
        conversation_id: conversation.id,
        duplicate,
    }))
}
