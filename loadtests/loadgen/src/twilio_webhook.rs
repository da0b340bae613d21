//! Twilio's incoming-message webhook, sent as Twilio sends it: a form POST to
//! `/api/webhooks/twilio/messaging` with Twilio's parameters, signed with `X-Twilio-Signature` =
//! base64(HMAC-SHA1(auth token, the public URL + every parameter name and value, sorted by
//! name)). The server must run with the same `TWILIO_AUTH_TOKEN`, `TWILIO_ACCOUNT_SID` and
//! `PUBLIC_URL`, or every POST is a 403.

use crate::omnireach_api::InboundOutcome;
use anyhow::Result;
use base64::Engine;
use hmac::{Hmac, Mac};

const PATH: &str = "/api/webhooks/twilio/messaging";

#[derive(Clone)]
pub struct TwilioWebhook {
    http: reqwest::Client,
    /// Where the POST goes (the server under test).
    post_url: String,
    /// The URL Twilio would have called (`PUBLIC_URL` + path): what the signature covers.
    signed_url: String,
    auth_token: String,
    account_sid: String,
    /// The number leads write to (`TWILIO_FROM_NUMBER`).
    to_number: String,
}

impl TwilioWebhook {
    pub fn new(
        http: reqwest::Client,
        base_url: &str,
        public_url: &str,
        auth_token: String,
        account_sid: String,
        to_number: String,
    ) -> Self {
        Self {
            http,
            post_url: format!("{}{PATH}", base_url.trim_end_matches('/')),
            signed_url: format!("{}{PATH}", public_url.trim_end_matches('/')),
            auth_token,
            account_sid,
            to_number,
        }
    }

    /// One inbound SMS from `from`. Transport failures are `Err`; a 200 is `Accepted` (Twilio's
    /// answer is empty TwiML: no message id, events are matched by their text).
    pub async fn inbound(
        &self,
        from: &str,
        body: &str,
        message_sid: &str,
    ) -> Result<InboundOutcome> {
        let params: Vec<(&str, &str)> = vec![
            ("ToCountry", "US"),
            ("SmsMessageSid", message_sid),
            ("NumMedia", "0"),
            ("SmsSid", message_sid),
            ("SmsStatus", "received"),
            ("Body", body),
            ("To", &self.to_number),
            ("NumSegments", "1"),
            ("MessageSid", message_sid),
            ("AccountSid", &self.account_sid),
            ("From", from),
            ("ApiVersion", "2010-04-01"),
        ];
        let form = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&params)
            .finish();
        let response = self
            .http
            .post(&self.post_url)
            .header("content-type", "application/x-www-form-urlencoded")
            .header(
                "X-Twilio-Signature",
                signature(&self.auth_token, &self.signed_url, &params),
            )
            .body(form)
            .send()
            .await?;
        let status = response.status();
        // Read the TwiML so the connection goes back to the pool.
        let _ = response.bytes().await;
        Ok(if status.is_success() {
            InboundOutcome::Accepted {
                message_id: None,
                duplicate: false,
            }
        } else {
            InboundOutcome::Rejected {
                label: status.as_u16().to_string(),
            }
        })
    }
}

/// Twilio's request signature.
pub fn signature(auth_token: &str, url: &str, params: &[(&str, &str)]) -> String {
    let mut sorted = params.to_vec();
    sorted.sort_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(b.1)));
    let mut mac =
        Hmac::<sha1::Sha1>::new_from_slice(auth_token.as_bytes()).expect("HMAC takes any key");
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The phone number of simulated lead `index` (US numbers in New York's 212 area code).
pub fn lead_phone(index: usize) -> String {
    format!("+1212555{:04}", 1000 + index % 9000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_twilios_documented_example() {
        // The example from Twilio's "Webhooks security" page.
        let params = [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+12349013030"),
            ("Digits", "1234"),
            ("From", "+12349013030"),
            ("To", "+18005551212"),
        ];
        assert_eq!(
            signature(
                "12345",
                "https://mycompany.com/myapp.php?foo=1&bar=2",
                &params
            ),
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        );
    }
}
