//! The AI layer: writes a lead's next message as an agent. [`Llm::reply`] is the one entry
//! point; it loads the agent and persona, builds the prompt, routes the request across the
//! configured providers (failover, retries, circuit breakers), streams text as it arrives,
//! logs every attempt in `llm_requests`, serves repeats from the cache and enforces the
//! workspace's monthly budget. With no provider configured it answers with the deterministic
//! offline responder, labelled `offline`.
//!
//! This module knows nothing of HTTP or actors: callers hand it a [`ReplyContext`], a channel
//! for text deltas and a cancellation token.

pub mod anthropic;
pub mod breaker;
pub mod config;
pub mod keys;
pub mod offline;
pub mod openai_compatible;
pub mod prices;
pub mod prompt;
pub mod provider;
mod router;
mod settings;
pub mod sse;

pub use breaker::{Clock, ManualClock, SystemClock};
pub use config::{LlmConfig, ProviderEnv, RouterTiming};
pub use provider::{LlmProvider, ProviderError, ProviderKind};
pub use settings::{ProviderStatus, ProviderUpdate};

use crate::store::{AgentRecord, NewLlmRequest, PersonaRecord, Store, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// Why a generation is made; logged with every attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// An AI turn in a conversation (sent or drafted by autonomy level).
    Reply,
    /// A draft a human asked for.
    Suggest,
    /// The agent test console.
    Test,
    /// A workflow simulation's AI draft (nothing is sent).
    Simulate,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Reply => "reply",
            Purpose::Suggest => "suggest",
            Purpose::Test => "test",
            Purpose::Simulate => "simulate",
        }
    }
}

/// Who said a turn of the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    Lead,
    Ai,
    Human,
}

/// One message of the conversation, oldest first in [`ReplyContext::thread`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub speaker: Speaker,
    pub channel: String,
    pub text: String,
}

/// What the agent may know about the lead.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LeadFacts {
    pub first_name: Option<String>,
    pub full_name: String,
    pub company: Option<String>,
    pub title: Option<String>,
    pub stage: String,
}

/// Input of [`Llm::reply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyContext {
    pub workspace_id: String,
    /// The agent to write as; `None` writes with no persona (a neutral voice) and the
    /// workspace's default routing.
    pub agent_id: Option<String>,
    pub lead_id: Option<String>,
    pub purpose: Purpose,
    pub lead: LeadFacts,
    /// The conversation so far, oldest first. The reply answers its last lead turn.
    pub thread: Vec<Turn>,
}

/// A finished generation.
#[derive(Debug, Clone, PartialEq)]
pub struct Generation {
    pub text: String,
    /// `offline`, or `provider:model` (e.g. `openrouter:mistralai/mistral-small`).
    pub generator: String,
    /// Written by the offline responder (no provider configured, or the agent pins `offline`).
    pub offline: bool,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    /// Wall time of the whole generation, failed attempts included.
    pub latency_ms: i64,
    /// Time to the first text delta.
    pub ttft_ms: Option<i64>,
    pub cost_usd: f64,
    pub cache_hit: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    /// The cancellation token fired (a supervisor took over); nothing more will be streamed.
    #[error("the generation was cancelled")]
    Cancelled,
    /// Month-to-date spend reached the workspace's budget; no provider is called.
    #[error(
        "the workspace's monthly AI budget is used up (spent ${spent_usd:.2} of ${budget_usd:.2}); raise it in the AI settings"
    )]
    BudgetExceeded { spent_usd: f64, budget_usd: f64 },
    #[error("the agent does not exist in this workspace")]
    AgentNotFound,
    /// Every provider in the failover order failed (or had its circuit open); the payload
    /// summarises each one's last error.
    #[error("every LLM provider failed: {0}")]
    AllProvidersFailed(String),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<StoreError> for LlmError {
    fn from(error: StoreError) -> Self {
        LlmError::Unexpected(anyhow::Error::new(error))
    }
}

struct Inner {
    store: Store,
    config: LlmConfig,
    /// One HTTP client (connection pools, TLS sessions) for every provider.
    http: reqwest::Client,
    breakers: breaker::Breakers,
    clock: Arc<dyn Clock>,
    /// Single-flight locks of requests being generated, by cache key.
    flights: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// The AI layer's handle. Cheap to clone; share one per process (it holds the circuit breakers
/// and the in-flight table).
#[derive(Clone)]
pub struct Llm {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Llm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Llm").finish_non_exhaustive()
    }
}

