use super::{
    IN_LIST_MAX, Store, StoreError, StoreResult, new_id, now_ms, padded_in_list, placeholders,
};
use crate::domain::{Channel, ConsentStatus, EmailAddress, PhoneNumber, Stage, TimeZoneName};
use anyhow::anyhow;
use serde_json::{Map, Value};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, AssertSqlSafe, Row};
use std::collections::HashMap;

/// A lead as stored, with its company, owner, tags and consents resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadRecord {
    pub id: String,
    pub workspace_id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub title: Option<String>,
    pub company_id: Option<String>,
    pub company_name: Option<String>,
    pub stage: Stage,
    pub owner_id: Option<String>,
    pub owner_name: Option<String>,
    pub owner_email: Option<String>,
    pub timezone: Option<String>,
    pub do_not_contact: bool,
    pub email_status: String,
    pub custom_fields: Map<String, Value>,
    pub source: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub tags: Vec<String>,
    pub consents: Vec<ConsentRecord>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConsentRecord {
    pub channel: Channel,
    pub status: ConsentStatus,
    pub source: Option<String>,
    /// What shows the lead agreed or refused (a form submission id, the STOP message, ...).
    pub evidence: Option<String>,
    pub updated_at: i64,
}

/// Validated values for a new lead, or for merging into an existing one (an import row). `None`
/// means "not given": a merge leaves the stored value alone.
#[derive(Debug, Clone, Default)]
pub struct LeadDraft {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<EmailAddress>,
    pub phone: Option<PhoneNumber>,
    pub title: Option<String>,
    pub company_id: Option<String>,
    pub stage: Option<Stage>,
    pub tags: Vec<String>,
    pub owner_id: Option<String>,
    pub timezone: Option<TimeZoneName>,
    pub do_not_contact: Option<bool>,
    pub consents: Vec<(Channel, ConsentStatus, Option<String>)>,
    pub custom_fields: Map<String, Value>,
    pub source: Option<String>,
    /// Backdates a new lead (demo data, migrations from another CRM); `None` means now.
    pub created_at: Option<i64>,
}

/// A partial update. The outer `Option` is "given or not", the inner one is "value or clear".
#[derive(Debug, Clone, Default)]
pub struct LeadChanges {
    pub first_name: Option<Option<String>>,
    pub last_name: Option<Option<String>>,
    pub email: Option<Option<EmailAddress>>,
    pub phone: Option<Option<PhoneNumber>>,
    pub title: Option<Option<String>>,
    pub company_id: Option<Option<String>>,
    pub stage: Option<Stage>,
    pub tags: Option<Vec<String>>,
    pub owner_id: Option<Option<String>>,
    pub timezone: Option<Option<TimeZoneName>>,
    pub do_not_contact: Option<bool>,
    pub consents: Vec<(Channel, ConsentStatus, Option<String>)>,
    pub custom_fields: Option<Map<String, Value>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadSort {
    CreatedAt,
    UpdatedAt,
    Name,
    Stage,
    Company,
}

#[derive(Debug, Clone, Default)]
pub struct LeadFilter {
    pub query: Option<String>,
    pub stage: Option<Stage>,
    pub tag: Option<String>,
    pub owner_id: Option<String>,
    pub company_id: Option<String>,
    pub consent: Option<Channel>,
    pub do_not_contact: Option<bool>,
    /// `(field, descending)`; defaults to newest first.
    pub sort: Option<(LeadSort, bool)>,
}

#[derive(Clone, Copy)]
enum RowEffect {
    Created,
    Merged,
    Unchanged,
}

/// What merging one import row did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeOutcome {
    Created(String),
    Merged(String),
    Unchanged(String),
}

const LEAD_COLUMNS: &str = "l.id, l.workspace_id, l.first_name, l.last_name, l.full_name, l.email, \
    l.phone, l.title, l.company_id, c.name AS company_name, l.stage, l.owner_id, u.name AS \
    owner_name, u.email AS owner_email, l.timezone, l.do_not_contact, l.email_status, \
    l.custom_fields, l.source, l.created_at, l.updated_at";
const LEAD_FROM: &str = "FROM leads l LEFT JOIN companies c ON c.id = l.company_id LEFT JOIN users u ON u.id = l.owner_id";

