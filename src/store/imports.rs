use super::{Store, StoreError, StoreResult, new_id, now_ms};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

#[derive(Debug, Clone)]
pub struct ImportJobRecord {
    pub id: String,
    pub workspace_id: String,
    pub created_by: String,
    pub filename: String,
    pub status: String,
    pub mapping: String,
    pub default_country: Option<String>,
    pub counters: ImportCounters,
    pub error: Option<String>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounters {
    pub total_rows: i64,
    pub processed_rows: i64,
    pub created: i64,
    pub merged: i64,
    pub unchanged: i64,
    pub rejected: i64,
}

#[derive(Debug, Clone)]
pub struct ImportRejection {
    pub row_number: i64,
    pub reason: String,
    pub field: Option<String>,
    /// The row as uploaded, `{header: value}` JSON.
    pub raw: String,
}

pub struct NewImportJob<'a> {
    pub workspace_id: &'a str,
    pub created_by: &'a str,
    pub filename: &'a str,
    pub mapping: &'a str,
    pub default_country: Option<&'a str>,
    pub content: &'a [u8],
    pub total_rows: i64,
}

const COLUMNS: &str = "id, workspace_id, created_by, filename, status, mapping, default_country, \
    total_rows, processed_rows, created, merged, unchanged, rejected, error, created_at, finished_at";

fn from_row(row: &AnyRow) -> StoreResult<ImportJobRecord> {
    Ok(ImportJobRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        created_by: row.try_get("created_by")?,
        filename: row.try_get("filename")?,
        status: row.try_get("status")?,
        mapping: row.try_get("mapping")?,
        default_country: row.try_get("default_country")?,
        counters: ImportCounters {
            total_rows: row.try_get("total_rows")?,
            processed_rows: row.try_get("processed_rows")?,
            created: row.try_get("created")?,
            merged: row.try_get("merged")?,
            unchanged: row.try_get("unchanged")?,
            rejected: row.try_get("rejected")?,
        },
        error: row.try_get("error")?,
        created_at: row.try_get("created_at")?,
        finished_at: row.try_get("finished_at")?,
    })
}

pub struct ImportStore<'a>(pub(super) &'a Store);

