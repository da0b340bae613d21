//! The slice of the OmniReach REST API the load generator needs: sign in, find or create leads,
//! and deliver a sandbox inbound message (the same path as a real channel webhook).

use anyhow::{Context, Result, bail};
use futures_util::{StreamExt, TryStreamExt, stream};
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;

#[derive(Clone)]
pub struct OmniReach {
    http: reqwest::Client,
    base_url: String,
    access_token: String,
}

/// What a `POST /api/sandbox/inbound` came to, as counted in the report.
pub enum InboundOutcome {
    /// 2xx, with the `message_id` when the endpoint returns one (the sandbox does, Twilio's
    /// webhook answers empty TwiML); `duplicate` when the `external_id` was seen before.
    Accepted {
        message_id: Option<String>,
        duplicate: bool,
    },
    /// Any other answer: its status (or `2xx-no-id` when the body had no `message_id`).
    Rejected { label: String },
}

#[derive(Deserialize)]
struct LoginResponse {
    access_token: String,
}

#[derive(Deserialize)]
struct LeadPage {
    items: Vec<LeadId>,
    total: i64,
}

#[derive(Deserialize)]
struct LeadId {
    id: String,
}

#[derive(Deserialize)]
struct InboundAccepted {
    message_id: Option<String>,
    #[serde(default)]
    duplicate: bool,
}

/// One HTTP/1.1 client for everything; the pool grows to the POSTs in flight.
pub fn http_client(pool: usize) -> Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .pool_max_idle_per_host(pool)
        .timeout(Duration::from_secs(30))
        .tcp_nodelay(true)
        .build()?)
}

impl OmniReach {
    pub async fn sign_in(
        http: reqwest::Client,
        base_url: &str,
        email: &str,
        password: &str,
    ) -> Result<Self> {
        let base_url = base_url.trim_end_matches('/').to_string();
        let response = http
            .post(format!("{base_url}/api/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .with_context(|| format!("POST {base_url}/api/auth/login"))?;
        let status = response.status();
        if !status.is_success() {
            bail!(
                "sign-in refused: {status} {}",
                response.text().await.unwrap_or_default()
            );
        }
        let login: LoginResponse = response.json().await.context("sign-in response")?;
        Ok(Self {
            http,
            base_url,
            access_token: login.access_token,
        })
    }

    /// `ws://…/api/ws?token=…` for the signed-in user.
    pub fn inbox_socket_url(&self) -> String {
        format!(
            "{}/api/ws?token={}",
            websocket_base(&self.base_url),
            self.access_token
        )
    }

    /// Ids of `count` leads: the first existing ones, then new ones with unique emails.
    pub async fn ensure_leads(&self, count: usize, run_tag: &str) -> Result<Vec<String>> {
        let mut ids = Vec::with_capacity(count);
        while ids.len() < count {
            let limit = (count - ids.len()).min(500);
            let page: LeadPage = self
                .http
                .get(format!(
                    "{}/api/leads?limit={limit}&offset={}",
                    self.base_url,
                    ids.len()
                ))
                .bearer_auth(&self.access_token)
                .send()
                .await?
                .error_for_status()
                .context("GET /api/leads")?
                .json()
                .await?;
            let fetched = page.items.len();
            ids.extend(page.items.into_iter().map(|lead| lead.id));
            if fetched < limit || ids.len() as i64 >= page.total {
                break;
            }
        }
        ids.truncate(count);
        let missing = count - ids.len();
        let created: Vec<String> = stream::iter(0..missing)
            .map(|index| self.create_lead(run_tag, index))
            .buffer_unordered(16)
            .try_collect()
            .await?;
        ids.extend(created);
        Ok(ids)
    }

    async fn create_lead(&self, run_tag: &str, index: usize) -> Result<String> {
        let response = self
            .http
            .post(format!("{}/api/leads", self.base_url))
            .bearer_auth(&self.access_token)
            .json(&json!({
                "first_name": "Loadgen",
                "last_name": format!("Lead {index}"),
                "email": format!("loadgen-{run_tag}-{index}@example.com"),
                "company_name": "Loadgen Simulations",
            }))
            .send()
            .await?;
        let status = response.status();
        if !status.is_success() {
            bail!(
                "POST /api/leads: {status} {}",
                response.text().await.unwrap_or_default()
            );
        }
        Ok(response.json::<LeadId>().await?.id)
    }

    /// `GET path` as JSON; a non-2xx answer is an error carrying the body.
    pub async fn get(&self, path: &str) -> Result<serde_json::Value> {
        let request = self.http.get(format!("{}{path}", self.base_url));
        self.json_call(request, "GET", path).await
    }

    /// `POST path` with a JSON body; a non-2xx answer is an error carrying the body.
    pub async fn post(&self, path: &str, body: serde_json::Value) -> Result<serde_json::Value> {
        let request = self
            .http
            .post(format!("{}{path}", self.base_url))
            .json(&body);
        self.json_call(request, "POST", path).await
    }

    async fn json_call(
        &self,
        request: reqwest::RequestBuilder,
        method: &str,
        path: &str,
    ) -> Result<serde_json::Value> {
        let response = request
            .bearer_auth(&self.access_token)
            .send()
            .await
            .with_context(|| format!("{method} {path}"))?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        if !status.is_success() {
            bail!("{method} {path}: {status} {text}");
        }
        if text.is_empty() {
            return Ok(serde_json::Value::Null);
        }
        serde_json::from_str(&text).with_context(|| format!("{method} {path}: not JSON"))
    }

    /// Transport failures are `Err`; every HTTP answer is an outcome.
    pub async fn sandbox_inbound(
        &self,
        lead_id: &str,
        text: &str,
        external_id: &str,
    ) -> Result<InboundOutcome> {
        let response = self
            .http
            .post(format!("{}/api/sandbox/inbound", self.base_url))
            .bearer_auth(&self.access_token)
            .json(&json!({"lead_id": lead_id, "channel": "sandbox", "text": text, "external_id": external_id}))
            .send()
            .await?;
        let status = response.status();
        if !status.is_success() {
            return Ok(InboundOutcome::Rejected {
                label: status.as_u16().to_string(),
            });
        }
        match response.json::<InboundAccepted>().await {
            Ok(InboundAccepted {
                message_id: Some(message_id),
                duplicate,
            }) => Ok(InboundOutcome::Accepted {
                message_id: Some(message_id),
                duplicate,
            }),
            _ => Ok(InboundOutcome::Rejected {
                label: format!("{}-no-message-id", status.as_u16()),
            }),
        }
    }
}

/// `http://host:port/prefix` → `ws://host:port/prefix` (and https → wss).
pub fn websocket_base(http_url: &str) -> String {
    let trimmed = http_url.trim_end_matches('/');
    if let Some(rest) = trimmed.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = trimmed.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        trimmed.to_string()
    }
}
