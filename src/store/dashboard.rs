use super::{Store, StoreResult, now_ms};
use sqlx::Row;

#[derive(Debug, Clone, Default)]
pub struct DashboardFigures {
    pub leads_total: i64,
    pub companies_total: i64,
    pub team_size: i64,
    pub do_not_contact: i64,
    pub leads_added_7d: i64,
    pub leads_by_stage: Vec<(String, i64)>,
    /// `(UTC day number since the epoch, leads created that day)` for the last 30 days.
    pub added_by_day: Vec<(i64, i64)>,
    pub contactable: Vec<(String, i64)>,
}

pub struct DashboardStore<'a>(pub(super) &'a Store);

const DAY_MS: i64 = 86_400_000;

impl DashboardStore<'_> {
    pub async fn figures(&self, workspace_id: &str) -> StoreResult<DashboardFigures> {
        let pool = &self.0.pool;
        let now = now_ms();
        let leads_total = self.0.leads().count(workspace_id).await?;
        let companies_total = self.0.companies().count(workspace_id).await?;
        let team_size = self.0.users().count(workspace_id).await?;
        let do_not_contact: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM leads WHERE workspace_id = $1 AND do_not_contact = 1",
        )
        .bind(workspace_id)
        .fetch_one(pool)
        .await?;
        let leads_added_7d: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM leads WHERE workspace_id = $1 AND created_at >= $2",
        )
        .bind(workspace_id)
        .bind(now - 7 * DAY_MS)
        .fetch_one(pool)
        .await?;
        let leads_by_stage = sqlx::query(
            "SELECT stage, COUNT(*) AS n FROM leads WHERE workspace_id = $1 GROUP BY stage",
        )
        .bind(workspace_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("stage")?, row.try_get("n")?)))
        .collect::<StoreResult<Vec<_>>>()?;
        // Integer division buckets by UTC day identically on both backends.
        let added_by_day = sqlx::query(
            "SELECT created_at / 86400000 AS day, COUNT(*) AS n FROM leads \
             WHERE workspace_id = $1 AND created_at >= $2 GROUP BY created_at / 86400000",
        )
        .bind(workspace_id)
        .bind((now / DAY_MS - 29) * DAY_MS)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("day")?, row.try_get("n")?)))
        .collect::<StoreResult<Vec<_>>>()?;
        let contactable = sqlx::query(
            "SELECT k.channel, COUNT(*) AS n FROM lead_consents k JOIN leads l ON l.id = k.lead_id \
             WHERE k.workspace_id = $1 AND k.status = 'granted' AND l.do_not_contact = 0 \
             GROUP BY k.channel",
        )
        .bind(workspace_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("channel")?, row.try_get("n")?)))
        .collect::<StoreResult<Vec<_>>>()?;
        Ok(DashboardFigures {
            leads_total,
            companies_total,
            team_size,
            do_not_contact,
            leads_added_7d,
            leads_by_stage,
            added_by_day,
            contactable,
        })
    }
}
