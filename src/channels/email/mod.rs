//! The email channel: SMTP (lettre) and SendGrid behind one [`Channel`], sender mailboxes with
//! daily caps, warm-up ramp and rotation, per-recipient-domain throttling, threading headers,
//! tracking and unsubscribe links, and the parsing side of inbound mail (reply text, auto-reply
//! and bounce detection). A workspace without mailboxes uses the instance's `SMTP_URL` /
//! `SENDGRID_API_KEY`; with neither, email falls back to the sandbox.
//!
//! Idempotency: before the transport is called the email is recorded under the outbox key with
//! its Message-ID and tokens (`email_messages`, state `prepared`); after the provider accepts it,
//! `accepted`. A retry of an accepted email does not send again; a row still `prepared` after a
//! crash is ambiguous and reconciled as sent (at most once: a lost email is recoverable, a
//! duplicate to a prospect is not).

pub mod auto_reply;
pub mod imap;
pub mod inbound;
pub mod mime;
pub mod reply_text;
pub mod sendgrid;
pub mod smtp;
pub mod window;

pub use window::{SendWindow, email_send_window};

use super::{Channel, OutboundMessage, Reconciled, SandboxChannel, SendError, SendReceipt};
use crate::clock::Clock;
use crate::compliance::{Purpose, local_time_label};
use crate::domain::Channel as ChannelKind;
use crate::llm::keys::KeyCipher;
use crate::store::{MailboxRecord, NewOutboundEmail, OutboxItem, Store};
use futures_util::future::BoxFuture;
use lettre::message::Mailbox;
use mime::{DkimSettings, EmailDraft};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// The AES-GCM associated-data label for mailbox credentials.
pub const CREDENTIALS_PURPOSE: &str = "email-mailbox";

/// Instance-wide email settings (environment).
#[derive(Debug, Clone)]
pub struct EmailConfig {
    /// `SMTP_URL`: the default transport for workspaces without mailboxes.
    pub smtp_url: Option<String>,
    /// `SENDGRID_API_KEY`: the default transport when no `SMTP_URL` is set.
    pub sendgrid_api_key: Option<String>,
    /// `SENDGRID_BASE_URL` (tests point it at a fake server).
    pub sendgrid_base_url: String,
    /// `EMAIL_FROM`: sender of the default transport, `Name <address>`.
    pub from: Option<String>,
    /// `IMAP_URL`: the default mailbox polled for replies, `imap://user:pass@host:993`.
    pub imap_url: Option<String>,
    pub imap_poll_secs: u64,
    /// `SENDGRID_INBOUND_SECRET`: the path secret of the Inbound Parse webhook.
    pub inbound_secret: Option<String>,
    /// `SENDGRID_EVENT_PUBLIC_KEY`: base64 DER (SubjectPublicKeyInfo) P-256 key of the event
    /// webhook's signature.
    pub event_public_key: Option<String>,
    /// Accepted clock skew of a signed event webhook request.
    pub event_max_age_secs: i64,
    /// `EMAIL_DOMAIN_PER_MINUTE`: sends to one recipient domain per minute per workspace.
    pub domain_per_minute: i64,
    /// `EMAIL_BOUNCE_THRESHOLD_PERCENT` over the last `EMAIL_BOUNCE_WINDOW` sends.
    pub bounce_threshold_percent: i64,
    pub bounce_window: i64,
    pub dkim: Option<DkimSettings>,
}

impl Default for EmailConfig {
    fn default() -> Self {
        Self {
            smtp_url: None,
            sendgrid_api_key: None,
            sendgrid_base_url: "https://api.sendgrid.com".into(),
            from: None,
            imap_url: None,
            imap_poll_secs: 60,
            inbound_secret: None,
            event_public_key: None,
            event_max_age_secs: 600,
            domain_per_minute: 20,
            bounce_threshold_percent: 5,
            bounce_window: 20,
            dkim: None,
        }
    }
}