fn lead_from_row(row: &AnyRow) -> StoreResult<LeadRecord> {
    let stage: String = row.try_get("stage")?;
    let custom: String = row.try_get("custom_fields")?;
    let custom_fields = match serde_json::from_str::<Value>(&custom) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    Ok(LeadRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        full_name: row.try_get("full_name")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        title: row.try_get("title")?,
        company_id: row.try_get("company_id")?,
        company_name: row.try_get("company_name")?,
        stage: Stage::parse(&stage).map_err(|e| anyhow!("stored stage: {e}"))?,
        owner_id: row.try_get("owner_id")?,
        owner_name: row.try_get("owner_name")?,
        owner_email: row.try_get("owner_email")?,
        timezone: row.try_get("timezone")?,
        do_not_contact: row.try_get::<i64, _>("do_not_contact")? != 0,
        email_status: row.try_get("email_status")?,
        custom_fields,
        source: row.try_get("source")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        tags: Vec::new(),
        consents: Vec::new(),
    })
}

/// Lower-cased text the list search matches against.
fn search_text(lead: &LeadRecord) -> String {
    [
        Some(lead.full_name.as_str()),
        lead.email.as_deref(),
        lead.phone.as_deref(),
        lead.title.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ")
    .to_lowercase()
}

fn full_name(
    first: Option<&str>,
    last: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
) -> String {
    let name = [first, last]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if !name.trim().is_empty() {
        return name.trim().to_string();
    }
    email.or(phone).unwrap_or("Unnamed lead").to_string()
}

/// Tags are trimmed, lower-cased, de-duplicated and sorted so that equal sets compare equal.
pub fn normalise_tags(tags: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = tags
        .into_iter()
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A SQL parameter for dynamically built statements.
enum Param {
    Text(String),
    Int(i64),
}

fn bind_all<'q>(mut query: super::AnyQuery<'q>, params: &'q [Param]) -> super::AnyQuery<'q> {
    for param in params {
        query = match param {
            Param::Text(text) => query.bind(text.as_str()),
            Param::Int(number) => query.bind(*number),
        };
    }
    query
}

impl LeadFilter {
    /// The WHERE clause and its parameters; `$1` is always the workspace id.
    fn where_clause(&self, workspace_id: &str) -> (String, Vec<Param>) {
        let mut clauses = vec!["l.workspace_id = $1".to_string()];
        let mut params = vec![Param::Text(workspace_id.to_string())];
        let next = |params: &mut Vec<Param>, param: Param| {
            params.push(param);
            format!("${}", params.len())
        };
        if let Some(query) = self
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
        {
            let escaped = query
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let p = next(&mut params, Param::Text(format!("%{escaped}%")));
            clauses.push(format!(
                "(l.search_text LIKE {p} ESCAPE '\\' OR c.name_key LIKE {p} ESCAPE '\\')"
            ));
        }
        if let Some(stage) = self.stage {
            let p = next(&mut params, Param::Text(stage.as_str().into()));
            clauses.push(format!("l.stage = {p}"));
        }
        if let Some(tag) = &self.tag {
            let p = next(&mut params, Param::Text(tag.trim().to_lowercase()));
            clauses.push(format!(
                "EXISTS (SELECT 1 FROM lead_tags t WHERE t.lead_id = l.id AND t.tag = {p})"
            ));
        }
        if let Some(owner) = &self.owner_id {
            let p = next(&mut params, Param::Text(owner.clone()));
            clauses.push(format!("l.owner_id = {p}"));
        }
        if let Some(company) = &self.company_id {
            let p = next(&mut params, Param::Text(company.clone()));
            clauses.push(format!("l.company_id = {p}"));
        }
        if let Some(channel) = self.consent {
            let p = next(&mut params, Param::Text(channel.as_str().into()));
            clauses.push(format!(
                "EXISTS (SELECT 1 FROM lead_consents k WHERE k.lead_id = l.id AND k.channel = {p} \
                 AND k.status = 'granted')"
            ));
        }
        if let Some(dnc) = self.do_not_contact {
            let p = next(&mut params, Param::Int(i64::from(dnc)));
            clauses.push(format!("l.do_not_contact = {p}"));
        }
        (clauses.join(" AND "), params)
    }

    /// Searching and sorting by company need the companies table; nothing else does.
    fn needs_company(&self) -> bool {
        self.query.as_deref().is_some_and(|q| !q.trim().is_empty())
            || matches!(self.sort, Some((LeadSort::Company, _)))
    }

    fn order_by(&self) -> String {
        let (field, descending) = self.sort.unwrap_or((LeadSort::CreatedAt, true));
        let column = match field {
            LeadSort::CreatedAt => "l.created_at",
            LeadSort::UpdatedAt => "l.updated_at",
            LeadSort::Name => "LOWER(l.full_name)",
            LeadSort::Stage => "l.stage_rank",
            LeadSort::Company => "COALESCE(c.name_key, '')",
        };
        let direction = if descending { "DESC" } else { "ASC" };
        format!("{column} {direction}, l.id {direction}")
    }
}

pub struct LeadStore<'a>(pub(super) &'a Store);

impl LeadStore<'_> {
    pub async fn find(&self, workspace_id: &str, id: &str) -> StoreResult<Option<LeadRecord>> {
        let mut connection = self.0.pool.acquire().await?;
        find_with(&mut connection, workspace_id, id).await
    }

    /// The lead as the send gate needs it: its fields and consents, without tags, in one
    /// statement (the consents joined).
    pub async fn find_for_send(
        &self,
        workspace_id: &str,
        id: &str,
    ) -> StoreResult<Option<LeadRecord>> {
        let mut connection = self.0.pool.acquire().await?;
        let leads = with_consents(&mut connection, &[id]).await?;
        Ok(leads
            .into_iter()
            .find(|lead| lead.workspace_id == workspace_id))
    }

    /// Several leads as the send gate needs them (see [`LeadStore::find_for_send`]), by id
    /// across workspaces: the outbox checks each lead's workspace against its send. One
    /// statement per [`IN_LIST_MAX`] ids.
    pub async fn find_many_for_send(&self, ids: &[String]) -> StoreResult<Vec<LeadRecord>> {
        let mut leads = Vec::with_capacity(ids.len());
        let mut connection = self.0.pool.acquire().await?;
        for chunk in ids.chunks(IN_LIST_MAX) {
            leads.extend(with_consents(&mut connection, chunk).await?);
        }
        Ok(leads)
    }

    /// One page of leads and the number matching the filter. The page is found on the leads
    /// table alone (an index walk, no joins, even for deep offsets), then its rows are loaded
    /// with their company, owner, tags and consents.
    pub async fn list(
        &self,
        workspace_id: &str,
        filter: &LeadFilter,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<LeadRecord>, i64)> {
        let (where_sql, params) = filter.where_clause(workspace_id);
        let join = if filter.needs_company() {
            "LEFT JOIN companies c ON c.id = l.company_id"
        } else {
            ""
        };
        let count_sql = format!("SELECT COUNT(*) FROM leads l {join} WHERE {where_sql}");
        let total: i64 = {
            let mut query = sqlx::query_scalar::<Any, i64>(AssertSqlSafe(count_sql));
            for param in &params {
                query = match param {
                    Param::Text(text) => query.bind(text.as_str()),
                    Param::Int(number) => query.bind(*number),
                };
            }
            query.fetch_one(&self.0.pool).await?
        };
        let n = params.len();
        let page_sql = format!(
            "SELECT l.id FROM leads l {join} WHERE {where_sql} ORDER BY {} LIMIT ${} OFFSET ${}",
            filter.order_by(),
            n + 1,
            n + 2
        );
        let ids: Vec<String> = bind_all(sqlx::query(AssertSqlSafe(page_sql)), &params)
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.0.pool)
            .await?
            .iter()
            .map(|row| row.try_get("id"))
            .collect::<Result<_, _>>()?;
        if ids.is_empty() {
            return Ok((Vec::new(), total));
        }
        let rows_sql = format!(
            "SELECT {LEAD_COLUMNS} {LEAD_FROM} WHERE l.id IN ({})",
            placeholders(1, ids.len())
        );
        let mut query = sqlx::query(AssertSqlSafe(rows_sql)).persistent(false);
        for id in &ids {
            query = query.bind(id);
        }
        let mut by_id: HashMap<String, LeadRecord> = HashMap::new();
        for row in query.fetch_all(&self.0.pool).await? {
            let lead = lead_from_row(&row)?;
            by_id.insert(lead.id.clone(), lead);
        }
        let mut leads: Vec<LeadRecord> = ids.iter().filter_map(|id| by_id.remove(id)).collect();
        let mut connection = self.0.pool.acquire().await?;
        attach_details(&mut connection, &mut leads).await?;
        Ok((leads, total))
    }

    /// Creates one lead. Duplicate email/phone → `Conflict`.
    pub async fn create(&self, workspace_id: &str, draft: LeadDraft) -> StoreResult<LeadRecord> {
        let mut tx = self.0.begin_write(&self.0.pool).await?;
        let lead = new_record(workspace_id, draft, now_ms());
        insert_many(&mut tx, std::slice::from_ref(&lead)).await?;
        let stored = find_with(&mut tx, workspace_id, &lead.id)
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(stored)
    }

    pub async fn update(
        &self,
        workspace_id: &str,
        id: &str,
        changes: LeadChanges,
    ) -> StoreResult<LeadRecord> {
        let mut tx = self.0.begin_write(&self.0.pool).await?;
        let current = find_with(&mut tx, workspace_id, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut next = current.clone();
        apply_changes(&mut next, changes, now_ms());
        if next != current {
            next.updated_at = now_ms();
            write_existing(&mut tx, &current, &next).await?;
        }
        let stored = find_with(&mut tx, workspace_id, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(stored)
    }

    pub async fn delete(&self, workspace_id: &str, id: &str) -> StoreResult<()> {
        let result = sqlx::query("DELETE FROM leads WHERE id = $1 AND workspace_id = $2")
            .bind(id)
            .bind(workspace_id)
            .execute(&self.0.pool)
            .await?;
        if result.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// The id of a lead with this email or phone, for duplicate reporting.
    pub async fn find_duplicate(
        &self,
        workspace_id: &str,
        email: Option<&str>,
        phone: Option<&str>,
        except_id: Option<&str>,
    ) -> StoreResult<Option<String>> {
        let id: Option<String> = sqlx::query_scalar(
            "SELECT id FROM leads WHERE workspace_id = $1 AND id <> $4 AND \
             ((email IS NOT NULL AND email = $2) OR (phone IS NOT NULL AND phone = $3)) LIMIT 1",
        )
        .bind(workspace_id)
        .bind(email)
        .bind(phone)
        .bind(except_id.unwrap_or(""))
        .fetch_optional(&self.0.pool)
        .await?;
        Ok(id)
    }

    /// Merges a batch of validated import rows in one transaction: a row whose email or phone
    /// matches a stored lead (or an earlier row) is merged into it, otherwise a lead is created.
    /// Returns one outcome per draft, or a reason when the row matches two different leads.
    pub async fn merge_batch(
        &self,
        workspace_id: &str,
        drafts: Vec<LeadDraft>,
    ) -> StoreResult<Vec<Result<MergeOutcome, String>>> {
        let now = now_ms();
        let mut tx = self.0.begin_write(&self.0.pool).await?;
        let emails: Vec<String> = drafts
            .iter()
            .filter_map(|d| d.email.as_ref().map(|e| e.as_str().to_string()))
            .collect();
        let phones: Vec<String> = drafts
            .iter()
            .filter_map(|d| d.phone.as_ref().map(|p| p.as_str().to_string()))
            .collect();
        let mut known = load_matching(&mut tx, workspace_id, &emails, &phones).await?;
        let originals: HashMap<String, LeadRecord> = known
            .iter()
            .map(|lead| (lead.id.clone(), lead.clone()))
            .collect();

        // Index of leads (stored or new in this batch) by email and phone.
        let mut by_email: HashMap<String, usize> = HashMap::new();
        let mut by_phone: HashMap<String, usize> = HashMap::new();
        for (index, lead) in known.iter().enumerate() {
            if let Some(email) = &lead.email {
                by_email.insert(email.clone(), index);
            }
            if let Some(phone) = &lead.phone {
                by_phone.insert(phone.clone(), index);
            }
        }
        let mut created_ids = std::collections::HashSet::new();
        // Per row: which lead it landed on and what it did to it, judged at the time of the row
        // (a row repeating an earlier row of the same file is "unchanged", not "created").
        let mut outcomes: Vec<Result<(usize, RowEffect), String>> =
            Vec::with_capacity(drafts.len());
        for draft in drafts {
            let email_match = draft
                .email
                .as_ref()
                .and_then(|e| by_email.get(e.as_str()).copied());
            let phone_match = draft
                .phone
                .as_ref()
                .and_then(|p| by_phone.get(p.as_str()).copied());
            let target = match (email_match, phone_match) {
                (Some(a), Some(b)) if a != b => {
                    outcomes.push(Err(format!(
                        "email matches lead {} but phone matches another lead {}; merge them first",
                        known[a].id, known[b].id
                    )));
                    continue;
                }
                (Some(a), _) => Some(a),
                (None, Some(b)) => Some(b),
                (None, None) => None,
            };
            let index = match target {
                Some(index) => {
                    let before = known[index].clone();
                    merge_draft(&mut known[index], draft, now);
                    let effect = if known[index] == before {
                        RowEffect::Unchanged
                    } else {
                        RowEffect::Merged
                    };
                    outcomes.push(Ok((index, effect)));
                    index
                }
                None => {
                    let lead = new_record(workspace_id, draft, now);
                    created_ids.insert(lead.id.clone());
                    known.push(lead);
                    outcomes.push(Ok((known.len() - 1, RowEffect::Created)));
                    known.len() - 1
                }
            };
            if let Some(email) = &known[index].email {
                by_email.insert(email.clone(), index);
            }
            if let Some(phone) = &known[index].phone {
                by_phone.insert(phone.clone(), index);
            }
        }

        let new_leads: Vec<LeadRecord> = known
            .iter()
            .filter(|l| created_ids.contains(&l.id))
            .cloned()
            .collect();
        for chunk in new_leads.chunks(MULTI_ROW_LEADS) {
            insert_many(&mut tx, chunk).await?;
        }
        for lead in &known {
            if let Some(original) = originals.get(&lead.id)
                && original != lead
            {
                let mut next = lead.clone();
                next.updated_at = now;
                write_existing(&mut tx, original, &next).await?;
            }
        }
        tx.commit().await?;

        Ok(outcomes
            .into_iter()
            .map(|outcome| {
                outcome.map(|(index, effect)| {
                    let id = known[index].id.clone();
                    match effect {
                        RowEffect::Created => MergeOutcome::Created(id),
                        RowEffect::Merged => MergeOutcome::Merged(id),
                        RowEffect::Unchanged => MergeOutcome::Unchanged(id),
                    }
                })
            })
            .collect())
    }

    pub async fn count(&self, workspace_id: &str) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM leads WHERE workspace_id = $1")
                .bind(workspace_id)
                .fetch_one(&self.0.pool)
                .await?,
        )
    }
}

