use super::{Store, StoreResult, new_id, now_ms};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone)]
pub struct WorkspaceRecord {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub created_at: i64,
}

fn from_row(row: &AnyRow) -> StoreResult<WorkspaceRecord> {
    Ok(WorkspaceRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        slug: row.try_get("slug")?,
        created_at: row.try_get("created_at")?,
    })
}

/// Lower-case ASCII words joined by dashes: "Acme Realty GmbH" → "acme-realty-gmbh".
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for ch in name.trim().chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "workspace".to_string()
    } else {
        slug
    }
}

pub struct WorkspaceStore<'a>(pub(super) &'a Store);

impl WorkspaceStore<'_> {
    /// Creates a workspace with a unique slug derived from its name.
    pub async fn create(&self, name: &str) -> StoreResult<WorkspaceRecord> {
        let base = slugify(name);
        for attempt in 0..20 {
            let slug = if attempt == 0 {
                base.clone()
            } else {
                format!("{base}-{}", attempt + 1)
            };
            let row = sqlx::query(
                "INSERT INTO workspaces (id, name, slug, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (slug) DO NOTHING RETURNING id, name, slug, created_at",
            )
            .bind(new_id())
            .bind(name.trim())
            .bind(&slug)
            .bind(now_ms())
            .fetch_optional(&self.0.pool)
            .await?;
            if let Some(row) = row {
                return from_row(&row);
            }
        }
        Err(super::StoreError::Conflict("slug".into()))
    }

    pub async fn find(&self, id: &str) -> StoreResult<Option<WorkspaceRecord>> {
        let row = sqlx::query("SELECT id, name, slug, created_at FROM workspaces WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.0.pool)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn first(&self) -> StoreResult<Option<WorkspaceRecord>> {
        let row = sqlx::query(
            "SELECT id, name, slug, created_at FROM workspaces ORDER BY created_at, id LIMIT 1",
        )
        .fetch_optional(&self.0.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn list(&self) -> StoreResult<Vec<WorkspaceRecord>> {
        let rows =
            sqlx::query("SELECT id, name, slug, created_at FROM workspaces ORDER BY created_at")
                .fetch_all(&self.0.pool)
                .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn rename(&self, id: &str, name: &str) -> StoreResult<WorkspaceRecord> {
        let row = sqlx::query(
            "UPDATE workspaces SET name = $2 WHERE id = $1 RETURNING id, name, slug, created_at",
        )
        .bind(id)
        .bind(name.trim())
        .fetch_optional(&self.0.pool)
        .await?;
        row.as_ref()
            .map(from_row)
            .transpose()?
            .ok_or(super::StoreError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugify_keeps_words() {
        assert_eq!(super::slugify("Acme Realty GmbH"), "acme-realty-gmbh");
        assert_eq!(super::slugify("  --  "), "workspace");
        assert_eq!(super::slugify("Zürich Sales!"), "z-rich-sales");
    }
}