impl EmailConfig {
    pub fn from_env() -> anyhow::Result<Self> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let number = |name: &str, default: i64| -> anyhow::Result<i64> {
            match env(name) {
                Some(v) => v
                    .trim()
                    .parse()
                    .map_err(|_| anyhow::anyhow!("{name} must be a whole number, got '{v}'")),
                None => Ok(default),
            }
        };
        let defaults = Self::default();
        let dkim = match (
            env("DKIM_SELECTOR"),
            env("DKIM_DOMAIN"),
            env("DKIM_PRIVATE_KEY"),
        ) {
            (Some(selector), Some(domain), Some(private_key)) => {
                let algorithm = match env("DKIM_ALGORITHM").as_deref().unwrap_or("ed25519") {
                    "ed25519" => lettre::message::dkim::DkimSigningAlgorithm::Ed25519,
                    "rsa" => lettre::message::dkim::DkimSigningAlgorithm::Rsa,
                    other => anyhow::bail!("DKIM_ALGORITHM must be ed25519 or rsa, got '{other}'"),
                };
                let settings = DkimSettings {
                    selector,
                    domain,
                    private_key,
                    algorithm,
                };
                settings.check().map_err(|e| anyhow::anyhow!(e))?;
                Some(settings)
            }
            (None, None, None) => None,
            _ => {
                anyhow::bail!("DKIM needs DKIM_SELECTOR, DKIM_DOMAIN and DKIM_PRIVATE_KEY together")
            }
        };
        let config = Self {
            smtp_url: env("SMTP_URL"),
            sendgrid_api_key: env("SENDGRID_API_KEY"),
            sendgrid_base_url: env("SENDGRID_BASE_URL").unwrap_or(defaults.sendgrid_base_url),
            from: env("EMAIL_FROM"),
            imap_url: env("IMAP_URL"),
            imap_poll_secs: number("IMAP_POLL_SECS", 60)?.max(1) as u64,
            inbound_secret: env("SENDGRID_INBOUND_SECRET"),
            event_public_key: env("SENDGRID_EVENT_PUBLIC_KEY"),
            event_max_age_secs: number("SENDGRID_EVENT_MAX_AGE_SECS", 600)?.max(1),
            domain_per_minute: number("EMAIL_DOMAIN_PER_MINUTE", 20)?.max(1),
            bounce_threshold_percent: number("EMAIL_BOUNCE_THRESHOLD_PERCENT", 5)?.clamp(1, 100),
            bounce_window: number("EMAIL_BOUNCE_WINDOW", 20)?.max(1),
            dkim,
        };
        if let Some(url) = &config.smtp_url {
            smtp::lettre_url(url).map_err(|e| anyhow::anyhow!("SMTP_URL: {e}"))?;
        }
        if (config.smtp_url.is_some() || config.sendgrid_api_key.is_some())
            && config
                .from
                .as_deref()
                .and_then(|f| f.parse::<Mailbox>().ok())
                .is_none()
        {
            anyhow::bail!(
                "EMAIL_FROM must be set to the sender, e.g. 'Ann Seller <ann@acme.example>'"
            );
        }
        Ok(config)
    }
}

/// A mailbox's secrets, stored encrypted; never returned by the API.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MailboxCredentials {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smtp_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sendgrid_api_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imap_url: Option<String>,
}

impl MailboxCredentials {
    pub fn decrypt(cipher: &KeyCipher, mailbox: &MailboxRecord) -> Result<Self, String> {
        let Some(ciphertext) = &mailbox.credentials else {
            return Ok(Self::default());
        };
        let plain = cipher
            .decrypt(&mailbox.workspace_id, CREDENTIALS_PURPOSE, ciphertext)
            .map_err(|e| e.to_string())?;
        serde_json::from_str(&plain).map_err(|e| format!("stored mailbox credentials: {e}"))
    }

    pub fn encrypt(&self, cipher: &KeyCipher, workspace_id: &str) -> Vec<u8> {
        let json = serde_json::to_string(self).expect("credentials serialise");
        cipher.encrypt(workspace_id, CREDENTIALS_PURPOSE, &json)
    }
}

/// Where one email goes out.
#[derive(Debug, Clone)]
enum Transport {
    Smtp(String),
    SendGrid(String),
}

struct Picked {
    mailbox_id: Option<String>,
    from: Mailbox,
    transport: Transport,
}

pub struct EmailChannel {
    store: Store,
    config: Arc<EmailConfig>,
    cipher: Option<KeyCipher>,
    public_url: String,
    http: reqwest::Client,
    sandbox: SandboxChannel,
    clock: Clock,
    /// Per workspace: held from picking a mailbox until the email's row is written, so
    /// concurrent sends count each other against the daily caps (one process; across nodes
    /// the caps can overshoot by the sends in flight).
    reservations: Arc<std::sync::Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
}

impl EmailChannel {
    pub fn new(
        store: Store,
        config: Arc<EmailConfig>,
        cipher: Option<KeyCipher>,
        public_url: String,
        clock: Clock,
    ) -> Self {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .expect("HTTP client builds");
        Self {
            sandbox: SandboxChannel::new(store.clone()),
            store,
            config,
            cipher,
            public_url,
            http,
            clock,
            reservations: Arc::default(),
        }
    }

