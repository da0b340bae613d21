use super::{Store, StoreResult, new_id, now_ms};
use sqlx::Row;

/// What presenting a refresh token amounted to.
#[derive(Debug, PartialEq, Eq)]
pub enum RefreshUse {
    /// Valid and now spent: the caller issues a successor in the same family.
    Accepted { user_id: String, family_id: String },
    /// Unknown, expired or revoked.
    Rejected,
    /// Already spent once: someone replayed it, so the whole family has been revoked.
    Replayed,
}

pub struct RefreshTokenStore<'a>(pub(super) &'a Store);

impl RefreshTokenStore<'_> {
    pub async fn insert(
        &self,
        user_id: &str,
        family_id: &str,
        token_hash: &str,
        expires_at: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(user_id)
        .bind(family_id)
        .bind(token_hash)
        .bind(now_ms())
        .bind(expires_at)
        .execute(&self.0.pool)
        .await?;
        Ok(())
    }

    /// Spends a token exactly once. The conditional UPDATE makes two concurrent uses of one
    /// token resolve to one winner.
    pub async fn consume(&self, token_hash: &str) -> StoreResult<RefreshUse> {
        let now = now_ms();
        let spent = sqlx::query(
            "UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL \
             AND revoked_at IS NULL AND expires_at > $2 RETURNING user_id, family_id",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.0.pool)
        .await?;
        if let Some(row) = spent {
            return Ok(RefreshUse::Accepted {
                user_id: row.try_get("user_id")?,
                family_id: row.try_get("family_id")?,
            });
        }
        let replayed: Option<String> = sqlx::query_scalar(
            "SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND used_at IS NOT NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.0.pool)
        .await?;
        match replayed {
            Some(family_id) => {
                self.revoke_family(&family_id).await?;
                Ok(RefreshUse::Replayed)
            }
            None => Ok(RefreshUse::Rejected),
        }
    }

    pub async fn revoke_family(&self, family_id: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL",
        )
        .bind(family_id)
        .bind(now_ms())
        .execute(&self.0.pool)
        .await?;
        Ok(())
    }

    pub async fn revoke_by_hash(&self, token_hash: &str) -> StoreResult<()> {
        let family: Option<String> =
            sqlx::query_scalar("SELECT family_id FROM refresh_tokens WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(&self.0.pool)
                .await?;
        if let Some(family_id) = family {
            self.revoke_family(&family_id).await?;
        }
        Ok(())
    }

    pub async fn revoke_user(&self, user_id: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .bind(user_id)
        .bind(now_ms())
        .execute(&self.0.pool)
        .await?;
        Ok(())
    }
}
