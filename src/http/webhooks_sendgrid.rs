//! SendGrid webhooks. Inbound Parse (`POST /api/webhooks/sendgrid/inbound/{secret}`) is unsigned
//! by SendGrid, so the URL carries a secret (`SENDGRID_INBOUND_SECRET`, compared in constant
//! time). The Event Webhook (`POST /api/webhooks/sendgrid/events`) is signed: ECDSA P-256 /
//! SHA-256 over `timestamp ‖ raw body`, verified with the configured public key, within a replay
//! window; each event is applied once (`sg_event_id`). Both store before they answer 2xx.

use super::email::{InboundOutcome, apply_bounce, deliver_inbound};
use super::error::{ApiError, ApiResult, ErrorBody};
use super::state::AppState;
use crate::store::SuppressionReason;
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, post, web};
use futures_util::StreamExt;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

/// Largest Inbound Parse request accepted.
pub const INBOUND_MAX_BYTES: usize = 8 * 1024 * 1024;

/// Equal-length digests compared without an early exit.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (x, y) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    x.iter()
        .zip(y.iter())
        .fold(0u8, |acc, (p, q)| acc | (p ^ q))
        == 0
}

#[derive(Serialize, ToSchema)]
pub struct InboundResult {
    pub outcome: InboundOutcome,
}

/// Rebuilds a MIME message from Inbound Parse's parsed fields (raw mode off): the original
/// header block (`headers`) with the text body.
fn rebuild_raw(headers: &str, text: &str) -> Vec<u8> {
    let mut kept = String::new();
    let mut skipping = false;
    for line in headers.lines() {
        let continuation = line.starts_with(' ') || line.starts_with('\t');
        if !continuation {
            let name = line
                .split(':')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            skipping = ["content-type", "content-transfer-encoding", "mime-version"]
                .contains(&name.as_str());
        }
        if !skipping {
            kept.push_str(line);
            kept.push_str("\r\n");
        }
    }
    kept.push_str("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
    kept.push_str(text);
    kept.into_bytes()
}

#[utoipa::path(
    tag = "webhooks",
    params(("secret" = String, Path, description = "SENDGRID_INBOUND_SECRET")),
    request_body(content = String, content_type = "multipart/form-data", description = "SendGrid Inbound Parse: `email` (raw MIME, when 'POST the raw, full MIME message' is on) or `from`, `to`, `subject`, `text`/`html`, `headers`"),
    responses((status = 200, body = InboundResult), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody))
)]
#[post("/api/webhooks/sendgrid/inbound/{secret}")]
pub async fn sendgrid_inbound(
    state: web::Data<AppState>,
    secret: web::Path<String>,
    request: HttpRequest,
    payload: web::Payload,
) -> ApiResult<web::Json<InboundResult>> {
    let config = &state.settings.email;
    let Some(expected) = &config.inbound_secret else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_configured",
            "Inbound Parse is not enabled on this server: set SENDGRID_INBOUND_SECRET.",
        ));
    };
    if !constant_time_eq(&secret, expected) {
        return Err(ApiError::forbidden(
            "The secret in the webhook URL is wrong; use the URL shown in docs/channels-email.md with SENDGRID_INBOUND_SECRET.",
        ));
    }
    let content_type = request
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !content_type.starts_with("multipart/form-data") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Inbound Parse posts multipart/form-data; send the fields as a multipart form.",
        ));
    }
    if let Some(length) = request
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        && length > INBOUND_MAX_BYTES
    {
        return Err(too_large());
    }
    let mut form = Multipart::new(request.headers(), payload);
    let mut fields: std::collections::HashMap<String, Vec<u8>> = Default::default();
    let mut total = 0usize;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(|e| {
            ApiError::bad_request(
                "invalid_multipart",
                format!("The form could not be read: {e}."),
            )
        })?;
        let name = field.name().unwrap_or_default().to_string();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| {
                ApiError::bad_request(
                    "invalid_multipart",
                    format!("The form could not be read: {e}."),
                )
            })?;
            total += chunk.len();
            if total > INBOUND_MAX_BYTES {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        // Attachments (attachment1…) are not kept: the raw email carries them when needed.
        if !name.starts_with("attachment") {
            fields.insert(name, bytes);
        }
    }
    let raw = match fields.remove("email") {
        Some(raw) if !raw.is_empty() => raw,
        _ => {
            let text_field = |name: &str| -> ApiResult<Option<String>> {
                fields
                    .get(name)
                    .map(|b| {
                        String::from_utf8(b.clone())
                            .map_err(|_| ApiError::field(name, "must be UTF-8 text"))
                    })
                    .transpose()
            };
            let from = text_field("from")?;
            let headers = text_field("headers")?;
            let text = match text_field("text")? {
                Some(text) => Some(text),
                None => text_field("html")?,
            };
            let mut missing = Vec::new();
            if from.is_none() && headers.is_none() {
                missing.push((
                    "from".to_string(),
                    "is required (or the raw 'email' field)".to_string(),
                ));
            }
            if text.is_none() {
                missing.push((
                    "text".to_string(),
                    "is required (or 'html', or the raw 'email' field)".to_string(),
                ));
            }
            if !missing.is_empty() {
                return Err(ApiError::validation(missing));
            }
            let headers = headers.unwrap_or_else(|| {
                let subject = text_field("subject").ok().flatten().unwrap_or_default();
                let to = text_field("to").ok().flatten().unwrap_or_default();
                format!(
                    "From: {}\r\nTo: {to}\r\nSubject: {subject}\r\n",
                    from.clone().unwrap_or_default()
                )
            });
            rebuild_raw(&headers, &text.unwrap_or_default())
        }
    };
    let outcome = deliver_inbound(&state.live, config, &raw, None)
        .await
        .map_err(|e| {
            if e.contains("parsed") {
                ApiError::field("email", "is not a MIME message")
            } else {
                ApiError::internal(anyhow::anyhow!(e))
            }
        })?;
    Ok(web::Json(InboundResult { outcome }))
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("Inbound emails larger than {INBOUND_MAX_BYTES} bytes are refused."),
    )
}

