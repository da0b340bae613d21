//! Integrations: per-workspace integration settings (encrypted secrets arrive here already
//! encrypted), calendar meetings with the provider events already handled, LinkedIn tasks with
//! their weekly quota, outbound webhook endpoints with their durable deliveries, and alerts.

use super::conversations::{MESSAGE_COLUMNS, message_from_row};
use super::{
    Backend, ConversationRecord, MessageRecord, Store, StoreError, StoreResult, new_id, now_ms,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

/// Seven days, the LinkedIn quota window.
pub const WEEK_MS: i64 = 7 * 24 * 3600 * 1000;

#[derive(Debug, Clone)]
pub struct IntegrationSettingsRecord {
    pub workspace_id: String,
    pub webhook_token: String,
    pub booking_url: Option<String>,
    pub calendly_signing_key: Option<Vec<u8>>,
    pub calcom_secret: Option<Vec<u8>>,
    pub inbound_secret: Option<Vec<u8>>,
    pub outbound_signing_secret: Option<Vec<u8>>,
    pub linkedin_weekly_connections: i64,
    pub linkedin_weekly_messages: i64,
    pub updated_at: i64,
}

/// A partial update of the settings. Outer `Option`: given or not; inner: value or clear.
#[derive(Debug, Clone, Default)]
pub struct IntegrationSettingsChanges {
    pub booking_url: Option<Option<String>>,
    pub calendly_signing_key: Option<Option<Vec<u8>>>,
    pub calcom_secret: Option<Option<Vec<u8>>>,
    pub inbound_secret: Option<Option<Vec<u8>>>,
    pub outbound_signing_secret: Option<Option<Vec<u8>>>,
    pub linkedin_weekly_connections: Option<i64>,
    pub linkedin_weekly_messages: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct MeetingRecord {
    pub id: String,
    pub workspace_id: String,
    pub lead_id: String,
    pub provider: String,
    pub external_id: String,
    pub title: Option<String>,
    pub start_at: Option<i64>,
    pub end_at: Option<i64>,
    pub status: String,
    pub event_uri: Option<String>,
    pub cancel_url: Option<String>,
    pub reschedule_url: Option<String>,
    pub cancel_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A booking event to record: the meeting's new state and the note for the conversation.
#[derive(Debug, Clone)]
pub struct BookingChange<'a> {
    pub workspace_id: &'a str,
    pub provider: &'a str,
    /// The provider's id of the event delivery (booking id + event name): handled once.
    pub event_key: &'a str,
    pub external_id: &'a str,
    pub title: Option<&'a str>,
    pub start_at: Option<i64>,
    pub end_at: Option<i64>,
    /// `scheduled`, `cancelled` or `rescheduled`.
    pub status: &'a str,
    pub event_uri: Option<&'a str>,
    pub cancel_url: Option<&'a str>,
    pub reschedule_url: Option<&'a str>,
    pub cancel_reason: Option<&'a str>,
    /// The booking this one replaces (a reschedule): marked `rescheduled`.
    pub replaces: Option<&'a str>,
    pub note: &'a str,
}

#[derive(Debug, Clone)]
pub struct LinkedinTaskRecord {
    pub id: String,
    pub workspace_id: String,
    pub lead_id: String,
    pub message_id: Option<String>,
    pub idempotency_key: String,
    pub kind: String,
    pub body: String,
    pub profile_url: Option<String>,
    pub status: String,
    pub due_at: i64,
    pub scheduled_reason: Option<String>,
    pub skip_reason: Option<String>,
    pub completed_by: Option<String>,
    pub completed_at: Option<i64>,
    pub created_at: i64,
    /// The lead's full name, else its email; empty when it has neither.
    pub lead_name: String,
}

#[derive(Debug, Clone)]
pub struct NewLinkedinTask<'a> {
    pub workspace_id: &'a str,
    pub lead_id: &'a str,
    pub message_id: Option<&'a str>,
    pub idempotency_key: &'a str,
    pub kind: &'a str,
    pub body: &'a str,
    pub profile_url: Option<&'a str>,
    /// Tasks of this kind allowed per rolling 7 days; `None` = unlimited.
    pub weekly_limit: Option<i64>,
    pub now: i64,
}

#[derive(Debug, Clone)]
pub struct WebhookEndpointRecord {
    pub id: String,
    pub workspace_id: String,
    pub name: String,
    pub url: String,
    pub method: String,
    pub headers: serde_json::Map<String, serde_json::Value>,
    pub auth_token: Option<Vec<u8>>,
    pub events: Vec<String>,
    pub response_mapping: serde_json::Map<String, serde_json::Value>,
    pub enabled: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Values for a new endpoint or a change (every field given; the handler merges a patch).
#[derive(Debug, Clone)]
pub struct WebhookEndpointInput {
    pub name: String,
    pub url: String,
    pub method: String,
    pub headers: serde_json::Map<String, serde_json::Value>,
    pub auth_token: Option<Vec<u8>>,
    pub events: Vec<String>,
    pub response_mapping: serde_json::Map<String, serde_json::Value>,
    pub enabled: bool,
}

#[derive(Debug, Clone)]
pub struct WebhookDeliveryRecord {
    pub id: String,
    pub workspace_id: String,
    pub endpoint_id: String,
    pub event: String,
    pub idempotency_key: String,
    pub lead_id: Option<String>,
    pub payload: String,
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub response_status: Option<i64>,
    pub latency_ms: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct AlertRecord {
    pub id: String,
    pub workspace_id: String,
    pub kind: String,
    pub message: String,
    pub details: String,
    pub created_at: i64,
}

const SETTINGS_COLUMNS: &str = "workspace_id, webhook_token, booking_url, calendly_signing_key, \
    calcom_secret, inbound_secret, outbound_signing_secret, linkedin_weekly_connections, \
    linkedin_weekly_messages, updated_at";

const MEETING_COLUMNS: &str = "id, workspace_id, lead_id, provider, external_id, title, start_at, \
    end_at, status, event_uri, cancel_url, reschedule_url, cancel_reason, created_at, updated_at";

/// Every task read carries its lead's display name (full name, else email), so a task list
/// needs no read per lead to say whom a task is for.
const TASK_COLUMNS: &str = "id, workspace_id, lead_id, message_id, idempotency_key, kind, body, \
    profile_url, status, due_at, scheduled_reason, skip_reason, completed_by, completed_at, \
    created_at, COALESCE((SELECT COALESCE(NULLIF(l.full_name, ''), l.email) FROM leads l \
    WHERE l.id = linkedin_tasks.lead_id AND l.workspace_id = linkedin_tasks.workspace_id), '') \
    AS lead_name";

const ENDPOINT_COLUMNS: &str = "id, workspace_id, name, url, method, headers, auth_token, events, \
    response_mapping, enabled, created_at, updated_at";

const DELIVERY_COLUMNS: &str = "id, workspace_id, endpoint_id, event, idempotency_key, lead_id, \
    payload, state, attempts, next_attempt_at, response_status, latency_ms, last_error, created_at";

fn settings_from_row(row: &AnyRow) -> StoreResult<IntegrationSettingsRecord> {
    Ok(IntegrationSettingsRecord {
        workspace_id: row.try_get("workspace_id")?,
        webhook_token: row.try_get("webhook_token")?,
        booking_url: row.try_get("booking_url")?,
        calendly_signing_key: row.try_get("calendly_signing_key")?,
        calcom_secret: row.try_get("calcom_secret")?,
        inbound_secret: row.try_get("inbound_secret")?,
        outbound_signing_secret: row.try_get("outbound_signing_secret")?,
        linkedin_weekly_connections: row.try_get("linkedin_weekly_connections")?,
        linkedin_weekly_messages: row.try_get("linkedin_weekly_messages")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn meeting_from_row(row: &AnyRow) -> StoreResult<MeetingRecord> {
    Ok(MeetingRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        lead_id: row.try_get("lead_id")?,
        provider: row.try_get("provider")?,
        external_id: row.try_get("external_id")?,
        title: row.try_get("title")?,
        start_at: row.try_get("start_at")?,
        end_at: row.try_get("end_at")?,
        status: row.try_get("status")?,
        event_uri: row.try_get("event_uri")?,
        cancel_url: row.try_get("cancel_url")?,
        reschedule_url: row.try_get("reschedule_url")?,
        cancel_reason: row.try_get("cancel_reason")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn task_from_row(row: &AnyRow) -> StoreResult<LinkedinTaskRecord> {
    Ok(LinkedinTaskRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        lead_id: row.try_get("lead_id")?,
        message_id: row.try_get("message_id")?,
        idempotency_key: row.try_get("idempotency_key")?,
        kind: row.try_get("kind")?,
        body: row.try_get("body")?,
        profile_url: row.try_get("profile_url")?,
        status: row.try_get("status")?,
        due_at: row.try_get("due_at")?,
        scheduled_reason: row.try_get("scheduled_reason")?,
        skip_reason: row.try_get("skip_reason")?,
        completed_by: row.try_get("completed_by")?,
        completed_at: row.try_get("completed_at")?,
        created_at: row.try_get("created_at")?,
        lead_name: row.try_get("lead_name")?,
    })
}

fn json_object(raw: &str) -> serde_json::Map<String, serde_json::Value> {
    serde_json::from_str(raw).unwrap_or_default()
}

fn endpoint_from_row(row: &AnyRow) -> StoreResult<WebhookEndpointRecord> {
    let headers: String = row.try_get("headers")?;
    let events: String = row.try_get("events")?;
    let mapping: String = row.try_get("response_mapping")?;
    Ok(WebhookEndpointRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        name: row.try_get("name")?,
        url: row.try_get("url")?,
        method: row.try_get("method")?,
        headers: json_object(&headers),
        auth_token: row.try_get("auth_token")?,
        events: serde_json::from_str(&events).unwrap_or_default(),
        response_mapping: json_object(&mapping),
        enabled: row.try_get::<i64, _>("enabled")? != 0,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn delivery_from_row(row: &AnyRow) -> StoreResult<WebhookDeliveryRecord> {
    Ok(WebhookDeliveryRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        endpoint_id: row.try_get("endpoint_id")?,
        event: row.try_get("event")?,
        idempotency_key: row.try_get("idempotency_key")?,
        lead_id: row.try_get("lead_id")?,
        payload: row.try_get("payload")?,
        state: row.try_get("state")?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: row.try_get("next_attempt_at")?,
        response_status: row.try_get("response_status")?,
        latency_ms: row.try_get("latency_ms")?,
        last_error: row.try_get("last_error")?,
        created_at: row.try_get("created_at")?,
    })
}

fn random_token() -> String {
    let bytes: [u8; 18] = rand::random();
    hex::encode(bytes)
}

/// Inserts a system note (author `system`, never sent) into a conversation and moves the
/// conversation's activity forward, inside the caller's transaction. `external_id` makes the
/// note idempotent: `None` when a note with the same id exists.
async fn insert_system_note(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    conversation: &ConversationRecord,
    body: &str,
    external_id: &str,
    now: i64,
) -> StoreResult<Option<String>> {
    let id = new_id();
    let inserted = sqlx::query(
        "INSERT INTO messages (id, workspace_id, conversation_id, lead_id, direction, channel, \
         author_kind, body, status, status_rank, external_id, processed, created_at) \
         VALUES ($1, $2, $3, $4, 'note', 'note', 'system', $5, 'received', 0, $6, 1, $7) \
         ON CONFLICT (workspace_id, channel, external_id) DO NOTHING",
    )
    .bind(&id)
    .bind(&conversation.workspace_id)
    .bind(&conversation.id)
    .bind(&conversation.lead_id)
    .bind(body)
    .bind(external_id)
    .bind(now)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(None);
    }
    sqlx::query(
        "UPDATE conversations SET last_message_at = $1, last_message_preview = $2, \
         updated_at = $1 WHERE id = $3",
    )
    .bind(now)
    .bind(super::preview(body))
    .bind(&conversation.id)
    .execute(&mut **tx)
    .await?;
    Ok(Some(id))
}

pub struct IntegrationStore<'a>(pub(super) &'a Store);

impl IntegrationStore<'_> {
    // --- settings ------------------------------------------------------------------------------

    /// The workspace's integration settings, created (with a fresh webhook token) on first use.
    pub async fn settings(&self, workspace_id: &str) -> StoreResult<IntegrationSettingsRecord> {
        let sql =
            format!("SELECT {SETTINGS_COLUMNS} FROM integration_settings WHERE workspace_id = $1");
        if let Some(row) = sqlx::query(AssertSqlSafe(sql.clone()))
            .bind(workspace_id)
            .fetch_optional(&self.0.pool)
            .await?
        {
            return settings_from_row(&row);
        }
        sqlx::query(
            "INSERT INTO integration_settings (workspace_id, webhook_token, updated_at) \
             VALUES ($1, $2, $3) ON CONFLICT (workspace_id) DO NOTHING",
        )
        .bind(workspace_id)
        .bind(random_token())
        .bind(now_ms())
        .execute(&self.0.writer)
        .await?;
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(workspace_id)
            .fetch_one(&self.0.writer)
            .await?;
        settings_from_row(&row)
    }

    /// The workspace's booking URL, if one is set. Read-only (unlike [`Self::settings`], it
    /// creates no row), for the AI reply path.
    pub async fn booking_url(&self, workspace_id: &str) -> StoreResult<Option<String>> {
        let load = || async {
            let url: Option<Option<String>> = sqlx::query_scalar(
                "SELECT booking_url FROM integration_settings WHERE workspace_id = $1",
            )
            .bind(workspace_id)
            .fetch_optional(&self.0.pool)
            .await?;
            Ok(url.flatten().filter(|u| !u.trim().is_empty()))
        };
        self.0
            .config
            .get_or_load("booking_url", &[workspace_id], load)
            .await
    }

    /// The workspace a webhook URL token belongs to.
    pub async fn workspace_by_token(&self, token: &str) -> StoreResult<Option<String>> {
        let found: Option<String> = sqlx::query_scalar(
            "SELECT workspace_id FROM integration_settings WHERE webhook_token = $1",
        )
        .bind(token)
        .fetch_optional(&self.0.pool)
        .await?;
        Ok(found)
    }

    pub async fn update_settings(
        &self,
        workspace_id: &str,
        changes: IntegrationSettingsChanges,
    ) -> StoreResult<IntegrationSettingsRecord> {
        let mut current = self.settings(workspace_id).await?;
        if let Some(v) = changes.booking_url {
            current.booking_url = v;
        }
        if let Some(v) = changes.calendly_signing_key {
            current.calendly_signing_key = v;
        }
        if let Some(v) = changes.calcom_secret {
            current.calcom_secret = v;
        }
        if let Some(v) = changes.inbound_secret {
            current.inbound_secret = v;
        }
        if let Some(v) = changes.outbound_signing_secret {
            current.outbound_signing_secret = v;
        }
        if let Some(v) = changes.linkedin_weekly_connections {
            current.linkedin_weekly_connections = v;
        }
        if let Some(v) = changes.linkedin_weekly_messages {
            current.linkedin_weekly_messages = v;
        }
        current.updated_at = now_ms();
        sqlx::query(
            "UPDATE integration_settings SET booking_url = $1, calendly_signing_key = $2, \
             calcom_secret = $3, inbound_secret = $4, outbound_signing_secret = $5, \
             linkedin_weekly_connections = $6, linkedin_weekly_messages = $7, updated_at = $8 \
             WHERE workspace_id = $9",
        )
        .bind(current.booking_url.as_deref())
        .bind(current.calendly_signing_key.clone())
        .bind(current.calcom_secret.clone())
        .bind(current.inbound_secret.clone())
        .bind(current.outbound_signing_secret.clone())
        .bind(current.linkedin_weekly_connections)
        .bind(current.linkedin_weekly_messages)
        .bind(current.updated_at)
        .bind(workspace_id)
        .execute(&self.0.writer)
        .await?;
        self.0.config.invalidate();
        Ok(current)
    }

    /// Stores the outbound signing secret unless one exists; returns the one that is stored
    /// (so two first uses at once agree on one secret).
    pub async fn ensure_outbound_signing_secret(
        &self,
        workspace_id: &str,
        ciphertext: Vec<u8>,
    ) -> StoreResult<Vec<u8>> {
        self.settings(workspace_id).await?;
        sqlx::query(
            "UPDATE integration_settings SET outbound_signing_secret = $1, updated_at = $2 \
             WHERE workspace_id = $3 AND outbound_signing_secret IS NULL",
        )
        .bind(ciphertext)
        .bind(now_ms())
        .bind(workspace_id)
        .execute(&self.0.writer)
        .await?;
        let stored: Option<Vec<u8>> = sqlx::query_scalar(
            "SELECT outbound_signing_secret FROM integration_settings WHERE workspace_id = $1",
        )
        .bind(workspace_id)
        .fetch_one(&self.0.writer)
        .await?;
        stored.ok_or(StoreError::NotFound)
    }

    // --- meetings ------------------------------------------------------------------------------

    /// Records one booking event in one transaction: the event as handled, the meeting's new
    /// state, and a system note in the lead's conversation. `None` when this event was handled
    /// before (nothing is written).
    pub async fn record_booking(
        &self,
        conversation: &ConversationRecord,
        change: &BookingChange<'_>,
    ) -> StoreResult<Option<(MeetingRecord, MessageRecord)>> {
        let now = now_ms();
        let mut tx = self.0.begin_write(&self.0.writer).await?;
        let fresh = sqlx::query(
            "INSERT INTO integration_events (workspace_id, provider, event_key, received_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (workspace_id, provider, event_key) DO NOTHING",
        )
        .bind(change.workspace_id)
        .bind(change.provider)
        .bind(change.event_key)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if fresh == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        // A cancellation may arrive for a booking we never saw created (webhook added later, or
        // the creation is still being retried): the meeting is recorded with what the
        // cancellation carries, and a late creation does not revive it.
        sqlx::query(
            "INSERT INTO meetings (id, workspace_id, lead_id, provider, external_id, title, \
             start_at, end_at, status, event_uri, cancel_url, reschedule_url, cancel_reason, \
             created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) \
             ON CONFLICT (workspace_id, provider, external_id) DO UPDATE SET \
             status = CASE WHEN $9 = 'scheduled' AND meetings.status <> 'scheduled' \
             THEN meetings.status ELSE $9 END, \
             cancel_reason = COALESCE($13, meetings.cancel_reason), \
             title = COALESCE($6, meetings.title), start_at = COALESCE($7, meetings.start_at), \
             end_at = COALESCE($8, meetings.end_at), updated_at = $14",
        )
        .bind(new_id())
        .bind(change.workspace_id)
        .bind(&conversation.lead_id)
        .bind(change.provider)
        .bind(change.external_id)
        .bind(change.title)
        .bind(change.start_at)
        .bind(change.end_at)
        .bind(change.status)
        .bind(change.event_uri)
        .bind(change.cancel_url)
        .bind(change.reschedule_url)
        .bind(change.cancel_reason)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if let Some(previous) = change.replaces {
            sqlx::query(
                "UPDATE meetings SET status = 'rescheduled', updated_at = $1 WHERE workspace_id = $2 \
                 AND provider = $3 AND external_id = $4",
            )
            .bind(now)
            .bind(change.workspace_id)
            .bind(change.provider)
            .bind(previous)
            .execute(&mut *tx)
            .await?;
        }
        let note_key = format!("{}:{}", change.provider, change.event_key);
        let note_id = insert_system_note(&mut tx, conversation, change.note, &note_key, now)
            .await?
            .ok_or_else(|| StoreError::Conflict("external_id".into()))?;
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings WHERE workspace_id = $1 AND provider = $2 \
             AND external_id = $3"
        );
        let meeting = sqlx::query(AssertSqlSafe(sql))
            .bind(change.workspace_id)
            .bind(change.provider)
            .bind(change.external_id)
            .fetch_one(&mut *tx)
            .await?;
        let meeting = meeting_from_row(&meeting)?;
        let sql = format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = $1");
        let note = sqlx::query(AssertSqlSafe(sql))
            .bind(&note_id)
            .fetch_one(&mut *tx)
            .await?;
        let note = message_from_row(&note)?;
        tx.commit().await?;
        Ok(Some((meeting, note)))
    }

    pub async fn meetings_for_lead(
        &self,
        workspace_id: &str,
        lead_id: &str,
    ) -> StoreResult<Vec<MeetingRecord>> {
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings WHERE workspace_id = $1 AND lead_id = $2 \
             ORDER BY COALESCE(start_at, created_at) DESC, id"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(workspace_id)
            .bind(lead_id)
            .fetch_all(&self.0.pool)
            .await?;
        rows.iter().map(meeting_from_row).collect()
    }

    /// A system note in a conversation (LinkedIn task done / skipped, ...), idempotent on
    /// `external_id`.
    pub async fn add_system_note(
        &self,
        conversation: &ConversationRecord,
        body: &str,
        external_id: &str,
    ) -> StoreResult<Option<MessageRecord>> {
        let mut tx = self.0.begin_write(&self.0.writer).await?;
        let id = insert_system_note(&mut tx, conversation, body, external_id, now_ms()).await?;
        let Some(id) = id else {
            tx.rollback().await?;
            return Ok(None);
        };
        let sql = format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(&id)
            .fetch_one(&mut *tx)
            .await?;
        let message = message_from_row(&row)?;
        tx.commit().await?;
        Ok(Some(message))
    }

    // --- LinkedIn tasks ------------------------------------------------------------------------

    /// Creates the task for an outbound LinkedIn message, or returns the one created before for
    /// the same idempotency key (a resend after a crash). Over the weekly limit the task is due
    /// when the rolling window has room again, with the reason. The message's status becomes
    /// `task_open` in the same transaction. Returns the task and whether it is new.
    pub async fn create_linkedin_task(
        &self,
        task: &NewLinkedinTask<'_>,
    ) -> StoreResult<(LinkedinTaskRecord, bool)> {
        if let Some(existing) = self.task_by_key(task.idempotency_key).await? {
            return Ok((existing, false));
        }
        let mut tx = self.0.begin_write(&self.0.writer).await?;
        if self.0.backend == Backend::Postgres {
            // Serialises quota decisions per workspace (SQLite has one writer already).
            sqlx::query(
                "SELECT workspace_id FROM integration_settings WHERE workspace_id = $1 FOR UPDATE",
            )
            .bind(task.workspace_id)
            .fetch_optional(&mut *tx)
            .await?;
        }
        let (due_at, reason) = match task.weekly_limit {
            Some(limit) => {
                let limit = limit.max(0);
                // Tasks of this kind that use the quota (done or still to do), newest first.
                let recent: Vec<i64> = sqlx::query_scalar(
                    "SELECT due_at FROM linkedin_tasks WHERE workspace_id = $1 AND kind = $2 \
                     AND status <> 'skipped' AND due_at > $3 ORDER BY due_at DESC",
                )
                .bind(task.workspace_id)
                .bind(task.kind)
                .bind(task.now - WEEK_MS)
                .fetch_all(&mut *tx)
                .await?;
                match next_free_slot(&recent, limit, task.now) {
                    Some(at) if at > task.now => (
                        at,
                        Some(format!(
                            "weekly LinkedIn limit reached ({limit} {} tasks per 7 days); scheduled for when the window has room",
                            task.kind
                        )),
                    ),
                    Some(_) => (task.now, None),
                    None => (
                        i64::MAX / 2,
                        Some(format!(
                            "LinkedIn {} tasks are disabled (weekly limit 0)",
                            task.kind
                        )),
                    ),
                }
            }
            None => (task.now, None),
        };
        let id = new_id();
        let inserted = sqlx::query(
            "INSERT INTO linkedin_tasks (id, workspace_id, lead_id, message_id, idempotency_key, \
             kind, body, profile_url, status, due_at, scheduled_reason, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11) \
             ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(&id)
        .bind(task.workspace_id)
        .bind(task.lead_id)
        .bind(task.message_id)
        .bind(task.idempotency_key)
        .bind(task.kind)
        .bind(task.body)
        .bind(task.profile_url)
        .bind(due_at)
        .bind(reason.as_deref())
        .bind(task.now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            tx.rollback().await?;
            let existing = self
                .task_by_key(task.idempotency_key)
                .await?
                .ok_or(StoreError::NotFound)?;
            return Ok((existing, false));
        }
        if let Some(message_id) = task.message_id {
            let rank = super::status_rank("task_open").unwrap_or(32);
            sqlx::query(
                "UPDATE messages SET status = 'task_open', status_rank = $1, error = $2 \
                 WHERE id = $3 AND status_rank < $1",
            )
            .bind(rank)
            .bind(reason.as_deref())
            .bind(message_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        let created = self
            .task_by_key(task.idempotency_key)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok((created, true))
    }

    pub async fn task_by_key(
        &self,
        idempotency_key: &str,
    ) -> StoreResult<Option<LinkedinTaskRecord>> {
        let sql = format!("SELECT {TASK_COLUMNS} FROM linkedin_tasks WHERE idempotency_key = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(idempotency_key)
            .fetch_optional(&self.0.writer)
            .await?;
        row.as_ref().map(task_from_row).transpose()
    }

    pub async fn task(&self, workspace_id: &str, id: &str) -> StoreResult<LinkedinTaskRecord> {
        let sql = format!(
            "SELECT {TASK_COLUMNS} FROM linkedin_tasks WHERE workspace_id = $1 AND id = $2"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(workspace_id)
            .bind(id)
            .fetch_optional(&self.0.pool)
            .await?;
        row.as_ref()
            .map(task_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound)
    }

    /// Tasks by status, soonest due first; `due_before` limits to tasks due by then.
    pub async fn tasks(
        &self,
        workspace_id: &str,
        status: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<LinkedinTaskRecord>> {
        let sql = format!(
            "SELECT {TASK_COLUMNS} FROM linkedin_tasks WHERE workspace_id = $1 \
             AND ($2 = '' OR status = $2) ORDER BY due_at, id LIMIT {}",
            limit.clamp(1, 500)
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(workspace_id)
            .bind(status.unwrap_or(""))
            .fetch_all(&self.0.pool)
            .await?;
        rows.iter().map(task_from_row).collect()
    }

    /// Closes an open task (`done` or `skipped`) and moves its message's status forward
    /// (`delivered` when done, `failed` with the reason when skipped), in one transaction.
    /// `None` when the task was not open (already closed: nothing changes).
    pub async fn close_linkedin_task(
        &self,
        workspace_id: &str,
        id: &str,
        status: &str,
        skip_reason: Option<&str>,
        user_id: &str,
    ) -> StoreResult<Option<LinkedinTaskRecord>> {
        let now = now_ms();
        let mut tx = self.0.begin_write(&self.0.writer).await?;
        let changed = sqlx::query(
            "UPDATE linkedin_tasks SET status = $1, skip_reason = $2, completed_by = $3, \
             completed_at = $4 WHERE workspace_id = $5 AND id = $6 AND status = 'open'",
        )
        .bind(status)
        .bind(skip_reason)
        .bind(user_id)
        .bind(now)
        .bind(workspace_id)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        let sql = format!(
            "SELECT {TASK_COLUMNS} FROM linkedin_tasks WHERE workspace_id = $1 AND id = $2"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(workspace_id)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let task = task_from_row(&row)?;
        if let Some(message_id) = &task.message_id {
            let (message_status, error) = if status == "done" {
                ("delivered", None)
            } else {
                (
                    "failed",
                    Some(format!(
                        "LinkedIn task skipped: {}",
                        skip_reason.unwrap_or("")
                    )),
                )
            };
            let rank = super::status_rank(message_status).unwrap_or(40);
            sqlx::query(
                "UPDATE messages SET status = $1, status_rank = $2, error = $3 \
                 WHERE id = $4 AND status_rank < $2",
            )
            .bind(message_status)
            .bind(rank)
            .bind(error)
            .bind(message_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Some(task))
    }

    /// Whether the lead already has a connection request (open or done).
    pub async fn has_connection_task(
        &self,
        workspace_id: &str,
        lead_id: &str,
    ) -> StoreResult<bool> {
        let found: Option<String> = sqlx::query_scalar(
            "SELECT id FROM linkedin_tasks WHERE workspace_id = $1 AND lead_id = $2 \
             AND kind = 'connect' AND status <> 'skipped' LIMIT 1",
        )
        .bind(workspace_id)
        .bind(lead_id)
        .fetch_optional(&self.0.writer)
        .await?;
        Ok(found.is_some())
    }

    /// Test and back-fill support: a task as it would have been created at `created_at`.
    pub async fn insert_task_at(
        &self,
        workspace_id: &str,
        lead_id: &str,
        kind: &str,
        status: &str,
        due_at: i64,
    ) -> StoreResult<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO linkedin_tasks (id, workspace_id, lead_id, idempotency_key, kind, body, \
             status, due_at, created_at) VALUES ($1, $2, $3, $4, $5, '', $6, $7, $7)",
        )
        .bind(&id)
        .bind(workspace_id)
        .bind(lead_id)
        .bind(format!("backfill-{id}"))
        .bind(kind)
        .bind(status)
        .bind(due_at)
        .execute(&self.0.writer)
        .await?;
        Ok(id)
    }

    // --- outbound webhooks ---------------------------------------------------------------------

    pub async fn endpoints(&self, workspace_id: &str) -> StoreResult<Vec<WebhookEndpointRecord>> {
        let sql = format!(
            "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE workspace_id = $1 ORDER BY name"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(workspace_id)
            .fetch_all(&self.0.pool)
            .await?;
        rows.iter().map(endpoint_from_row).collect()
    }

    pub async fn endpoint(
        &self,
        workspace_id: &str,
        id: &str,
    ) -> StoreResult<WebhookEndpointRecord> {
        let sql = format!(
            "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(workspace_id)
            .bind(id)
            .fetch_optional(&self.0.pool)
            .await?;
        row.as_ref()
            .map(endpoint_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound)
    }

    pub async fn create_endpoint(
        &self,
        workspace_id: &str,
        input: &WebhookEndpointInput,
    ) -> StoreResult<WebhookEndpointRecord> {
        let id = new_id();
        let now = now_ms();
        sqlx::query(
            "INSERT INTO webhook_endpoints (id, workspace_id, name, url, method, headers, \
             auth_token, events, response_mapping, enabled, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
        )
        .bind(&id)
        .bind(workspace_id)
        .bind(&input.name)
        .bind(&input.url)
        .bind(&input.method)
        .bind(serde_json::Value::Object(input.headers.clone()).to_string())
        .bind(input.auth_token.clone())
        .bind(serde_json::json!(input.events).to_string())
        .bind(serde_json::Value::Object(input.response_mapping.clone()).to_string())
        .bind(i64::from(input.enabled))
        .bind(now)
        .execute(&self.0.writer)
        .await?;
        self.endpoint(workspace_id, &id).await
    }

    pub async fn update_endpoint(
        &self,
        workspace_id: &str,
        id: &str,
        input: &WebhookEndpointInput,
    ) -> StoreResult<WebhookEndpointRecord> {
        let changed = sqlx::query(
            "UPDATE webhook_endpoints SET name = $1, url = $2, method = $3, headers = $4, \
             auth_token = $5, events = $6, response_mapping = $7, enabled = $8, updated_at = $9 \
             WHERE workspace_id = $10 AND id = $11",
        )
        .bind(&input.name)
        .bind(&input.url)
        .bind(&input.method)
        .bind(serde_json::Value::Object(input.headers.clone()).to_string())
        .bind(input.auth_token.clone())
        .bind(serde_json::json!(input.events).to_string())
        .bind(serde_json::Value::Object(input.response_mapping.clone()).to_string())
        .bind(i64::from(input.enabled))
        .bind(now_ms())
        .bind(workspace_id)
        .bind(id)
        .execute(&self.0.writer)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.endpoint(workspace_id, id).await
    }

    pub async fn delete_endpoint(&self, workspace_id: &str, id: &str) -> StoreResult<()> {
        let mut tx = self.0.begin_write(&self.0.writer).await?;
        sqlx::query("DELETE FROM webhook_deliveries WHERE workspace_id = $1 AND endpoint_id = $2")
            .bind(workspace_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let deleted =
            sqlx::query("DELETE FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2")
                .bind(workspace_id)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if deleted == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    }

    /// Queues a delivery; `None` when the idempotency key was queued before.
    pub async fn enqueue_delivery(
        &self,
        workspace_id: &str,
        endpoint_id: &str,
        event: &str,
        idempotency_key: &str,
        lead_id: Option<&str>,
        payload: &str,
    ) -> StoreResult<Option<WebhookDeliveryRecord>> {
        let id = new_id();
        let mut connection = self.0.writer.acquire().await?;
        let delivery = NewDelivery {
            id: &id,
            workspace_id,
            endpoint_id,
            event,
            idempotency_key,
            lead_id,
            payload,
        };
        let inserted = insert_delivery(&mut connection, &delivery, now_ms()).await?;
        drop(connection);
        if !inserted {
            return Ok(None);
        }
        self.delivery(workspace_id, &id).await.map(Some)
    }

    pub async fn delivery(
        &self,
        workspace_id: &str,
        id: &str,
    ) -> StoreResult<WebhookDeliveryRecord> {
        let sql = format!(
            "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE workspace_id = $1 AND id = $2"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(workspace_id)
            .bind(id)
            .fetch_optional(&self.0.writer)
            .await?;
        row.as_ref()
            .map(delivery_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound)
    }

    pub async fn deliveries(
        &self,
        workspace_id: &str,
        endpoint_id: &str,
        limit: i64,
    ) -> StoreResult<Vec<WebhookDeliveryRecord>> {
        let sql = format!(
            "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE workspace_id = $1 \
             AND endpoint_id = $2 ORDER BY created_at DESC, id DESC LIMIT {}",
            limit.clamp(1, 200)
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(workspace_id)
            .bind(endpoint_id)
            .fetch_all(&self.0.pool)
            .await?;
        rows.iter().map(delivery_from_row).collect()
    }

    /// Claims due deliveries (queued → sending) in one statement, each by exactly one caller.
    pub async fn claim_due_deliveries(
        &self,
        limit: i64,
    ) -> StoreResult<Vec<WebhookDeliveryRecord>> {
        let now = now_ms();
        let sql = format!(
            "UPDATE webhook_deliveries SET state = 'sending', attempts = attempts + 1, \
             updated_at = $1 WHERE state = 'queued' AND id IN (SELECT id FROM webhook_deliveries \
             WHERE state = 'queued' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT {}) \
             RETURNING {DELIVERY_COLUMNS}",
            limit.clamp(1, 500)
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(now)
            .fetch_all(&self.0.writer)
            .await?;
        rows.iter().map(delivery_from_row).collect()
    }

    /// Deliveries a crash left in `sending` go back to the queue. A receiver may see such a
    /// delivery twice; it carries the same `X-OmniReach-Delivery` id both times to deduplicate.
    pub async fn requeue_interrupted_deliveries(&self) -> StoreResult<u64> {
        let changed = sqlx::query(
            "UPDATE webhook_deliveries SET state = 'queued', updated_at = $1 WHERE state = 'sending'",
        )
        .bind(now_ms())
        .execute(&self.0.writer)
        .await?
        .rows_affected();
        Ok(changed)
    }

    /// Records an attempt: `retry_at` Some → queued again; else the final `state`.
    pub async fn finish_delivery_attempt(
        &self,
        id: &str,
        state: &str,
        response_status: Option<i64>,
        latency_ms: i64,
        error: Option<&str>,
        retry_at: Option<i64>,
    ) -> StoreResult<()> {
        let mut connection = self.0.writer.acquire().await?;
        let attempt = DeliveryAttempt {
            id,
            state,
            response_status,
            latency_ms,
            error,
            retry_at,
        };
        record_attempt(&mut connection, &attempt).await
    }

    /// The final failure of a delivery and its alert, in one transaction: a crash between the
    /// two can neither lose the alert nor raise one for a delivery that is still queued.
    pub async fn fail_delivery_with_alert(
        &self,
        attempt: &DeliveryAttempt<'_>,
        workspace_id: &str,
        kind: &str,
        message: &str,
        details: &serde_json::Value,
    ) -> StoreResult<AlertRecord> {
        let alert = AlertRecord {
            id: new_id(),
            workspace_id: workspace_id.to_string(),
            kind: kind.to_string(),
            message: message.to_string(),
            details: details.to_string(),
            created_at: now_ms(),
        };
        let mut tx = self.0.begin_write(&self.0.writer).await?;
        record_attempt(&mut tx, attempt).await?;
        sqlx::query(
            "INSERT INTO alerts (id, workspace_id, kind, message, details, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&alert.id)
        .bind(&alert.workspace_id)
        .bind(&alert.kind)
        .bind(&alert.message)
        .bind(&alert.details)
        .bind(alert.created_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(alert)
    }

    // --- alerts --------------------------------------------------------------------------------

    pub async fn alerts(&self, workspace_id: &str, limit: i64) -> StoreResult<Vec<AlertRecord>> {
        let rows = sqlx::query(
            "SELECT id, workspace_id, kind, message, details, created_at FROM alerts \
             WHERE workspace_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
        )
        .bind(workspace_id)
        .bind(limit.clamp(1, 200))
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AlertRecord {
                    id: row.try_get("id")?,
                    workspace_id: row.try_get("workspace_id")?,
                    kind: row.try_get("kind")?,
                    message: row.try_get("message")?,
                    details: row.try_get("details")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }
}

/// When the next task fits the rolling 7-day limit. `recent` holds the due times (newest
/// first) of the tasks counted in the window ending now, or scheduled later. `None` when the
/// limit is 0 (never).
pub fn next_free_slot(recent: &[i64], limit: i64, now: i64) -> Option<i64> {
    if limit <= 0 {
        return None;
    }
    let limit = limit as usize;
    if recent.len() < limit {
        // Room now, unless earlier overflow already pushed tasks past now: stay behind them.
        return Some(now);
    }
    // The `limit`-th newest task leaves the window 7 days after it was due; every task after
    // it stays, so that is the first moment with fewer than `limit` in the window.
    Some((recent[limit - 1] + WEEK_MS).max(now))
}

/// One delivery attempt's outcome.
pub struct DeliveryAttempt<'a> {
    pub id: &'a str,
    /// The final state when `retry_at` is None.
    pub state: &'a str,
    pub response_status: Option<i64>,
    pub latency_ms: i64,
    pub error: Option<&'a str>,
    /// Some → queued again for then.
    pub retry_at: Option<i64>,
}

async fn record_attempt(
    connection: &mut sqlx::AnyConnection,
    attempt: &DeliveryAttempt<'_>,
) -> StoreResult<()> {
    let (state, next) = match attempt.retry_at {
        Some(at) => ("queued", at),
        None => (attempt.state, now_ms()),
    };
    sqlx::query(
        "UPDATE webhook_deliveries SET state = $1, next_attempt_at = $2, response_status = $3, \
         latency_ms = $4, last_error = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(state)
    .bind(next)
    .bind(attempt.response_status)
    .bind(attempt.latency_ms)
    .bind(attempt.error)
    .bind(now_ms())
    .bind(attempt.id)
    .execute(connection)
    .await?;
    Ok(())
}

/// A webhook delivery to queue.
pub(super) struct NewDelivery<'a> {
    pub id: &'a str,
    pub workspace_id: &'a str,
    pub endpoint_id: &'a str,
    pub event: &'a str,
    pub idempotency_key: &'a str,
    pub lead_id: Option<&'a str>,
    pub payload: &'a str,
}

/// Queues a delivery on `connection` (inside the caller's transaction, if any); false when
/// the idempotency key was queued before.
pub(super) async fn insert_delivery(
    connection: &mut AnyConnection,
    delivery: &NewDelivery<'_>,
    now: i64,
) -> StoreResult<bool> {
    let inserted = sqlx::query(
        "INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, event, \
         idempotency_key, lead_id, payload, state, next_attempt_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, $8, $8) \
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(delivery.id)
    .bind(delivery.workspace_id)
    .bind(delivery.endpoint_id)
    .bind(delivery.event)
    .bind(delivery.idempotency_key)
    .bind(delivery.lead_id)
    .bind(delivery.payload)
    .bind(now)
    .execute(&mut *connection)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_slot_follows_the_rolling_window() {
        let now = 100 * WEEK_MS;
        assert_eq!(next_free_slot(&[], 2, now), Some(now));
        assert_eq!(next_free_slot(&[now - 10], 2, now), Some(now));
        // Two in the window, limit 2: the older leaves the window 7 days after it was due.
        let recent = [now - 10, now - 1000];
        assert_eq!(next_free_slot(&recent, 2, now), Some(now - 1000 + WEEK_MS));
        // Overflow already scheduled in the future: the next one goes a week after the
        // `limit`-th newest.
        let recent = [now + 5000, now - 10, now - 1000];
        assert_eq!(next_free_slot(&recent, 2, now), Some(now - 10 + WEEK_MS));
        assert_eq!(next_free_slot(&recent, 0, now), None);
    }
}
