//! Workflows: CRUD of the draft graph, validation, publishing immutable versions, version
//! history and restore, export / import of the JSON file, and the templates to start from.
//! See docs/workflows.md. Viewers read; sales and admins write.

use super::dto::iso;
use super::error::{ApiError, ApiResult, ErrorBody};
use super::principal::Principal;
use super::state::AppState;
use crate::domain::{Channel, Role};
use crate::store::{
    ArchiveOutcome, NewWorkflow, StoreError, WorkflowChanges, WorkflowRecord, WorkflowVersionRecord,
};
use crate::workflows::export::{self, ExportFile, ReadError};
use crate::workflows::graph::Graph;
use crate::workflows::templates;
use crate::workflows::validate::{self, Facts, Finding};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

const MAX_NAME_CHARS: usize = 200;
const MAX_DESCRIPTION_CHARS: usize = 2_000;

#[derive(Serialize, ToSchema)]
pub struct Workflow {
    pub id: String,
    pub name: String,
    pub description: String,
    /// The graph being edited (docs/workflows.md, "The graph").
    #[schema(value_type = Object)]
    pub draft: Value,
    /// The newest published version; 0 before the first publish.
    pub latest_version: i64,
    pub has_unpublished_changes: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct WorkflowSummary {
    pub id: String,
    pub name: String,
    pub description: String,
    pub latest_version: i64,
    pub has_unpublished_changes: bool,
    pub node_count: usize,
    pub updated_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct WorkflowList {
    pub items: Vec<WorkflowSummary>,
}

#[derive(Serialize, ToSchema)]
pub struct WorkflowVersion {
    pub version: i64,
    pub note: String,
    /// The publisher's user id.
    pub published_by: Option<String>,
    pub published_by_name: Option<String>,
    pub published_at: String,
    pub node_count: usize,
    /// Only when one version is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub graph: Option<Value>,
}

#[derive(Serialize, ToSchema)]
pub struct VersionList {
    pub items: Vec<WorkflowVersion>,
}

#[derive(Serialize, ToSchema)]
pub struct Published {
    pub version: i64,
    pub published_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct ValidationReport {
    /// No errors (warnings allowed).
    pub valid: bool,
    pub findings: Vec<Finding>,
}

#[derive(Serialize, ToSchema)]
pub struct WorkflowTemplate {
    pub key: String,
    pub name: String,
    pub description: String,
    #[schema(value_type = Object)]
    pub graph: Value,
}

#[derive(Serialize, ToSchema)]
pub struct TemplateList {
    pub items: Vec<WorkflowTemplate>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWorkflow {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Start from a template (`GET /api/workflow-templates`); not with `graph`.
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub graph: Option<Value>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateWorkflow {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// The whole graph; it only has to parse (validation is separate).
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub draft: Option<Value>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ValidateRequest {
    /// Unsaved edits to check instead of the saved draft.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub draft: Option<Value>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    #[serde(default)]
    pub note: Option<String>,
}

pub(super) fn parse_graph(text: &str) -> ApiResult<Graph> {
    serde_json::from_str(text).map_err(|error| {
        ApiError::internal(anyhow::anyhow!("a stored graph is unreadable: {error}"))
    })
}

fn graph_value(text: &str) -> ApiResult<Value> {
    serde_json::from_str(text).map_err(|error| {
        ApiError::internal(anyhow::anyhow!("a stored graph is unreadable: {error}"))
    })
}

fn graph_text(graph: &Graph) -> ApiResult<String> {
    serde_json::to_string(graph).map_err(|error| ApiError::internal(error.into()))
}

fn node_count(text: &str) -> usize {
    #[derive(Deserialize)]
    struct Nodes {
        #[serde(default)]
        nodes: Vec<serde::de::IgnoredAny>,
    }
    serde_json::from_str::<Nodes>(text).map_or(0, |graph| graph.nodes.len())
}

impl TryFrom<WorkflowRecord> for Workflow {
    type Error = ApiError;

    fn try_from(record: WorkflowRecord) -> ApiResult<Self> {
        Ok(Self {
            draft: graph_value(&record.draft)?,
            id: record.id,
            name: record.name,
            description: record.description,
            latest_version: record.latest_version,
            has_unpublished_changes: record.has_unpublished_changes,
            created_at: iso(record.created_at),
            updated_at: iso(record.updated_at),
        })
    }
}

impl From<WorkflowRecord> for WorkflowSummary {
    fn from(record: WorkflowRecord) -> Self {
        Self {
            node_count: node_count(&record.draft),
            id: record.id,
            name: record.name,
            description: record.description,
            latest_version: record.latest_version,
            has_unpublished_changes: record.has_unpublished_changes,
            updated_at: iso(record.updated_at),
        }
    }
}

impl WorkflowVersion {
    fn new(record: WorkflowVersionRecord, with_graph: bool) -> ApiResult<Self> {
        Ok(Self {
            node_count: node_count(&record.graph),
            graph: if with_graph {
                Some(graph_value(&record.graph)?)
            } else {
                None
            },
            version: record.version,
            note: record.note,
            published_by: record.published_by,
            published_by_name: record.published_by_name,
            published_at: iso(record.published_at),
        })
    }
}

/// A refused graph or file as the API answers it: the code of [`ReadError`], and the path of
/// the problem in `details` (also as `fields`, like every validation error).
fn read_error(error: ReadError) -> ApiError {
    let status = match error {
        ReadError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ReadError::NotJson(_) => StatusCode::BAD_REQUEST,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let message = format!("The workflow cannot be read: {error}.");
    let details = match error.path() {
        Some(path) => json!({"path": path, "fields": {path: error.to_string()}}),
        None => json!({}),
    };
    ApiError::new(status, error.code(), message).with_details(details)
}

fn not_found() -> ApiError {
    ApiError::not_found("Workflow")
}

/// The workflow of the caller's workspace, or 404.
pub(super) async fn find(
    state: &AppState,
    principal: &Principal,
    id: &str,
) -> ApiResult<WorkflowRecord> {
    state
        .store
        .workflows()
        .get(&principal.workspace_id, id)
        .await
        .map_err(store_error)
}

fn store_error(error: StoreError) -> ApiError {
    match error {
        StoreError::NotFound => not_found(),
        other => other.into(),
    }
}

fn check_name(name: &str) -> ApiResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::field(
            "name",
            format!("write a name of 1 to {MAX_NAME_CHARS} characters"),
        ));
    }
    Ok(name.to_string())
}

fn check_description(description: &str) -> ApiResult<&str> {
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(ApiError::field(
            "description",
            format!("write at most {MAX_DESCRIPTION_CHARS} characters"),
        ));
    }
    Ok(description)
}

/// What validation knows about the workspace: the store's facts plus the providers configured
/// for the whole server in its environment (SMTP / SendGrid, the default workspace's Twilio).
pub(crate) async fn workspace_facts(state: &AppState, workspace_id: &str) -> ApiResult<Facts> {
    let mut facts = validate::load_facts(&state.store, workspace_id).await?;
    let email = &state.settings.email;
    if email.smtp_url.is_some() || email.sendgrid_api_key.is_some() {
        facts.configured_channels.insert(Channel::Email);
    }
    if state.twilio.env_credentials().is_some()
        && state.twilio.is_default_workspace(workspace_id).await
    {
        facts
            .configured_channels
            .extend([Channel::Sms, Channel::Whatsapp]);
    }
    Ok(facts)
}

/// An optional JSON body: empty means the defaults, anything else must parse.
fn optional_body<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> ApiResult<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|error| {
        let (status, code) = if error.is_data() {
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field")
        } else {
            (StatusCode::BAD_REQUEST, "malformed_json")
        };
        ApiError::new(
            status,
            code,
            format!("The JSON body is not valid: {error}."),
        )
    })
}

#[utoipa::path(tag = "workflows", responses((status = 200, body = WorkflowList)), security(("bearer" = [])))]
#[get("/api/workflows")]
pub async fn list_workflows(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<WorkflowList>> {
    let records = state
        .store
        .workflows()
        .list(&principal.workspace_id)
        .await?;
    Ok(web::Json(WorkflowList {
        items: records.into_iter().map(Into::into).collect(),
    }))
}

#[utoipa::path(tag = "workflows", request_body = CreateWorkflow, responses((status = 201, body = Workflow), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/workflows")]
pub async fn create_workflow(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<CreateWorkflow>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let body = body.into_inner();
    let name = check_name(&body.name)?;
    let description = check_description(body.description.as_deref().unwrap_or(""))?;
    let graph = match (body.template, body.graph) {
        (Some(_), Some(_)) => {
            return Err(ApiError::field(
                "template",
                "give a template or a graph, not both",
            ));
        }
        (Some(key), None) => {
            templates::find(&key)
                .ok_or_else(|| {
                    let keys: Vec<_> = templates::all().iter().map(|t| t.key).collect();
                    ApiError::field(
                        "template",
                        format!(
                            "'{key}' is not a template (use one of: {})",
                            keys.join(", ")
                        ),
                    )
                })?
                .graph
        }
        (None, Some(graph)) => {
            export::read_graph(graph).map_err(|error| read_error(error.within("graph")))?
        }
        (None, None) => Graph::default(),
    };
    let created = state
        .store
        .workflows()
        .create(
            &principal.workspace_id,
            &NewWorkflow {
                name: &name,
                description,
                draft: &graph_text(&graph)?,
                created_by: Some(&principal.user_id),
            },
        )
        .await?;
    Ok(HttpResponse::Created().json(Workflow::try_from(created)?))
}

#[utoipa::path(tag = "workflows", responses((status = 200, body = Workflow), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/workflows/{id}")]
pub async fn get_workflow(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<Workflow>> {
    let record = find(&state, &principal, &path).await?;
    Ok(web::Json(record.try_into()?))
}

#[utoipa::path(tag = "workflows", request_body = UpdateWorkflow, responses((status = 200, body = Workflow), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[patch("/api/workflows/{id}")]
pub async fn update_workflow(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<UpdateWorkflow>,
) -> ApiResult<web::Json<Workflow>> {
    principal.require(Role::Sales)?;
    let body = body.into_inner();
    let name = body.name.as_deref().map(check_name).transpose()?;
    let description = body
        .description
        .as_deref()
        .map(check_description)
        .transpose()?;
    let draft = match body.draft {
        Some(draft) => Some(graph_text(
            &export::read_graph(draft).map_err(|error| read_error(error.within("draft")))?,
        )?),
        None => None,
    };
    let updated = state
        .store
        .workflows()
        .update(
            &principal.workspace_id,
            &path,
            &WorkflowChanges {
                name: name.as_deref(),
                description,
                draft: draft.as_deref(),
            },
        )
        .await
        .map_err(store_error)?;
    Ok(web::Json(updated.try_into()?))
}

#[utoipa::path(tag = "workflows", responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
#[delete("/api/workflows/{id}")]
pub async fn delete_workflow(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    match state
        .store
        .workflows()
        .archive(&principal.workspace_id, &path)
        .await
        .map_err(store_error)?
    {
        ArchiveOutcome::Archived => Ok(HttpResponse::NoContent().finish()),
        ArchiveOutcome::InUse(campaigns) => Err(ApiError::conflict(
            "workflow_in_use",
            format!(
                "Campaigns still run this workflow ({}); pause and archive or complete them first.",
                campaigns.join(", ")
            ),
        )
        .with_details(json!({"campaigns": campaigns}))),
    }
}

#[utoipa::path(tag = "workflows", request_body = Option<ValidateRequest>, responses((status = 200, body = ValidationReport), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/workflows/{id}/validate")]
pub async fn validate_workflow(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Bytes,
) -> ApiResult<web::Json<ValidationReport>> {
    let request: ValidateRequest = optional_body(&body)?;
    let record = find(&state, &principal, &path).await?;
    let graph = match request.draft {
        Some(draft) => {
            export::read_graph(draft).map_err(|error| read_error(error.within("draft")))?
        }
        None => parse_graph(&record.draft)?,
    };
    let facts = workspace_facts(&state, &principal.workspace_id).await?;
    let findings = validate::validate(&graph, &facts);
    Ok(web::Json(ValidationReport {
        valid: !validate::has_errors(&findings),
        findings,
    }))
}

#[utoipa::path(tag = "workflows", request_body = Option<PublishRequest>, responses((status = 201, body = Published), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/workflows/{id}/publish")]
pub async fn publish_workflow(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let request: PublishRequest = optional_body(&body)?;
    let note = request.note.unwrap_or_default();
    if note.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(ApiError::field(
            "note",
            format!("write at most {MAX_DESCRIPTION_CHARS} characters"),
        ));
    }
    let record = find(&state, &principal, &path).await?;
    if !record.has_unpublished_changes {
        return Err(ApiError::conflict(
            "nothing_to_publish",
            format!(
                "The draft is the same as version {}; edit it before publishing again.",
                record.latest_version
            ),
        ));
    }
    let facts = workspace_facts(&state, &principal.workspace_id).await?;
    let findings = validate::validate(&parse_graph(&record.draft)?, &facts);
    if validate::has_errors(&findings) {
        let errors = findings.iter().filter(|f| f.is_error()).count();
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "workflow_invalid",
            format!("The workflow has {errors} problem(s) to fix before it can be published."),
        )
        .with_details(json!({"findings": findings})));
    }
    let version = state
        .store
        .workflows()
        .publish(
            &principal.workspace_id,
            &path,
            &record.draft,
            note.trim(),
            Some(&principal.user_id),
        )
        .await
        .map_err(|error| match error {
            StoreError::Conflict(_) => ApiError::conflict(
                "draft_changed",
                "The draft was saved again while publishing; validate and publish the new draft.",
            ),
            other => store_error(other),
        })?;
    Ok(HttpResponse::Created().json(Published {
        version: version.version,
        published_at: iso(version.published_at),
    }))
}

