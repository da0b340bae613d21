use super::{Store, StoreError, StoreResult, new_id, now_ms, placeholders};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct CompanyRecord {
    pub id: String,
    pub name: String,
    pub domain: Option<String>,
    pub industry: Option<String>,
    pub lead_count: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Default)]
pub struct CompanyInput {
    pub name: Option<String>,
    pub domain: Option<Option<String>>,
    pub industry: Option<Option<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct CompanyFilter {
    pub query: Option<String>,
}

const SELECT: &str = "SELECT c.id, c.name, c.domain, c.industry, c.created_at, c.updated_at, \
    (SELECT COUNT(*) FROM leads l WHERE l.company_id = c.id) AS lead_count FROM companies c";

fn from_row(row: &AnyRow) -> StoreResult<CompanyRecord> {
    Ok(CompanyRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        domain: row.try_get("domain")?,
        industry: row.try_get("industry")?,
        lead_count: row.try_get("lead_count")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Companies are matched by a case-insensitive name key so "ACME" and "Acme" are one account.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

pub struct CompanyStore<'a>(pub(super) &'a Store);

impl CompanyStore<'_> {
    pub async fn create(
        &self,
        workspace_id: &str,
        name: &str,
        domain: Option<&str>,
        industry: Option<&str>,
    ) -> StoreResult<CompanyRecord> {
        let id = new_id();
        let now = now_ms();
        sqlx::query(
            "INSERT INTO companies (id, workspace_id, name, name_key, domain, industry, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(&id)
        .bind(workspace_id)
        .bind(name.trim())
        .bind(name_key(name))
        .bind(domain)
        .bind(industry)
        .bind(now)
        .execute(&self.0.pool)
        .await?;
        self.find(workspace_id, &id)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn find(&self, workspace_id: &str, id: &str) -> StoreResult<Option<CompanyRecord>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{SELECT} WHERE c.id = $1 AND c.workspace_id = $2"
        )))
        .bind(id)
        .bind(workspace_id)
        .fetch_optional(&self.0.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn list(
        &self,
        workspace_id: &str,
        filter: &CompanyFilter,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<CompanyRecord>, i64)> {
        let pattern = filter
            .query
            .as_deref()
            .map(|q| format!("%{}%", name_key(q).replace(['%', '_'], "")))
            .unwrap_or_else(|| "%".into());
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM companies c WHERE c.workspace_id = $1 AND c.name_key LIKE $2",
        )
        .bind(workspace_id)
        .bind(&pattern)
        .fetch_one(&self.0.pool)
        .await?;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{SELECT} WHERE c.workspace_id = $1 AND c.name_key LIKE $2 ORDER BY c.name_key, c.id \
             LIMIT $3 OFFSET $4"
        )))
        .bind(workspace_id)
        .bind(&pattern)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.0.pool)
        .await?;
        Ok((
            rows.iter().map(from_row).collect::<StoreResult<_>>()?,
            total,
        ))
    }

    pub async fn update(
        &self,
        workspace_id: &str,
        id: &str,
        input: CompanyInput,
    ) -> StoreResult<CompanyRecord> {
        let current = self
            .find(workspace_id, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let name = input.name.unwrap_or(current.name);
        let domain = input.domain.unwrap_or(current.domain);
        let industry = input.industry.unwrap_or(current.industry);
        sqlx::query(
            "UPDATE companies SET name = $3, name_key = $4, domain = $5, industry = $6, \
             updated_at = $7 WHERE id = $1 AND workspace_id = $2",
        )
        .bind(id)
        .bind(workspace_id)
        .bind(name.trim())
        .bind(name_key(&name))
        .bind(domain)
        .bind(industry)
        .bind(now_ms())
        .execute(&self.0.pool)
        .await?;
        self.find(workspace_id, id)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn delete(&self, workspace_id: &str, id: &str) -> StoreResult<()> {
        let mut tx = self.0.begin_write(&self.0.pool).await?;
        sqlx::query(
            "UPDATE leads SET company_id = NULL WHERE company_id = $1 AND workspace_id = $2",
        )
        .bind(id)
        .bind(workspace_id)
        .execute(&mut *tx)
        .await?;
        let result = sqlx::query("DELETE FROM companies WHERE id = $1 AND workspace_id = $2")
            .bind(id)
            .bind(workspace_id)
            .execute(&mut *tx)
            .await?;
        if result.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    }

    /// Returns the id of each named company, creating the missing ones. Names are matched by
    /// [`name_key`]; the given domain fills the domain of companies this call creates.
    pub async fn resolve_names(
        &self,
        workspace_id: &str,
        names: &[(String, Option<String>)],
    ) -> StoreResult<HashMap<String, String>> {
        let mut wanted: HashMap<String, (String, Option<String>)> = HashMap::new();
        for (name, domain) in names {
            let key = name_key(name);
            if !key.is_empty() {
                wanted
                    .entry(key)
                    .or_insert_with(|| (name.trim().to_string(), domain.clone()));
            }
        }
        let mut ids = HashMap::new();
        if wanted.is_empty() {
            return Ok(ids);
        }
        let keys: Vec<String> = wanted.keys().cloned().collect();
        for chunk in keys.chunks(500) {
            self.select_ids(workspace_id, chunk, &mut ids).await?;
        }
        let missing: Vec<&String> = keys.iter().filter(|k| !ids.contains_key(*k)).collect();
        let now = now_ms();
        for chunk in missing.chunks(500) {
            let values = (0..chunk.len())
                .map(|i| format!("({})", placeholders(1 + i * 7, 7)))
                .collect::<Vec<_>>()
                .join(", ");
            let mut query = sqlx::query(AssertSqlSafe(format!(
                "INSERT INTO companies (id, workspace_id, name, name_key, domain, created_at, \
                 updated_at) \
                 VALUES {values} ON CONFLICT (workspace_id, name_key) DO NOTHING"
            )))
            .persistent(false);
            for key in chunk {
                let (name, domain) = &wanted[*key];
                query = query
                    .bind(new_id())
                    .bind(workspace_id)
                    .bind(name)
                    .bind(*key)
                    .bind(domain)
                    .bind(now)
                    .bind(now);
            }
            query.execute(&self.0.pool).await?;
            let owned: Vec<String> = chunk.iter().map(|k| (*k).clone()).collect();
            self.select_ids(workspace_id, &owned, &mut ids).await?;
        }
        Ok(ids)
    }

    async fn select_ids(
        &self,
        workspace_id: &str,
        keys: &[String],
        ids: &mut HashMap<String, String>,
    ) -> StoreResult<()> {
        let list = placeholders(2, keys.len());
        let mut query = sqlx::query(AssertSqlSafe(format!(
            "SELECT id, name_key FROM companies WHERE workspace_id = $1 AND name_key IN ({list})"
        )))
        .persistent(false)
        .bind(workspace_id);
        for key in keys {
            query = query.bind(key);
        }
        for row in query.fetch_all(&self.0.pool).await? {
            ids.insert(row.try_get("name_key")?, row.try_get("id")?);
        }
        Ok(())
    }

    pub async fn count(&self, workspace_id: &str) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM companies WHERE workspace_id = $1")
                .bind(workspace_id)
                .fetch_one(&self.0.pool)
                .await?,
        )
    }
}
