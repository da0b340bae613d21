//! The outbox (every send, with an idempotency key and a state machine
//! queued → sending → sent / failed), the sandbox channel's delivery log, and durable timers.

use super::conversations::{MESSAGE_COLUMNS, message_from_row};
use super::{
    Backend, IN_LIST_MAX, MessageRecord, Store, StoreResult, new_id, now_ms, padded_in_list,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct OutboxItem {
    pub id: String,
    pub workspace_id: String,
    pub message_id: String,
    pub channel: String,
    pub idempotency_key: String,
    pub state: String,
    pub attempts: i64,
}

/// A send the channel accepted, to be recorded.
#[derive(Debug, Clone)]
pub struct CompletedSend {
    pub item: OutboxItem,
    pub provider_message_id: Option<String>,
    /// `sent`, or `delivered` when the channel knows at once.
    pub status: &'static str,
    /// The sandbox's delivery log entry (lead id, body), written in the same transaction.
    pub sandbox: Option<(String, String)>,
}

/// A queued message as the outbox sends it: the message and, when it goes out with a
/// template, the template's id and variables (JSON).
#[derive(Debug, Clone)]
pub struct MessageToSend {
    pub message: MessageRecord,
    pub template: Option<(String, Option<String>)>,
}

#[derive(Debug, Clone)]
pub struct TimerRecord {
    pub id: String,
    pub workspace_id: String,
    pub lead_id: String,
    pub kind: String,
    pub payload: String,
    pub due_at: i64,
}

const OUTBOX_COLUMNS: &str =
    "id, workspace_id, message_id, channel, idempotency_key, state, attempts";

fn outbox_from_row(row: &AnyRow) -> StoreResult<OutboxItem> {
    Ok(OutboxItem {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        message_id: row.try_get("message_id")?,
        channel: row.try_get("channel")?,
        idempotency_key: row.try_get("idempotency_key")?,
        state: row.try_get("state")?,
        attempts: row.try_get("attempts")?,
    })
}

pub struct OutboxStore<'a>(pub(super) &'a Store);

