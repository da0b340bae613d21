//! Reading inbound mail (from IMAP or SendGrid Inbound Parse) into what the rest of the system
//! needs: who wrote, which of our emails it answers (In-Reply-To / References), the new text
//! without quoted history, and whether it is a human reply, an automatic reply or a bounce
//! report (RFC 3464 `multipart/report; report-type=delivery-status`).

use super::auto_reply::auto_reply_reason;
use super::reply_text::extract_reply;
use mail_parser::{MessageParser, MimeHeaders, PartType};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboundKind {
    Reply,
    AutoReply(String),
    /// A permanent delivery failure for `recipient` (Status 5.x.x).
    Bounce {
        recipient: Option<String>,
        status: String,
    },
}

#[derive(Debug, Clone)]
pub struct ParsedEmail {
    /// Our key for the email: its Message-ID without brackets (a hash of the content when the
    /// sender gave none).
    pub header_id: String,
    pub from: Option<String>,
    pub to: Vec<String>,
    pub subject: Option<String>,
    /// Message-IDs it refers to (In-Reply-To first, then References newest first), plus for a
    /// bounce the Message-ID of the returned email.
    pub refers_to: Vec<String>,
    /// The new text only.
    pub text: String,
    pub kind: InboundKind,
}

fn strip_brackets(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string()
}

fn ids_in(value: &mail_parser::HeaderValue<'_>) -> Vec<String> {
    if let Some(list) = value.as_text_list() {
        return list.iter().map(|s| strip_brackets(s)).collect();
    }
    value
        .as_text()
        .map(|s| s.split_whitespace().map(strip_brackets).collect())
        .unwrap_or_default()
}

/// A very small HTML → text for HTML-only replies.
fn html_to_text(html: &str) -> String {
    let with_breaks = html
        .replace("<br>", "\n")
        .replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("</p>", "\n\n")
        .replace("</div>", "\n");
    let mut out = String::new();
    let mut in_tag = false;
    for c in with_breaks.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Reads the delivery-status fields of a DSN: (Action, Status, Final-Recipient).
fn delivery_status(text: &str) -> (Option<String>, Option<String>, Option<String>) {
    let (mut action, mut status, mut recipient) = (None, None, None);
    for line in text.lines() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "action" if action.is_none() => action = Some(value.to_ascii_lowercase()),
            "status" if status.is_none() => status = Some(value.to_string()),
            "final-recipient" | "original-recipient" if recipient.is_none() => {
                recipient = Some(
                    value
                        .rsplit_once(';')
                        .map_or(value, |(_, a)| a)
                        .trim()
                        .to_lowercase(),
                )
            }
            _ => {}
        }
    }
    (action, status, recipient)
}

