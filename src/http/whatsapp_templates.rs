//! WhatsApp templates and their approval states: Draft → Submitted → Approved / Rejected
//! (a Rejected template can be edited outside and submitted again). Approve / reject record
//! the provider's (Meta's, through Twilio) decision; approving needs the template's ContentSid,
//! which is what business-initiated sends use.

use super::error::{ApiError, ApiResult, ErrorBody};
use super::principal::Principal;
use super::state::AppState;
use crate::domain::Role;
use crate::store::WhatsappTemplateRecord;
use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct WhatsappTemplate {
    pub id: String,
    pub name: String,
    pub language: String,
    pub body: String,
    /// What each placeholder ({{1}}, {{2}}, ...) stands for, in order.
    pub variables: Vec<String>,
    /// `draft`, `submitted`, `approved` or `rejected`.
    pub status: String,
    /// Twilio Content API id (HX...), set on approval.
    pub content_sid: Option<String>,
    /// The provider's reason on rejection.
    pub decision_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<WhatsappTemplateRecord> for WhatsappTemplate {
    fn from(t: WhatsappTemplateRecord) -> Self {
        Self {
            variables: serde_json::from_str(&t.variables).unwrap_or_default(),
            id: t.id,
            name: t.name,
            language: t.language,
            body: t.body,
            status: t.status,
            content_sid: t.content_sid,
            decision_reason: t.decision_reason,
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWhatsappTemplate {
    /// Lower-case letters, digits and underscores (Meta's rule), e.g. `lead_followup_en_us`.
    pub name: String,
    /// e.g. `en_US`.
    pub language: String,
    /// With numbered placeholders `{{1}}`, `{{2}}`, ...
    pub body: String,
    #[serde(default)]
    pub variables: Vec<String>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct TemplateDecision {
    /// Required to approve: the ContentSid Twilio assigned (HX followed by 32 hex digits).
    pub content_sid: Option<String>,
    /// The provider's reason (rejections).
    pub reason: Option<String>,
}

/// Allowed transitions: (from, action, to).
const TRANSITIONS: [(&str, &str, &str); 4] = [
    ("draft", "submit", "submitted"),
    ("rejected", "submit", "submitted"),
    ("submitted", "approve", "approved"),
    ("submitted", "reject", "rejected"),
];

fn allowed_from(status: &str) -> Vec<&'static str> {
    TRANSITIONS
        .iter()
        .filter(|(from, _, _)| *from == status)
        .map(|(_, action, _)| *action)
        .collect()
}

pub(crate) fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 512
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn valid_language(language: &str) -> bool {
    let parts: Vec<&str> = language.split('_').collect();
    match parts.as_slice() {
        [lang] => (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_lowercase()),
        [lang, region] => {
            (2..=3).contains(&lang.len())
                && lang.chars().all(|c| c.is_ascii_lowercase())
                && region.len() == 2
                && region.chars().all(|c| c.is_ascii_uppercase())
        }
        _ => false,
    }
}

#[utoipa::path(tag = "whatsapp", responses((status = 200, body = [WhatsappTemplate])), security(("bearer" = [])))]
#[get("/api/whatsapp/templates")]
pub async fn list_whatsapp_templates(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<Vec<WhatsappTemplate>>> {
    let templates = state
        .store
        .messaging()
        .templates(&principal.workspace_id)
        .await?;
    Ok(web::Json(templates.into_iter().map(Into::into).collect()))
}

#[utoipa::path(tag = "whatsapp", request_body = NewWhatsappTemplate, responses((status = 201, body = WhatsappTemplate), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/whatsapp/templates")]
pub async fn create_whatsapp_template(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<NewWhatsappTemplate>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Admin)?;
    let mut problems = Vec::new();
    if !valid_name(&body.name) {
        problems.push((
            "name".to_string(),
            "use lower-case letters, digits and underscores (up to 512)".to_string(),
        ));
    }
    if !valid_language(&body.language) {
        problems.push((
            "language".to_string(),
            "use a language code like en or en_US".to_string(),
        ));
    }
    let chars = body.body.chars().count();
    if body.body.trim().is_empty() || chars > 1024 {
        problems.push(("body".to_string(), "write 1 to 1024 characters".to_string()));
    }
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    let variables = serde_json::to_string(&body.variables).unwrap_or_else(|_| "[]".into());
    let created = state
        .store
        .messaging()
        .create_template(
            &principal.workspace_id,
            &body.name,
            &body.language,
            &body.body,
            &variables,
        )
        .await?
        .ok_or_else(|| {
            ApiError::conflict(
                "template_exists",
                "A WhatsApp template with this name and language exists; choose another name.",
            )
        })?;
    Ok(HttpResponse::Created().json(WhatsappTemplate::from(created)))
}

async fn transition(
    state: &AppState,
    principal: &Principal,
    id: &str,
    action: &str,
    decision: TemplateDecision,
) -> ApiResult<web::Json<WhatsappTemplate>> {
    principal.require(Role::Admin)?;
    let messaging = state.store.messaging();
    let current = messaging
        .template(&principal.workspace_id, id)
        .await?
        .ok_or_else(|| ApiError::not_found("WhatsApp template"))?;
    let Some((from, _, to)) = TRANSITIONS
        .iter()
        .find(|(from, a, _)| *from == current.status && *a == action)
    else {
        let allowed = allowed_from(&current.status);
        return Err(ApiError::conflict(
            "invalid_transition",
            format!(
                "A {} template cannot be {action}ed; allowed now: {}.",
                current.status,
                if allowed.is_empty() {
                    "nothing (approved is final)".to_string()
                } else {
                    allowed.join(", ")
                }
            ),
        )
        .with_details(serde_json::json!({"status": current.status, "allowed": allowed})));
    };
    let content_sid = match action {
        "approve" => {
            let sid = decision.content_sid.as_deref().map(str::trim).unwrap_or("");
            let well_formed = sid.len() == 34
                && sid.starts_with("HX")
                && sid[2..].chars().all(|c| c.is_ascii_hexdigit());
            if !well_formed {
                return Err(ApiError::field(
                    "content_sid",
                    "give the ContentSid Twilio assigned (HX followed by 32 hex digits)",
                ));
            }
            Some(sid.to_string())
        }
        _ => None,
    };
    if let Some(reason) = &decision.reason
        && reason.chars().count() > 1000
    {
        return Err(ApiError::field("reason", "keep it under 1000 characters"));
    }
    let moved = messaging
        .transition_template(
            &principal.workspace_id,
            id,
            from,
            to,
            content_sid.as_deref(),
            decision.reason.as_deref(),
        )
        .await?;
    if !moved {
        return Err(ApiError::conflict(
            "invalid_transition",
            "The template changed state meanwhile; reload it and try again.",
        ));
    }
    let fresh = messaging
        .template(&principal.workspace_id, id)
        .await?
        .ok_or_else(|| ApiError::not_found("WhatsApp template"))?;
    Ok(web::Json(fresh.into()))
}

#[utoipa::path(tag = "whatsapp", params(("id" = String, Path, description = "Template id")), responses((status = 200, body = WhatsappTemplate), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/whatsapp/templates/{id}/submit")]
pub async fn submit_whatsapp_template(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<WhatsappTemplate>> {
    transition(
        &state,
        &principal,
        &path,
        "submit",
        TemplateDecision::default(),
    )
    .await
}

#[utoipa::path(tag = "whatsapp", params(("id" = String, Path, description = "Template id")), request_body = TemplateDecision, responses((status = 200, body = WhatsappTemplate), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/whatsapp/templates/{id}/approve")]
pub async fn approve_whatsapp_template(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<TemplateDecision>,
) -> ApiResult<web::Json<WhatsappTemplate>> {
    transition(&state, &principal, &path, "approve", body.into_inner()).await
}

#[utoipa::path(tag = "whatsapp", params(("id" = String, Path, description = "Template id")), request_body = TemplateDecision, responses((status = 200, body = WhatsappTemplate), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/whatsapp/templates/{id}/reject")]
pub async fn reject_whatsapp_template(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: Option<web::Json<TemplateDecision>>,
) -> ApiResult<web::Json<WhatsappTemplate>> {
    let decision = body.map(|b| b.into_inner()).unwrap_or_default();
    transition(&state, &principal, &path, "reject", decision).await
}
