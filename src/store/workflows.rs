//! Workflows and their published versions. A workflow's `draft` is the graph being edited;
//! publishing copies it into `workflow_versions` as the next number, never to change again.
//! Graphs are stored as the JSON text the workflows layer serialised, so "the draft equals the
//! latest version" is a text comparison, done in SQL for `has_unpublished_changes`.
//! Deleting archives: runs and campaigns keep pointing at the versions they use.

use super::{Store, StoreError, StoreResult, new_id};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

#[derive(Debug, Clone, PartialEq)]
pub struct WorkflowRecord {
    pub id: String,
    pub workspace_id: String,
    pub name: String,
    pub description: String,
    /// Graph JSON.
    pub draft: String,
    /// 0 until the first publish.
    pub latest_version: i64,
    /// The draft differs from the latest version (always true before the first publish).
    pub has_unpublished_changes: bool,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkflowVersionRecord {
    pub workflow_id: String,
    pub version: i64,
    /// Graph JSON, immutable.
    pub graph: String,
    pub note: String,
    pub published_by: Option<String>,
    /// The publisher's display name (None when the user is gone).
    pub published_by_name: Option<String>,
    pub published_at: i64,
}

pub struct NewWorkflow<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub draft: &'a str,
    pub created_by: Option<&'a str>,
}

/// A partial update; `None` leaves the field as it is.
#[derive(Default)]
pub struct WorkflowChanges<'a> {
    pub name: Option<&'a str>,
    pub description: Option<&'a str>,
    pub draft: Option<&'a str>,
}

/// What a delete did.
#[derive(Debug, PartialEq, Eq)]
pub enum ArchiveOutcome {
    Archived,
    /// Campaigns that are active or paused still run it (their names).
    InUse(Vec<String>),
}

/// Campaign statuses that still run a workflow's versions.
const RUNNING_CAMPAIGN: &str = "status IN ('active', 'paused')";

const COLUMNS: &str = "w.id, w.workspace_id, w.name, w.description, w.draft, w.latest_version, \
     w.created_by, w.created_at, w.updated_at, \
     CASE WHEN w.latest_version = 0 THEN 1 \
          WHEN w.draft = (SELECT v.graph FROM workflow_versions v \
                          WHERE v.workflow_id = w.id AND v.version = w.latest_version) THEN 0 \
          ELSE 1 END AS unpublished";

const VERSION_COLUMNS: &str = "v.workflow_id, v.version, v.graph, v.note, v.published_by, \
     u.name AS published_by_name, v.published_at";

