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

/// Personas and message templates. Full editing arrives with the agents capability; the
/// foundation seeds and lists them.
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
        rows.iter()
            .map(|row| {
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
            })
            .collect()
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
