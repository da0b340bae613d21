//! Outbound webhooks (tool calls, CRM sync). An event is fanned out to every enabled endpoint of
//! the workspace that subscribes to it, as one `webhook_deliveries` row each with an
//! idempotency key; the [`DeliveryWorker`] sends due rows through the SSRF guard, retries twice
//! with exponential backoff and jitter, records status / response code / latency, applies the
//! endpoint's response mapping to the lead on success, and on final failure raises an alert
//! (an `alerts` row + an `alert.created` hub event).
//!
//! What receivers get: `POST` (or the endpoint's method) of
//! `{"id", "event", "created_at", "workspace_id", "data"}` with `Content-Type:
//! application/json`, `X-OmniReach-Event`, `X-OmniReach-Delivery` (the same on every retry: use
//! it to deduplicate), `Idempotency-Key`, optionally `Authorization: Bearer <token>`, and
//! `X-OmniReach-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` under the
//! workspace's outbound signing secret.

use super::{IntegrationsConfig, sign_timestamped, ssrf};
use crate::actors::Hub;
use crate::actors::events::Event;
use crate::domain::Stage;
use crate::llm::keys::KeyCipher;
use crate::store::{
    DeliveryAttempt, LeadChanges, Store, StoreResult, WebhookDeliveryRecord, WebhookEndpointRecord,
    now_ms,
};
use futures_util::StreamExt;
use serde_json::{Value, json};
use std::sync::LazyLock;
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// Events an endpoint can subscribe to (`*` = all).
pub const EVENTS: [&str; 6] = [
    "meeting.booked",
    "meeting.cancelled",
    "linkedin.task.done",
    "linkedin.task.skipped",
    "inbound.received",
    "test",
];

/// Methods an endpoint may use (all carry the JSON body).
pub const METHODS: [&str; 3] = ["POST", "PUT", "PATCH"];

/// Lead fields a response mapping may write.
pub fn mapping_target_allowed(target: &str) -> bool {
    matches!(target, "title" | "first_name" | "last_name" | "stage")
        || target
            .strip_prefix("custom_fields.")
            .is_some_and(|name| !name.is_empty() && name.len() <= 64)
}

/// Wakes delivery workers when a delivery is queued (they also poll).
static WAKE: LazyLock<Notify> = LazyLock::new(Notify::new);

/// The provider label the encrypted values are bound to.
pub fn token_label(endpoint_id: &str) -> String {
    format!("webhook-endpoint:{endpoint_id}")
}
pub const SIGNING_SECRET_LABEL: &str = "webhook-signing-secret";