fn new_record(workspace_id: &str, draft: LeadDraft, now: i64) -> LeadRecord {
    let email = draft.email.map(|e| e.as_str().to_string());
    let phone = draft.phone.map(|p| p.as_str().to_string());
    let mut lead = LeadRecord {
        id: new_id(),
        workspace_id: workspace_id.to_string(),
        full_name: full_name(
            draft.first_name.as_deref(),
            draft.last_name.as_deref(),
            email.as_deref(),
            phone.as_deref(),
        ),
        first_name: draft.first_name,
        last_name: draft.last_name,
        email,
        phone,
        title: draft.title,
        company_id: draft.company_id,
        company_name: None,
        stage: draft.stage.unwrap_or(Stage::Lead),
        owner_id: draft.owner_id,
        owner_name: None,
        owner_email: None,
        timezone: draft.timezone.map(|t| t.as_str().to_string()),
        do_not_contact: draft.do_not_contact.unwrap_or(false),
        email_status: "unknown".into(),
        custom_fields: draft.custom_fields,
        source: draft.source,
        created_at: draft.created_at.unwrap_or(now),
        updated_at: draft.created_at.unwrap_or(now),
        tags: normalise_tags(draft.tags),
        consents: Vec::new(),
    };
    set_consents(&mut lead, draft.consents, now);
    lead
}