impl ImportStore<'_> {
    /// Stores the upload with its mapping before anything is processed, so a crash mid-import
    /// resumes from the stored file.
    pub async fn create(&self, job: NewImportJob<'_>) -> StoreResult<ImportJobRecord> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO import_jobs (id, workspace_id, created_by, filename, status, mapping, \
             default_country, content, total_rows, created_at) \
             VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(job.workspace_id)
        .bind(job.created_by)
        .bind(job.filename)
        .bind(job.mapping)
        .bind(job.default_country)
        .bind(job.content.to_vec())
        .bind(job.total_rows)
        .bind(now_ms())
        .execute(&self.0.pool)
        .await?;
        self.find(job.workspace_id, &id)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn find(&self, workspace_id: &str, id: &str) -> StoreResult<Option<ImportJobRecord>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM import_jobs WHERE id = $1 AND workspace_id = $2"
        )))
        .bind(id)
        .bind(workspace_id)
        .fetch_optional(&self.0.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn list(&self, workspace_id: &str) -> StoreResult<Vec<ImportJobRecord>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM import_jobs WHERE workspace_id = $1 ORDER BY created_at DESC LIMIT 50"
        )))
        .bind(workspace_id)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn content(&self, id: &str) -> StoreResult<Vec<u8>> {
        Ok(
            sqlx::query_scalar("SELECT content FROM import_jobs WHERE id = $1")
                .bind(id)
                .fetch_one(&self.0.pool)
                .await?,
        )
    }

    /// Jobs that were queued or running when the server last stopped.
    pub async fn unfinished(&self) -> StoreResult<Vec<ImportJobRecord>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM import_jobs WHERE status IN ('queued', 'running') ORDER BY created_at"
        )))
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Restarting a job clears its counters and report: merging is idempotent, so processing
    /// the whole file again gives the same result as finishing the interrupted run.
    pub async fn mark_running(&self, id: &str) -> StoreResult<()> {
        let mut tx = self.0.begin_write(&self.0.pool).await?;
        sqlx::query("DELETE FROM import_rejections WHERE job_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE import_jobs SET status = 'running', processed_rows = 0, created = 0, merged = 0, \
             unchanged = 0, rejected = 0, error = NULL WHERE id = $1",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn record_progress(
        &self,
        id: &str,
        counters: ImportCounters,
        rejections: &[ImportRejection],
        lead_ids: &[String],
    ) -> StoreResult<()> {
        let mut tx = self.0.begin_write(&self.0.pool).await?;
        for chunk in lead_ids.chunks(500) {
            let values = (0..chunk.len())
                .map(|i| format!("({})", super::placeholders(1 + i * 2, 2)))
                .collect::<Vec<_>>()
                .join(", ");
            let mut query = sqlx::query(AssertSqlSafe(format!(
                "INSERT INTO import_leads (job_id, lead_id) VALUES {values} \
                 ON CONFLICT (job_id, lead_id) DO NOTHING"
            )))
            .persistent(false);
            for lead_id in chunk {
                query = query.bind(id).bind(lead_id);
            }
            query.execute(&mut *tx).await?;
        }
        for chunk in rejections.chunks(500) {
            let values = (0..chunk.len())
                .map(|i| format!("({})", super::placeholders(1 + i * 5, 5)))
                .collect::<Vec<_>>()
                .join(", ");
            let mut query = sqlx::query(AssertSqlSafe(format!(
                "INSERT INTO import_rejections (job_id, row_number, reason, field, raw) VALUES {values} \
                 ON CONFLICT (job_id, row_number) DO NOTHING"
            )))
            .persistent(false);
            for rejection in chunk {
                query = query
                    .bind(id)
                    .bind(rejection.row_number)
                    .bind(&rejection.reason)
                    .bind(&rejection.field)
                    .bind(&rejection.raw);
            }
            query.execute(&mut *tx).await?;
        }
        sqlx::query(
            "UPDATE import_jobs SET total_rows = $2, processed_rows = $3, created = $4, merged = $5, \
             unchanged = $6, rejected = $7 WHERE id = $1",
        )
        .bind(id)
        .bind(counters.total_rows)
        .bind(counters.processed_rows)
        .bind(counters.created)
        .bind(counters.merged)
        .bind(counters.unchanged)
        .bind(counters.rejected)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The leads an import of the workspace touched (created, merged or unchanged); `None`
    /// when the workspace has no such import.
    pub async fn lead_ids(&self, workspace_id: &str, id: &str) -> StoreResult<Option<Vec<String>>> {
        if self.find(workspace_id, id).await?.is_none() {
            return Ok(None);
        }
        let ids = sqlx::query_scalar::<_, String>(
            "SELECT lead_id FROM import_leads WHERE job_id = $1 ORDER BY lead_id",
        )
        .bind(id)
        .fetch_all(&self.0.pool)
        .await?;
        Ok(Some(ids))
    }

    pub async fn finish(&self, id: &str, error: Option<&str>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE import_jobs SET status = $2, error = $3, finished_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(if error.is_some() {
            "failed"
        } else {
            "completed"
        })
        .bind(error)
        .bind(now_ms())
        .execute(&self.0.pool)
        .await?;
        Ok(())
    }

    pub async fn rejections(
        &self,
        workspace_id: &str,
        id: &str,
    ) -> StoreResult<Vec<ImportRejection>> {
        let rows = sqlx::query(
            "SELECT r.row_number, r.reason, r.field, r.raw FROM import_rejections r \
             JOIN import_jobs j ON j.id = r.job_id WHERE r.job_id = $1 AND j.workspace_id = $2 \
             ORDER BY r.row_number",
        )
        .bind(id)
        .bind(workspace_id)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ImportRejection {
                    row_number: row.try_get("row_number")?,
                    reason: row.try_get("reason")?,
                    field: row.try_get("field")?,
                    raw: row.try_get("raw")?,
                })
            })
            .collect()
    }
}