/// The workspace's outbound signing secret, created on first use.
pub async fn signing_secret(
    store: &Store,
    cipher: &KeyCipher,
    workspace_id: &str,
) -> anyhow::Result<String> {
    let settings = store.integrations().settings(workspace_id).await?;
    if let Some(stored) = &settings.outbound_signing_secret {
        return cipher
            .decrypt(workspace_id, SIGNING_SECRET_LABEL, stored)
            .map_err(|e| anyhow::anyhow!("{e}"));
    }
    let secret = format!("whsec_{}", hex::encode(rand::random::<[u8; 24]>()));
    let stored = store
        .integrations()
        .ensure_outbound_signing_secret(
            workspace_id,
            cipher.encrypt(workspace_id, SIGNING_SECRET_LABEL, &secret),
        )
        .await?;
    cipher
        .decrypt(workspace_id, SIGNING_SECRET_LABEL, &stored)
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Queues `event` for every enabled endpoint that subscribes to it. `key` identifies the
/// occurrence (e.g. the booking event key): emitting the same occurrence twice queues nothing
/// new. Returns how many deliveries were queued.
///
/// Call it wherever something a CRM or tool should hear about happens; in this module's scope:
/// bookings, LinkedIn task outcomes and the unified inbound receiver.
pub async fn emit(
    store: &Store,
    workspace_id: &str,
    event: &str,
    key: &str,
    lead_id: Option<&str>,
    data: Value,
) -> StoreResult<usize> {
    let endpoints = store.integrations().endpoints(workspace_id).await?;
    let mut queued = 0;
    for endpoint in endpoints
        .iter()
        .filter(|e| e.enabled && e.events.iter().any(|s| s == event || s == "*"))
    {
        let payload = json!({"event": event, "data": data}).to_string();
        let delivery_key = format!("{}:{event}:{key}", endpoint.id);
        if store
            .integrations()
            .enqueue_delivery(
                workspace_id,
                &endpoint.id,
                event,
                &delivery_key,
                lead_id,
                &payload,
            )
            .await?
            .is_some()
        {
            queued += 1;
        }
    }
    if queued > 0 {
        wake();
    }
    Ok(queued)
}

/// Wakes the delivery worker: a delivery was queued.
pub fn wake() {
    WAKE.notify_waiters();
}

/// What one attempt produced.
#[derive(Debug, Clone)]
pub struct AttemptResult {
    pub status: Option<u16>,
    pub latency_ms: i64,
    /// `None` on a 2xx.
    pub error: Option<String>,
    /// Worth another attempt (network error, timeout, 408, 429, 5xx).
    pub retryable: bool,
    pub body: Option<Value>,
}

/// One request to send: what identifies it to the receiver and the body.
pub struct Outgoing<'a> {
    pub auth_token: Option<&'a str>,
    pub signing_secret: &'a str,
    pub delivery_id: &'a str,
    pub idempotency_key: &'a str,
    pub event: &'a str,
    pub body: &'a [u8],
}

/// Sends one request to an endpoint through the SSRF guard.
pub async fn send_once(
    config: &IntegrationsConfig,
    endpoint: &WebhookEndpointRecord,
    outgoing: &Outgoing<'_>,
) -> AttemptResult {
    let Outgoing {
        auth_token,
        signing_secret,
        delivery_id,
        idempotency_key,
        event,
        body,
    } = *outgoing;
    let started = Instant::now();
    let failed = |error: String, retryable: bool| AttemptResult {
        status: None,
        latency_ms: started.elapsed().as_millis() as i64,
        error: Some(error),
        retryable,
        body: None,
    };
    let target = match ssrf::vet(&endpoint.url, config.allow_private_targets).await {
        Ok(target) => target,
        Err(error) => {
            let retryable = matches!(error, ssrf::SsrfError::Unresolvable(_));
            return failed(format!("refused by the SSRF guard: {error}"), retryable);
        }
    };
    let client =
        match ssrf::pinned_client(&target, Duration::from_millis(config.webhook_timeout_ms)) {
            Ok(client) => client,
            Err(error) => return failed(format!("building the HTTP client: {error}"), false),
        };
    let method =
        reqwest::Method::from_bytes(endpoint.method.as_bytes()).unwrap_or(reqwest::Method::POST);
    let mut request = client
        .request(method, target.url.clone())
        .header("content-type", "application/json")
        .header("x-omnireach-event", event)
        .header("x-omnireach-delivery", delivery_id)
        .header("idempotency-key", idempotency_key)
        .header(
            "x-omnireach-signature",
            sign_timestamped(signing_secret.as_bytes(), body, now_ms() / 1000),
        );
    for (name, value) in &endpoint.headers {
        if let Some(value) = value.as_str() {
            request = request.header(name.as_str(), value);
        }
    }
    if let Some(token) = auth_token {
        request = request.bearer_auth(token);
    }
    let response = match request.body(body.to_vec()).send().await {
        Ok(response) => response,
        Err(error) => {
            let kind = if error.is_timeout() {
                "timed out"
            } else {
                "failed"
            };
            return failed(format!("the request {kind}: {error}"), true);
        }
    };
    let status = response.status();
    let read = ssrf::read_capped(response, config.webhook_max_response_bytes).await;
    let latency_ms = started.elapsed().as_millis() as i64;
    let parsed = read
        .as_ref()
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Value>(bytes).ok());
    if status.is_success() {
        if let Err(error) = read {
            return AttemptResult {
                status: Some(status.as_u16()),
                latency_ms,
                error: Some(error),
                retryable: false,
                body: None,
            };
        }
        return AttemptResult {
            status: Some(status.as_u16()),
            latency_ms,
            error: None,
            retryable: false,
            body: parsed,
        };
    }
    let retryable = status.is_server_error() || status.as_u16() == 408 || status.as_u16() == 429;
    AttemptResult {
        status: Some(status.as_u16()),
        latency_ms,
        error: Some(if status.is_redirection() {
            format!("the receiver answered {status}; redirects are not followed")
        } else {
            format!("the receiver answered {status}")
        }),
        retryable,
        body: parsed,
    }
}

