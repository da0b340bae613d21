//! Sender mailboxes of a workspace (transport, encrypted credentials, daily cap and warm-up,
//! status) and the workspace's email settings (postal address for the CAN-SPAM footer, tracking,
//! sending window). Reading is open to every member; changes are admin-only; secrets are
//! write-only.

use super::error::{ApiError, ApiResult, ErrorBody, FieldErrors};
use super::principal::Principal;
use super::state::AppState;
use crate::channels::email::imap::ImapUrl;
use crate::channels::email::{MailboxCredentials, SendWindow, sendgrid, smtp};
use crate::domain::{EmailAddress, Role};
use crate::store::{EmailSettingsRecord, MailboxInput, MailboxRecord, now_ms, start_of_utc_day};
use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct MailboxView {
    pub id: String,
    pub address: String,
    pub display_name: Option<String>,
    /// `smtp` or `sendgrid`.
    pub transport: String,
    /// Which secrets are stored (they are never returned).
    pub has_smtp_url: bool,
    pub has_sendgrid_api_key: bool,
    pub has_imap_url: bool,
    pub daily_cap: i64,
    pub ramp_start: i64,
    pub ramp_increment: i64,
    /// Today's cap after the warm-up ramp.
    pub cap_today: i64,
    pub sent_today: i64,
    /// `active` or `paused`.
    pub status: String,
    pub paused_reason: Option<String>,
    pub created_at: i64,
}

fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct MailboxBody {
    pub address: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub display_name: Option<Option<String>>,
    /// `smtp` (default) or `sendgrid`.
    pub transport: Option<String>,
    /// Write-only: `smtp://user:pass@host:587` (STARTTLS), `smtps://…:465`, `smtp://host:port?tls=none`.
    pub smtp_url: Option<String>,
    /// Write-only.
    pub sendgrid_api_key: Option<String>,
    /// Write-only: `imaps://user:pass@host:993` polled for replies.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub imap_url: Option<Option<String>>,
    pub daily_cap: Option<i64>,
    pub ramp_start: Option<i64>,
    pub ramp_increment: Option<i64>,
    /// `active` or `paused`.
    pub status: Option<String>,
}

async fn view(state: &AppState, mailbox: MailboxRecord) -> ApiResult<MailboxView> {
    let credentials = match state.llm.cipher() {
        Some(cipher) => MailboxCredentials::decrypt(&cipher, &mailbox).unwrap_or_default(),
        None => MailboxCredentials::default(),
    };
    let now = now_ms();
    let sent_today = state
        .store
        .email()
        .sent_since(&mailbox.id, start_of_utc_day(now))
        .await?;
    Ok(MailboxView {
        cap_today: mailbox.cap_on(now),
        sent_today,
        id: mailbox.id,
        address: mailbox.address,
        display_name: mailbox.display_name,
        transport: mailbox.transport,
        has_smtp_url: credentials.smtp_url.is_some(),
        has_sendgrid_api_key: credentials.sendgrid_api_key.is_some(),
        has_imap_url: credentials.imap_url.is_some(),
        daily_cap: mailbox.daily_cap,
        ramp_start: mailbox.ramp_start,
        ramp_increment: mailbox.ramp_increment,
        status: mailbox.status,
        paused_reason: mailbox.paused_reason,
        created_at: mailbox.created_at,
    })
}

