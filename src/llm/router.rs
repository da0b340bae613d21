//! The router: picks the providers for a workspace (workspace keys over environment keys, the
//! workspace's failover order, the agent's pinned provider first), serves repeats from the
//! cache (one generation for identical concurrent requests), enforces the budget, and walks the
//! failover order with retries, backoff, timeouts and circuit breakers, logging every attempt.

use super::breaker::{Admission, backoff};
use super::keys::KeyCipher;
use super::prompt::Prompt;
use super::provider::{ChatRequest, LlmProvider, ProviderError, ProviderKind, StreamEvent};
use super::{Generation, Llm, LlmError, ReplyContext, anthropic, elapsed_ms, offline, prices};
use crate::store::{CachedGeneration, NewLlmRequest};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// A usable provider endpoint for one workspace.
#[derive(Clone)]
pub(crate) struct Endpoint {
    pub kind: ProviderKind,
    pub base_url: String,
    pub api_key: Option<String>,
    pub default_model: String,
    /// `workspace` or `env`.
    pub source: &'static str,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("kind", &self.kind)
            .field("base_url", &self.base_url)
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl Endpoint {
    /// The breaker's key: one circuit per provider endpoint.
    fn breaker_key(&self) -> String {
        format!("{}|{}", self.kind.as_str(), self.base_url)
    }
}

/// What the agent asks of the router.
pub(crate) struct Route {
    pub pinned: Option<ProviderKind>,
    pub model: Option<String>,
    pub temperature: f64,
}

/// How one attempt ended badly.
enum AttemptFailure {
    Cancelled,
    Provider {
        error: ProviderError,
        /// Text already went to the caller: failing over would repeat or contradict it.
        streamed: bool,
    },
}

struct AttemptOutcome {
    text: String,
    prompt_tokens: i64,
    completion_tokens: i64,
    ttft_ms: Option<i64>,
}

/// Longest reply we ask for; sales messages are short.
const MAX_TOKENS: u32 = 800;

pub(crate) fn month_start_ms(now_ms: i64) -> (i64, String) {
    use chrono::{Datelike, TimeZone, Utc};
    let now = Utc
        .timestamp_millis_opt(now_ms)
        .single()
        .unwrap_or_else(Utc::now);
    let start = Utc
        .with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0)
        .single()
        .map(|d| d.timestamp_millis())
        .unwrap_or(0);
    (start, format!("{:04}-{:02}", now.year(), now.month()))
}

/// Share of the budget at which the once-a-month alert fires.
const BUDGET_ALERT_FRACTION: f64 = 0.8;

impl Llm {
    /// The providers usable by the workspace, in the default order. Workspace keys override the
    /// environment's; a workspace key that no longer decrypts is skipped with a warning.
    pub(crate) async fn endpoints(&self, workspace_id: &str) -> Result<Vec<Endpoint>, LlmError> {
        let stored = self.inner.store.llm().provider_keys(workspace_id).await?;
        let config = &self.inner.config;
        let cipher = self.cipher();
        let mut endpoints = Vec::new();
        for kind in ProviderKind::ALL {
            let env = match kind {
                ProviderKind::OpenRouter => &config.openrouter,
                ProviderKind::Mistral => &config.mistral,
                ProviderKind::OpenAi => &config.openai,
                ProviderKind::Anthropic => &config.anthropic,
                ProviderKind::OpenAiCompatible => &config.openai_compatible,
            };
            let record = stored.iter().find(|r| r.provider == kind.as_str());
            let workspace_key = match (record.and_then(|r| r.key_ciphertext.as_ref()), &cipher) {
                (Some(ciphertext), Some(cipher)) => {
                    match cipher.decrypt(workspace_id, kind.as_str(), ciphertext) {
                        Ok(key) => Some(key),
                        Err(error) => {
                            tracing::warn!(workspace_id, provider = kind.as_str(), %error, "skipping a workspace provider key");
                            None
                        }
                    }
                }
                _ => None,
            };
            let workspace_base = record.and_then(|r| r.base_url.clone());
            let from_workspace = workspace_key.is_some() || workspace_base.is_some();
            let api_key = workspace_key.or_else(|| env.api_key.clone());
            let base_url = workspace_base
                .or_else(|| env.base_url.clone())
                .or_else(|| kind.default_base_url().map(str::to_string));
            let Some(base_url) = base_url else { continue };
            // Hosted providers need a key; a self-hosted endpoint is configured by its URL alone.
            if kind.requires_key() && api_key.is_none() {
                continue;
            }
            endpoints.push(Endpoint {
                kind,
                base_url,
                api_key,
                default_model: env
                    .model
                    .clone()
                    .unwrap_or_else(|| kind.default_model().to_string()),
                source: if from_workspace { "workspace" } else { "env" },
            });
        }
        Ok(endpoints)
    }

