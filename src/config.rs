//! Settings, read once from environment variables and command-line flags (flags win).

use std::path::PathBuf;

#[derive(Clone)]
pub struct Settings {
    pub host: String,
    pub port: u16,
    pub data_dir: PathBuf,
    pub database_url: String,
    /// Signs access tokens. Generated and stored in the database when not configured, so a
    /// fresh install needs no keys; production sets `OMNIREACH_SECRET_KEY`.
    pub secret_key: Option<String>,
    pub admin_email: Option<String>,
    pub admin_password: Option<String>,
    pub seed_demo: bool,
    /// `OMNIREACH_TEST_CLOCK=1`: `POST /api/test/clock/advance` may move the server's clock.
    pub test_clock: bool,
    /// Serve the web UI from this directory instead of the copy embedded in the binary.
    pub web_dir: Option<PathBuf>,
    pub public_url: Option<String>,
    pub json_logs: bool,
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_secs: i64,
    /// Largest CSV accepted by the import endpoints.
    pub import_max_bytes: usize,
    /// Rows merged per transaction during an import.
    pub import_batch_rows: usize,
    /// Sign-in attempts per client address per minute before 429.
    pub login_attempts_per_minute: u32,
    /// LLM providers, keys and router timing. Tests leave it at `LlmConfig::default()`
    /// (offline) unless they point a provider at a fake server.
    pub llm: crate::llm::LlmConfig,
    /// Actors, agent pool and hub sizing.
    pub live: crate::actors::LiveConfig,
    /// Most hot-path writes committed in one transaction (group commit); 1 commits each alone.
    pub write_batch: usize,
    /// `OMNIREACH_HTTP_WORKERS`: HTTP worker threads (default: one per core).
    pub http_workers: Option<usize>,
    /// `OMNIREACH_DB_CONNECTIONS`: the read pool's connections (default 10).
    pub db_connections: u32,
    /// Calendar and inbound webhook secrets, outbound webhooks (SSRF guard, timeouts).
    pub integrations: crate::integrations::IntegrationsConfig,
    /// `TWILIO_*`: the default workspace's Twilio account and the API base URL.
    pub twilio: crate::channels::twilio::TwilioConfig,
    /// Email transports, webhooks and IMAP (see docs/channels-email.md).
    pub email: crate::channels::email::EmailConfig,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn env_bool(name: &str, default: bool) -> bool {
    match env(name).map(|v| v.to_lowercase()) {
        Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => false,
        Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => true,
        _ => default,
    }
}

fn env_number<T: std::str::FromStr>(name: &str) -> anyhow::Result<Option<T>> {
    match env(name) {
        Some(value) => value
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| anyhow::anyhow!("{name} must be a whole number, got '{value}'")),
        None => Ok(None),
    }
}

fn live_from_env() -> anyhow::Result<crate::actors::LiveConfig> {
    let mut live = crate::actors::LiveConfig::default();
    if let Some(secs) = env_number::<i64>("OMNIREACH_ACTOR_IDLE_SECS")? {
        live.idle_ms = secs.max(1) * 1000;
    }
    if let Some(workers) = env_number::<usize>("OMNIREACH_AGENT_WORKERS")? {
        live.agent_workers = workers.clamp(1, 1024);
    }
    if let Some(queue) = env_number::<usize>("OMNIREACH_AGENT_QUEUE")? {
        live.agent_queue = queue.max(1);
    }
    if let Some(arbiters) = env_number::<usize>("OMNIREACH_ARBITERS")? {
        live.arbiters = arbiters.clamp(1, 64);
    }
    if let Some(buffer) = env_number::<usize>("OMNIREACH_WS_BUFFER")? {
        live.session_buffer = buffer.max(8);
    }
    Ok(live)
}

impl Settings {
    pub fn from_env() -> anyhow::Result<Self> {
        let data_dir = PathBuf::from(env("OMNIREACH_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url = env("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("omnireach.db").display()));
        let port = match env("PORT") {
            Some(p) => p
                .parse()
                .map_err(|_| anyhow::anyhow!("PORT must be a number, got '{p}'"))?,
            None => 8080,
        };
        Ok(Self {
            host: env("HOST").unwrap_or_else(|| "127.0.0.1".into()),
            port,
            data_dir,
            database_url,
            secret_key: env("OMNIREACH_SECRET_KEY"),
            admin_email: env("OMNIREACH_ADMIN_EMAIL"),
            admin_password: env("OMNIREACH_ADMIN_PASSWORD"),
            seed_demo: env_bool("OMNIREACH_SEED_DEMO", true),
            test_clock: env_bool("OMNIREACH_TEST_CLOCK", false),
            web_dir: env("OMNIREACH_WEB_DIR").map(PathBuf::from),
            public_url: env("PUBLIC_URL"),
            json_logs: env("OMNIREACH_LOG_FORMAT").is_none_or(|f| f != "pretty"),
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_secs: 30 * 24 * 3600,
            import_max_bytes: 64 * 1024 * 1024,
            import_batch_rows: 500,
            login_attempts_per_minute: env("OMNIREACH_LOGIN_ATTEMPTS_PER_MINUTE")
                .and_then(|v| v.parse().ok())
                .unwrap_or(10),
            llm: crate::llm::LlmConfig::from_env(),
            live: live_from_env()?,
            write_batch: env_number::<usize>("OMNIREACH_WRITE_BATCH")?
                .unwrap_or(crate::store::DEFAULT_WRITE_BATCH)
                .clamp(1, 4096),
            http_workers: env_number::<usize>("OMNIREACH_HTTP_WORKERS")?.map(|n| n.clamp(1, 256)),
            db_connections: env_number::<u32>("OMNIREACH_DB_CONNECTIONS")?
                .unwrap_or(10)
                .clamp(1, 200),
            integrations: crate::integrations::IntegrationsConfig::from_env()?,
            twilio: crate::channels::twilio::TwilioConfig::from_env(),
            email: crate::channels::email::EmailConfig::from_env()?,
        })
    }

    /// Settings for tests: a data directory of its own, the given database, port 0.
    pub fn for_tests(data_dir: PathBuf, database_url: String) -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 0,
            data_dir,
            database_url,
            secret_key: Some("test-secret-key-with-enough-entropy-0123456789".into()),
            admin_email: None,
            admin_password: None,
            seed_demo: false,
            test_clock: false,
            web_dir: None,
            public_url: None,
            json_logs: true,
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_secs: 30 * 24 * 3600,
            import_max_bytes: 64 * 1024 * 1024,
            import_batch_rows: 500,
            login_attempts_per_minute: 1000,
            llm: crate::llm::LlmConfig::default(),
            live: crate::actors::LiveConfig::default(),
            write_batch: crate::store::DEFAULT_WRITE_BATCH,
            http_workers: None,
            db_connections: 10,
            integrations: crate::integrations::IntegrationsConfig::default(),
            twilio: crate::channels::twilio::TwilioConfig::default(),
            email: crate::channels::email::EmailConfig::default(),
        }
    }
}
