//! Composing an outbound email: the text part with the CAN-SPAM footer, an HTML part (links
//! rewritten for click tracking, the open pixel) and the headers that keep a thread one thread
//! (`Message-ID`, `In-Reply-To`, `References`) and let the recipient leave (`List-Unsubscribe`,
//! `List-Unsubscribe-Post`, RFC 8058). The same composition feeds SMTP (a lettre `Message`) and
//! SendGrid (JSON parts and headers).

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message, MultiPart};
use regex::Regex;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"https?://[^\s<>"')\]]+"#).expect("valid URL pattern"));

/// Everything needed to compose one email.
#[derive(Debug, Clone)]
pub struct EmailDraft<'a> {
    pub from: Mailbox,
    pub to: Mailbox,
    pub subject: &'a str,
    pub body: &'a str,
    /// Without angle brackets.
    pub header_id: &'a str,
    /// Message-IDs of the thread so far (oldest first), without angle brackets.
    pub references: &'a [String],
    /// Our public base URL, e.g. `https://reach.example.com`.
    pub public_url: &'a str,
    /// The email's own token (open pixel, unsubscribe).
    pub token: &'a str,
    pub postal_address: &'a str,
    pub tracking: bool,
}

/// The composed email, transport-neutral.
#[derive(Debug, Clone)]
pub struct ComposedEmail {
    pub from: Mailbox,
    pub to: Mailbox,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Extra headers, in order (Message-ID first).
    pub headers: Vec<(String, String)>,
    /// (token, original URL) for every rewritten link.
    pub links: Vec<(String, String)>,
}

/// A link token derived from the email's secret token, so a retry of the same send rewrites the
/// same links to the same tokens.
pub fn link_token(email_token: &str, index: usize) -> String {
    let digest = Sha256::digest(format!("{email_token}/link/{index}").as_bytes());
    hex::encode(&digest[..16])
}

pub fn unsubscribe_url(public_url: &str, token: &str) -> String {
    format!("{}/u/{token}", public_url.trim_end_matches('/'))
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn compose(draft: &EmailDraft<'_>) -> ComposedEmail {
    let base = draft.public_url.trim_end_matches('/');
    let unsubscribe = unsubscribe_url(base, draft.token);
    let sender_domain = draft.from.email.domain().to_string();
    let unsubscribe_mailto = format!("mailto:unsubscribe+{}@{sender_domain}", draft.token);
    let footer_text = format!(
        "\n\n—\n{}\nTo stop receiving these emails, unsubscribe: {unsubscribe}\n",
        draft.postal_address
    );
    let text = format!("{}{footer_text}", draft.body.trim_end());

    // HTML: the body as paragraphs, URLs as links (tracked when tracking is on).
    let mut links = Vec::new();
    let mut html_body = String::new();
    for paragraph in draft.body.trim_end().split("\n\n") {
        let mut rendered = String::new();
        let mut last = 0;
        for found in URL.find_iter(paragraph) {
            rendered
                .push_str(&html_escape(&paragraph[last..found.start()]).replace('\n', "<br>\n"));
            let url = found.as_str();
            let href = if draft.tracking {
                let token = link_token(draft.token, links.len());
                links.push((token.clone(), url.to_string()));
                format!("{base}/t/c/{token}")
            } else {
                url.to_string()
            };
            rendered.push_str(&format!(
                "<a href=\"{}\">{}</a>",
                html_escape(&href),
                html_escape(url)
            ));
            last = found.end();
        }
        rendered.push_str(&html_escape(&paragraph[last..]).replace('\n', "<br>\n"));
        html_body.push_str(&format!("<p>{rendered}</p>\n"));
    }
    let pixel = if draft.tracking {
        format!(
            "<img src=\"{base}/t/o/{}\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">",
            draft.token
        )
    } else {
        String::new()
    };
    let html = format!(
        "<!DOCTYPE html>\n<html><body>\n{html_body}<p style=\"color:#777;font-size:12px\">{}<br>\n\
         <a href=\"{}\">Unsubscribe</a></p>\n{pixel}</body></html>\n",
        html_escape(draft.postal_address).replace('\n', "<br>"),
        html_escape(&unsubscribe)
    );

    let mut headers = vec![("Message-ID".to_string(), format!("<{}>", draft.header_id))];
    if let Some(last) = draft.references.last() {
        headers.push(("In-Reply-To".into(), format!("<{last}>")));
        let references = draft
            .references
            .iter()
            .map(|r| format!("<{r}>"))
            .collect::<Vec<_>>()
            .join(" ");
        headers.push(("References".into(), references));
    }
    headers.push((
        "List-Unsubscribe".into(),
        format!("<{unsubscribe}>, <{unsubscribe_mailto}>"),
    ));
    headers.push((
        "List-Unsubscribe-Post".into(),
        "List-Unsubscribe=One-Click".into(),
    ));
    let subject = match (draft.references.is_empty(), draft.subject.trim()) {
        (false, s) if !s.to_lowercase().starts_with("re:") => format!("Re: {s}"),
        (_, s) => s.to_string(),
    };
    ComposedEmail {
        from: draft.from.clone(),
        to: draft.to.clone(),
        subject,
        text,
        html,
        headers,
        links,
    }
}

/// Optional DKIM signing (`DKIM_*` settings).
#[derive(Clone)]
pub struct DkimSettings {
    pub selector: String,
    pub domain: String,
    /// Ed25519: base64 of the 32-byte seed. RSA: a PKCS#1 PEM.
    pub private_key: String,
    pub algorithm: lettre::message::dkim::DkimSigningAlgorithm,
}

impl std::fmt::Debug for DkimSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "DkimSettings({}._domainkey.{})",
            self.selector, self.domain
        )
    }
}