    fn reservation_lock(&self, workspace_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        self.reservations
            .lock()
            .expect("reservation locks")
            .entry(workspace_id.to_string())
            .or_default()
            .clone()
    }

    /// The mailbox for this lead: the one that already wrote to it (the thread stays with its
    /// mailbox), else the active mailbox under today's cap that sent least today. `Ok(None)`:
    /// nothing configured for the workspace (the sandbox answers). Every active mailbox at
    /// today's cap: deferred to the next UTC day. A campaign's email also skips mailboxes
    /// that sent the campaign's `per_mailbox_daily_cap` today (`campaign`: id and cap).
    async fn pick(
        &self,
        workspace_id: &str,
        lead_id: &str,
        now: i64,
        campaign: Option<&(String, i64)>,
    ) -> Result<Option<Picked>, SendError> {
        let temporary = |e: crate::store::StoreError| SendError::Temporary(e.to_string());
        let email = self.store.email();
        let mailboxes = email.mailboxes(workspace_id).await.map_err(temporary)?;
        if mailboxes.is_empty() {
            return Ok(self.default_transport());
        }
        let day_start = crate::store::start_of_utc_day(now);
        let sticky = email
            .sticky_mailbox(workspace_id, lead_id)
            .await
            .map_err(temporary)?;
        let mut best: Option<(i64, &MailboxRecord)> = None;
        let mut campaign_capped = false;
        for mailbox in mailboxes.iter().filter(|m| m.status == "active") {
            let used = email
                .sent_since(&mailbox.id, day_start)
                .await
                .map_err(temporary)?;
            if used >= mailbox.cap_on(now) {
                continue;
            }
            if let Some((campaign_id, cap)) = campaign {
                let by_campaign = email
                    .campaign_sent_since(&mailbox.id, campaign_id, day_start)
                    .await
                    .map_err(temporary)?;
                if by_campaign >= *cap {
                    campaign_capped = true;
                    continue;
                }
            }
            if sticky.as_deref() == Some(mailbox.id.as_str()) {
                best = Some((i64::MIN, mailbox));
                break;
            }
            if best.is_none_or(|(least, _)| used < least) {
                best = Some((used, mailbox));
            }
        }
        let Some((_, mailbox)) = best else {
            if mailboxes.iter().any(|m| m.status == "active") {
                let until = day_start + 86_400_000;
                if let (true, Some((_, cap))) = (campaign_capped, campaign) {
                    return Err(SendError::Deferred {
                        until,
                        reason: format!(
                            "campaign_mailbox_cap: the campaign has sent its {cap} per mailbox today from every mailbox it may use; held until {}",
                            local_time_label(until)
                        ),
                    });
                }
                return Err(SendError::Deferred {
                    until,
                    reason: format!(
                        "mailbox_cap: every active mailbox has sent today's cap (daily cap, or the warm-up ramp); held until {}",
                        local_time_label(until)
                    ),
                });
            }
            return Err(SendError::Temporary(
                "every mailbox of the workspace is paused".into(),
            ));
        };
        let cipher = self.cipher.as_ref().ok_or_else(|| {
            SendError::Permanent("no encryption key to read mailbox credentials".into())
        })?;
        let credentials =
            MailboxCredentials::decrypt(cipher, mailbox).map_err(SendError::Permanent)?;
        let transport = match mailbox.transport.as_str() {
            "sendgrid" => Transport::SendGrid(credentials.sendgrid_api_key.ok_or_else(|| {
                SendError::Permanent(format!(
                    "mailbox {} has no SendGrid API key",
                    mailbox.address
                ))
            })?),
            _ => Transport::Smtp(credentials.smtp_url.ok_or_else(|| {
                SendError::Permanent(format!("mailbox {} has no SMTP URL", mailbox.address))
            })?),
        };
        let address = mailbox.address.parse().map_err(|_| {
            SendError::Permanent(format!(
                "mailbox address '{}' is not valid",
                mailbox.address
            ))
        })?;
        Ok(Some(Picked {
            mailbox_id: Some(mailbox.id.clone()),
            from: Mailbox::new(mailbox.display_name.clone(), address),
            transport,
        }))
    }

    fn default_transport(&self) -> Option<Picked> {
        let from: Mailbox = self.config.from.as_deref()?.parse().ok()?;
        let transport = match (&self.config.smtp_url, &self.config.sendgrid_api_key) {
            (Some(url), _) => Transport::Smtp(url.clone()),
            (None, Some(key)) => Transport::SendGrid(key.clone()),
            (None, None) => return None,
        };
        Some(Picked {
            mailbox_id: None,
            from,
            transport,
        })
    }

