//! Email throughput: our whole send path beside a bare lettre client, both to the same local SMTP
//! sink, in one run.
//!
//! `cargo bench --bench email_send -- [messages] [concurrency]` (defaults 2,000 and 16; the
//! outbox worker sends 16 at a time, so the baseline does too). `OMNIREACH_BENCH_DATABASE_URL`
//! runs ours on PostgreSQL instead of a fresh SQLite file.
//!
//! - **Sink**: a minimal SMTP server in this file (tokio, one task per connection): it answers
//!   every command, reads DATA up to the final dot and discards it, parsing nothing. It is not
//!   the bottleneck: the bare client's rate is a floor on what it accepts.
//! - **Ours**: `messages` emails (one per lead, distinct recipients, two links in the body)
//!   queued in the outbox and sent by the outbox worker as in production: claim, send gate,
//!   email channel (mailbox / cap / window / domain-throttle checks, Message-ID and threading,
//!   multipart text + HTML with the CAN-SPAM footer, click-tracking rewrite and open pixel,
//!   DKIM Ed25519 signature, SMTP via lettre), the email record before and after the transport,
//!   the outbox completion.
//! - **Baseline**: the same messages (recipients, subject, body) as plain-text lettre messages
//!   sent by one lettre `AsyncSmtpTransport`, `concurrency` at a time: no tracking, no DKIM, no
//!   database.

mod support;

use actix::System;
use futures_util::StreamExt;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use omnireach::actors::{Live, LiveConfig};
use omnireach::channels::email::EmailConfig;
use omnireach::channels::email::mime::DkimSettings;
use omnireach::channels::{ChannelSettings, Channels};
use omnireach::llm::{Llm, LlmConfig};
use omnireach::store::{EmailSettingsRecord, Store, now_ms};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const FROM: &str = "Ann Seller <ann@acme.example>";
const SUBJECT: &str = "Quick question about your pipeline";
const BODY: &str = "Hi there,\n\nI read your post at https://bench.example/blog/scaling-sales and \
it matched what we see with teams your size. Would a 15-minute call next week work?\n\nHere is \
a short case study: https://acme.example/case-studies/northwind\n\nBest,\nAnn";

/// Starts the sink; returns its port and the count of messages it accepted.
async fn start_sink() -> (u16, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("sink binds");
    let port = listener.local_addr().expect("sink address").port();
    let accepted = Arc::new(AtomicU64::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(serve_smtp(socket, counter.clone()));
        }
    });
    (port, accepted)
}

async fn serve_smtp(socket: tokio::net::TcpStream, accepted: Arc<AtomicU64>) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    let mut line = Vec::with_capacity(1024);
    if write.write_all(b"220 sink ESMTP\r\n").await.is_err() {
        return;
    }
    let mut in_data = false;
    loop {
        line.clear();
        match lines.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let reply: &[u8] = if in_data {
            if line != b".\r\n" {
                continue;
            }
            in_data = false;
            accepted.fetch_add(1, Ordering::Relaxed);
            b"250 2.0.0 queued\r\n"
        } else {
            let verb = line
                .get(..4)
                .map(|v| v.to_ascii_uppercase())
                .unwrap_or_default();
            match verb.as_slice() {
                b"EHLO" => b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
                b"DATA" => {
                    in_data = true;
                    b"354 end with <CRLF>.<CRLF>\r\n"
                }
                b"QUIT" => {
                    let _ = write.write_all(b"221 bye\r\n").await;
                    return;
                }
                _ => b"250 OK\r\n",
            }
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}

/// One workspace with `count` leads and a conversation each, the postal address set, tracking
/// on and the window open all week.
async fn seed(store: &Store, count: usize) {
    let (workspace, _) = support::seed_leads(store, count).await;
    store
        .email()
        .put_settings(
            &workspace,
            &EmailSettingsRecord {
                postal_address: Some("Acme Inc., 1 Main St, Springfield, IL 62701".into()),
                tracking_enabled: true,
                window_days: "mon,tue,wed,thu,fri,sat,sun".into(),
                window_start_minute: 0,
                window_end_minute: 1440,
            },
        )
        .await
        .expect("email settings");
}

/// Queues one email per lead in one transaction (a message and its outbox row each), as a
/// human's send would.
async fn queue_all(store: &Store) {
    let now = now_ms();
    let mut tx = store.pool.begin().await.expect("transaction");
    sqlx::query(
        "INSERT INTO messages (id, workspace_id, conversation_id, lead_id, direction, channel, \
         author_kind, subject, body, status, status_rank, processed, created_at) \
         SELECT 'msg-' || id, workspace_id, 'conv-' || id, id, 'outbound', 'email', 'human', $1, $2, \
         'queued', 10, 1, $3 FROM leads",
    )
    .bind(SUBJECT)
    .bind(BODY)
    .bind(now)
    .execute(&mut *tx)
    .await
    .expect("messages");
    sqlx::query(
        "INSERT INTO outbox (id, workspace_id, message_id, channel, idempotency_key, state, \
         next_attempt_at, created_at, updated_at) SELECT 'outbox-' || id, workspace_id, 'msg-' || id, \
         'email', 'bench:' || id, 'queued', $1, $1, $1 FROM leads",
    )
    .bind(now)
    .execute(&mut *tx)
    .await
    .expect("outbox rows");
    tx.commit().await.expect("commit");
}

async fn count_sent(store: &Store) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state IN ('sent', 'failed')")
        .fetch_one(&store.pool)
        .await
        .expect("count")
}