/// Applies `{JSON pointer → lead field}` to the lead from a receiver's JSON answer. Returns the
/// fields written. Values that do not fit a field (a stage that is not a stage) are skipped.
pub async fn apply_response_mapping(
    store: &Store,
    workspace_id: &str,
    lead_id: &str,
    mapping: &serde_json::Map<String, Value>,
    response: &Value,
) -> StoreResult<Vec<String>> {
    let Some(lead) = store.leads().find(workspace_id, lead_id).await? else {
        return Ok(Vec::new());
    };
    let mut changes = LeadChanges::default();
    let mut custom = lead.custom_fields.clone();
    let mut custom_changed = false;
    let mut written = Vec::new();
    for (pointer, target) in mapping {
        let (Some(value), Some(target)) = (response.pointer(pointer), target.as_str()) else {
            continue;
        };
        let text = match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        match target {
            "title" => changes.title = Some(text),
            "first_name" => changes.first_name = Some(text),
            "last_name" => changes.last_name = Some(text),
            "stage" => match text.as_deref().map(Stage::parse) {
                Some(Ok(stage)) => changes.stage = Some(stage),
                _ => continue,
            },
            other => match other.strip_prefix("custom_fields.") {
                Some(name) => {
                    custom.insert(name.to_string(), value.clone());
                    custom_changed = true;
                }
                None => continue,
            },
        }
        written.push(target.to_string());
    }
    if custom_changed {
        changes.custom_fields = Some(custom);
    }
    if !written.is_empty() {
        store.leads().update(workspace_id, lead_id, changes).await?;
    }
    Ok(written)
}

/// Sends due deliveries; see the module documentation.
pub struct DeliveryWorker {
    pub store: Store,
    pub hub: Hub,
    pub cipher: Option<KeyCipher>,
    pub config: IntegrationsConfig,
    pub poll: Duration,
}