impl DkimSettings {
    /// Whether this key may sign mail from `from_domain`: the DKIM domain itself or a
    /// subdomain of it (DMARC's relaxed alignment). The key is instance-wide, so a workspace
    /// mailbox on another domain is sent unsigned rather than signed for a domain it does not
    /// belong to.
    pub fn signs_for(&self, from_domain: &str) -> bool {
        let (from, domain) = (
            from_domain.to_ascii_lowercase(),
            self.domain.to_ascii_lowercase(),
        );
        from == domain || from.ends_with(&format!(".{domain}"))
    }

    /// Fails early (at start-up) on a key that does not load.
    pub fn check(&self) -> Result<(), String> {
        lettre::message::dkim::DkimSigningKey::new(&self.private_key, self.algorithm)
            .map(|_| ())
            .map_err(|e| format!("DKIM_PRIVATE_KEY does not load: {e}"))
    }
}

/// The lettre message for SMTP, DKIM-signed when configured (List-Unsubscribe headers included
/// in the signature, as mailbox providers require for one-click unsubscribe).
pub fn to_message(email: &ComposedEmail, dkim: Option<&DkimSettings>) -> Result<Message, String> {
    let mut builder = Message::builder()
        .from(email.from.clone())
        .to(email.to.clone())
        .subject(email.subject.clone())
        .date_now();
    for (name, value) in &email.headers {
        builder = match name.as_str() {
            "Message-ID" => builder.message_id(Some(value.clone())),
            "In-Reply-To" => builder.in_reply_to(value.clone()),
            "References" => builder.references(value.clone()),
            _ => builder.raw_header(HeaderValue::new(
                HeaderName::new_from_ascii(name.clone()).map_err(|e| e.to_string())?,
                value.clone(),
            )),
        };
    }
    let mut message = builder
        .multipart(MultiPart::alternative_plain_html(
            email.text.clone(),
            email.html.clone(),
        ))
        .map_err(|e| format!("building the email: {e}"))?;
    if let Some(dkim) = dkim {
        use lettre::message::dkim::{
            DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningKey,
        };
        let key = DkimSigningKey::new(&dkim.private_key, dkim.algorithm)
            .map_err(|e| format!("DKIM key: {e}"))?;
        let headers = [
            "From",
            "To",
            "Subject",
            "Date",
            "Message-ID",
            "List-Unsubscribe",
            "List-Unsubscribe-Post",
        ]
        .into_iter()
        .map(HeaderName::new_from_ascii_str)
        .collect();
        let config = DkimConfig::new(
            dkim.selector.clone(),
            dkim.domain.clone(),
            key,
            headers,
            DkimCanonicalization {
                header: DkimCanonicalizationType::Relaxed,
                body: DkimCanonicalizationType::Relaxed,
            },
        );
        message.sign(&config);
    }
    Ok(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dkim_signs_only_for_its_domain_and_subdomains() {
        let dkim = DkimSettings {
            selector: "s1".into(),
            domain: "Acme.example".into(),
            private_key: String::new(),
            algorithm: lettre::message::dkim::DkimSigningAlgorithm::Ed25519,
        };
        assert!(dkim.signs_for("acme.example"));
        assert!(dkim.signs_for("mail.acme.example"));
        assert!(!dkim.signs_for("other.example"));
        assert!(!dkim.signs_for("notacme.example"));
    }

    fn draft<'a>(references: &'a [String], tracking: bool) -> EmailDraft<'a> {
        EmailDraft {
            from: "Ann Seller <ann@acme.example>".parse().unwrap(),
            to: "bob@client.example".parse().unwrap(),
            subject: "Quick question",
            body: "Hi Bob,\n\nsee https://acme.example/pricing?a=1&b=2 for <details>.",
            header_id: "abc@acme.example",
            references,
            public_url: "https://reach.example/",
            token: "tok123",
            postal_address: "Acme Inc., 1 Main St, Springfield",
            tracking,
        }
    }

    #[test]
    fn first_email_has_unsubscribe_headers_and_footer() {
        let email = compose(&draft(&[], true));
        let header = |n: &str| {
            email
                .headers
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(header("Message-ID").unwrap(), "<abc@acme.example>");
        assert_eq!(header("In-Reply-To"), None);
        assert_eq!(
            header("List-Unsubscribe").unwrap(),
            "<https://reach.example/u/tok123>, <mailto:unsubscribe+tok123@acme.example>"
        );
        assert_eq!(
            header("List-Unsubscribe-Post").unwrap(),
            "List-Unsubscribe=One-Click"
        );
        assert!(email.text.contains("Acme Inc., 1 Main St, Springfield"));
        assert!(
            email.text.contains("https://acme.example/pricing?a=1&b=2"),
            "text links untouched"
        );
        assert_eq!(email.subject, "Quick question");
    }

    #[test]
    fn tracking_rewrites_html_links_only_and_adds_the_pixel() {
        let email = compose(&draft(&[], true));
        assert_eq!(email.links.len(), 1);
        assert_eq!(email.links[0].1, "https://acme.example/pricing?a=1&b=2");
        assert!(
            email
                .html
                .contains(&format!("https://reach.example/t/c/{}", email.links[0].0))
        );
        assert!(email.html.contains("https://reach.example/t/o/tok123"));
        assert!(
            email.html.contains("&lt;details&gt;"),
            "text is escaped in HTML"
        );
        let untracked = compose(&draft(&[], false));
        assert!(untracked.links.is_empty());
        assert!(!untracked.html.contains("/t/o/"));
        assert!(
            untracked
                .html
                .contains("href=\"https://acme.example/pricing?a=1&amp;b=2\"")
        );
    }

    #[test]
    fn follow_up_threads_with_in_reply_to_and_references() {
        let refs = vec![
            "first@acme.example".to_string(),
            "reply@client.example".to_string(),
        ];
        let email = compose(&draft(&refs, false));
        let header = |n: &str| {
            email
                .headers
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(header("In-Reply-To").unwrap(), "<reply@client.example>");
        assert_eq!(
            header("References").unwrap(),
            "<first@acme.example> <reply@client.example>"
        );
        assert_eq!(email.subject, "Re: Quick question");
    }

    #[test]
    fn link_tokens_are_stable_for_retries() {
        assert_eq!(link_token("t", 0), link_token("t", 0));
        assert_ne!(link_token("t", 0), link_token("t", 1));
        assert_ne!(link_token("t", 0), link_token("u", 0));
    }

    #[test]
    fn lettre_message_is_multipart_alternative_with_our_headers() {
        let email = compose(&draft(&["first@acme.example".to_string()], true));
        let raw = String::from_utf8(to_message(&email, None).unwrap().formatted()).unwrap();
        assert!(raw.contains("Content-Type: multipart/alternative"));
        assert!(raw.contains("Message-ID: <abc@acme.example>"));
        assert!(raw.contains("In-Reply-To: <first@acme.example>"));
        assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    }

    #[test]
    fn dkim_signature_covers_the_unsubscribe_headers() {
        use base64::Engine;
        let seed: [u8; 32] = rand::random();
        let dkim = DkimSettings {
            selector: "omni".into(),
            domain: "acme.example".into(),
            private_key: base64::engine::general_purpose::STANDARD.encode(seed),
            algorithm: lettre::message::dkim::DkimSigningAlgorithm::Ed25519,
        };
        dkim.check().unwrap();
        let email = compose(&draft(&[], false));
        let raw = String::from_utf8(to_message(&email, Some(&dkim)).unwrap().formatted()).unwrap();
        let signature = raw
            .split("\r\n")
            .skip_while(|l| !l.starts_with("DKIM-Signature:"))
            .take_while(|l| l.starts_with("DKIM-Signature:") || l.starts_with([' ', '\t']))
            .collect::<String>()
            .to_lowercase();
        assert!(signature.contains("d=acme.example"), "{signature}");
        assert!(signature.contains("s=omni"), "{signature}");
        assert!(signature.contains("a=ed25519-sha256"), "{signature}");
        assert!(
            signature.contains("list-unsubscribe:list-unsubscribe-post"),
            "{signature}"
        );
        let bad = DkimSettings {
            private_key: "not base64 !".into(),
            ..dkim
        };
        assert!(bad.check().is_err());
    }
}
