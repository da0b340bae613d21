//! Per-workspace channel provider settings (admin only). Twilio: the account, sender and help
//! contact, with the auth token stored encrypted (never returned, only its last 4 characters),
//! a "send test" through the real client, and health (last success / last error).

use super::error::{ApiError, ApiResult, ErrorBody};
use super::principal::Principal;
use super::state::AppState;
use crate::channels::twilio::{CreateMessage, PROVIDER};
use crate::domain::{PhoneNumber, Role};
use crate::store::NewTwilioAccount;
use actix_web::{get, post, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct TwilioHealth {
    pub last_success_at: Option<i64>,
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct TwilioSettingsView {
    pub configured: bool,
    /// `workspace` (saved here), `environment` (TWILIO_* for the default workspace) or null.
    pub source: Option<String>,
    pub account_sid: Option<String>,
    /// The auth token itself is never returned.
    pub auth_token_last4: Option<String>,
    pub from_number: Option<String>,
    pub messaging_service_sid: Option<String>,
    pub whatsapp_from: Option<String>,
    pub help_contact: Option<String>,
    /// Where to point the Twilio number's webhooks (needs PUBLIC_URL).
    pub messaging_webhook_url: Option<String>,
    pub status_callback_url: Option<String>,
    pub health: Option<TwilioHealth>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TwilioSettingsInput {
    /// `AC` followed by 32 hex digits.
    pub account_sid: String,
    /// Required the first time; omit to keep the stored token.
    pub auth_token: Option<String>,
    /// E.164 sender for SMS; or use `messaging_service_sid`.
    pub from_number: Option<String>,
    /// `MG` followed by 32 hex digits.
    pub messaging_service_sid: Option<String>,
    /// E.164 WhatsApp sender (defaults to `from_number`).
    pub whatsapp_from: Option<String>,
    /// Sent in HELP replies, e.g. "call +1 415 555 0100 or write help@example.com".
    pub help_contact: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TwilioTestInput {
    /// E.164 number to send the test SMS to.
    pub to: String,
}

#[derive(Serialize, ToSchema)]
pub struct TwilioTestResult {
    pub ok: bool,
    /// Twilio's message SID and status when accepted.
    pub sid: Option<String>,
    pub status: Option<String>,
    /// Twilio's error (code and message) when refused.
    pub error: Option<String>,
}

fn sid_like(value: &str, prefix: &str) -> bool {
    value.len() == 34
        && value.starts_with(prefix)
        && value[2..].chars().all(|c| c.is_ascii_hexdigit())
}

fn blank_to_none(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

async fn view(state: &AppState, workspace_id: &str) -> ApiResult<TwilioSettingsView> {
    let stored = state.store.messaging().twilio_account(workspace_id).await?;
    let public = state.twilio.public_url.clone();
    let mut view = TwilioSettingsView {
        configured: false,
        source: None,
        account_sid: None,
        auth_token_last4: None,
        from_number: None,
        messaging_service_sid: None,
        whatsapp_from: None,
        help_contact: None,
        messaging_webhook_url: public
            .as_ref()
            .map(|p| format!("{p}/api/webhooks/twilio/messaging")),
        status_callback_url: public.map(|p| format!("{p}/api/webhooks/twilio/status")),
        health: None,
    };
    if let Some(account) = stored {
        view.configured = true;
        view.source = Some("workspace".into());
        view.account_sid = Some(account.account_sid);
        view.auth_token_last4 = Some(account.auth_token_last4);
        view.from_number = account.from_number;
        view.messaging_service_sid = account.messaging_service_sid;
        view.whatsapp_from = account.whatsapp_from;
        view.help_contact = account.help_contact;
        view.health = Some(TwilioHealth {
            last_success_at: account.last_success_at,
            last_error: account.last_error,
            last_error_at: account.last_error_at,
        });
    } else if let Some(env) = state.twilio.env_credentials()
        && state.twilio.is_default_workspace(workspace_id).await
    {
        view.configured = true;
        view.source = Some("environment".into());
        view.account_sid = Some(env.account_sid.clone());
        view.auth_token_last4 = Some(last4(&env.auth_token));
        view.from_number = env.from_number.clone();
        view.messaging_service_sid = env.messaging_service_sid.clone();
        view.whatsapp_from = env.whatsapp_from.clone();
    }
    Ok(view)
}

fn last4(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

#[utoipa::path(tag = "settings", responses((status = 200, body = TwilioSettingsView), (status = 403, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/settings/channels/twilio")]
pub async fn twilio_get_settings(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<TwilioSettingsView>> {
    principal.require(Role::Admin)?;
    Ok(web::Json(view(&state, &principal.workspace_id).await?))
}

#[utoipa::path(tag = "settings", request_body = TwilioSettingsInput, responses((status = 200, body = TwilioSettingsView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[put("/api/settings/channels/twilio")]
pub async fn twilio_put_settings(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<TwilioSettingsInput>,
) -> ApiResult<web::Json<TwilioSettingsView>> {
    principal.require(Role::Admin)?;
    let input = body.into_inner();
    let workspace_id = &principal.workspace_id;
    let mut problems: Vec<(String, String)> = Vec::new();
    let account_sid = input.account_sid.trim().to_string();
    if !sid_like(&account_sid, "AC") {
        problems.push((
            "account_sid".into(),
            "use AC followed by 32 hex digits (from the Twilio console)".into(),
        ));
    }
    let mut parse_phone = |field: &str, value: Option<String>| -> Option<String> {
        let value = blank_to_none(value)?;
        match PhoneNumber::parse(&value, None) {
            Ok(p) => Some(p.as_str().to_string()),
            Err(e) => {
                problems.push((
                    field.to_string(),
                    format!("{e} (use E.164, e.g. +14155550100)"),
                ));
                None
            }
        }
    };
    let from_number = parse_phone("from_number", input.from_number);
    let whatsapp_from = parse_phone("whatsapp_from", input.whatsapp_from);
    let messaging_service_sid = blank_to_none(input.messaging_service_sid);
    if let Some(sid) = &messaging_service_sid
        && !sid_like(sid, "MG")
    {
        problems.push((
            "messaging_service_sid".into(),
            "use MG followed by 32 hex digits".into(),
        ));
    }
    if from_number.is_none()
        && messaging_service_sid.is_none()
        && !problems.iter().any(|(f, _)| f == "from_number")
    {
        problems.push((
            "from_number".into(),
            "give a from_number or a messaging_service_sid".into(),
        ));
    }
    let help_contact = blank_to_none(input.help_contact);
    if help_contact
        .as_ref()
        .is_some_and(|h| h.chars().count() > 200)
    {
        problems.push(("help_contact".into(), "keep it under 200 characters".into()));
    }
    let token = blank_to_none(input.auth_token);
    if token
        .as_ref()
        .is_some_and(|t| t.len() < 16 || t.len() > 128)
    {
        problems.push((
            "auth_token".into(),
            "paste the 32-character auth token from the Twilio console".into(),
        ));
    }
    let existing = state.store.messaging().twilio_account(workspace_id).await?;
    if token.is_none() && existing.is_none() {
        problems.push((
            "auth_token".into(),
            "the auth token is required the first time".into(),
        ));
    }
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    let (ciphertext, token_last4) = match token {
        Some(token) => {
            let cipher = state.twilio.cipher.as_ref().ok_or_else(|| {
                ApiError::bad_request(
                    "encryption_unavailable",
                    "No encryption key: set OMNIREACH_ENCRYPTION_KEY or OMNIREACH_SECRET_KEY.",
                )
            })?;
            (
                cipher.encrypt(workspace_id, PROVIDER, &token),
                last4(&token),
            )
        }
        None => {
            let existing = existing.expect("checked above");
            (existing.auth_token_ciphertext, existing.auth_token_last4)
        }
    };
    state
        .store
        .messaging()
        .put_twilio_account(&NewTwilioAccount {
            workspace_id,
            account_sid: &account_sid,
            auth_token_ciphertext: &ciphertext,
            auth_token_last4: &token_last4,
            from_number: from_number.as_deref(),
            messaging_service_sid: messaging_service_sid.as_deref(),
            whatsapp_from: whatsapp_from.as_deref(),
            help_contact: help_contact.as_deref(),
        })
        .await?;
    Ok(web::Json(view(&state, workspace_id).await?))
}

#[utoipa::path(tag = "settings", request_body = TwilioTestInput, responses((status = 200, body = TwilioTestResult), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/settings/channels/twilio/test")]
pub async fn twilio_test_settings(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<TwilioTestInput>,
) -> ApiResult<web::Json<TwilioTestResult>> {
    principal.require(Role::Admin)?;
    let to = PhoneNumber::parse(&body.to, None)
        .map_err(|e| ApiError::field("to", format!("{e} (use E.164, e.g. +14155550100)")))?;
    let result = state
        .twilio
        .send_now(
            &principal.workspace_id,
            &CreateMessage {
                to: to.as_str().to_string(),
                body: Some("OmniReach test message: your Twilio settings work.".into()),
                ..CreateMessage::default()
            },
        )
        .await;
    Ok(web::Json(match result {
        Ok(message) => TwilioTestResult {
            ok: true,
            sid: Some(message.sid),
            status: message.status,
            error: None,
        },
        Err(error) => TwilioTestResult {
            ok: false,
            sid: None,
            status: None,
            error: Some(error.to_string()),
        },
    }))
}