impl OutboxStore<'_> {
    /// Claims up to `limit` rows due at `now` (queued → sending) in one statement. A row is
    /// claimed by exactly one caller: the update re-checks `state = 'queued'` on every row it
    /// touches.
    pub async fn claim_due(&self, now: i64, limit: i64) -> StoreResult<Vec<OutboxItem>> {
        let sql = format!(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = $1 \
             WHERE state = 'queued' AND id IN (SELECT id FROM outbox WHERE state = 'queued' \
             AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT {}) RETURNING {OUTBOX_COLUMNS}",
            limit.clamp(1, 1000)
        );
        let sql = Arc::new(sql);
        self.0
            .commits
            .run(move |connection| {
                let sql = sql.clone();
                Box::pin(async move {
                    let rows = sqlx::query(AssertSqlSafe(sql.as_str()))
                        .bind(now)
                        .fetch_all(connection)
                        .await?;
                    rows.iter().map(outbox_from_row).collect()
                })
            })
            .await
    }

    /// Records a batch of accepted sends in one transaction: each outbox row `sent`, each
    /// message's status moved forward to `status`. Returns the ids of messages whose status
    /// changed.
    pub async fn complete_sends(&self, sends: &[CompletedSend]) -> StoreResult<Vec<String>> {
        let sends = Arc::new(sends.to_vec());
        let backend = self.0.backend;
        self.0
            .commits
            .run(move |connection| {
                let sends = sends.clone();
                Box::pin(async move { write_completions(connection, backend, &sends).await })
            })
            .await
    }

    /// The messages of a group of sends with the template each goes out with, by message id,
    /// in one statement per [`IN_LIST_MAX`] ids. A message that is gone is absent.
    pub async fn messages_to_send(
        &self,
        message_ids: &[String],
    ) -> StoreResult<HashMap<String, MessageToSend>> {
        let mut found = HashMap::with_capacity(message_ids.len());
        for chunk in message_ids.chunks(IN_LIST_MAX) {
            let (list, values, keep_prepared) = padded_in_list(1, chunk);
            let mut query = sqlx::query(AssertSqlSafe(format!(
                "SELECT {MESSAGE_COLUMNS}, template_id, template_variables FROM messages \
                 WHERE id IN ({list})"
            )))
            .persistent(keep_prepared);
            for id in &values {
                query = query.bind(*id);
            }
            for row in query.fetch_all(&self.0.pool).await? {
                let message = message_from_row(&row)?;
                let template = match row.try_get::<Option<String>, _>("template_id")? {
                    Some(id) => Some((id, row.try_get("template_variables")?)),
                    None => None,
                };
                found.insert(message.id.clone(), MessageToSend { message, template });
            }
        }
        Ok(found)
    }

    /// Rows left in `sending` by a crash: the send may or may not have happened.
    pub async fn in_doubt(&self) -> StoreResult<Vec<OutboxItem>> {
        let sql = format!("SELECT {OUTBOX_COLUMNS} FROM outbox WHERE state = 'sending'");
        let rows = sqlx::query(AssertSqlSafe(sql))
            .fetch_all(&self.0.pool)
            .await?;
        rows.iter().map(outbox_from_row).collect()
    }

    pub async fn mark_sent(&self, id: &str, provider_message_id: Option<&str>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE outbox SET state = 'sent', provider_message_id = $1, last_error = NULL, \
             updated_at = $2 WHERE id = $3",
        )
        .bind(provider_message_id)
        .bind(now_ms())
        .bind(id)
        .execute(&self.0.writer)
        .await?;
        Ok(())
    }

    /// A failed attempt: back to `queued` for a retry at `retry_at`, or `failed` for good.
    pub async fn mark_failed(
        &self,
        id: &str,
        error: &str,
        retry_at: Option<i64>,
    ) -> StoreResult<()> {
        let (state, next) = match retry_at {
            Some(at) => ("queued", at),
            None => ("failed", now_ms()),
        };
        sqlx::query(
            "UPDATE outbox SET state = $1, next_attempt_at = $2, last_error = $3, updated_at = $4 \
             WHERE id = $5",
        )
        .bind(state)
        .bind(next)
        .bind(error)
        .bind(now_ms())
        .bind(id)
        .execute(&self.0.writer)
        .await?;
        Ok(())
    }

    /// Returns a row in doubt to the queue (the provider confirmed it never got it).
    pub async fn requeue(&self, id: &str) -> StoreResult<()> {
        sqlx::query("UPDATE outbox SET state = 'queued', updated_at = $1 WHERE id = $2 AND state = 'sending'")
            .bind(now_ms())
            .bind(id)
            .execute(&self.0.writer)
            .await?;
        Ok(())
    }

    pub async fn sandbox_delivered(&self, idempotency_key: &str) -> StoreResult<bool> {
        let found: Option<String> = sqlx::query_scalar(
            "SELECT idempotency_key FROM sandbox_deliveries WHERE idempotency_key = $1",
        )
        .bind(idempotency_key)
        .fetch_optional(&self.0.pool)
        .await?;
        Ok(found.is_some())
    }

    // --- durable timers ------------------------------------------------------------------------

    pub async fn schedule_timer(
        &self,
        workspace_id: &str,
        lead_id: &str,
        kind: &str,
        payload: &str,
        due_at: i64,
    ) -> StoreResult<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO timers (id, workspace_id, lead_id, kind, payload, due_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(workspace_id)
        .bind(lead_id)
        .bind(kind)
        .bind(payload)
        .bind(due_at)
        .bind(now_ms())
        .execute(&self.0.writer)
        .await?;
        Ok(id)
    }

    /// Timers due at `now`, not yet fired.
    pub async fn due_timers(&self, now: i64, limit: i64) -> StoreResult<Vec<TimerRecord>> {
        let sql = format!(
            "SELECT id, workspace_id, lead_id, kind, payload, due_at FROM timers \
             WHERE fired_at IS NULL AND due_at <= $1 ORDER BY due_at LIMIT {}",
            limit.clamp(1, 1000)
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(now)
            .fetch_all(&self.0.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(TimerRecord {
                    id: row.try_get("id")?,
                    workspace_id: row.try_get("workspace_id")?,
                    lead_id: row.try_get("lead_id")?,
                    kind: row.try_get("kind")?,
                    payload: row.try_get("payload")?,
                    due_at: row.try_get("due_at")?,
                })
            })
            .collect()
    }
    /// Marks a timer fired; false when another worker fired it first.
    pub async fn fire_timer(&self, id: &str) -> StoreResult<bool> {
        let changed =
            sqlx::query("UPDATE timers SET fired_at = $1 WHERE id = $2 AND fired_at IS NULL")
                .bind(now_ms())
                .bind(id)
                .execute(&self.0.writer)
                .await?
                .rows_affected();
        Ok(changed == 1)
    }

    pub async fn cancel_timers(&self, lead_id: &str, kind: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE timers SET fired_at = $1 WHERE lead_id = $2 AND kind = $3 AND fired_at IS NULL",
        )
        .bind(now_ms())
        .bind(lead_id)
        .bind(kind)
        .execute(&self.0.writer)
        .await?;
        Ok(())
    }

    pub async fn pending_timers(&self, lead_id: &str) -> StoreResult<Vec<TimerRecord>> {
        let rows = sqlx::query(
            "SELECT id, workspace_id, lead_id, kind, payload, due_at FROM timers \
             WHERE lead_id = $1 AND fired_at IS NULL ORDER BY due_at",
        )
        .bind(lead_id)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(TimerRecord {
                    id: row.try_get("id")?,
                    workspace_id: row.try_get("workspace_id")?,
                    lead_id: row.try_get("lead_id")?,
                    kind: row.try_get("kind")?,
                    payload: row.try_get("payload")?,
                    due_at: row.try_get("due_at")?,
                })
            })
            .collect()
    }
}

