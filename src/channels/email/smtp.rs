//! SMTP submission with lettre. `SMTP_URL` forms: `smtp://user:pass@host:587` (STARTTLS
//! required), `smtps://user:pass@host:465` (implicit TLS), `smtp://host:port?tls=none` (plain,
//! for local test servers only).

use super::mime::{ComposedEmail, DkimSettings, to_message};
use crate::channels::SendError;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

/// lettre's URL with our defaults: a bare `smtp://` means STARTTLS required, `tls=none` plain.
pub fn lettre_url(smtp_url: &str) -> Result<String, String> {
    let url = smtp_url.trim();
    let (scheme, _) = url
        .split_once("://")
        .ok_or_else(|| "SMTP URL must look like smtp://user:pass@host:587".to_string())?;
    match scheme {
        "smtps" => Ok(url.to_string()),
        "smtp" => {
            let (base, query) = url.split_once('?').unwrap_or((url, ""));
            let mut params: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
            let tls = params
                .iter()
                .find_map(|p| p.strip_prefix("tls="))
                .map(str::to_string);
            match tls.as_deref() {
                None => params.push("tls=required"),
                Some("none") => params.retain(|p| !p.starts_with("tls=")),
                Some("required" | "opportunistic") => {}
                Some(other) => {
                    return Err(format!(
                        "SMTP URL: tls={other} is not known (use required, opportunistic or none)"
                    ));
                }
            }
            Ok(if params.is_empty() {
                base.to_string()
            } else {
                format!("{base}?{}", params.join("&"))
            })
        }
        other => Err(format!(
            "SMTP URL scheme '{other}' is not supported (use smtp:// or smtps://)"
        )),
    }
}

pub fn transport(smtp_url: &str) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let url = lettre_url(smtp_url)?;
    AsyncSmtpTransport::<Tokio1Executor>::from_url(&url)
        .map(|b| b.timeout(Some(std::time::Duration::from_secs(30))).build())
        .map_err(|e| format!("SMTP URL is not usable: {e}"))
}

/// Submits the email; returns the server's queue id line when it gives one.
pub async fn send(
    smtp_url: &str,
    email: &ComposedEmail,
    dkim: Option<&DkimSettings>,
) -> Result<Option<String>, SendError> {
    let transport = transport(smtp_url).map_err(SendError::Permanent)?;
    let message = to_message(email, dkim).map_err(SendError::Permanent)?;
    match transport.send(message).await {
        Ok(response) => Ok(response.message().next().map(str::to_string)),
        Err(error) if error.is_permanent() => Err(SendError::Permanent(format!(
            "the SMTP server refused the email: {error}"
        ))),
        Err(error) => Err(SendError::Temporary(format!("SMTP: {error}"))),
    }
}

/// Connects and authenticates without sending (the mailbox test endpoint).
pub async fn check(smtp_url: &str) -> Result<(), String> {
    let transport = transport(smtp_url)?;
    match transport.test_connection().await {
        Ok(true) => Ok(()),
        Ok(false) => Err("the SMTP server did not answer NOOP".into()),
        Err(error) => Err(format!("SMTP: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::lettre_url;

    #[test]
    fn url_defaults() {
        assert_eq!(
            lettre_url("smtp://u:p@mail.example:587").unwrap(),
            "smtp://u:p@mail.example:587?tls=required"
        );
        assert_eq!(
            lettre_url("smtp://127.0.0.1:2525?tls=none").unwrap(),
            "smtp://127.0.0.1:2525"
        );
        assert_eq!(
            lettre_url("smtps://u:p@mail.example").unwrap(),
            "smtps://u:p@mail.example"
        );
        assert!(lettre_url("http://x").is_err());
        assert!(lettre_url("smtp://x?tls=maybe").is_err());
    }
}
