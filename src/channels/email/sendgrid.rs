//! SendGrid v3 Mail Send (`POST /v3/mail/send`). SendGrid answers 202 with `X-Message-Id`; our
//! own Message-ID and thread headers travel in `headers`, our ids in `custom_args` (they come
//! back on every event-webhook event, which is how events find their email).

use super::mime::ComposedEmail;
use crate::channels::SendError;
use serde_json::{Value, json};

pub fn body(email: &ComposedEmail, custom_args: &[(&str, &str)]) -> Value {
    let mailbox = |m: &lettre::message::Mailbox| match &m.name {
        Some(name) if !name.is_empty() => json!({"email": m.email.to_string(), "name": name}),
        _ => json!({"email": m.email.to_string()}),
    };
    let headers: serde_json::Map<String, Value> = email
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    let args: serde_json::Map<String, Value> = custom_args
        .iter()
        .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
        .collect();
    json!({
        "personalizations": [{"to": [mailbox(&email.to)]}],
        "from": mailbox(&email.from),
        "subject": email.subject,
        "content": [
            {"type": "text/plain", "value": email.text},
            {"type": "text/html", "value": email.html},
        ],
        "headers": headers,
        "custom_args": args,
        // Our own pixel and link rewriting do the tracking (switchable per workspace); SendGrid's
        // would track every email regardless of that switch.
        "tracking_settings": {
            "click_tracking": {"enable": false, "enable_text": false},
            "open_tracking": {"enable": false},
            "subscription_tracking": {"enable": false},
        },
    })
}

pub async fn send(
    http: &reqwest::Client,
    base_url: &str,
    api_key: &str,
    email: &ComposedEmail,
    custom_args: &[(&str, &str)],
) -> Result<Option<String>, SendError> {
    let url = format!("{}/v3/mail/send", base_url.trim_end_matches('/'));
    let response = http
        .post(&url)
        .bearer_auth(api_key)
        .json(&body(email, custom_args))
        .send()
        .await
        .map_err(|e| SendError::Temporary(format!("SendGrid: {e}")))?;
    let status = response.status();
    let message_id = response
        .headers()
        .get("x-message-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if status.is_success() {
        return Ok(message_id);
    }
    let text = response.text().await.unwrap_or_default();
    let detail = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| {
            v["errors"].as_array().map(|errors| {
                errors
                    .iter()
                    .filter_map(|e| e["message"].as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            })
        })
        .filter(|s| !s.is_empty())
        .unwrap_or(text);
    if status.as_u16() == 429 || status.is_server_error() {
        Err(SendError::Temporary(format!("SendGrid {status}: {detail}")))
    } else {
        Err(SendError::Permanent(format!("SendGrid {status}: {detail}")))
    }
}

/// Checks the API key (the mailbox test endpoint): `GET /v3/scopes` answers 200 for a valid key.
pub async fn check(http: &reqwest::Client, base_url: &str, api_key: &str) -> Result<(), String> {
    let url = format!("{}/v3/scopes", base_url.trim_end_matches('/'));
    let response = http
        .get(&url)
        .bearer_auth(api_key)
        .send()
        .await
        .map_err(|e| format!("SendGrid: {e}"))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!(
            "SendGrid answered {} to the API key",
            response.status()
        ))
    }
}
