//! Email end to end: SMTP sends to a real SMTP server (aiosmtpd) checked by an independent MIME
//! parser, replies read by our IMAP poller from a real dovecot, SendGrid sends against a fake
//! SendGrid, the signed event webhook, Inbound Parse, tracking, unsubscribe, the mailboxes API.

use crate::fake_sendgrid::{API_KEY, EventSigner, FakeSendGrid};
use crate::for_each_backend;
use crate::helpers::{Backend, Session, TestApp, error_code, eventually, eventually_some};
use crate::mail_servers::{ImapServer, SmtpServer, inspect};
use omnireach::domain::{Channel, ConsentStatus};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const FROM: &str = "Ann Seller <ann@acme.example>";
const POSTAL: &str = "Acme Inc., 1 Main St, Springfield, IL 62701";

async fn lead(app: &TestApp, session: &Session, timezone: Option<&str>) -> (String, String) {
    let email = format!("bob-{}@client.example", uuid::Uuid::new_v4().simple());
    let mut body = json!({"first_name": "Bob", "last_name": "Buyer", "email": email});
    if let Some(tz) = timezone {
        body["timezone"] = json!(tz);
    }
    let lead = app.create_lead(session, body).await;
    (lead["id"].as_str().unwrap().to_string(), email)
}

async fn conversation_of(app: &TestApp, session: &Session, lead_id: &str) -> String {
    let conversation = app
        .get_json(session, &format!("/api/leads/{lead_id}/conversation"))
        .await;
    conversation["id"].as_str().unwrap().to_string()
}