/// The agent and persona a generation writes as.
struct Speaking {
    agent: Option<AgentRecord>,
    persona: Option<PersonaRecord>,
    /// The workspace's booking link, offered when the lead wants to meet.
    booking_url: Option<String>,
}

impl Llm {
    pub fn new(store: Store, config: LlmConfig) -> Self {
        Self::with_clock(store, config, Arc::new(SystemClock::default()))
    }

    /// With a given clock for backoff waits and circuit cool-downs (tests pass a
    /// [`ManualClock`]).
    pub fn with_clock(store: Store, config: LlmConfig, clock: Arc<dyn Clock>) -> Self {
        static TLS_PROVIDER: std::sync::Once = std::sync::Once::new();
        TLS_PROVIDER.call_once(|| {
            // Another component may have installed it first; either way one is in place.
            let _ = rustls::crypto::ring::default_provider().install_default();
        });
        let http = reqwest::Client::builder()
            .connect_timeout(config.timing.connect_timeout)
            .user_agent(concat!("omnireach/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_else(|error| {
                tracing::error!(%error, "building the LLM HTTP client; using defaults");
                reqwest::Client::new()
            });
        let breakers = breaker::Breakers::new(
            config.timing.breaker_threshold,
            config.timing.breaker_cool_down,
        );
        Self {
            inner: Arc::new(Inner {
                store,
                config,
                http,
                breakers,
                clock,
                flights: Mutex::new(HashMap::new()),
            }),
        }
    }

    pub fn config(&self) -> &LlmConfig {
        &self.inner.config
    }

    /// A whole reply nobody watches stream (a workflow's draft, a simulation's): the deltas
    /// are drained so the generation never blocks on them.
    pub async fn reply_unstreamed(&self, ctx: ReplyContext) -> Result<Generation, LlmError> {
        let (deltas, mut sink) = mpsc::channel(64);
        let drain = tokio::spawn(async move { while sink.recv().await.is_some() {} });
        let generation = self.reply(ctx, deltas, CancellationToken::new()).await;
        drain.abort();
        generation
    }

    /// Writes a reply for the lead as the given agent. Streams text chunks into `deltas` as they
    /// arrive (a closed receiver is not an error: the text is still returned), stops promptly
    /// when `cancel` fires (`Err(Cancelled)`), logs one `llm_requests` row per provider attempt
    /// and one for an offline or cached generation, and enforces the monthly budget.
    pub async fn reply(
        &self,
        ctx: ReplyContext,
        deltas: mpsc::Sender<String>,
        cancel: CancellationToken,
    ) -> Result<Generation, LlmError> {
        self.reply_inner(ctx, deltas, cancel, None).await
    }

    /// As [`Self::reply`], except that an offline generation's `llm_requests` line is put in
    /// `offline_log` instead of written: the conversation writes it in the transaction of the
    /// reply it produced, so an agent worker never waits for a write of its own. Whoever
    /// takes it writes it, with the reply or alone ([`crate::store::LlmStore::log_request`]).
    pub async fn reply_keeping_offline_log(
        &self,
        ctx: ReplyContext,
        deltas: mpsc::Sender<String>,
        cancel: CancellationToken,
        offline_log: &mut Option<NewLlmRequest>,
    ) -> Result<Generation, LlmError> {
        self.reply_inner(ctx, deltas, cancel, Some(offline_log))
            .await
    }

