//! The provider interface: one streaming chat call. Implementations speak one wire format each
//! ([`super::openai_compatible`], [`super::anthropic`]) and know nothing of retries, failover,
//! budgets or logging, which the router owns.
//!
//! Invariants every implementation keeps:
//! - `start` returns once the response headers arrived: an HTTP error status is an `Err` with
//!   the status and `Retry-After`; a success yields a stream of [`StreamEvent`]s.
//! - The stream yields text deltas in order, at most one `Usage`, then ends. A stream that ends
//!   without the provider's end marker is an `Err(Protocol)` as its last item.
//! - No timeouts inside: the router applies connect, first-token and idle timeouts.

use super::prompt::Prompt;
use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use std::time::Duration;

/// The providers the router knows. `openai_compatible` covers Ollama, vLLM, LM Studio and any
/// other server speaking the OpenAI chat-completions API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProviderKind {
    OpenRouter,
    Mistral,
    OpenAi,
    Anthropic,
    OpenAiCompatible,
}

impl ProviderKind {
    /// The default failover order.
    pub const ALL: [ProviderKind; 5] = [
        ProviderKind::OpenRouter,
        ProviderKind::Mistral,
        ProviderKind::OpenAi,
        ProviderKind::Anthropic,
        ProviderKind::OpenAiCompatible,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::OpenRouter => "openrouter",
            ProviderKind::Mistral => "mistral",
            ProviderKind::OpenAi => "openai",
            ProviderKind::Anthropic => "anthropic",
            ProviderKind::OpenAiCompatible => "openai_compatible",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    pub fn default_base_url(self) -> Option<&'static str> {
        match self {
            ProviderKind::OpenRouter => Some("https://openrouter.ai/api/v1"),
            ProviderKind::Mistral => Some("https://api.mistral.ai/v1"),
            ProviderKind::OpenAi => Some("https://api.openai.com/v1"),
            ProviderKind::Anthropic => Some("https://api.anthropic.com"),
            // No public default: configured by its base URL.
            ProviderKind::OpenAiCompatible => None,
        }
    }

    pub fn default_model(self) -> &'static str {
        match self {
            ProviderKind::OpenRouter => "mistralai/mistral-small-3.2-24b-instruct",
            ProviderKind::Mistral => "mistral-small-latest",
            ProviderKind::OpenAi => "gpt-4o-mini",
            ProviderKind::Anthropic => "claude-3-5-haiku-latest",
            ProviderKind::OpenAiCompatible => "llama3.1",
        }
    }

    /// Whether the provider needs an API key to be usable (a local endpoint may not).
    pub fn requires_key(self) -> bool {
        self != ProviderKind::OpenAiCompatible
    }
}

/// One call's parameters.
#[derive(Debug, Clone)]
pub struct ChatRequest {
    pub model: String,
    pub prompt: Prompt,
    pub temperature: f64,
    pub max_tokens: u32,
}

/// What a stream yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamEvent {
    Delta(String),
    /// Token counts as the provider reports them.
    Usage {
        prompt_tokens: i64,
        completion_tokens: i64,
    },
}

/// Why an attempt failed. `retryable` decides between retrying the same provider and moving
/// to the next one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("connection failed: {0}")]
    Connect(String),
    #[error("timed out waiting for the {0}")]
    Timeout(&'static str),
    #[error("HTTP {status}: {message}")]
    Status {
        status: u16,
        /// The provider's `Retry-After`, when it sent one in seconds.
        retry_after: Option<Duration>,
        message: String,
    },
    /// The response did not follow the wire format, or the provider reported an error
    /// inside the stream.
    #[error("bad response: {0}")]
    Protocol(String),
}