    pub(crate) fn cipher(&self) -> Option<KeyCipher> {
        let config = &self.inner.config;
        KeyCipher::from_config(
            config.encryption_key.as_deref(),
            config.instance_secret.as_deref(),
        )
        .ok()
    }

    /// Orders the endpoints: the workspace's failover list when set (unlisted providers are not
    /// used), else the default order; the agent's pinned provider first.
    pub(crate) fn order(
        endpoints: Vec<Endpoint>,
        failover: &[String],
        pinned: Option<ProviderKind>,
    ) -> Vec<Endpoint> {
        let mut ordered: Vec<Endpoint> = if failover.is_empty() {
            endpoints.clone()
        } else {
            failover
                .iter()
                .filter_map(|name| ProviderKind::parse(name))
                .filter_map(|kind| endpoints.iter().find(|e| e.kind == kind).cloned())
                .collect()
        };
        if let Some(pinned) = pinned {
            ordered.retain(|e| e.kind != pinned);
            if let Some(endpoint) = endpoints.into_iter().find(|e| e.kind == pinned) {
                ordered.insert(0, endpoint);
            }
        }
        ordered
    }

    fn provider(&self, endpoint: &Endpoint) -> Box<dyn LlmProvider> {
        match endpoint.kind {
            ProviderKind::Anthropic => Box::new(anthropic::Anthropic::new(
                self.inner.http.clone(),
                &endpoint.base_url,
                endpoint.api_key.clone().unwrap_or_default(),
            )),
            kind => Box::new(super::openai_compatible::OpenAiCompatible::new(
                kind,
                self.inner.http.clone(),
                &endpoint.base_url,
                endpoint.api_key.clone(),
                self.inner.config.public_url.clone(),
            )),
        }
    }

    fn cache_key(
        workspace_id: &str,
        endpoint: &Endpoint,
        model: &str,
        temperature: f64,
        prompt: &Prompt,
    ) -> String {
        let mut hasher = Sha256::new();
        hasher.update(workspace_id.as_bytes());
        hasher.update([0]);
        hasher.update(endpoint.kind.as_str().as_bytes());
        hasher.update([0]);
        hasher.update(model.as_bytes());
        hasher.update([0]);
        hasher.update(((temperature * 1000.0).round() as i64).to_le_bytes());
        hasher.update(serde_json::to_vec(prompt).unwrap_or_default());
        hex::encode(hasher.finalize())
    }

    /// The single-flight lock for a request key: identical concurrent requests queue here, and
    /// all but the first find the first one's answer in the cache.
    fn flight(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut flights = self.inner.flights.lock().expect("flights lock");
        flights.retain(|_, lock| Arc::strong_count(lock) > 1);
        flights
            .entry(key.to_string())
            .or_insert_with(|| Arc::new(tokio::sync::Mutex::new(())))
            .clone()
    }

    async fn log(&self, request: NewLlmRequest) -> Result<(), LlmError> {
        self.inner.store.llm().log_request(&request).await?;
        Ok(())
    }

    fn request_row(ctx: &ReplyContext, endpoint: &Endpoint, model: &str) -> NewLlmRequest {
        NewLlmRequest {
            workspace_id: ctx.workspace_id.clone(),
            agent_id: ctx.agent_id.clone(),
            lead_id: ctx.lead_id.clone(),
            provider: endpoint.kind.as_str().into(),
            model: model.into(),
            purpose: ctx.purpose.as_str().into(),
            prompt_tokens: 0,
            completion_tokens: 0,
            latency_ms: 0,
            ttft_ms: None,
            cost_micros: 0,
            cache_hit: false,
            error: None,
        }
    }

