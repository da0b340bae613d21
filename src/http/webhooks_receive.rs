//! The unified inbound receiver `POST /api/webhooks/receive` (from the original build plan):
//! one URL that recognises what it is sent.
//!
//! - Requests carrying `X-Twilio-Signature` are Twilio's: [`dispatch`], the one place that
//!   decides, hands them to the Twilio messaging handler, which validates Twilio's signature over
//!   this URL (Twilio signs the exact URL it calls) exactly as at
//!   `/api/webhooks/twilio/messaging`.
//! - Everything else must be a generic signed payload: `X-OmniReach-Signature: t=<unix>,
//!   v1=<hex HMAC-SHA256(inbound secret, "<t>.<raw body>")>` (the same replay window as
//!   Calendly's, `CALENDLY_REPLAY_WINDOW_SECS`), JSON
//!   `{"lead": {"email" | "phone"}, "channel", "text", "external_id", "subject"?}`. It is
//!   delivered through `Live::accept_inbound` (stored first, idempotent on `external_id`).
//!   An unknown lead is created (source `webhook`).

use super::error::{ApiError, ApiResult, ErrorBody};
use super::state::AppState;
use super::webhooks_calendar::{
    INBOUND_SECRET_LABEL, WEBHOOK_BODY_LIMIT, WebhookQuery, header, parse_json, read_body,
    require_json, signature_error, webhook_workspace,
};
use crate::channels::CHANNEL_NAMES;
use crate::domain::{EmailAddress, PhoneNumber};
use crate::integrations::{SignatureError, verify_timestamped};
use crate::store::{LeadDraft, NewInbound, StoreError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

pub const SIGNATURE_HEADER: &str = "X-OmniReach-Signature";
const TWILIO_SIGNATURE_HEADER: &str = "X-Twilio-Signature";

/// What kind of request arrived at the unified receiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InboundKind {
    Twilio,
    Generic,
}

/// The one place that tells the payload kinds apart.
pub fn classify(request: &HttpRequest) -> InboundKind {
    if request.headers().contains_key(TWILIO_SIGNATURE_HEADER) {
        InboundKind::Twilio
    } else {
        InboundKind::Generic
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InboundLead {
    pub email: Option<String>,
    /// E.164, e.g. +14155550123.
    pub phone: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenericInbound {
    pub lead: InboundLead,
    /// `sandbox`, `email`, `sms`, `whatsapp`, `voice` or `linkedin`.
    pub channel: String,
    pub text: String,
    pub subject: Option<String>,
    /// The sender's id for this message: the idempotency key (1–200 characters).
    pub external_id: String,
}

#[derive(Serialize, ToSchema)]
pub struct InboundReceived {
    pub message_id: String,
    pub conversation_id: String,
    pub lead_id: String,
    /// Seen before: nothing new was stored.
    pub duplicate: bool,
}

#[utoipa::path(tag = "integrations", params(WebhookQuery), request_body = GenericInbound, responses((status = 202, body = InboundReceived), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/webhooks/receive")]
pub async fn receive(
    state: web::Data<AppState>,
    request: HttpRequest,
    query: web::Query<WebhookQuery>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    dispatch(&state, &request, query.into_inner(), payload).await
}

/// Routes the request by [`classify`]: Twilio's requests go to the Twilio messaging handler
/// (signature checked over this URL, as Twilio signs the URL it calls).
pub async fn dispatch(
    state: &AppState,
    request: &HttpRequest,
    query: WebhookQuery,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    match classify(request) {
        InboundKind::Twilio => {
            super::webhooks_twilio::receive_message(state, request, payload).await
        }
        InboundKind::Generic => receive_generic(state, request, query, payload).await,
    }
}

async fn receive_generic(
    state: &AppState,
    request: &HttpRequest,
    query: WebhookQuery,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let (workspace_id, secret) = webhook_workspace(
        state,
        query.workspace.as_deref(),
        INBOUND_SECRET_LABEL,
        state.settings.integrations.inbound_secret.as_deref(),
    )
    .await?;
    require_json(request)?;
    let body = read_body(payload, WEBHOOK_BODY_LIMIT).await?;
    let secret = secret.ok_or_else(|| signature_error(SignatureError::NotConfigured))?;
    verify_timestamped(
        SIGNATURE_HEADER,
        header(request, SIGNATURE_HEADER),
        &body,
        secret.as_bytes(),
        crate::store::now_ms() / 1000,
        state.settings.integrations.replay_window_secs,
    )
    .map_err(signature_error)?;
    let value = parse_json(&body)?;
    let inbound: GenericInbound = serde_json::from_value(value).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            format!("The JSON body does not have the expected shape: {e}. Send {{\"lead\": {{\"email\" or \"phone\"}}, \"channel\", \"text\", \"external_id\"}}."),
        )
    })?;
    let mut errors = super::error::FieldErrors::default();
    if !CHANNEL_NAMES.contains(&inbound.channel.as_str()) {
        errors.add(
            "channel",
            format!("use one of: {}", CHANNEL_NAMES.join(", ")),
        );
    }
    if inbound.text.trim().is_empty() || inbound.text.chars().count() > 10_000 {
        errors.add("text", "write 1 to 10000 characters");
    }
    if inbound.external_id.trim().is_empty() || inbound.external_id.len() > 200 {
        errors.add("external_id", "use 1 to 200 characters");
    }
    let email = inbound
        .lead
        .email
        .as_deref()
        .and_then(|raw| errors.check("lead.email", EmailAddress::parse(raw)));
    let phone = inbound
        .lead
        .phone
        .as_deref()
        .and_then(|raw| errors.check("lead.phone", PhoneNumber::parse(raw, None)));
    if inbound.lead.email.is_none() && inbound.lead.phone.is_none() {
        errors.add("lead", "identify the lead by email or phone");
    }
    errors.finish()?;
    let leads = state.store.leads();
    let find = || {
        leads.find_duplicate(
            &workspace_id,
            email.as_ref().map(EmailAddress::as_str),
            phone.as_ref().map(PhoneNumber::as_str),
            None,
        )
    };
    let lead_id = match find().await? {
        Some(id) => id,
        None => match leads
            .create(
                &workspace_id,
                LeadDraft {
                    email: email.clone(),
                    phone: phone.clone(),
                    source: Some("webhook".into()),
                    ..LeadDraft::default()
                },
            )
            .await
        {
            Ok(lead) => lead.id,
            Err(StoreError::Conflict(_)) => {
                find().await?.ok_or_else(|| ApiError::not_found("Lead"))?
            }
            Err(other) => return Err(other.into()),
        },
    };
    let (message, conversation, duplicate) = state
        .live
        .accept_inbound(&NewInbound {
            workspace_id: &workspace_id,
            lead_id: &lead_id,
            channel: &inbound.channel,
            body: &inbound.text,
            subject: inbound.subject.as_deref(),
            external_id: inbound.external_id.trim(),
        })
        .await?;
    if !duplicate {
        crate::integrations::webhooks_out::emit(
            &state.store,
            &workspace_id,
            "inbound.received",
            &message.id,
            Some(&lead_id),
            json!({"lead_id": lead_id, "message_id": message.id, "channel": inbound.channel, "text": inbound.text}),
        )
        .await?;
    }
    Ok(HttpResponse::Accepted().json(InboundReceived {
        message_id: message.id,
        conversation_id: conversation.id,
        lead_id,
        duplicate,
    }))
}