pub const SIGNATURE_HEADER: &str = "X-Twilio-Email-Event-Webhook-Signature";
pub const TIMESTAMP_HEADER: &str = "X-Twilio-Email-Event-Webhook-Timestamp";

/// Checks the event webhook signature; `Err` says what is wrong.
pub fn verify_event_signature(
    public_key_b64: &str,
    signature_b64: &str,
    timestamp: &str,
    body: &[u8],
    now_secs: i64,
    max_age_secs: i64,
) -> Result<(), String> {
    use base64::Engine;
    use p256::ecdsa::signature::Verifier;
    use p256::ecdsa::{Signature, VerifyingKey};
    use p256::pkcs8::DecodePublicKey;
    let engine = base64::engine::general_purpose::STANDARD;
    let sent: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| "the timestamp header is not a number".to_string())?;
    if (now_secs - sent).abs() > max_age_secs {
        return Err("the timestamp is outside the replay window".into());
    }
    let der = engine
        .decode(public_key_b64.trim())
        .map_err(|_| "SENDGRID_EVENT_PUBLIC_KEY is not base64".to_string())?;
    let key = VerifyingKey::from_public_key_der(&der)
        .map_err(|_| "SENDGRID_EVENT_PUBLIC_KEY is not a P-256 public key".to_string())?;
    let signature = engine
        .decode(signature_b64.trim())
        .ok()
        .and_then(|bytes| Signature::from_der(&bytes).ok())
        .ok_or_else(|| "the signature is not base64 DER".to_string())?;
    let mut payload = timestamp.as_bytes().to_vec();
    payload.extend_from_slice(body);
    key.verify(&payload, &signature)
        .map_err(|_| "the signature does not match".to_string())
}

