//! The suppression list and consent changes with their evidence. Every send path (AI, human,
//! workflow, API) asks [`ComplianceStore::suppression_for`] before a message leaves; every opt-out
//! (unsubscribe link, STOP keyword, hard bounce, complaint, erasure) lands here through
//! [`ComplianceStore::suppress`].

use super::{Store, StoreResult, now_ms};
use crate::domain::{Channel, ConsentStatus};
use sqlx::Row;
use sqlx::any::AnyRow;

/// Why an address may no longer be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuppressionReason {
    Unsubscribe,
    Stop,
    HardBounce,
    Complaint,
    Erasure,
    Manual,
}

impl SuppressionReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unsubscribe => "unsubscribe",
            Self::Stop => "stop",
            Self::HardBounce => "hard_bounce",
            Self::Complaint => "complaint",
            Self::Erasure => "erasure",
            Self::Manual => "manual",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            Self::Unsubscribe,
            Self::Stop,
            Self::HardBounce,
            Self::Complaint,
            Self::Erasure,
            Self::Manual,
        ]
        .into_iter()
        .find(|r| r.as_str() == raw)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressionRecord {
    pub workspace_id: String,
    /// A channel name, or `all`.
    pub channel: String,
    pub address: String,
    pub reason: String,
    pub source: Option<String>,
    pub lead_id: Option<String>,
    pub created_at: i64,
}

/// An entry to add. `channel` is `None` for every channel (erasure, manual block).
#[derive(Debug, Clone)]
pub struct NewSuppression<'a> {
    pub workspace_id: &'a str,
    pub channel: Option<Channel>,
    pub address: &'a str,
    pub reason: SuppressionReason,
    pub source: Option<&'a str>,
    pub lead_id: Option<&'a str>,
}

fn suppression_from_row(row: &AnyRow) -> StoreResult<SuppressionRecord> {
    Ok(SuppressionRecord {
        workspace_id: row.try_get("workspace_id")?,
        channel: row.try_get("channel")?,
        address: row.try_get("address")?,
        reason: row.try_get("reason")?,
        source: row.try_get("source")?,
        lead_id: row.try_get("lead_id")?,
        created_at: row.try_get("created_at")?,
    })
}

/// Addresses are compared normalised: e-mail lower-cased, phone numbers as given (E.164).
pub fn normalise_address(address: &str) -> String {
    address.trim().to_lowercase()
}

pub struct ComplianceStore<'a>(pub(super) &'a Store);

impl ComplianceStore<'_> {
    /// Adds an address to the suppression list. Returns false when it was already there (the
    /// first reason is kept: it is the one that explains the block).
    pub async fn suppress(&self, entry: &NewSuppression<'_>) -> StoreResult<bool> {
        let channel = entry.channel.map_or("all", Channel::as_str);
        let done = sqlx::query(
            "INSERT INTO suppressions (workspace_id, channel, address, reason, source, lead_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (workspace_id, channel, address) DO NOTHING",
        )
        .bind(entry.workspace_id)
        .bind(channel)
        .bind(normalise_address(entry.address))
        .bind(entry.reason.as_str())
        .bind(entry.source)
        .bind(entry.lead_id)
        .bind(now_ms())
        .execute(&self.0.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes an address for one channel (a START keyword, an admin's decision). Returns whether
    /// an entry existed.
    pub async fn unsuppress(
        &self,
        workspace_id: &str,
        channel: Option<Channel>,
        address: &str,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "DELETE FROM suppressions WHERE workspace_id = $1 AND channel = $2 AND address = $3",
        )
        .bind(workspace_id)
        .bind(channel.map_or("all", Channel::as_str))
        .bind(normalise_address(address))
        .execute(&self.0.writer)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The entry that blocks sending to `address` on `channel`, if any (a channel-specific entry
    /// or an `all` entry).
    pub async fn suppression_for(
        &self,
        workspace_id: &str,
        channel: Channel,
        address: &str,
    ) -> StoreResult<Option<SuppressionRecord>> {
        let row = sqlx::query(
            "SELECT workspace_id, channel, address, reason, source, lead_id, created_at \
             FROM suppressions WHERE workspace_id = $1 AND address = $2 AND channel IN ($3, 'all') \
             ORDER BY created_at LIMIT 1",
        )
        .bind(workspace_id)
        .bind(normalise_address(address))
        .bind(channel.as_str())
        .fetch_optional(&self.0.pool)
        .await?;
        row.as_ref().map(suppression_from_row).transpose()
    }

    /// Newest first, `limit` at most.
    pub async fn list(
        &self,
        workspace_id: &str,
        limit: i64,
    ) -> StoreResult<Vec<SuppressionRecord>> {
        let rows = sqlx::query(
            "SELECT workspace_id, channel, address, reason, source, lead_id, created_at \
             FROM suppressions WHERE workspace_id = $1 ORDER BY created_at DESC LIMIT $2",
        )
        .bind(workspace_id)
        .bind(limit)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter().map(suppression_from_row).collect()
    }

    /// Records a consent change on one channel with what proves it (an inbound message id, a
    /// form URL...). Replaces the previous state for that channel.
    pub async fn record_consent(
        &self,
        workspace_id: &str,
        lead_id: &str,
        channel: Channel,
        status: ConsentStatus,
        source: &str,
        evidence: Option<&str>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO lead_consents (workspace_id, lead_id, channel, status, source, evidence, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (lead_id, channel) DO UPDATE SET status = excluded.status, \
             source = excluded.source, evidence = excluded.evidence, updated_at = excluded.updated_at",
        )
        .bind(workspace_id)
        .bind(lead_id)
        .bind(channel.as_str())
        .bind(status.as_str())
        .bind(source)
        .bind(evidence)
        .bind(now_ms())
        .execute(&self.0.writer)
        .await?;
        Ok(())
    }

    /// The lead's consent on one channel (`Unknown` when never recorded).
    pub async fn consent(&self, lead_id: &str, channel: Channel) -> StoreResult<ConsentStatus> {
        let status: Option<String> = sqlx::query_scalar(
            "SELECT status FROM lead_consents WHERE lead_id = $1 AND channel = $2",
        )
        .bind(lead_id)
        .bind(channel.as_str())
        .fetch_optional(&self.0.pool)
        .await?;
        Ok(status
            .and_then(|s| ConsentStatus::parse(&s).ok())
            .unwrap_or(ConsentStatus::Unknown))
    }
}