fn set_consents(
    lead: &mut LeadRecord,
    consents: Vec<(Channel, ConsentStatus, Option<String>)>,
    now: i64,
) {
    for (channel, status, source) in consents {
        match lead.consents.iter_mut().find(|c| c.channel == channel) {
            Some(existing) if existing.status == status => {}
            Some(existing) => {
                existing.status = status;
                existing.source = source;
                existing.evidence = None;
                existing.updated_at = now;
            }
            None if status == ConsentStatus::Unknown => {}
            None => lead.consents.push(ConsentRecord {
                channel,
                status,
                source,
                evidence: None,
                updated_at: now,
            }),
        }
    }
    lead.consents.sort_by_key(|c| c.channel.as_str());
}

/// Import semantics: values present in the row replace stored ones, tags are added, custom
/// fields are merged key by key. Absent values leave the lead alone.
fn merge_draft(lead: &mut LeadRecord, draft: LeadDraft, now: i64) {
    fn take<T>(slot: &mut Option<T>, value: Option<T>) {
        if value.is_some() {
            *slot = value;
        }
    }
    take(&mut lead.first_name, draft.first_name);
    take(&mut lead.last_name, draft.last_name);
    take(&mut lead.email, draft.email.map(|e| e.as_str().to_string()));
    take(&mut lead.phone, draft.phone.map(|p| p.as_str().to_string()));
    take(&mut lead.title, draft.title);
    take(&mut lead.company_id, draft.company_id);
    take(&mut lead.owner_id, draft.owner_id);
    take(
        &mut lead.timezone,
        draft.timezone.map(|t| t.as_str().to_string()),
    );
    if let Some(stage) = draft.stage {
        lead.stage = stage;
    }
    if let Some(dnc) = draft.do_not_contact {
        lead.do_not_contact = dnc;
    }
    if lead.source.is_none() {
        lead.source = draft.source;
    }
    let mut tags = lead.tags.clone();
    tags.extend(draft.tags);
    lead.tags = normalise_tags(tags);
    for (key, value) in draft.custom_fields {
        lead.custom_fields.insert(key, value);
    }
    set_consents(lead, draft.consents, now);
    lead.full_name = full_name(
        lead.first_name.as_deref(),
        lead.last_name.as_deref(),
        lead.email.as_deref(),
        lead.phone.as_deref(),
    );
}

