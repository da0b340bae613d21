//! Outbound webhook endpoints (admin-managed), their delivery log, a synchronous test send, and
//! the workspace's alerts. Deliveries themselves are sent by
//! `integrations::webhooks_out::DeliveryWorker`.

use super::dto::iso;
use super::error::{ApiError, ApiResult, ErrorBody, FieldErrors};
use super::principal::Principal;
use super::state::AppState;
use crate::domain::Role;
use crate::integrations::ssrf;
use crate::integrations::webhooks_out::{
    self, EVENTS, METHODS, mapping_target_allowed, token_label,
};
use crate::store::{
    StoreError, WebhookDeliveryRecord, WebhookEndpointInput, WebhookEndpointRecord,
};
use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct WebhookEndpoint {
    pub id: String,
    pub name: String,
    pub url: String,
    /// `POST`, `PUT` or `PATCH`.
    pub method: String,
    /// Extra request headers.
    #[schema(value_type = Object)]
    pub headers: Map<String, Value>,
    /// Whether a bearer token is stored (it is never shown again).
    pub has_auth_token: bool,
    /// Subscribed events (`*` = all).
    pub events: Vec<String>,
    /// JSON pointer in the receiver's JSON answer → lead field (`title`, `first_name`,
    /// `last_name`, `stage`, `custom_fields.<name>`).
    #[schema(value_type = Object)]
    pub response_mapping: Map<String, Value>,
    pub enabled: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<WebhookEndpointRecord> for WebhookEndpoint {
    fn from(e: WebhookEndpointRecord) -> Self {
        Self {
            id: e.id,
            name: e.name,
            url: e.url,
            method: e.method,
            headers: e.headers,
            has_auth_token: e.auth_token.is_some(),
            events: e.events,
            response_mapping: e.response_mapping,
            enabled: e.enabled,
            created_at: iso(e.created_at),
            updated_at: iso(e.updated_at),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookEndpointRequest {
    pub name: Option<String>,
    /// A public http(s) URL (private, loopback and metadata addresses are refused).
    pub url: Option<String>,
    /// `POST` (default), `PUT` or `PATCH`.
    pub method: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub headers: Option<Map<String, Value>>,
    /// Sent as `Authorization: Bearer <token>`; stored encrypted. Null removes it.
    #[serde(default, deserialize_with = "super::webhooks_calendar::double_option")]
    #[schema(value_type = Option<String>)]
    pub auth_token: Option<Option<String>>,
    pub events: Option<Vec<String>>,
    #[schema(value_type = Option<Object>)]
    pub response_mapping: Option<Map<String, Value>>,
    pub enabled: Option<bool>,
}

/// Headers a user may not set (we set them, or they would confuse the transport).
const RESERVED_HEADERS: [&str; 9] = [
    "host",
    "content-length",
    "content-type",
    "transfer-encoding",
    "connection",
    "authorization",
    "idempotency-key",
    "x-omnireach-signature",
    "x-omnireach-delivery",
];

async fn validate(
    state: &AppState,
    workspace_id: &str,
    endpoint_id: Option<&str>,
    current: Option<&WebhookEndpointRecord>,
    body: WebhookEndpointRequest,
) -> ApiResult<WebhookEndpointInput> {
    let mut errors = FieldErrors::default();
    let name = body
        .name
        .or_else(|| current.map(|c| c.name.clone()))
        .unwrap_or_default()
        .trim()
        .to_string();
    if name.is_empty() || name.chars().count() > 100 {
        errors.add("name", "use 1 to 100 characters");
    }
    let url = body
        .url
        .or_else(|| current.map(|c| c.url.clone()))
        .unwrap_or_default()
        .trim()
        .to_string();
    if url.is_empty() {
        errors.add(
            "url",
            "give the receiver's URL, e.g. https://crm.example.com/hooks/omnireach",
        );
    } else {
        match ssrf::vet(&url, state.settings.integrations.allow_private_targets).await {
            // A name that does not resolve yet is accepted; every send re-checks it.
            Ok(_) | Err(ssrf::SsrfError::Unresolvable(_)) => {}
            Err(error) => errors.add("url", error.to_string()),
        }
    }
    let method = body
        .method
        .or_else(|| current.map(|c| c.method.clone()))
        .unwrap_or_else(|| "POST".into())
        .to_uppercase();
    if !METHODS.contains(&method.as_str()) {
        errors.add("method", format!("use one of: {}", METHODS.join(", ")));
    }
    let headers = body
        .headers
        .or_else(|| current.map(|c| c.headers.clone()))
        .unwrap_or_default();
    for (name, value) in &headers {
        let valid_name = !name.is_empty()
            && name.len() <= 100
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !valid_name || RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            errors.add(
                &format!("headers.{name}"),
                "use a header name of letters, digits and dashes that is not one we set (Host, Content-Type, Authorization, X-OmniReach-*)",
            );
        }
        match value.as_str() {
            Some(v) if v.len() <= 2000 && !v.contains(['\r', '\n']) => {}
            _ => errors.add(
                &format!("headers.{name}"),
                "the value must be a single-line string",
            ),
        }
    }
    let events = body
        .events
        .or_else(|| current.map(|c| c.events.clone()))
        .unwrap_or_default();
    if events.is_empty() {
        errors.add(
            "events",
            format!("subscribe to at least one of: *, {}", EVENTS.join(", ")),
        );
    }
    for event in &events {
        if event != "*" && !EVENTS.contains(&event.as_str()) {
            errors.add(
                "events",
                format!("'{event}' is not an event; use *, {}", EVENTS.join(", ")),
            );
        }
    }
    let response_mapping = body
        .response_mapping
        .or_else(|| current.map(|c| c.response_mapping.clone()))
        .unwrap_or_default();
    for (pointer, target) in &response_mapping {
        if !pointer.starts_with('/') {
            errors.add(
                &format!("response_mapping.{pointer}"),
                "keys are JSON pointers into the response, e.g. /data/id",
            );
        }
        if !target.as_str().is_some_and(mapping_target_allowed) {
            errors.add(
                &format!("response_mapping.{pointer}"),
                "map to title, first_name, last_name, stage or custom_fields.<name>",
            );
        }
    }
    let auth_token = match body.auth_token {
        Some(Some(token)) => {
            if token.trim().is_empty() || token.len() > 2000 || token.contains(['\r', '\n']) {
                errors.add(
                    "auth_token",
                    "use a single-line token of up to 2000 characters",
                );
                None
            } else {
                let cipher = crate::integrations::cipher(&state.llm)
                    .ok_or_else(|| ApiError::internal(anyhow::anyhow!("no encryption key")))?;
                // Bound to the endpoint id, so the id must be known: new endpoints get theirs
                // from the caller below.
                Some(cipher.encrypt(
                    workspace_id,
                    &token_label(endpoint_id.unwrap_or_default()),
                    token.trim(),
                ))
            }
        }
        Some(None) => None,
        None => current.and_then(|c| c.auth_token.clone()),
    };
    errors.finish()?;
    Ok(WebhookEndpointInput {
        name,
        url,
        method,
        headers,
        auth_token,
        events,
        response_mapping,
        enabled: body.enabled.or(current.map(|c| c.enabled)).unwrap_or(true),
    })
}

fn endpoint_not_found(error: StoreError) -> ApiError {
    match error {
        StoreError::NotFound => ApiError::not_found("Webhook endpoint"),
        StoreError::Conflict(_) => ApiError::conflict(
            "name_taken",
            "Another webhook endpoint in this workspace has this name; choose a different name.",
        ),
        other => other.into(),
    }
}

#[utoipa::path(tag = "webhooks", responses((status = 200, body = Vec<WebhookEndpoint>)), security(("bearer" = [])))]
#[get("/api/webhooks/endpoints")]
pub async fn list_endpoints(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<Vec<WebhookEndpoint>>> {
    let endpoints = state
        .store
        .integrations()
        .endpoints(&principal.workspace_id)
        .await?;
    Ok(web::Json(
        endpoints.into_iter().map(WebhookEndpoint::from).collect(),
    ))
}

#[utoipa::path(tag = "webhooks", request_body = WebhookEndpointRequest, responses((status = 201, body = WebhookEndpoint), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/webhooks/endpoints")]
pub async fn create_endpoint(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<WebhookEndpointRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Admin)?;
    let workspace_id = &principal.workspace_id;
    let token = body.auth_token.clone();
    let mut input = validate(&state, workspace_id, None, None, body.into_inner()).await?;
    input.auth_token = None;
    let integrations = state.store.integrations();
    let mut created = integrations
        .create_endpoint(workspace_id, &input)
        .await
        .map_err(endpoint_not_found)?;
    if let Some(Some(token)) = token {
        // Encrypted under the new id (the ciphertext is bound to its endpoint).
        let cipher = crate::integrations::cipher(&state.llm)
            .ok_or_else(|| ApiError::internal(anyhow::anyhow!("no encryption key")))?;
        input.auth_token =
            Some(cipher.encrypt(workspace_id, &token_label(&created.id), token.trim()));
        created = integrations
            .update_endpoint(workspace_id, &created.id, &input)
            .await
            .map_err(endpoint_not_found)?;
    }
    Ok(HttpResponse::Created().json(WebhookEndpoint::from(created)))
}

#[utoipa::path(tag = "webhooks", params(("id" = String, Path, description = "Endpoint id")), request_body = WebhookEndpointRequest, responses((status = 200, body = WebhookEndpoint), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[patch("/api/webhooks/endpoints/{id}")]
pub async fn update_endpoint(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<WebhookEndpointRequest>,
) -> ApiResult<web::Json<WebhookEndpoint>> {
    principal.require(Role::Admin)?;
    let workspace_id = &principal.workspace_id;
    let integrations = state.store.integrations();
    let current = integrations
        .endpoint(workspace_id, &path)
        .await
        .map_err(endpoint_not_found)?;
    let input = validate(
        &state,
        workspace_id,
        Some(&current.id),
        Some(&current),
        body.into_inner(),
    )
    .await?;
    let updated = integrations
        .update_endpoint(workspace_id, &current.id, &input)
        .await
        .map_err(endpoint_not_found)?;
    Ok(web::Json(WebhookEndpoint::from(updated)))
}

#[utoipa::path(tag = "webhooks", params(("id" = String, Path, description = "Endpoint id")), responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[delete("/api/webhooks/endpoints/{id}")]
pub async fn delete_endpoint(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Admin)?;
    state
        .store
        .integrations()
        .delete_endpoint(&principal.workspace_id, &path)
        .await
        .map_err(endpoint_not_found)?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Serialize, ToSchema)]
pub struct WebhookTestResult {
    /// The receiver answered 2xx.
    pub ok: bool,
    pub response_status: Option<u16>,
    pub latency_ms: i64,
    /// Why it failed (SSRF refusal, timeout, non-2xx ...).
    pub error: Option<String>,
}

#[utoipa::path(tag = "webhooks", params(("id" = String, Path, description = "Endpoint id")), responses((status = 200, body = WebhookTestResult), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/webhooks/endpoints/{id}/test")]
pub async fn test_endpoint(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<WebhookTestResult>> {
    principal.require(Role::Admin)?;
    let workspace_id = &principal.workspace_id;
    let endpoint = state
        .store
        .integrations()
        .endpoint(workspace_id, &path)
        .await
        .map_err(endpoint_not_found)?;
    let cipher = crate::integrations::cipher(&state.llm)
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("no encryption key")))?;
    let secret = webhooks_out::signing_secret(&state.store, &cipher, workspace_id).await?;
    let token = match &endpoint.auth_token {
        Some(stored) => Some(
            cipher
                .decrypt(workspace_id, &token_label(&endpoint.id), stored)
                .map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))?,
        ),
        None => None,
    };
    let id = crate::store::new_id();
    let body = json!({
        "id": id,
        "event": "test",
        "created_at": crate::store::now_ms(),
        "workspace_id": workspace_id,
        "data": {"message": "A test delivery from OmniReach."},
    })
    .to_string();
    let key = format!("test:{id}");
    let result = webhooks_out::send_once(
        &state.settings.integrations,
        &endpoint,
        &webhooks_out::Outgoing {
            auth_token: token.as_deref(),
            signing_secret: &secret,
            delivery_id: &id,
            idempotency_key: &key,
            event: "test",
            body: body.as_bytes(),
        },
    )
    .await;
    Ok(web::Json(WebhookTestResult {
        ok: result.error.is_none(),
        response_status: result.status,
        latency_ms: result.latency_ms,
        error: result.error,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct WebhookDelivery {
    pub id: String,
    pub endpoint_id: String,
    pub event: String,
    pub idempotency_key: String,
    pub lead_id: Option<String>,
    /// `queued`, `sending`, `delivered` or `failed`.
    pub state: String,
    pub attempts: i64,
    pub response_status: Option<i64>,
    pub latency_ms: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: String,
}

impl From<WebhookDeliveryRecord> for WebhookDelivery {
    fn from(d: WebhookDeliveryRecord) -> Self {
        Self {
            id: d.id,
            endpoint_id: d.endpoint_id,
            event: d.event,
            idempotency_key: d.idempotency_key,
            lead_id: d.lead_id,
            state: d.state,
            attempts: d.attempts,
            response_status: d.response_status,
            latency_ms: d.latency_ms,
            last_error: d.last_error,
            created_at: iso(d.created_at),
        }
    }
}

#[utoipa::path(tag = "webhooks", params(("id" = String, Path, description = "Endpoint id")), responses((status = 200, body = Vec<WebhookDelivery>), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/webhooks/endpoints/{id}/deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<Vec<WebhookDelivery>>> {
    let integrations = state.store.integrations();
    integrations
        .endpoint(&principal.workspace_id, &path)
        .await
        .map_err(endpoint_not_found)?;
    let deliveries = integrations
        .deliveries(&principal.workspace_id, &path, 100)
        .await?;
    Ok(web::Json(
        deliveries.into_iter().map(WebhookDelivery::from).collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct Alert {
    pub id: String,
    /// e.g. `webhook_failed`.
    pub kind: String,
    pub message: String,
    #[schema(value_type = Object)]
    pub details: Value,
    pub created_at: String,
}

#[utoipa::path(tag = "webhooks", responses((status = 200, body = Vec<Alert>)), security(("bearer" = [])))]
#[get("/api/alerts")]
pub async fn list_alerts(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<Vec<Alert>>> {
    let alerts = state
        .store
        .integrations()
        .alerts(&principal.workspace_id, 100)
        .await?;
    Ok(web::Json(
        alerts
            .into_iter()
            .map(|a| Alert {
                id: a.id,
                kind: a.kind,
                message: a.message,
                details: serde_json::from_str(&a.details).unwrap_or(Value::Null),
                created_at: iso(a.created_at),
            })
            .collect(),
    ))
}
