//! How the AI layer is configured: provider keys and endpoints from the environment, and the
//! timing knobs of the router (timeouts, retries, circuit breaker), which tests shrink.

use std::fmt;
use std::time::Duration;

/// One provider's environment configuration.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProviderEnv {
    pub api_key: Option<String>,
    /// Overrides the provider's public endpoint (a proxy, a fake in tests, a local Ollama).
    pub base_url: Option<String>,
    /// The model used when an agent names none.
    pub model: Option<String>,
}

impl fmt::Debug for ProviderEnv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderEnv")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .finish()
    }
}

/// Router timing. Every duration is configurable so tests run in milliseconds without sleeping
/// for timing themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouterTiming {
    /// TCP + TLS connect.
    pub connect_timeout: Duration,
    /// From sending the request to the first token (or the whole answer when not streaming).
    pub first_token_timeout: Duration,
    /// Longest silence between two chunks once streaming started.
    pub idle_timeout: Duration,
    /// Retries per provider after the first attempt, on 429 / 5xx / timeouts / connection errors.
    pub max_retries: u32,
    /// First backoff; doubled per retry, with up to 50 % random jitter added.
    pub backoff_base: Duration,
    /// Cap on any single wait, including a provider's `Retry-After`.
    pub backoff_max: Duration,
    /// Consecutive failed attempts that open a provider's circuit.
    pub breaker_threshold: u32,
    /// How long an open circuit skips the provider before one trial request (half-open).
    pub breaker_cool_down: Duration,
}

impl Default for RouterTiming {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            first_token_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(30),
            max_retries: 2,
            backoff_base: Duration::from_millis(500),
            backoff_max: Duration::from_secs(20),
            breaker_threshold: 5,
            breaker_cool_down: Duration::from_secs(30),
        }
    }
}

/// Everything [`super::Llm`] needs besides the store. `Default` configures no provider: every
/// generation is the offline responder's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LlmConfig {
    pub openrouter: ProviderEnv,
    pub mistral: ProviderEnv,
    pub openai: ProviderEnv,
    pub anthropic: ProviderEnv,
    /// Any OpenAI-compatible endpoint (Ollama, vLLM, LM Studio); configured by its base URL,
    /// the key is optional.
    pub openai_compatible: ProviderEnv,
    /// `OMNIREACH_ENCRYPTION_KEY`: base64 of 32 bytes, the key-encryption key for stored
    /// provider keys. When absent the key derives from `instance_secret`.
    pub encryption_key: Option<String>,
    /// The instance signing secret (set by the composition root), the fallback source of the
    /// key-encryption key.
    pub instance_secret: Option<String>,
    /// Sent to OpenRouter as `HTTP-Referer` (their app attribution).
    pub public_url: Option<String>,
    pub timing: RouterTiming,
    /// Pause between the offline responder's words, so its streaming looks like typing in the
    /// inbox. Zero in tests.
    pub offline_word_delay: Duration,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn provider_env(prefix: &str) -> ProviderEnv {
    ProviderEnv {
        api_key: env(&format!("{prefix}_API_KEY")),
        base_url: env(&format!("{prefix}_BASE_URL")),
        model: env(&format!("{prefix}_MODEL")),
    }
}

impl LlmConfig {
    /// Reads `OPENROUTER_API_KEY`, `MISTRAL_API_KEY`, `OPENAI_API_KEY`, `ANTHROPIC_API_KEY`,
    /// `OPENAI_COMPATIBLE_BASE_URL` (+ `_API_KEY`, `_MODEL`), the `*_BASE_URL` and `*_MODEL`
    /// overrides of each provider, `OMNIREACH_ENCRYPTION_KEY`, `PUBLIC_URL` and
    /// `OMNIREACH_OFFLINE_WORD_DELAY_MS` (default 25; 0 for load tests).
    pub fn from_env() -> Self {
        Self {
            openrouter: provider_env("OPENROUTER"),
            mistral: provider_env("MISTRAL"),
            openai: provider_env("OPENAI"),
            anthropic: provider_env("ANTHROPIC"),
            openai_compatible: provider_env("OPENAI_COMPATIBLE"),
            encryption_key: env("OMNIREACH_ENCRYPTION_KEY"),
            instance_secret: None,
            public_url: env("PUBLIC_URL"),
            timing: RouterTiming::default(),
            offline_word_delay: Duration::from_millis(
                env("OMNIREACH_OFFLINE_WORD_DELAY_MS")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(25),
            ),
        }
    }
}
