//! Integrations with services around the conversation: calendar bookings (Calendly, Cal.com),
//! outbound webhooks (tool calls, CRM sync) behind an SSRF guard, and the signatures they share.
//! The HTTP handlers in `http::webhooks_*` parse requests and call into here; what a booking does
//! to a lead (meeting, stage, conversation note, inbox event) lives in [`bookings`].

pub mod bookings;
pub mod calcom;
pub mod calendly;
pub mod ssrf;
pub mod webhooks_out;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Settings from the environment (the default workspace's secrets and the guard's switches).
#[derive(Debug, Clone)]
pub struct IntegrationsConfig {
    /// `CALENDLY_WEBHOOK_SIGNING_KEY`: the default workspace's Calendly signing key.
    pub calendly_signing_key: Option<String>,
    /// `CALCOM_WEBHOOK_SECRET`: the default workspace's Cal.com webhook secret.
    pub calcom_secret: Option<String>,
    /// `OMNIREACH_INBOUND_WEBHOOK_SECRET`: the default workspace's secret for
    /// `POST /api/webhooks/receive`.
    pub inbound_secret: Option<String>,
    /// `CALENDLY_REPLAY_WINDOW_SECS` (default 180): signed timestamps older or further in the
    /// future than this are refused.
    pub replay_window_secs: i64,
    /// `OMNIREACH_WEBHOOKS_ALLOW_PRIVATE` (default off): lets outbound webhooks reach private
    /// and loopback addresses. For tests and closed networks only.
    pub allow_private_targets: bool,
    /// `OMNIREACH_WEBHOOK_TIMEOUT_MS` (default 10 000): per attempt, connect + response.
    pub webhook_timeout_ms: u64,
    /// Largest response body read from a webhook receiver (default 256 KiB).
    pub webhook_max_response_bytes: usize,
    /// Retries after the first attempt (2) and the base of the exponential backoff.
    pub webhook_retries: i64,
    pub webhook_backoff_base_ms: i64,
}

impl Default for IntegrationsConfig {
    fn default() -> Self {
        Self {
            calendly_signing_key: None,
            calcom_secret: None,
            inbound_secret: None,
            replay_window_secs: 180,
            allow_private_targets: false,
            webhook_timeout_ms: 10_000,
            webhook_max_response_bytes: 256 * 1024,
            webhook_retries: 2,
            webhook_backoff_base_ms: 1_000,
        }
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn env_number<T: std::str::FromStr>(name: &str) -> anyhow::Result<Option<T>> {
    match env(name) {
        Some(value) => value
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| anyhow::anyhow!("{name} must be a whole number, got '{value}'")),
        None => Ok(None),
    }
}

impl IntegrationsConfig {
    pub fn from_env() -> anyhow::Result<Self> {
        let defaults = Self::default();
        Ok(Self {
            calendly_signing_key: env("CALENDLY_WEBHOOK_SIGNING_KEY"),
            calcom_secret: env("CALCOM_WEBHOOK_SECRET"),
            inbound_secret: env("OMNIREACH_INBOUND_WEBHOOK_SECRET"),
            replay_window_secs: env_number("CALENDLY_REPLAY_WINDOW_SECS")?
                .unwrap_or(defaults.replay_window_secs)
                .max(1),
            allow_private_targets: env("OMNIREACH_WEBHOOKS_ALLOW_PRIVATE")
                .is_some_and(|v| ["1", "true", "yes", "on"].contains(&v.to_lowercase().as_str())),
            webhook_timeout_ms: env_number("OMNIREACH_WEBHOOK_TIMEOUT_MS")?
                .unwrap_or(defaults.webhook_timeout_ms)
                .max(100),
            webhook_max_response_bytes: defaults.webhook_max_response_bytes,
            webhook_retries: defaults.webhook_retries,
            webhook_backoff_base_ms: defaults.webhook_backoff_base_ms,
        })
    }
}

/// Hex HMAC-SHA256 of `message` under `key`.
pub fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `signature_hex` is the HMAC-SHA256 of `message` under `key`, compared in constant
/// time (`Mac::verify_slice`). Malformed hex is simply "no".
pub fn verify_hmac_sha256_hex(key: &[u8], message: &[u8], signature_hex: &str) -> bool {
    let Ok(signature) = hex::decode(signature_hex.trim()) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    mac.verify_slice(&signature).is_ok()
}

/// Why a signed request was refused. The message says what to fix; it never reveals the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the {0} header is missing")]
    Missing(&'static str),
    #[error("the {0} header is malformed: expected {1}")]
    Malformed(&'static str, &'static str),
    #[error(
        "the signature timestamp is outside the {0}-second replay window (check the sender's clock, or this is a replay)"
    )]
    Stale(i64),
    #[error("the signature does not match the body (wrong signing key, or the body was changed)")]
    Mismatch,
    #[error("no signing key is configured for this workspace")]
    NotConfigured,
}

/// Parses `t=<unix>,v1=<hex>[,v1=<hex>...]` (Calendly's and our own outbound header).
pub fn parse_timestamped_header(
    header_name: &'static str,
    value: &str,
) -> Result<(i64, Vec<String>), SignatureError> {
    const SHAPE: &str = "t=<unix seconds>,v1=<hex HMAC-SHA256>";
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in value.split(',') {
        let Some((key, val)) = part.trim().split_once('=') else {
            return Err(SignatureError::Malformed(header_name, SHAPE));
        };
        match key.trim() {
            "t" => {
                timestamp = Some(
                    val.trim()
                        .parse::<i64>()
                        .map_err(|_| SignatureError::Malformed(header_name, SHAPE))?,
                )
            }
            "v1" => signatures.push(val.trim().to_string()),
            _ => {}
        }
    }
    match timestamp {
        Some(t) if !signatures.is_empty() => Ok((t, signatures)),
        _ => Err(SignatureError::Malformed(header_name, SHAPE)),
    }
}