impl DeliveryWorker {
    pub async fn run(self) {
        match self
            .store
            .integrations()
            .requeue_interrupted_deliveries()
            .await
        {
            Ok(0) => {}
            Ok(count) => tracing::info!(
                count,
                "webhook deliveries interrupted by a restart requeued"
            ),
            Err(error) => {
                tracing::warn!(%error, "requeueing interrupted webhook deliveries failed")
            }
        }
        loop {
            match self.drain().await {
                Ok(0) => {
                    let _ = tokio::time::timeout(self.poll, WAKE.notified()).await;
                }
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, "webhook delivery pass failed");
                    let _ = tokio::time::timeout(self.poll, WAKE.notified()).await;
                }
            }
        }
    }

    /// Attempts every due delivery once; returns how many.
    pub async fn drain(&self) -> anyhow::Result<usize> {
        let due = self.store.integrations().claim_due_deliveries(50).await?;
        let count = due.len();
        futures_util::stream::iter(due)
            .for_each_concurrent(8, |delivery| async move {
                if let Err(error) = self.attempt(&delivery).await {
                    tracing::warn!(%error, delivery = %delivery.id, "webhook delivery attempt failed to record");
                }
            })
            .await;
        Ok(count)
    }

    fn backoff_ms(&self, attempts: i64) -> i64 {
        let base = self.config.webhook_backoff_base_ms.max(1);
        let exponential = base.saturating_mul(1 << (attempts - 1).clamp(0, 10));
        let jitter = rand::random::<u64>() % (base as u64 / 2 + 1);
        exponential + jitter as i64
    }

    async fn attempt(&self, delivery: &WebhookDeliveryRecord) -> anyhow::Result<()> {
        let integrations = self.store.integrations();
        let endpoint = match integrations
            .endpoint(&delivery.workspace_id, &delivery.endpoint_id)
            .await
        {
            Ok(endpoint) => endpoint,
            Err(crate::store::StoreError::NotFound) => {
                integrations
                    .finish_delivery_attempt(
                        &delivery.id,
                        "failed",
                        None,
                        0,
                        Some("the endpoint was deleted"),
                        None,
                    )
                    .await?;
                return Ok(());
            }
            Err(other) => return Err(other.into()),
        };
        let Some(cipher) = &self.cipher else {
            anyhow::bail!("no encryption key: webhooks cannot be signed");
        };
        let secret = signing_secret(&self.store, cipher, &delivery.workspace_id).await?;
        let token = match &endpoint.auth_token {
            Some(stored) => Some(
                cipher
                    .decrypt(&delivery.workspace_id, &token_label(&endpoint.id), stored)
                    .map_err(|e| anyhow::anyhow!("{e}"))?,
            ),
            None => None,
        };
        let data: Value = serde_json::from_str(&delivery.payload).unwrap_or(Value::Null);
        let body = json!({
            "id": delivery.id,
            "event": delivery.event,
            "created_at": delivery.created_at,
            "workspace_id": delivery.workspace_id,
            "data": data.get("data").cloned().unwrap_or(Value::Null),
        })
        .to_string();
        let result = send_once(
            &self.config,
            &endpoint,
            &Outgoing {
                auth_token: token.as_deref(),
                signing_secret: &secret,
                delivery_id: &delivery.id,
                idempotency_key: &delivery.idempotency_key,
                event: &delivery.event,
                body: body.as_bytes(),
            },
        )
        .await;
        let status = result.status.map(i64::from);
        if result.error.is_none() {
            integrations
                .finish_delivery_attempt(
                    &delivery.id,
                    "delivered",
                    status,
                    result.latency_ms,
                    None,
                    None,
                )
                .await?;
            if let (Some(lead_id), Some(response)) = (&delivery.lead_id, &result.body)
                && !endpoint.response_mapping.is_empty()
            {
                apply_response_mapping(
                    &self.store,
                    &delivery.workspace_id,
                    lead_id,
                    &endpoint.response_mapping,
                    response,
                )
                .await?;
            }
            return Ok(());
        }
        let error = result.error.unwrap_or_default();
        if result.retryable && delivery.attempts <= self.config.webhook_retries {
            let retry_at = now_ms() + self.backoff_ms(delivery.attempts);
            integrations
                .finish_delivery_attempt(
                    &delivery.id,
                    "queued",
                    status,
                    result.latency_ms,
                    Some(&error),
                    Some(retry_at),
                )
                .await?;
            return Ok(());
        }
        let message = format!(
            "Webhook '{}' failed for event {} after {} attempt(s): {error}",
            endpoint.name, delivery.event, delivery.attempts
        );
        let alert = integrations
            .fail_delivery_with_alert(
                &DeliveryAttempt {
                    id: &delivery.id,
                    state: "failed",
                    response_status: status,
                    latency_ms: result.latency_ms,
                    error: Some(&error),
                    retry_at: None,
                },
                &delivery.workspace_id,
                "webhook_failed",
                &message,
                &json!({"endpoint_id": endpoint.id, "delivery_id": delivery.id, "response_status": status}),
            )
            .await?;
        self.hub.publish(
            &delivery.workspace_id,
            &Event::AlertCreated {
                id: alert.id,
                kind: alert.kind,
                message: alert.message,
                created_at: alert.created_at,
            },
        );
        Ok(())
    }
}