fn apply_changes(lead: &mut LeadRecord, changes: LeadChanges, now: i64) {
    if let Some(v) = changes.first_name {
        lead.first_name = v;
    }
    if let Some(v) = changes.last_name {
        lead.last_name = v;
    }
    if let Some(v) = changes.email {
        lead.email = v.map(|e| e.as_str().to_string());
    }
    if let Some(v) = changes.phone {
        lead.phone = v.map(|p| p.as_str().to_string());
    }
    if let Some(v) = changes.title {
        lead.title = v;
    }
    if let Some(v) = changes.company_id {
        lead.company_id = v;
    }
    if let Some(v) = changes.stage {
        lead.stage = v;
    }
    if let Some(v) = changes.tags {
        lead.tags = normalise_tags(v);
    }
    if let Some(v) = changes.owner_id {
        lead.owner_id = v;
    }
    if let Some(v) = changes.timezone {
        lead.timezone = v.map(|t| t.as_str().to_string());
    }
    if let Some(v) = changes.do_not_contact {
        lead.do_not_contact = v;
    }
    if let Some(v) = changes.custom_fields {
        lead.custom_fields = v;
    }
    set_consents(lead, changes.consents, now);
    lead.full_name = full_name(
        lead.first_name.as_deref(),
        lead.last_name.as_deref(),
        lead.email.as_deref(),
        lead.phone.as_deref(),
    );
}