    async fn send_email(&self, message: &OutboundMessage) -> Result<SendReceipt, SendError> {
        let item = &message.item;
        let workspace_id = item.workspace_id.as_str();
        let temporary = |e: crate::store::StoreError| SendError::Temporary(e.to_string());
        let email_store = self.store.email();
        if let Some(existing) = email_store
            .by_idempotency_key(&item.idempotency_key)
            .await
            .map_err(temporary)?
            && existing.state != "prepared"
        {
            // Accepted before (a retry after the outbox write failed): never send twice.
            return Ok(SendReceipt::accepted(
                existing.provider_message_id.or(Some(existing.header_id)),
            ));
        }
        let lock = self.reservation_lock(workspace_id);
        let reservation = lock.lock().await;
        let now = self.clock.now_ms();
        let campaign = match item.idempotency_key.starts_with("wf:") {
            true => email_store
                .campaign_mailbox_cap(&item.message_id)
                .await
                .map_err(temporary)?,
            false => None,
        };
        let Some(picked) = self
            .pick(workspace_id, &message.lead_id, now, campaign.as_ref())
            .await?
        else {
            return self.sandbox.send(message).await;
        };
        let lead = self
            .store
            .leads()
            .find(workspace_id, &message.lead_id)
            .await
            .map_err(temporary)?
            .ok_or_else(|| SendError::Permanent("the lead no longer exists".into()))?;
        let to_address = lead.email.clone().ok_or_else(|| {
            SendError::Permanent("the lead has no email address; add one before emailing".into())
        })?;
        if lead.do_not_contact {
            return Err(SendError::Permanent(
                "the lead is marked do-not-contact (a bounce, a complaint or a user's decision)"
                    .into(),
            ));
        }
        if lead.email_status == "invalid" {
            return Err(SendError::Permanent(format!(
                "{to_address} bounced before and is marked invalid"
            )));
        }
        if let Some(entry) = self
            .store
            .compliance()
            .suppression_for(workspace_id, ChannelKind::Email, &to_address)
            .await
            .map_err(temporary)?
        {
            return Err(SendError::Permanent(format!(
                "{to_address} is on the suppression list ({})",
                entry.reason
            )));
        }
        let settings = email_store
            .settings(workspace_id)
            .await
            .map_err(temporary)?;
        let postal_address = settings.postal_address.clone().filter(|a| !a.trim().is_empty()).ok_or_else(|| {
            SendError::Permanent(
                "commercial email needs the sender's postal address (CAN-SPAM): set it with PUT /api/email/settings"
                    .into(),
            )
        })?;
        let window = SendWindow::from_settings(&settings);
        if Purpose::from_idempotency_key(&item.idempotency_key) == Purpose::Marketing
            && let Some(until) = email_send_window(&lead, &window, now)
        {
            return Err(SendError::Deferred {
                until,
                reason: format!(
                    "sending_window: email goes out {} in the lead's local time ({}); held until {}",
                    window.describe(),
                    lead.timezone
                        .as_deref()
                        .unwrap_or("UTC: the lead has no time zone"),
                    local_time_label(until)
                ),
            });
        }
        let domain = to_address
            .rsplit_once('@')
            .map(|(_, d)| d)
            .unwrap_or_default();
        let (recent, earliest) = email_store
            .sent_to_domain_since(workspace_id, domain, now - 60_000)
            .await
            .map_err(temporary)?;
        if recent >= self.config.domain_per_minute {
            let until = earliest.unwrap_or(now) + 60_000;
            return Err(SendError::Deferred {
                until,
                reason: format!(
                    "domain_throttle: throttled: {recent} emails to {domain} in the last minute (EMAIL_DOMAIN_PER_MINUTE = {}); held until {}",
                    self.config.domain_per_minute,
                    local_time_label(until)
                ),
            });
        }
        let to: Mailbox = format!("<{to_address}>")
            .parse()
            .or_else(|_| to_address.parse())
            .map_err(|_| SendError::Permanent(format!("'{to_address}' is not a valid address")))?;
        let thread = email_store
            .thread(workspace_id, &message.lead_id)
            .await
            .map_err(temporary)?;
        let references: Vec<String> = thread.iter().map(|e| e.header_id.clone()).collect();
        let existing = email_store
            .by_idempotency_key(&item.idempotency_key)
            .await
            .map_err(temporary)?;
        let (header_id, token) = match &existing {
            Some(e) => (e.header_id.clone(), e.token.clone().unwrap_or_default()),
            None => (
                header_id_for(&item.idempotency_key, picked.from.email.domain()),
                hex::encode(rand::random::<[u8; 16]>()),
            ),
        };
        // A follow-up without its own subject continues the thread's first subject.
        let mut subject = message.subject.clone().filter(|s| !s.trim().is_empty());
        if subject.is_none()
            && let Some(first) = thread.iter().find_map(|e| e.message_id.clone())
        {
            subject = self
                .store
                .conversations()
                .message(workspace_id, &first)
                .await
                .ok()
                .and_then(|m| m.subject);
        }
        let subject = subject.unwrap_or_else(|| "Hello".into());
        let composed = mime::compose(&EmailDraft {
            from: picked.from.clone(),
            to,
            subject: &subject,
            body: &message.body,
            header_id: &header_id,
            references: &references,
            public_url: &self.public_url,
            token: &token,
            postal_address: &postal_address,
            tracking: settings.tracking_enabled,
        });
        let prepared = email_store
            .prepare_outbound(&NewOutboundEmail {
                workspace_id,
                lead_id: &message.lead_id,
                message_id: &item.message_id,
                mailbox_id: picked.mailbox_id.as_deref(),
                header_id: &header_id,
                idempotency_key: &item.idempotency_key,
                token: &token,
                address: &to_address,
                links: &composed.links,
                created_at: now,
            })
            .await
            .map_err(temporary)?;
        drop(reservation);
        let provider_id = match &picked.transport {
            Transport::Smtp(url) => {
                let dkim = self
                    .config
                    .dkim
                    .as_ref()
                    .filter(|dkim| dkim.signs_for(picked.from.email.domain()));
                smtp::send(url, &composed, dkim).await?
            }
            Transport::SendGrid(key) => {
                sendgrid::send(
                    &self.http,
                    &self.config.sendgrid_base_url,
                    key,
                    &composed,
                    &[
                        ("omnireach_email_id", prepared.id.as_str()),
                        ("omnireach_workspace_id", workspace_id),
                    ],
                )
                .await?
            }
        };
        email_store
            .mark_accepted(&prepared.id, provider_id.as_deref())
            .await
            .map_err(temporary)?;
        Ok(SendReceipt::accepted(provider_id.or(Some(header_id))))
    }
}