    /// Checks month-to-date spend against the budget; raises the monthly alert once.
    async fn check_budget(&self, workspace_id: &str) -> Result<(), LlmError> {
        let settings = self.inner.store.llm().ai_settings(workspace_id).await?;
        let Some(budget) = settings.monthly_budget_micros else {
            return Ok(());
        };
        let (since, month) = month_start_ms(crate::store::now_ms());
        let spent = self
            .inner
            .store
            .llm()
            .cost_since(workspace_id, since)
            .await?;
        if spent as f64 >= budget as f64 * BUDGET_ALERT_FRACTION
            && self
                .inner
                .store
                .llm()
                .mark_budget_alert(workspace_id, &month)
                .await?
        {
            tracing::warn!(
                workspace_id,
                spent_usd = spent as f64 / 1e6,
                budget_usd = budget as f64 / 1e6,
                "AI spend reached {}% of the monthly budget",
                (BUDGET_ALERT_FRACTION * 100.0) as i64
            );
        }
        if spent >= budget {
            return Err(LlmError::BudgetExceeded {
                spent_usd: spent as f64 / 1e6,
                budget_usd: budget as f64 / 1e6,
            });
        }
        Ok(())
    }

    /// Streams cached text as word chunks, like a live generation.
    async fn stream_text(
        text: &str,
        deltas: &mpsc::Sender<String>,
        cancel: &CancellationToken,
    ) -> Result<(), LlmError> {
        for chunk in offline::word_chunks(text) {
            if cancel.is_cancelled() {
                return Err(LlmError::Cancelled);
            }
            let _ = deltas.send(chunk.to_string()).await;
        }
        Ok(())
    }

