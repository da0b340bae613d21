//! Conversations (one per lead, every channel), their messages and AI drafts.
//!
//! Inbound messages are written here before anything acknowledges them (`processed = 0` until
//! the lead's actor has handled them, so a crash redelivers them). Outbound messages are written
//! together with their outbox row in one transaction keyed by an idempotency key, so the same
//! reply can never be queued twice.

use super::{Backend, NewLlmRequest, Store, StoreError, StoreResult, new_id, now_ms};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct ConversationRecord {
    pub id: String,
    pub workspace_id: String,
    pub lead_id: String,
    pub agent_id: Option<String>,
    pub mode: String,
    pub status: String,
    pub assignee_id: Option<String>,
    pub unread: i64,
    pub last_message_at: i64,
    pub last_message_preview: Option<String>,
    pub last_channel: Option<String>,
    pub last_direction: Option<String>,
    pub last_inbound_at: Option<i64>,
    pub pending_draft: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub lead: LeadSummary,
}

/// The few lead fields every conversation view shows.
#[derive(Debug, Clone)]
pub struct LeadSummary {
    pub id: String,
    pub first_name: Option<String>,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub title: Option<String>,
    pub stage: String,
    pub company_name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct MessageRecord {
    pub id: String,
    pub workspace_id: String,
    pub conversation_id: String,
    pub lead_id: String,
    pub direction: String,
    pub channel: String,
    pub author_kind: String,
    pub author_id: Option<String>,
    pub generator: Option<String>,
    pub subject: Option<String>,
    pub body: String,
    pub status: String,
    pub error: Option<String>,
    pub external_id: Option<String>,
    pub draft_id: Option<String>,
    pub processed: bool,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct DraftRecord {
    pub id: String,
    pub workspace_id: String,
    pub conversation_id: String,
    pub agent_id: Option<String>,
    pub channel: String,
    pub purpose: String,
    pub status: String,
    pub body: String,
    pub generator: Option<String>,
    pub offline: bool,
    pub in_reply_to: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Why the send gate kept this reply from going out on its own (`code: reason`).
    pub blocked_reason: Option<String>,
}

/// How far along a message is. Status only moves forward: an update to a lower rank is ignored.
pub fn status_rank(status: &str) -> Option<i64> {
    Some(match status {
        "received" => 0,
        "queued" => 10,
        "sending" => 20,
        "sent" => 30,
        // A LinkedIn task waits for a human (see `channels::linkedin`); done → delivered,
        // skipped → failed.
        "task_open" => 32,
        // Undelivered after being sent; a delivery report never turns back into a failure.
        "failed" => 35,
        "delivered" => 40,
        "read" => 50,
        _ => return None,
    })
}

#[derive(Debug, Clone, Default)]
pub struct ConversationFilter {
    pub channel: Option<String>,
    pub status: Option<String>,
    pub mode: Option<String>,
    /// `Some(None)` = unassigned.
    pub assignee: Option<Option<String>>,
    pub unread_only: bool,
    pub query: Option<String>,
    /// Keyset cursor: (last_message_at, id) of the last row of the previous page.
    pub before: Option<(i64, String)>,
}

/// A new inbound message as a channel (or the sandbox) delivered it.
#[derive(Debug, Clone)]
pub struct NewInbound<'a> {
    pub workspace_id: &'a str,
    pub lead_id: &'a str,
    pub channel: &'a str,
    pub body: &'a str,
    pub subject: Option<&'a str>,
    /// The provider's id for the message; the idempotency key.
    pub external_id: &'a str,
}

/// A message to send, written with its outbox row.
#[derive(Debug, Clone)]
pub struct NewOutbound<'a> {
    pub workspace_id: &'a str,
    pub conversation_id: &'a str,
    pub lead_id: &'a str,
    pub channel: &'a str,
    pub body: &'a str,
    pub subject: Option<&'a str>,
    pub author_kind: &'a str,
    pub author_id: Option<&'a str>,
    pub generator: Option<&'a str>,
    pub draft_id: Option<&'a str>,
    pub idempotency_key: &'a str,
    /// A WhatsApp template (id) the message is sent with, and its variables as JSON.
    pub template_id: Option<&'a str>,
    pub template_variables: Option<&'a str>,
}

/// A conversation's columns with its lead's, read from `c` (the table or a CTE of its rows)
/// joined with `l` (leads) and `co` (companies): a macro so the chained statements can embed it.
macro_rules! conversation_columns {
    () => {
        "c.id, c.workspace_id, c.lead_id, c.agent_id, c.mode, c.status, c.assignee_id, c.unread, \
         c.last_message_at, c.last_message_preview, c.last_channel, c.last_direction, \
         c.last_inbound_at, c.pending_draft, c.created_at, c.updated_at, \
         l.first_name AS lead_first_name, l.full_name AS lead_full_name, l.email AS lead_email, \
         l.phone AS lead_phone, l.title AS lead_title, l.stage AS lead_stage, \
         co.name AS lead_company"
    };
}

const CONVERSATION_SELECT: &str = concat!(
    "SELECT ",
    conversation_columns!(),
    " FROM conversations c JOIN leads l ON l.id = c.lead_id \
     LEFT JOIN companies co ON co.id = l.company_id"
);

pub(super) const MESSAGE_COLUMNS: &str = "id, workspace_id, conversation_id, lead_id, direction, channel, \
    author_kind, author_id, generator, subject, body, status, error, external_id, draft_id, \
    processed, created_at";

const DRAFT_COLUMNS: &str = "id, workspace_id, conversation_id, agent_id, channel, purpose, \
    status, body, generator, offline, in_reply_to, created_at, updated_at, blocked_reason";

fn conversation_from_row(row: &AnyRow) -> StoreResult<ConversationRecord> {
    let lead_id: String = row.try_get("lead_id")?;
    Ok(ConversationRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        agent_id: row.try_get("agent_id")?,
        mode: row.try_get("mode")?,
        status: row.try_get("status")?,
        assignee_id: row.try_get("assignee_id")?,
        unread: row.try_get("unread")?,
        last_message_at: row.try_get("last_message_at")?,
        last_message_preview: row.try_get("last_message_preview")?,
        last_channel: row.try_get("last_channel")?,
        last_direction: row.try_get("last_direction")?,
        last_inbound_at: row.try_get("last_inbound_at")?,
        pending_draft: row.try_get::<i64, _>("pending_draft")? != 0,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        lead: LeadSummary {
            id: lead_id.clone(),
            first_name: row.try_get("lead_first_name")?,
            full_name: row.try_get("lead_full_name")?,
            email: row.try_get("lead_email")?,
            phone: row.try_get("lead_phone")?,
            title: row.try_get("lead_title")?,
            stage: row.try_get("lead_stage")?,
            company_name: row.try_get("lead_company")?,
        },
        lead_id,
    })
}

