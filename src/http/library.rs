//! Personas (CRUD: everyone reads, admins write) and message templates (seeded, read-only).

use super::dto::ItemList;
use super::error::{ApiError, ApiResult, ErrorBody, FieldErrors};
use super::principal::Principal;
use super::state::AppState;
use crate::domain::{Channel, Role};
use crate::store::{PersonaRecord, StoreError};
use actix_web::{HttpResponse, delete, get, patch, post, web};
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
    let items = personas.into_iter().map(Persona::from).collect();
    Ok(web::Json(ItemList { items }))
}

impl From<PersonaRecord> for Persona {
    fn from(p: PersonaRecord) -> Self {
        Self {
            id: p.id,
            name: p.name,
            role: p.role,
            tone: serde_json::from_str(&p.tone).unwrap_or(Value::Null),
            industry_focus: p.industry_focus,
            language: p.language,
            signature: p.signature,
            dos: serde_json::from_str(&p.dos).unwrap_or_default(),
            donts: serde_json::from_str(&p.donts).unwrap_or_default(),
        }
    }
}

/// The five tone sliders, 0–100 each.
pub const TONE_SLIDERS: [&str; 5] = [
    "formality",
    "warmth",
    "brevity",
    "enthusiasm",
    "assertiveness",
];

/// Body of POST (only `name` is required) and PATCH (only the given fields change).
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct PersonaRequest {
    pub name: Option<String>,
    pub role: Option<String>,
    /// Sliders 0–100: formality, warmth, brevity, enthusiasm, assertiveness (missing ones keep
    /// their value; 50 for a new persona).
    #[schema(value_type = Option<Object>)]
    pub tone: Option<serde_json::Map<String, Value>>,
    pub industry_focus: Option<String>,
    /// A language code such as `en`, `de`, `fr`, `es` or `en-US`. Default `en`.
    pub language: Option<String>,
    pub signature: Option<String>,
    pub dos: Option<Vec<String>>,
    pub donts: Option<Vec<String>>,
}

fn valid_language(code: &str) -> bool {
    let mut parts = code.splitn(2, ['-', '_']);
    let primary = parts.next().unwrap_or("");
    let region_ok = parts
        .next()
        .is_none_or(|r| (2..=4).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric()));
    (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_lowercase()) && region_ok
}

fn check_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    if value.chars().count() > max {
        errors.add(field, format!("use at most {max} characters"));
    }
}

fn check_rules(errors: &mut FieldErrors, field: &str, rules: &[String]) -> Vec<String> {
    if rules.len() > 30 {
        errors.add(field, "list at most 30 rules");
    }
    let cleaned: Vec<String> = rules
        .iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    if cleaned.iter().any(|r| r.chars().count() > 300) {
        errors.add(field, "keep each rule under 300 characters");
    }
    cleaned
}

/// Applies the request on top of `base`, collecting every field error.
fn apply_persona(mut base: PersonaRecord, body: PersonaRequest) -> ApiResult<PersonaRecord> {
    let mut errors = FieldErrors::default();
    if let Some(name) = body.name {
        let name = name.trim().to_string();
        if name.is_empty() || name.chars().count() > 100 {
            errors.add("name", "enter a name of 1 to 100 characters");
        }
        base.name = name;
    }
    if let Some(role) = body.role {
        check_text(&mut errors, "role", &role, 100);
        base.role = role.trim().to_string();
    }
    if let Some(changes) = body.tone {
        let mut tone: serde_json::Map<String, Value> =
            serde_json::from_str(&base.tone).unwrap_or_default();
        for (slider, value) in changes {
            if !TONE_SLIDERS.contains(&slider.as_str()) {
                errors.add(
                    &format!("tone.{slider}"),
                    format!("not a tone slider (use {})", TONE_SLIDERS.join(", ")),
                );
                continue;
            }
            match value.as_i64().filter(|v| (0..=100).contains(v)) {
                Some(v) => {
                    tone.insert(slider, Value::from(v));
                }
                None => errors.add(
                    &format!("tone.{slider}"),
                    "use a whole number from 0 to 100",
                ),
            }
        }
        base.tone = Value::Object(tone).to_string();
    }
    if let Some(focus) = body.industry_focus {
        check_text(&mut errors, "industry_focus", &focus, 200);
        base.industry_focus = focus.trim().to_string();
    }
    if let Some(language) = body.language {
        let language = language.trim().to_string();
        if !valid_language(&language) {
            errors.add(
                "language",
                "use a language code such as en, de, fr, es or en-US",
            );
        }
        base.language = language;
    }
    if let Some(signature) = body.signature {
        check_text(&mut errors, "signature", &signature, 500);
        base.signature = signature.trim().to_string();
    }
    if let Some(dos) = body.dos {
        base.dos =
            serde_json::to_string(&check_rules(&mut errors, "dos", &dos)).unwrap_or_default();
    }
    if let Some(donts) = body.donts {
        base.donts =
            serde_json::to_string(&check_rules(&mut errors, "donts", &donts)).unwrap_or_default();
    }
    errors.finish()?;
    Ok(base)
}

