use super::{Store, StoreResult, new_id, now_ms};
use crate::domain::Role;
use anyhow::anyhow;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

#[derive(Debug, Clone)]
pub struct ApiKeyRecord {
    pub id: String,
    pub workspace_id: String,
    pub name: String,
    pub prefix: String,
    pub role: Role,
    pub created_by_id: String,
    pub created_by_name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

const SELECT: &str = "SELECT k.id, k.workspace_id, k.name, k.prefix, k.role, k.created_by, \
                      u.name AS created_by_name, k.created_at, k.last_used_at \
                      FROM api_keys k JOIN users u ON u.id = k.created_by";

fn from_row(row: &AnyRow) -> StoreResult<ApiKeyRecord> {
    let role: String = row.try_get("role")?;
    Ok(ApiKeyRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        name: row.try_get("name")?,
        prefix: row.try_get("prefix")?,
        role: Role::parse(&role).map_err(|e| anyhow!("stored role: {e}"))?,
        created_by_id: row.try_get("created_by")?,
        created_by_name: row.try_get("created_by_name")?,
        created_at: row.try_get("created_at")?,
        last_used_at: row.try_get("last_used_at")?,
    })
}

pub struct ApiKeyStore<'a>(pub(super) &'a Store);

impl ApiKeyStore<'_> {
    pub async fn create(
        &self,
        workspace_id: &str,
        name: &str,
        prefix: &str,
        key_hash: &str,
        role: Role,
        created_by: &str,
    ) -> StoreResult<ApiKeyRecord> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO api_keys (id, workspace_id, name, prefix, key_hash, role, created_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(workspace_id)
        .bind(name)
        .bind(prefix)
        .bind(key_hash)
        .bind(role.as_str())
        .bind(created_by)
        .bind(now_ms())
        .execute(&self.0.pool)
        .await?;
        let row = sqlx::query(AssertSqlSafe(format!("{SELECT} WHERE k.id = $1")))
            .bind(&id)
            .fetch_one(&self.0.pool)
            .await?;
        from_row(&row)
    }

    pub async fn list(&self, workspace_id: &str) -> StoreResult<Vec<ApiKeyRecord>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{SELECT} WHERE k.workspace_id = $1 AND k.revoked_at IS NULL ORDER BY k.created_at DESC"
        )))
        .bind(workspace_id)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// The live key with this hash, marking it used.
    pub async fn authenticate(&self, key_hash: &str) -> StoreResult<Option<ApiKeyRecord>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{SELECT} WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND u.disabled = 0"
        )))
        .bind(key_hash)
        .fetch_optional(&self.0.pool)
        .await?;
        let Some(record) = row.as_ref().map(from_row).transpose()? else {
            return Ok(None);
        };
        // Coarse last-use tracking: at most one write a minute per key keeps the hot path cheap.
        let now = now_ms();
        if record.last_used_at.is_none_or(|t| now - t > 60_000) {
            sqlx::query("UPDATE api_keys SET last_used_at = $2 WHERE id = $1")
                .bind(&record.id)
                .bind(now)
                .execute(&self.0.pool)
                .await?;
        }
        Ok(Some(record))
    }

    pub async fn revoke(&self, workspace_id: &str, id: &str) -> StoreResult<()> {
        let result = sqlx::query(
            "UPDATE api_keys SET revoked_at = $3 WHERE id = $1 AND workspace_id = $2 \
             AND revoked_at IS NULL",
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
