//! Lead endpoints: CRUD, list with search/filters/sort/pagination, and CSV export.

use super::dto::iso;
use super::error::{ApiError, ApiResult, ErrorBody, FieldErrors};
use super::principal::Principal;
use super::state::AppState;
use crate::domain::{Channel, ConsentStatus, EmailAddress, PhoneNumber, Role, Stage, TimeZoneName};
use crate::store::{LeadChanges, LeadDraft, LeadFilter, LeadRecord, LeadSort, StoreError};
use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct Consent {
    pub status: ConsentStatus,
    /// Where the consent came from (e.g. "web form", "csv import", "STOP keyword").
    pub source: Option<String>,
    /// What shows it (e.g. the STOP message's id and text, a form submission).
    pub evidence: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LeadOwner {
    pub id: String,
    pub name: String,
    pub email: String,
}

#[derive(Serialize, ToSchema)]
pub struct LeadCompany {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct Lead {
    pub id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub full_name: String,
    pub email: Option<String>,
    /// E.164.
    pub phone: Option<String>,
    pub title: Option<String>,
    pub company: Option<LeadCompany>,
    pub stage: Stage,
    pub tags: Vec<String>,
    pub owner: Option<LeadOwner>,
    /// IANA time zone.
    pub timezone: Option<String>,
    pub do_not_contact: bool,
    pub email_status: String,
    /// One entry per channel: email, sms, whatsapp, voice, linkedin.
    pub consents: BTreeMap<String, Consent>,
    #[schema(value_type = Object)]
    pub custom_fields: Map<String, Value>,
    pub source: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<LeadRecord> for Lead {
    fn from(lead: LeadRecord) -> Self {
        let consents = Channel::ALL
            .into_iter()
            .map(|channel| {
                let stored = lead.consents.iter().find(|c| c.channel == channel);
                let consent = match stored {
                    Some(c) => Consent {
                        status: c.status,
                        source: c.source.clone(),
                        evidence: c.evidence.clone(),
                        updated_at: Some(iso(c.updated_at)),
                    },
                    None => Consent {
                        status: ConsentStatus::Unknown,
                        source: None,
                        evidence: None,
                        updated_at: None,
                    },
                };
                (channel.as_str().to_string(), consent)
            })
            .collect();
        let owner = match (lead.owner_id, lead.owner_name, lead.owner_email) {
            (Some(id), Some(name), Some(email)) => Some(LeadOwner { id, name, email }),
            _ => None,
        };
        let company = match (lead.company_id, lead.company_name) {
            (Some(id), Some(name)) => Some(LeadCompany { id, name }),
            _ => None,
        };
        Self {
            id: lead.id,
            first_name: lead.first_name,
            last_name: lead.last_name,
            full_name: lead.full_name,
            email: lead.email,
            phone: lead.phone,
            title: lead.title,
            company,
            stage: lead.stage,
            tags: lead.tags,
            owner,
            timezone: lead.timezone,
            do_not_contact: lead.do_not_contact,
            email_status: lead.email_status,
            consents,
            custom_fields: lead.custom_fields,
            source: lead.source,
            created_at: iso(lead.created_at),
            updated_at: iso(lead.updated_at),
        }
    }
}

/// Distinguishes "field absent" (outer `None`) from "field set to null" (`Some(None)`).
fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    pub status: ConsentStatus,
    pub source: Option<String>,
}

/// Body of POST (create) and PATCH (partial update; `null` clears a field).
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct LeadInput {
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub first_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub last_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    /// Any common format; stored as E.164. Numbers without a country code need `default_country`.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    /// ISO country (e.g. `US`) for a phone number written without a country code.
    pub default_country: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub company_id: Option<Option<String>>,
    /// Links the lead to the company of that name, creating it if needed.
    pub company_name: Option<String>,
    pub stage: Option<Stage>,
    pub tags: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub owner_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub timezone: Option<Option<String>>,
    pub do_not_contact: Option<bool>,
    pub consents: Option<BTreeMap<String, ConsentInput>>,
    #[schema(value_type = Option<Object>)]
    pub custom_fields: Option<Map<String, Value>>,
}

fn clean(text: Option<Option<String>>) -> Option<Option<String>> {
    text.map(|v| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
}

/// The input parsed into domain values (every field problem reported at once), shared by create
/// and update.
async fn parse_input(
    state: &AppState,
    principal: &Principal,
    input: LeadInput,
) -> ApiResult<LeadChanges> {
    let mut errors = FieldErrors::default();
    let country = input.default_country.as_deref();
    let email = clean(input.email)
        .map(|v| v.and_then(|raw| errors.check("email", EmailAddress::parse(&raw))));
    let phone = clean(input.phone)
        .map(|v| v.and_then(|raw| errors.check("phone", PhoneNumber::parse(&raw, country))));
    let timezone = clean(input.timezone)
        .map(|v| v.and_then(|raw| errors.check("timezone", TimeZoneName::parse(&raw))));
    let mut consents = Vec::new();
    for (channel, consent) in input.consents.unwrap_or_default() {
        if let Some(channel) =
            errors.check(&format!("consents.{channel}"), Channel::parse(&channel))
        {
            let source = consent
                .source
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty());
            consents.push((
                channel,
                consent.status,
                source.or_else(|| Some("manual".into())),
            ));
        }
    }
    let tags = input.tags.inspect(|tags| {
        for tag in tags {
            if tag.chars().count() > 50 {
                errors.add("tags", format!("'{tag}' is longer than 50 characters"));
            }
        }
    });
    if let Some(fields) = &input.custom_fields {
        for (key, value) in fields {
            if !(value.is_string() || value.is_number() || value.is_boolean() || value.is_null()) {
                errors.add(
                    &format!("custom_fields.{key}"),
                    "use a string, number or boolean",
                );
            }
        }
    }
    let mut company_id = clean(input.company_id);
    if let Some(Some(id)) = &company_id
        && state
            .store
            .companies()
            .find(&principal.workspace_id, id)
            .await?
            .is_none()
    {
        errors.add("company_id", "no such company in this workspace");
    }
    if let Some(name) = input
        .company_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        let ids = state
            .store
            .companies()
            .resolve_names(&principal.workspace_id, &[(name.to_string(), None)])
            .await?;
        company_id = Some(ids.get(&crate::store::company_name_key(name)).cloned());
    }
    let owner_id = clean(input.owner_id);
    if let Some(Some(id)) = &owner_id
        && state
            .store
            .users()
            .find_in_workspace(&principal.workspace_id, id)
            .await?
            .is_none()
    {
        errors.add("owner_id", "no such user in this workspace");
    }
    errors.finish()?;
    Ok(LeadChanges {
        first_name: clean(input.first_name),
        last_name: clean(input.last_name),
        email,
        phone,
        title: clean(input.title),
        company_id,
        stage: input.stage,
        tags,
        owner_id,
        timezone,
        do_not_contact: input.do_not_contact,
        consents,
        custom_fields: input.custom_fields,
    })
}

async fn duplicate_error(
    state: &AppState,
    workspace_id: &str,
    email: Option<&str>,
    phone: Option<&str>,
    except: Option<&str>,
) -> ApiResult<()> {
    if let Some(existing) = state
        .store
        .leads()
        .find_duplicate(workspace_id, email, phone, except)
        .await?
    {
        return Err(ApiError::conflict(
            "duplicate_lead",
            "A lead with this email or phone already exists; open it instead of creating a copy.",
        )
        .with_details(json!({ "existing_lead_id": existing })));
    }
    Ok(())
}

#[utoipa::path(
    tag = "leads",
    request_body = LeadInput,
    responses(
        (status = 201, body = Lead),
        (status = 403, body = ErrorBody),
        (status = 409, description = "A lead with this email or phone exists", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/api/leads")]
pub async fn create_lead(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<LeadInput>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let changes = parse_input(&state, &principal, body.into_inner()).await?;
    let email = changes.email.clone().flatten();
    let phone = changes.phone.clone().flatten();
    if email.is_none() && phone.is_none() {
        return Err(ApiError::validation(vec![
            ("email".into(), "give an email or a phone number".into()),
            ("phone".into(), "give an email or a phone number".into()),
        ]));
    }
    let workspace = &principal.workspace_id;
    duplicate_error(
        &state,
        workspace,
        email.as_ref().map(|e| e.as_str()),
        phone.as_ref().map(|p| p.as_str()),
        None,
    )
    .await?;
    let draft = LeadDraft {
        first_name: changes.first_name.flatten(),
        last_name: changes.last_name.flatten(),
        email,
        phone,
        title: changes.title.flatten(),
        company_id: changes.company_id.flatten(),
        stage: changes.stage,
        tags: changes.tags.unwrap_or_default(),
        owner_id: changes.owner_id.flatten(),
        timezone: changes.timezone.flatten(),
        do_not_contact: changes.do_not_contact,
        consents: changes.consents,
        custom_fields: changes.custom_fields.unwrap_or_default(),
        source: Some(if principal.via_api_key {
            "api".into()
        } else {
            "manual".into()
        }),
        created_at: None,
    };
    let lead = state
        .store
        .leads()
        .create(workspace, draft)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => ApiError::conflict(
                "duplicate_lead",
                "A lead with this email or phone already exists.",
            ),
            other => other.into(),
        })?;
    Ok(HttpResponse::Created().json(Lead::from(lead)))
}

#[utoipa::path(
    tag = "leads",
    params(("id" = String, Path, description = "Lead id")),
    responses((status = 200, body = Lead), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/api/leads/{id}")]
pub async fn get_lead(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<Lead>> {
    let lead = state
        .store
        .leads()
        .find(&principal.workspace_id, &path)
        .await?
        .ok_or_else(|| ApiError::not_found("Lead"))?;
    Ok(web::Json(lead.into()))
}

#[utoipa::path(
    tag = "leads",
    request_body = LeadInput,
    params(("id" = String, Path, description = "Lead id")),
    responses((status = 200, body = Lead), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[patch("/api/leads/{id}")]
pub async fn update_lead(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<LeadInput>,
) -> ApiResult<web::Json<Lead>> {
    principal.require(Role::Sales)?;
    let id = path.into_inner();
    let workspace = &principal.workspace_id;
    let current = state
        .store
        .leads()
        .find(workspace, &id)
        .await?
        .ok_or_else(|| ApiError::not_found("Lead"))?;
    let changes = parse_input(&state, &principal, body.into_inner()).await?;
    let email = match &changes.email {
        Some(v) => v.as_ref().map(|e| e.as_str().to_string()),
        None => current.email.clone(),
    };
    let phone = match &changes.phone {
        Some(v) => v.as_ref().map(|p| p.as_str().to_string()),
        None => current.phone.clone(),
    };
    if email.is_none() && phone.is_none() {
        return Err(ApiError::field(
            "email",
            "a lead needs an email or a phone number; keep one of them",
        ));
    }
    duplicate_error(
        &state,
        workspace,
        email.as_deref(),
        phone.as_deref(),
        Some(&id),
    )
    .await?;
    let lead = state
        .store
        .leads()
        .update(workspace, &id, changes)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("Lead"),
            StoreError::Conflict(_) => ApiError::conflict(
                "duplicate_lead",
                "A lead with this email or phone already exists.",
            ),
            other => other.into(),
        })?;
    Ok(web::Json(lead.into()))
}

#[utoipa::path(
    tag = "leads",
    params(("id" = String, Path, description = "Lead id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[delete("/api/leads/{id}")]
pub async fn delete_lead(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    state
        .store
        .leads()
        .delete(&principal.workspace_id, &path)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("Lead"),
            other => other.into(),
        })?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(deny_unknown_fields)]
pub struct LeadListQuery {
    /// Matches name, email, phone, title and company.
    pub q: Option<String>,
    pub stage: Option<String>,
    pub tag: Option<String>,
    pub owner_id: Option<String>,
    pub company_id: Option<String>,
    /// Only leads who granted consent on this channel.
    pub consent: Option<String>,
    pub do_not_contact: Option<bool>,
    /// `created_at`, `updated_at`, `name`, `stage` or `company`; prefix `-` for descending.
    pub sort: Option<String>,
    /// 1–500, default 50.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

impl LeadListQuery {
    fn filter(&self) -> ApiResult<LeadFilter> {
        let mut errors = FieldErrors::default();
        let stage = self
            .stage
            .as_deref()
            .filter(|s| !s.is_empty())
            .and_then(|s| errors.check("stage", Stage::parse(s)));
        let consent = self
            .consent
            .as_deref()
            .filter(|s| !s.is_empty())
            .and_then(|s| errors.check("consent", Channel::parse(s)));
        let sort = match self.sort.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(raw) => {
                let (descending, field) = match raw.strip_prefix('-') {
                    Some(rest) => (true, rest),
                    None => (false, raw),
                };
                let field = match field {
                    "created_at" => Some(LeadSort::CreatedAt),
                    "updated_at" => Some(LeadSort::UpdatedAt),
                    "name" => Some(LeadSort::Name),
                    "stage" => Some(LeadSort::Stage),
                    "company" => Some(LeadSort::Company),
                    _ => {
                        errors.add("sort", "use created_at, updated_at, name, stage or company, with - for descending");
                        None
                    }
                };
                field.map(|f| (f, descending))
            }
        };
        errors.finish()?;
        let non_empty = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        Ok(LeadFilter {
            query: non_empty(&self.q),
            stage,
            tag: non_empty(&self.tag),
            owner_id: non_empty(&self.owner_id),
            company_id: non_empty(&self.company_id),
            consent,
            do_not_contact: self.do_not_contact,
            sort,
        })
    }
}

#[derive(Serialize, ToSchema)]
pub struct LeadPage {
    pub items: Vec<Lead>,
    /// Leads matching the filters, across all pages.
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

#[utoipa::path(
    tag = "leads",
    params(LeadListQuery),
    responses((status = 200, body = LeadPage), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/api/leads")]
pub async fn list_leads(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<LeadListQuery>,
) -> ApiResult<web::Json<LeadPage>> {
    let filter = query.filter()?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::field("limit", "use a number from 1 to 500"));
    }
    let offset = query.offset.unwrap_or(0);
    if offset < 0 {
        return Err(ApiError::field("offset", "use 0 or more"));
    }
    let (leads, total) = state
        .store
        .leads()
        .list(&principal.workspace_id, &filter, limit, offset)
        .await?;
    Ok(web::Json(LeadPage {
        items: leads.into_iter().map(Lead::from).collect(),
        total,
        limit,
        offset,
    }))
}

/// Columns of the export, in order. The import recognises the same headers, so an export can be
/// re-imported unchanged.
pub const EXPORT_HEADERS: [&str; 15] = [
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "title",
    "company",
    "stage",
    "tags",
    "owner_email",
    "timezone",
    "do_not_contact",
    "consent_email",
    "consent_sms",
    "created_at",
];

fn export_row(lead: &LeadRecord) -> Vec<String> {
    let consent = |channel: Channel| {
        lead.consents
            .iter()
            .find(|c| c.channel == channel)
            .map(|c| c.status.as_str().to_string())
            .unwrap_or_else(|| "unknown".into())
    };
    vec![
        lead.id.clone(),
        lead.first_name.clone().unwrap_or_default(),
        lead.last_name.clone().unwrap_or_default(),
        lead.email.clone().unwrap_or_default(),
        lead.phone.clone().unwrap_or_default(),
        lead.title.clone().unwrap_or_default(),
        lead.company_name.clone().unwrap_or_default(),
        lead.stage.as_str().into(),
        lead.tags.join("; "),
        lead.owner_email.clone().unwrap_or_default(),
        lead.timezone.clone().unwrap_or_default(),
        lead.do_not_contact.to_string(),
        consent(Channel::Email),
        consent(Channel::Sms),
        iso(lead.created_at),
    ]
    .into_iter()
    .map(|cell| neutralise_formula(&cell))
    .collect()
}

/// Spreadsheet apps execute cells starting with = + - @; prefix them so exported data stays data.
/// E.164 phone numbers (`+` and digits) are the one legitimate value with such a first character.
fn neutralise_formula(cell: &str) -> String {
    let is_phone = cell
        .strip_prefix('+')
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()));
    let looks_like_formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if looks_like_formula && !is_phone {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[utoipa::path(
    tag = "leads",
    params(LeadListQuery),
    responses((status = 200, description = "CSV of every lead matching the filters", content_type = "text/csv", body = String), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/api/leads/export")]
pub async fn export_leads(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<LeadListQuery>,
) -> ApiResult<HttpResponse> {
    let filter = query.filter()?;
    let workspace_id = principal.workspace_id.clone();
    let store = state.store.clone();
    const PAGE: i64 = 2000;
    // Streams page by page so a 100k-lead export never sits in memory at once.
    let stream = futures_util::stream::unfold(Some(0i64), move |offset| {
        let store = store.clone();
        let filter = filter.clone();
        let workspace_id = workspace_id.clone();
        async move {
            let offset = offset?;
            let mut writer = csv::Writer::from_writer(Vec::new());
            if offset == 0 {
                writer.write_record(EXPORT_HEADERS).ok()?;
            }
            let (leads, _) = match store
                .leads()
                .list(&workspace_id, &filter, PAGE, offset)
                .await
            {
                Ok(page) => page,
                Err(error) => {
                    tracing::error!(?error, "lead export failed mid-stream");
                    return Some((
                        Err(actix_web::error::ErrorInternalServerError("export failed")),
                        None,
                    ));
                }
            };
            for lead in &leads {
                writer.write_record(export_row(lead)).ok()?;
            }
            let bytes = writer.into_inner().ok()?;
            let next = if (leads.len() as i64) < PAGE {
                None
            } else {
                Some(offset + PAGE)
            };
            Some((Ok::<_, actix_web::Error>(web::Bytes::from(bytes)), next))
        }
    });
    let filename = format!("leads-{}.csv", chrono::Utc::now().format("%Y%m%d-%H%M%S"));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .streaming(stream))
}
