use super::{Store, StoreResult, new_id, now_ms};
use crate::domain::Role;
use anyhow::anyhow;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: String,
    pub workspace_id: String,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
    pub is_instance_admin: bool,
    pub disabled: bool,
    pub created_at: i64,
    pub last_login_at: Option<i64>,
}

pub struct NewUser<'a> {
    pub workspace_id: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub is_instance_admin: bool,
}

const COLUMNS: &str = "id, workspace_id, email, name, password_hash, role, is_instance_admin, \
                       disabled, created_at, last_login_at";

fn from_row(row: &AnyRow) -> StoreResult<UserRecord> {
    let role: String = row.try_get("role")?;
    Ok(UserRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        password_hash: row.try_get("password_hash")?,
        role: Role::parse(&role).map_err(|e| anyhow!("stored role: {e}"))?,
        is_instance_admin: row.try_get::<i64, _>("is_instance_admin")? != 0,
        disabled: row.try_get::<i64, _>("disabled")? != 0,
        created_at: row.try_get("created_at")?,
        last_login_at: row.try_get("last_login_at")?,
    })
}

pub struct UserStore<'a>(pub(super) &'a Store);

impl UserStore<'_> {
    pub async fn create(&self, user: NewUser<'_>) -> StoreResult<UserRecord> {
        let id = new_id();
        let row = sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO users (id, workspace_id, email, name, password_hash, role, \
             is_instance_admin, disabled, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8) \
             RETURNING {COLUMNS}"
        )))
        .bind(&id)
        .bind(user.workspace_id)
        .bind(user.email)
        .bind(user.name)
        .bind(user.password_hash)
        .bind(user.role.as_str())
        .bind(i64::from(user.is_instance_admin))
        .bind(now_ms())
        .fetch_one(&self.0.pool)
        .await?;
        from_row(&row)
    }

    pub async fn find_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM users WHERE email = $1"
        )))
        .bind(email)
        .fetch_optional(&self.0.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn find(&self, id: &str) -> StoreResult<Option<UserRecord>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM users WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.0.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// A user of this workspace, or `None` (also for another workspace's user: ids are not
    /// secrets, so isolation is enforced here, not by obscurity).
    pub async fn find_in_workspace(
        &self,
        workspace_id: &str,
        id: &str,
    ) -> StoreResult<Option<UserRecord>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM users WHERE id = $1 AND workspace_id = $2"
        )))
        .bind(id)
        .bind(workspace_id)
        .fetch_optional(&self.0.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn find_by_email_in_workspace(
        &self,
        workspace_id: &str,
        email: &str,
    ) -> StoreResult<Option<UserRecord>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM users WHERE email = $1 AND workspace_id = $2"
        )))
        .bind(email)
        .bind(workspace_id)
        .fetch_optional(&self.0.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn list(&self, workspace_id: &str) -> StoreResult<Vec<UserRecord>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM users WHERE workspace_id = $1 ORDER BY created_at, email"
        )))
        .bind(workspace_id)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn count(&self, workspace_id: &str) -> StoreResult<i64> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM users WHERE workspace_id = $1 AND disabled = 0",
        )
        .bind(workspace_id)
        .fetch_one(&self.0.pool)
        .await?;
        Ok(count)
    }

    pub async fn count_all(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&self.0.pool)
            .await?)
    }

    pub async fn update(
        &self,
        workspace_id: &str,
        id: &str,
        name: Option<&str>,
        role: Option<Role>,
        disabled: Option<bool>,
    ) -> StoreResult<UserRecord> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "UPDATE users SET name = COALESCE($3, name), role = COALESCE($4, role), \
             disabled = COALESCE($5, disabled) WHERE id = $1 AND workspace_id = $2 \
             RETURNING {COLUMNS}"
        )))
        .bind(id)
        .bind(workspace_id)
        .bind(name)
        .bind(role.map(Role::as_str))
        .bind(disabled.map(i64::from))
        .fetch_optional(&self.0.pool)
        .await?;
        row.as_ref()
            .map(from_row)
            .transpose()?
            .ok_or(super::StoreError::NotFound)
    }

    pub async fn set_password(&self, id: &str, password_hash: &str) -> StoreResult<()> {
        sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
            .bind(id)
            .bind(password_hash)
            .execute(&self.0.pool)
            .await?;
        Ok(())
    }

    pub async fn touch_login(&self, id: &str) -> StoreResult<()> {
        sqlx::query("UPDATE users SET last_login_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now_ms())
            .execute(&self.0.pool)
            .await?;
        Ok(())
    }

    pub async fn delete(&self, workspace_id: &str, id: &str) -> StoreResult<()> {
        let mut tx = self.0.begin_write(&self.0.pool).await?;
        let member: Option<String> =
            sqlx::query_scalar("SELECT id FROM users WHERE id = $1 AND workspace_id = $2")
                .bind(id)
                .bind(workspace_id)
                .fetch_optional(&mut *tx)
                .await?;
        if member.is_none() {
            return Err(super::StoreError::NotFound);
        }
        // Leads stay, without an owner; the user's keys, invitations and sessions go.
        sqlx::query("UPDATE leads SET owner_id = NULL WHERE owner_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM api_keys WHERE created_by = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM invitations WHERE invited_by = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM refresh_tokens WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