pub(super) fn message_from_row(row: &AnyRow) -> StoreResult<MessageRecord> {
    Ok(MessageRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        conversation_id: row.try_get("conversation_id")?,
        lead_id: row.try_get("lead_id")?,
        direction: row.try_get("direction")?,
        channel: row.try_get("channel")?,
        author_kind: row.try_get("author_kind")?,
        author_id: row.try_get("author_id")?,
        generator: row.try_get("generator")?,
        subject: row.try_get("subject")?,
        body: row.try_get("body")?,
        status: row.try_get("status")?,
        error: row.try_get("error")?,
        external_id: row.try_get("external_id")?,
        draft_id: row.try_get("draft_id")?,
        processed: row.try_get::<i64, _>("processed")? != 0,
        created_at: row.try_get("created_at")?,
    })
}

fn draft_from_row(row: &AnyRow) -> StoreResult<DraftRecord> {
    Ok(DraftRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        conversation_id: row.try_get("conversation_id")?,
        agent_id: row.try_get("agent_id")?,
        channel: row.try_get("channel")?,
        purpose: row.try_get("purpose")?,
        status: row.try_get("status")?,
        body: row.try_get("body")?,
        generator: row.try_get("generator")?,
        offline: row.try_get::<i64, _>("offline")? != 0,
        in_reply_to: row.try_get("in_reply_to")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        blocked_reason: row.try_get("blocked_reason")?,
    })
}

/// A draft as the agent finished it (streaming drafts live only in the actor's memory).
#[derive(Debug, Clone)]
pub struct NewDraft<'a> {
    pub id: &'a str,
    pub workspace_id: &'a str,
    pub conversation_id: &'a str,
    pub agent_id: Option<&'a str>,
    pub channel: &'a str,
    pub purpose: &'a str,
    /// `ready` (awaits a human) or `cancelled` / `discarded` (kept for the record).
    pub status: &'a str,
    pub body: &'a str,
    pub generator: Option<&'a str>,
    pub offline: bool,
    pub in_reply_to: Option<&'a str>,
    pub created_at: i64,
    /// Set when the send gate kept an auto-send reply back (`code: reason`).
    pub blocked_reason: Option<&'a str>,
}

pub struct FinishedReply {
    /// None when the reply had been queued before (nothing new was written).
    pub draft: Option<DraftRecord>,
    pub sent: Option<MessageRecord>,
}

/// First line of a message, short enough for a list row.
pub fn preview(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut out: String = line.trim().chars().take(140).collect();
    if line.trim().chars().count() > 140 {
        out.push('…');
    }
    out
}

pub struct ConversationStore<'a>(pub(super) &'a Store);

