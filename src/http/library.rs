//! Personas and message templates (read-only in the foundation; seeded demo content).

use super::dto::ItemList;
use super::error::{ApiError, ApiResult, ErrorBody};
use super::principal::Principal;
use super::state::AppState;
use crate::domain::Channel;
use actix_web::{get, web};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct Persona {
    pub id: String,
    pub name: String,
    pub role: String,
    /// Sliders 0–100: formality, warmth, brevity, enthusiasm, assertiveness.
    #[schema(value_type = Object)]
    pub tone: Value,
    pub industry_focus: String,
    pub language: String,
    pub signature: String,
    pub dos: Vec<String>,
    pub donts: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Template {
    pub id: String,
    pub name: String,
    pub channel: String,
    pub language: String,
    pub body: String,
    pub placeholders: Vec<String>,
    /// WhatsApp approval state: draft, submitted, approved, rejected (null for other channels).
    pub status: Option<String>,
}

#[utoipa::path(tag = "library", responses((status = 200, body = ItemList<Persona>)), security(("bearer" = [])))]
#[get("/api/personas")]
pub async fn list_personas(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<ItemList<Persona>>> {
    let personas = state
        .store
        .library()
        .personas(&principal.workspace_id)
        .await?;
    let items = personas
        .into_iter()
        .map(|p| Persona {
            id: p.id,
            name: p.name,
            role: p.role,
            tone: serde_json::from_str(&p.tone).unwrap_or(Value::Null),
            industry_focus: p.industry_focus,
            language: p.language,
            signature: p.signature,
            dos: serde_json::from_str(&p.dos).unwrap_or_default(),
            donts: serde_json::from_str(&p.donts).unwrap_or_default(),
        })
        .collect();
    Ok(web::Json(ItemList { items }))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TemplateQuery {
    /// Only templates for this channel.
    pub channel: Option<String>,
}

#[utoipa::path(tag = "library", params(TemplateQuery), responses((status = 200, body = ItemList<Template>), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/templates")]
pub async fn list_templates(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<TemplateQuery>,
) -> ApiResult<web::Json<ItemList<Template>>> {
    let channel = match query.channel.as_deref().filter(|c| !c.is_empty()) {
        Some(raw) => Some(Channel::parse(raw).map_err(|e| ApiError::field("channel", e.0))?),
        None => None,
    };
    let templates = state
        .store
        .library()
        .templates(&principal.workspace_id, channel.map(Channel::as_str))
        .await?;
    let items = templates
        .into_iter()
        .map(|t| Template {
            id: t.id,
            name: t.name,
            channel: t.channel,
            language: t.language,
            body: t.body,
            placeholders: serde_json::from_str(&t.placeholders).unwrap_or_default(),
            status: t.status,
        })
        .collect();
    Ok(web::Json(ItemList { items }))
}