async fn find_with(
    connection: &mut AnyConnection,
    workspace_id: &str,
    id: &str,
) -> StoreResult<Option<LeadRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {LEAD_COLUMNS} {LEAD_FROM} WHERE l.id = $1 AND l.workspace_id = $2"
    )))
    .bind(id)
    .bind(workspace_id)
    .fetch_optional(&mut *connection)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let mut leads = vec![lead_from_row(&row)?];
    attach_details(connection, &mut leads).await?;
    Ok(leads.pop())
}

/// The columns of a lead's consent, named apart from the lead's own.
const CONSENT_COLUMNS: &str = "lc.channel AS consent_channel, lc.status AS consent_status, \
    lc.source AS consent_source, lc.evidence AS consent_evidence, \
    lc.updated_at AS consent_updated_at";

fn consent_from_row(row: &AnyRow) -> StoreResult<ConsentRecord> {
    let channel: String = row.try_get("consent_channel")?;
    let status: String = row.try_get("consent_status")?;
    Ok(ConsentRecord {
        channel: Channel::parse(&channel).map_err(|e| anyhow!("stored channel: {e}"))?,
        status: ConsentStatus::parse(&status).map_err(|e| anyhow!("stored consent: {e}"))?,
        source: row.try_get("consent_source")?,
        evidence: row.try_get("consent_evidence")?,
        updated_at: row.try_get("consent_updated_at")?,
    })
}

/// Leads by id (at most [`IN_LIST_MAX`]) with their consents, without tags: one statement,
/// a row per consent (one row with no consent for a lead without any).
async fn with_consents<S: AsRef<str>>(
    connection: &mut AnyConnection,
    ids: &[S],
) -> StoreResult<Vec<LeadRecord>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let (list, values, keep_prepared) = padded_in_list(1, ids);
    let mut query = sqlx::query(AssertSqlSafe(format!(
        "SELECT {LEAD_COLUMNS}, {CONSENT_COLUMNS} {LEAD_FROM} \
         LEFT JOIN lead_consents lc ON lc.lead_id = l.id WHERE l.id IN ({list}) \
         ORDER BY l.id, lc.channel"
    )))
    .persistent(keep_prepared);
    for id in &values {
        query = query.bind(*id);
    }
    let mut leads: Vec<LeadRecord> = Vec::with_capacity(ids.len());
    for row in query.fetch_all(&mut *connection).await? {
        let id: String = row.try_get("id")?;
        if leads.last().is_none_or(|lead| lead.id != id) {
            leads.push(lead_from_row(&row)?);
        }
        if row
            .try_get::<Option<String>, _>("consent_channel")?
            .is_some()
            && let Some(lead) = leads.last_mut()
        {
            lead.consents.push(consent_from_row(&row)?);
        }
    }
    Ok(leads)
}