impl ConversationStore<'_> {
    /// The lead's conversation, created on first use. `NotFound` when the lead is not in the
    /// workspace.
    pub async fn ensure_for_lead(
        &self,
        workspace_id: &str,
        lead_id: &str,
        agent_id: Option<&str>,
    ) -> StoreResult<ConversationRecord> {
        if let Some(found) = self.by_lead(workspace_id, lead_id).await? {
            return Ok(found);
        }
        let lead_exists = sqlx::query("SELECT id FROM leads WHERE workspace_id = $1 AND id = $2")
            .bind(workspace_id)
            .bind(lead_id)
            .fetch_optional(&self.0.pool)
            .await?;
        if lead_exists.is_none() {
            return Err(StoreError::NotFound);
        }
        let now = now_ms();
        sqlx::query(
            "INSERT INTO conversations (id, workspace_id, lead_id, agent_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (lead_id) DO NOTHING",
        )
        .bind(new_id())
        .bind(workspace_id)
        .bind(lead_id)
        .bind(agent_id)
        .bind(now)
        .bind(now)
        .execute(&self.0.writer)
        .await?;
        self.by_lead(workspace_id, lead_id)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn by_lead(
        &self,
        workspace_id: &str,
        lead_id: &str,
    ) -> StoreResult<Option<ConversationRecord>> {
        let sql = format!("{CONVERSATION_SELECT} WHERE c.workspace_id = $1 AND c.lead_id = $2");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(workspace_id)
            .bind(lead_id)
            .fetch_optional(&self.0.pool)
            .await?;
        row.as_ref().map(conversation_from_row).transpose()
    }

    pub async fn get(&self, workspace_id: &str, id: &str) -> StoreResult<ConversationRecord> {
        let sql = format!("{CONVERSATION_SELECT} WHERE c.workspace_id = $1 AND c.id = $2");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(workspace_id)
            .bind(id)
            .fetch_optional(&self.0.pool)
            .await?;
        row.as_ref()
            .map(conversation_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound)
    }

    /// Newest activity first, keyset-paginated.
    pub async fn list(
        &self,
        workspace_id: &str,
        filter: &ConversationFilter,
        limit: i64,
    ) -> StoreResult<Vec<ConversationRecord>> {
        let mut sql = format!("{CONVERSATION_SELECT} WHERE c.workspace_id = $1");
        let mut binds: Vec<String> = vec![workspace_id.to_string()];
        let next = |value: String, binds: &mut Vec<String>| {
            binds.push(value);
            format!("${}", binds.len())
        };
        if let Some(channel) = &filter.channel {
            let p = next(channel.clone(), &mut binds);
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.channel = {p})"
            ));
        }
        if let Some(status) = &filter.status {
            let p = next(status.clone(), &mut binds);
            sql.push_str(&format!(" AND c.status = {p}"));
        }
        if let Some(mode) = &filter.mode {
            let p = next(mode.clone(), &mut binds);
            sql.push_str(&format!(" AND c.mode = {p}"));
        }
        match &filter.assignee {
            Some(Some(user)) => {
                let p = next(user.clone(), &mut binds);
                sql.push_str(&format!(" AND c.assignee_id = {p}"));
            }
            Some(None) => sql.push_str(" AND c.assignee_id IS NULL"),
            None => {}
        }
        if filter.unread_only {
            sql.push_str(" AND c.unread > 0");
        }
        if let Some(query) = &filter.query {
            let p = next(format!("%{}%", query.to_lowercase()), &mut binds);
            sql.push_str(&format!(
                " AND (l.search_text LIKE {p} OR LOWER(COALESCE(l.email, '')) LIKE {p} OR COALESCE(l.phone, '') LIKE {p})"
            ));
        }
        if let Some((at, id)) = &filter.before {
            // `at` is an i64 we parsed, safe to splice; the id is bound.
            let p = next(id.clone(), &mut binds);
            sql.push_str(&format!(
                " AND (c.last_message_at < {at} OR (c.last_message_at = {at} AND c.id < {p}))"
            ));
        }
        sql.push_str(" ORDER BY c.last_message_at DESC, c.id DESC LIMIT ");
        sql.push_str(&limit.clamp(1, 200).to_string());
        let mut query = sqlx::query(AssertSqlSafe(sql)).persistent(false);
        for value in &binds {
            query = query.bind(value.clone());
        }
        let rows = query.fetch_all(&self.0.pool).await?;
        rows.iter().map(conversation_from_row).collect()
    }

    /// Stores an inbound message and counts it as unread, unless a message with the same
    /// external id was stored before. Returns the message and whether it was a duplicate.
    pub async fn record_inbound(
        &self,
        conversation: &ConversationRecord,
        inbound: &NewInbound<'_>,
    ) -> StoreResult<(MessageRecord, bool)> {
        let message = Arc::new(inbound_record(inbound, conversation.id.clone()));
        let backend = self.0.backend;
        self.0
            .commits
            .run(move |connection| {
                let message = message.clone();
                Box::pin(async move { insert_inbound(connection, backend, &message).await })
            })
            .await
    }

    /// The live path's inbound write: the message, found its conversation by lead, and the
    /// conversation's summary after it, in one round trip with no read before it. `None` when
    /// the lead has no conversation yet or the message is a repeat: nothing was written, and
    /// [`Self::ensure_for_lead`] with [`Self::record_inbound`] tells which.
    pub async fn record_inbound_by_lead(
        &self,
        inbound: &NewInbound<'_>,
    ) -> StoreResult<Option<(MessageRecord, ConversationRecord)>> {
        let message = Arc::new(inbound_record(inbound, String::new()));
        let shared = message.clone();
        let backend = self.0.backend;
        let conversation = self
            .0
            .commits
            .run(move |connection| {
                let message = shared.clone();
                Box::pin(async move { insert_inbound_by_lead(connection, backend, &message).await })
            })
            .await?;
        Ok(conversation.map(|conversation| {
            let mut message = Arc::unwrap_or_clone(message);
            message.conversation_id = conversation.id.clone();
            (message, conversation)
        }))
    }

    /// Writes an outbound message and its outbox row in one transaction. `None` when the
    /// idempotency key was used before (the send exists already; nothing is written).
    pub async fn queue_outbound(
        &self,
        outbound: &NewOutbound<'_>,
    ) -> StoreResult<Option<MessageRecord>> {
        let outbound = Arc::new(OwnedOutbound::from(outbound));
        let now = now_ms();
        self.0
            .commits
            .run(move |connection| {
                let outbound = outbound.clone();
                Box::pin(
                    async move { insert_outbound(connection, &outbound.borrowed(), now).await },
                )
            })
            .await
    }

    /// An internal note: visible to the team, never sent.
    pub async fn add_note(
        &self,
        conversation: &ConversationRecord,
        author_id: &str,
        body: &str,
    ) -> StoreResult<MessageRecord> {
        let now = now_ms();
        let id = new_id();
        sqlx::query(
            "INSERT INTO messages (id, workspace_id, conversation_id, lead_id, direction, channel, \
             author_kind, author_id, body, status, status_rank, processed, created_at) \
             VALUES ($1, $2, $3, $4, 'note', 'note', 'human', $5, $6, 'received', 0, 1, $7)",
        )
        .bind(&id)
        .bind(&conversation.workspace_id)
        .bind(&conversation.id)
        .bind(&conversation.lead_id)
        .bind(author_id)
        .bind(body)
        .bind(now)
        .execute(&self.0.writer)
        .await?;
        self.message(&conversation.workspace_id, &id).await
    }

    pub async fn message(&self, workspace_id: &str, id: &str) -> StoreResult<MessageRecord> {
        let sql =
            format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE workspace_id = $1 AND id = $2");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(workspace_id)
            .bind(id)
            .fetch_optional(&self.0.pool)
            .await?;
        row.as_ref()
            .map(message_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound)
    }

    /// A page of the thread, oldest first; `before` is a message id of the current oldest.
    pub async fn messages(
        &self,
        workspace_id: &str,
        conversation_id: &str,
        before: Option<&str>,
        limit: i64,
    ) -> StoreResult<(Vec<MessageRecord>, bool)> {
        let limit = limit.clamp(1, 200);
        let mut sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE workspace_id = $1 AND conversation_id = $2"
        );
        let mut anchor = None;
        if let Some(before) = before {
            let message = self.message(workspace_id, before).await?;
            anchor = Some(message);
            sql.push_str(" AND (created_at < $3 OR (created_at = $3 AND id < $4))");
        }
        sql.push_str(&format!(
            " ORDER BY created_at DESC, id DESC LIMIT {}",
            limit + 1
        ));
        let mut query = sqlx::query(AssertSqlSafe(sql))
            .bind(workspace_id)
            .bind(conversation_id);
        if let Some(anchor) = &anchor {
            query = query.bind(anchor.created_at).bind(anchor.id.clone());
        }
        let rows = query.fetch_all(&self.0.pool).await?;
        let has_more = rows.len() as i64 > limit;
        let mut items: Vec<MessageRecord> = rows
            .iter()
            .take(limit as usize)
            .map(message_from_row)
            .collect::<StoreResult<_>>()?;
        items.reverse();
        Ok((items, has_more))
    }

    /// Inbound messages no actor has finished handling (redelivered on start and by the sweep).
    pub async fn unprocessed_inbound(
        &self,
        older_than: i64,
        limit: i64,
    ) -> StoreResult<Vec<MessageRecord>> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE processed = 0 AND created_at <= $1 \
             ORDER BY created_at LIMIT {}",
            limit.clamp(1, 10_000)
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(older_than)
            .fetch_all(&self.0.pool)
            .await?;
        rows.iter().map(message_from_row).collect()
    }

    /// Inbound messages of one conversation still waiting for the actor, oldest first.
    pub async fn pending_for_conversation(
        &self,
        conversation_id: &str,
    ) -> StoreResult<Vec<MessageRecord>> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND processed = 0 \
             ORDER BY created_at, id"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(conversation_id)
            .fetch_all(&self.0.pool)
            .await?;
        rows.iter().map(message_from_row).collect()
    }

    /// Whether the lead's actor has finished handling an inbound message (false if unknown).
    pub async fn message_processed(&self, message_id: &str) -> bool {
        sqlx::query_scalar::<_, i64>("SELECT processed FROM messages WHERE id = $1")
            .bind(message_id)
            .fetch_optional(&self.0.pool)
            .await
            .ok()
            .flatten()
            == Some(1)
    }

    pub async fn mark_processed(&self, message_id: &str) -> StoreResult<()> {
        let message_id = Arc::new(message_id.to_string());
        self.0
            .commits
            .run(move |connection| {
                let message_id = message_id.clone();
                Box::pin(async move {
                    sqlx::query("UPDATE messages SET processed = 1 WHERE id = $1")
                        .bind(message_id.as_str())
                        .execute(connection)
                        .await?;
                    Ok(())
                })
            })
            .await
    }

    /// Counts a handling attempt; returns the new count (poison messages stop being retried).
    pub async fn bump_attempts(&self, message_id: &str) -> StoreResult<i64> {
        sqlx::query("UPDATE messages SET attempts = attempts + 1 WHERE id = $1")
            .bind(message_id)
            .execute(&self.0.writer)
            .await?;
        let attempts: i64 = sqlx::query_scalar("SELECT attempts FROM messages WHERE id = $1")
            .bind(message_id)
            .fetch_one(&self.0.pool)
            .await?;
        Ok(attempts)
    }

    /// Moves a message's status forward; returns the message when it changed.
    pub async fn advance_status(
        &self,
        message_id: &str,
        status: &str,
        error: Option<&str>,
    ) -> StoreResult<Option<MessageRecord>> {
        let Some(rank) = status_rank(status) else {
            return Ok(None);
        };
        let changed = sqlx::query(
            "UPDATE messages SET status = $1, status_rank = $2, error = $3 \
             WHERE id = $4 AND status_rank < $2",
        )
        .bind(status)
        .bind(rank)
        .bind(error)
        .bind(message_id)
        .execute(&self.0.writer)
        .await?
        .rows_affected();
        if changed == 0 {
            return Ok(None);
        }
        let sql = format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(message_id)
            .fetch_one(&self.0.pool)
            .await?;
        Ok(Some(message_from_row(&row)?))
    }

    /// The last `count` turns of the thread, oldest first (notes excluded).
    pub async fn recent_turns(
        &self,
        conversation_id: &str,
        count: i64,
    ) -> StoreResult<Vec<MessageRecord>> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND direction <> 'note' \
             ORDER BY created_at DESC, id DESC LIMIT {}",
            count.clamp(1, 200)
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(conversation_id)
            .fetch_all(&self.0.pool)
            .await?;
        let mut items: Vec<MessageRecord> = rows
            .iter()
            .map(message_from_row)
            .collect::<StoreResult<_>>()?;
        items.reverse();
        Ok(items)
    }

    pub async fn set_mode(&self, id: &str, mode: &str) -> StoreResult<()> {
        self.update_field(id, "mode", Some(mode)).await
    }

    pub async fn set_status(&self, id: &str, status: &str) -> StoreResult<()> {
        self.update_field(id, "status", Some(status)).await
    }

    /// The agent that acts for the conversation from now on.
    pub async fn set_agent(&self, id: &str, agent_id: &str) -> StoreResult<()> {
        self.update_field(id, "agent_id", Some(agent_id)).await
    }

    pub async fn set_assignee(&self, id: &str, assignee: Option<&str>) -> StoreResult<()> {
        self.update_field(id, "assignee_id", assignee).await
    }

    async fn update_field(&self, id: &str, column: &str, value: Option<&str>) -> StoreResult<()> {
        debug_assert!(matches!(
            column,
            "mode" | "status" | "assignee_id" | "agent_id"
        ));
        let sql = format!("UPDATE conversations SET {column} = $1, updated_at = $2 WHERE id = $3");
        sqlx::query(AssertSqlSafe(sql))
            .bind(value)
            .bind(now_ms())
            .bind(id)
            .execute(&self.0.writer)
            .await?;
        Ok(())
    }

    pub async fn mark_read(&self, id: &str) -> StoreResult<()> {
        sqlx::query("UPDATE conversations SET unread = 0, updated_at = $1 WHERE id = $2")
            .bind(now_ms())
            .bind(id)
            .execute(&self.0.writer)
            .await?;
        Ok(())
    }

    // --- drafts --------------------------------------------------------------------------------

    /// Records a finished AI generation in one transaction: the draft (`ready`, or `approved`
    /// when it is sent at once), the outbound message and its outbox row when `send` is given,
    /// the inbound message it answers marked handled, and the conversation's summary. When the
    /// idempotency key was used before (this reply was queued by an earlier run), nothing but
    /// the "handled" mark is written and `sent` is `None`. `offline_log`, the offline
    /// generation's `llm_requests` line, is written in the same transaction either way.
    pub async fn finish_reply(
        &self,
        draft: &NewDraft<'_>,
        send: Option<&NewOutbound<'_>>,
        offline_log: Option<&NewLlmRequest>,
    ) -> StoreResult<FinishedReply> {
        let now = now_ms();
        let record = DraftRecord {
            id: draft.id.to_string(),
            workspace_id: draft.workspace_id.to_string(),
            conversation_id: draft.conversation_id.to_string(),
            agent_id: draft.agent_id.map(str::to_string),
            channel: draft.channel.to_string(),
            purpose: draft.purpose.to_string(),
            status: if send.is_some() {
                "approved"
            } else {
                draft.status
            }
            .to_string(),
            body: draft.body.to_string(),
            generator: draft.generator.map(str::to_string),
            offline: draft.offline,
            in_reply_to: draft.in_reply_to.map(str::to_string),
            created_at: draft.created_at,
            updated_at: now,
            blocked_reason: draft.blocked_reason.map(str::to_string),
        };
        let log = offline_log.map(|log| (new_id(), log.clone()));
        let job = Arc::new((record, send.map(OwnedOutbound::from), log));
        let backend = self.0.backend;
        self.0
            .commits
            .run(move |connection| {
                let job = job.clone();
                Box::pin(async move {
                    let (draft, send, log) = &*job;
                    let log = log.as_ref().map(|(id, log)| (id.as_str(), log));
                    match send {
                        Some(send) => {
                            write_sent_reply(connection, backend, draft, send, log, now).await
                        }
                        None => {
                            if let Some((id, line)) = log {
                                super::llm::insert_request(connection, id, line, now).await?;
                            }
                            write_reply(connection, draft, now).await
                        }
                    }
                })
            })
            .await
    }

    pub async fn draft(&self, workspace_id: &str, id: &str) -> StoreResult<DraftRecord> {
        let sql = format!("SELECT {DRAFT_COLUMNS} FROM drafts WHERE workspace_id = $1 AND id = $2");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(workspace_id)
            .bind(id)
            .fetch_optional(&self.0.pool)
            .await?;
        row.as_ref()
            .map(draft_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound)
    }

    /// Drafts waiting for review (streaming ones live only in the lead's actor).
    pub async fn open_drafts(&self, conversation_id: &str) -> StoreResult<Vec<DraftRecord>> {
        let sql = format!(
            "SELECT {DRAFT_COLUMNS} FROM drafts WHERE conversation_id = $1 \
             AND status = 'ready' ORDER BY created_at"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(conversation_id)
            .fetch_all(&self.0.pool)
            .await?;
        rows.iter().map(draft_from_row).collect()
    }

    /// Moves a draft from one of `from` to `to`; false when it was in none of them.
    pub async fn transition_draft(&self, id: &str, from: &[&str], to: &str) -> StoreResult<bool> {
        let list = from
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ");
        debug_assert!(
            from.iter()
                .all(|s| s.chars().all(|c| c.is_ascii_lowercase()))
        );
        let sql = format!(
            "UPDATE drafts SET status = $1, updated_at = $2 WHERE id = $3 AND status IN ({list})"
        );
        let changed = sqlx::query(AssertSqlSafe(sql))
            .bind(to)
            .bind(now_ms())
            .bind(id)
            .execute(&self.0.writer)
            .await?
            .rows_affected();
        Ok(changed == 1)
    }
    pub async fn set_pending_draft(&self, conversation_id: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE conversations SET pending_draft = (SELECT COUNT(*) FROM drafts d \
             WHERE d.conversation_id = $1 AND d.status = 'ready'), updated_at = $2 WHERE id = $1",
        )
        .bind(conversation_id)
        .bind(now_ms())
        .execute(&self.0.writer)
        .await?;
        Ok(())
    }
}

