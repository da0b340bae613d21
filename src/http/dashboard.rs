//! Headline numbers for the home page.

use super::error::ApiResult;
use super::leads::Lead;
use super::principal::Principal;
use super::state::AppState;
use crate::domain::{Channel, Stage};
use crate::store::LeadFilter;
use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct StageCount {
    pub stage: Stage,
    pub count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct DayCount {
    /// `YYYY-MM-DD` (UTC).
    pub date: String,
    pub count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ChannelCount {
    pub channel: Channel,
    pub count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct Dashboard {
    pub leads_total: i64,
    pub companies_total: i64,
    pub team_size: i64,
    pub do_not_contact: i64,
    pub leads_added_7d: i64,
    /// Every stage in funnel order, zeros included.
    pub leads_by_stage: Vec<StageCount>,
    /// The last 30 days, oldest first, zeros included.
    pub leads_added_by_day: Vec<DayCount>,
    /// Leads with granted consent (and not do-not-contact), per channel.
    pub contactable: Vec<ChannelCount>,
    pub recent_leads: Vec<Lead>,
}

#[utoipa::path(tag = "dashboard", responses((status = 200, body = Dashboard)), security(("bearer" = [])))]
#[get("/api/dashboard")]
pub async fn dashboard(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<Dashboard>> {
    let figures = state
        .store
        .dashboard()
        .figures(&principal.workspace_id)
        .await?;
    let (recent, _) = state
        .store
        .leads()
        .list(&principal.workspace_id, &LeadFilter::default(), 5, 0)
        .await?;
    let today = chrono::Utc::now().timestamp_millis() / 86_400_000;
    let leads_added_by_day = (today - 29..=today)
        .map(|day| DayCount {
            date: chrono::DateTime::<chrono::Utc>::from_timestamp(day * 86_400, 0)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            count: figures
                .added_by_day
                .iter()
                .find(|(d, _)| *d == day)
                .map(|(_, n)| *n)
                .unwrap_or(0),
        })
        .collect();
    let count_of = |rows: &[(String, i64)], key: &str| {
        rows.iter()
            .find(|(k, _)| k == key)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    Ok(web::Json(Dashboard {
        leads_total: figures.leads_total,
        companies_total: figures.companies_total,
        team_size: figures.team_size,
        do_not_contact: figures.do_not_contact,
        leads_added_7d: figures.leads_added_7d,
        leads_by_stage: Stage::ALL
            .into_iter()
            .map(|stage| StageCount {
                stage,
                count: count_of(&figures.leads_by_stage, stage.as_str()),
            })
            .collect(),
        leads_added_by_day,
        contactable: Channel::ALL
            .into_iter()
            .map(|channel| ChannelCount {
                channel,
                count: count_of(&figures.contactable, channel.as_str()),
            })
            .collect(),
        recent_leads: recent.into_iter().map(Lead::from).collect(),
    }))
}