impl ProviderError {
    /// Worth retrying on the same provider: rate limits, server errors, timeouts and
    /// connection failures. Other errors (bad key, bad request) move on at once.
    pub fn retryable(&self) -> bool {
        match self {
            ProviderError::Connect(_) | ProviderError::Timeout(_) => true,
            ProviderError::Status { status, .. } => {
                *status == 429 || *status == 408 || (500..=599).contains(status)
            }
            ProviderError::Protocol(_) => false,
        }
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ProviderError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A short label for the request log (`http_500`, `timeout_first_token`, ...) followed by
    /// the detail.
    pub fn log_text(&self) -> String {
        let label = match self {
            ProviderError::Connect(_) => "connect".to_string(),
            ProviderError::Timeout(what) => format!("timeout_{}", what.replace(' ', "_")),
            ProviderError::Status { status, .. } => format!("http_{status}"),
            ProviderError::Protocol(_) => "protocol".to_string(),
        };
        let mut text = format!("{label}: {self}");
        text.truncate(500);
        text
    }
}

pub type EventStream = BoxStream<'static, Result<StreamEvent, ProviderError>>;

/// A configured provider endpoint.
pub trait LlmProvider: Send + Sync + std::fmt::Debug {
    fn kind(&self) -> ProviderKind;
    /// Sends the request; resolves when the response headers arrived.
    fn start(&self, request: ChatRequest)
    -> BoxFuture<'static, Result<EventStream, ProviderError>>;
}

/// Maps a reqwest failure before any response to our error.
pub(crate) fn request_error(error: reqwest::Error) -> ProviderError {
    if error.is_timeout() {
        ProviderError::Timeout("connection")
    } else {
        ProviderError::Connect(error.to_string())
    }
}

/// Turns a non-success response into `Status`, with `Retry-After` (seconds) and the provider's
/// message when the body is a JSON error.
pub(crate) async fn status_error(response: reqwest::Response) -> ProviderError {
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|seconds| seconds.is_finite() && *seconds >= 0.0)
        .map(Duration::from_secs_f64);
    let body = response.text().await.unwrap_or_default();
    let message = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| {
            v.pointer("/error/message")
                .or_else(|| v.get("message"))
                .or_else(|| v.get("error"))
                .and_then(|m| m.as_str().map(str::to_string))
        })
        .unwrap_or_else(|| body.chars().take(200).collect());
    ProviderError::Status {
        status,
        retry_after,
        message,
    }
}

/// Decodes one provider's SSE events into [`StreamEvent`]s.
pub(crate) trait SseDecoder: Send + 'static {
    /// Handles one event; returns the events it carries and whether it was the end marker.
    fn decode(
        &mut self,
        event: super::sse::SseEvent,
    ) -> Result<(Vec<StreamEvent>, bool), ProviderError>;
}

/// Wraps a response body into an [`EventStream`]: bytes → SSE events → decoded events. A body
/// that ends before the decoder saw the end marker yields a final `Protocol` error.
pub(crate) fn event_stream<S, B, D>(body: S, decoder: D) -> EventStream
where
    S: futures_util::Stream<Item = reqwest::Result<B>> + Send + 'static,
    B: AsRef<[u8]>,
    D: SseDecoder,
{
    use futures_util::StreamExt;
    use std::collections::VecDeque;

    struct State<S, D> {
        body: std::pin::Pin<Box<S>>,
        parser: super::sse::SseParser,
        decoder: D,
        pending: VecDeque<Result<StreamEvent, ProviderError>>,
        finished: bool,
    }

    impl<S, D: SseDecoder> State<S, D> {
        /// Decodes events; stops at the end marker or the first error.
        fn absorb(&mut self, events: Vec<super::sse::SseEvent>) {
            for event in events {
                if self.finished {
                    return;
                }
                match self.decoder.decode(event) {
                    Ok((decoded, done)) => {
                        self.pending.extend(decoded.into_iter().map(Ok));
                        self.finished = done;
                    }
                    Err(error) => {
                        self.pending.push_back(Err(error));
                        self.finished = true;
                    }
                }
            }
        }
    }

    let state = State {
        body: Box::pin(body),
        parser: super::sse::SseParser::new(),
        decoder,
        pending: VecDeque::new(),
        finished: false,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.pending.pop_front() {
                return Some((item, state));
            }
            if state.finished {
                return None;
            }
            match state.body.next().await {
                Some(Ok(bytes)) => {
                    let events = state.parser.push(bytes.as_ref());
                    state.absorb(events);
                }
                Some(Err(error)) => {
                    state.finished = true;
                    let error = if error.is_timeout() {
                        ProviderError::Timeout("next chunk")
                    } else {
                        ProviderError::Connect(format!("stream broke: {error}"))
                    };
                    return Some((Err(error), state));
                }
                None => {
                    let last: Vec<_> = state.parser.finish().into_iter().collect();
                    state.absorb(last);
                    if !state.finished {
                        state.finished = true;
                        state.pending.push_back(Err(ProviderError::Protocol(
                            "the stream ended before its end marker".into(),
                        )));
                    }
                }
            }
        }
    })
    .boxed()
}