/// Writes an outbound message, its outbox row and the conversation summary inside `tx`.
/// `None` when the idempotency key was used before (then the caller must not commit the
/// message: nothing was written). Returns the record as written, without reading it back.
/// An owned copy of a [`NewOutbound`], for work that may run again after a rolled-back batch.
pub(super) struct OwnedOutbound {
    workspace_id: String,
    conversation_id: String,
    lead_id: String,
    channel: String,
    body: String,
    subject: Option<String>,
    author_kind: String,
    author_id: Option<String>,
    generator: Option<String>,
    draft_id: Option<String>,
    idempotency_key: String,
    template_id: Option<String>,
    template_variables: Option<String>,
}

impl OwnedOutbound {
    pub(super) fn from(outbound: &NewOutbound<'_>) -> Self {
        Self {
            workspace_id: outbound.workspace_id.to_string(),
            conversation_id: outbound.conversation_id.to_string(),
            lead_id: outbound.lead_id.to_string(),
            channel: outbound.channel.to_string(),
            body: outbound.body.to_string(),
            subject: outbound.subject.map(str::to_string),
            author_kind: outbound.author_kind.to_string(),
            author_id: outbound.author_id.map(str::to_string),
            generator: outbound.generator.map(str::to_string),
            draft_id: outbound.draft_id.map(str::to_string),
            idempotency_key: outbound.idempotency_key.to_string(),
            template_id: outbound.template_id.map(str::to_string),
            template_variables: outbound.template_variables.map(str::to_string),
        }
    }

