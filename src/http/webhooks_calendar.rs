//! Calendar booking webhooks (Calendly, Cal.com), the lead's meetings, and the workspace's
//! integration settings (signing keys, booking link, LinkedIn limits). Also the raw-body
//! helpers every signed webhook here shares: a JSON content type, a size cap answered in our
//! error shape, the workspace from `?workspace=<token>` (else the default workspace), and the
//! signature check before anything is parsed or stored.

use super::dto::{iso, iso_opt};
use super::error::{ApiError, ApiResult, ErrorBody};
use super::principal::Principal;
use super::state::AppState;
use crate::domain::Role;
use crate::integrations::bookings::{self, BookingAction, BookingEvent, PayloadError};
use crate::integrations::{SignatureError, calcom, calendly};
use crate::store::{IntegrationSettingsChanges, MeetingRecord, StoreError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

/// Largest webhook body accepted (booking payloads are a few KB).
pub const WEBHOOK_BODY_LIMIT: usize = 256 * 1024;

/// Labels the encrypted secrets are bound to (with the workspace id).
pub const CALENDLY_KEY_LABEL: &str = "calendly-signing-key";
pub const CALCOM_SECRET_LABEL: &str = "calcom-webhook-secret";
pub const INBOUND_SECRET_LABEL: &str = "inbound-webhook-secret";

#[derive(Deserialize, IntoParams)]
pub struct WebhookQuery {
    /// The workspace's webhook token (Settings → Integrations). Omit for the default workspace.
    pub workspace: Option<String>,
}

/// Reads the body up to `limit` bytes; more is a 413 in our error shape (the connection is not
/// drained further).
pub(super) async fn read_body(mut payload: web::Payload, limit: usize) -> ApiResult<web::Bytes> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::bad_request(
                "unreadable_body",
                format!("The body could not be read: {e}."),
            )
        })?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("The body is larger than the limit of {limit} bytes."),
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

pub(super) fn require_json(request: &HttpRequest) -> ApiResult<()> {
    let content_type = request
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the body as JSON with the header Content-Type: application/json.",
        ))
    }
}

pub(super) fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

pub(super) fn signature_error(error: SignatureError) -> ApiError {
    match error {
        SignatureError::Missing(_) => {
            ApiError::unauthorized("signature_missing", error.to_string())
        }
        SignatureError::NotConfigured => ApiError::new(
            StatusCode::FORBIDDEN,
            "signing_key_not_configured",
            "No signing key is configured for this workspace's webhook: an admin sets it in Settings → Integrations (or the environment variable for the default workspace).",
        ),
        other => ApiError::new(
            StatusCode::FORBIDDEN,
            "invalid_signature",
            other.to_string(),
        ),
    }
}

/// Parses a verified body as JSON (UTF-8 first, so the error says which is wrong).
pub(super) fn parse_json(body: &[u8]) -> ApiResult<serde_json::Value> {
    let text = std::str::from_utf8(body).map_err(|e| {
        ApiError::bad_request(
            "invalid_utf8",
            format!(
                "The body is not valid UTF-8 (byte {}); send UTF-8 JSON.",
                e.valid_up_to()
            ),
        )
    })?;
    serde_json::from_str(text).map_err(|e| {
        ApiError::bad_request(
            "malformed_json",
            format!("The JSON body is not valid: {e}."),
        )
    })
}

fn payload_error(error: PayloadError) -> ApiError {
    ApiError::validation(vec![(error.field, error.problem)])
}

/// The workspace a webhook is for and its decrypted secret (`label`), falling back to the
/// environment's secret for the default workspace.
pub(super) async fn webhook_workspace(
    state: &AppState,
    token: Option<&str>,
    label: &str,
    env_secret: Option<&str>,
) -> ApiResult<(String, Option<String>)> {
    let integrations = state.store.integrations();
    let default_workspace = state
        .store
        .workspaces()
        .first()
        .await?
        .map(|w| w.id)
        .ok_or_else(|| ApiError::not_found("Workspace"))?;
    let workspace_id = match token.map(str::trim).filter(|t| !t.is_empty()) {
        Some(token) => integrations.workspace_by_token(token).await?.ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "unknown_workspace_token",
                "The 'workspace' token in the URL matches no workspace; copy the webhook URL from Settings → Integrations.",
            )
        })?,
        None => default_workspace.clone(),
    };
    let settings = integrations.settings(&workspace_id).await?;
    let stored = match label {
        CALENDLY_KEY_LABEL => settings.calendly_signing_key,
        CALCOM_SECRET_LABEL => settings.calcom_secret,
        _ => settings.inbound_secret,
    };
    let secret = match stored {
        Some(ciphertext) => {
            let cipher = crate::integrations::cipher(&state.llm)
                .ok_or_else(|| ApiError::internal(anyhow::anyhow!("no encryption key")))?;
            Some(
                cipher
                    .decrypt(&workspace_id, label, &ciphertext)
                    .map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))?,
            )
        }
        None if workspace_id == default_workspace => env_secret.map(str::to_string),
        None => None,
    };
    Ok((workspace_id, secret))
}

