//! Twilio SMS and WhatsApp. [`TwilioSetup`] resolves a workspace's credentials (its own
//! settings, stored with the auth token encrypted, else the `TWILIO_*` environment for the
//! default workspace); [`TwilioChannel`] sends through [`client::TwilioClient`] and answers
//! for the sandbox when a workspace has no Twilio account, so the embedded default still works.
//!
//! Reconcile (a row a crash left in `sending`): Twilio's Messages API takes no idempotency
//! key, so we ask it for messages to the lead's number from our sender since the day the
//! message was queued, and look for the same body. Found → sent (never resent); not found →
//! safe to send again. Limits: two identical bodies to one number on one day look like one
//! (we then err on "sent", never on a double send); template sends have no body to compare, so
//! any message to that number since then counts as sent; the list reads the first 100 results.

pub mod client;
pub mod signature;

use super::{Channel, OutboundMessage, Reconciled, SandboxChannel, SendError, SendReceipt};
use crate::domain::Channel as ChannelKind;
use crate::llm::keys::KeyCipher;
use crate::store::{NewSuppression, OutboxItem, Store, SuppressionReason};
pub use client::{CreateMessage, TwilioClient, TwilioCredentials, TwilioError, TwilioMessage};
use futures_util::future::BoxFuture;
use std::sync::Arc;
use tokio::sync::OnceCell;

/// Provider label in the encryption's associated data.
pub const PROVIDER: &str = "twilio";

/// `TWILIO_*` environment (the default workspace's account) and where Twilio calls us.
#[derive(Clone)]
pub struct TwilioConfig {
    pub account_sid: Option<String>,
    pub auth_token: Option<String>,
    pub from_number: Option<String>,
    pub messaging_service_sid: Option<String>,
    pub whatsapp_from: Option<String>,
    /// `TWILIO_API_BASE_URL`, default `https://api.twilio.com` (tests point it at a fake).
    pub api_base_url: String,
}

impl Default for TwilioConfig {
    fn default() -> Self {
        Self {
            account_sid: None,
            auth_token: None,
            from_number: None,
            messaging_service_sid: None,
            whatsapp_from: None,
            api_base_url: "https://api.twilio.com".into(),
        }
    }
}

impl TwilioConfig {
    pub fn from_env() -> Self {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Self {
            account_sid: env("TWILIO_ACCOUNT_SID"),
            auth_token: env("TWILIO_AUTH_TOKEN"),
            from_number: env("TWILIO_FROM_NUMBER"),
            messaging_service_sid: env("TWILIO_MESSAGING_SERVICE_SID"),
            whatsapp_from: env("TWILIO_WHATSAPP_FROM"),
            api_base_url: env("TWILIO_API_BASE_URL")
                .unwrap_or_else(|| "https://api.twilio.com".into()),
        }
    }

    fn credentials(&self) -> Option<TwilioCredentials> {
        let (Some(sid), Some(token)) = (&self.account_sid, &self.auth_token) else {
            return None;
        };
        if self.from_number.is_none() && self.messaging_service_sid.is_none() {
            return None;
        }
        Some(TwilioCredentials {
            account_sid: sid.clone(),
            auth_token: token.clone(),
            from_number: self.from_number.clone(),
            messaging_service_sid: self.messaging_service_sid.clone(),
            whatsapp_from: self.whatsapp_from.clone(),
        })
    }
}

/// Everything Twilio needs at run time; shared by the channel and the HTTP layer (settings,
/// webhooks). Cheap to clone.
#[derive(Clone)]
pub struct TwilioSetup {
    pub store: Store,
    pub client: TwilioClient,
    env: Option<TwilioCredentials>,
    pub cipher: Option<KeyCipher>,
    /// `PUBLIC_URL`: the base URL Twilio calls (status callbacks, signature checks).
    pub public_url: Option<String>,
    default_workspace: Arc<OnceCell<Option<String>>>,
}

impl TwilioSetup {
    pub fn new(
        store: Store,
        config: &TwilioConfig,
        cipher: Option<KeyCipher>,
        public_url: Option<String>,
    ) -> Self {
        Self {
            store,
            client: TwilioClient::new(&config.api_base_url),
            env: config.credentials(),
            cipher,
            public_url: public_url.map(|u| u.trim_end_matches('/').to_string()),
            default_workspace: Arc::new(OnceCell::new()),
        }
    }

    async fn default_workspace(&self) -> Option<String> {
        self.default_workspace
            .get_or_init(|| async {
                self.store
                    .workspaces()
                    .first()
                    .await
                    .ok()
                    .flatten()
                    .map(|w| w.id)
            })
            .await
            .clone()
    }