#[derive(Serialize, ToSchema)]
pub struct EventsResult {
    pub processed: usize,
    pub duplicates: usize,
    /// Events for emails this server does not know (ignored).
    pub unknown: usize,
}

#[utoipa::path(
    tag = "webhooks",
    request_body(content = String, content_type = "application/json", description = "SendGrid Event Webhook: a JSON array of events, signed"),
    responses((status = 200, body = EventsResult), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[post("/api/webhooks/sendgrid/events")]
pub async fn sendgrid_events(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Bytes,
) -> ApiResult<web::Json<EventsResult>> {
    let config = &state.settings.email;
    let Some(public_key) = &config.event_public_key else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_configured",
            "The SendGrid event webhook is not enabled: set SENDGRID_EVENT_PUBLIC_KEY.",
        ));
    };
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (Some(signature), Some(timestamp)) = (header(SIGNATURE_HEADER), header(TIMESTAMP_HEADER))
    else {
        return Err(ApiError::unauthorized(
            "missing_signature",
            format!("Signed requests only: send {SIGNATURE_HEADER} and {TIMESTAMP_HEADER}."),
        ));
    };
    verify_event_signature(
        public_key,
        &signature,
        &timestamp,
        &body,
        chrono::Utc::now().timestamp(),
        config.event_max_age_secs,
    )
    .map_err(|reason| {
        ApiError::unauthorized("invalid_signature", format!("Rejected: {reason}."))
    })?;
    let events: Vec<serde_json::Value> = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            "invalid_json",
            format!("The body must be a JSON array of events: {e}."),
        )
    })?;
    let mut result = EventsResult {
        processed: 0,
        duplicates: 0,
        unknown: 0,
    };
    let store = &state.store;
    for event in &events {
        let Some(event_id) = event["sg_event_id"].as_str() else {
            result.unknown += 1;
            continue;
        };
        if store.email().event_seen(event_id).await? {
            result.duplicates += 1;
            continue;
        }
        let email = match event["omnireach_email_id"].as_str() {
            Some(id) => store.email().by_id(id).await?,
            None => None,
        };
        let Some(email) = email.filter(|e| {
            event["omnireach_workspace_id"]
                .as_str()
                .is_none_or(|w| w == e.workspace_id)
        }) else {
            result.unknown += 1;
            continue;
        };
        let kind = event["event"].as_str().unwrap_or_default();
        match kind {
            "delivered" => super::email::advance(&state.live, &email, "delivered", None).await,
            "open" | "click" if store.email().mark_opened(&email.id).await? => {
                super::email::advance(&state.live, &email, "read", None).await;
            }
            "bounce" if event["type"].as_str() != Some("blocked") => {
                apply_bounce(
                    &state.live,
                    config,
                    &email,
                    SuppressionReason::HardBounce,
                    "sendgrid bounce event",
                )
                .await?;
            }
            "dropped" => {
                apply_bounce(
                    &state.live,
                    config,
                    &email,
                    SuppressionReason::HardBounce,
                    "sendgrid dropped event",
                )
                .await?;
            }
            "spamreport" => {
                apply_bounce(
                    &state.live,
                    config,
                    &email,
                    SuppressionReason::Complaint,
                    "sendgrid spam report",
                )
                .await?;
            }
            _ => {}
        }
        store.email().first_sighting(event_id, kind).await?;
        result.processed += 1;
    }
    Ok(web::Json(result))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_compare() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
    }

    #[test]
    fn parsed_fields_rebuild_a_text_message() {
        let raw = rebuild_raw(
            "From: bob@client.example\nMessage-ID: <r@c>\nContent-Type: multipart/alternative;\n boundary=x\nSubject: Re: hi\n",
            "Yes.",
        );
        let raw = String::from_utf8(raw).unwrap();
        assert!(raw.contains("Message-ID: <r@c>"));
        assert!(!raw.contains("boundary=x"));
        assert!(raw.ends_with("\r\n\r\nYes."));
    }
}