fn persona_error(error: StoreError) -> ApiError {
    match error {
        StoreError::Conflict(_) => ApiError::conflict(
            "duplicate_persona",
            "A persona with this name already exists in the workspace; choose another name.",
        )
        .with_details(serde_json::json!({"field": "name"})),
        StoreError::NotFound => ApiError::not_found("Persona"),
        other => other.into(),
    }
}

#[utoipa::path(tag = "library", request_body = PersonaRequest, responses((status = 201, body = Persona), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/personas")]
pub async fn create_persona(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<PersonaRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Admin)?;
    let body = body.into_inner();
    if body.name.is_none() {
        return Err(ApiError::field(
            "name",
            "enter a name of 1 to 100 characters",
        ));
    }
    let defaults = PersonaRecord {
        id: String::new(),
        name: String::new(),
        role: String::new(),
        tone: serde_json::json!({"formality": 50, "warmth": 50, "brevity": 50, "enthusiasm": 50, "assertiveness": 50}).to_string(),
        industry_focus: String::new(),
        language: "en".into(),
        signature: String::new(),
        dos: "[]".into(),
        donts: "[]".into(),
    };
    let persona = apply_persona(defaults, body)?;
    let created = state
        .store
        .library()
        .create_persona(&principal.workspace_id, &persona)
        .await
        .map_err(persona_error)?;
    Ok(HttpResponse::Created().json(Persona::from(created)))
}

#[utoipa::path(tag = "library", params(("id" = String, Path, description = "Persona id")), responses((status = 200, body = Persona), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/personas/{id}")]
pub async fn get_persona(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<Persona>> {
    let persona = state
        .store
        .library()
        .persona(&principal.workspace_id, &path)
        .await?
        .ok_or_else(|| ApiError::not_found("Persona"))?;
    Ok(web::Json(persona.into()))
}

#[utoipa::path(tag = "library", request_body = PersonaRequest, params(("id" = String, Path, description = "Persona id")), responses((status = 200, body = Persona), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[patch("/api/personas/{id}")]
pub async fn update_persona(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<PersonaRequest>,
) -> ApiResult<web::Json<Persona>> {
    principal.require(Role::Admin)?;
    let current = state
        .store
        .library()
        .persona(&principal.workspace_id, &path)
        .await?
        .ok_or_else(|| ApiError::not_found("Persona"))?;
    let persona = apply_persona(current, body.into_inner())?;
    let updated = state
        .store
        .library()
        .update_persona(&principal.workspace_id, &path, &persona)
        .await
        .map_err(persona_error)?;
    Ok(web::Json(updated.into()))
}

#[utoipa::path(tag = "library", params(("id" = String, Path, description = "Persona id")), responses((status = 204, description = "Deleted; agents using it continue without a persona"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[delete("/api/personas/{id}")]
pub async fn delete_persona(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Admin)?;
    state
        .store
        .library()
        .delete_persona(&principal.workspace_id, &path)
        .await
        .map_err(persona_error)?;
    Ok(HttpResponse::NoContent().finish())
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