async fn set_postal_address(app: &TestApp, admin: &Session, tracking: bool) {
    let response = app
        .send(
            admin,
            Method::PUT,
            "/api/email/settings",
            Some(json!({
                "postal_address": POSTAL, "tracking_enabled": tracking,
                // Every day, all day: these tests are not about the window.
                "window_days": ["mon","tue","wed","thu","fri","sat","sun"],
                "window_start": "00:00", "window_end": "24:00",
            })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

async fn send_email(
    app: &TestApp,
    session: &Session,
    conversation: &str,
    subject: &str,
    text: &str,
) -> String {
    let response = app
        .send(
            session,
            Method::POST,
            &format!("/api/conversations/{conversation}/messages"),
            Some(json!({"channel": "email", "subject": subject, "text": text})),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_str().unwrap().to_string()
}

/// A send the gate refuses: 422, its code and reason, and no message written.
async fn send_refused(
    app: &TestApp,
    session: &Session,
    conversation: &str,
    text: &str,
) -> (String, String) {
    let before = messages(app, session, conversation).await.len();
    let response = app
        .send(
            session,
            Method::POST,
            &format!("/api/conversations/{conversation}/messages"),
            Some(json!({"channel": "email", "subject": "Again", "text": text})),
        )
        .await;
    let (code, body) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(messages(app, session, conversation).await.len(), before);
    let reason = body["error"]["details"]["reason"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    (code, reason)
}

async fn messages(app: &TestApp, session: &Session, conversation: &str) -> Vec<Value> {
    app.get_json(
        session,
        &format!("/api/conversations/{conversation}/messages"),
    )
    .await["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn wait_status(
    app: &TestApp,
    session: &Session,
    conversation: &str,
    message: &str,
    wanted: &str,
) -> Value {
    let what = format!("message {message} reaching {wanted}");
    eventually_some(&what, || async {
        messages(app, session, conversation)
            .await
            .into_iter()
            .find(|m| m["id"] == message && m["status"] == wanted)
    })
    .await
}

fn token_after(text: &str, marker: &str) -> String {
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {text}"))
        + marker.len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect()
}

async fn smtp_app(backend: Backend, smtp: &SmtpServer, imap_url: Option<String>) -> TestApp {
    let url = smtp.url();
    TestApp::spawn_with(backend, move |settings| {
        settings.email.smtp_url = Some(url);
        settings.email.from = Some(FROM.into());
        settings.email.imap_url = imap_url;
        settings.email.imap_poll_secs = 1;
        settings.public_url = Some("https://reach.test".into());
    })
    .await
}

// --- SMTP sending, MIME, threading, CAN-SPAM -----------------------------------------------

async fn smtp_send_checked_by_an_independent_parser(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let app = smtp_app(backend, &smtp, None).await;
    let admin = app.admin().await;
    let (lead_id, address) = lead(&app, &admin, None).await;
    let conversation = conversation_of(&app, &admin, &lead_id).await;

    // No postal address: refused with the reason, nothing sent.
    let refused = send_email(&app, &admin, &conversation, "Quick question", "Hi Bob").await;
    let failed = wait_status(&app, &admin, &conversation, &refused, "failed").await;
    assert!(
        failed["error"].as_str().unwrap().contains("postal address"),
        "{failed}"
    );
    assert!(smtp.messages().is_empty());

    set_postal_address(&app, &admin, true).await;
    let first = send_email(
        &app,
        &admin,
        &conversation,
        "Quick question",
        "Hi Bob,\n\nour pricing: https://acme.example/pricing",
    )
    .await;
    wait_status(&app, &admin, &conversation, &first, "sent").await;
    let files = smtp.wait_for(1).await;
    let parsed = inspect(&files[0]);
    assert_eq!(parsed["content_type"], "multipart/alternative", "{parsed}");
    assert_eq!(parsed["parts"][0]["content_type"], "text/plain");
    assert_eq!(parsed["parts"][1]["content_type"], "text/html");
    assert!(
        parsed["parts"][0]["content"]
            .as_str()
            .unwrap()
            .contains(POSTAL)
    );
    assert!(
        parsed["parts"][1]["content"]
            .as_str()
            .unwrap()
            .contains("Springfield")
    );
    assert!(parsed["to"].as_str().unwrap().contains(&address));
    assert_eq!(parsed["from"], FROM);
    let message_id = parsed["message_id"].as_str().unwrap().to_string();
    assert!(
        message_id.starts_with('<') && message_id.ends_with("@acme.example>"),
        "{message_id}"
    );
    let unsubscribe = parsed["list_unsubscribe"].as_str().unwrap();
    assert!(
        unsubscribe.starts_with("<https://reach.test/u/"),
        "{unsubscribe}"
    );
    assert!(
        unsubscribe.contains("<mailto:unsubscribe+"),
        "{unsubscribe}"
    );
    assert_eq!(
        parsed["list_unsubscribe_post"],
        "List-Unsubscribe=One-Click"
    );
    assert_eq!(parsed["in_reply_to"], Value::Null);
    assert_eq!(parsed["defects"], json!([]));

    // A follow-up threads onto the first email.
    let second = send_email(
        &app,
        &admin,
        &conversation,
        "Quick question",
        "Following up.",
    )
    .await;
    wait_status(&app, &admin, &conversation, &second, "sent").await;
    let files = smtp.wait_for(2).await;
    let follow_up = files
        .iter()
        .map(|f| inspect(f))
        .find(|p| p["message_id"] != message_id.as_str())
        .unwrap();
    assert_eq!(follow_up["in_reply_to"], message_id.as_str());
    assert!(
        follow_up["references"]
            .as_str()
            .unwrap()
            .contains(&message_id)
    );
    assert_eq!(follow_up["subject"], "Re: Quick question");
}

#[actix_rt::test]
async fn smtp_send_checked_by_an_independent_parser_sqlite() {
    smtp_send_checked_by_an_independent_parser(Backend::Sqlite).await
}
#[actix_rt::test]
async fn smtp_send_checked_by_an_independent_parser_postgres() {
    smtp_send_checked_by_an_independent_parser(Backend::Postgres).await
}

// --- tracking and unsubscribe ----------------------------------------------------------------

async fn tracking_and_unsubscribe(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let app = smtp_app(backend, &smtp, None).await;
    let admin = app.admin().await;
    set_postal_address(&app, &admin, true).await;
    let (lead_id, address) = lead(&app, &admin, None).await;
    let conversation = conversation_of(&app, &admin, &lead_id).await;
    let sent = send_email(
        &app,
        &admin,
        &conversation,
        "Pricing",
        "See https://acme.example/pricing?plan=pro",
    )
    .await;
    wait_status(&app, &admin, &conversation, &sent, "sent").await;
    let parsed = inspect(&smtp.wait_for(1).await[0]);
    let html = parsed["parts"][1]["content"].as_str().unwrap().to_string();
    let text = parsed["parts"][0]["content"].as_str().unwrap().to_string();
    assert!(
        text.contains("https://acme.example/pricing?plan=pro"),
        "the text part keeps the real link"
    );
    let open = token_after(&html, "https://reach.test/t/o/");
    let click = token_after(&html, "https://reach.test/t/c/");
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // Open pixel: a no-store GIF; the message becomes read (once).
    let pixel = no_redirects
        .get(app.url(&format!("/t/o/{open}")))
        .send()
        .await
        .unwrap();
    assert_eq!(pixel.status(), StatusCode::OK);
    assert_eq!(pixel.headers()["content-type"], "image/gif");
    assert!(
        pixel.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("no-store")
    );
    assert_eq!(&pixel.bytes().await.unwrap()[..6], b"GIF89a");
    wait_status(&app, &admin, &conversation, &sent, "read").await;

    // Click: redirects only to the recorded URL.
    let redirect = no_redirects
        .get(app.url(&format!("/t/c/{click}")))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), StatusCode::FOUND);
    assert_eq!(
        redirect.headers()["location"],
        "https://acme.example/pricing?plan=pro"
    );
    for path in [
        "/t/c/0000000000000000deadbeef00000000".to_string(),
        format!("/t/c/{open}"),
        format!("/t/c/{click}x?url=https://evil.example"),
        "/t/c/unknown?url=https://evil.example".to_string(),
    ] {
        let response = no_redirects.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(response.headers().get("location").is_none(), "{path}");
    }

    // Unsubscribe: the GET page never unsubscribes; the POST does, idempotently.
    let unsubscribe = parsed["list_unsubscribe"].as_str().unwrap();
    let token = token_after(unsubscribe, "https://reach.test/u/");
    let page = no_redirects
        .get(app.url(&format!("/u/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("<form method=\"post\""));
    let suppressions = app.store.compliance();
    assert_eq!(
        suppressions
            .suppression_for(&admin.workspace_id, Channel::Email, &address)
            .await
            .unwrap(),
        None
    );
    for _ in 0..2 {
        let done = no_redirects
            .post(app.url(&format!("/u/{token}")))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), StatusCode::OK);
    }
    let entry = suppressions
        .suppression_for(&admin.workspace_id, Channel::Email, &address)
        .await
        .unwrap()
        .expect("suppressed");
    assert_eq!(entry.reason, "unsubscribe");
    assert_eq!(
        suppressions
            .consent(&lead_id, Channel::Email)
            .await
            .unwrap(),
        ConsentStatus::Revoked
    );
    let unknown = no_redirects
        .post(app.url("/u/nosuchtoken"))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    // A later email to the unsubscribed lead is refused by the send gate before anything is
    // written; nothing more reaches the server.
    let (code, reason) = send_refused(&app, &admin, &conversation, "One more thing").await;
    assert_eq!(code, "suppressed");
    assert!(reason.contains("suppression list"), "{reason}");
    assert_eq!(smtp.messages().len(), 1);
}

#[actix_rt::test]
async fn tracking_and_unsubscribe_sqlite() {
    tracking_and_unsubscribe(Backend::Sqlite).await
}
#[actix_rt::test]
async fn tracking_and_unsubscribe_postgres() {
    tracking_and_unsubscribe(Backend::Postgres).await
}

// --- IMAP replies ------------------------------------------------------------------------------

async fn imap_replies_and_auto_replies(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let imap = ImapServer::start().await;
    let app = smtp_app(backend, &smtp, Some(imap.url("ann"))).await;
    let admin = app.admin().await;
    set_postal_address(&app, &admin, false).await;
    let (lead_id, address) = lead(&app, &admin, None).await;
    let conversation = conversation_of(&app, &admin, &lead_id).await;
    let sent = send_email(
        &app,
        &admin,
        &conversation,
        "Quick question",
        "Would Tuesday work?",
    )
    .await;
    wait_status(&app, &admin, &conversation, &sent, "sent").await;
    let ours = inspect(&smtp.wait_for(1).await[0])["message_id"]
        .as_str()
        .unwrap()
        .to_string();

    let reply = format!(
        "From: Bob Buyer <{address}>\nTo: {FROM}\nSubject: Re: Quick question\nMessage-ID: <reply-1@client.example>\n\
         In-Reply-To: {ours}\nReferences: {ours}\nContent-Type: text/plain; charset=utf-8\n\n\
         Sounds good, Tuesday works.\n\nOn Mon, Nov 30, 2026 at 10:02 AM Ann Seller <ann@acme.example> wrote:\n> Would Tuesday work?\n"
    );
    imap.append("ann", &reply).await;
    eventually("the IMAP reply appears in the conversation", || async {
        messages(&app, &admin, &conversation)
            .await
            .iter()
            .any(|m| m["direction"] == "inbound" && m["text"] == "Sounds good, Tuesday works.")
    })
    .await;

    let auto = format!(
        "From: {address}\nTo: ann@acme.example\nSubject: Automatic reply: Quick question\nAuto-Submitted: auto-replied\n\
         Message-ID: <ooo-1@client.example>\nIn-Reply-To: {ours}\n\nI am out of the office until Monday.\n"
    );
    imap.append("ann", &auto).await;
    eventually("the auto-reply is stored, flagged", || async {
        messages(&app, &admin, &conversation).await.iter().any(|m| {
            m["text"]
                .as_str()
                .is_some_and(|t| t.contains("out of the office"))
        })
    })
    .await;
    let flagged: (i64, Option<String>) = sqlx::query_as(
        "SELECT processed, generator FROM messages WHERE external_id = 'ooo-1@client.example'",
    )
    .fetch_one(&app.store.pool)
    .await
    .unwrap();
    assert_eq!(
        flagged,
        (1, Some("auto-reply".to_string())),
        "processed at once: never handed to the AI"
    );
    // Each email once, although the poller keeps polling.
    let inbound: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM messages WHERE lead_id = $1 AND direction = 'inbound'",
    )
    .bind(&lead_id)
    .fetch_one(&app.store.pool)
    .await
    .unwrap();
    assert_eq!(inbound, 2);
    let conversation_row = app
        .get_json(&admin, &format!("/api/conversations/{conversation}"))
        .await;
    assert_eq!(
        conversation_row["unread"], 1,
        "the auto-reply is not counted as a reply: {conversation_row}"
    );

    // A bounce report (DSN) found by the poller invalidates and suppresses the address.
    let dsn = format!(
        "From: Mail Delivery System <MAILER-DAEMON@mx.client.example>\nTo: ann@acme.example\n\
         Subject: Undelivered Mail Returned to Sender\nMessage-ID: <dsn-1@mx.client.example>\nMIME-Version: 1.0\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n\
         --B\nContent-Type: text/plain\n\nDelivery failed.\n\
         --B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.client.example\n\n\
         Final-Recipient: rfc822; {address}\nAction: failed\nStatus: 5.1.1\n\n\
         --B\nContent-Type: text/rfc822-headers\n\nFrom: ann@acme.example\nMessage-ID: {ours}\n\n--B--\n"
    );
    imap.append("ann", &dsn).await;
    eventually("the DSN suppresses the address", || async {
        app.store
            .compliance()
            .suppression_for(&admin.workspace_id, Channel::Email, &address)
            .await
            .unwrap()
            .is_some_and(|s| s.reason == "hard_bounce")
    })
    .await;
    let lead = app.get_json(&admin, &format!("/api/leads/{lead_id}")).await;
    assert_eq!(lead["email_status"], "invalid", "{lead}");
}

#[actix_rt::test]
async fn imap_replies_and_auto_replies_sqlite() {
    imap_replies_and_auto_replies(Backend::Sqlite).await
}
#[actix_rt::test]
async fn imap_replies_and_auto_replies_postgres() {
    imap_replies_and_auto_replies(Backend::Postgres).await
}

// --- SendGrid: sending, event webhook, bounces --------------------------------------------

async fn sendgrid_send_and_signed_events(backend: Backend) {
    let fake = FakeSendGrid::start();
    let signer = EventSigner::generate();
    let (base, public_key) = (fake.base_url.clone(), signer.public_key_base64());
    let app = TestApp::spawn_with(backend, move |settings| {
        settings.email.sendgrid_base_url = base;
        settings.email.event_public_key = Some(public_key);
        settings.public_url = Some("https://reach.test".into());
    })
    .await;
    let admin = app.admin().await;
    set_postal_address(&app, &admin, false).await;
    let created = app
        .send(
            &admin,
            Method::POST,
            "/api/mailboxes",
            Some(json!({"address": "ann@acme.example", "display_name": "Ann Seller", "transport": "sendgrid", "sendgrid_api_key": API_KEY})),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created_text = created.text().await.unwrap();
    assert!(
        !created_text.contains(API_KEY),
        "secrets are never returned"
    );

    let (lead_id, address) = lead(&app, &admin, None).await;
    let conversation = conversation_of(&app, &admin, &lead_id).await;
    let sent = send_email(&app, &admin, &conversation, "Quick question", "Hi Bob").await;
    wait_status(&app, &admin, &conversation, &sent, "sent").await;
    let recorded = fake.recorded();
    assert_eq!(recorded.len(), 1);
    let body = &recorded[0].body;
    assert_eq!(
        recorded[0].authorization.as_deref(),
        Some("Bearer SG.test-key")
    );
    assert_eq!(
        body["personalizations"][0]["to"][0]["email"],
        address.as_str()
    );
    assert_eq!(
        body["from"],
        json!({"email": "ann@acme.example", "name": "Ann Seller"})
    );
    assert_eq!(body["subject"], "Quick question");
    assert_eq!(body["content"][0]["type"], "text/plain");
    assert_eq!(body["content"][1]["type"], "text/html");
    assert!(
        body["content"][0]["value"]
            .as_str()
            .unwrap()
            .contains(POSTAL)
    );
    assert_eq!(
        body["headers"]["List-Unsubscribe-Post"],
        "List-Unsubscribe=One-Click"
    );
    assert!(
        body["headers"]["Message-ID"]
            .as_str()
            .unwrap()
            .ends_with("@acme.example>")
    );
    let email_id = body["custom_args"]["omnireach_email_id"]
        .as_str()
        .unwrap()
        .to_string();

    let post = |events: Value, signer: Option<&EventSigner>, timestamp: i64, tamper: bool| {
        let raw = serde_json::to_vec(&events).unwrap();
        let mut request = app
            .client
            .post(app.url("/api/webhooks/sendgrid/events"))
            .header("content-type", "application/json");
        if let Some(signer) = signer {
            let ts = timestamp.to_string();
            request = request
                .header(
                    "X-Twilio-Email-Event-Webhook-Signature",
                    signer.sign(&ts, &raw),
                )
                .header("X-Twilio-Email-Event-Webhook-Timestamp", ts);
        }
        let mut body = raw.clone();
        if tamper {
            body = String::from_utf8(body)
                .unwrap()
                .replace("delivered", "spamreport")
                .into_bytes();
        }
        request.body(body).send()
    };
    let now = chrono::Utc::now().timestamp();
    let event = |kind: &str, id: &str| {
        json!([{"email": address, "event": kind, "sg_event_id": id, "timestamp": now,
                "omnireach_email_id": email_id, "omnireach_workspace_id": admin.workspace_id, "type": "bounce"}])
    };
    let stranger = EventSigner::generate();
    for (signer, timestamp, tamper) in [
        (None, now, false),
        (Some(&stranger), now, false),
        (Some(&signer), now, true),
        (Some(&signer), now - 3600, false),
    ] {
        let response = post(event("delivered", "ev-1"), signer, timestamp, tamper)
            .await
            .unwrap();
        error_code(response, StatusCode::UNAUTHORIZED).await;
    }
    let delivered = post(event("delivered", "ev-1"), Some(&signer), now, false)
        .await
        .unwrap();
    assert_eq!(delivered.status(), StatusCode::OK);
    assert_eq!(delivered.json::<Value>().await.unwrap()["processed"], 1);
    wait_status(&app, &admin, &conversation, &sent, "delivered").await;
    let again = post(event("delivered", "ev-1"), Some(&signer), now, false)
        .await
        .unwrap();
    assert_eq!(again.json::<Value>().await.unwrap()["duplicates"], 1);
    let bad_json = app
        .client
        .post(app.url("/api/webhooks/sendgrid/events"))
        .header(
            "X-Twilio-Email-Event-Webhook-Signature",
            signer.sign(&now.to_string(), b"not json"),
        )
        .header("X-Twilio-Email-Event-Webhook-Timestamp", now.to_string())
        .body("not json")
        .send()
        .await
        .unwrap();
    error_code(bad_json, StatusCode::BAD_REQUEST).await;

    // Hard bounce: the address is invalid and suppressed, the lead paused, later sends blocked.
    let bounce = post(event("bounce", "ev-2"), Some(&signer), now, false)
        .await
        .unwrap();
    assert_eq!(bounce.status(), StatusCode::OK);
    let entry = app
        .store
        .compliance()
        .suppression_for(&admin.workspace_id, Channel::Email, &address)
        .await
        .unwrap()
        .expect("suppressed");
    assert_eq!(entry.reason, "hard_bounce");
    let lead = app.get_json(&admin, &format!("/api/leads/{lead_id}")).await;
    assert_eq!(lead["email_status"], "invalid");
    assert_eq!(lead["do_not_contact"], true);
    let (code, _) = send_refused(&app, &admin, &conversation, "Hello?").await;
    assert_eq!(code, "do_not_contact");
    assert_eq!(fake.recorded().len(), 1, "nothing more went to SendGrid");
}

#[actix_rt::test]
async fn sendgrid_send_and_signed_events_sqlite() {
    sendgrid_send_and_signed_events(Backend::Sqlite).await
}
#[actix_rt::test]
async fn sendgrid_send_and_signed_events_postgres() {
    sendgrid_send_and_signed_events(Backend::Postgres).await
}

// --- SendGrid Inbound Parse ---------------------------------------------------------------

async fn inbound_parse(backend: Backend) {
    let app = TestApp::spawn_with(backend, |settings| {
        settings.email.inbound_secret = Some("s3cret-path-token".into());
    })
    .await;
    let admin = app.admin().await;
    let (lead_id, address) = lead(&app, &admin, None).await;
    let url = |secret: &str| app.url(&format!("/api/webhooks/sendgrid/inbound/{secret}"));
    let form = |fields: Vec<(&'static str, Vec<u8>)>| {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.part(name, reqwest::multipart::Part::bytes(value));
        }
        form
    };
    let parsed_fields = |message_id: &str| {
        vec![
            ("from", format!("Bob <{address}>").into_bytes()),
            ("to", b"ann@acme.example".to_vec()),
            ("subject", b"Re: Quick question".to_vec()),
            ("headers", format!("From: Bob <{address}>\nTo: ann@acme.example\nSubject: Re: Quick question\nMessage-ID: <{message_id}>\n").into_bytes()),
            ("text", b"Yes please, send details.\n\n-- \nBob".to_vec()),
        ]
    };

    let bad_secret = app
        .client
        .post(url("wrong"))
        .multipart(form(parsed_fields("a@x")))
        .send()
        .await
        .unwrap();
    error_code(bad_secret, StatusCode::FORBIDDEN).await;
    let json_body = app
        .client
        .post(url("s3cret-path-token"))
        .json(&json!({"from": address}))
        .send()
        .await
        .unwrap();
    error_code(json_body, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    let missing = app
        .client
        .post(url("s3cret-path-token"))
        .multipart(form(vec![("subject", b"hi".to_vec())]))
        .send()
        .await
        .unwrap();
    let (_, body) = error_code(missing, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body.to_string().contains("text"), "{body}");
    let huge = app
        .client
        .post(url("s3cret-path-token"))
        .multipart(form(vec![("email", vec![b'a'; 10 * 1024 * 1024])]))
        .send()
        .await
        .unwrap();
    error_code(huge, StatusCode::PAYLOAD_TOO_LARGE).await;
    let not_utf8 = app
        .client
        .post(url("s3cret-path-token"))
        .multipart(form(vec![
            ("from", address.clone().into_bytes()),
            ("text", vec![0xff, 0xfe, 0x41]),
        ]))
        .send()
        .await
        .unwrap();
    error_code(not_utf8, StatusCode::UNPROCESSABLE_ENTITY).await;

    let accepted = app
        .client
        .post(url("s3cret-path-token"))
        .multipart(form(parsed_fields("p1@client.example")))
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), StatusCode::OK);
    assert_eq!(accepted.json::<Value>().await.unwrap()["outcome"], "reply");
    let raw = format!(
        "From: {address}\r\nTo: ann@acme.example\r\nSubject: Re: hi\r\nMessage-ID: <raw-1@client.example>\r\n\r\nCall me.\r\n\r\nSent from my iPhone\r\n"
    );
    for expected in ["reply", "duplicate"] {
        let response = app
            .client
            .post(url("s3cret-path-token"))
            .multipart(form(vec![("email", raw.clone().into_bytes())]))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.json::<Value>().await.unwrap()["outcome"], expected);
    }
    let conversation = conversation_of(&app, &admin, &lead_id).await;
    let texts: Vec<String> = messages(&app, &admin, &conversation)
        .await
        .iter()
        .map(|m| m["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        texts,
        vec![
            "Yes please, send details.".to_string(),
            "Call me.".to_string()
        ]
    );
}

#[actix_rt::test]
async fn inbound_parse_sqlite() {
    inbound_parse(Backend::Sqlite).await
}
#[actix_rt::test]
async fn inbound_parse_postgres() {
    inbound_parse(Backend::Postgres).await
}

// --- mailboxes API: roles, validation, isolation, secrets --------------------------------

async fn mailboxes_api(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let viewer = app.member(&admin, "viewer").await;
    let sales = app.member(&admin, "sales").await;
    let body = json!({"address": "ann@acme.example", "smtp_url": "smtp://ann:hunter2@mail.acme.example:587", "daily_cap": 50});
    for session in [&viewer, &sales] {
        let response = app
            .send(session, Method::POST, "/api/mailboxes", Some(body.clone()))
            .await;
        error_code(response, StatusCode::FORBIDDEN).await;
    }
    let invalid = app
        .send(
            &admin,
            Method::POST,
            "/api/mailboxes",
            Some(json!({"address": "nope", "smtp_url": "http://x"})),
        )
        .await;
    let (_, error) = error_code(invalid, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        error.to_string().contains("smtp_url") && error.to_string().contains("address"),
        "{error}"
    );
    let created = app
        .send(&admin, Method::POST, "/api/mailboxes", Some(body.clone()))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert!(!created.to_string().contains("hunter2"));
    assert_eq!(created["has_smtp_url"], true);
    assert_eq!(
        created["cap_today"], 20,
        "warm-up: day 0 starts at the ramp's start"
    );
    let id = created["id"].as_str().unwrap();
    let duplicate = app
        .send(&admin, Method::POST, "/api/mailboxes", Some(body.clone()))
        .await;
    error_code(duplicate, StatusCode::CONFLICT).await;

    let listed = app.get_json(&viewer, "/api/mailboxes").await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(!listed.to_string().contains("hunter2"));
    let stored: Vec<u8> =
        sqlx::query_scalar("SELECT credentials FROM email_mailboxes WHERE id = $1")
            .bind(id)
            .fetch_one(&app.store.pool)
            .await
            .unwrap();
    assert!(
        !String::from_utf8_lossy(&stored).contains("hunter2"),
        "credentials are encrypted at rest"
    );

    let viewer_patch = app
        .send(
            &viewer,
            Method::PATCH,
            &format!("/api/mailboxes/{id}"),
            Some(json!({"status": "paused"})),
        )
        .await;
    error_code(viewer_patch, StatusCode::FORBIDDEN).await;
    let paused = app
        .send(
            &admin,
            Method::PATCH,
            &format!("/api/mailboxes/{id}"),
            Some(json!({"status": "paused"})),
        )
        .await;
    assert_eq!(paused.status(), StatusCode::OK);
    assert_eq!(paused.json::<Value>().await.unwrap()["status"], "paused");

    let rival = app.other_workspace_admin(&admin).await;
    assert_eq!(app.get_json(&rival, "/api/mailboxes").await, json!([]));
    for (method, path) in [
        (Method::PATCH, format!("/api/mailboxes/{id}")),
        (Method::DELETE, format!("/api/mailboxes/{id}")),
        (Method::POST, format!("/api/mailboxes/{id}/test")),
    ] {
        let body = (method == Method::PATCH).then(|| json!({"status": "active"}));
        let response = app.send(&rival, method, &path, body).await;
        error_code(response, StatusCode::NOT_FOUND).await;
    }
    let settings = app
        .send(&viewer, Method::PUT, "/api/email/settings", Some(json!({"postal_address": "x", "tracking_enabled": true, "window_days": ["mon"], "window_start": "08:00", "window_end": "18:00"})))
        .await;
    error_code(settings, StatusCode::FORBIDDEN).await;
    let bad_window = app
        .send(&admin, Method::PUT, "/api/email/settings", Some(json!({"postal_address": "x", "tracking_enabled": true, "window_days": ["funday"], "window_start": "18:00", "window_end": "08:00"})))
        .await;
    error_code(bad_window, StatusCode::UNPROCESSABLE_ENTITY).await;
    let deleted = app
        .send(
            &admin,
            Method::DELETE,
            &format!("/api/mailboxes/{id}"),
            None,
        )
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
}

#[actix_rt::test]
async fn mailboxes_api_sqlite() {
    mailboxes_api(Backend::Sqlite).await
}
#[actix_rt::test]
async fn mailboxes_api_postgres() {
    mailboxes_api(Backend::Postgres).await
}

// --- mailbox rotation and thread stickiness -------------------------------------------------

async fn mailbox_rotation_keeps_a_thread_on_its_mailbox(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    set_postal_address(&app, &admin, false).await;
    for address in ["one@acme.example", "two@acme.example"] {
        let response = app
            .send(
                &admin,
                Method::POST,
                "/api/mailboxes",
                Some(json!({"address": address, "smtp_url": smtp.url()})),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let (lead_a, _) = lead(&app, &admin, None).await;
    let (lead_b, _) = lead(&app, &admin, None).await;
    let (conversation_a, conversation_b) = (
        conversation_of(&app, &admin, &lead_a).await,
        conversation_of(&app, &admin, &lead_b).await,
    );
    let mut senders = Vec::new();
    for (count, conversation) in [&conversation_a, &conversation_a, &conversation_b]
        .into_iter()
        .enumerate()
    {
        let id = send_email(&app, &admin, conversation, "Hello", "Hi there").await;
        wait_status(&app, &admin, conversation, &id, "sent").await;
        let files = smtp.wait_for(count + 1).await;
        let newest = files
            .iter()
            .map(|f| inspect(f))
            .find(|p| {
                !senders
                    .iter()
                    .any(|(id, _): &(Value, Value)| *id == p["message_id"])
            })
            .unwrap();
        senders.push((newest["message_id"].clone(), newest["from"].clone()));
    }
    assert_eq!(
        senders[0].1, "one@acme.example",
        "the first mailbox (none used yet)"
    );
    assert_eq!(
        senders[1].1, "one@acme.example",
        "the lead keeps the mailbox that wrote to it"
    );
    assert_eq!(
        senders[2].1, "two@acme.example",
        "a new lead gets the least used mailbox"
    );
}

#[actix_rt::test]
async fn mailbox_rotation_keeps_a_thread_on_its_mailbox_sqlite() {
    mailbox_rotation_keeps_a_thread_on_its_mailbox(Backend::Sqlite).await
}
#[actix_rt::test]
async fn mailbox_rotation_keeps_a_thread_on_its_mailbox_postgres() {
    mailbox_rotation_keeps_a_thread_on_its_mailbox(Backend::Postgres).await
}

// --- mailbox auto-pause on bounce rate ----------------------------------------------------

async fn a_mailbox_is_paused_when_its_bounce_rate_passes_the_threshold(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let created: Value = app
        .send(
            &admin,
            Method::POST,
            "/api/mailboxes",
            Some(json!({"address": "ann@acme.example", "smtp_url": "smtp://127.0.0.1:1?tls=none"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let mailbox_id = created["id"].as_str().unwrap().to_string();
    let (lead_id, address) = lead(&app, &admin, None).await;
    let config = omnireach::channels::email::EmailConfig::default();
    let email = app.store.email();
    let mut first = None;
    for n in 0..20 {
        let key = format!("key-{n}");
        let record = email
            .prepare_outbound(&omnireach::store::NewOutboundEmail {
                workspace_id: &admin.workspace_id,
                lead_id: &lead_id,
                message_id: &format!("message-{n}"),
                mailbox_id: Some(&mailbox_id),
                header_id: &format!("h{n}@acme.example"),
                idempotency_key: &key,
                token: &format!("token{n}"),
                address: &address,
                links: &[],
                created_at: omnireach::store::now_ms(),
            })
            .await
            .unwrap();
        first.get_or_insert(record.id.clone());
        if n == 18 {
            // 1 bounce in 19 sends: too few sends to judge.
            email.mark_bounced(first.as_ref().unwrap()).await.unwrap();
            assert_eq!(
                omnireach::channels::email::check_bounce_rate(&app.store, &config, &mailbox_id)
                    .await,
                None
            );
        }
    }
    let reason = omnireach::channels::email::check_bounce_rate(&app.store, &config, &mailbox_id)
        .await
        .expect("1 bounce in 20 sends reaches 5 %");
    assert!(reason.contains("bounce rate"), "{reason}");
    let mailbox = app.get_json(&admin, "/api/mailboxes").await[0].clone();
    assert_eq!(mailbox["status"], "paused");
    assert_eq!(mailbox["paused_reason"], reason.as_str());
}

#[actix_rt::test]
async fn a_mailbox_is_paused_when_its_bounce_rate_passes_the_threshold_sqlite() {
    a_mailbox_is_paused_when_its_bounce_rate_passes_the_threshold(Backend::Sqlite).await
}
#[actix_rt::test]
async fn a_mailbox_is_paused_when_its_bounce_rate_passes_the_threshold_postgres() {
    a_mailbox_is_paused_when_its_bounce_rate_passes_the_threshold(Backend::Postgres).await
}

// --- at most once: retries and crash reconciliation -----------------------------------------

async fn an_accepted_email_is_never_sent_again(backend: Backend) {
    use omnireach::channels::email::{EmailChannel, EmailConfig};
    use omnireach::channels::{Channel, OutboundMessage, Reconciled};
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let (lead_id, address) = lead(&app, &admin, None).await;
    // Port 1: any attempt to reach a server fails, so success below proves nothing was sent.
    let config = EmailConfig {
        smtp_url: Some("smtp://127.0.0.1:1?tls=none".into()),
        from: Some(FROM.into()),
        ..EmailConfig::default()
    };
    let channel = EmailChannel::new(
        app.store.clone(),
        std::sync::Arc::new(config),
        None,
        "https://reach.test".into(),
        omnireach::clock::Clock::system(),
    );
    let item = |key: &str| omnireach::store::OutboxItem {
        id: format!("outbox-{key}"),
        workspace_id: admin.workspace_id.clone(),
        message_id: format!("message-{key}"),
        channel: "email".into(),
        idempotency_key: key.into(),
        state: "sending".into(),
        attempts: 1,
    };
    let prepare = |key: &'static str| {
        let (store, workspace, lead, address) = (
            app.store.clone(),
            admin.workspace_id.clone(),
            lead_id.clone(),
            address.clone(),
        );
        async move {
            store
                .email()
                .prepare_outbound(&omnireach::store::NewOutboundEmail {
                    workspace_id: &workspace,
                    lead_id: &lead,
                    message_id: &format!("message-{key}"),
                    mailbox_id: None,
                    header_id: &format!("{key}@acme.example"),
                    idempotency_key: key,
                    token: &format!("tok{}", key.len()),
                    address: &address,
                    links: &[],
                    created_at: omnireach::store::now_ms(),
                })
                .await
                .unwrap()
        }
    };

    // Never prepared: the provider cannot have it.
    assert!(matches!(
        channel.reconcile(&item("fresh")).await.unwrap(),
        Reconciled::NotSent
    ));
    // Prepared, then a crash: ambiguous, treated as sent (at most once).
    prepare("ambiguous").await;
    assert!(matches!(
        channel.reconcile(&item("ambiguous")).await.unwrap(),
        Reconciled::Sent(Some(id)) if id == "ambiguous@acme.example"
    ));
    // Accepted before: a retry answers from the record without contacting the server.
    let accepted = prepare("accepted").await;
    app.store
        .email()
        .mark_accepted(&accepted.id, Some("queued as 42"))
        .await
        .unwrap();
    let retry = channel
        .send(&OutboundMessage {
            item: item("accepted"),
            lead_id: lead_id.clone(),
            to: None,
            subject: Some("Hello".into()),
            body: "Hi".into(),
        })
        .await
        .expect("no second send");
    assert_eq!(retry.provider_message_id.as_deref(), Some("queued as 42"));
}

#[actix_rt::test]
async fn an_accepted_email_is_never_sent_again_sqlite() {
    an_accepted_email_is_never_sent_again(Backend::Sqlite).await
}
#[actix_rt::test]
async fn an_accepted_email_is_never_sent_again_postgres() {
    an_accepted_email_is_never_sent_again(Backend::Postgres).await
}

// --- per-recipient-domain throttling --------------------------------------------------------

async fn sends_to_one_domain_are_throttled(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let clock = omnireach::clock::Clock::shifted_to(omnireach::store::now_ms());
    let adjust = smtp_settings(smtp.url(), clock.clone());
    let app = TestApp::spawn_with(backend, move |settings| {
        adjust(settings);
        settings.email.domain_per_minute = 1;
    })
    .await;
    let admin = app.admin().await;
    set_postal_address(&app, &admin, false).await;
    let (lead_a, _) = lead(&app, &admin, None).await;
    let (lead_b, _) = lead(&app, &admin, None).await;
    let conversation_a = conversation_of(&app, &admin, &lead_a).await;
    let first = send_email(&app, &admin, &conversation_a, "Hello", "Hi").await;
    wait_status(&app, &admin, &conversation_a, &first, "sent").await;
    let conversation_b = conversation_of(&app, &admin, &lead_b).await;
    let second = send_email(&app, &admin, &conversation_b, "Hello", "Hi").await;
    // Held (not failed, no attempt spent) until a minute after the first email to the domain.
    let first_sent_at: i64 =
        sqlx::query_scalar("SELECT created_at FROM email_messages WHERE message_id = $1")
            .bind(&first)
            .fetch_one(&app.store.pool)
            .await
            .unwrap();
    assert_eq!(
        held_until(&app, &second, "domain_throttle").await,
        first_sent_at + 60_000
    );
    let (_, _, _, reason) = outbox_row(&app, &second).await;
    assert!(reason.unwrap().contains("throttled"));
    assert_eq!(smtp.messages().len(), 1, "only the first email left");
    clock.set(first_sent_at + 61_000);
    app.live.outbox_wake.notify_one();
    wait_status(&app, &admin, &conversation_b, &second, "sent").await;
    assert_eq!(smtp.wait_for(2).await.len(), 2);
}

#[actix_rt::test]
async fn sends_to_one_domain_are_throttled_sqlite() {
    sends_to_one_domain_are_throttled(Backend::Sqlite).await
}
#[actix_rt::test]
async fn sends_to_one_domain_are_throttled_postgres() {
    sends_to_one_domain_are_throttled(Backend::Postgres).await
}

// --- holds: sending window, mailbox caps, per-domain throttling (the outbox's clock) -------

/// The outbox row of a message: (state, attempts, next_attempt_at, last_error).
async fn outbox_row(app: &TestApp, message_id: &str) -> (String, i64, i64, Option<String>) {
    let row = sqlx::query(
        "SELECT state, attempts, next_attempt_at, last_error FROM outbox WHERE message_id = $1",
    )
    .bind(message_id)
    .fetch_one(&app.store.pool)
    .await
    .unwrap();
    use sqlx::Row;
    (
        row.get("state"),
        row.get("attempts"),
        row.get("next_attempt_at"),
        row.get("last_error"),
    )
}

/// Waits until the worker has put the message back to `queued` with a reason starting with
/// `code`, and returns when it may go.
async fn held_until(app: &TestApp, message_id: &str, code: &str) -> i64 {
    let what = format!("message {message_id} held ({code})");
    eventually_some(&what, || async {
        let (state, attempts, next, error) = outbox_row(app, message_id).await;
        (state == "queued" && attempts == 0 && error.is_some_and(|e| e.starts_with(code)))
            .then_some(next)
    })
    .await
}

fn utc_ms(date: chrono::NaiveDate, hour: u32) -> i64 {
    date.and_hms_opt(hour, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis()
}

/// 00:00 UTC on the Saturday before the next US daylight-saving change at least two days away:
/// Friday evening in New York, and the window reopens on Monday under the other offset.
fn saturday_before_the_next_us_dst_change() -> chrono::NaiveDate {
    use chrono::{Datelike, Offset, TimeZone};
    let new_york: chrono_tz::Tz = "America/New_York".parse().unwrap();
    let offset_on = |day: chrono::NaiveDate| {
        new_york
            .offset_from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap())
            .fix()
    };
    let mut day = chrono::Utc::now().date_naive() + chrono::Days::new(3);
    loop {
        if day.weekday() == chrono::Weekday::Sun
            && offset_on(day.pred_opt().unwrap()) != offset_on(day.succ_opt().unwrap())
        {
            return day.pred_opt().unwrap();
        }
        day = day.succ_opt().unwrap();
    }
}

/// 08:00 local time on `date` in `zone`, epoch ms.
fn local_eight(zone: &str, date: chrono::NaiveDate) -> i64 {
    use chrono::TimeZone;
    let tz: chrono_tz::Tz = zone.parse().unwrap();
    tz.from_local_datetime(&date.and_hms_opt(8, 0, 0).unwrap())
        .single()
        .unwrap()
        .timestamp_millis()
}

fn smtp_settings(
    smtp_url: String,
    clock: omnireach::clock::Clock,
) -> impl FnOnce(&mut omnireach::config::Settings) {
    move |settings| {
        settings.email.smtp_url = Some(smtp_url);
        settings.email.from = Some(FROM.into());
        settings.public_url = Some("https://reach.test".into());
        settings.live.clock = clock;
    }
}

async fn set_weekday_window(app: &TestApp, admin: &Session) {
    let response = app
        .send(
            admin,
            Method::PUT,
            "/api/email/settings",
            Some(json!({
                "postal_address": POSTAL, "tracking_enabled": false,
                "window_days": ["mon","tue","wed","thu","fri"],
                "window_start": "08:00", "window_end": "18:00",
            })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

for_each_backend!(
    emails_wait_for_the_sending_window_in_the_lead_zone,
    |backend| {
        use omnireach::clock::Clock;
        let smtp = SmtpServer::start().await;
        let saturday = saturday_before_the_next_us_dst_change();
        let clock = Clock::shifted_to(utc_ms(saturday, 0));
        let app = TestApp::spawn_with(backend, smtp_settings(smtp.url(), clock)).await;
        let admin = app.admin().await;
        set_weekday_window(&app, &admin).await;
        let monday = saturday + chrono::Days::new(2);
        let mut sends = Vec::new();
        for zone in ["America/New_York", "Asia/Tokyo", "America/Los_Angeles"] {
            let (lead_id, _) = lead(&app, &admin, Some(zone)).await;
            let conversation = conversation_of(&app, &admin, &lead_id).await;
            let id = send_email(&app, &admin, &conversation, "Hello", "Hi").await;
            sends.push((conversation, id));
        }
        let [
            (new_york_conversation, new_york),
            (tokyo_conversation, tokyo),
            (los_angeles_conversation, los_angeles),
        ] = <[(String, String); 3]>::try_from(sends).unwrap();

        // Friday afternoon in Los Angeles: inside, sent.
        wait_status(
            &app,
            &admin,
            &los_angeles_conversation,
            &los_angeles,
            "sent",
        )
        .await;
        // Friday evening in New York, Saturday morning in Tokyo: held until Monday 08:00 there —
        // in New York under the offset that follows the DST change.
        let new_york_opens = local_eight("America/New_York", monday);
        let tokyo_opens = local_eight("Asia/Tokyo", monday);
        assert_eq!(
            held_until(&app, &new_york, "sending_window").await,
            new_york_opens
        );
        assert_eq!(
            held_until(&app, &tokyo, "sending_window").await,
            tokyo_opens
        );
        let shown = messages(&app, &admin, &new_york_conversation)
            .await
            .into_iter()
            .find(|m| m["id"] == new_york.as_str())
            .unwrap();
        assert_eq!(shown["status"], "queued");
        let reason = shown["error"].as_str().unwrap();
        assert!(
            reason.starts_with("sending_window: ") && reason.contains("America/New_York"),
            "{reason}"
        );
        assert_eq!(
            smtp.messages().len(),
            1,
            "only the email inside its window left"
        );

        // A restart (with time still on Saturday) reads the holds from the table: nothing is sent.
        let later = Clock::shifted_to(utc_ms(saturday, 0));
        let restarted = app
            .restart_with(smtp_settings(smtp.url(), later.clone()))
            .await;
        restarted.live.outbox_wake.notify_one();
        assert_eq!(
            held_until(&restarted, &new_york, "sending_window").await,
            new_york_opens
        );
        // Monday 08:00 in Tokyo comes first: that email goes, New York's still waits.
        later.set(tokyo_opens + 60_000);
        restarted.live.outbox_wake.notify_one();
        let sent = wait_status(&restarted, &admin, &tokyo_conversation, &tokyo, "sent").await;
        assert!(
            sent["error"].is_null(),
            "the hold reason is cleared once sent: {sent}"
        );
        assert_eq!(
            held_until(&restarted, &new_york, "sending_window").await,
            new_york_opens
        );
        assert_eq!(smtp.wait_for(2).await.len(), 2);
        // Then New York's: each email left exactly once.
        later.set(new_york_opens + 60_000);
        restarted.live.outbox_wake.notify_one();
        wait_status(
            &restarted,
            &admin,
            &new_york_conversation,
            &new_york,
            "sent",
        )
        .await;
        assert_eq!(smtp.wait_for(3).await.len(), 3);
        assert_eq!(
            outbox_row(&restarted, &new_york).await.1,
            1,
            "one attempt, no retries burnt"
        );
    }
);

/// A server whose clock reads 12:00 UTC two days from now (caps reset at the next midnight).
async fn app_at_noon_in_two_days(
    backend: Backend,
) -> (TestApp, omnireach::clock::Clock, chrono::NaiveDate) {
    let day = chrono::Utc::now().date_naive() + chrono::Days::new(2);
    let clock = omnireach::clock::Clock::shifted_to(utc_ms(day, 12));
    let app = TestApp::spawn_with(backend, {
        let clock = clock.clone();
        move |settings| settings.live.clock = clock
    })
    .await;
    (app, clock, day)
}

for_each_backend!(
    a_mailbox_at_its_daily_cap_holds_sends_until_the_next_day,
    |backend| {
        let smtp = SmtpServer::start().await;
        let (app, clock, day) = app_at_noon_in_two_days(backend).await;
        let admin = app.admin().await;
        set_postal_address(&app, &admin, false).await;
        let response = app
            .send(
                &admin,
                Method::POST,
                "/api/mailboxes",
                Some(
                    json!({"address": "ann@acme.example", "smtp_url": smtp.url(),
                        "daily_cap": 1, "ramp_start": 1, "ramp_increment": 0}),
                ),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let mut sends = Vec::new();
        for _ in 0..2 {
            let (lead_id, _) = lead(&app, &admin, None).await;
            let conversation = conversation_of(&app, &admin, &lead_id).await;
            let id = send_email(&app, &admin, &conversation, "Hello", "Hi").await;
            if sends.is_empty() {
                wait_status(&app, &admin, &conversation, &id, "sent").await;
            }
            sends.push((conversation, id));
        }
        let next_day = utc_ms(day + chrono::Days::new(1), 0);
        assert_eq!(held_until(&app, &sends[1].1, "mailbox_cap").await, next_day);
        assert_eq!(smtp.messages().len(), 1);
        clock.set(next_day + 60_000);
        app.live.outbox_wake.notify_one();
        wait_status(&app, &admin, &sends[1].0, &sends[1].1, "sent").await;
        assert_eq!(smtp.wait_for(2).await.len(), 2);
    }
);

for_each_backend!(
    a_campaign_sends_at_most_its_per_mailbox_cap_from_each_mailbox_a_day,
    |backend| {
        let smtp = SmtpServer::start().await;
        let (app, clock, day) = app_at_noon_in_two_days(backend).await;
        let admin = app.admin().await;
        set_postal_address(&app, &admin, false).await;
        for address in ["ann@acme.example", "cat@acme.example"] {
            let body = json!({"address": address, "smtp_url": smtp.url(),
                "daily_cap": 50, "ramp_start": 50, "ramp_increment": 0});
            let response = app
                .send(&admin, Method::POST, "/api/mailboxes", Some(body))
                .await;
            assert_eq!(response.status(), StatusCode::CREATED);
        }
        let graph = json!({
            "format": "omnireach.workflow", "version": 1,
            "nodes": [
                {"id": "trigger", "type": "trigger", "data": {"kind": "manual"}},
                {"id": "mail", "type": "send", "data": {"channel": "email", "source": "text",
                    "subject": "Hello {{first_name}}", "body": "Hi {{first_name}}"}},
                {"id": "done", "type": "end", "data": {}}
            ],
            "edges": [
                {"id": "e1", "source": "trigger", "target": "mail"},
                {"id": "e2", "source": "mail", "target": "done"}
            ]
        });
        let workflow = crate::workflow_engine::published_workflow(&app, &admin, &graph).await;
        let mut leads = Vec::new();
        for _ in 0..3 {
            leads.push(lead(&app, &admin, None).await.0);
        }
        let launched = crate::workflow_engine::launch(
            &app,
            &admin,
            &workflow,
            &leads,
            json!({"per_mailbox_daily_cap": 1}),
        )
        .await;
        let campaign = launched["campaign"]["id"].as_str().unwrap().to_string();

        // Two mailboxes, one email each today; the third waits for tomorrow.
        let ids: Vec<String> = eventually_some("the campaign's three emails queued", || async {
            let ids: Vec<String> = sqlx::query_scalar(
                "SELECT id FROM messages WHERE author_kind = 'workflow' AND author_id = $1",
            )
            .bind(&campaign)
            .fetch_all(&app.store.pool)
            .await
            .unwrap();
            (ids.len() == 3).then_some(ids)
        })
        .await;
        let next_day = utc_ms(day + chrono::Days::new(1), 0);
        let held = eventually_some("one email held by the campaign's cap", || async {
            for id in &ids {
                let (state, attempts, next, error) = outbox_row(&app, id).await;
                if state == "queued"
                    && attempts == 0
                    && error.is_some_and(|e| e.starts_with("campaign_mailbox_cap"))
                {
                    return Some((id.clone(), next));
                }
            }
            None
        })
        .await;
        assert_eq!(held.1, next_day);
        let sent = smtp.wait_for(2).await;
        assert_eq!(sent.len(), 2);
        // The SMTP server has a message before the sender records it as accepted.
        let mailboxes: Vec<String> = eventually_some("both sends recorded as accepted", || async {
            let mailboxes: Vec<String> = sqlx::query_scalar(
                "SELECT mailbox_id FROM email_messages WHERE direction = 'outbound' \
                 AND state = 'accepted'",
            )
            .fetch_all(&app.store.pool)
            .await
            .unwrap();
            (mailboxes.len() == 2).then_some(mailboxes)
        })
        .await;
        assert_ne!(mailboxes[0], mailboxes[1], "one from each mailbox");

        // Tomorrow the cap frees up and the third goes.
        clock.set(next_day + 60_000);
        app.live.outbox_wake.notify_one();
        eventually("the held email sent the next day", || async {
            outbox_row(&app, &held.0).await.0 == "sent"
        })
        .await;
        assert_eq!(smtp.wait_for(3).await.len(), 3);
    }
);

// Seed 003's phase-1 promise, end to end on real mail servers: create a lead, run a workflow,
// send an email (SMTP), track the open (the pixel in the delivered HTML) and the reply (IMAP).
for_each_backend!(a_workflow_email_is_sent_opened_and_answered, |backend| {
    use crate::workflow_engine::{launch, published_workflow, run_reaches};
    let smtp = SmtpServer::start().await;
    let imap = ImapServer::start().await;
    let app = smtp_app(backend, &smtp, Some(imap.url("ann"))).await;
    let admin = app.admin().await;
    set_postal_address(&app, &admin, true).await;
    let (lead_id, address) = lead(&app, &admin, None).await;
    let graph = json!({
        "format": "omnireach.workflow", "version": 1,
        "settings": {"exit_on": {"reply": false}},
        "nodes": [
            {"id": "trigger", "type": "trigger", "data": {"kind": "manual"}},
            {"id": "mail", "type": "send", "data": {"channel": "email", "source": "text",
                "subject": "Homes for you, {{first_name}}",
                "body": "Hi {{first_name}}, three listings: https://acme.example/listings"}},
            {"id": "opened", "type": "wait_for_event",
                "data": {"events": ["open"], "timeout_seconds": 259_200}},
            {"id": "replied", "type": "wait_for_event",
                "data": {"events": ["reply"], "timeout_seconds": 259_200}},
            {"id": "goal", "type": "end", "data": {"outcome": "goal"}},
            {"id": "stop", "type": "end", "data": {"outcome": "end"}}
        ],
        "edges": [
            {"id": "e1", "source": "trigger", "target": "mail"},
            {"id": "e2", "source": "mail", "target": "opened"},
            {"id": "e3", "source": "opened", "sourceHandle": "event", "target": "replied"},
            {"id": "e4", "source": "opened", "sourceHandle": "timeout", "target": "stop"},
            {"id": "e5", "source": "replied", "sourceHandle": "event", "target": "goal"},
            {"id": "e6", "source": "replied", "sourceHandle": "timeout", "target": "stop"}
        ]
    });
    let workflow = published_workflow(&app, &admin, &graph).await;
    let launched = launch(
        &app,
        &admin,
        &workflow,
        std::slice::from_ref(&lead_id),
        json!({}),
    )
    .await;
    let campaign = launched["campaign"]["id"].as_str().unwrap().to_string();

    // The email arrives at the SMTP server, rendered, with the open pixel.
    let delivered = inspect(&smtp.wait_for(1).await[0]);
    assert_eq!(delivered["subject"], "Homes for you, Bob");
    assert!(delivered["to"].as_str().unwrap().contains(&address));
    let html = delivered["parts"][1]["content"]
        .as_str()
        .unwrap()
        .to_string();
    run_reaches(&app, &admin, &campaign, &lead_id, "waiting", "opened").await;

    // The lead opens it: the run moves on to wait for the reply.
    let open = token_after(&html, "https://reach.test/t/o/");
    let pixel = reqwest::get(app.url(&format!("/t/o/{open}")))
        .await
        .unwrap();
    assert_eq!(pixel.status(), StatusCode::OK);
    run_reaches(&app, &admin, &campaign, &lead_id, "waiting", "replied").await;

    // The lead answers by email; the IMAP poller finds it and the run reaches its goal.
    let ours = delivered["message_id"].as_str().unwrap();
    imap.append(
        "ann",
        &format!(
            "From: Bob Buyer <{address}>\nTo: {FROM}\nSubject: Re: Homes for you, Bob\n\
                 Message-ID: <phase-one@client.example>\nIn-Reply-To: {ours}\nReferences: {ours}\n\
                 Content-Type: text/plain; charset=utf-8\n\nSounds good, can we talk Tuesday?\n"
        ),
    )
    .await;
    let run = run_reaches(&app, &admin, &campaign, &lead_id, "completed", "goal").await;
    let path: Vec<&str> = run["node_runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["node_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        path,
        ["trigger", "mail", "opened", "replied", "goal"],
        "{run}"
    );
    let stats = app
        .get_json(&admin, &format!("/api/campaigns/{campaign}/stats"))
        .await;
    let totals = &stats["totals"];
    assert_eq!(
        (
            &totals["sent"],
            &totals["opened"],
            &totals["replied"],
            &totals["positive_replies"]
        ),
        (&json!(1), &json!(1), &json!(1), &json!(1)),
        "{stats}"
    );
    assert_eq!(smtp.messages().len(), 1, "one email, once");
});
