use omnireach::config::Settings;
use omnireach::startup::Application;
use omnireach::store::Store;
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running server with its own fresh database, and a client for it.
pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub store: Store,
    pub live: omnireach::actors::Live,
    pub database_url: String,
    _data_dir_guard: TempDir,
}

/// A directory removed when the test ends.
pub struct TempDir(pub PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn postgres_base_url() -> String {
    std::env::var("OMNIREACH_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub fn fresh_database_url(backend: Backend, data_dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}", data_dir.join("test.db").display()),
        Backend::Postgres => {
            let base = postgres_base_url();
            let (server, _) = base
                .rsplit_once('/')
                .expect("postgres url has a database part");
            format!("{server}/omnireach_test_{}", uuid::Uuid::new_v4().simple())
        }
    }
}

pub fn temp_dir() -> TempDir {
    let dir =
        std::env::temp_dir().join(format!("omnireach-test-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

pub const ADMIN_EMAIL: &str = "admin@test.example";
pub const PASSWORD: &str = "correct-horse-battery";

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, |_| {}).await
    }

    pub async fn spawn_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> Self {
        let dir = temp_dir();
        let url = fresh_database_url(backend, &dir.0);
        Self::start(dir, url, adjust).await
    }

    /// Starts a second server process-equivalent on an existing database (a restart).
    pub async fn restart(&self) -> Self {
        self.restart_with(|_| {}).await
    }

    pub async fn restart_with(&self, adjust: impl FnOnce(&mut Settings)) -> Self {
        Self::start(temp_dir(), self.database_url.clone(), adjust).await
    }

    async fn start(dir: TempDir, url: String, adjust: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = Settings::for_tests(dir.0.clone(), url.clone());
        settings.admin_email = Some(ADMIN_EMAIL.into());
        settings.admin_password = Some(PASSWORD.into());
        adjust(&mut settings);
        let app = Application::build(settings).await.expect("app builds");
        let port = app.port();
        let store = app.state.store.clone();
        let live = app.state.live.clone();
        actix_rt::spawn(app.run_until_stopped());
        Self {
            base: format!("http://127.0.0.1:{port}"),
            client: Client::builder()
                .timeout(Duration::from_secs(60))
                .build()
                .unwrap(),
            store,
            live,
            database_url: url,
            _data_dir_guard: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.client
            .post(self.url("/api/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap()
    }

    /// Signs in and returns a client-side session.
    pub async fn session(&self, email: &str, password: &str) -> Session {
        let response = self.login(email, password).await;
        assert_eq!(response.status(), StatusCode::OK, "login for {email}");
        let body: Value = response.json().await.unwrap();
        Session {
            token: body["access_token"].as_str().unwrap().to_string(),
            refresh: body["refresh_token"].as_str().unwrap().to_string(),
            workspace_id: body["workspace"]["id"].as_str().unwrap().to_string(),
            user_id: body["user"]["id"].as_str().unwrap().to_string(),
        }
    }

    pub async fn admin(&self) -> Session {
        self.session(ADMIN_EMAIL, PASSWORD).await
    }

    /// Creates a member with `role` in the admin's workspace and signs them in.
    pub async fn member(&self, admin: &Session, role: &str) -> Session {
        let email = format!("{role}-{}@test.example", uuid::Uuid::new_v4().simple());
        let response = self
            .send(
                admin,
                reqwest::Method::POST,
                "/api/users",
                Some(json!({"email": email, "name": role, "password": PASSWORD, "role": role})),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        self.session(&email, PASSWORD).await
    }

    /// An admin of a second, separate workspace.
    pub async fn other_workspace_admin(&self, instance_admin: &Session) -> Session {
        let workspace: Value = self
            .send(
                instance_admin,
                reqwest::Method::POST,
                "/api/workspaces",
                Some(json!({"name": "Rival Corp"})),
            )
            .await
            .json()
            .await
            .unwrap();
        let email = format!("rival-{}@test.example", uuid::Uuid::new_v4().simple());
        let response = self
            .send(
                instance_admin,
                reqwest::Method::POST,
                "/api/users",
                Some(json!({"email": email, "name": "Rival", "password": PASSWORD, "role": "admin", "workspace_id": workspace["id"]})),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        self.session(&email, PASSWORD).await
    }

    pub async fn send(
        &self,
        session: &Session,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Response {
        let mut request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(&session.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    pub async fn get_json(&self, session: &Session, path: &str) -> Value {
        let response = self.send(session, reqwest::Method::GET, path, None).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.unwrap()
    }

    pub async fn create_lead(&self, session: &Session, body: Value) -> Value {
        let response = self
            .send(session, reqwest::Method::POST, "/api/leads", Some(body))
            .await;
        let status = response.status();
        let json: Value = response.json().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{json}");
        json
    }

    /// Uploads a CSV and waits until the import finishes (polling the job, bounded).
    pub async fn import_csv(&self, session: &Session, csv: &[u8], extra: &[(&str, &str)]) -> Value {
        let mut form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(csv.to_vec())
                .file_name("leads.csv")
                .mime_str("text/csv")
                .unwrap(),
        );
        for (name, value) in extra {
            form = form.text(name.to_string(), value.to_string());
        }
        let response = self
            .client
            .post(self.url("/api/leads/import"))
            .bearer_auth(&session.token)
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let job: Value = response.json().await.unwrap();
        assert_eq!(status, StatusCode::ACCEPTED, "{job}");
        self.wait_for_import(session, job["id"].as_str().unwrap())
            .await
    }

    pub async fn wait_for_import(&self, session: &Session, id: &str) -> Value {
        // Waits on the job's state, not on a timer; the deadline only stops a hung test.
        let deadline = std::time::Instant::now() + Duration::from_secs(180);
        while std::time::Instant::now() < deadline {
            let job = self
                .get_json(session, &format!("/api/leads/imports/{id}"))
                .await;
            if job["status"] == "completed" || job["status"] == "failed" {
                return job;
            }
            tokio::task::yield_now().await;
        }
        panic!("import {id} did not finish");
    }
}

pub struct Session {
    pub token: String,
    pub refresh: String,
    pub workspace_id: String,
    pub user_id: String,
}

/// Asserts the standard error body and returns its code.
pub async fn error_code(response: Response, status: StatusCode) -> (String, Value) {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.expect("error bodies are JSON");
    let code = body["error"]["code"]
        .as_str()
        .expect("error.code")
        .to_string();
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "error.message: {body}"
    );
    (code, body)
}

/// Defines a test that runs once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            use $crate::helpers::{Backend, TestApp};

            async fn run($app: TestApp) $body

            #[actix_rt::test]
            async fn sqlite() {
                run(TestApp::spawn(Backend::Sqlite).await).await
            }

            #[actix_rt::test]
            async fn postgres() {
                run(TestApp::spawn(Backend::Postgres).await).await
            }
        }
    };
}

/// Like `on_both_backends!` for a test that starts its own app (its own settings, servers or
/// clock): the body gets the backend.
#[macro_export]
macro_rules! for_each_backend {
    ($name:ident, |$backend:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            use $crate::helpers::Backend;

            async fn run($backend: Backend) $body

            #[actix_rt::test]
            async fn sqlite() {
                run(Backend::Sqlite).await
            }

            #[actix_rt::test]
            async fn postgres() {
                run(Backend::Postgres).await
            }
        }
    };
}

/// A WebSocket client of `/api/ws` that reads JSON events.
pub struct WsClient {
    stream: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
}

/// The longest a test waits for an expected event before failing (a hang guard, not timing).
pub const EVENT_DEADLINE: Duration = Duration::from_secs(30);

impl WsClient {
    /// Connects with `?token=` and reads the `hello` event.
    pub async fn connect(app: &TestApp, token: &str) -> Self {
        let url = format!(
            "{}/api/ws?token={token}",
            app.base.replacen("http", "ws", 1)
        );
        let (stream, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("websocket connects");
        let mut client = Self { stream };
        let hello = client.next().await;
        assert_eq!(hello["type"], "hello", "{hello}");
        client
    }

    pub async fn send(&mut self, value: Value) {
        use futures_util::SinkExt;
        self.stream
            .send(tokio_tungstenite::tungstenite::Message::Text(
                value.to_string().into(),
            ))
            .await
            .expect("websocket send");
    }

    pub async fn send_raw(&mut self, message: tokio_tungstenite::tungstenite::Message) {
        use futures_util::SinkExt;
        self.stream.send(message).await.expect("websocket send");
    }

    /// The next frame of any kind (None when the socket closed).
    pub async fn next_message(&mut self) -> Option<tokio_tungstenite::tungstenite::Message> {
        use futures_util::StreamExt;
        tokio::time::timeout(EVENT_DEADLINE, self.stream.next())
            .await
            .expect("a websocket frame arrives")
            .and_then(|r| r.ok())
    }

    /// The next JSON event (pings are skipped).
    pub async fn next(&mut self) -> Value {
        loop {
            match self.next_message().await {
                Some(tokio_tungstenite::tungstenite::Message::Text(text)) => {
                    return serde_json::from_str(&text).expect("events are JSON");
                }
                Some(tokio_tungstenite::tungstenite::Message::Close(frame)) => {
                    panic!("socket closed: {frame:?}")
                }
                Some(_) => continue,
                None => panic!("socket ended"),
            }
        }
    }

    /// Reads events until one matches; returns it.
    pub async fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        let deadline = std::time::Instant::now() + EVENT_DEADLINE;
        let mut seen = Vec::new();
        while std::time::Instant::now() < deadline {
            let event = self.next().await;
            if matches(&event) {
                return event;
            }
            seen.push(event["type"].to_string());
        }
        panic!("no {what} event; saw {seen:?}");
    }

    pub async fn subscribe(&mut self, conversation_id: &str) {
        self.send(json!({"type": "subscribe", "conversation_id": conversation_id}))
            .await;
        self.wait_for("subscribed", |e| {
            e["type"] == "subscribed" && e["conversation_id"] == conversation_id
        })
        .await;
    }
}

/// Polls until `check` holds (each round trip is the wait; the deadline is a hang guard).
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    eventually_some(what, || {
        let done = check();
        async move { done.await.then_some(()) }
    })
    .await
}

/// Polls until `check` yields a value (each round trip is the wait; the deadline only guards
/// against a hang).
pub async fn eventually_some<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while std::time::Instant::now() < deadline {
        if let Some(value) = check().await {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("timed out waiting for: {what}");
}