#[derive(Serialize, ToSchema)]
pub struct WebhookAccepted {
    /// `recorded`, `duplicate` (handled before; nothing changed) or `ignored` (an event type
    /// we do not act on).
    pub status: String,
    pub lead_id: Option<String>,
    pub meeting_id: Option<String>,
}

async fn handle_booking(
    state: &AppState,
    workspace_id: &str,
    event: Option<BookingEvent>,
) -> ApiResult<HttpResponse> {
    let Some(event) = event else {
        return Ok(HttpResponse::Ok().json(WebhookAccepted {
            status: "ignored".into(),
            lead_id: None,
            meeting_id: None,
        }));
    };
    let outcome = bookings::apply(&state.live, workspace_id, &event).await?;
    let status = if outcome.meeting.is_some() {
        "recorded"
    } else {
        "duplicate"
    };
    // Emitted for duplicates too: queueing is idempotent on the occurrence key, so a retry
    // after a failure between recording the booking and queueing its webhooks fills the gap.
    let meeting = match &outcome.meeting {
        Some(meeting) => Some(meeting.clone()),
        None => state
            .store
            .integrations()
            .meetings_for_lead(workspace_id, &outcome.lead_id)
            .await?
            .into_iter()
            .find(|m| m.provider == event.provider && m.external_id == event.external_id),
    };
    if let Some(meeting) = meeting {
        let name = match event.action {
            BookingAction::Created | BookingAction::Rescheduled => "meeting.booked",
            BookingAction::Cancelled | BookingAction::ReplacedByReschedule => "meeting.cancelled",
        };
        crate::integrations::webhooks_out::emit(
            &state.store,
            workspace_id,
            name,
            &format!("{}:{}", event.provider, event.event_key),
            Some(&outcome.lead_id),
            json!({"lead_id": outcome.lead_id, "meeting": Meeting::from(meeting)}),
        )
        .await?;
    }
    Ok(HttpResponse::Ok().json(WebhookAccepted {
        status: status.into(),
        lead_id: Some(outcome.lead_id),
        meeting_id: outcome.meeting.map(|m| m.id),
    }))
}

#[utoipa::path(tag = "integrations", params(WebhookQuery), request_body(content = Object, description = "Calendly webhook payload (invitee.created / invitee.canceled)"), responses((status = 200, body = WebhookAccepted), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/webhooks/calendly")]
pub async fn calendly_webhook(
    state: web::Data<AppState>,
    request: HttpRequest,
    query: web::Query<WebhookQuery>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let config = &state.settings.integrations;
    let (workspace_id, key) = webhook_workspace(
        &state,
        query.workspace.as_deref(),
        CALENDLY_KEY_LABEL,
        config.calendly_signing_key.as_deref(),
    )
    .await?;
    require_json(&request)?;
    let body = read_body(payload, WEBHOOK_BODY_LIMIT).await?;
    let key = key.ok_or_else(|| signature_error(SignatureError::NotConfigured))?;
    calendly::verify(
        header(&request, calendly::SIGNATURE_HEADER),
        &body,
        key.as_bytes(),
        crate::store::now_ms() / 1000,
        config.replay_window_secs,
    )
    .map_err(signature_error)?;
    let json = parse_json(&body)?;
    let event = calendly::parse(&json).map_err(payload_error)?;
    handle_booking(&state, &workspace_id, event).await
}

