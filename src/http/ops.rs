//! Liveness, readiness, and the documented-but-middleware-served endpoints.

use super::state::AppState;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct Readiness {
    pub status: &'static str,
    /// `sqlite` or `postgres`.
    pub database: &'static str,
    pub version: &'static str,
}

#[utoipa::path(tag = "operations", responses((status = 200, description = "The process is alive", body = Health)))]
#[get("/health")]
pub async fn health() -> web::Json<Health> {
    web::Json(Health { status: "ok" })
}

#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "Ready to serve: the database answers", body = Readiness),
        (status = 503, description = "The database does not answer", body = Readiness),
    )
)]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let database = state.store.backend.name();
    let version = env!("CARGO_PKG_VERSION");
    if state.store.ping().await {
        HttpResponse::Ok().json(Readiness {
            status: "ready",
            database,
            version,
        })
    } else {
        HttpResponse::ServiceUnavailable().json(Readiness {
            status: "database_unavailable",
            database,
            version,
        })
    }
}

/// Served by the Prometheus middleware; declared here so the OpenAPI document lists it.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    responses((status = 200, description = "Prometheus text exposition format", content_type = "text/plain", body = String))
)]
#[allow(dead_code)]
pub fn metrics_doc() {}

/// Served by Swagger UI; declared here so the OpenAPI document lists it.
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations", responses((status = 200, description = "This OpenAPI document", body = Object)))]
#[allow(dead_code)]
pub fn openapi_doc() {}

/// Served by Swagger UI; declared here so the OpenAPI document lists it.
#[utoipa::path(get, path = "/api/docs/", tag = "operations", responses((status = 200, description = "Interactive API documentation (Swagger UI)", content_type = "text/html", body = String)))]
#[allow(dead_code)]
pub fn docs_page() {}
