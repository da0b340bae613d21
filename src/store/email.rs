//! Email state: sender mailboxes, the Message-ID / token of every email sent or received (reply
//! matching, tracking, unsubscribe), click links, provider-event idempotency, the IMAP cursor and
//! the workspace's email settings (postal address, tracking default, sending window).

use super::{Store, StoreError, StoreResult, new_id, now_ms};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone)]
pub struct MailboxRecord {
    pub id: String,
    pub workspace_id: String,
    pub address: String,
    pub display_name: Option<String>,
    pub transport: String,
    pub credentials: Option<Vec<u8>>,
    pub daily_cap: i64,
    pub ramp_start: i64,
    pub ramp_increment: i64,
    pub status: String,
    pub paused_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl MailboxRecord {
    /// Today's cap: the warm-up ramp (start + increment per day since creation) up to the cap.
    pub fn cap_on(&self, now: i64) -> i64 {
        let days = ((now - self.created_at).max(0)) / 86_400_000;
        (self.ramp_start + self.ramp_increment * days).min(self.daily_cap)
    }
}

/// Fields to create or change a mailbox (`None` = keep).
#[derive(Debug, Clone, Default)]
pub struct MailboxInput {
    pub address: Option<String>,
    pub display_name: Option<Option<String>>,
    pub transport: Option<String>,
    pub credentials: Option<Vec<u8>>,
    pub daily_cap: Option<i64>,
    pub ramp_start: Option<i64>,
    pub ramp_increment: Option<i64>,
    pub status: Option<String>,
}

#[derive(Debug, Clone)]
pub struct EmailRecord {
    pub id: String,
    pub workspace_id: String,
    pub lead_id: Option<String>,
    pub message_id: Option<String>,
    pub mailbox_id: Option<String>,
    pub direction: String,
    pub header_id: String,
    pub idempotency_key: Option<String>,
    pub token: Option<String>,
    pub address: Option<String>,
    pub state: String,
    pub provider_message_id: Option<String>,
    pub opened_at: Option<i64>,
    pub clicked_at: Option<i64>,
    pub created_at: i64,
}

/// An email about to be sent (written before the transport is called).
#[derive(Debug, Clone)]
pub struct NewOutboundEmail<'a> {
    pub workspace_id: &'a str,
    pub lead_id: &'a str,
    pub message_id: &'a str,
    pub mailbox_id: Option<&'a str>,
    pub header_id: &'a str,
    pub idempotency_key: &'a str,
    pub token: &'a str,
    pub address: &'a str,
    /// (token, url) for every rewritten link.
    pub links: &'a [(String, String)],
    /// When it is sent (the outbox's clock): caps and throttling count from it.
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct EmailSettingsRecord {
    pub postal_address: Option<String>,
    pub tracking_enabled: bool,
    pub window_days: String,
    pub window_start_minute: i64,
    pub window_end_minute: i64,
}

impl Default for EmailSettingsRecord {
    fn default() -> Self {
        Self {
            postal_address: None,
            tracking_enabled: true,
            window_days: "mon,tue,wed,thu,fri".into(),
            window_start_minute: 8 * 60,
            window_end_minute: 18 * 60,
        }
    }
}

const MAILBOX_COLUMNS: &str = "id, workspace_id, address, display_name, transport, credentials, \
     daily_cap, ramp_start, ramp_increment, status, paused_reason, created_at, updated_at";
const EMAIL_COLUMNS: &str = "id, workspace_id, lead_id, message_id, mailbox_id, direction, \
     header_id, idempotency_key, token, address, state, provider_message_id, opened_at, \
     clicked_at, created_at";

fn mailbox_from_row(row: &AnyRow) -> StoreResult<MailboxRecord> {
    Ok(MailboxRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        address: row.try_get("address")?,
        display_name: row.try_get("display_name")?,
        transport: row.try_get("transport")?,
        credentials: row.try_get("credentials")?,
        daily_cap: row.try_get("daily_cap")?,
        ramp_start: row.try_get("ramp_start")?,
        ramp_increment: row.try_get("ramp_increment")?,
        status: row.try_get("status")?,
        paused_reason: row.try_get("paused_reason")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn email_from_row(row: &AnyRow) -> StoreResult<EmailRecord> {
    Ok(EmailRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        lead_id: row.try_get("lead_id")?,
        message_id: row.try_get("message_id")?,
        mailbox_id: row.try_get("mailbox_id")?,
        direction: row.try_get("direction")?,
        header_id: row.try_get("header_id")?,
        idempotency_key: row.try_get("idempotency_key")?,
        token: row.try_get("token")?,
        address: row.try_get("address")?,
        state: row.try_get("state")?,
        provider_message_id: row.try_get("provider_message_id")?,
        opened_at: row.try_get("opened_at")?,
        clicked_at: row.try_get("clicked_at")?,
        created_at: row.try_get("created_at")?,
    })
}

fn domain_of(address: &str) -> String {
    address
        .rsplit_once('@')
        .map(|(_, d)| d.to_lowercase())
        .unwrap_or_default()
}

pub struct EmailStore<'a>(pub(super) &'a Store);

impl EmailStore<'_> {
    // --- mailboxes -----------------------------------------------------------------------------

