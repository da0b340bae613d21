//! A thin typed client of Twilio's Messages API (no maintained Rust SDK exists): create a
//! message and list messages, with Basic auth (Account SID : auth token) and form bodies, as
//! `POST/GET {base}/2010-04-01/Accounts/{sid}/Messages.json`. Errors are classified the way
//! the outbox needs them: 429, 5xx and network failures are temporary; other 4xx are permanent
//! and carry Twilio's error code and message.

use serde::Deserialize;
use std::time::Duration;

/// Credentials and sender of one Twilio account.
#[derive(Clone)]
pub struct TwilioCredentials {
    pub account_sid: String,
    pub auth_token: String,
    /// `From` for SMS (E.164), unless a Messaging Service is used.
    pub from_number: Option<String>,
    pub messaging_service_sid: Option<String>,
    /// The WhatsApp sender (E.164, without the `whatsapp:` prefix); defaults to `from_number`.
    pub whatsapp_from: Option<String>,
}

impl std::fmt::Debug for TwilioCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TwilioCredentials")
            .field("account_sid", &self.account_sid)
            .field("auth_token", &"<redacted>")
            .finish()
    }
}

/// A message to create.
#[derive(Debug, Clone, Default)]
pub struct CreateMessage {
    /// E.164; `whatsapp: true` adds the `whatsapp:` prefixes.
    pub to: String,
    pub whatsapp: bool,
    pub body: Option<String>,
    /// WhatsApp template (Content API) and its variables as a JSON object string.
    pub content_sid: Option<String>,
    pub content_variables: Option<String>,
    pub status_callback: Option<String>,
}

/// Twilio's message resource (the fields we use).
#[derive(Debug, Clone, Deserialize)]
pub struct TwilioMessage {
    pub sid: String,
    pub status: Option<String>,
    pub to: Option<String>,
    pub from: Option<String>,
    pub body: Option<String>,
    pub date_created: Option<String>,
    pub error_code: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct MessageList {
    messages: Vec<TwilioMessage>,
}

#[derive(Debug, Deserialize)]
struct TwilioErrorBody {
    code: Option<i64>,
    message: Option<String>,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum TwilioError {
    #[error("Twilio is unavailable or rate-limited: {0}")]
    Temporary(String),
    #[error("Twilio refused the request ({status}, code {code:?}): {message}")]
    Permanent {
        status: u16,
        code: Option<i64>,
        message: String,
    },
}

/// Twilio's "Attempt to send to unsubscribed recipient".
pub const UNSUBSCRIBED_RECIPIENT: i64 = 21610;

#[derive(Clone)]
pub struct TwilioClient {
    http: reqwest::Client,
    base_url: String,
}

impl TwilioClient {
    pub fn new(base_url: &str) -> Self {
        static TLS_PROVIDER: std::sync::Once = std::sync::Once::new();
        TLS_PROVIDER.call_once(|| {
            let _ = rustls::crypto::ring::default_provider().install_default();
        });
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            .user_agent(concat!("omnireach/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Self {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
        }
    }

    fn messages_url(&self, account_sid: &str) -> String {
        format!(
            "{}/2010-04-01/Accounts/{account_sid}/Messages.json",
            self.base_url
        )
    }

    fn address(number: &str, whatsapp: bool) -> String {
        if whatsapp && !number.starts_with("whatsapp:") {
            format!("whatsapp:{number}")
        } else {
            number.to_string()
        }
    }

    /// The `From` / `MessagingServiceSid` pair for a send.
    fn sender(credentials: &TwilioCredentials, whatsapp: bool) -> Vec<(&'static str, String)> {
        if whatsapp {
            if let Some(from) = credentials
                .whatsapp_from
                .as_ref()
                .or(credentials.from_number.as_ref())
            {
                return vec![("From", Self::address(from, true))];
            }
        } else if let Some(from) = &credentials.from_number {
            return vec![("From", from.clone())];
        }
        credentials
            .messaging_service_sid
            .iter()
            .map(|sid| ("MessagingServiceSid", sid.clone()))
            .collect()
    }

    pub async fn create_message(
        &self,
        credentials: &TwilioCredentials,
        message: &CreateMessage,
    ) -> Result<TwilioMessage, TwilioError> {
        let mut form: Vec<(&str, String)> =
            vec![("To", Self::address(&message.to, message.whatsapp))];
        form.extend(Self::sender(credentials, message.whatsapp));
        if let Some(body) = &message.body {
            form.push(("Body", body.clone()));
        }
        if let Some(sid) = &message.content_sid {
            form.push(("ContentSid", sid.clone()));
        }
        if let Some(variables) = &message.content_variables {
            form.push(("ContentVariables", variables.clone()));
        }
        if let Some(callback) = &message.status_callback {
            form.push(("StatusCallback", callback.clone()));
        }
        let request = self
            .http
            .post(self.messages_url(&credentials.account_sid))
            .basic_auth(&credentials.account_sid, Some(&credentials.auth_token))
            .form(&form);
        let response = request.send().await.map_err(network_error)?;
        parse(response).await
    }

    /// Messages to `to` from `from` sent on or after `date_sent` (`YYYY-MM-DD`), newest first
    /// (first page, up to 100).
    pub async fn list_messages(
        &self,
        credentials: &TwilioCredentials,
        to: &str,
        from: Option<&str>,
        date_sent_after: &str,
    ) -> Result<Vec<TwilioMessage>, TwilioError> {
        let mut query: Vec<(&str, &str)> = vec![
            ("To", to),
            ("DateSent>", date_sent_after),
            ("PageSize", "100"),
        ];
        if let Some(from) = from {
            query.push(("From", from));
        }
        let response = self
            .http
            .get(self.messages_url(&credentials.account_sid))
            .basic_auth(&credentials.account_sid, Some(&credentials.auth_token))
            .query(&query)
            .send()
            .await
            .map_err(network_error)?;
        let list: MessageList = parse(response).await?;
        Ok(list.messages)
    }
}

fn network_error(error: reqwest::Error) -> TwilioError {
    TwilioError::Temporary(if error.is_timeout() {
        "the request to Twilio timed out".into()
    } else {
        format!("could not reach Twilio: {error}")
    })
}

async fn parse<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
) -> Result<T, TwilioError> {
    let status = response.status();
    let bytes = response.bytes().await.map_err(network_error)?;
    if status.is_success() {
        return serde_json::from_slice(&bytes).map_err(|e| TwilioError::Permanent {
            status: status.as_u16(),
            code: None,
            message: format!("unreadable answer from Twilio: {e}"),
        });
    }
    let body: Option<TwilioErrorBody> = serde_json::from_slice(&bytes).ok();
    let message = body
        .as_ref()
        .and_then(|b| b.message.clone())
        .unwrap_or_else(|| String::from_utf8_lossy(&bytes).chars().take(300).collect());
    if status.as_u16() == 429 || status.is_server_error() {
        return Err(TwilioError::Temporary(format!("{status}: {message}")));
    }
    Err(TwilioError::Permanent {
        status: status.as_u16(),
        code: body.and_then(|b| b.code),
        message,
    })
}