/// Verifies a `t=..,v1=..` signature of `"<t>.<body>"` with a replay window around `now_secs`.
pub fn verify_timestamped(
    header_name: &'static str,
    header: Option<&str>,
    body: &[u8],
    key: &[u8],
    now_secs: i64,
    window_secs: i64,
) -> Result<i64, SignatureError> {
    let header = header.ok_or(SignatureError::Missing(header_name))?;
    let (timestamp, signatures) = parse_timestamped_header(header_name, header)?;
    if (now_secs - timestamp).abs() > window_secs {
        return Err(SignatureError::Stale(window_secs));
    }
    let mut signed = format!("{timestamp}.").into_bytes();
    signed.extend_from_slice(body);
    // Every candidate is checked (no early exit on the first match) so timing does not tell
    // which one matched.
    let matched = signatures
        .iter()
        .fold(false, |ok, s| verify_hmac_sha256_hex(key, &signed, s) | ok);
    if matched {
        Ok(timestamp)
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// `t=<now>,v1=<hex>` for a body we send.
pub fn sign_timestamped(key: &[u8], body: &[u8], now_secs: i64) -> String {
    let mut signed = format!("{now_secs}.").into_bytes();
    signed.extend_from_slice(body);
    format!("t={now_secs},v1={}", hmac_sha256_hex(key, &signed))
}

/// Replaces `{{booking_link}}` (and `{{ booking_link }}`) with the workspace's booking URL.
/// Without a booking URL the placeholder is left visible, so a reviewer sees what is missing
/// rather than a sentence with a hole in it.
///
/// Called wherever message text is written for a lead, through [`fill_booking_link`]: a human's
/// send (typed text or a template) and an AI reply before its draft is stored.
pub fn substitute_booking_link(text: &str, booking_url: Option<&str>) -> String {
    let Some(url) = booking_url.filter(|u| !u.trim().is_empty()) else {
        return text.to_string();
    };
    text.replace("{{booking_link}}", url)
        .replace("{{ booking_link }}", url)
}

/// [`substitute_booking_link`] with the workspace's booking URL, read only when the text has
/// the placeholder: human sends and AI replies alike, before the text is stored.
pub async fn fill_booking_link(
    store: &crate::store::Store,
    workspace_id: &str,
    text: String,
) -> crate::store::StoreResult<String> {
    if !text.contains("booking_link") {
        return Ok(text);
    }
    let url = store.integrations().booking_url(workspace_id).await?;
    Ok(substitute_booking_link(&text, url.as_deref()))
}

/// The cipher that protects stored integration secrets: the same key-encryption key as the AI
/// provider keys (`OMNIREACH_ENCRYPTION_KEY`, else derived from the instance secret).
pub fn cipher(llm: &crate::llm::Llm) -> Option<crate::llm::keys::KeyCipher> {
    let config = llm.config();
    crate::llm::keys::KeyCipher::from_config(
        config.encryption_key.as_deref(),
        config.instance_secret.as_deref(),
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamped_signatures_verify_and_refuse_tampering() {
        let key = b"signing-key";
        let body = br#"{"event":"invitee.created"}"#;
        let header = sign_timestamped(key, body, 1_000_000);
        let ok = |h: Option<&str>, b: &[u8], k: &[u8], now: i64| {
            verify_timestamped("Sig", h, b, k, now, 180)
        };
        assert_eq!(ok(Some(&header), body, key, 1_000_000), Ok(1_000_000));
        assert_eq!(ok(Some(&header), body, key, 1_000_180), Ok(1_000_000));
        assert_eq!(
            ok(Some(&header), body, key, 1_000_181),
            Err(SignatureError::Stale(180))
        );
        assert_eq!(
            ok(Some(&header), body, key, 999_819),
            Err(SignatureError::Stale(180))
        );
        assert_eq!(
            ok(
                Some(&header),
                b"{\"event\":\"invitee.canceled\"}",
                key,
                1_000_000
            ),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            ok(Some(&header), body, b"other", 1_000_000),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            ok(None, body, key, 1_000_000),
            Err(SignatureError::Missing("Sig"))
        );
        for bad in ["", "t=abc,v1=00", "v1=00", "t=1000000", "garbage"] {
            assert!(
                matches!(
                    ok(Some(bad), body, key, 1_000_000),
                    Err(SignatureError::Malformed(..))
                ),
                "{bad}"
            );
        }
        // Non-hex signature: a mismatch, not a panic.
        assert_eq!(
            ok(Some("t=1000000,v1=zz"), body, key, 1_000_000),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn booking_link_placeholder() {
        assert_eq!(
            substitute_booking_link(
                "Book: {{booking_link}} or {{ booking_link }}",
                Some("https://cal.com/me")
            ),
            "Book: https://cal.com/me or https://cal.com/me"
        );
        assert_eq!(
            substitute_booking_link("Book: {{booking_link}}", None),
            "Book: {{booking_link}}"
        );
    }
}
