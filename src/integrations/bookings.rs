//! What a calendar booking does, whichever provider reported it: the lead is found by the
//! invitee's email (or created with source = provider), a new booking moves the lead's stage
//! forward to `meeting` (never backwards: a lead already in negotiation, won or lost keeps its
//! stage, and a cancellation does not roll the stage back), the meeting is recorded, a system
//! note lands in the lead's conversation and the inbox hears about it live.
//!
//! Idempotency: each provider event (booking id + event name) is handled once; the event row,
//! the meeting and the note are written in one transaction, so a retry after a crash either
//! finds everything or nothing.

use crate::actors::Live;
use crate::actors::events::{ConversationView, Event, MessageView};
use crate::domain::{EmailAddress, Stage, TimeZoneName};
use crate::store::{BookingChange, LeadChanges, LeadDraft, MeetingRecord, StoreError};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingAction {
    /// A new booking (Calendly `invitee.created`, Cal.com `BOOKING_CREATED`).
    Created,
    /// Calendly `invitee.canceled` / Cal.com `BOOKING_CANCELLED`.
    Cancelled,
    /// Calendly's cancellation of the old invitee when the invitee rescheduled (the new one
    /// arrives as `invitee.created`).
    ReplacedByReschedule,
    /// Cal.com `BOOKING_RESCHEDULED`: a new booking replacing `previous_external_id`.
    Rescheduled,
}

/// A booking event, provider-neutral.
#[derive(Debug, Clone)]
pub struct BookingEvent {
    pub provider: &'static str,
    pub action: BookingAction,
    pub event_key: String,
    pub external_id: String,
    pub previous_external_id: Option<String>,
    pub email: EmailAddress,
    pub name: Option<String>,
    pub title: Option<String>,
    pub start_at: Option<i64>,
    pub end_at: Option<i64>,
    pub event_uri: Option<String>,
    pub cancel_url: Option<String>,
    pub reschedule_url: Option<String>,
    pub cancel_reason: Option<String>,
    pub timezone: Option<String>,
}

/// A payload that is signed correctly but cannot be used; names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct PayloadError {
    pub field: String,
    pub problem: String,
}

impl PayloadError {
    pub fn new(field: &str, problem: impl Into<String>) -> Self {
        Self {
            field: field.trim_start_matches('/').replace('/', "."),
            problem: problem.into(),
        }
    }
}

pub fn required_str<'a>(body: &'a Value, pointer: &str) -> Result<&'a str, PayloadError> {
    match body.pointer(pointer) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.as_str()),
        Some(Value::String(_)) => Err(PayloadError::new(pointer, "is empty")),
        Some(_) => Err(PayloadError::new(pointer, "must be a string")),
        None => Err(PayloadError::new(pointer, "is missing")),
    }
}

pub fn optional_str(body: &Value, pointer: &str) -> Option<String> {
    body.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

pub fn email(body: &Value, pointer: &str) -> Result<EmailAddress, PayloadError> {
    let raw = required_str(body, pointer)?;
    EmailAddress::parse(raw).map_err(|e| PayloadError::new(pointer, e.0))
}

/// An RFC 3339 time as epoch milliseconds; absent is fine, unparseable is not.
pub fn timestamp(body: &Value, pointer: &str) -> Result<Option<i64>, PayloadError> {
    match body.pointer(pointer) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => chrono::DateTime::parse_from_rfc3339(s.trim())
            .map(|t| Some(t.timestamp_millis()))
            .map_err(|_| PayloadError::new(pointer, "must be an RFC 3339 time")),
        Some(_) => Err(PayloadError::new(
            pointer,
            "must be an RFC 3339 time string",
        )),
    }
}

#[derive(Debug)]
pub struct BookingOutcome {
    pub lead_id: String,
    pub lead_created: bool,
    /// `None` when this event had been handled before.
    pub meeting: Option<MeetingRecord>,
}

fn when(ms: Option<i64>) -> String {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "an unknown time".into())
}

fn provider_label(provider: &str) -> &'static str {
    match provider {
        "calendly" => "Calendly",
        "calcom" => "Cal.com",
        _ => "Calendar",
    }
}

/// The note written into the conversation for this event.
pub fn note_for(event: &BookingEvent) -> String {
    let label = provider_label(event.provider);
    let title = event.title.as_deref().unwrap_or("Meeting");
    match event.action {
        BookingAction::Created => format!(
            "{label}: {title} booked for {} by {}.",
            when(event.start_at),
            event.email.as_str()
        ),
        BookingAction::Rescheduled => {
            format!("{label}: {title} rescheduled to {}.", when(event.start_at))
        }
        BookingAction::ReplacedByReschedule => format!(
            "{label}: {title} at {} was rescheduled by the invitee (the new time follows).",
            when(event.start_at)
        ),
        BookingAction::Cancelled => match &event.cancel_reason {
            Some(reason) => format!(
                "{label}: {title} at {} was cancelled: {reason}. The lead's stage is unchanged.",
                when(event.start_at)
            ),
            None => format!(
                "{label}: {title} at {} was cancelled. The lead's stage is unchanged.",
                when(event.start_at)
            ),
        },
    }
}