    pub(super) fn borrowed(&self) -> NewOutbound<'_> {
        NewOutbound {
            workspace_id: &self.workspace_id,
            conversation_id: &self.conversation_id,
            lead_id: &self.lead_id,
            channel: &self.channel,
            body: &self.body,
            subject: self.subject.as_deref(),
            author_kind: &self.author_kind,
            author_id: self.author_id.as_deref(),
            generator: self.generator.as_deref(),
            draft_id: self.draft_id.as_deref(),
            idempotency_key: &self.idempotency_key,
            template_id: self.template_id.as_deref(),
            template_variables: self.template_variables.as_deref(),
        }
    }
}

/// Stores an inbound message unless its provider id was seen before (then returns the stored
/// one and `true`), and moves the conversation's summary: one round trip to the database (see
/// [`chained`]).
async fn insert_inbound(
    connection: &mut AnyConnection,
    backend: Backend,
    message: &MessageRecord,
) -> StoreResult<(MessageRecord, bool)> {
    let sql = match backend {
        Backend::Sqlite => chained::INBOUND_SQLITE,
        Backend::Postgres => chained::INBOUND_POSTGRES,
    };
    let inserted = bind_inbound(sqlx::query(sql), message)
        .bind(&message.conversation_id)
        .execute(&mut *connection)
        .await?
        .rows_affected();
    if inserted == 0 {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE workspace_id = $1 AND channel = $2 AND external_id = $3"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(&message.workspace_id)
            .bind(&message.channel)
            .bind(message.external_id.as_deref())
            .fetch_one(&mut *connection)
            .await?;
        return Ok((message_from_row(&row)?, true));
    }
    Ok((message.clone(), false))
}

/// The inbound statements' shared parameters: $1 id, $2 workspace, $3 lead, $4 channel,
/// $5 subject, $6 body, $7 external id, $8 created at, $9 preview.
fn bind_inbound<'q>(query: super::AnyQuery<'q>, message: &'q MessageRecord) -> super::AnyQuery<'q> {
    query
        .bind(&message.id)
        .bind(&message.workspace_id)
        .bind(&message.lead_id)
        .bind(&message.channel)
        .bind(message.subject.as_deref())
        .bind(&message.body)
        .bind(message.external_id.as_deref())
        .bind(message.created_at)
        .bind(preview(&message.body))
}

