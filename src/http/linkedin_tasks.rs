//! LinkedIn tasks: what the `linkedin` channel asks a human to do (see `channels::linkedin`).
//! Marking one done or skipped moves its message's status forward, writes a system note in the
//! lead's conversation and tells the inbox live.

use super::dto::{iso, iso_opt};
use super::error::{ApiError, ApiResult, ErrorBody};
use super::principal::Principal;
use super::state::AppState;
use crate::actors::events::Event;
use crate::domain::Role;
use crate::integrations::bookings::announce_note;
use crate::store::{LinkedinTaskRecord, StoreError};
use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct LinkedinTask {
    pub id: String,
    pub lead_id: String,
    /// Whom the task is for: the lead's full name, else its email; empty when it has neither.
    pub lead_name: String,
    /// The outbound message this task carries out.
    pub message_id: Option<String>,
    /// `connect`, `message` or `view_profile`.
    pub kind: String,
    /// The text to send (the invitation note for `connect`).
    pub text: String,
    pub profile_url: Option<String>,
    /// `open`, `done` or `skipped`.
    pub status: String,
    /// When to do it; later than `created_at` when the weekly limit was reached.
    pub due_at: String,
    /// Why the task is due later (the weekly limit), when it is.
    pub scheduled_reason: Option<String>,
    pub skip_reason: Option<String>,
    pub completed_by: Option<String>,
    pub completed_at: Option<String>,
    pub created_at: String,
}

impl From<LinkedinTaskRecord> for LinkedinTask {
    fn from(t: LinkedinTaskRecord) -> Self {
        Self {
            id: t.id,
            lead_id: t.lead_id,
            lead_name: t.lead_name,
            message_id: t.message_id,
            kind: t.kind,
            text: t.body,
            profile_url: t.profile_url,
            status: t.status,
            due_at: iso(t.due_at),
            scheduled_reason: t.scheduled_reason,
            skip_reason: t.skip_reason,
            completed_by: t.completed_by,
            completed_at: iso_opt(t.completed_at),
            created_at: iso(t.created_at),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TaskListQuery {
    /// `open` (default), `done`, `skipped` or `all`.
    pub status: Option<String>,
    /// 1–500, default 200.
    pub limit: Option<i64>,
}

#[utoipa::path(tag = "linkedin", params(TaskListQuery), responses((status = 200, body = Vec<LinkedinTask>), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/linkedin/tasks")]
pub async fn list_tasks(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<TaskListQuery>,
) -> ApiResult<web::Json<Vec<LinkedinTask>>> {
    let status = query.status.as_deref().unwrap_or("open");
    let filter = match status {
        "open" | "done" | "skipped" => Some(status),
        "all" => None,
        _ => {
            return Err(ApiError::field(
                "status",
                "use one of: open, done, skipped, all",
            ));
        }
    };
    let tasks = state
        .store
        .integrations()
        .tasks(&principal.workspace_id, filter, query.limit.unwrap_or(200))
        .await?;
    Ok(web::Json(
        tasks.into_iter().map(LinkedinTask::from).collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SkipTaskRequest {
    /// Why it was not done (shown in the conversation).
    pub reason: String,
}

async fn close(
    state: &AppState,
    principal: &Principal,
    id: &str,
    status: &str,
    reason: Option<&str>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let integrations = state.store.integrations();
    let existing = integrations
        .task(&principal.workspace_id, id)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("LinkedIn task"),
            other => other.into(),
        })?;
    let Some(task) = integrations
        .close_linkedin_task(
            &principal.workspace_id,
            id,
            status,
            reason,
            &principal.user_id,
        )
        .await?
    else {
        return Err(ApiError::conflict(
            "task_closed",
            format!(
                "This task is already {}; only open tasks can be marked done or skipped.",
                existing.status
            ),
        ));
    };
    let workspace_id = &principal.workspace_id;
    state.live.hub.publish(workspace_id, &Event::from(&task));
    let action = match task.kind.as_str() {
        "connect" => "connection request",
        "view_profile" => "profile visit",
        _ => "message",
    };
    let note = match reason {
        None => format!("LinkedIn {action} done."),
        Some(reason) => format!("LinkedIn {action} skipped: {reason}"),
    };
    let conversation = state
        .store
        .conversations()
        .ensure_for_lead(workspace_id, &task.lead_id, None)
        .await?;
    if let Some(note) = integrations
        .add_system_note(
            &conversation,
            &note,
            &format!("linkedin-task:{}:{status}", task.id),
        )
        .await?
    {
        announce_note(&state.live, workspace_id, &conversation.id, &note).await;
    }
    if let Some(message_id) = &task.message_id
        && let Ok(message) = state
            .store
            .conversations()
            .message(workspace_id, message_id)
            .await
    {
        state.live.hub.publish(
            workspace_id,
            &Event::MessageStatus {
                conversation_id: message.conversation_id.clone(),
                message_id: message.id.clone(),
                status: message.status.clone(),
                error: message.error.clone(),
            },
        );
    }
    crate::integrations::webhooks_out::emit(
        &state.store,
        workspace_id,
        if status == "done" {
            "linkedin.task.done"
        } else {
            "linkedin.task.skipped"
        },
        &task.id,
        Some(&task.lead_id),
        json!({"task_id": task.id, "lead_id": task.lead_id, "kind": task.kind, "reason": reason}),
    )
    .await?;
    Ok(HttpResponse::Ok().json(LinkedinTask::from(task)))
}

#[utoipa::path(tag = "linkedin", params(("id" = String, Path, description = "Task id")), responses((status = 200, body = LinkedinTask), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/linkedin/tasks/{id}/done")]
pub async fn task_done(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    close(&state, &principal, &path, "done", None).await
}

#[utoipa::path(tag = "linkedin", params(("id" = String, Path, description = "Task id")), request_body = SkipTaskRequest, responses((status = 200, body = LinkedinTask), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/linkedin/tasks/{id}/skip")]
pub async fn task_skip(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<SkipTaskRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let reason = body.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ApiError::field("reason", "say why in 1 to 500 characters"));
    }
    close(&state, &principal, &path, "skipped", Some(reason)).await
}
