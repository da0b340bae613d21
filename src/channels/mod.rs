//! Outbound channels behind one trait. Each provider is one module; [`Channels::from_config`] is
//! the one place that picks implementations. On the embedded default every channel is the
//! sandbox: messages are recorded as delivered, nothing leaves the machine.
//!
//! Invariants every implementation keeps:
//! - `send` passes the outbox row's idempotency key to the provider (or records it), so a retry
//!   after a crash is recognised by the provider rather than sent twice;
//! - `reconcile` answers, for a row left in `sending` by a crash, whether the provider has it.

pub mod email;
pub mod linkedin;
mod sandbox;
pub mod twilio;

pub use linkedin::LinkedinChannel;
pub use sandbox::SandboxChannel;
pub use twilio::{TwilioChannel, TwilioSetup};

use crate::store::{LinkedinTaskRecord, OutboxItem, Store};
use futures_util::future::BoxFuture;
use std::collections::HashMap;
use std::sync::Arc;

/// What to send, resolved from the message row.
#[derive(Debug, Clone)]
pub struct OutboundMessage {
    pub item: OutboxItem,
    pub lead_id: String,
    pub to: Option<String>,
    pub subject: Option<String>,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct SendReceipt {
    pub provider_message_id: Option<String>,
    /// Some channels (the sandbox) know at once that the message was delivered.
    pub delivered: bool,
    /// The sandbox's delivery is recorded in the same transaction that marks the send done,
    /// so "sent" and "the provider has it" can never disagree.
    pub record_in_sandbox: bool,
    /// A task the channel made for a human to do (LinkedIn), announced once the send is
    /// recorded.
    pub task: Option<LinkedinTaskRecord>,
}

impl SendReceipt {
    /// The provider took it; its delivery report, if any, comes later.
    pub fn accepted(provider_message_id: Option<String>) -> Self {
        Self {
            provider_message_id,
            delivered: false,
            record_in_sandbox: false,
            task: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Worth retrying later (timeouts, 5xx, rate limits).
    #[error("temporary failure: {0}")]
    Temporary(String),
    /// Will never succeed as is (invalid address, rejected content).
    #[error("permanent failure: {0}")]
    Permanent(String),
    /// Not now, and not a failure: the send may go at `until` (epoch ms) — outside the sending
    /// window, a mailbox at today's cap, a recipient domain at its per-minute limit. The outbox
    /// holds the row until then without counting an attempt; `reason` (`code: text`) is shown
    /// on the message while it waits.
    #[error("held until {until}: {reason}")]
    Deferred { until: i64, reason: String },
}

pub enum Reconciled {
    /// The provider has it: mark sent, do not resend.
    Sent(Option<String>),
    /// The provider never got it: safe to send again.
    NotSent,
}

pub trait Channel: Send + Sync {
    fn name(&self) -> &'static str;
    fn send<'a>(
        &'a self,
        message: &'a OutboundMessage,
    ) -> BoxFuture<'a, Result<SendReceipt, SendError>>;
    fn reconcile<'a>(
        &'a self,
        item: &'a OutboxItem,
    ) -> BoxFuture<'a, Result<Reconciled, SendError>>;
}

/// What the providers need from the configuration.
#[derive(Clone)]
pub struct ChannelSettings {
    pub email: Arc<email::EmailConfig>,
    /// Encrypts provider credentials stored per workspace.
    pub cipher: Option<crate::llm::keys::KeyCipher>,
    /// Where tracking and unsubscribe links point (`PUBLIC_URL`).
    pub public_url: String,
    /// The outbox's clock: mailbox caps, throttling and sending windows read it.
    pub clock: crate::clock::Clock,
}

impl Default for ChannelSettings {
    /// No provider configured: every channel answers from the sandbox.
    fn default() -> Self {
        Self {
            email: Arc::new(email::EmailConfig::default()),
            cipher: None,
            public_url: "http://127.0.0.1:8080".into(),
            clock: crate::clock::Clock::system(),
        }
    }
}

/// Channel name → implementation.
#[derive(Clone)]
pub struct Channels {
    by_name: Arc<HashMap<String, Arc<dyn Channel>>>,
    fallback: Arc<dyn Channel>,
}

/// Channels a conversation can use (the UI offers these).
pub const CHANNEL_NAMES: [&str; 6] = ["sandbox", "email", "sms", "whatsapp", "voice", "linkedin"];

impl Channels {
    /// The embedded default: the sandbox answers for every channel until a provider is
    /// configured. With `twilio`, `sms` and `whatsapp` go through Twilio for every workspace
    /// that has an account (its settings, or the `TWILIO_*` environment for the default
    /// workspace); the Twilio channel itself answers like the sandbox for the others. Email goes
    /// through SMTP / SendGrid per workspace mailbox or the instance default (the sandbox answers
    /// for workspaces with neither). LinkedIn is always the task channel (a human does the step).
    pub fn from_config(store: Store, twilio: Option<TwilioSetup>, email: &ChannelSettings) -> Self {
        let sandbox: Arc<dyn Channel> = Arc::new(SandboxChannel::new(store.clone()));
        let mut by_name: HashMap<String, Arc<dyn Channel>> = HashMap::new();
        by_name.insert(
            "linkedin".into(),
            Arc::new(LinkedinChannel::with_tasks(store.clone())),
        );
        if let Some(setup) = twilio {
            let twilio: Arc<dyn Channel> = Arc::new(TwilioChannel::new(setup));
            by_name.insert("sms".into(), twilio.clone());
            by_name.insert("whatsapp".into(), twilio);
        }
        by_name.insert(
            "email".into(),
            Arc::new(email::EmailChannel::new(
                store,
                email.email.clone(),
                email.cipher.clone(),
                email.public_url.clone(),
                email.clock.clone(),
            )),
        );
        Self {
            by_name: Arc::new(by_name),
            fallback: sandbox,
        }
    }

    pub fn get(&self, channel: &str) -> Arc<dyn Channel> {
        self.by_name
            .get(channel)
            .cloned()
            .unwrap_or_else(|| self.fallback.clone())
    }
}
