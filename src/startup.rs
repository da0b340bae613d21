//! The composition root: builds every component once from [`Settings`] and starts the server.

use crate::auth::{TokenIssuer, random_secret};
use crate::config::Settings;
use crate::http::{self, AppState};
use crate::import::ImportRunner;
use crate::llm::Llm;
use crate::seed;
use crate::store::{Backend, Store};
use actix_web::dev::Server;
use actix_web::middleware::{Compress, Next, from_fn};
use actix_web::{App, HttpMessage, HttpServer, web};
use std::net::TcpListener;
use std::sync::Arc;
use tracing_actix_web::{RequestId, TracingLogger};

pub struct Application {
    port: u16,
    server: Server,
    pub state: AppState,
}

/// Opens the database (creating it when missing) and applies migrations.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    if Backend::from_url(&settings.database_url)? == Backend::Sqlite {
        std::fs::create_dir_all(&settings.data_dir).map_err(|e| {
            anyhow::anyhow!(
                "creating data directory {}: {e}",
                settings.data_dir.display()
            )
        })?;
    }
    let mut store = Store::connect_with_batch(
        &settings.database_url,
        settings.db_connections,
        settings.write_batch,
    )
    .await?;
    store.migrate().await?;
    // One clock for the whole server: the store's readers, the outbox and the channels.
    store.clock = settings.live.clock.clone();
    if settings.test_clock {
        store.clock.make_adjustable();
        tracing::warn!("test clock on: POST /api/test/clock/advance can move this server's time");
    }
    Ok(store)
}

/// The configured secret, or one generated on first start and kept in the database so every
/// node of a cluster and every restart agrees on it.
async fn signing_secret(settings: &Settings, store: &Store) -> anyhow::Result<String> {
    match &settings.secret_key {
        Some(secret) if secret.len() < 32 => {
            anyhow::bail!(
                "OMNIREACH_SECRET_KEY must be at least 32 characters (e.g. `openssl rand -base64 48`)"
            )
        }
        Some(secret) => Ok(secret.clone()),
        None => Ok(store
            .settings()
            .get_or_insert("jwt_signing_secret", &random_secret())
            .await?),
    }
}