    async fn reply_inner(
        &self,
        ctx: ReplyContext,
        deltas: mpsc::Sender<String>,
        cancel: CancellationToken,
        offline_log: Option<&mut Option<NewLlmRequest>>,
    ) -> Result<Generation, LlmError> {
        if cancel.is_cancelled() {
            return Err(LlmError::Cancelled);
        }
        let speaking = self.load_speaker(&ctx).await?;
        let agent = speaking.agent.as_ref();
        let pinned_offline = agent.is_some_and(|a| a.provider == "offline");
        let endpoints = if pinned_offline {
            Vec::new()
        } else {
            self.endpoints(&ctx.workspace_id).await?
        };
        if endpoints.is_empty() {
            return self
                .reply_offline(&ctx, &speaking, &deltas, &cancel, offline_log)
                .await;
        }
        let pinned = agent.and_then(|a| ProviderKind::parse(&a.provider));
        let failover = self
            .inner
            .store
            .llm()
            .ai_settings(&ctx.workspace_id)
            .await?
            .failover;
        let ordered = Self::order(endpoints, &failover, pinned);
        if ordered.is_empty() {
            // The failover list names no configured provider.
            return self
                .reply_offline(&ctx, &speaking, &deltas, &cancel, offline_log)
                .await;
        }
        let route = router::Route {
            pinned,
            model: agent.and_then(|a| a.model.clone()),
            temperature: agent.map(|a| a.temperature).unwrap_or(0.7),
        };
        let prompt = prompt::build(
            speaking.persona.as_ref(),
            agent,
            &ctx.lead,
            &ctx.thread,
            speaking.booking_url.is_some(),
        );
        self.generate(&ctx, ordered, &route, prompt, &deltas, &cancel)
            .await
    }

    async fn load_speaker(&self, ctx: &ReplyContext) -> Result<Speaking, LlmError> {
        let booking_url = self
            .inner
            .store
            .integrations()
            .booking_url(&ctx.workspace_id)
            .await?;
        let Some(agent_id) = &ctx.agent_id else {
            return Ok(Speaking {
                agent: None,
                persona: None,
                booking_url,
            });
        };
        let agent = self
            .inner
            .store
            .agents()
            .find(&ctx.workspace_id, agent_id)
            .await?
            .ok_or(LlmError::AgentNotFound)?;
        let persona = match &agent.persona_id {
            Some(persona_id) => {
                self.inner
                    .store
                    .library()
                    .persona(&ctx.workspace_id, persona_id)
                    .await?
            }
            None => None,
        };
        Ok(Speaking {
            agent: Some(agent),
            persona,
            booking_url,
        })
    }

    async fn reply_offline(
        &self,
        ctx: &ReplyContext,
        speaking: &Speaking,
        deltas: &mpsc::Sender<String>,
        cancel: &CancellationToken,
        keep_log: Option<&mut Option<NewLlmRequest>>,
    ) -> Result<Generation, LlmError> {
        let started = Instant::now();
        let text = offline::respond(offline::OfflineInput {
            persona: speaking.persona.as_ref(),
            agent_name: speaking.agent.as_ref().map(|a| a.name.as_str()),
            lead: &ctx.lead,
            thread: &ctx.thread,
            booking_url: speaking.booking_url.as_deref(),
        });
        let mut ttft_ms = None;
        let delay = self.inner.config.offline_word_delay;
        for chunk in offline::word_chunks(&text) {
            if cancel.is_cancelled() {
                return Err(LlmError::Cancelled);
            }
            // A dropped receiver only means nobody watches the stream.
            let _ = deltas.send(chunk.to_string()).await;
            ttft_ms.get_or_insert_with(|| elapsed_ms(started));
            if !delay.is_zero() {
                tokio::select! {
                    _ = cancel.cancelled() => return Err(LlmError::Cancelled),
                    _ = tokio::time::sleep(delay) => {}
                }
            }
        }
        let latency_ms = elapsed_ms(started);
        let log = NewLlmRequest {
            workspace_id: ctx.workspace_id.clone(),
            agent_id: ctx.agent_id.clone(),
            lead_id: ctx.lead_id.clone(),
            provider: "offline".into(),
            model: "offline".into(),
            purpose: ctx.purpose.as_str().into(),
            prompt_tokens: 0,
            completion_tokens: 0,
            latency_ms,
            ttft_ms,
            cost_micros: 0,
            cache_hit: false,
            error: None,
        };
        match keep_log {
            Some(slot) => *slot = Some(log),
            None => {
                self.inner.store.llm().log_request(&log).await?;
            }
        }
        Ok(Generation {
            text,
            generator: "offline".into(),
            offline: true,
            prompt_tokens: 0,
            completion_tokens: 0,
            latency_ms,
            ttft_ms,
            cost_usd: 0.0,
            cache_hit: false,
        })
    }
}

fn elapsed_ms(since: Instant) -> i64 {
    i64::try_from(since.elapsed().as_millis()).unwrap_or(i64::MAX)
}