/// Loads tags and consents for a page of leads, a query each.
async fn attach_details(
    connection: &mut AnyConnection,
    leads: &mut [LeadRecord],
) -> StoreResult<()> {
    if leads.is_empty() {
        return Ok(());
    }
    let index: HashMap<String, usize> = leads
        .iter()
        .enumerate()
        .map(|(i, lead)| (lead.id.clone(), i))
        .collect();
    for chunk in leads
        .iter()
        .map(|l| l.id.clone())
        .collect::<Vec<_>>()
        .chunks(IN_LIST_MAX)
    {
        // Padded to a few fixed lengths, so pages of leads reuse their prepared statements.
        let (list, values, keep_prepared) = padded_in_list(1, chunk);
        let mut tag_query = sqlx::query(AssertSqlSafe(format!(
            "SELECT lead_id, tag FROM lead_tags WHERE lead_id IN ({list}) ORDER BY tag"
        )))
        .persistent(keep_prepared);
        for id in &values {
            tag_query = tag_query.bind(*id);
        }
        for row in tag_query.fetch_all(&mut *connection).await? {
            let lead_id: String = row.try_get("lead_id")?;
            if let Some(&i) = index.get(&lead_id) {
                leads[i].tags.push(row.try_get("tag")?);
            }
        }
        let mut consent_query = sqlx::query(AssertSqlSafe(format!(
            "SELECT lc.lead_id, {CONSENT_COLUMNS} FROM lead_consents lc \
             WHERE lc.lead_id IN ({list}) ORDER BY lc.channel"
        )))
        .persistent(keep_prepared);
        for id in &values {
            consent_query = consent_query.bind(*id);
        }
        for row in consent_query.fetch_all(&mut *connection).await? {
            let lead_id: String = row.try_get("lead_id")?;
            if let Some(&i) = index.get(&lead_id) {
                leads[i].consents.push(consent_from_row(&row)?);
            }
        }
    }
    Ok(())
}

async fn load_matching(
    connection: &mut AnyConnection,
    workspace_id: &str,
    emails: &[String],
    phones: &[String],
) -> StoreResult<Vec<LeadRecord>> {
    // One indexed lookup per key column: an `email IN (..) OR phone IN (..)` makes SQLite scan
    // the workspace, which turns a large import quadratic.
    let mut leads: Vec<LeadRecord> = Vec::new();
    for (column, values) in [("email", emails), ("phone", phones)] {
        for chunk in values.chunks(500) {
            let sql = format!(
                "SELECT {LEAD_COLUMNS} {LEAD_FROM} WHERE l.workspace_id = $1 AND l.{column} IN ({})",
                placeholders(2, chunk.len())
            );
            let mut query = sqlx::query(AssertSqlSafe(sql))
                .persistent(false)
                .bind(workspace_id);
            for value in chunk {
                query = query.bind(value);
            }
            for row in query.fetch_all(&mut *connection).await? {
                let lead = lead_from_row(&row)?;
                if !leads.iter().any(|known| known.id == lead.id) {
                    leads.push(lead);
                }
            }
        }
    }
    attach_details(connection, &mut leads).await?;
    Ok(leads)
}

/// Rows per multi-row INSERT. SQLite looks bind parameters up by name in a list, so binding
/// costs grow with the square of the parameter count: measured on 500-row import batches,
/// 400 rows per statement spent ~270 ms binding, 50 rows a fraction of that.
const MULTI_ROW_LEADS: usize = 50;

const INSERT_COLUMNS: &str = "id, workspace_id, first_name, last_name, full_name, search_text, \
    email, phone, title, company_id, stage, stage_rank, owner_id, timezone, do_not_contact, \
    email_status, custom_fields, source, created_at, updated_at";
const INSERT_WIDTH: usize = 20;