/// A new inbound message as it will be stored (`conversation_id` may be filled in later).
fn inbound_record(inbound: &NewInbound<'_>, conversation_id: String) -> MessageRecord {
    MessageRecord {
        id: new_id(),
        workspace_id: inbound.workspace_id.to_string(),
        conversation_id,
        lead_id: inbound.lead_id.to_string(),
        direction: "inbound".into(),
        channel: inbound.channel.to_string(),
        author_kind: "lead".into(),
        author_id: None,
        generator: None,
        subject: inbound.subject.map(str::to_string),
        body: inbound.body.to_string(),
        status: "received".into(),
        error: None,
        external_id: Some(inbound.external_id.to_string()),
        draft_id: None,
        processed: false,
        created_at: now_ms(),
    }
}

/// [`chained::INBOUND_BY_LEAD_SQLITE`] / `_POSTGRES`: the conversation after the message, or
/// `None` when nothing was written (no conversation for the lead, or a repeat).
async fn insert_inbound_by_lead(
    connection: &mut AnyConnection,
    backend: Backend,
    message: &MessageRecord,
) -> StoreResult<Option<ConversationRecord>> {
    // `fetch_all`: on SQLite, sqlx stops a multi-statement query at its first result when
    // asked for one row, and the statements after it would not run.
    let sql = match backend {
        Backend::Sqlite => chained::INBOUND_BY_LEAD_SQLITE,
        Backend::Postgres => chained::INBOUND_BY_LEAD_POSTGRES,
    };
    let rows = bind_inbound(sqlx::query(sql), message)
        .fetch_all(&mut *connection)
        .await?;
    rows.first().map(conversation_from_row).transpose()
}

/// The hot path's writes, each unit of work chained into one round trip: on SQLite several
/// statements in one call (sqlx runs them in order on the connection's thread, sharing the
/// `$n` parameters), on PostgreSQL one statement of data-modifying CTEs. Each statement was a
/// hand-off to the connection's thread (SQLite) or a round trip (PostgreSQL), and they were
/// most of what the one writer did per answered message. A later statement depends on an
/// earlier one through `changes()` or the row it wrote (SQLite) or through `RETURNING` (a
/// PostgreSQL CTE does not see another's writes). Both texts take the same parameters.
mod chained {
    /// The inbound parameters of [`super::bind_inbound`] ($1–$9), then $10 the conversation.
    /// Affects no row for a duplicate.
    pub const INBOUND_SQLITE: &str = "INSERT INTO messages (id, workspace_id, conversation_id, \
        lead_id, direction, channel, author_kind, subject, body, status, status_rank, \
        external_id, processed, created_at) VALUES ($1, $2, $10, $3, 'inbound', $4, 'lead', $5, \
        $6, 'received', 0, $7, 0, $8) ON CONFLICT (workspace_id, channel, external_id) DO NOTHING; \
        UPDATE conversations SET unread = unread + 1, last_message_at = $8, \
        last_message_preview = $9, last_channel = $4, last_direction = 'inbound', \
        last_inbound_at = $8, status = 'open', updated_at = $8 WHERE id = $10 AND changes() = 1";

    /// An inbound message into its lead's conversation, found by the write itself: the
    /// parameters of [`super::bind_inbound`]. Returns the conversation after the message (with its lead), or no row when
    /// nothing was written: the lead has no conversation, or the message is a repeat.
    pub const INBOUND_BY_LEAD_SQLITE: &str = concat!(
        "INSERT INTO messages (id, workspace_id, conversation_id, lead_id, direction, channel, \
         author_kind, subject, body, status, status_rank, external_id, processed, created_at) \
         SELECT $1, $2, id, $3, 'inbound', $4, 'lead', $5, $6, 'received', 0, $7, 0, $8 \
         FROM conversations WHERE workspace_id = $2 AND lead_id = $3 \
         ON CONFLICT (workspace_id, channel, external_id) DO NOTHING; \
         UPDATE conversations SET unread = unread + 1, last_message_at = $8, \
         last_message_preview = $9, last_channel = $4, last_direction = 'inbound', \
         last_inbound_at = $8, status = 'open', updated_at = $8 \
         WHERE workspace_id = $2 AND lead_id = $3 AND changes() = 1; \
         SELECT ",
        conversation_columns!(),
        " FROM conversations c JOIN leads l ON l.id = c.lead_id \
         LEFT JOIN companies co ON co.id = l.company_id \
         WHERE c.workspace_id = $2 AND c.lead_id = $3 AND changes() = 1"
    );

    pub const INBOUND_BY_LEAD_POSTGRES: &str = concat!(
        "WITH target AS (SELECT id FROM conversations WHERE workspace_id = $2 AND lead_id = $3), \
         m AS (INSERT INTO messages (id, workspace_id, conversation_id, lead_id, direction, \
         channel, author_kind, subject, body, status, status_rank, external_id, processed, \
         created_at) SELECT $1, $2, target.id, $3, 'inbound', $4, 'lead', $5, $6, 'received', 0, \
         $7, 0, $8 FROM target ON CONFLICT (workspace_id, channel, external_id) DO NOTHING \
         RETURNING conversation_id), \
         c AS (UPDATE conversations SET unread = unread + 1, last_message_at = $8, \
         last_message_preview = $9, last_channel = $4, last_direction = 'inbound', \
         last_inbound_at = $8, status = 'open', updated_at = $8 \
         WHERE id IN (SELECT conversation_id FROM m) RETURNING *) \
         SELECT ",
        conversation_columns!(),
        " FROM c JOIN leads l ON l.id = c.lead_id LEFT JOIN companies co ON co.id = l.company_id"
    );

    pub const INBOUND_POSTGRES: &str = "WITH m AS (INSERT INTO messages (id, workspace_id, \
        conversation_id, lead_id, direction, channel, author_kind, subject, body, status, \
        status_rank, external_id, processed, created_at) VALUES ($1, $2, $10, $3, 'inbound', $4, \
        'lead', $5, $6, 'received', 0, $7, 0, $8) ON CONFLICT (workspace_id, channel, \
        external_id) DO NOTHING RETURNING 1) \
        UPDATE conversations SET unread = unread + 1, last_message_at = $8, \
        last_message_preview = $9, last_channel = $4, last_direction = 'inbound', \
        last_inbound_at = $8, status = 'open', updated_at = $8 WHERE id = $10 \
        AND EXISTS (SELECT 1 FROM m)";