#[utoipa::path(tag = "workflows", responses((status = 200, body = VersionList), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/workflows/{id}/versions")]
pub async fn list_versions(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<VersionList>> {
    let versions = state
        .store
        .workflows()
        .versions(&principal.workspace_id, &path)
        .await
        .map_err(store_error)?;
    Ok(web::Json(VersionList {
        items: versions
            .into_iter()
            .map(|v| WorkflowVersion::new(v, false))
            .collect::<ApiResult<_>>()?,
    }))
}

#[utoipa::path(tag = "workflows", responses((status = 200, body = WorkflowVersion), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/workflows/{id}/versions/{version}")]
pub async fn get_version(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(String, i64)>,
) -> ApiResult<web::Json<WorkflowVersion>> {
    let (id, version) = path.into_inner();
    let record = state
        .store
        .workflows()
        .version(&principal.workspace_id, &id, version)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => ApiError::not_found("Workflow version"),
            other => other.into(),
        })?;
    Ok(web::Json(WorkflowVersion::new(record, true)?))
}

#[utoipa::path(tag = "workflows", responses((status = 200, body = Workflow), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/workflows/{id}/versions/{version}/restore")]
pub async fn restore_version(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(String, i64)>,
) -> ApiResult<web::Json<Workflow>> {
    principal.require(Role::Sales)?;
    let (id, version) = path.into_inner();
    let restored = state
        .store
        .workflows()
        .restore(&principal.workspace_id, &id, version)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => ApiError::not_found("Workflow version"),
            other => other.into(),
        })?;
    Ok(web::Json(restored.try_into()?))
}

