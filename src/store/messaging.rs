//! Messaging (Twilio SMS / WhatsApp) persistence: per-workspace Twilio accounts (the auth token
//! encrypted by the caller), WhatsApp templates and their approval state, the template a
//! message goes out with, sends held by the gate, and the lookups webhooks need.

use super::{Store, StoreResult, new_id, now_ms};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone)]
pub struct TwilioAccountRecord {
    pub workspace_id: String,
    pub account_sid: String,
    pub auth_token_ciphertext: Vec<u8>,
    pub auth_token_last4: String,
    pub from_number: Option<String>,
    pub messaging_service_sid: Option<String>,
    pub whatsapp_from: Option<String>,
    pub help_contact: Option<String>,
    pub last_success_at: Option<i64>,
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewTwilioAccount<'a> {
    pub workspace_id: &'a str,
    pub account_sid: &'a str,
    pub auth_token_ciphertext: &'a [u8],
    pub auth_token_last4: &'a str,
    pub from_number: Option<&'a str>,
    pub messaging_service_sid: Option<&'a str>,
    pub whatsapp_from: Option<&'a str>,
    pub help_contact: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatsappTemplateRecord {
    pub id: String,
    pub workspace_id: String,
    pub name: String,
    pub language: String,
    pub body: String,
    /// JSON array.
    pub variables: String,
    pub status: String,
    pub content_sid: Option<String>,
    pub decision_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const TWILIO_COLUMNS: &str = "workspace_id, account_sid, auth_token_ciphertext, auth_token_last4, \
     from_number, messaging_service_sid, whatsapp_from, help_contact, last_success_at, last_error, last_error_at, updated_at";
const TEMPLATE_COLUMNS: &str = "id, workspace_id, name, language, body, variables, status, \
     content_sid, decision_reason, created_at, updated_at";

fn account_from_row(row: &AnyRow) -> StoreResult<TwilioAccountRecord> {
    Ok(TwilioAccountRecord {
        workspace_id: row.try_get("workspace_id")?,
        account_sid: row.try_get("account_sid")?,
        auth_token_ciphertext: row.try_get("auth_token_ciphertext")?,
        auth_token_last4: row.try_get("auth_token_last4")?,
        from_number: row.try_get("from_number")?,
        messaging_service_sid: row.try_get("messaging_service_sid")?,
        whatsapp_from: row.try_get("whatsapp_from")?,
        help_contact: row.try_get("help_contact")?,
        last_success_at: row.try_get("last_success_at")?,
        last_error: row.try_get("last_error")?,
        last_error_at: row.try_get("last_error_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn template_from_row(row: &AnyRow) -> StoreResult<WhatsappTemplateRecord> {
    Ok(WhatsappTemplateRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        name: row.try_get("name")?,
        language: row.try_get("language")?,
        body: row.try_get("body")?,
        variables: row.try_get("variables")?,
        status: row.try_get("status")?,
        content_sid: row.try_get("content_sid")?,
        decision_reason: row.try_get("decision_reason")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

pub struct MessagingStore<'a>(pub(super) &'a Store);

impl MessagingStore<'_> {
    // --- Twilio accounts ----------------------------------------------------------------------

    pub async fn twilio_account(
        &self,
        workspace_id: &str,
    ) -> StoreResult<Option<TwilioAccountRecord>> {
        let sql = format!("SELECT {TWILIO_COLUMNS} FROM twilio_accounts WHERE workspace_id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(workspace_id)
            .fetch_optional(&self.0.pool)
            .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    /// Workspaces that configured this Account SID (usually one).
    pub async fn twilio_accounts_by_sid(
        &self,
        account_sid: &str,
    ) -> StoreResult<Vec<TwilioAccountRecord>> {
        let sql = format!(
            "SELECT {TWILIO_COLUMNS} FROM twilio_accounts WHERE account_sid = $1 ORDER BY updated_at"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(account_sid)
            .fetch_all(&self.0.pool)
            .await?;
        rows.iter().map(account_from_row).collect()
    }

    pub async fn put_twilio_account(&self, account: &NewTwilioAccount<'_>) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO twilio_accounts (workspace_id, account_sid, auth_token_ciphertext, \
             auth_token_last4, from_number, messaging_service_sid, whatsapp_from, help_contact, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (workspace_id) DO UPDATE SET \
             account_sid = excluded.account_sid, auth_token_ciphertext = excluded.auth_token_ciphertext, \
             auth_token_last4 = excluded.auth_token_last4, from_number = excluded.from_number, \
             messaging_service_sid = excluded.messaging_service_sid, \
             whatsapp_from = excluded.whatsapp_from, help_contact = excluded.help_contact, \
             updated_at = excluded.updated_at",
        )
        .bind(account.workspace_id)
        .bind(account.account_sid)
        .bind(account.auth_token_ciphertext)
        .bind(account.auth_token_last4)
        .bind(account.from_number)
        .bind(account.messaging_service_sid)
        .bind(account.whatsapp_from)
        .bind(account.help_contact)
        .bind(now_ms())
        .execute(&self.0.writer)
        .await?;
        Ok(())
    }

    /// Records the outcome of a provider call for the settings page's health field.
    pub async fn record_twilio_health(
        &self,
        workspace_id: &str,
        error: Option<&str>,
    ) -> StoreResult<()> {
        let now = now_ms();
        let sql = match error {
            None => "UPDATE twilio_accounts SET last_success_at = $1 WHERE workspace_id = $2",
            Some(_) => {
                "UPDATE twilio_accounts SET last_error_at = $1, last_error = $3 WHERE workspace_id = $2"
            }
        };
        let mut query = sqlx::query(sql).bind(now).bind(workspace_id);
        if let Some(error) = error {
            query = query.bind(error);
        }
        query.execute(&self.0.writer).await?;
        Ok(())
    }

    // --- WhatsApp templates -------------------------------------------------------------------

    pub async fn templates(&self, workspace_id: &str) -> StoreResult<Vec<WhatsappTemplateRecord>> {
        let sql = format!(
            "SELECT {TEMPLATE_COLUMNS} FROM whatsapp_templates WHERE workspace_id = $1 ORDER BY name, language"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(workspace_id)
            .fetch_all(&self.0.pool)
            .await?;
        rows.iter().map(template_from_row).collect()
    }

    pub async fn template(
        &self,
        workspace_id: &str,
        id: &str,
    ) -> StoreResult<Option<WhatsappTemplateRecord>> {
        let sql = format!(
            "SELECT {TEMPLATE_COLUMNS} FROM whatsapp_templates WHERE workspace_id = $1 AND id = $2"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(workspace_id)
            .bind(id)
            .fetch_optional(&self.0.pool)
            .await?;
        row.as_ref().map(template_from_row).transpose()
    }

    /// A new Draft template; `None` when the name + language already exists (seeding repeats
    /// nothing).
    pub async fn create_template(
        &self,
        workspace_id: &str,
        name: &str,
        language: &str,
        body: &str,
        variables: &str,
    ) -> StoreResult<Option<WhatsappTemplateRecord>> {
        let id = new_id();
        let now = now_ms();
        let inserted = sqlx::query(
            "INSERT INTO whatsapp_templates (id, workspace_id, name, language, body, variables, \
             status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $7) \
             ON CONFLICT (workspace_id, name, language) DO NOTHING",
        )
        .bind(&id)
        .bind(workspace_id)
        .bind(name)
        .bind(language)
        .bind(body)
        .bind(variables)
        .bind(now)
        .execute(&self.0.writer)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Ok(None);
        }
        self.template(workspace_id, &id).await
    }

    /// Moves a template from one of `from` to `to` (compare-and-set); false when its state was
    /// not one of `from`.
    pub async fn transition_template(
        &self,
        workspace_id: &str,
        id: &str,
        from: &str,
        to: &str,
        content_sid: Option<&str>,
        reason: Option<&str>,
    ) -> StoreResult<bool> {
        let changed = sqlx::query(
            "UPDATE whatsapp_templates SET status = $1, content_sid = COALESCE($2, content_sid), \
             decision_reason = $3, updated_at = $4 WHERE workspace_id = $5 AND id = $6 AND status = $7",
        )
        .bind(to)
        .bind(content_sid)
        .bind(reason)
        .bind(now_ms())
        .bind(workspace_id)
        .bind(id)
        .bind(from)
        .execute(&self.0.writer)
        .await?
        .rows_affected();
        Ok(changed == 1)
    }

    // --- messages -----------------------------------------------------------------------------

    /// When the lead last wrote to us on `channel` (epoch ms).
    pub async fn last_inbound_at(&self, lead_id: &str, channel: &str) -> StoreResult<Option<i64>> {
        let at: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(created_at) FROM messages WHERE lead_id = $1 AND channel = $2 \
             AND direction = 'inbound'",
        )
        .bind(lead_id)
        .bind(channel)
        .fetch_one(&self.0.pool)
        .await?;
        Ok(at)
    }

    /// Records the template (and its variables as JSON) a queued message is sent with.
    pub async fn set_message_template(
        &self,
        message_id: &str,
        template_id: &str,
        variables: &str,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE messages SET template_id = $1, template_variables = $2 WHERE id = $3")
            .bind(template_id)
            .bind(variables)
            .bind(message_id)
            .execute(&self.0.writer)
            .await?;
        Ok(())
    }

    /// The template id and variables of a message, if it is sent by template.
    pub async fn message_template(
        &self,
        message_id: &str,
    ) -> StoreResult<Option<(String, Option<String>)>> {
        let row = sqlx::query(
            "SELECT template_id, template_variables FROM messages WHERE id = $1 AND template_id IS NOT NULL",
        )
        .bind(message_id)
        .fetch_optional(&self.0.pool)
        .await?;
        Ok(match row {
            Some(row) => Some((
                row.try_get("template_id")?,
                row.try_get("template_variables")?,
            )),
            None => None,
        })
    }

    /// Holds a send until `until` with the reason on the message (quiet hours). `claimed`: the
    /// caller is the outbox worker holding the row in `sending` (the attempt that found the
    /// block does not count); otherwise only a row still `queued` is touched, so a row a worker
    /// claimed meanwhile stays that worker's to decide.
    pub async fn hold_send(
        &self,
        message_id: &str,
        until: i64,
        reason: &str,
        claimed: bool,
    ) -> StoreResult<()> {
        let now = now_ms();
        let mut tx = self.0.begin_write(&self.0.writer).await?;
        let held = sqlx::query(
            "UPDATE outbox SET state = 'queued', next_attempt_at = $1, last_error = $2, \
             attempts = CASE WHEN state = 'sending' AND attempts > 0 THEN attempts - 1 ELSE attempts END, \
             updated_at = $3 WHERE message_id = $4 AND state = $5",
        )
        .bind(until)
        .bind(reason)
        .bind(now)
        .bind(message_id)
        .bind(if claimed { "sending" } else { "queued" })
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if held == 0 {
            // A worker claimed it meanwhile: it decides (and records) what happens.
            tx.rollback().await?;
            return Ok(());
        }
        sqlx::query("UPDATE messages SET error = $1 WHERE id = $2 AND status = 'queued'")
            .bind(reason)
            .bind(message_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Clears a hold reason once the message is on its way.
    pub async fn clear_hold(&self, message_id: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE messages SET error = NULL WHERE id = $1 AND status = 'queued' AND error IS NOT NULL",
        )
        .bind(message_id)
        .execute(&self.0.writer)
        .await?;
        Ok(())
    }

    /// The message a provider id belongs to: (workspace id, message id).
    pub async fn message_by_provider_id(
        &self,
        provider_message_id: &str,
    ) -> StoreResult<Option<(String, String)>> {
        let row = sqlx::query(
            "SELECT workspace_id, message_id FROM outbox WHERE provider_message_id = $1 LIMIT 1",
        )
        .bind(provider_message_id)
        .fetch_optional(&self.0.pool)
        .await?;
        Ok(match row {
            Some(row) => Some((row.try_get("workspace_id")?, row.try_get("message_id")?)),
            None => None,
        })
    }

    /// The outbound message with this id in this workspace, with its outbox row's provider id.
    pub async fn outbound_provider_id(
        &self,
        workspace_id: &str,
        message_id: &str,
    ) -> StoreResult<Option<Option<String>>> {
        let row = sqlx::query(
            "SELECT provider_message_id FROM outbox WHERE workspace_id = $1 AND message_id = $2",
        )
        .bind(workspace_id)
        .bind(message_id)
        .fetch_optional(&self.0.pool)
        .await?;
        Ok(match row {
            Some(row) => Some(row.try_get("provider_message_id")?),
            None => None,
        })
    }

    /// The lead with this phone number in the workspace.
    pub async fn lead_by_phone(
        &self,
        workspace_id: &str,
        phone: &str,
    ) -> StoreResult<Option<String>> {
        let id: Option<String> =
            sqlx::query_scalar("SELECT id FROM leads WHERE workspace_id = $1 AND phone = $2")
                .bind(workspace_id)
                .bind(phone)
                .fetch_optional(&self.0.pool)
                .await?;
        Ok(id)
    }
}
