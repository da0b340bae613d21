//! `kill -9` in the middle of 1,000 simulated conversations, against the real binary: after a
//! restart no inbound message is lost, no reply is sent twice, every conversation resumes.

use crate::helpers::{ADMIN_EMAIL, Backend, PASSWORD, fresh_database_url, temp_dir};
use futures_util::StreamExt;
use omnireach::store::Store;
use reqwest::Client;
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const LEADS: usize = 1_000;

struct Server {
    child: Child,
    base: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start(database_url: &str, dir: &std::path::Path) -> Server {
    let port = free_port();
    let log = std::fs::File::create(dir.join(format!("server-{port}.log"))).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_omnireach"))
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("PORT", port.to_string())
        .env("OMNIREACH_DATA_DIR", dir)
        .env("OMNIREACH_ADMIN_EMAIL", ADMIN_EMAIL)
        .env("OMNIREACH_ADMIN_PASSWORD", PASSWORD)
        .env("OMNIREACH_SEED_DEMO", "0")
        .env(
            "OMNIREACH_SECRET_KEY",
            "durability-test-secret-0123456789abcdef",
        )
        .env("OMNIREACH_LOGIN_ATTEMPTS_PER_MINUTE", "600")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("the server binary starts");
    let base = format!("http://127.0.0.1:{port}");
    let client = Client::new();
    crate::helpers::eventually("the server answers /health", || {
        let request = client.get(format!("{base}/health")).send();
        async move { request.await.is_ok_and(|r| r.status().is_success()) }
    })
    .await;
    Server { child, base }
}

async fn login(client: &Client, base: &str) -> String {
    let body: Value = client
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"email": ADMIN_EMAIL, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&store.pool)
        .await
        .unwrap()
}

/// Posts every lead's inbound message (64 at a time); returns how many were accepted.
async fn post_all(
    client: &Client,
    base: &str,
    token: &str,
    leads: &[String],
    accepted: Arc<AtomicUsize>,
) {
    futures_util::stream::iter(leads.iter().enumerate())
        .map(|(i, lead)| {
            let request = client
                .post(format!("{base}/api/sandbox/inbound"))
                .bearer_auth(token)
                .json(&json!({"lead_id": lead, "text": format!("Hello, question number {i} about pricing"), "external_id": format!("load-{i}")}))
                .send();
            let accepted = accepted.clone();
            async move {
                if let Ok(response) = request.await
                    && response.status().as_u16() == 202
                {
                    accepted.fetch_add(1, Ordering::Relaxed);
                }
            }
        })
        .buffer_unordered(64)
        .collect::<Vec<_>>()
        .await;
}

async fn kill_mid_flight(backend: Backend) {
    let dir = temp_dir();
    let database_url = fresh_database_url(backend, &dir.0);
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let mut server = start(&database_url, &dir.0).await;
    let token = login(&client, &server.base).await;

    let store = Store::connect(&database_url, 4).await.unwrap();
    let workspace_id: String = sqlx::query_scalar("SELECT id FROM workspaces")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    crate::live::agent_in(&store, &workspace_id, "autonomous").await;
    let mut csv = String::from("first_name,last_name,email\n");
    for i in 0..LEADS {
        csv.push_str(&format!("Lead,Number {i},lead{i}@durable.example\n"));
    }
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(csv.into_bytes())
            .file_name("leads.csv")
            .mime_str("text/csv")
            .unwrap(),
    );
    let job = client
        .post(format!("{}/api/leads/import", server.base))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(job.status().as_u16(), 202);
    crate::helpers::eventually("the import finishes", || {
        let store = store.clone();
        async move { count(&store, "SELECT COUNT(*) FROM leads").await == LEADS as i64 }
    })
    .await;
    let leads: Vec<String> = sqlx::query_scalar("SELECT id FROM leads ORDER BY email")
        .fetch_all(&store.pool)
        .await
        .unwrap();

    // Fire all inbound messages; kill -9 the server once ~40% are accepted.
    let accepted = Arc::new(AtomicUsize::new(0));
    let sender = {
        let (client, base, token, leads, accepted) = (
            client.clone(),
            server.base.clone(),
            token.clone(),
            leads.clone(),
            accepted.clone(),
        );
        actix_rt::spawn(async move { post_all(&client, &base, &token, &leads, accepted).await })
    };
    crate::helpers::eventually("some inbound messages are accepted", || {
        let accepted = accepted.clone();
        async move { accepted.load(Ordering::Relaxed) >= LEADS * 2 / 5 }
    })
    .await;
    server.child.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix
    server.child.wait().unwrap();
    sender.await.unwrap();
    let before_restart = accepted.load(Ordering::Relaxed);
    assert!(
        before_restart < LEADS,
        "the kill landed mid-flight ({before_restart} accepted)"
    );
    let stored_before = count(
        &store,
        "SELECT COUNT(*) FROM messages WHERE direction = 'inbound'",
    )
    .await;
    assert!(
        stored_before as usize >= before_restart,
        "every acknowledged message was stored first"
    );

    // Restart; the "provider" retries every webhook (duplicates included).
    let server = start(&database_url, &dir.0).await;
    let token = login(&client, &server.base).await;
    post_all(
        &client,
        &server.base,
        &token,
        &leads,
        Arc::new(AtomicUsize::new(0)),
    )
    .await;

    crate::helpers::eventually("every conversation is answered and delivered", || {
        let store = store.clone();
        async move {
            count(&store, "SELECT COUNT(*) FROM sandbox_deliveries").await >= LEADS as i64
                && count(&store, "SELECT COUNT(*) FROM messages WHERE processed = 0").await == 0
                && count(&store, "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'").await == 0
        }
    })
    .await;
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM messages WHERE direction = 'inbound'"
        )
        .await,
        LEADS as i64,
        "no inbound lost or doubled"
    );
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM messages WHERE direction = 'outbound'"
        )
        .await,
        LEADS as i64,
        "one reply per conversation"
    );
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM sandbox_deliveries").await,
        LEADS as i64,
        "no reply sent twice"
    );
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM (SELECT lead_id FROM sandbox_deliveries GROUP BY lead_id HAVING COUNT(*) > 1) AS doubled").await,
        0
    );
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM messages WHERE direction = 'outbound' AND status <> 'delivered'"
        )
        .await,
        0
    );
    drop(server);
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[actix_rt::test]
async fn kill_9_mid_flight_loses_nothing_and_sends_nothing_twice_sqlite() {
    kill_mid_flight(Backend::Sqlite).await;
}

#[actix_rt::test]
async fn kill_9_mid_flight_loses_nothing_and_sends_nothing_twice_postgres() {
    kill_mid_flight(Backend::Postgres).await;
}