pub fn parse(raw: &[u8]) -> Result<ParsedEmail, String> {
    let message = MessageParser::default()
        .parse(raw)
        .ok_or("the email could not be parsed as MIME")?;
    let header_id = match message.message_id() {
        Some(id) if !id.trim().is_empty() => strip_brackets(id),
        _ => {
            use sha2::{Digest, Sha256};
            format!(
                "sha256-{}@omnireach.invalid",
                hex::encode(Sha256::digest(raw))
            )
        }
    };
    let from = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(|a| a.trim().to_lowercase());
    let to = message
        .to()
        .map(|a| {
            a.iter()
                .filter_map(|a| a.address())
                .map(|a| a.to_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let subject = message.subject().map(str::to_string);
    let mut refers_to = ids_in(message.in_reply_to());
    let mut references = ids_in(message.references());
    references.reverse();
    refers_to.extend(references);

    // A DSN: a message/delivery-status part, and the returned message (or its headers).
    let mut kind = None;
    for part in &message.parts {
        let is_status = part.is_content_type("message", "delivery-status")
            || part.is_content_type("message", "global-delivery-status");
        if is_status {
            let text = match &part.body {
                PartType::Text(t) => t.to_string(),
                PartType::Binary(b) | PartType::InlineBinary(b) => {
                    String::from_utf8_lossy(b).to_string()
                }
                _ => String::from_utf8_lossy(part.contents()).to_string(),
            };
            let (action, status, recipient) = delivery_status(&text);
            if action.as_deref() == Some("failed")
                && status.as_deref().is_some_and(|s| s.starts_with('5'))
            {
                kind = Some(InboundKind::Bounce {
                    recipient,
                    status: status.unwrap_or_default(),
                });
            }
        }
        if part.is_content_type("text", "rfc822-headers")
            || part.is_content_type("message", "rfc822")
        {
            let returned = match &part.body {
                PartType::Message(inner) => inner.message_id().map(strip_brackets),
                _ => {
                    let text = String::from_utf8_lossy(part.contents()).to_string();
                    text.lines()
                        .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
                        .map(|l| strip_brackets(&l[11..]))
                }
            };
            if let Some(id) = returned {
                refers_to.insert(0, id);
            }
        }
    }
    let body = message
        .body_text(0)
        .map(|t| t.to_string())
        .or_else(|| message.body_html(0).map(|h| html_to_text(&h)))
        .unwrap_or_default();
    let headers: Vec<(String, String)> = message
        .headers_raw()
        .map(|(n, v)| (n.to_string(), v.trim().to_string()))
        .collect();
    let kind = match kind {
        Some(bounce) => bounce,
        None => match auto_reply_reason(&headers, subject.as_deref()) {
            Some(reason) => InboundKind::AutoReply(reason),
            None => InboundKind::Reply,
        },
    };
    let text = match kind {
        InboundKind::Reply => extract_reply(&body),
        _ => body.trim().to_string(),
    };
    Ok(ParsedEmail {
        header_id,
        from,
        to,
        subject,
        refers_to,
        text,
        kind,
    })
}

/// The unsubscribe token of a `mailto:unsubscribe+TOKEN@domain` address, if it is one.
pub fn unsubscribe_token(address: &str) -> Option<&str> {
    let (local, _) = address.split_once('@')?;
    local
        .strip_prefix("unsubscribe+")
        .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_with_threading_headers() {
        let raw = "From: Bob <Bob@Client.example>\r\nTo: ann@acme.example\r\nSubject: Re: Quick question\r\n\
Message-ID: <r1@client.example>\r\nIn-Reply-To: <m2@acme.example>\r\nReferences: <m1@acme.example> <m2@acme.example>\r\n\r\n\
Yes, Tuesday.\r\n\r\nOn Mon, Nov 30, 2026 at 10:02 AM Ann <ann@acme.example> wrote:\r\n> Hi\r\n";
        let parsed = parse(raw.as_bytes()).unwrap();
        assert_eq!(parsed.header_id, "r1@client.example");
        assert_eq!(parsed.from.as_deref(), Some("bob@client.example"));
        assert_eq!(parsed.refers_to[0], "m2@acme.example");
        assert!(parsed.refers_to.contains(&"m1@acme.example".to_string()));
        assert_eq!(parsed.text, "Yes, Tuesday.");
        assert_eq!(parsed.kind, InboundKind::Reply);
    }

    #[test]
    fn out_of_office_is_an_auto_reply() {
        let raw = "From: bob@client.example\r\nSubject: Automatic reply: Quick question\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <oo@client.example>\r\n\r\nI am away until Monday.\r\n";
        let parsed = parse(raw.as_bytes()).unwrap();
        assert!(matches!(parsed.kind, InboundKind::AutoReply(_)));
    }

    #[test]
    fn dsn_is_a_bounce_with_the_returned_message_id() {
        let raw = "From: Mail Delivery System <MAILER-DAEMON@mx.example>\r\nTo: ann@acme.example\r\n\
Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn1@mx.example>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n\
--B\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n\
--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n\
Final-Recipient: rfc822; nobody@client.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n\
--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: ann@acme.example\r\nMessage-ID: <sent1@acme.example>\r\n\r\n--B--\r\n";
        let parsed = parse(raw.as_bytes()).unwrap();
        assert_eq!(
            parsed.kind,
            InboundKind::Bounce {
                recipient: Some("nobody@client.example".into()),
                status: "5.1.1".into()
            }
        );
        assert_eq!(parsed.refers_to[0], "sent1@acme.example");
    }

    #[test]
    fn unsubscribe_mailto_tokens() {
        assert_eq!(
            unsubscribe_token("unsubscribe+abc123@acme.example"),
            Some("abc123")
        );
        assert_eq!(unsubscribe_token("ann@acme.example"), None);
        assert_eq!(unsubscribe_token("unsubscribe+a.b@acme.example"), None);
    }
}