    /// Generates through the providers. `endpoints` is non-empty and already ordered.
    pub(crate) async fn generate(
        &self,
        ctx: &ReplyContext,
        endpoints: Vec<Endpoint>,
        route: &Route,
        prompt: Prompt,
        deltas: &mpsc::Sender<String>,
        cancel: &CancellationToken,
    ) -> Result<Generation, LlmError> {
        let started = Instant::now();
        let model_for = |endpoint: &Endpoint| match (&route.model, route.pinned) {
            (Some(model), Some(pinned)) if pinned == endpoint.kind => model.clone(),
            (Some(model), None) => model.clone(),
            _ => endpoint.default_model.clone(),
        };
        let keys: Vec<String> = endpoints
            .iter()
            .map(|e| {
                Self::cache_key(
                    &ctx.workspace_id,
                    e,
                    &model_for(e),
                    route.temperature,
                    &prompt,
                )
            })
            .collect();

        let flight = self.flight(&keys[0]);
        let _in_flight = tokio::select! {
            _ = cancel.cancelled() => return Err(LlmError::Cancelled),
            guard = flight.lock() => guard,
        };

        for (endpoint, key) in endpoints.iter().zip(&keys) {
            if let Some(cached) = self
                .inner
                .store
                .llm()
                .cached(&ctx.workspace_id, key)
                .await?
            {
                Self::stream_text(&cached.text, deltas, cancel).await?;
                let model = model_for(endpoint);
                let latency_ms = elapsed_ms(started);
                let mut row = Self::request_row(ctx, endpoint, &model);
                row.prompt_tokens = cached.prompt_tokens;
                row.completion_tokens = cached.completion_tokens;
                row.latency_ms = latency_ms;
                row.ttft_ms = Some(latency_ms);
                row.cache_hit = true;
                self.log(row).await?;
                return Ok(Generation {
                    text: cached.text,
                    generator: format!("{}:{model}", endpoint.kind.as_str()),
                    offline: false,
                    prompt_tokens: cached.prompt_tokens,
                    completion_tokens: cached.completion_tokens,
                    latency_ms,
                    ttft_ms: Some(latency_ms),
                    cost_usd: 0.0,
                    cache_hit: true,
                });
            }
        }

        self.check_budget(&ctx.workspace_id).await?;

        let timing = &self.inner.config.timing;
        let mut failures: Vec<String> = Vec::new();
        for (endpoint, key) in endpoints.iter().zip(&keys) {
            let model = model_for(endpoint);
            let breaker_key = endpoint.breaker_key();
            let admission = self
                .inner
                .breakers
                .admit(&breaker_key, self.inner.clock.now());
            if let Admission::Open { retry_in } = admission {
                let mut row = Self::request_row(ctx, endpoint, &model);
                row.error = Some(format!(
                    "circuit_open: skipped, next trial in {} ms",
                    retry_in.as_millis()
                ));
                self.log(row).await?;
                failures.push(format!("{}: circuit open", endpoint.kind.as_str()));
                continue;
            }
            let provider = self.provider(endpoint);
            let request = ChatRequest {
                model: model.clone(),
                prompt: prompt.clone(),
                temperature: route.temperature,
                max_tokens: MAX_TOKENS,
            };
            let mut retry = 0;
            loop {
                let attempt_started = Instant::now();
                let result = self
                    .attempt(provider.as_ref(), request.clone(), deltas, cancel, started)
                    .await;
                let mut row = Self::request_row(ctx, endpoint, &model);
                row.latency_ms = elapsed_ms(attempt_started);
                match result {
                    Ok(outcome) => {
                        self.inner.breakers.record_success(&breaker_key);
                        let cost = prices::cost_micros(
                            endpoint.kind.as_str(),
                            &model,
                            outcome.prompt_tokens,
                            outcome.completion_tokens,
                        );
                        row.prompt_tokens = outcome.prompt_tokens;
                        row.completion_tokens = outcome.completion_tokens;
                        row.ttft_ms = outcome.ttft_ms.map(|t| t.min(row.latency_ms));
                        row.cost_micros = cost;
                        self.log(row).await?;
                        self.inner
                            .store
                            .llm()
                            .cache(
                                &ctx.workspace_id,
                                key,
                                &CachedGeneration {
                                    text: outcome.text.clone(),
                                    prompt_tokens: outcome.prompt_tokens,
                                    completion_tokens: outcome.completion_tokens,
                                },
                            )
                            .await?;
                        // Raises the alert if this generation crossed the threshold.
                        let _ = self.check_budget(&ctx.workspace_id).await;
                        return Ok(Generation {
                            text: outcome.text,
                            generator: format!("{}:{model}", endpoint.kind.as_str()),
                            offline: false,
                            prompt_tokens: outcome.prompt_tokens,
                            completion_tokens: outcome.completion_tokens,
                            latency_ms: elapsed_ms(started),
                            ttft_ms: outcome.ttft_ms,
                            cost_usd: cost as f64 / 1e6,
                            cache_hit: false,
                        });
                    }
                    Err(AttemptFailure::Cancelled) => {
                        row.error = Some("cancelled".into());
                        self.log(row).await?;
                        return Err(LlmError::Cancelled);
                    }
                    Err(AttemptFailure::Provider { error, streamed }) => {
                        row.error = Some(error.log_text());
                        self.log(row).await?;
                        let opened = self
                            .inner
                            .breakers
                            .record_failure(&breaker_key, self.inner.clock.now());
                        tracing::warn!(
                            workspace_id = %ctx.workspace_id,
                            provider = endpoint.kind.as_str(),
                            %model,
                            retry,
                            circuit_opened = opened,
                            error = %error,
                            "LLM attempt failed"
                        );
                        if streamed {
                            return Err(LlmError::AllProvidersFailed(format!(
                                "{}: the stream broke after text was sent ({error})",
                                endpoint.kind.as_str()
                            )));
                        }
                        let give_up = opened
                            || admission == Admission::Trial
                            || !error.retryable()
                            || retry >= timing.max_retries;
                        if give_up {
                            failures.push(format!("{}: {error}", endpoint.kind.as_str()));
                            break;
                        }
                        retry += 1;
                        let wait = backoff(
                            retry,
                            error.retry_after(),
                            timing.backoff_base,
                            timing.backoff_max,
                            rand::random::<f64>(),
                        );
                        tokio::select! {
                            _ = cancel.cancelled() => return Err(LlmError::Cancelled),
                            _ = self.inner.clock.sleep(wait) => {}
                        }
                    }
                }
            }
        }
        Err(LlmError::AllProvidersFailed(failures.join("; ")))
    }