fn from_row(row: &AnyRow) -> StoreResult<WorkflowRecord> {
    Ok(WorkflowRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        draft: row.try_get("draft")?,
        latest_version: row.try_get("latest_version")?,
        has_unpublished_changes: row.try_get::<i64, _>("unpublished")? != 0,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn version_from_row(row: &AnyRow) -> StoreResult<WorkflowVersionRecord> {
    Ok(WorkflowVersionRecord {
        workflow_id: row.try_get("workflow_id")?,
        version: row.try_get("version")?,
        graph: row.try_get("graph")?,
        note: row.try_get("note")?,
        published_by: row.try_get("published_by")?,
        published_by_name: row.try_get("published_by_name")?,
        published_at: row.try_get("published_at")?,
    })
}

pub struct WorkflowStore<'a>(pub(super) &'a Store);

impl WorkflowStore<'_> {
    pub async fn create(
        &self,
        workspace_id: &str,
        workflow: &NewWorkflow<'_>,
    ) -> StoreResult<WorkflowRecord> {
        let id = new_id();
        let now = self.0.clock.now_ms();
        sqlx::query(
            "INSERT INTO workflows (id, workspace_id, name, description, draft, latest_version, \
             created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8)",
        )
        .bind(&id)
        .bind(workspace_id)
        .bind(workflow.name)
        .bind(workflow.description)
        .bind(workflow.draft)
        .bind(workflow.created_by)
        .bind(now)
        .bind(now)
        .execute(&self.0.pool)
        .await?;
        self.get(workspace_id, &id).await
    }

    /// The workflow, or `NotFound` (also when archived or another workspace's).
    pub async fn get(&self, workspace_id: &str, id: &str) -> StoreResult<WorkflowRecord> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM workflows w \
             WHERE w.workspace_id = $1 AND w.id = $2 AND w.archived_at IS NULL"
        )))
        .bind(workspace_id)
        .bind(id)
        .fetch_one(&self.0.pool)
        .await?;
        from_row(&row)
    }

    /// The workspace's workflows that are not archived, most recently edited first.
    pub async fn list(&self, workspace_id: &str) -> StoreResult<Vec<WorkflowRecord>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM workflows w \
             WHERE w.workspace_id = $1 AND w.archived_at IS NULL \
             ORDER BY w.updated_at DESC, w.id DESC"
        )))
        .bind(workspace_id)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn update(
        &self,
        workspace_id: &str,
        id: &str,
        changes: &WorkflowChanges<'_>,
    ) -> StoreResult<WorkflowRecord> {
        let updated = sqlx::query(
            "UPDATE workflows SET name = COALESCE($1, name), \
             description = COALESCE($2, description), draft = COALESCE($3, draft), \
             updated_at = $4 \
             WHERE workspace_id = $5 AND id = $6 AND archived_at IS NULL",
        )
        .bind(changes.name)
        .bind(changes.description)
        .bind(changes.draft)
        .bind(self.0.clock.now_ms())
        .bind(workspace_id)
        .bind(id)
        .execute(&self.0.pool)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        self.get(workspace_id, id).await
    }

    /// Archives the workflow unless an active or paused campaign runs it (checked in the
    /// same statement, so a launch cannot slip in between).
    pub async fn archive(&self, workspace_id: &str, id: &str) -> StoreResult<ArchiveOutcome> {
        let archived = sqlx::query(AssertSqlSafe(format!(
            "UPDATE workflows SET archived_at = $1, updated_at = $1 \
             WHERE workspace_id = $2 AND id = $3 AND archived_at IS NULL \
             AND NOT EXISTS (SELECT 1 FROM campaigns c \
                             WHERE c.workflow_id = workflows.id AND c.{RUNNING_CAMPAIGN})"
        )))
        .bind(self.0.clock.now_ms())
        .bind(workspace_id)
        .bind(id)
        .execute(&self.0.pool)
        .await?;
        if archived.rows_affected() == 1 {
            return Ok(ArchiveOutcome::Archived);
        }
        self.get(workspace_id, id).await?;
        let names = sqlx::query(AssertSqlSafe(format!(
            "SELECT name FROM campaigns WHERE workspace_id = $1 AND workflow_id = $2 \
             AND {RUNNING_CAMPAIGN} ORDER BY name"
        )))
        .bind(workspace_id)
        .bind(id)
        .fetch_all(&self.0.pool)
        .await?
        .iter()
        .map(|row| row.try_get("name"))
        .collect::<Result<Vec<String>, _>>()?;
        Ok(ArchiveOutcome::InUse(names))
    }

    /// Freezes `graph` as the next version, provided it is still the draft (a save in between
    /// makes this `Conflict("draft")`, so what was validated is what gets published).
    pub async fn publish(
        &self,
        workspace_id: &str,
        id: &str,
        graph: &str,
        note: &str,
        published_by: Option<&str>,
    ) -> StoreResult<WorkflowVersionRecord> {
        let now = self.0.clock.now_ms();
        let mut tx = self.0.begin_write(&self.0.pool).await?;
        let version: Option<i64> = sqlx::query_scalar(
            "UPDATE workflows SET latest_version = latest_version + 1, updated_at = $1 \
             WHERE workspace_id = $2 AND id = $3 AND archived_at IS NULL AND draft = $4 \
             RETURNING latest_version",
        )
        .bind(now)
        .bind(workspace_id)
        .bind(id)
        .bind(graph)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(version) = version else {
            tx.rollback().await?;
            self.get(workspace_id, id).await?;
            return Err(StoreError::Conflict("draft".into()));
        };
        sqlx::query(
            "INSERT INTO workflow_versions (workflow_id, version, workspace_id, graph, note, \
             published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(version)
        .bind(workspace_id)
        .bind(graph)
        .bind(note)
        .bind(published_by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.version(workspace_id, id, version).await
    }

    /// The workflow's versions, newest first. `NotFound` when the workflow is not visible.
    pub async fn versions(
        &self,
        workspace_id: &str,
        id: &str,
    ) -> StoreResult<Vec<WorkflowVersionRecord>> {
        self.get(workspace_id, id).await?;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {VERSION_COLUMNS} FROM workflow_versions v \
             LEFT JOIN users u ON u.id = v.published_by \
             WHERE v.workspace_id = $1 AND v.workflow_id = $2 ORDER BY v.version DESC"
        )))
        .bind(workspace_id)
        .bind(id)
        .fetch_all(&self.0.pool)
        .await?;
        rows.iter().map(version_from_row).collect()
    }

    /// One version, also of an archived workflow (runs stay pinned to their version).
    pub async fn version(
        &self,
        workspace_id: &str,
        id: &str,
        version: i64,
    ) -> StoreResult<WorkflowVersionRecord> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {VERSION_COLUMNS} FROM workflow_versions v \
             LEFT JOIN users u ON u.id = v.published_by \
             WHERE v.workspace_id = $1 AND v.workflow_id = $2 AND v.version = $3"
        )))
        .bind(workspace_id)
        .bind(id)
        .bind(version)
        .fetch_one(&self.0.pool)
        .await?;
        version_from_row(&row)
    }

    /// Makes `version`'s graph the draft again (publishing it then makes a new version).
    pub async fn restore(
        &self,
        workspace_id: &str,
        id: &str,
        version: i64,
    ) -> StoreResult<WorkflowRecord> {
        let restored = sqlx::query(
            "UPDATE workflows SET updated_at = $1, draft = (SELECT v.graph \
               FROM workflow_versions v WHERE v.workflow_id = workflows.id AND v.version = $2) \
             WHERE workspace_id = $3 AND id = $4 AND archived_at IS NULL \
             AND EXISTS (SELECT 1 FROM workflow_versions v \
                         WHERE v.workflow_id = workflows.id AND v.version = $2)",
        )
        .bind(self.0.clock.now_ms())
        .bind(version)
        .bind(workspace_id)
        .bind(id)
        .execute(&self.0.pool)
        .await?;
        if restored.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        self.get(workspace_id, id).await
    }
}