impl Channel for EmailChannel {
    fn name(&self) -> &'static str {
        "email"
    }

    fn send<'a>(
        &'a self,
        message: &'a OutboundMessage,
    ) -> BoxFuture<'a, Result<SendReceipt, SendError>> {
        Box::pin(self.send_email(message))
    }

    fn reconcile<'a>(
        &'a self,
        item: &'a OutboxItem,
    ) -> BoxFuture<'a, Result<Reconciled, SendError>> {
        Box::pin(async move {
            let found = self
                .store
                .email()
                .by_idempotency_key(&item.idempotency_key)
                .await
                .map_err(|e| SendError::Temporary(e.to_string()))?;
            match found {
                // Never reached a transport: the sandbox may have it, else it was not sent.
                None => self.sandbox.reconcile(item).await,
                Some(email) if email.state == "prepared" => {
                    tracing::warn!(outbox = %item.id, "an email may or may not have left before a crash; treating it as sent (at most once)");
                    Ok(Reconciled::Sent(Some(email.header_id)))
                }
                Some(email) => Ok(Reconciled::Sent(
                    email.provider_message_id.or(Some(email.header_id)),
                )),
            }
        })
    }
}

/// Our Message-ID (without brackets) for an outbox row: derived from its idempotency key, so a
/// retry carries the same id, and made of characters every parser accepts in a msg-id.
pub fn header_id_for(idempotency_key: &str, domain: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(idempotency_key.as_bytes());
    format!("{}.omnireach@{domain}", hex::encode(&digest[..16]))
}

/// Pauses a mailbox whose bounce rate over its last sends passes the threshold. Returns the
/// reason when it paused it.
pub async fn check_bounce_rate(
    store: &Store,
    config: &EmailConfig,
    mailbox_id: &str,
) -> Option<String> {
    let (sends, bounces) = store
        .email()
        .bounce_stats(mailbox_id, config.bounce_window)
        .await
        .ok()?;
    if sends < config.bounce_window || bounces * 100 < config.bounce_threshold_percent * sends {
        return None;
    }
    let reason = format!(
        "bounce rate {bounces}/{sends} over the last {sends} sends passed {}%",
        config.bounce_threshold_percent
    );
    store
        .email()
        .pause_mailbox(mailbox_id, &reason)
        .await
        .ok()?
        .then_some(reason)
}