    /// A reply sent at once. $1 outbox id, $2 workspace, $3 message id, $4 channel,
    /// $5 idempotency key, $6 now, $7 conversation, $8 lead, $9 author kind, $10 author id,
    /// $11 generator, $12 subject, $13 body, $14 draft id, $15 template id, $16 template
    /// variables, $17 the agent whose daily count grows (NULL: none), $18 its day, $19 preview,
    /// $20–$33 the draft (id, workspace, conversation, agent, channel, purpose, status, body,
    /// generator, offline, in reply to, created at, updated at, blocked reason). Returns one
    /// row, `sent`: 1 when the message was queued, 0 when the idempotency key was used before
    /// (then only the handled mark on $30 is written).
    macro_rules! reply_sqlite {
        () => {
            "INSERT INTO outbox (id, workspace_id, message_id, channel, \
        idempotency_key, state, next_attempt_at, created_at, updated_at) VALUES ($1, $2, $3, $4, \
        $5, 'queued', $6, $6, $6) ON CONFLICT (idempotency_key) DO NOTHING; \
        INSERT INTO messages (id, workspace_id, conversation_id, lead_id, direction, channel, \
        author_kind, author_id, generator, subject, body, status, status_rank, draft_id, \
        processed, created_at, template_id, template_variables) SELECT $3, $2, $7, $8, \
        'outbound', $4, $9, $10, $11, $12, $13, 'queued', 10, $14, 1, $6, $15, $16 \
        WHERE changes() = 1; \
        INSERT INTO agent_daily_sends (agent_id, day, sent) SELECT $17, $18, 1 \
        WHERE $17 IS NOT NULL AND EXISTS (SELECT 1 FROM messages WHERE id = $3) \
        ON CONFLICT (agent_id, day) DO UPDATE SET sent = agent_daily_sends.sent + 1; \
        UPDATE conversations SET last_message_at = $6, last_message_preview = $19, \
        last_channel = $4, last_direction = 'outbound', updated_at = $6 WHERE id = $7 \
        AND EXISTS (SELECT 1 FROM messages WHERE id = $3); \
        INSERT INTO drafts (id, workspace_id, conversation_id, agent_id, channel, purpose, \
        status, body, generator, offline, in_reply_to, created_at, updated_at, blocked_reason) \
        SELECT $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33 \
        WHERE EXISTS (SELECT 1 FROM messages WHERE id = $3); \
        UPDATE messages SET processed = 1 WHERE id = $30; \
        SELECT COUNT(*) AS sent FROM messages WHERE id = $3"
        };
    }

    pub const REPLY_POSTGRES: &str = "WITH o AS (INSERT INTO outbox (id, workspace_id, \
        message_id, channel, idempotency_key, state, next_attempt_at, created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $5, 'queued', $6, $6, $6) ON CONFLICT (idempotency_key) \
        DO NOTHING RETURNING 1), \
        m AS (INSERT INTO messages (id, workspace_id, conversation_id, lead_id, direction, \
        channel, author_kind, author_id, generator, subject, body, status, status_rank, \
        draft_id, processed, created_at, template_id, template_variables) SELECT $3, $2, $7, \
        $8, 'outbound', $4, $9, $10, $11, $12, $13, 'queued', 10, $14, 1, $6, $15, $16 FROM o \
        RETURNING id), \
        d AS (INSERT INTO agent_daily_sends (agent_id, day, sent) SELECT $17, $18, 1 FROM m \
        WHERE $17 IS NOT NULL ON CONFLICT (agent_id, day) \
        DO UPDATE SET sent = agent_daily_sends.sent + 1), \
        c AS (UPDATE conversations SET last_message_at = $6, last_message_preview = $19, \
        last_channel = $4, last_direction = 'outbound', updated_at = $6 WHERE id = $7 \
        AND EXISTS (SELECT 1 FROM m)), \
        r AS (INSERT INTO drafts (id, workspace_id, conversation_id, agent_id, channel, \
        purpose, status, body, generator, offline, in_reply_to, created_at, updated_at, \
        blocked_reason) SELECT $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, \
        $32, $33 FROM m), \
        p AS (UPDATE messages SET processed = 1 WHERE id = $30) \
        SELECT COUNT(*) AS sent FROM m";

    /// An offline generation's `llm_requests` line in front of its reply (SQLite), where it
    /// was one more hand-off of the writer per answered message: $34–$48, bound by
    /// `llm::bind_line`. PostgreSQL writes the line as a statement of its own: as one more
    /// data-modifying CTE of the reply it measured slower (loadtests/README.md, fifth stop).
    macro_rules! llm_line {
        () => {
            concat!(
                llm_request_insert!(),
                "($34, $35, $36, $37, $38, $39, $40, $41, $42, $43, $44, $45, $46, $47, $48)"
            )
        };
    }

    pub const REPLY_SQLITE: &str = reply_sqlite!();
    pub const REPLY_LOGGED_SQLITE: &str = concat!(llm_line!(), "; ", reply_sqlite!());
}