#[utoipa::path(tag = "integrations", params(WebhookQuery), request_body(content = Object, description = "Cal.com webhook payload (BOOKING_CREATED / BOOKING_CANCELLED / BOOKING_RESCHEDULED)"), responses((status = 200, body = WebhookAccepted), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/webhooks/calcom")]
pub async fn calcom_webhook(
    state: web::Data<AppState>,
    request: HttpRequest,
    query: web::Query<WebhookQuery>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let config = &state.settings.integrations;
    let (workspace_id, secret) = webhook_workspace(
        &state,
        query.workspace.as_deref(),
        CALCOM_SECRET_LABEL,
        config.calcom_secret.as_deref(),
    )
    .await?;
    require_json(&request)?;
    let body = read_body(payload, WEBHOOK_BODY_LIMIT).await?;
    let secret = secret.ok_or_else(|| signature_error(SignatureError::NotConfigured))?;
    calcom::verify(
        header(&request, calcom::SIGNATURE_HEADER),
        &body,
        secret.as_bytes(),
    )
    .map_err(signature_error)?;
    let json = parse_json(&body)?;
    let event = calcom::parse(&json).map_err(payload_error)?;
    handle_booking(&state, &workspace_id, event).await
}

#[derive(Serialize, ToSchema)]
pub struct Meeting {
    pub id: String,
    pub lead_id: String,
    /// `calendly` or `calcom`.
    pub provider: String,
    /// Calendly's invitee URI or Cal.com's booking uid.
    pub external_id: String,
    pub title: Option<String>,
    pub start_at: Option<String>,
    pub end_at: Option<String>,
    /// `scheduled`, `cancelled` or `rescheduled`.
    pub status: String,
    pub event_uri: Option<String>,
    pub cancel_url: Option<String>,
    pub reschedule_url: Option<String>,
    pub cancel_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<MeetingRecord> for Meeting {
    fn from(m: MeetingRecord) -> Self {
        Self {
            id: m.id,
            lead_id: m.lead_id,
            provider: m.provider,
            external_id: m.external_id,
            title: m.title,
            start_at: iso_opt(m.start_at),
            end_at: iso_opt(m.end_at),
            status: m.status,
            event_uri: m.event_uri,
            cancel_url: m.cancel_url,
            reschedule_url: m.reschedule_url,
            cancel_reason: m.cancel_reason,
            created_at: iso(m.created_at),
            updated_at: iso(m.updated_at),
        }
    }
}

#[utoipa::path(tag = "integrations", params(("id" = String, Path, description = "Lead id")), responses((status = 200, body = Vec<Meeting>), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/leads/{id}/meetings")]
pub async fn lead_meetings(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<web::Json<Vec<Meeting>>> {
    state
        .store
        .leads()
        .find(&principal.workspace_id, &path)
        .await?
        .ok_or_else(|| ApiError::not_found("Lead"))?;
    let meetings = state
        .store
        .integrations()
        .meetings_for_lead(&principal.workspace_id, &path)
        .await?;
    Ok(web::Json(meetings.into_iter().map(Meeting::from).collect()))
}

#[derive(Serialize, ToSchema)]
pub struct IntegrationSettings {
    /// Add `?workspace=<token>` to the webhook URLs to route them to this workspace.
    pub webhook_token: String,
    pub calendly_webhook_path: String,
    pub calcom_webhook_path: String,
    pub inbound_webhook_path: String,
    /// Replaces `{{booking_link}}` in messages and templates.
    pub booking_url: Option<String>,
    pub calendly_signing_key_set: bool,
    pub calcom_secret_set: bool,
    pub inbound_secret_set: bool,
    /// Receivers of our outbound webhooks verify `X-OmniReach-Signature` with this.
    pub outbound_signing_secret: Option<String>,
    pub linkedin_weekly_connections: i64,
    pub linkedin_weekly_messages: i64,
    pub updated_at: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntegrationSettingsUpdate {
    /// `https://...`; null clears it.
    #[serde(default, deserialize_with = "super::webhooks_calendar::double_option")]
    #[schema(value_type = Option<String>)]
    pub booking_url: Option<Option<String>>,
    /// Calendly webhook signing key; null clears it.
    #[serde(default, deserialize_with = "super::webhooks_calendar::double_option")]
    #[schema(value_type = Option<String>)]
    pub calendly_signing_key: Option<Option<String>>,
    /// Cal.com webhook secret; null clears it.
    #[serde(default, deserialize_with = "super::webhooks_calendar::double_option")]
    #[schema(value_type = Option<String>)]
    pub calcom_secret: Option<Option<String>>,
    /// Secret for `POST /api/webhooks/receive`; null clears it.
    #[serde(default, deserialize_with = "super::webhooks_calendar::double_option")]
    #[schema(value_type = Option<String>)]
    pub inbound_secret: Option<Option<String>>,
    /// Connection requests per rolling 7 days (0–1000).
    pub linkedin_weekly_connections: Option<i64>,
    /// LinkedIn messages per rolling 7 days (0–5000).
    pub linkedin_weekly_messages: Option<i64>,
}

/// Distinguishes an absent field (`None`) from an explicit null (`Some(None)`).
pub fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

async fn settings_view(state: &AppState, workspace_id: &str) -> ApiResult<IntegrationSettings> {
    let settings = state.store.integrations().settings(workspace_id).await?;
    let outbound = match crate::integrations::cipher(&state.llm) {
        Some(cipher) => Some(
            crate::integrations::webhooks_out::signing_secret(&state.store, &cipher, workspace_id)
                .await?,
        ),
        None => None,
    };
    let token = &settings.webhook_token;
    Ok(IntegrationSettings {
        calendly_webhook_path: format!("/api/webhooks/calendly?workspace={token}"),
        calcom_webhook_path: format!("/api/webhooks/calcom?workspace={token}"),
        inbound_webhook_path: format!("/api/webhooks/receive?workspace={token}"),
        webhook_token: settings.webhook_token.clone(),
        booking_url: settings.booking_url,
        calendly_signing_key_set: settings.calendly_signing_key.is_some(),
        calcom_secret_set: settings.calcom_secret.is_some(),
        inbound_secret_set: settings.inbound_secret.is_some(),
        outbound_signing_secret: outbound,
        linkedin_weekly_connections: settings.linkedin_weekly_connections,
        linkedin_weekly_messages: settings.linkedin_weekly_messages,
        updated_at: iso(settings.updated_at),
    })
}

#[utoipa::path(tag = "integrations", responses((status = 200, body = IntegrationSettings), (status = 403, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/settings/integrations")]
pub async fn get_integration_settings(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<IntegrationSettings>> {
    principal.require(Role::Admin)?;
    Ok(web::Json(
        settings_view(&state, &principal.workspace_id).await?,
    ))
}

#[utoipa::path(tag = "integrations", request_body = IntegrationSettingsUpdate, responses((status = 200, body = IntegrationSettings), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[put("/api/settings/integrations")]
pub async fn put_integration_settings(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<IntegrationSettingsUpdate>,
) -> ApiResult<web::Json<IntegrationSettings>> {
    principal.require(Role::Admin)?;
    let body = body.into_inner();
    let mut errors = super::error::FieldErrors::default();
    if let Some(Some(url)) = &body.booking_url
        && crate::integrations::ssrf::check_url_shape(url).is_err()
    {
        errors.add(
            "booking_url",
            "use an http(s) URL such as https://calendly.com/you/intro",
        );
    }
    for (field, value) in [
        ("calendly_signing_key", &body.calendly_signing_key),
        ("calcom_secret", &body.calcom_secret),
        ("inbound_secret", &body.inbound_secret),
    ] {
        if let Some(Some(secret)) = value
            && (secret.trim().len() < 8 || secret.len() > 512)
        {
            errors.add(field, "use 8 to 512 characters");
        }
    }
    if let Some(n) = body.linkedin_weekly_connections
        && !(0..=1000).contains(&n)
    {
        errors.add("linkedin_weekly_connections", "use a number from 0 to 1000");
    }
    if let Some(n) = body.linkedin_weekly_messages
        && !(0..=5000).contains(&n)
    {
        errors.add("linkedin_weekly_messages", "use a number from 0 to 5000");
    }
    errors.finish()?;
    let cipher = crate::integrations::cipher(&state.llm)
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("no encryption key")))?;
    let workspace_id = &principal.workspace_id;
    let encrypt = |label: &str, value: Option<Option<String>>| {
        value.map(|v| v.map(|s| cipher.encrypt(workspace_id, label, s.trim())))
    };
    state
        .store
        .integrations()
        .update_settings(
            workspace_id,
            IntegrationSettingsChanges {
                booking_url: body.booking_url.map(|v| v.map(|s| s.trim().to_string())),
                calendly_signing_key: encrypt(CALENDLY_KEY_LABEL, body.calendly_signing_key),
                calcom_secret: encrypt(CALCOM_SECRET_LABEL, body.calcom_secret),
                inbound_secret: encrypt(INBOUND_SECRET_LABEL, body.inbound_secret),
                outbound_signing_secret: None,
                linkedin_weekly_connections: body.linkedin_weekly_connections,
                linkedin_weekly_messages: body.linkedin_weekly_messages,
            },
        )
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("Workspace"),
            other => other.into(),
        })?;
    Ok(web::Json(settings_view(&state, workspace_id).await?))
}
