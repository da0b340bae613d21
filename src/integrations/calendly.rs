//! Calendly webhooks (API v2): the `Calendly-Webhook-Signature` check and the `invitee.created`
//! / `invitee.canceled` payloads turned into a provider-neutral [`BookingEvent`].
//!
//! Signature: `t=<unix seconds>,v1=<hex HMAC-SHA256(signing key, "<t>.<raw body>")>`, compared
//! in constant time, with a replay window around our clock.

use super::bookings::{
    BookingAction, BookingEvent, PayloadError, optional_str, required_str, timestamp,
};
use super::{SignatureError, verify_timestamped};
use serde_json::Value;

pub const SIGNATURE_HEADER: &str = "Calendly-Webhook-Signature";

pub fn verify(
    header: Option<&str>,
    body: &[u8],
    key: &[u8],
    now_secs: i64,
    window_secs: i64,
) -> Result<i64, SignatureError> {
    verify_timestamped(SIGNATURE_HEADER, header, body, key, now_secs, window_secs)
}

/// `Ok(None)` for events we do not act on (acknowledged so Calendly does not retry).
pub fn parse(body: &Value) -> Result<Option<BookingEvent>, PayloadError> {
    let event = required_str(body, "/event")?;
    let action = match event {
        "invitee.created" => BookingAction::Created,
        "invitee.canceled" => {
            if body
                .pointer("/payload/rescheduled")
                .and_then(Value::as_bool)
                == Some(true)
            {
                BookingAction::ReplacedByReschedule
            } else {
                BookingAction::Cancelled
            }
        }
        _ => return Ok(None),
    };
    let invitee_uri = required_str(body, "/payload/uri")?;
    Ok(Some(BookingEvent {
        provider: "calendly",
        action,
        event_key: format!("{event}:{invitee_uri}"),
        external_id: invitee_uri.to_string(),
        previous_external_id: optional_str(body, "/payload/old_invitee"),
        email: super::bookings::email(body, "/payload/email")?,
        name: optional_str(body, "/payload/name"),
        title: optional_str(body, "/payload/scheduled_event/name"),
        start_at: timestamp(body, "/payload/scheduled_event/start_time")?,
        end_at: timestamp(body, "/payload/scheduled_event/end_time")?,
        event_uri: optional_str(body, "/payload/scheduled_event/uri"),
        cancel_url: optional_str(body, "/payload/cancel_url"),
        reschedule_url: optional_str(body, "/payload/reschedule_url"),
        cancel_reason: optional_str(body, "/payload/cancellation/reason"),
        timezone: optional_str(body, "/payload/timezone"),
    }))
}
