use super::{Store, StoreResult, new_id, now_ms};
use crate::domain::Role;
use anyhow::anyhow;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

#[derive(Debug, Clone)]
pub struct InvitationRecord {
    pub id: String,
    pub workspace_id: String,
    pub email: String,
    pub role: Role,
    pub invited_by_id: String,
    pub invited_by_name: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
}

const SELECT: &str = "SELECT i.id, i.workspace_id, i.email, i.role, i.invited_by, u.name AS \
                      invited_by_name, i.created_at, i.expires_at, i.accepted_at \
                      FROM invitations i JOIN users u ON u.id = i.invited_by";

fn from_row(row: &AnyRow) -> StoreResult<InvitationRecord> {
    let role: String = row.try_get("role")?;
    Ok(InvitationRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        email: row.try_get("email")?,
        role: Role::parse(&role).map_err(|e| anyhow!("stored role: {e}"))?,
        invited_by_id: row.try_get("invited_by")?,
        invited_by_name: row.try_get("invited_by_name")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        accepted_at: row.try_get("accepted_at")?,
    })
}

pub struct InvitationStore<'a>(pub(super) &'a Store);

impl InvitationStore<'_> {
    pub async fn create(
        &self,
        workspace_id: &str,
        email: &str,
        role: Role,
        token_hash: &str,
        invited_by: &str,
        expires_at: i64,
    ) -> StoreResult<InvitationRecord> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO invitations (id, workspace_id, email, role, token_hash, invited_by, \
             created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(workspace_id)
        .bind(email)
        .bind(role.as_str())
        .bind(token_hash)
        .bind(invited_by)
        .bind(now_ms())
        .bind(expires_at)
        .execute(&self.0.pool)
        .await?;
        self.find(workspace_id, &id)
            .await?
            .ok_or(super::StoreError::NotFound)
    }

    pub async fn find(
        &self,
        workspace_id: &str,
        id: &str,
    ) -> StoreResult<Option<InvitationRecord>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{SELECT} WHERE i.id = $1 AND i.workspace_id = $2"
        )))
        .bind(id)
        .bind(workspace_id)
        .fetch_optional(&self.0.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Pending (not accepted, not revoked), most recent first.
    pub async fn list_pending(&self, workspace_id: &str) -> StoreResult<Vec<InvitationRecord>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{SELECT} WHERE i.workspace_id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL \
             ORDER BY i.created_at DESC"
        )))
        .bind(workspace_id)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// An invitation that can still be accepted.
    pub async fn find_open_by_token(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<InvitationRecord>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{SELECT} WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL \
             AND i.expires_at > $2"
        )))
        .bind(token_hash)
        .bind(now_ms())
        .fetch_optional(&self.0.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Marks accepted; false when someone else accepted it first.
    pub async fn mark_accepted(&self, id: &str) -> StoreResult<bool> {
        let result = sqlx::query(
            "UPDATE invitations SET accepted_at = $2 WHERE id = $1 AND accepted_at IS NULL",
        )
        .bind(id)
        .bind(now_ms())
        .execute(&self.0.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    pub async fn revoke(&self, workspace_id: &str, id: &str) -> StoreResult<()> {
        let result = sqlx::query(
            "UPDATE invitations SET revoked_at = $3 WHERE id = $1 AND workspace_id = $2 \
             AND revoked_at IS NULL AND accepted_at IS NULL",
        )
        .bind(id)
        .bind(workspace_id)
        .bind(now_ms())
        .execute(&self.0.pool)
        .await?;
        if result.rows_affected() == 0 {
            return Err(super::StoreError::NotFound);
        }
        Ok(())
    }
}