/// Finds the lead by email, creating it (source = provider) when unknown. Concurrent
/// deliveries for a new invitee race on the unique email; the loser finds the winner's lead.
async fn lead_for(
    live: &Live,
    workspace_id: &str,
    event: &BookingEvent,
) -> Result<(String, bool), StoreError> {
    let leads = live.store.leads();
    if let Some(id) = leads
        .find_duplicate(workspace_id, Some(event.email.as_str()), None, None)
        .await?
    {
        return Ok((id, false));
    }
    let (first_name, last_name) = match event.name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => match name.split_once(' ') {
            Some((first, last)) => (Some(first.to_string()), Some(last.trim().to_string())),
            None => (Some(name.to_string()), None),
        },
        _ => (None, None),
    };
    let draft = LeadDraft {
        first_name,
        last_name,
        email: Some(event.email.clone()),
        timezone: event
            .timezone
            .as_deref()
            .and_then(|tz| TimeZoneName::parse(tz).ok()),
        source: Some(event.provider.to_string()),
        ..LeadDraft::default()
    };
    match leads.create(workspace_id, draft).await {
        Ok(lead) => Ok((lead.id, true)),
        Err(StoreError::Conflict(_)) => leads
            .find_duplicate(workspace_id, Some(event.email.as_str()), None, None)
            .await?
            .map(|id| (id, false))
            .ok_or(StoreError::NotFound),
        Err(other) => Err(other),
    }
}

/// Bookings are applied one at a time per process. They are rare, and it keeps a burst of
/// duplicate deliveries (providers retry; the tests send ten at once) from racing on the same
/// lead's read-modify-write stage update, which SQLite answers with a busy error. Across nodes
/// (PostgreSQL) row locks order the updates and the event table keeps them idempotent.
static APPLYING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Applies a verified booking event to the workspace.
pub async fn apply(
    live: &Live,
    workspace_id: &str,
    event: &BookingEvent,
) -> Result<BookingOutcome, StoreError> {
    let _one_at_a_time = APPLYING.lock().await;
    let (lead_id, lead_created) = lead_for(live, workspace_id, event).await?;
    let books = matches!(
        event.action,
        BookingAction::Created | BookingAction::Rescheduled
    );
    if books {
        // Before the event is marked handled: a crash in between redoes this (a no-op the
        // second time) on the provider's retry.
        if let Some(lead) = live.store.leads().find(workspace_id, &lead_id).await?
            && lead.stage.rank() < Stage::Meeting.rank()
        {
            live.store
                .leads()
                .update(
                    workspace_id,
                    &lead_id,
                    LeadChanges {
                        stage: Some(Stage::Meeting),
                        ..LeadChanges::default()
                    },
                )
                .await?;
        }
    }
    let conversation = live
        .store
        .conversations()
        .ensure_for_lead(workspace_id, &lead_id, None)
        .await?;
    let status = match event.action {
        BookingAction::Created | BookingAction::Rescheduled => "scheduled",
        BookingAction::Cancelled => "cancelled",
        BookingAction::ReplacedByReschedule => "rescheduled",
    };
    let note = note_for(event);
    let recorded = live
        .store
        .integrations()
        .record_booking(
            &conversation,
            &BookingChange {
                workspace_id,
                provider: event.provider,
                event_key: &event.event_key,
                external_id: &event.external_id,
                title: event.title.as_deref(),
                start_at: event.start_at,
                end_at: event.end_at,
                status,
                event_uri: event.event_uri.as_deref(),
                cancel_url: event.cancel_url.as_deref(),
                reschedule_url: event.reschedule_url.as_deref(),
                cancel_reason: event.cancel_reason.as_deref(),
                replaces: if books {
                    event.previous_external_id.as_deref()
                } else {
                    None
                },
                note: &note,
            },
        )
        .await?;
    let Some((meeting, note)) = recorded else {
        return Ok(BookingOutcome {
            lead_id,
            lead_created,
            meeting: None,
        });
    };
    announce_note(live, workspace_id, &conversation.id, &note).await;
    Ok(BookingOutcome {
        lead_id,
        lead_created,
        meeting: Some(meeting),
    })
}