/// Validates the body; merges secrets into `current` credentials.
fn validate(
    body: &MailboxBody,
    creating: bool,
    mut credentials: MailboxCredentials,
) -> ApiResult<(MailboxInput, MailboxCredentials)> {
    let mut errors = FieldErrors::default();
    let address = match &body.address {
        Some(raw) => errors
            .check("address", EmailAddress::parse(raw))
            .map(|a| a.as_str().to_string()),
        None if creating => {
            errors.add(
                "address",
                "is required (the sender address, e.g. ann@acme.example)",
            );
            None
        }
        None => None,
    };
    let transport = body.transport.as_deref().map(str::trim);
    if let Some(t) = transport
        && !["smtp", "sendgrid"].contains(&t)
    {
        errors.add("transport", "must be smtp or sendgrid");
    }
    if let Some(url) = &body.smtp_url {
        match smtp::lettre_url(url) {
            Ok(_) => credentials.smtp_url = Some(url.trim().to_string()),
            Err(problem) => errors.add("smtp_url", problem),
        }
    }
    if let Some(key) = &body.sendgrid_api_key {
        let key = key.trim();
        if key.is_empty() || key.len() > 500 || key.chars().any(char::is_whitespace) {
            errors.add(
                "sendgrid_api_key",
                "must be the API key without spaces (at most 500 characters)",
            );
        } else {
            credentials.sendgrid_api_key = Some(key.to_string());
        }
    }
    match &body.imap_url {
        Some(Some(url)) => match ImapUrl::parse(url) {
            Ok(_) => credentials.imap_url = Some(url.trim().to_string()),
            Err(problem) => errors.add("imap_url", problem),
        },
        Some(None) => credentials.imap_url = None,
        None => {}
    }
    for (field, value) in [
        ("daily_cap", body.daily_cap),
        ("ramp_start", body.ramp_start),
        ("ramp_increment", body.ramp_increment),
    ] {
        if let Some(v) = value
            && !(0..=100_000).contains(&v)
        {
            errors.add(field, "must be between 0 and 100000");
        }
    }
    if let Some(status) = &body.status
        && !["active", "paused"].contains(&status.as_str())
    {
        errors.add("status", "must be active or paused");
    }
    if let Some(Some(name)) = &body.display_name
        && (name.len() > 200 || name.contains(['\r', '\n']))
    {
        errors.add("display_name", "at most 200 characters on one line");
    }
    let effective_transport = transport.unwrap_or("smtp");
    if creating {
        if effective_transport == "smtp" && credentials.smtp_url.is_none() {
            errors.add("smtp_url", "is required for an smtp mailbox");
        }
        if effective_transport == "sendgrid" && credentials.sendgrid_api_key.is_none() {
            errors.add("sendgrid_api_key", "is required for a sendgrid mailbox");
        }
    }
    errors.finish()?;
    Ok((
        MailboxInput {
            address,
            display_name: body.display_name.clone(),
            transport: transport.map(str::to_string),
            credentials: None,
            daily_cap: body.daily_cap,
            ramp_start: body.ramp_start,
            ramp_increment: body.ramp_increment,
            status: body.status.clone(),
        },
        credentials,
    ))
}

fn cipher(state: &AppState) -> ApiResult<crate::llm::keys::KeyCipher> {
    state.llm.cipher().ok_or_else(|| {
        ApiError::bad_request(
            "no_encryption_key",
            "Set OMNIREACH_ENCRYPTION_KEY or OMNIREACH_SECRET_KEY so mailbox credentials can be stored encrypted.",
        )
    })
}

#[utoipa::path(tag = "email", responses((status = 200, body = [MailboxView])), security(("bearer" = [])))]
#[get("/api/mailboxes")]
pub async fn list_mailboxes(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<Vec<MailboxView>>> {
    let mut views = Vec::new();
    for mailbox in state
        .store
        .email()
        .mailboxes(&principal.workspace_id)
        .await?
    {
        views.push(view(&state, mailbox).await?);
    }
    Ok(web::Json(views))
}

#[utoipa::path(tag = "email", request_body = MailboxBody, responses((status = 201, body = MailboxView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/mailboxes")]
pub async fn create_mailbox(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<MailboxBody>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Admin)?;
    let (mut input, credentials) = validate(&body, true, MailboxCredentials::default())?;
    input.credentials = Some(credentials.encrypt(&cipher(&state)?, &principal.workspace_id));
    let mailbox = state
        .store
        .email()
        .create_mailbox(&principal.workspace_id, &input)
        .await
        .map_err(|e| match e {
            crate::store::StoreError::Conflict(_) => ApiError::conflict(
                "mailbox_exists",
                "A mailbox with this address exists in the workspace; edit it instead.",
            ),
            other => other.into(),
        })?;
    Ok(HttpResponse::Created().json(view(&state, mailbox).await?))
}

#[utoipa::path(tag = "email", params(("id" = String, Path)), request_body = MailboxBody, responses((status = 200, body = MailboxView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[patch("/api/mailboxes/{id}")]
pub async fn update_mailbox(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
    body: web::Json<MailboxBody>,
) -> ApiResult<web::Json<MailboxView>> {
    principal.require(Role::Admin)?;
    let current = state
        .store
        .email()
        .mailbox(&principal.workspace_id, &id)
        .await?;
    let cipher = cipher(&state)?;
    let existing = MailboxCredentials::decrypt(&cipher, &current).unwrap_or_default();
    let (mut input, credentials) = validate(&body, false, existing)?;
    input.credentials = Some(credentials.encrypt(&cipher, &principal.workspace_id));
    let mailbox = state
        .store
        .email()
        .update_mailbox(&principal.workspace_id, &id, &input)
        .await
        .map_err(|e| match e {
            crate::store::StoreError::Conflict(_) => ApiError::conflict(
                "mailbox_exists",
                "Another mailbox of the workspace has this address.",
            ),
            other => other.into(),
        })?;
    Ok(web::Json(view(&state, mailbox).await?))
}