/// A finished AI reply kept as a draft: the draft, the handled mark on the message it
/// answers, and the conversation's pending-draft flag. All or nothing. (A reply sent at once
/// is [`write_sent_reply`].)
async fn write_reply(
    connection: &mut AnyConnection,
    draft: &DraftRecord,
    now: i64,
) -> StoreResult<FinishedReply> {
    bind_draft(
        sqlx::query(
            "INSERT INTO drafts (id, workspace_id, conversation_id, agent_id, channel, purpose, \
             status, body, generator, offline, in_reply_to, created_at, updated_at, \
             blocked_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        ),
        draft,
    )
    .execute(&mut *connection)
    .await?;
    if let Some(id) = &draft.in_reply_to {
        sqlx::query("UPDATE messages SET processed = 1 WHERE id = $1")
            .bind(id)
            .execute(&mut *connection)
            .await?;
    }
    if draft.status == "ready" {
        sqlx::query("UPDATE conversations SET pending_draft = 1, updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&draft.conversation_id)
            .execute(&mut *connection)
            .await?;
    }
    Ok(FinishedReply {
        draft: Some(draft.clone()),
        sent: None,
    })
}

/// [`write_reply`] for a reply sent at once, in one round trip (see [`chained`]), with the
/// offline generation's log line when there is one.
async fn write_sent_reply(
    connection: &mut AnyConnection,
    backend: Backend,
    draft: &DraftRecord,
    outbound: &OwnedOutbound,
    log: Option<(&str, &NewLlmRequest)>,
    now: i64,
) -> StoreResult<FinishedReply> {
    let outbound = outbound.borrowed();
    let id = new_id();
    // The agent's daily limit reads this count (see AgentStore::sent_today).
    let counted_agent = outbound.author_id.filter(|_| outbound.author_kind == "ai");
    // The log line rides in the reply's statement on SQLite; PostgreSQL writes it first.
    let log = match (backend, log) {
        (Backend::Postgres, Some((log_id, line))) => {
            super::llm::insert_request(connection, log_id, line, now).await?;
            None
        }
        (_, log) => log,
    };
    let query = sqlx::query(match (backend, log.is_some()) {
        (Backend::Sqlite, false) => chained::REPLY_SQLITE,
        (Backend::Sqlite, true) => chained::REPLY_LOGGED_SQLITE,
        (Backend::Postgres, _) => chained::REPLY_POSTGRES,
    })
    .bind(new_id())
    .bind(outbound.workspace_id)
    .bind(&id)
    .bind(outbound.channel)
    .bind(outbound.idempotency_key)
    .bind(now)
    .bind(outbound.conversation_id)
    .bind(outbound.lead_id)
    .bind(outbound.author_kind)
    .bind(outbound.author_id)
    .bind(outbound.generator)
    .bind(outbound.subject)
    .bind(outbound.body)
    .bind(outbound.draft_id)
    .bind(outbound.template_id)
    .bind(outbound.template_variables)
    .bind(counted_agent)
    .bind(super::agents::start_of_utc_day(now))
    .bind(preview(outbound.body));
    // `fetch_all`, not `fetch_one`: sqlx's Any driver on SQLite stops a multi-statement query
    // at its first result when asked for one row, leaving the later statements unrun.
    let mut query = bind_draft(query, draft);
    if let Some((log_id, line)) = log {
        query = super::llm::bind_line(query, log_id, line, now);
    }
    let rows = query.fetch_all(&mut *connection).await?;
    let sent = match rows.as_slice() {
        [row] => row.try_get::<i64, _>("sent")?,
        _ => 0,
    };
    if sent != 1 {
        // Queued by an earlier run: only the handled mark is new.
        return Ok(FinishedReply {
            draft: None,
            sent: None,
        });
    }
    Ok(FinishedReply {
        draft: Some(draft.clone()),
        sent: Some(queued_message(id, &outbound, now)),
    })
}

/// Binds a draft's 14 columns in table order (after whatever is bound already).
fn bind_draft<'q>(query: super::AnyQuery<'q>, draft: &'q DraftRecord) -> super::AnyQuery<'q> {
    query
        .bind(&draft.id)
        .bind(&draft.workspace_id)
        .bind(&draft.conversation_id)
        .bind(draft.agent_id.as_deref())
        .bind(&draft.channel)
        .bind(&draft.purpose)
        .bind(&draft.status)
        .bind(&draft.body)
        .bind(draft.generator.as_deref())
        .bind(draft.offline as i64)
        .bind(draft.in_reply_to.as_deref())
        .bind(draft.created_at)
        .bind(draft.updated_at)
        .bind(draft.blocked_reason.as_deref())
}

/// The message [`insert_outbound`] and [`write_sent_reply`] queue, as stored.
fn queued_message(id: String, outbound: &NewOutbound<'_>, now: i64) -> MessageRecord {
    MessageRecord {
        id,
        workspace_id: outbound.workspace_id.to_string(),
        conversation_id: outbound.conversation_id.to_string(),
        lead_id: outbound.lead_id.to_string(),
        direction: "outbound".into(),
        channel: outbound.channel.to_string(),
        author_kind: outbound.author_kind.to_string(),
        author_id: outbound.author_id.map(str::to_string),
        generator: outbound.generator.map(str::to_string),
        subject: outbound.subject.map(str::to_string),
        body: outbound.body.to_string(),
        status: "queued".into(),
        error: None,
        external_id: None,
        draft_id: outbound.draft_id.map(str::to_string),
        processed: true,
        created_at: now,
    }
}

pub(super) async fn insert_outbound(
    tx: &mut AnyConnection,
    outbound: &NewOutbound<'_>,
    now: i64,
) -> StoreResult<Option<MessageRecord>> {
    let id = new_id();
    let claimed = sqlx::query(
        "INSERT INTO outbox (id, workspace_id, message_id, channel, idempotency_key, state, \
         next_attempt_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'queued', $6, $6, $6) \
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(new_id())
    .bind(outbound.workspace_id)
    .bind(&id)
    .bind(outbound.channel)
    .bind(outbound.idempotency_key)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Ok(None);
    }
    sqlx::query(
        "INSERT INTO messages (id, workspace_id, conversation_id, lead_id, direction, channel, \
         author_kind, author_id, generator, subject, body, status, status_rank, draft_id, \
         processed, created_at, template_id, template_variables) VALUES ($1, $2, $3, $4, \
         'outbound', $5, $6, $7, $8, $9, $10, 'queued', 10, $11, 1, $12, $13, $14)",
    )
    .bind(&id)
    .bind(outbound.workspace_id)
    .bind(outbound.conversation_id)
    .bind(outbound.lead_id)
    .bind(outbound.channel)
    .bind(outbound.author_kind)
    .bind(outbound.author_id)
    .bind(outbound.generator)
    .bind(outbound.subject)
    .bind(outbound.body)
    .bind(outbound.draft_id)
    .bind(now)
    .bind(outbound.template_id)
    .bind(outbound.template_variables)
    .execute(&mut *tx)
    .await?;
    if outbound.author_kind == "ai"
        && let Some(agent_id) = outbound.author_id
    {
        // The agent's daily limit reads this count (see AgentStore::sent_today).
        sqlx::query(
            "INSERT INTO agent_daily_sends (agent_id, day, sent) VALUES ($1, $2, 1) \
             ON CONFLICT (agent_id, day) DO UPDATE SET sent = agent_daily_sends.sent + 1",
        )
        .bind(agent_id)
        .bind(super::agents::start_of_utc_day(now))
        .execute(&mut *tx)
        .await?;
    }
    touch_last(
        tx,
        outbound.conversation_id,
        now,
        outbound.body,
        outbound.channel,
        "outbound",
    )
    .await?;
    Ok(Some(queued_message(id, outbound, now)))
}

async fn touch_last(
    tx: &mut AnyConnection,
    conversation_id: &str,
    at: i64,
    body: &str,
    channel: &str,
    direction: &str,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE conversations SET last_message_at = $1, last_message_preview = $2, \
         last_channel = $3, last_direction = $4, updated_at = $1 WHERE id = $5",
    )
    .bind(at)
    .bind(preview(body))
    .bind(channel)
    .bind(direction)
    .bind(conversation_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