/// Tells the inbox about a note just written: the message, then the conversation's new state
/// (re-read, so the lead's stage in the inbox row is current).
pub async fn announce_note(
    live: &Live,
    workspace_id: &str,
    conversation_id: &str,
    note: &crate::store::MessageRecord,
) {
    live.hub.publish(
        workspace_id,
        &Event::MessageCreated {
            conversation_id: conversation_id.to_string(),
            message: MessageView::from(note),
            conversation: None,
        },
    );
    match live
        .store
        .conversations()
        .get(workspace_id, conversation_id)
        .await
    {
        Ok(conversation) => live.hub.publish(
            workspace_id,
            &Event::ConversationUpdated {
                conversation: ConversationView::from(&conversation),
            },
        ),
        Err(error) => tracing::warn!(%error, "re-reading a conversation after a note failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn calendly(event: &str, extra: Value) -> Value {
        let mut body = json!({
            "event": event,
            "payload": {
                "email": "ada@example.com",
                "name": "Ada Lovelace",
                "uri": "https://api.calendly.com/scheduled_events/E1/invitees/I1",
                "cancel_url": "https://calendly.com/cancellations/I1",
                "reschedule_url": "https://calendly.com/reschedulings/I1",
                "timezone": "Europe/London",
                "scheduled_event": {
                    "uri": "https://api.calendly.com/scheduled_events/E1",
                    "name": "Intro call",
                    "start_time": "2026-12-01T10:00:00.000000Z",
                    "end_time": "2026-12-01T10:30:00.000000Z"
                }
            }
        });
        if let (Some(payload), Value::Object(extra)) = (body["payload"].as_object_mut(), extra) {
            payload.extend(extra);
        }
        body
    }

    #[test]
    fn calendly_payloads_parse() {
        let created = super::super::calendly::parse(&calendly("invitee.created", json!({})))
            .unwrap()
            .unwrap();
        assert_eq!(created.action, BookingAction::Created);
        assert_eq!(created.email.as_str(), "ada@example.com");
        assert_eq!(
            created.event_key,
            "invitee.created:https://api.calendly.com/scheduled_events/E1/invitees/I1"
        );
        assert_eq!(created.start_at, Some(1_796_119_200_000));
        assert!(note_for(&created).contains("Intro call booked for 2026-12-01 10:00 UTC"));

        let cancelled = super::super::calendly::parse(&calendly(
            "invitee.canceled",
            json!({"cancellation": {"reason": "conflict"}}),
        ))
        .unwrap()
        .unwrap();
        assert_eq!(cancelled.action, BookingAction::Cancelled);
        assert_eq!(cancelled.cancel_reason.as_deref(), Some("conflict"));
        let moved = super::super::calendly::parse(&calendly(
            "invitee.canceled",
            json!({"rescheduled": true}),
        ))
        .unwrap()
        .unwrap();
        assert_eq!(moved.action, BookingAction::ReplacedByReschedule);

        assert!(
            super::super::calendly::parse(&json!({"event": "routing_form_submission.created"}))
                .unwrap()
                .is_none()
        );
        let missing =
            super::super::calendly::parse(&json!({"event": "invitee.created", "payload": {}}))
                .unwrap_err();
        assert_eq!(missing.field, "payload.uri");
        let bad_email = super::super::calendly::parse(&calendly(
            "invitee.created",
            json!({"email": "not-an-email"}),
        ))
        .unwrap_err();
        assert_eq!(bad_email.field, "payload.email");
        let bad_time =
            super::super::calendly::parse(&json!({"event": "invitee.created", "payload": {
            "uri": "u", "email": "a@example.com", "scheduled_event": {"start_time": "tomorrow"}}}))
            .unwrap_err();
        assert_eq!(bad_time.field, "payload.scheduled_event.start_time");
    }

    #[test]
    fn calcom_payloads_parse() {
        let body = json!({
            "triggerEvent": "BOOKING_RESCHEDULED",
            "createdAt": "2026-11-30T10:00:00.000Z",
            "payload": {
                "title": "Demo", "uid": "new-uid", "rescheduleUid": "old-uid",
                "startTime": "2026-12-02T09:00:00Z", "endTime": "2026-12-02T09:30:00Z",
                "attendees": [{"email": "Bob@Example.com", "name": "Bob", "timeZone": "UTC"}]
            }
        });
        let event = super::super::calcom::parse(&body).unwrap().unwrap();
        assert_eq!(event.action, BookingAction::Rescheduled);
        assert_eq!(event.previous_external_id.as_deref(), Some("old-uid"));
        assert_eq!(event.event_key, "BOOKING_RESCHEDULED:new-uid");
        assert!(
            super::super::calcom::parse(&json!({"triggerEvent": "PING"}))
                .unwrap()
                .is_none()
        );
        assert_eq!(
            super::super::calcom::parse(
                &json!({"triggerEvent": "BOOKING_CREATED", "payload": {"uid": "x"}})
            )
            .unwrap_err()
            .field,
            "payload.attendees.0.email"
        );
    }
}