fn dkim() -> DkimSettings {
    use base64::Engine;
    DkimSettings {
        selector: "bench".into(),
        domain: "acme.example".into(),
        private_key: base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 32]>()),
        algorithm: lettre::message::dkim::DkimSigningAlgorithm::Ed25519,
    }
}

/// Our send path; returns seconds for `count` emails.
async fn ours(store: &Store, sink_port: u16, count: usize) -> f64 {
    let email = EmailConfig {
        smtp_url: Some(format!("smtp://127.0.0.1:{sink_port}?tls=none")),
        from: Some(FROM.into()),
        domain_per_minute: i64::MAX,
        dkim: Some(dkim()),
        ..EmailConfig::default()
    };
    let settings = ChannelSettings {
        email: Arc::new(email),
        public_url: "https://reach.bench".into(),
        ..ChannelSettings::default()
    };
    let channels = Channels::from_config(store.clone(), None, &settings);
    let llm = Llm::new(store.clone(), LlmConfig::default());
    let live = Live::start(store.clone(), llm, channels, &LiveConfig::default())
        .await
        .expect("live layer");
    queue_all(store).await;
    let started = Instant::now();
    live.outbox_wake.notify_one();
    while (count_sent(store).await as usize) < count {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let seconds = started.elapsed().as_secs_f64();
    let failed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state = 'failed'")
        .fetch_one(&store.pool)
        .await
        .expect("failed");
    assert_eq!(failed, 0, "every email was accepted");
    seconds
}

/// The bare lettre client; returns seconds for `count` emails.
async fn bare_lettre(sink_port: u16, count: usize, concurrency: usize) -> f64 {
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(sink_port)
        .build();
    let messages: Vec<Message> = (1..=count)
        .map(|i| {
            Message::builder()
                .from(FROM.parse().expect("from"))
                .to(format!("lead{i}@bench.example").parse().expect("to"))
                .subject(SUBJECT)
                .body(BODY.to_string())
                .expect("message")
        })
        .collect();
    let started = Instant::now();
    futures_util::stream::iter(messages)
        .map(|message| {
            let transport = &transport;
            async move { transport.send(message).await.expect("sent") }
        })
        .buffer_unordered(concurrency)
        .for_each(|_| async {})
        .await;
    started.elapsed().as_secs_f64()
}

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse::<usize>().ok());
    let count = args.next().unwrap_or(2_000);
    let concurrency = args.next().unwrap_or(16);
    System::new().block_on(async move {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let (sink_port, accepted) = start_sink().await;
        let dir = std::env::temp_dir().join(format!("omnireach-email-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let url = std::env::var("OMNIREACH_BENCH_DATABASE_URL")
            .unwrap_or_else(|_| format!("sqlite://{}", dir.join("bench.db").display()));
        let database = url.split(':').next().unwrap_or("?").to_string();
        let store = Store::connect(&url, 8).await.expect("store");
        store.migrate().await.expect("migrations");
        seed(&store, count).await;

        let bare = bare_lettre(sink_port, count, concurrency).await;
        let after_bare = accepted.load(Ordering::Relaxed);
        let ours = ours(&store, sink_port, count).await;
        let after_ours = accepted.load(Ordering::Relaxed) - after_bare;
        assert_eq!(after_bare as usize, count, "the sink took every bare email");
        assert_eq!(after_ours as usize, count, "the sink took every email of ours, once");

        let rate = |seconds: f64| count as f64 / seconds;
        println!("email sends to a local SMTP sink: {count} messages, {concurrency} at a time; ours on {database}");
        println!(
            "  bare lettre client (plain text, no tracking, no DKIM): {:>8.0} msgs/s ({:.2} s)",
            rate(bare),
            bare
        );
        println!(
            "  OmniReach outbox -> email channel (MIME, tracking, DKIM Ed25519, bookkeeping): {:>8.0} msgs/s ({:.2} s)",
            rate(ours),
            ours
        );
        println!("  ratio ours / bare: {:.2}", rate(ours) / rate(bare));
        let _ = std::fs::remove_dir_all(&dir);
        // The outbox worker still holds pool connections that must not be dropped after the
        // runtime is gone.
        std::process::exit(0);
    });
}