    /// The environment's account, when configured.
    pub fn env_credentials(&self) -> Option<&TwilioCredentials> {
        self.env.as_ref()
    }

    pub async fn is_default_workspace(&self, workspace_id: &str) -> bool {
        self.default_workspace().await.as_deref() == Some(workspace_id)
    }

    /// The workspace's Twilio account: its own settings, else the environment's for the default
    /// workspace. `Err` when stored settings cannot be decrypted.
    pub async fn credentials(
        &self,
        workspace_id: &str,
    ) -> Result<Option<TwilioCredentials>, String> {
        let stored = self
            .store
            .messaging()
            .twilio_account(workspace_id)
            .await
            .map_err(|e| e.to_string())?;
        if let Some(account) = stored {
            let cipher = self
                .cipher
                .as_ref()
                .ok_or("no encryption key to read the stored Twilio auth token")?;
            let token = cipher
                .decrypt(workspace_id, PROVIDER, &account.auth_token_ciphertext)
                .map_err(|e| e.to_string())?;
            return Ok(Some(TwilioCredentials {
                account_sid: account.account_sid,
                auth_token: token,
                from_number: account.from_number,
                messaging_service_sid: account.messaging_service_sid,
                whatsapp_from: account.whatsapp_from,
            }));
        }
        if self.env.is_some() && self.is_default_workspace(workspace_id).await {
            return Ok(self.env.clone());
        }
        Ok(None)
    }

    /// Workspaces (with their credentials) that receive webhooks for this Account SID.
    pub async fn workspaces_for_account(
        &self,
        account_sid: &str,
    ) -> Vec<(String, TwilioCredentials)> {
        let mut found = Vec::new();
        if let Ok(accounts) = self
            .store
            .messaging()
            .twilio_accounts_by_sid(account_sid)
            .await
        {
            for account in accounts {
                if let Ok(Some(credentials)) = self.credentials(&account.workspace_id).await {
                    found.push((account.workspace_id, credentials));
                }
            }
        }
        if let Some(env) = &self.env
            && env.account_sid == account_sid
            && let Some(workspace_id) = self.default_workspace().await
            && !found.iter().any(|(w, _)| *w == workspace_id)
        {
            found.push((workspace_id, env.clone()));
        }
        found
    }

    /// The `StatusCallback` for a message: our message id rides in the URL (signed by Twilio
    /// with the rest), so a callback that races our own bookkeeping still finds its message.
    pub fn status_callback(&self, message_id: &str) -> Option<String> {
        self.public_url
            .as_ref()
            .map(|base| format!("{base}/api/webhooks/twilio/status?message_id={message_id}"))
    }

    /// Sends a message now through the workspace's account (the settings "send test").
    pub async fn send_now(
        &self,
        workspace_id: &str,
        message: &CreateMessage,
    ) -> Result<TwilioMessage, TwilioError> {
        let credentials = match self.credentials(workspace_id).await {
            Ok(Some(c)) => c,
            Ok(None) => {
                return Err(TwilioError::Permanent {
                    status: 400,
                    code: None,
                    message: "Twilio is not configured for this workspace".into(),
                });
            }
            Err(e) => {
                return Err(TwilioError::Permanent {
                    status: 400,
                    code: None,
                    message: e,
                });
            }
        };
        let result = self.client.create_message(&credentials, message).await;
        self.record_health(workspace_id, result.as_ref().err())
            .await;
        result
    }

    async fn record_health(&self, workspace_id: &str, error: Option<&TwilioError>) {
        let text = error.map(|e| e.to_string());
        if let Err(e) = self
            .store
            .messaging()
            .record_twilio_health(workspace_id, text.as_deref())
            .await
        {
            tracing::warn!(error = %e, "recording Twilio health failed");
        }
    }
}

/// The `sms` and `whatsapp` channels.
pub struct TwilioChannel {
    setup: TwilioSetup,
    sandbox: SandboxChannel,
}

impl TwilioChannel {
    pub fn new(setup: TwilioSetup) -> Self {
        let sandbox = SandboxChannel::new(setup.store.clone());
        Self { setup, sandbox }
    }

