use super::{Store, StoreResult, new_id, now_ms};
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct PersonaRecord {
    pub id: String,
    pub name: String,
    pub role: String,
    /// JSON object of tone sliders (0–100).
    pub tone: String,
    pub industry_focus: String,
    pub language: String,
    pub signature: String,
    /// JSON arrays of strings.
    pub dos: String,
    pub donts: String,
}

fn persona_from_row(row: &sqlx::any::AnyRow) -> StoreResult<PersonaRecord> {
    Ok(PersonaRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role: row.try_get("role")?,
        tone: row.try_get("tone")?,
        industry_focus: row.try_get("industry_focus")?,
        language: row.try_get("language")?,
        signature: row.try_get("signature")?,
        dos: row.try_get("dos")?,
        donts: row.try_get("donts")?,
    })
}

#[derive(Debug, Clone)]
pub struct TemplateRecord {
    pub id: String,
    pub name: String,
    pub channel: String,
    pub language: String,
    pub body: String,
    /// JSON array of placeholder names.
    pub placeholders: String,
    pub status: Option<String>,
}

/// Personas (full CRUD) and message templates (seeded and listed).
pub struct LibraryStore<'a>(pub(super) &'a Store);

impl LibraryStore<'_> {
    /// Inserts unless a persona of that name exists (seeding is idempotent).
    pub async fn upsert_persona(
        &self,
        workspace_id: &str,
        persona: &PersonaRecord,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO personas (id, workspace_id, name, role, tone, industry_focus, language, \
             signature, dos, donts, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (workspace_id, name) DO NOTHING",
        )
        .bind(new_id())
        .bind(workspace_id)
        .bind(&persona.name)
        .bind(&persona.role)
        .bind(&persona.tone)
        .bind(&persona.industry_focus)
        .bind(&persona.language)
        .bind(&persona.signature)
        .bind(&persona.dos)
        .bind(&persona.donts)
        .bind(now_ms())
        .execute(&self.0.pool)
        .await?;
        self.0.config.invalidate();
        Ok(())
    }

    pub async fn upsert_template(
        &self,
        workspace_id: &str,
        template: &TemplateRecord,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO templates (id, workspace_id, name, channel, language, body, placeholders, \
             status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (workspace_id, name) DO NOTHING",
        )
        .bind(new_id())
        .bind(workspace_id)
        .bind(&template.name)
        .bind(&template.channel)
        .bind(&template.language)
        .bind(&template.body)
        .bind(&template.placeholders)
        .bind(&template.status)
        .bind(now_ms())
        .execute(&self.0.pool)
        .await?;
        Ok(())
    }

    pub async fn personas(&self, workspace_id: &str) -> StoreResult<Vec<PersonaRecord>> {
        let rows = sqlx::query(
            "SELECT id, name, role, tone, industry_focus, language, signature, dos, donts \
             FROM personas WHERE workspace_id = $1 ORDER BY name",
        )
        .bind(workspace_id)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter().map(persona_from_row).collect()
    }

    /// Creates a persona; a name already used in the workspace is `Conflict("name")`.
    pub async fn create_persona(
        &self,
        workspace_id: &str,
        persona: &PersonaRecord,
    ) -> StoreResult<PersonaRecord> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO personas (id, workspace_id, name, role, tone, industry_focus, language, \
             signature, dos, donts, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&id)
        .bind(workspace_id)
        .bind(&persona.name)
        .bind(&persona.role)
        .bind(&persona.tone)
        .bind(&persona.industry_focus)
        .bind(&persona.language)
        .bind(&persona.signature)
        .bind(&persona.dos)
        .bind(&persona.donts)
        .bind(now_ms())
        .execute(&self.0.pool)
        .await?;
        self.0.config.invalidate();
        self.persona(workspace_id, &id)
            .await?
            .ok_or(super::StoreError::NotFound)
    }

    /// Replaces a persona's fields (the id in `persona` is ignored).
    pub async fn update_persona(
        &self,
        workspace_id: &str,
        id: &str,
        persona: &PersonaRecord,
    ) -> StoreResult<PersonaRecord> {
        let result = sqlx::query(
            "UPDATE personas SET name = $1, role = $2, tone = $3, industry_focus = $4, \
             language = $5, signature = $6, dos = $7, donts = $8 WHERE workspace_id = $9 AND id = $10",
        )
        .bind(&persona.name)
        .bind(&persona.role)
        .bind(&persona.tone)
        .bind(&persona.industry_focus)
        .bind(&persona.language)
        .bind(&persona.signature)
        .bind(&persona.dos)
        .bind(&persona.donts)
        .bind(workspace_id)
        .bind(id)
        .execute(&self.0.pool)
        .await?;
        self.0.config.invalidate();
        if result.rows_affected() == 0 {
            return Err(super::StoreError::NotFound);
        }
        self.persona(workspace_id, id)
            .await?
            .ok_or(super::StoreError::NotFound)
    }

    /// Deletes a persona; agents that used it keep working without one.
    pub async fn delete_persona(&self, workspace_id: &str, id: &str) -> StoreResult<()> {
        let mut transaction = self.0.begin_write(&self.0.pool).await?;
        sqlx::query(
            "UPDATE agents SET persona_id = NULL WHERE workspace_id = $1 AND persona_id = $2",
        )
        .bind(workspace_id)
        .bind(id)
        .execute(&mut *transaction)
        .await?;
        let result = sqlx::query("DELETE FROM personas WHERE workspace_id = $1 AND id = $2")
            .bind(workspace_id)
            .bind(id)
            .execute(&mut *transaction)
            .await?;
        if result.rows_affected() == 0 {
            return Err(super::StoreError::NotFound);
        }
        transaction.commit().await?;
        self.0.config.invalidate();
        Ok(())
    }

    /// One persona of the workspace, or `None` (also for another workspace's persona).
    pub async fn persona(
        &self,
        workspace_id: &str,
        id: &str,
    ) -> StoreResult<Option<PersonaRecord>> {
        let load = || async {
            let row = sqlx::query(
                "SELECT id, name, role, tone, industry_focus, language, signature, dos, donts \
                 FROM personas WHERE workspace_id = $1 AND id = $2",
            )
            .bind(workspace_id)
            .bind(id)
            .fetch_optional(&self.0.pool)
            .await?;
            row.map(|row| persona_from_row(&row)).transpose()
        };
        self.0
            .config
            .get_or_load("persona", &[workspace_id, id], load)
            .await
    }

    pub async fn templates(
        &self,
        workspace_id: &str,
        channel: Option<&str>,
    ) -> StoreResult<Vec<TemplateRecord>> {
        let rows = sqlx::query(
            "SELECT id, name, channel, language, body, placeholders, status FROM templates \
             WHERE workspace_id = $1 AND ($2 = '' OR channel = $2) ORDER BY channel, name",
        )
        .bind(workspace_id)
        .bind(channel.unwrap_or(""))
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(TemplateRecord {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    channel: row.try_get("channel")?,
                    language: row.try_get("language")?,
                    body: row.try_get("body")?,
                    placeholders: row.try_get("placeholders")?,
                    status: row.try_get("status")?,
                })
            })
            .collect()
    }
}