/// Each accepted send: the sandbox's delivery row (when it is the sandbox), the outbox row
/// `sent`, the message's status moved forward, in one round trip per send (the texts below).
/// Returns the messages whose status changed.
async fn write_completions(
    connection: &mut AnyConnection,
    backend: Backend,
    sends: &[CompletedSend],
) -> StoreResult<Vec<String>> {
    let now = now_ms();
    let mut changed = Vec::new();
    for send in sends {
        let (item, provider_id, status) = (&send.item, &send.provider_message_id, &send.status);
        let sql = match (backend, send.sandbox.is_some()) {
            (Backend::Sqlite, true) => COMPLETE_SANDBOX_SQLITE,
            (Backend::Sqlite, false) => COMPLETE_SQLITE,
            (Backend::Postgres, true) => COMPLETE_SANDBOX_POSTGRES,
            (Backend::Postgres, false) => COMPLETE_POSTGRES,
        };
        let (lead_id, body) = match &send.sandbox {
            Some((lead_id, body)) => (Some(lead_id.as_str()), Some(body.as_str())),
            None => (None, None),
        };
        let moved = sqlx::query(sql)
            .bind(provider_id.as_deref())
            .bind(now)
            .bind(&item.id)
            .bind(*status)
            .bind(super::status_rank(status).unwrap_or(30))
            .bind(&item.message_id)
            .bind(&item.idempotency_key)
            .bind(&item.workspace_id)
            .bind(lead_id)
            .bind(&item.channel)
            .bind(body)
            // All rows, not an optional one: see `conversations::write_sent_reply`.
            .fetch_all(&mut *connection)
            .await?;
        if !moved.is_empty() {
            changed.push(item.message_id.clone());
        }
    }
    Ok(changed)
}

// One accepted send (see `conversations::chained` for why one round trip): $1 provider message
// id, $2 now, $3 outbox id, $4 status, $5 its rank, $6 message id; the sandbox's delivery row
// also $7 idempotency key, $8 workspace, $9 lead, $10 channel, $11 body. Returns the message id
// when its status moved forward.
const COMPLETE_SQLITE: &str = "UPDATE outbox SET state = 'sent', provider_message_id = $1, \
    last_error = NULL, updated_at = $2 WHERE id = $3; \
    UPDATE messages SET status = $4, status_rank = $5 WHERE id = $6 AND status_rank < $5 \
    RETURNING id";
const COMPLETE_SANDBOX_SQLITE: &str = "INSERT INTO sandbox_deliveries (idempotency_key, \
    workspace_id, message_id, lead_id, channel, body, delivered_at) VALUES ($7, $8, $6, $9, \
    $10, $11, $2) ON CONFLICT (idempotency_key) DO NOTHING; \
    UPDATE outbox SET state = 'sent', provider_message_id = $1, \
    last_error = NULL, updated_at = $2 WHERE id = $3; \
    UPDATE messages SET status = $4, status_rank = $5 WHERE id = $6 AND status_rank < $5 \
    RETURNING id";
const COMPLETE_POSTGRES: &str = "WITH o AS (UPDATE outbox SET state = 'sent', \
    provider_message_id = $1, last_error = NULL, updated_at = $2 WHERE id = $3) \
    UPDATE messages SET status = $4, status_rank = $5 WHERE id = $6 AND status_rank < $5 \
    RETURNING id";
const COMPLETE_SANDBOX_POSTGRES: &str = "WITH s AS (INSERT INTO sandbox_deliveries \
    (idempotency_key, workspace_id, message_id, lead_id, channel, body, delivered_at) \
    VALUES ($7, $8, $6, $9, $10, $11, $2) ON CONFLICT (idempotency_key) DO NOTHING), \
    o AS (UPDATE outbox SET state = 'sent', provider_message_id = $1, last_error = NULL, \
    updated_at = $2 WHERE id = $3) \
    UPDATE messages SET status = $4, status_rank = $5 WHERE id = $6 AND status_rank < $5 \
    RETURNING id";