async fn insert_many(connection: &mut AnyConnection, leads: &[LeadRecord]) -> StoreResult<()> {
    if leads.is_empty() {
        return Ok(());
    }
    let rows = (0..leads.len())
        .map(|i| format!("({})", placeholders(1 + i * INSERT_WIDTH, INSERT_WIDTH)))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("INSERT INTO leads ({INSERT_COLUMNS}) VALUES {rows}");
    let customs: Vec<String> = leads
        .iter()
        .map(|l| Value::Object(l.custom_fields.clone()).to_string())
        .collect();
    let searches: Vec<String> = leads.iter().map(search_text).collect();
    let mut query = sqlx::query(AssertSqlSafe(sql)).persistent(false);
    for (i, lead) in leads.iter().enumerate() {
        query = query
            .bind(&lead.id)
            .bind(&lead.workspace_id)
            .bind(&lead.first_name)
            .bind(&lead.last_name)
            .bind(&lead.full_name)
            .bind(&searches[i])
            .bind(&lead.email)
            .bind(&lead.phone)
            .bind(&lead.title)
            .bind(&lead.company_id)
            .bind(lead.stage.as_str())
            .bind(lead.stage.rank())
            .bind(&lead.owner_id)
            .bind(&lead.timezone)
            .bind(i64::from(lead.do_not_contact))
            .bind(&lead.email_status)
            .bind(&customs[i])
            .bind(&lead.source)
            .bind(lead.created_at)
            .bind(lead.updated_at);
    }
    query.execute(&mut *connection).await?;

    let tags: Vec<(&str, &str, &str)> = leads
        .iter()
        .flat_map(|l| {
            l.tags
                .iter()
                .map(move |t| (l.workspace_id.as_str(), l.id.as_str(), t.as_str()))
        })
        .collect();
    for chunk in tags.chunks(MULTI_ROW_LEADS * 4) {
        let values = (0..chunk.len())
            .map(|i| format!("({})", placeholders(1 + i * 3, 3)))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("INSERT INTO lead_tags (workspace_id, lead_id, tag) VALUES {values}");
        let mut query = sqlx::query(AssertSqlSafe(sql)).persistent(false);
        for (workspace, lead, tag) in chunk {
            query = query.bind(*workspace).bind(*lead).bind(*tag);
        }
        query.execute(&mut *connection).await?;
    }
    let consents: Vec<(&LeadRecord, &ConsentRecord)> = leads
        .iter()
        .flat_map(|l| l.consents.iter().map(move |c| (l, c)))
        .collect();
    for chunk in consents.chunks(MULTI_ROW_LEADS * 3) {
        let values = (0..chunk.len())
            .map(|i| format!("({})", placeholders(1 + i * 6, 6)))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO lead_consents (workspace_id, lead_id, channel, status, source, updated_at) \
             VALUES {values}"
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).persistent(false);
        for (lead, consent) in chunk {
            query = query
                .bind(&lead.workspace_id)
                .bind(&lead.id)
                .bind(consent.channel.as_str())
                .bind(consent.status.as_str())
                .bind(&consent.source)
                .bind(consent.updated_at);
        }
        query.execute(&mut *connection).await?;
    }
    Ok(())
}

/// Writes `next` over `current`, touching tags and consents only where they differ.
async fn write_existing(
    connection: &mut AnyConnection,
    current: &LeadRecord,
    next: &LeadRecord,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE leads SET first_name = $3, last_name = $4, full_name = $5, search_text = $6, \
         email = $7, phone = $8, title = $9, company_id = $10, stage = $11, stage_rank = $12, \
         owner_id = $13, timezone = $14, do_not_contact = $15, custom_fields = $16, source = $17, \
         updated_at = $18 WHERE id = $1 AND workspace_id = $2",
    )
    .bind(&next.id)
    .bind(&next.workspace_id)
    .bind(&next.first_name)
    .bind(&next.last_name)
    .bind(&next.full_name)
    .bind(search_text(next))
    .bind(&next.email)
    .bind(&next.phone)
    .bind(&next.title)
    .bind(&next.company_id)
    .bind(next.stage.as_str())
    .bind(next.stage.rank())
    .bind(&next.owner_id)
    .bind(&next.timezone)
    .bind(i64::from(next.do_not_contact))
    .bind(Value::Object(next.custom_fields.clone()).to_string())
    .bind(&next.source)
    .bind(next.updated_at)
    .execute(&mut *connection)
    .await?;
    if current.tags != next.tags {
        sqlx::query("DELETE FROM lead_tags WHERE lead_id = $1")
            .bind(&next.id)
            .execute(&mut *connection)
            .await?;
        for tag in &next.tags {
            sqlx::query("INSERT INTO lead_tags (workspace_id, lead_id, tag) VALUES ($1, $2, $3)")
                .bind(&next.workspace_id)
                .bind(&next.id)
                .bind(tag)
                .execute(&mut *connection)
                .await?;
        }
    }
    for consent in &next.consents {
        if current.consents.contains(consent) {
            continue;
        }
        sqlx::query(
            "INSERT INTO lead_consents (workspace_id, lead_id, channel, status, source, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (lead_id, channel) DO UPDATE SET \
             status = EXCLUDED.status, source = EXCLUDED.source, evidence = NULL, \
             updated_at = EXCLUDED.updated_at",
        )
        .bind(&next.workspace_id)
        .bind(&next.id)
        .bind(consent.channel.as_str())
        .bind(consent.status.as_str())
        .bind(&consent.source)
        .bind(consent.updated_at)
        .execute(&mut *connection)
        .await?;
    }
    Ok(())
}