#[utoipa::path(tag = "email", params(("id" = String, Path)), responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[delete("/api/mailboxes/{id}")]
pub async fn delete_mailbox(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Admin)?;
    state
        .store
        .email()
        .delete_mailbox(&principal.workspace_id, &id)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Serialize, ToSchema)]
pub struct MailboxTest {
    pub ok: bool,
    /// What failed, when it failed.
    pub error: Option<String>,
}

#[utoipa::path(tag = "email", params(("id" = String, Path)), responses((status = 200, body = MailboxTest), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
#[post("/api/mailboxes/{id}/test")]
pub async fn test_mailbox(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> ApiResult<web::Json<MailboxTest>> {
    principal.require(Role::Admin)?;
    let mailbox = state
        .store
        .email()
        .mailbox(&principal.workspace_id, &id)
        .await?;
    let credentials = MailboxCredentials::decrypt(&cipher(&state)?, &mailbox)
        .map_err(|e| ApiError::bad_request("undecryptable", e))?;
    let result = match (mailbox.transport.as_str(), &credentials) {
        (
            "sendgrid",
            MailboxCredentials {
                sendgrid_api_key: Some(key),
                ..
            },
        ) => {
            let http = reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(15))
                .build()
                .map_err(|e| ApiError::internal(e.into()))?;
            sendgrid::check(&http, &state.settings.email.sendgrid_base_url, key).await
        }
        (
            _,
            MailboxCredentials {
                smtp_url: Some(url),
                ..
            },
        ) => smtp::check(url).await,
        _ => Err("the mailbox has no credentials for its transport".into()),
    };
    Ok(web::Json(MailboxTest {
        ok: result.is_ok(),
        error: result.err(),
    }))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailSettings {
    /// The sender's postal address, printed in every email's footer (CAN-SPAM). Sends are
    /// refused while it is empty.
    pub postal_address: Option<String>,
    /// Open pixel and click tracking (the workspace default).
    pub tracking_enabled: bool,
    /// Sending days in the lead's time zone: mon, tue, … sun.
    pub window_days: Vec<String>,
    /// `HH:MM`, lead's local time.
    pub window_start: String,
    /// `HH:MM`, lead's local time (exclusive).
    pub window_end: String,
}

fn minutes(raw: &str) -> Option<i64> {
    let (h, m) = raw.trim().split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((0..=24).contains(&h) && (0..60).contains(&m) && h * 60 + m <= 1440).then_some(h * 60 + m)
}

fn settings_view(record: EmailSettingsRecord) -> EmailSettings {
    let hhmm = |m: i64| format!("{:02}:{:02}", m / 60, m % 60);
    EmailSettings {
        postal_address: record.postal_address,
        tracking_enabled: record.tracking_enabled,
        window_days: record.window_days.split(',').map(str::to_string).collect(),
        window_start: hhmm(record.window_start_minute),
        window_end: hhmm(record.window_end_minute),
    }
}

#[utoipa::path(tag = "email", responses((status = 200, body = EmailSettings)), security(("bearer" = [])))]
#[get("/api/email/settings")]
pub async fn get_email_settings(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<EmailSettings>> {
    let record = state
        .store
        .email()
        .settings(&principal.workspace_id)
        .await?;
    Ok(web::Json(settings_view(record)))
}

#[utoipa::path(tag = "email", request_body = EmailSettings, responses((status = 200, body = EmailSettings), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
#[put("/api/email/settings")]
pub async fn put_email_settings(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<EmailSettings>,
) -> ApiResult<web::Json<EmailSettings>> {
    principal.require(Role::Admin)?;
    let mut errors = FieldErrors::default();
    let postal_address = body
        .postal_address
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string);
    if postal_address.as_ref().is_some_and(|a| a.len() > 500) {
        errors.add("postal_address", "at most 500 characters");
    }
    let start = minutes(&body.window_start);
    let end = minutes(&body.window_end);
    if start.is_none() {
        errors.add("window_start", "use HH:MM, e.g. 08:00");
    }
    if end.is_none() {
        errors.add("window_end", "use HH:MM, e.g. 18:00");
    }
    let days = body
        .window_days
        .iter()
        .map(|d| d.trim().to_lowercase())
        .collect::<Vec<_>>()
        .join(",");
    if let (Some(start), Some(end)) = (start, end)
        && let Err(problem) = SendWindow::parse(&days, start, end)
    {
        errors.add("window_days", problem);
    }
    errors.finish()?;
    let record = EmailSettingsRecord {
        postal_address,
        tracking_enabled: body.tracking_enabled,
        window_days: days,
        window_start_minute: start.unwrap_or(480),
        window_end_minute: end.unwrap_or(1080),
    };
    state
        .store
        .email()
        .put_settings(&principal.workspace_id, &record)
        .await?;
    Ok(web::Json(settings_view(record)))
}
