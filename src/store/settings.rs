use super::{Store, StoreResult};

/// Instance-wide key/value settings (e.g. the generated signing secret when none is configured).
pub struct SettingsStore<'a>(pub(super) &'a Store);

impl SettingsStore<'_> {
    pub async fn get(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM instance_settings WHERE key = $1")
                .bind(key)
                .fetch_optional(&self.0.pool)
                .await?,
        )
    }

    /// Stores `value` unless the key already has one, and returns the value that won. Two nodes
    /// starting at once therefore agree on one secret.
    pub async fn get_or_insert(&self, key: &str, value: &str) -> StoreResult<String> {
        sqlx::query(
            "INSERT INTO instance_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(value)
        .execute(&self.0.pool)
        .await?;
        Ok(self.get(key).await?.unwrap_or_else(|| value.to_string()))
    }
}