/// Adds `x-request-id` to every response, matching the id in the request's log lines.
async fn request_id_header(
    request: actix_web::dev::ServiceRequest,
    next: Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let id = request
        .extensions()
        .get::<RequestId>()
        .map(|id| id.to_string());
    let mut response = next.call(request).await?;
    if let Some(id) = id
        && let Ok(value) = actix_web::http::header::HeaderValue::from_str(&id)
    {
        response.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("x-request-id"),
            value,
        );
    }
    Ok(response)
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let store = open_store(&settings).await?;
        let secret = signing_secret(&settings, &store).await?;

        if let Some(created) = seed::bootstrap(
            &store,
            settings.admin_email.as_deref(),
            settings.admin_password.as_deref(),
        )
        .await?
        {
            match &created.generated_password {
                Some(password) => {
                    // Printed once, to the terminal only: it is not logged and not stored in clear.
                    println!(
                        "\n  OmniReach admin account created\n    email:    {}\n    password: {}\n  Save it now: it will not be shown again.\n",
                        created.admin.email, password
                    );
                }
                None => {
                    tracing::info!(email = %created.admin.email, "admin account created from OMNIREACH_ADMIN_EMAIL")
                }
            }
            if settings.seed_demo {
                let leads =
                    seed::demo_data(&store, &created.workspace.id, Some(&created.admin)).await?;
                tracing::info!(leads, workspace = %created.workspace.name, "demo data seeded");
            }
        }

        let imports = ImportRunner::new(store.clone(), settings.import_batch_rows);
        let resumed = imports.resume_unfinished().await?;
        if resumed > 0 {
            tracing::info!(resumed, "resumed interrupted imports");
        }

        let mut llm_config = settings.llm.clone();
        llm_config.instance_secret = Some(secret.clone());
        if let Some(key) = &llm_config.encryption_key {
            // A mistyped key would otherwise only surface when a provider key is saved or read.
            crate::llm::keys::KeyCipher::from_config(Some(key), None)
                .map_err(|error| anyhow::anyhow!("{error}"))?;
        }
        let channel_cipher = crate::llm::keys::KeyCipher::from_config(
            llm_config.encryption_key.as_deref(),
            Some(&secret),
        )
        .ok();
        let twilio = crate::channels::TwilioSetup::new(
            store.clone(),
            &settings.twilio,
            channel_cipher,
            settings.public_url.clone(),
        );
        let llm = Llm::new(store.clone(), llm_config);
        let listener = TcpListener::bind((settings.host.as_str(), settings.port))
            .map_err(|e| anyhow::anyhow!("binding {}:{}: {e}", settings.host, settings.port))?;
        let port = listener.local_addr()?.port();
        let channel_settings = crate::channels::ChannelSettings {
            email: Arc::new(settings.email.clone()),
            cipher: llm.cipher(),
            public_url: settings
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}:{port}", settings.host))
                .trim_end_matches('/')
                .to_string(),
            clock: settings.live.clock.clone(),
        };
        let live = crate::actors::Live::start(
            store.clone(),
            llm.clone(),
            crate::channels::Channels::from_config(
                store.clone(),
                Some(twilio.clone()),
                &channel_settings,
            ),
            &settings.live,
        )
        .await?;
        // Replies by IMAP: the instance's IMAP_URL and every mailbox with an IMAP URL.
        actix::spawn(crate::channels::email::imap::run_poller(
            store.clone(),
            settings
                .email
                .imap_url
                .as_deref()
                .map(crate::channels::email::imap::ImapUrl::parse)
                .transpose()
                .map_err(|e| anyhow::anyhow!("IMAP_URL: {e}"))?,
            channel_settings.cipher.clone(),
            std::time::Duration::from_secs(settings.email.imap_poll_secs),
            http::email::inbound_sink(live.clone(), channel_settings.email.clone()),
        ));

        actix::spawn(
            crate::integrations::webhooks_out::DeliveryWorker {
                store: store.clone(),
                hub: live.hub.clone(),
                cipher: crate::integrations::cipher(&llm),
                config: settings.integrations.clone(),
                poll: std::time::Duration::from_millis(250),
            }
            .run(),
        );
        let engine = crate::workflows::engine::Engine::new(
            store.clone(),
            live.hub.clone(),
            live.registry.clone(),
            llm.clone(),
            live.outbox_wake.clone(),
        );
        actix::spawn(engine.clone().run(std::time::Duration::from_millis(250)));
        let state = AppState {
            engine,
            twilio,
            llm,
            live,
            store,
            tokens: TokenIssuer::new(&secret, settings.access_token_ttl_secs),
            settings: Arc::new(settings.clone()),
            imports,
        };
        let metrics = actix_web_prom::PrometheusMetricsBuilder::new("omnireach")
            .endpoint("/metrics")
            .build()
            .map_err(|e| anyhow::anyhow!("metrics: {e}"))?;
        let data = web::Data::new(state.clone());
        let login_limit = http::LoginRateLimit::per_minute(settings.login_attempts_per_minute);
        let mut server = HttpServer::new(move || {
            App::new()
                .wrap(Compress::default())
                .wrap(metrics.clone())
                .wrap(from_fn(request_id_header))
                .wrap(TracingLogger::default())
                .app_data(data.clone())
                .configure(|config| http::configure(config, &login_limit))
        })
        // Live events are small WebSocket frames written one after another: with Nagle's
        // algorithm on, each waited for the browser's (delayed) ACK of the one before, which
        // put ~15-20 ms on every event at a few hundred events a second.
        .tcp_nodelay(true);
        if let Some(workers) = settings.http_workers {
            server = server.workers(workers);
        }
        let server = server.listen(listener)?.shutdown_timeout(30).run();
        Ok(Self {
            port,
            server,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Runs until SIGINT/SIGTERM, then stops accepting, finishes in-flight requests (up to 30 s)
    /// and returns.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
