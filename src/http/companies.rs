//! Companies (accounts) that leads belong to.

use super::dto::iso;
use super::error::{ApiError, ApiResult, ErrorBody};
use super::principal::Principal;
use super::state::AppState;
use crate::domain::Role;
use crate::store::{CompanyFilter, CompanyInput, CompanyRecord, StoreError};
use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct Company {
    pub id: String,
    pub name: String,
    pub domain: Option<String>,
    pub industry: Option<String>,
    pub lead_count: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl From<CompanyRecord> for Company {
    fn from(c: CompanyRecord) -> Self {
        Self {
            id: c.id,
            name: c.name,
            domain: c.domain,
            industry: c.industry,
            lead_count: c.lead_count,
            created_at: iso(c.created_at),
            updated_at: iso(c.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CompanyPage {
    pub items: Vec<Company>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CompanyListQuery {
    pub q: Option<String>,
    /// 1–500, default 50.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[utoipa::path(tag = "companies", params(CompanyListQuery), responses((status = 200, body = CompanyPage), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/companies")]
pub async fn list_companies(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<CompanyListQuery>,
) -> ApiResult<web::Json<CompanyPage>> {
    let limit = query.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::field("limit", "use a number from 1 to 500"));
    }
    let offset = query.offset.unwrap_or(0).max(0);
    let filter = CompanyFilter {
        query: query.q.clone().filter(|q| !q.trim().is_empty()),
    };
    let (items, total) = state
        .store
        .companies()
        .list(&principal.workspace_id, &filter, limit, offset)
        .await?;
    Ok(web::Json(CompanyPage {
        items: items.into_iter().map(Company::from).collect(),
        total,
        limit,
        offset,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanyRequest {
    pub name: Option<String>,
    pub domain: Option<String>,
    pub industry: Option<String>,
}

fn check_name(name: &str) -> ApiResult<()> {
    if name.trim().is_empty() || name.chars().count() > 200 {
        return Err(ApiError::field(
            "name",
            "enter a name of 1 to 200 characters",
        ));
    }
    Ok(())
}

fn blank_to_none(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn conflict(error: StoreError) -> ApiError {
    match error {
        StoreError::Conflict(_) => ApiError::conflict(
            "duplicate_company",
            "A company with this name already exists.",
        ),
        StoreError::NotFound => ApiError::not_found("Company"),
        other => other.into(),
    }
}

#[utoipa::path(tag = "companies", request_body = CompanyRequest, responses((status = 201, body = Company), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/companies")]
pub async fn create_company(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<CompanyRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    let body = body.into_inner();
    let name = body.name.unwrap_or_default();
    check_name(&name)?;
    let domain = blank_to_none(body.domain);
    let industry = blank_to_none(body.industry);
    let company = state
        .store
        .companies()
        .create(
            &principal.workspace_id,
            &name,
            domain.as_deref(),
            industry.as_deref(),
        )
        .await
        .map_err(conflict)?;
    Ok(HttpResponse::Created().json(Company::from(company)))
}

#[utoipa::path(tag = "companies", params(("id" = String, Path, description = "Company id")), responses((status = 200, body = Company), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/companies/{id}")]
pub async fn get_company(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<Company>> {
    let company = state
        .store
        .companies()
        .find(&principal.workspace_id, &path)
        .await?
        .ok_or_else(|| ApiError::not_found("Company"))?;
    Ok(web::Json(company.into()))
}

#[utoipa::path(tag = "companies", request_body = CompanyRequest, params(("id" = String, Path, description = "Company id")), responses((status = 200, body = Company), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[patch("/api/companies/{id}")]
pub async fn update_company(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<CompanyRequest>,
) -> ApiResult<web::Json<Company>> {
    principal.require(Role::Sales)?;
    let body = body.into_inner();
    if let Some(name) = &body.name {
        check_name(name)?;
    }
    let input = CompanyInput {
        name: body.name.map(|n| n.trim().to_string()),
        domain: body.domain.map(|d| blank_to_none(Some(d))),
        industry: body.industry.map(|i| blank_to_none(Some(i))),
    };
    let company = state
        .store
        .companies()
        .update(&principal.workspace_id, &path, input)
        .await
        .map_err(conflict)?;
    Ok(web::Json(company.into()))
}

#[utoipa::path(tag = "companies", params(("id" = String, Path, description = "Company id")), responses((status = 204, description = "Deleted; its leads stay, without a company"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[delete("/api/companies/{id}")]
pub async fn delete_company(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Sales)?;
    state
        .store
        .companies()
        .delete(&principal.workspace_id, &path)
        .await
        .map_err(conflict)?;
    Ok(HttpResponse::NoContent().finish())
}