    pub async fn mailboxes(&self, workspace_id: &str) -> StoreResult<Vec<MailboxRecord>> {
        let sql = format!(
            "SELECT {MAILBOX_COLUMNS} FROM email_mailboxes WHERE workspace_id = $1 ORDER BY created_at, id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(workspace_id)
            .fetch_all(&self.0.pool)
            .await?;
        rows.iter().map(mailbox_from_row).collect()
    }

    /// Every mailbox of every workspace (the IMAP poller walks them).
    pub async fn all_mailboxes(&self) -> StoreResult<Vec<MailboxRecord>> {
        let sql = format!("SELECT {MAILBOX_COLUMNS} FROM email_mailboxes ORDER BY created_at, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.0.pool)
            .await?;
        rows.iter().map(mailbox_from_row).collect()
    }

    pub async fn mailbox(&self, workspace_id: &str, id: &str) -> StoreResult<MailboxRecord> {
        let sql = format!(
            "SELECT {MAILBOX_COLUMNS} FROM email_mailboxes WHERE workspace_id = $1 AND id = $2"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(workspace_id)
            .bind(id)
            .fetch_optional(&self.0.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        mailbox_from_row(&row)
    }

    pub async fn mailbox_by_address(&self, address: &str) -> StoreResult<Option<MailboxRecord>> {
        let sql = format!(
            "SELECT {MAILBOX_COLUMNS} FROM email_mailboxes WHERE address = $1 ORDER BY created_at LIMIT 1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(address.trim().to_lowercase())
            .fetch_optional(&self.0.pool)
            .await?;
        row.as_ref().map(mailbox_from_row).transpose()
    }

    pub async fn create_mailbox(
        &self,
        workspace_id: &str,
        input: &MailboxInput,
    ) -> StoreResult<MailboxRecord> {
        let id = new_id();
        let now = now_ms();
        sqlx::query(
            "INSERT INTO email_mailboxes (id, workspace_id, address, display_name, transport, \
             credentials, daily_cap, ramp_start, ramp_increment, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
        )
        .bind(&id)
        .bind(workspace_id)
        .bind(input.address.as_deref().unwrap_or_default().to_lowercase())
        .bind(input.display_name.clone().flatten())
        .bind(input.transport.as_deref().unwrap_or("smtp"))
        .bind(input.credentials.clone())
        .bind(input.daily_cap.unwrap_or(200))
        .bind(input.ramp_start.unwrap_or(20))
        .bind(input.ramp_increment.unwrap_or(10))
        .bind(input.status.as_deref().unwrap_or("active"))
        .bind(now)
        .execute(&self.0.writer)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict("address".into()),
            other => other,
        })?;
        self.mailbox(workspace_id, &id).await
    }

    pub async fn update_mailbox(
        &self,
        workspace_id: &str,
        id: &str,
        input: &MailboxInput,
    ) -> StoreResult<MailboxRecord> {
        let current = self.mailbox(workspace_id, id).await?;
        let status = input.status.clone().unwrap_or(current.status.clone());
        // Re-activating clears the reason it was paused for.
        let paused_reason = if status == "active" {
            None
        } else if input.status.is_some() && current.status != "paused" {
            Some("paused by a user".to_string())
        } else {
            current.paused_reason.clone()
        };
        sqlx::query(
            "UPDATE email_mailboxes SET address = $1, display_name = $2, transport = $3, \
             credentials = $4, daily_cap = $5, ramp_start = $6, ramp_increment = $7, status = $8, \
             paused_reason = $9, updated_at = $10 WHERE workspace_id = $11 AND id = $12",
        )
        .bind(
            input
                .address
                .as_deref()
                .map(str::to_lowercase)
                .unwrap_or(current.address),
        )
        .bind(input.display_name.clone().unwrap_or(current.display_name))
        .bind(input.transport.clone().unwrap_or(current.transport))
        .bind(input.credentials.clone().or(current.credentials))
        .bind(input.daily_cap.unwrap_or(current.daily_cap))
        .bind(input.ramp_start.unwrap_or(current.ramp_start))
        .bind(input.ramp_increment.unwrap_or(current.ramp_increment))
        .bind(&status)
        .bind(paused_reason)
        .bind(now_ms())
        .bind(workspace_id)
        .bind(id)
        .execute(&self.0.writer)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict("address".into()),
            other => other,
        })?;
        self.mailbox(workspace_id, id).await
    }

    pub async fn delete_mailbox(&self, workspace_id: &str, id: &str) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM email_mailboxes WHERE workspace_id = $1 AND id = $2")
            .bind(workspace_id)
            .bind(id)
            .execute(&self.0.writer)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn pause_mailbox(&self, id: &str, reason: &str) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE email_mailboxes SET status = 'paused', paused_reason = $1, updated_at = $2 \
             WHERE id = $3 AND status = 'active'",
        )
        .bind(reason)
        .bind(now_ms())
        .bind(id)
        .execute(&self.0.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Emails a mailbox sent since `since` (today's usage against its cap).
    pub async fn sent_since(&self, mailbox_id: &str, since: i64) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM email_messages WHERE mailbox_id = $1 AND direction = 'outbound' \
             AND created_at >= $2",
        )
        .bind(mailbox_id)
        .bind(since)
        .fetch_one(&self.0.pool)
        .await?)
    }

    /// The campaign a workflow email belongs to and its per-mailbox daily cap, when it sets one.
    pub async fn campaign_mailbox_cap(
        &self,
        message_id: &str,
    ) -> StoreResult<Option<(String, i64)>> {
        let row = sqlx::query(
            "SELECT c.id, c.per_mailbox_daily_cap FROM messages m JOIN campaigns c \
             ON c.id = m.author_id AND c.workspace_id = m.workspace_id \
             WHERE m.id = $1 AND m.author_kind = 'workflow' AND c.per_mailbox_daily_cap IS NOT NULL",
        )
        .bind(message_id)
        .fetch_optional(&self.0.pool)
        .await?;
        match row {
            Some(row) => Ok(Some((
                row.try_get("id")?,
                row.try_get("per_mailbox_daily_cap")?,
            ))),
            None => Ok(None),
        }
    }

    /// Emails of one campaign a mailbox sent since `since`.
    pub async fn campaign_sent_since(
        &self,
        mailbox_id: &str,
        campaign_id: &str,
        since: i64,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM email_messages e JOIN messages m ON m.id = e.message_id \
             WHERE e.mailbox_id = $1 AND e.direction = 'outbound' AND e.created_at >= $2 \
             AND m.author_kind = 'workflow' AND m.author_id = $3",
        )
        .bind(mailbox_id)
        .bind(since)
        .bind(campaign_id)
        .fetch_one(&self.0.pool)
        .await?)
    }

    /// Emails sent to a recipient domain since `since`, and when the earliest of them went
    /// (per-domain throttling: the limit frees up a minute after that one).
    pub async fn sent_to_domain_since(
        &self,
        workspace_id: &str,
        domain: &str,
        since: i64,
    ) -> StoreResult<(i64, Option<i64>)> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS sent, MIN(created_at) AS earliest FROM email_messages \
             WHERE workspace_id = $1 AND domain = $2 AND direction = 'outbound' AND created_at >= $3",
        )
        .bind(workspace_id)
        .bind(domain.to_lowercase())
        .bind(since)
        .fetch_one(&self.0.pool)
        .await?;
        Ok((row.try_get("sent")?, row.try_get("earliest")?))
    }

    /// (sends, bounces) over the mailbox's last `window` outbound emails.
    pub async fn bounce_stats(&self, mailbox_id: &str, window: i64) -> StoreResult<(i64, i64)> {
        let rows = sqlx::query(
            "SELECT state FROM email_messages WHERE mailbox_id = $1 AND direction = 'outbound' \
             ORDER BY created_at DESC LIMIT $2",
        )
        .bind(mailbox_id)
        .bind(window)
        .fetch_all(&self.0.pool)
        .await?;
        let mut bounced = 0;
        for row in &rows {
            let state: String = row.try_get("state")?;
            if state == "bounced" {
                bounced += 1;
            }
        }
        Ok((rows.len() as i64, bounced))
    }

    // --- emails --------------------------------------------------------------------------------

    /// Records an outbound email before it is handed to the transport. Idempotent on the outbox
    /// key: a retry gets the row written the first time (same Message-ID, same tokens).
    pub async fn prepare_outbound(&self, email: &NewOutboundEmail<'_>) -> StoreResult<EmailRecord> {
        if let Some(existing) = self.by_idempotency_key(email.idempotency_key).await? {
            return Ok(existing);
        }
        let id = new_id();
        let now = email.created_at;
        let mut tx = self.0.begin_write(&self.0.writer).await?;
        let inserted = sqlx::query(
            "INSERT INTO email_messages (id, workspace_id, lead_id, message_id, mailbox_id, \
             direction, header_id, idempotency_key, token, address, domain, state, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'outbound', $6, $7, $8, $9, $10, 'prepared', $11) \
             ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(&id)
        .bind(email.workspace_id)
        .bind(email.lead_id)
        .bind(email.message_id)
        .bind(email.mailbox_id)
        .bind(email.header_id)
        .bind(email.idempotency_key)
        .bind(email.token)
        .bind(email.address.to_lowercase())
        .bind(domain_of(email.address))
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 1 {
            for (token, url) in email.links {
                sqlx::query(
                    "INSERT INTO email_links (token, workspace_id, email_id, url) VALUES ($1, $2, $3, $4)",
                )
                .bind(token)
                .bind(email.workspace_id)
                .bind(&id)
                .bind(url)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        self.by_idempotency_key(email.idempotency_key)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn by_idempotency_key(&self, key: &str) -> StoreResult<Option<EmailRecord>> {
        let sql = format!("SELECT {EMAIL_COLUMNS} FROM email_messages WHERE idempotency_key = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(key)
            .fetch_optional(&self.0.pool)
            .await?;
        row.as_ref().map(email_from_row).transpose()
    }

    pub async fn by_id(&self, id: &str) -> StoreResult<Option<EmailRecord>> {
        let sql = format!("SELECT {EMAIL_COLUMNS} FROM email_messages WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.0.pool)
            .await?;
        row.as_ref().map(email_from_row).transpose()
    }

    pub async fn by_token(&self, token: &str) -> StoreResult<Option<EmailRecord>> {
        let sql = format!("SELECT {EMAIL_COLUMNS} FROM email_messages WHERE token = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(token)
            .fetch_optional(&self.0.pool)
            .await?;
        row.as_ref().map(email_from_row).transpose()
    }

    pub async fn by_message(&self, message_id: &str) -> StoreResult<Option<EmailRecord>> {
        let sql = format!("SELECT {EMAIL_COLUMNS} FROM email_messages WHERE message_id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(message_id)
            .fetch_optional(&self.0.pool)
            .await?;
        row.as_ref().map(email_from_row).transpose()
    }

    /// The first of `header_ids` we know, in any workspace (Message-IDs are globally unique by
    /// construction for ours).
    pub async fn by_header_ids(&self, header_ids: &[String]) -> StoreResult<Option<EmailRecord>> {
        if header_ids.is_empty() {
            return Ok(None);
        }
        let sql = format!(
            "SELECT {EMAIL_COLUMNS} FROM email_messages WHERE header_id IN ({}) ORDER BY created_at DESC LIMIT 1",
            super::placeholders(1, header_ids.len())
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in header_ids {
            query = query.bind(id);
        }
        let row = query.fetch_optional(&self.0.pool).await?;
        row.as_ref().map(email_from_row).transpose()
    }

    /// The lead's emails (both directions), oldest first: the thread's References.
    pub async fn thread(&self, workspace_id: &str, lead_id: &str) -> StoreResult<Vec<EmailRecord>> {
        let sql = format!(
            "SELECT {EMAIL_COLUMNS} FROM email_messages WHERE workspace_id = $1 AND lead_id = $2 \
             AND state <> 'prepared' ORDER BY created_at, id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(workspace_id)
            .bind(lead_id)
            .fetch_all(&self.0.pool)
            .await?;
        rows.iter().map(email_from_row).collect()
    }

    /// The mailbox that last wrote to the lead (a thread stays with its mailbox).
    pub async fn sticky_mailbox(
        &self,
        workspace_id: &str,
        lead_id: &str,
    ) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT mailbox_id FROM email_messages WHERE workspace_id = $1 AND lead_id = $2 \
             AND direction = 'outbound' AND mailbox_id IS NOT NULL ORDER BY created_at DESC LIMIT 1",
        )
        .bind(workspace_id)
        .bind(lead_id)
        .fetch_optional(&self.0.pool)
        .await?)
    }

    pub async fn mark_accepted(
        &self,
        id: &str,
        provider_message_id: Option<&str>,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE email_messages SET state = 'accepted', provider_message_id = $1 \
             WHERE id = $2 AND state = 'prepared'",
        )
        .bind(provider_message_id)
        .bind(id)
        .execute(&self.0.writer)
        .await?;
        Ok(())
    }

    pub async fn mark_bounced(&self, id: &str) -> StoreResult<()> {
        sqlx::query("UPDATE email_messages SET state = 'bounced' WHERE id = $1")
            .bind(id)
            .execute(&self.0.writer)
            .await?;
        Ok(())
    }

    /// Records an email we received. False when it was recorded before.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_inbound(
        &self,
        workspace_id: &str,
        lead_id: Option<&str>,
        message_id: Option<&str>,
        mailbox_id: Option<&str>,
        header_id: &str,
        address: &str,
        state: &str,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO email_messages (id, workspace_id, lead_id, message_id, mailbox_id, \
             direction, header_id, address, domain, state, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'inbound', $6, $7, $8, $9, $10) \
             ON CONFLICT (workspace_id, header_id) DO NOTHING",
        )
        .bind(new_id())
        .bind(workspace_id)
        .bind(lead_id)
        .bind(message_id)
        .bind(mailbox_id)
        .bind(header_id)
        .bind(address.to_lowercase())
        .bind(domain_of(address))
        .bind(state)
        .bind(now_ms())
        .execute(&self.0.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records the first open; true only the first time.
    pub async fn mark_opened(&self, id: &str) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE email_messages SET opened_at = $1 WHERE id = $2 AND opened_at IS NULL",
        )
        .bind(now_ms())
        .bind(id)
        .execute(&self.0.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The URL recorded for a click token (counted), with its email.
    pub async fn click(&self, token: &str) -> StoreResult<Option<(String, EmailRecord)>> {
        let row = sqlx::query("SELECT email_id, url FROM email_links WHERE token = $1")
            .bind(token)
            .fetch_optional(&self.0.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let email_id: String = row.try_get("email_id")?;
        let url: String = row.try_get("url")?;
        let now = now_ms();
        sqlx::query(
            "UPDATE email_links SET clicks = clicks + 1, \
             first_clicked_at = COALESCE(first_clicked_at, $1) WHERE token = $2",
        )
        .bind(now)
        .bind(token)
        .execute(&self.0.writer)
        .await?;
        sqlx::query(
            "UPDATE email_messages SET clicked_at = COALESCE(clicked_at, $1) WHERE id = $2",
        )
        .bind(now)
        .bind(&email_id)
        .execute(&self.0.writer)
        .await?;
        let sql = format!("SELECT {EMAIL_COLUMNS} FROM email_messages WHERE id = $1");
        let email = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&email_id)
            .fetch_one(&self.0.pool)
            .await?;
        Ok(Some((url, email_from_row(&email)?)))
    }

    // --- provider events and IMAP cursor ---------------------------------------------------

    /// True the first time an event id is seen.
    pub async fn first_sighting(&self, event_id: &str, kind: &str) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO email_provider_events (event_id, kind, received_at) VALUES ($1, $2, $3) \
             ON CONFLICT (event_id) DO NOTHING",
        )
        .bind(event_id)
        .bind(kind)
        .bind(now_ms())
        .execute(&self.0.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn event_seen(&self, event_id: &str) -> StoreResult<bool> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT event_id FROM email_provider_events WHERE event_id = $1")
                .bind(event_id)
                .fetch_optional(&self.0.pool)
                .await?;
        Ok(found.is_some())
    }

    pub async fn imap_cursor(&self, mailbox_key: &str) -> StoreResult<Option<(i64, i64)>> {
        let row = sqlx::query(
            "SELECT uid_validity, last_uid FROM email_imap_cursors WHERE mailbox_key = $1",
        )
        .bind(mailbox_key)
        .fetch_optional(&self.0.pool)
        .await?;
        row.map(|r| Ok((r.try_get("uid_validity")?, r.try_get("last_uid")?)))
            .transpose()
    }

    pub async fn set_imap_cursor(
        &self,
        mailbox_key: &str,
        uid_validity: i64,
        last_uid: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO email_imap_cursors (mailbox_key, uid_validity, last_uid, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (mailbox_key) DO UPDATE SET \
             uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, updated_at = excluded.updated_at",
        )
        .bind(mailbox_key)
        .bind(uid_validity)
        .bind(last_uid)
        .bind(now_ms())
        .execute(&self.0.writer)
        .await?;
        Ok(())
    }

    // --- settings ------------------------------------------------------------------------------

    pub async fn settings(&self, workspace_id: &str) -> StoreResult<EmailSettingsRecord> {
        let row = sqlx::query(
            "SELECT postal_address, tracking_enabled, window_days, window_start_minute, \
             window_end_minute FROM email_settings WHERE workspace_id = $1",
        )
        .bind(workspace_id)
        .fetch_optional(&self.0.pool)
        .await?;
        let Some(row) = row else {
            return Ok(EmailSettingsRecord::default());
        };
        Ok(EmailSettingsRecord {
            postal_address: row.try_get("postal_address")?,
            tracking_enabled: row.try_get::<i64, _>("tracking_enabled")? != 0,
            window_days: row.try_get("window_days")?,
            window_start_minute: row.try_get("window_start_minute")?,
            window_end_minute: row.try_get("window_end_minute")?,
        })
    }

    pub async fn put_settings(
        &self,
        workspace_id: &str,
        settings: &EmailSettingsRecord,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO email_settings (workspace_id, postal_address, tracking_enabled, window_days, \
             window_start_minute, window_end_minute, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (workspace_id) DO UPDATE SET postal_address = excluded.postal_address, \
             tracking_enabled = excluded.tracking_enabled, window_days = excluded.window_days, \
             window_start_minute = excluded.window_start_minute, \
             window_end_minute = excluded.window_end_minute, updated_at = excluded.updated_at",
        )
        .bind(workspace_id)
        .bind(settings.postal_address.as_deref())
        .bind(settings.tracking_enabled as i64)
        .bind(&settings.window_days)
        .bind(settings.window_start_minute)
        .bind(settings.window_end_minute)
        .bind(now_ms())
        .execute(&self.0.writer)
        .await?;
        Ok(())
    }

    /// An automatic reply in the conversation: already processed (never handed to the AI),
    /// flagged by `generator = 'auto-reply'`, and without touching unread / last-inbound. The id
    /// of the new message, or `None` when it was stored before.
    pub async fn store_auto_reply_message(
        &self,
        workspace_id: &str,
        conversation_id: &str,
        lead_id: &str,
        subject: Option<&str>,
        body: &str,
        external_id: &str,
    ) -> StoreResult<Option<String>> {
        let id = new_id();
        let done = sqlx::query(
            "INSERT INTO messages (id, workspace_id, conversation_id, lead_id, direction, channel, \
             author_kind, generator, subject, body, status, status_rank, external_id, processed, created_at) \
             VALUES ($1, $2, $3, $4, 'inbound', 'email', 'lead', 'auto-reply', $5, $6, 'received', 0, $7, 1, $8) \
             ON CONFLICT (workspace_id, channel, external_id) DO NOTHING",
        )
        .bind(&id)
        .bind(workspace_id)
        .bind(conversation_id)
        .bind(lead_id)
        .bind(subject)
        .bind(body)
        .bind(external_id)
        .bind(now_ms())
        .execute(&self.0.writer)
        .await?;
        Ok((done.rows_affected() == 1).then_some(id))
    }

    // --- leads ---------------------------------------------------------------------------------

    /// A hard bounce or complaint: the address is invalid and the lead is not contacted again.
    /// `do_not_contact` is the existing pause flag every send path already honours.
    pub async fn invalidate_lead_email(
        &self,
        workspace_id: &str,
        lead_id: &str,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE leads SET email_status = 'invalid', do_not_contact = 1, updated_at = $1 \
             WHERE workspace_id = $2 AND id = $3",
        )
        .bind(now_ms())
        .bind(workspace_id)
        .bind(lead_id)
        .execute(&self.0.writer)
        .await?;
        Ok(())
    }

    /// Leads with this email address (inbound matching by From), at most `limit`.
    pub async fn leads_by_email(
        &self,
        workspace_id: Option<&str>,
        address: &str,
        limit: i64,
    ) -> StoreResult<Vec<(String, String)>> {
        let rows = match workspace_id {
            Some(workspace_id) => {
                sqlx::query(
                    "SELECT workspace_id, id FROM leads WHERE workspace_id = $1 AND LOWER(email) = $2 \
                     ORDER BY created_at LIMIT $3",
                )
                .bind(workspace_id)
                .bind(address.trim().to_lowercase())
                .bind(limit)
                .fetch_all(&self.0.pool)
                .await?
            }
            None => {
                sqlx::query(
                    "SELECT workspace_id, id FROM leads WHERE LOWER(email) = $1 ORDER BY created_at LIMIT $2",
                )
                .bind(address.trim().to_lowercase())
                .bind(limit)
                .fetch_all(&self.0.pool)
                .await?
            }
        };
        rows.iter()
            .map(|r| Ok((r.try_get("workspace_id")?, r.try_get("id")?)))
            .collect()
    }
}