#[utoipa::path(tag = "workflows", responses((status = 200, description = "The workflow file (format omnireach.workflow), as an attachment", content_type = "application/json"), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/workflows/{id}/export")]
pub async fn export_workflow(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let record = find(&state, &principal, &path).await?;
    let graph = parse_graph(&record.draft)?;
    let file = ExportFile {
        name: &record.name,
        description: &record.description,
        graph: &graph,
    };
    let body =
        serde_json::to_vec_pretty(&file).map_err(|error| ApiError::internal(error.into()))?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((
            "Content-Disposition",
            format!(
                "attachment; filename=\"{}.workflow.json\"",
                file_stem(&record.name)
            ),
        ))
        .body(body))
}

/// A file name from a workflow name: lower-case letters, digits and dashes.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let stem = stem
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "workflow".into()
    } else {
        stem.chars().take(60).collect()
    }
}

#[utoipa::path(tag = "workflows", request_body(content = Object, description = "An exported workflow file (at most 1 MB)"), responses((status = 201, body = Workflow), (status = 400, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/workflows/import")]
pub async fn import_workflow(
    state: web::Data<AppState>,
    principal: Principal,
    mut payload: web::Payload,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    // Read at most one byte past the limit: a larger file is refused without being held.
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|error| {
            ApiError::bad_request("body_unreadable", format!("The upload broke off: {error}."))
        })?;
        if body.len() + chunk.len() > export::MAX_FILE_BYTES {
            return Err(read_error(ReadError::TooLarge));
        }
        body.extend_from_slice(&chunk);
    }
    let imported = export::read_import(&body).map_err(read_error)?;
    let name = check_name(&imported.name)?;
    let description = check_description(&imported.description)?;
    let created = state
        .store
        .workflows()
        .create(
            &principal.workspace_id,
            &NewWorkflow {
                name: &name,
                description,
                draft: &graph_text(&imported.graph)?,
                created_by: Some(&principal.user_id),
            },
        )
        .await?;
    Ok(HttpResponse::Created().json(Workflow::try_from(created)?))
}

#[utoipa::path(tag = "workflows", responses((status = 200, body = TemplateList)), security(("bearer" = [])))]
#[get("/api/workflow-templates")]
pub async fn list_templates(_principal: Principal) -> ApiResult<web::Json<TemplateList>> {
    let items = templates::all()
        .into_iter()
        .map(|template| {
            Ok(WorkflowTemplate {
                key: template.key.to_string(),
                name: template.name.to_string(),
                description: template.description.to_string(),
                graph: serde_json::to_value(&template.graph)
                    .map_err(|error| ApiError::internal(error.into()))?,
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(web::Json(TemplateList { items }))
}
