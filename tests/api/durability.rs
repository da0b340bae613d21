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
        .env("OMNIREACH_TEST_CLOCK", "1")
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

/// Imports `LEADS` leads through the CSV import; returns their ids (ordered by email).
async fn import_leads(client: &Client, base: &str, token: &str, store: &Store) -> Vec<String> {
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
        .post(format!("{}/api/leads/import", base))
        .bearer_auth(token)
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
    sqlx::query_scalar("SELECT id FROM leads ORDER BY email")
        .fetch_all(&store.pool)
        .await
        .unwrap()
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
    let leads = import_leads(&client, &server.base, &token, &store).await;

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

/// trigger → email → wait 1 day → email → end: two side effects around a durable wait.
fn two_touch_graph() -> Value {
    json!({
        "format": "omnireach.workflow", "version": 1,
        "nodes": [
            {"id": "trigger", "type": "trigger", "data": {"kind": "manual"}},
            {"id": "email1", "type": "send", "data": {"channel": "email", "source": "text",
                "subject": "Hello {{first_name}}", "body": "Worth a chat?"}},
            {"id": "wait_day", "type": "wait", "data": {"mode": "duration", "seconds": 86400}},
            {"id": "email2", "type": "send", "data": {"channel": "email", "source": "text",
                "subject": "Following up, {{first_name}}", "body": "Did you see my note?"}},
            {"id": "done", "type": "end", "data": {"outcome": "goal"}}
        ],
        "edges": [
            {"id": "e1", "source": "trigger", "target": "email1"},
            {"id": "e2", "source": "email1", "target": "wait_day"},
            {"id": "e3", "source": "wait_day", "target": "email2"},
            {"id": "e4", "source": "email2", "target": "done"}
        ]
    })
}

/// Creates and launches a campaign of `workflow_id` for `leads` (manual audience).
async fn launch_campaign(
    client: &Client,
    base: &str,
    token: &str,
    workflow_id: &str,
    leads: &[String],
) {
    let campaign: Value = client
        .post(format!("{base}/api/campaigns"))
        .bearer_auth(token)
        .json(&json!({"name": "Two touches", "workflow_id": workflow_id,
            "audience": {"kind": "manual", "lead_ids": leads}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = campaign["id"].as_str().expect("the campaign is created");
    let launch = client
        .post(format!("{base}/api/campaigns/{id}/launch"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        launch.status().as_u16(),
        200,
        "{}",
        launch.text().await.unwrap()
    );
}

async fn kill_mid_workflow(backend: Backend) {
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
    let leads = import_leads(&client, &server.base, &token, &store).await;
    let workflow = crate::workflow_engine::insert_published_workflow(
        &store,
        &workspace_id,
        &two_touch_graph(),
    )
    .await;
    launch_campaign(&client, &server.base, &token, &workflow, &leads).await;

    // kill -9 once some, but not all, first emails have reached the sandbox.
    crate::helpers::eventually("some first emails are delivered", || {
        let store = store.clone();
        async move { count(&store, "SELECT COUNT(*) FROM sandbox_deliveries").await >= 50 }
    })
    .await;
    server.child.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix
    server.child.wait().unwrap();
    let delivered_before = count(&store, "SELECT COUNT(*) FROM sandbox_deliveries").await;
    assert!(
        delivered_before < LEADS as i64,
        "the kill landed mid-flight ({delivered_before} delivered)"
    );

    // Restart on the same database; once every run waits out its day, move the new clock past it.
    let server = start(&database_url, &dir.0).await;
    let token = login(&client, &server.base).await;
    crate::helpers::eventually("every run has sent its first email and waits", || {
        let store = store.clone();
        async move {
            count(&store, "SELECT COUNT(*) FROM workflow_runs WHERE status = 'waiting' AND current_node = 'wait_day'").await
                == LEADS as i64
        }
    })
    .await;
    let advanced = client
        .post(format!("{}/api/test/clock/advance", server.base))
        .bearer_auth(&token)
        .json(&json!({"seconds": 2 * 86_400}))
        .send()
        .await
        .unwrap();
    assert_eq!(advanced.status().as_u16(), 200);
    crate::helpers::eventually("every run completes", || {
        let store = store.clone();
        async move {
            count(
                &store,
                "SELECT COUNT(*) FROM workflow_runs WHERE status = 'completed'",
            )
            .await
                == LEADS as i64
                && count(&store, "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'").await == 0
        }
    })
    .await;

    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM workflow_runs").await,
        LEADS as i64,
        "one run per lead, every one completed"
    );
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM sandbox_deliveries").await,
        2 * LEADS as i64,
        "two emails per run"
    );
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM (SELECT r.id FROM workflow_runs r \
             JOIN sandbox_deliveries d1 ON d1.idempotency_key = 'wf:' || r.id || ':email1' \
             JOIN sandbox_deliveries d2 ON d2.idempotency_key = 'wf:' || r.id || ':email2') AS both_sent"
        )
        .await,
        LEADS as i64,
        "each run's two sends delivered under their (run, node) keys"
    );
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM (SELECT lead_id FROM sandbox_deliveries GROUP BY lead_id HAVING COUNT(*) <> 2) AS off").await,
        0,
        "exactly two deliveries per lead: none sent twice"
    );
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM outbox").await,
        2 * LEADS as i64,
        "no outbox row duplicated"
    );
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM messages WHERE direction = 'outbound'"
        )
        .await,
        2 * LEADS as i64,
        "no message duplicated"
    );
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM (SELECT run_id FROM node_runs WHERE status = 'succeeded' \
             GROUP BY run_id HAVING COUNT(DISTINCT node_id) = 5 AND COUNT(*) = 5) AS whole"
        )
        .await,
        LEADS as i64,
        "every run has exactly one succeeded node run for each of its 5 nodes: no step lost or doubled"
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

#[actix_rt::test]
async fn kill_9_mid_workflow_completes_every_run_and_sends_nothing_twice_sqlite() {
    kill_mid_workflow(Backend::Sqlite).await;
}

#[actix_rt::test]
async fn kill_9_mid_workflow_completes_every_run_and_sends_nothing_twice_postgres() {
    kill_mid_workflow(Backend::Postgres).await;
}
