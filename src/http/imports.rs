//! CSV import endpoints: preview with a suggested mapping, start a background import, follow
//! its progress, and read the per-row report.

use super::dto::{ItemList, iso, iso_opt};
use super::error::{ApiError, ApiResult, ErrorBody};
use super::principal::Principal;
use super::state::AppState;
use crate::domain::Role;
use crate::import::{CsvFile, FIELDS, FieldKey, suggest_mapping};
use crate::store::{ImportJobRecord, NewImportJob};
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// The parts of an import upload.
struct Upload {
    filename: String,
    file: Vec<u8>,
    mapping: Option<String>,
    default_country: Option<String>,
}

async fn read_upload(mut payload: Multipart, limit: usize) -> ApiResult<Upload> {
    let mut upload = Upload {
        filename: "upload.csv".into(),
        file: Vec::new(),
        mapping: None,
        default_country: None,
    };
    let mut saw_file = false;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|e| {
            ApiError::bad_request(
                "invalid_multipart",
                format!("The upload could not be read: {e}."),
            )
        })?;
        let name = field.name().unwrap_or_default().to_string();
        if name == "file"
            && let Some(filename) = field.content_disposition().and_then(|d| d.get_filename())
        {
            upload.filename = filename.chars().take(200).collect();
        }
        let cap = if name == "file" { limit } else { 64 * 1024 };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| {
                ApiError::bad_request(
                    "invalid_multipart",
                    format!("The upload could not be read: {e}."),
                )
            })?;
            if bytes.len() + chunk.len() > cap {
                return Err(ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    format!(
                        "The '{name}' part is larger than {cap} bytes; split the file into smaller ones."
                    ),
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = || {
            String::from_utf8(bytes.clone())
                .map_err(|_| ApiError::field(&name, "must be UTF-8 text"))
        };
        match name.as_str() {
            "file" => {
                saw_file = true;
                upload.file = bytes;
            }
            "mapping" => upload.mapping = Some(text()?),
            "default_country" => {
                upload.default_country =
                    Some(text()?.trim().to_uppercase()).filter(|c| !c.is_empty())
            }
            other => {
                return Err(ApiError::bad_request(
                    "unknown_field",
                    format!(
                        "Unknown form field '{other}'; send 'file', and optionally 'mapping' and 'default_country'."
                    ),
                ));
            }
        }
    }
    if !saw_file {
        return Err(ApiError::field(
            "file",
            "attach the CSV file as the multipart field 'file'",
        ));
    }
    Ok(upload)
}

fn parse_csv(bytes: &[u8]) -> ApiResult<CsvFile> {
    CsvFile::parse(bytes).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_csv",
            format!("The file cannot be imported: {e}."),
        )
    })
}

#[derive(Serialize, ToSchema)]
pub struct ImportField {
    pub key: String,
    pub label: String,
}

#[derive(Serialize, ToSchema)]
pub struct ImportPreview {
    pub headers: Vec<String>,
    /// Suggested field for each header (`null`: ignore the column).
    pub suggested_mapping: BTreeMap<String, Option<String>>,
    /// The first rows, cell by cell, in header order.
    pub sample_rows: Vec<Vec<String>>,
    pub total_rows: i64,
    /// Every field a column can map to; `custom:<name>` adds a custom field.
    pub fields: Vec<ImportField>,
}

/// Body for the import endpoints: `file` (the CSV), `mapping` (JSON object header → field key
/// or null; omitted → suggested) and `default_country` (ISO code for national phone numbers).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ImportUpload {
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    pub mapping: Option<String>,
    pub default_country: Option<String>,
}

#[utoipa::path(
    tag = "imports",
    request_body(content = ImportUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = ImportPreview), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/api/leads/import/preview")]