    async fn send_with(
        &self,
        credentials: &TwilioCredentials,
        message: &OutboundMessage,
    ) -> Result<SendReceipt, SendError> {
        let item = &message.item;
        let whatsapp = item.channel == "whatsapp";
        let to = message
            .to
            .clone()
            .ok_or_else(|| SendError::Permanent("the lead has no phone number".into()))?;
        let store = &self.setup.store;
        let mut create = CreateMessage {
            to: to.clone(),
            whatsapp,
            body: Some(message.body.clone()),
            status_callback: self.setup.status_callback(&item.message_id),
            ..CreateMessage::default()
        };
        if whatsapp
            && let Some((template_id, variables)) = store
                .messaging()
                .message_template(&item.message_id)
                .await
                .map_err(|e| SendError::Temporary(e.to_string()))?
        {
            let template = store
                .messaging()
                .template(&item.workspace_id, &template_id)
                .await
                .map_err(|e| SendError::Temporary(e.to_string()))?
                .ok_or_else(|| SendError::Permanent("the WhatsApp template is gone".into()))?;
            let sid = template.content_sid.ok_or_else(|| {
                SendError::Permanent(format!(
                    "the WhatsApp template '{}' has no ContentSid; approve it with the ContentSid Twilio gave it",
                    template.name
                ))
            })?;
            create.body = None;
            create.content_sid = Some(sid);
            create.content_variables = variables;
        }
        let result = self.setup.client.create_message(credentials, &create).await;
        self.setup
            .record_health(&item.workspace_id, result.as_ref().err())
            .await;
        match result {
            Ok(sent) => Ok(SendReceipt::accepted(Some(sent.sid))),
            Err(TwilioError::Temporary(reason)) => Err(SendError::Temporary(reason)),
            Err(error @ TwilioError::Permanent { code, .. }) => {
                if code == Some(client::UNSUBSCRIBED_RECIPIENT) {
                    // Twilio already knows this number replied STOP: keep our list in step.
                    let channel = if whatsapp {
                        ChannelKind::Whatsapp
                    } else {
                        ChannelKind::Sms
                    };
                    let _ = store
                        .compliance()
                        .suppress(&NewSuppression {
                            workspace_id: &item.workspace_id,
                            channel: Some(channel),
                            address: &to,
                            reason: SuppressionReason::Stop,
                            source: Some("twilio error 21610"),
                            lead_id: Some(&message.lead_id),
                        })
                        .await;
                }
                Err(SendError::Permanent(error.to_string()))
            }
        }
    }

    async fn reconcile_with(
        &self,
        credentials: &TwilioCredentials,
        item: &OutboxItem,
    ) -> Result<Reconciled, SendError> {
        let store = &self.setup.store;
        let temporary = |e: crate::store::StoreError| SendError::Temporary(e.to_string());
        let message = store
            .conversations()
            .message(&item.workspace_id, &item.message_id)
            .await
            .map_err(temporary)?;
        let lead = store
            .leads()
            .find(&item.workspace_id, &message.lead_id)
            .await
            .map_err(temporary)?;
        let Some(phone) = lead.and_then(|l| l.phone) else {
            return Ok(Reconciled::NotSent);
        };
        let whatsapp = item.channel == "whatsapp";
        let to = if whatsapp {
            format!("whatsapp:{phone}")
        } else {
            phone
        };
        let day = chrono::DateTime::from_timestamp_millis(message.created_at)
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let by_template = store
            .messaging()
            .message_template(&item.message_id)
            .await
            .map_err(temporary)?
            .is_some();
        let found = self
            .setup
            .client
            .list_messages(credentials, &to, None, &day)
            .await
            .map_err(|e| SendError::Temporary(e.to_string()))?;
        let matched = found
            .into_iter()
            .find(|m| by_template || m.body.as_deref() == Some(message.body.as_str()));
        Ok(match matched {
            Some(m) => Reconciled::Sent(Some(m.sid)),
            None => Reconciled::NotSent,
        })
    }
}

impl Channel for TwilioChannel {
    fn name(&self) -> &'static str {
        "twilio"
    }

    fn send<'a>(
        &'a self,
        message: &'a OutboundMessage,
    ) -> BoxFuture<'a, Result<SendReceipt, SendError>> {
        Box::pin(async move {
            match self.setup.credentials(&message.item.workspace_id).await {
                Ok(Some(credentials)) => self.send_with(&credentials, message).await,
                Ok(None) => self.sandbox.send(message).await,
                Err(error) => Err(SendError::Temporary(error)),
            }
        })
    }

    fn reconcile<'a>(
        &'a self,
        item: &'a OutboxItem,
    ) -> BoxFuture<'a, Result<Reconciled, SendError>> {
        Box::pin(async move {
            match self.setup.credentials(&item.workspace_id).await {
                Ok(Some(credentials)) => self.reconcile_with(&credentials, item).await,
                Ok(None) => self.sandbox.reconcile(item).await,
                Err(error) => Err(SendError::Temporary(error)),
            }
        })
    }
}