    /// One call to one provider, with the first-token and idle timeouts.
    async fn attempt(
        &self,
        provider: &dyn LlmProvider,
        request: ChatRequest,
        deltas: &mpsc::Sender<String>,
        cancel: &CancellationToken,
        generation_started: Instant,
    ) -> Result<AttemptOutcome, AttemptFailure> {
        let timing = &self.inner.config.timing;
        let first_token_deadline = tokio::time::Instant::now() + timing.first_token_timeout;
        let fail =
            |error: ProviderError, streamed: bool| AttemptFailure::Provider { error, streamed };
        let prompt_estimate = request.prompt.estimated_tokens();
        let mut stream = tokio::select! {
            _ = cancel.cancelled() => return Err(AttemptFailure::Cancelled),
            started = tokio::time::timeout_at(first_token_deadline, provider.start(request)) => match started {
                Err(_) => return Err(fail(ProviderError::Timeout("first token"), false)),
                Ok(Err(error)) => return Err(fail(error, false)),
                Ok(Ok(stream)) => stream,
            },
        };
        let mut text = String::new();
        let mut usage: Option<(i64, i64)> = None;
        let mut ttft_ms = None;
        loop {
            let deadline = if text.is_empty() {
                first_token_deadline
            } else {
                tokio::time::Instant::now() + timing.idle_timeout
            };
            let next = tokio::select! {
                _ = cancel.cancelled() => return Err(AttemptFailure::Cancelled),
                next = tokio::time::timeout_at(deadline, stream.next()) => next,
            };
            match next {
                Err(_) => {
                    let what = if text.is_empty() {
                        "first token"
                    } else {
                        "next chunk"
                    };
                    return Err(fail(ProviderError::Timeout(what), !text.is_empty()));
                }
                Ok(None) => break,
                Ok(Some(Err(error))) => return Err(fail(error, !text.is_empty())),
                Ok(Some(Ok(StreamEvent::Delta(delta)))) => {
                    ttft_ms.get_or_insert_with(|| elapsed_ms(generation_started));
                    text.push_str(&delta);
                    let _ = deltas.send(delta).await;
                }
                Ok(Some(Ok(StreamEvent::Usage {
                    prompt_tokens,
                    completion_tokens,
                }))) => usage = Some((prompt_tokens, completion_tokens)),
            }
        }
        if text.trim().is_empty() {
            return Err(fail(
                ProviderError::Protocol("the reply was empty".into()),
                false,
            ));
        }
        let (prompt_tokens, completion_tokens) = match usage {
            Some((p, c)) if p > 0 || c > 0 => (p, c),
            _ => (
                prompt_estimate,
                i64::try_from(text.len() / 4 + 1).unwrap_or(0),
            ),
        };
        Ok(AttemptOutcome {
            text: text.trim().to_string(),
            prompt_tokens,
            completion_tokens,
            ttft_ms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(kind: ProviderKind) -> Endpoint {
        Endpoint {
            kind,
            base_url: format!("http://{}", kind.as_str()),
            api_key: Some("k".into()),
            default_model: kind.default_model().into(),
            source: "env",
        }
    }

    fn kinds(endpoints: &[Endpoint]) -> Vec<&'static str> {
        endpoints.iter().map(|e| e.kind.as_str()).collect()
    }

    #[test]
    fn order_follows_workspace_list_with_the_pinned_provider_first() {
        let all = vec![
            endpoint(ProviderKind::OpenRouter),
            endpoint(ProviderKind::Mistral),
            endpoint(ProviderKind::Anthropic),
        ];
        assert_eq!(
            kinds(&Llm::order(all.clone(), &[], None)),
            vec!["openrouter", "mistral", "anthropic"]
        );
        assert_eq!(
            kinds(&Llm::order(
                all.clone(),
                &["anthropic".into(), "openai".into(), "mistral".into()],
                None
            )),
            vec!["anthropic", "mistral"],
            "unconfigured and unlisted providers are left out"
        );
        assert_eq!(
            kinds(&Llm::order(
                all,
                &["mistral".into()],
                Some(ProviderKind::OpenRouter)
            )),
            vec!["openrouter", "mistral"]
        );
    }

    #[test]
    fn month_start_is_the_first_at_midnight_utc() {
        // 2026-11-30T15:47:41Z
        let (start, month) = month_start_ms(1_796_053_661_000);
        assert_eq!(month, "2026-11");
        assert_eq!(start, 1_793_491_200_000); // 2026-11-01T00:00:00Z
    }
}