pub async fn preview_import(
    state: web::Data<AppState>,
    principal: Principal,
    payload: Multipart,
) -> ApiResult<web::Json<ImportPreview>> {
    principal.require(Role::Sales)?;
    let upload = read_upload(payload, state.settings.import_max_bytes).await?;
    let file = parse_csv(&upload.file)?;
    let mut total_rows = 0;
    let mut sample_rows = Vec::new();
    for (_, row) in file.rows() {
        total_rows += 1;
        if sample_rows.len() < 20 {
            sample_rows.push(row.unwrap_or_default());
        }
    }
    let suggested_mapping = suggest_mapping(&file.headers)
        .into_iter()
        .map(|(h, f)| (h, f.map(|f| f.key())))
        .collect();
    Ok(web::Json(ImportPreview {
        headers: file.headers.clone(),
        suggested_mapping,
        sample_rows,
        total_rows,
        fields: FIELDS
            .iter()
            .map(|(key, label)| ImportField {
                key: key.to_string(),
                label: label.to_string(),
            })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ImportJob {
    pub id: String,
    pub filename: String,
    /// `queued`, `running`, `completed` or `failed`.
    pub status: String,
    pub total_rows: i64,
    pub processed_rows: i64,
    /// New leads.
    pub created: i64,
    /// Existing leads (same email or phone) that the row changed.
    pub merged: i64,
    /// Existing leads the row matched exactly.
    pub unchanged: i64,
    pub rejected: i64,
    pub error: Option<String>,
    pub created_at: String,
    pub finished_at: Option<String>,
}

impl From<ImportJobRecord> for ImportJob {
    fn from(job: ImportJobRecord) -> Self {
        Self {
            id: job.id,
            filename: job.filename,
            status: job.status,
            total_rows: job.counters.total_rows,
            processed_rows: job.counters.processed_rows,
            created: job.counters.created,
            merged: job.counters.merged,
            unchanged: job.counters.unchanged,
            rejected: job.counters.rejected,
            error: job.error,
            created_at: iso(job.created_at),
            finished_at: iso_opt(job.finished_at),
        }
    }
}

#[utoipa::path(
    tag = "imports",
    request_body(content = ImportUpload, content_type = "multipart/form-data"),
    responses(
        (status = 202, description = "Import queued; follow it at GET /api/leads/imports/{id}", body = ImportJob),
        (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, description = "Not a readable CSV, or an invalid mapping", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/api/leads/import")]
pub async fn start_import(
    state: web::Data<AppState>,
    principal: Principal,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let upload = read_upload(payload, state.settings.import_max_bytes).await?;
    let file = parse_csv(&upload.file)?;
    let mapping: BTreeMap<String, Option<String>> = match &upload.mapping {
        None => suggest_mapping(&file.headers)
            .into_iter()
            .map(|(h, f)| (h, f.map(|f| f.key())))
            .collect(),
        Some(text) => {
            let given: BTreeMap<String, Option<String>> =
                serde_json::from_str(text).map_err(|e| {
                    ApiError::field(
                        "mapping",
                        format!("must be a JSON object of header → field key or null ({e})"),
                    )
                })?;
            let mut problems = Vec::new();
            let mut used = std::collections::HashSet::new();
            for (header, key) in &given {
                if !file.headers.contains(header) {
                    problems.push((
                        format!("mapping.{header}"),
                        "no such column in the file".to_string(),
                    ));
                }
                if let Some(key) = key {
                    match FieldKey::parse(key) {
                        Err(message) => problems.push((format!("mapping.{header}"), message)),
                        Ok(field) if !used.insert(field.key()) => problems.push((
                            format!("mapping.{header}"),
                            format!("'{key}' is mapped from two columns; map it once"),
                        )),
                        Ok(_) => {}
                    }
                }
            }
            if !problems.is_empty() {
                return Err(ApiError::validation(problems));
            }
            given
        }
    };
    let targets: Vec<&str> = mapping.values().flatten().map(String::as_str).collect();
    if !targets.iter().any(|k| ["email", "phone"].contains(k)) {
        return Err(ApiError::field("mapping", "map a column to email or phone: every lead needs one of them")
            .with_details(json!({ "fields": { "mapping": "map a column to email or phone" }, "headers": file.headers })));
    }
    if let Some(country) = &upload.default_country
        && country.parse::<phonenumber::country::Id>().is_err()
    {
        return Err(ApiError::field(
            "default_country",
            format!("'{country}' is not an ISO country code (e.g. US, GB, DE)"),
        ));
    }
    let total_rows = file.rows().count() as i64;
    let mapping_json = serde_json::to_string(&mapping).map_err(anyhow::Error::from)?;
    let job = state
        .store
        .imports()
        .create(NewImportJob {
            workspace_id: &principal.workspace_id,
            created_by: &principal.user_id,
            filename: &upload.filename,
            mapping: &mapping_json,
            default_country: upload.default_country.as_deref(),
            content: &upload.file,
            total_rows,
        })
        .await?;
    state.imports.start(job.clone());
    Ok(HttpResponse::Accepted().json(ImportJob::from(job)))
}

#[utoipa::path(tag = "imports", responses((status = 200, body = ItemList<ImportJob>)), security(("bearer" = [])))]
#[get("/api/leads/imports")]
pub async fn list_imports(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<ItemList<ImportJob>>> {
    let jobs = state.store.imports().list(&principal.workspace_id).await?;
    Ok(web::Json(ItemList {
        items: jobs.into_iter().map(ImportJob::from).collect(),
    }))
}

#[utoipa::path(
    tag = "imports",
    params(("id" = String, Path, description = "Import job id")),
    responses((status = 200, body = ImportJob), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[get("/api/leads/imports/{id}")]
pub async fn get_import(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<ImportJob>> {
    let job = state
        .store
        .imports()
        .find(&principal.workspace_id, &path)
        .await?
        .ok_or_else(|| ApiError::not_found("Import"))?;
    Ok(web::Json(job.into()))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RejectionsQuery {
    /// `json` (default) or `csv`.
    pub format: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ImportRejectionItem {
    /// Row number as a spreadsheet shows it (the header is row 1).
    pub row_number: i64,
    pub reason: String,
    pub field: Option<String>,
    #[schema(value_type = Object)]
    pub raw: serde_json::Value,
}

#[utoipa::path(
    tag = "imports",
    params(("id" = String, Path, description = "Import job id"), RejectionsQuery),
    responses(
        (status = 200, body = ItemList<ImportRejectionItem>, description = "JSON, or a CSV report with format=csv"),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[get("/api/leads/imports/{id}/rejections")]
pub async fn import_rejections(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    query: web::Query<RejectionsQuery>,
) -> ApiResult<HttpResponse> {
    let job = state
        .store
        .imports()
        .find(&principal.workspace_id, &path)
        .await?
        .ok_or_else(|| ApiError::not_found("Import"))?;
    let rejections = state
        .store
        .imports()
        .rejections(&principal.workspace_id, &job.id)
        .await?;
    match query.format.as_deref().unwrap_or("json") {
        "json" => {
            let items: Vec<ImportRejectionItem> = rejections
                .into_iter()
                .map(|r| ImportRejectionItem {
                    row_number: r.row_number,
                    reason: r.reason,
                    field: r.field,
                    raw: serde_json::from_str(&r.raw).unwrap_or(serde_json::Value::Null),
                })
                .collect();
            Ok(HttpResponse::Ok().json(ItemList { items }))
        }
        "csv" => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer
                .write_record(["row_number", "field", "reason", "row"])
                .map_err(anyhow::Error::from)?;
            for r in rejections {
                writer
                    .write_record([
                        r.row_number.to_string(),
                        r.field.unwrap_or_default(),
                        r.reason,
                        r.raw,
                    ])
                    .map_err(anyhow::Error::from)?;
            }
            let bytes = writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(HttpResponse::Ok()
                .content_type("text/csv; charset=utf-8")
                .insert_header((
                    "Content-Disposition",
                    format!("attachment; filename=\"import-{}-rejected.csv\"", job.id),
                ))
                .body(bytes))
        }
        _ => Err(ApiError::field("format", "use json or csv")),
    }
}
