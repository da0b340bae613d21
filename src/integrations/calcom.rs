//! Cal.com webhooks: the `X-Cal-Signature-256` check (hex HMAC-SHA256 of the raw body under the
//! webhook's secret, constant-time compare) and the `BOOKING_CREATED` / `BOOKING_CANCELLED` /
//! `BOOKING_RESCHEDULED` payloads turned into a provider-neutral [`BookingEvent`].
//!
//! Cal.com signs no timestamp, so there is no replay window; replays are harmless because every
//! event is handled once (keyed by trigger and booking uid).

use super::bookings::{
    BookingAction, BookingEvent, PayloadError, optional_str, required_str, timestamp,
};
use super::{SignatureError, verify_hmac_sha256_hex};
use serde_json::Value;

pub const SIGNATURE_HEADER: &str = "X-Cal-Signature-256";

pub fn verify(header: Option<&str>, body: &[u8], secret: &[u8]) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing(SIGNATURE_HEADER))?;
    let header = header.trim();
    if header.is_empty() || !header.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(SignatureError::Malformed(
            SIGNATURE_HEADER,
            "the hex HMAC-SHA256 of the raw body",
        ));
    }
    if verify_hmac_sha256_hex(secret, body, header) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// `Ok(None)` for triggers we do not act on (`PING`, `MEETING_ENDED`, ...).
pub fn parse(body: &Value) -> Result<Option<BookingEvent>, PayloadError> {
    let trigger = required_str(body, "/triggerEvent")?;
    let action = match trigger {
        "BOOKING_CREATED" => BookingAction::Created,
        "BOOKING_CANCELLED" => BookingAction::Cancelled,
        "BOOKING_RESCHEDULED" => BookingAction::Rescheduled,
        _ => return Ok(None),
    };
    let uid = required_str(body, "/payload/uid")?;
    // A reschedule is a new booking that points at the one it replaces.
    let previous = optional_str(body, "/payload/rescheduleUid")
        .or_else(|| optional_str(body, "/payload/fromReschedule"));
    Ok(Some(BookingEvent {
        provider: "calcom",
        action,
        event_key: format!("{trigger}:{uid}"),
        external_id: uid.to_string(),
        previous_external_id: previous,
        email: super::bookings::email(body, "/payload/attendees/0/email")?,
        name: optional_str(body, "/payload/attendees/0/name"),
        title: optional_str(body, "/payload/title"),
        start_at: timestamp(body, "/payload/startTime")?,
        end_at: timestamp(body, "/payload/endTime")?,
        event_uri: optional_str(body, "/payload/metadata/videoCallUrl")
            .or_else(|| optional_str(body, "/payload/location")),
        cancel_url: None,
        reschedule_url: None,
        cancel_reason: optional_str(body, "/payload/cancellationReason"),
        timezone: optional_str(body, "/payload/attendees/0/timeZone"),
    }))
}
