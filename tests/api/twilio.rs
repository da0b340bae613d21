//! Twilio SMS and WhatsApp end to end: our real client against the local fake Twilio, signed
//! webhooks (form and JSON), idempotency under concurrent redelivery, forward-only status
//! callbacks, STOP / START / HELP, the WhatsApp session window and templates, bad payloads,
//! settings, tenant isolation and roles.

use crate::fake_twilio::{ACCOUNT_SID, AUTH_TOKEN, Answer, FROM_NUMBER, FakeTwilio};
use crate::helpers::{Backend, Session, TestApp, error_code, eventually};
use omnireach::channels::twilio::{TwilioConfig, signature};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub const PUBLIC: &str = "https://omnireach.example";

/// Runs a test on SQLite and PostgreSQL with the environment's Twilio account pointed at a
/// fresh fake Twilio and `PUBLIC_URL` set.
#[macro_export]
macro_rules! with_twilio {
    ($name:ident, |$app:ident, $fake:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            use $crate::helpers::Backend;

            async fn run($app: $crate::helpers::TestApp, $fake: $crate::fake_twilio::FakeTwilio) $body

            #[actix_rt::test]
            async fn sqlite() {
                let (app, fake) = $crate::twilio::spawn(Backend::Sqlite).await;
                run(app, fake).await
            }

            #[actix_rt::test]
            async fn postgres() {
                let (app, fake) = $crate::twilio::spawn(Backend::Postgres).await;
                run(app, fake).await
            }
        }
    };
}

pub async fn spawn(backend: Backend) -> (TestApp, FakeTwilio) {
    let fake = FakeTwilio::start();
    let app = TestApp::spawn_with(backend, twilio_settings(&fake)).await;
    (app, fake)
}

fn twilio_settings(fake: &FakeTwilio) -> impl FnOnce(&mut omnireach::config::Settings) {
    let base = fake.base.clone();
    move |settings| {
        settings.public_url = Some(PUBLIC.into());
        settings.twilio = TwilioConfig {
            account_sid: Some(ACCOUNT_SID.into()),
            auth_token: Some(AUTH_TOKEN.into()),
            from_number: Some(FROM_NUMBER.into()),
            api_base_url: base,
            ..TwilioConfig::default()
        };
    }
}

/// A fixed-offset zone where it is now around midday (so quiet hours never interfere).
pub fn daytime_zone() -> String {
    zone_at_local_hour(13)
}

/// A fixed-offset zone where the local hour is now `hour` (±1).
pub fn zone_at_local_hour(hour: i64) -> String {
    use chrono::Timelike;
    let utc_hour = chrono::Utc::now().hour() as i64;
    // Etc/GMT-N is UTC+N (POSIX sign convention); offsets from -12 to +14 exist.
    let mut offset = (hour - utc_hour).rem_euclid(24);
    if offset > 14 {
        offset -= 24;
    }
    match offset {
        0 => "Etc/GMT".into(),
        o if o > 0 => format!("Etc/GMT-{o}"),
        o => format!("Etc/GMT+{}", -o),
    }
}

pub fn inbound_params(message_sid: &str, from: &str, body: &str) -> Vec<(String, String)> {
    let to = if from.starts_with("whatsapp:") {
        format!("whatsapp:{FROM_NUMBER}")
    } else {
        FROM_NUMBER.to_string()
    };
    [
        ("ToCountry", "US"),
        ("SmsMessageSid", message_sid),
        ("NumMedia", "0"),
        ("SmsSid", message_sid),
        ("SmsStatus", "received"),
        ("Body", body),
        ("To", to.as_str()),
        ("NumSegments", "1"),
        ("MessageSid", message_sid),
        ("AccountSid", ACCOUNT_SID),
        ("From", from),
        ("ApiVersion", "2010-04-01"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn encode(params: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params.iter())
        .finish()
}

/// Posts a form signed for `signed_path` (path + query as Twilio called it) with `token`, to
/// `path`.
pub async fn post_signed(
    app: &TestApp,
    path: &str,
    signed_path: &str,
    params: &[(String, String)],
    token: &str,
) -> reqwest::Response {
    let signature = signature::sign(token, &format!("{PUBLIC}{signed_path}"), params);
    app.client
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature)
        .body(encode(params))
        .send()
        .await
        .unwrap()
}

pub async fn deliver(app: &TestApp, params: &[(String, String)]) -> reqwest::Response {
    let path = "/api/webhooks/twilio/messaging";
    post_signed(app, path, path, params, AUTH_TOKEN).await
}

async fn inbound_ok(app: &TestApp, message_sid: &str, from: &str, body: &str) {
    let response = deliver(app, &inbound_params(message_sid, from, body)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response
            .headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/xml")
    );
    assert!(response.text().await.unwrap().contains("<Response/>"));
}

pub async fn count(app: &TestApp, sql: &str, bind: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(bind.to_string())
        .fetch_one(&app.store.pool)
        .await
        .unwrap()
}

async fn messages_in_workspace(app: &TestApp, workspace_id: &str) -> i64 {
    count(
        app,
        "SELECT COUNT(*) FROM messages WHERE workspace_id = $1",
        workspace_id,
    )
    .await
}

pub async fn lead_with_phone(app: &TestApp, admin: &Session, phone: &str, timezone: &str) -> Value {
    app.create_lead(
        admin,
        json!({"first_name": "Pat", "last_name": "Phone", "phone": phone, "timezone": timezone}),
    )
    .await
}

async fn conversation_of(app: &TestApp, admin: &Session, lead_id: &str) -> String {
    app.get_json(admin, &format!("/api/leads/{lead_id}/conversation"))
        .await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A send held for quiet hours and not being handled by a worker right now.
async fn held_and_settled(app: &TestApp, message_id: &str) -> bool {
    count(
        app,
        "SELECT COUNT(*) FROM outbox WHERE message_id = $1 AND state = 'queued' \
         AND attempts = 0 AND last_error LIKE 'quiet_hours%'",
        message_id,
    )
    .await
        == 1
}

fn unique_phone(n: u32) -> String {
    // 555-01xx numbers are reserved for fiction; area code 212 maps to New York.
    format!("+1212555{:04}", n)
}

with_twilio!(
    signed_form_webhooks_are_verified_and_every_tampering_rejected,
    |app, _fake| {
        let admin = app.admin().await;
        let path = "/api/webhooks/twilio/messaging";
        let params = inbound_params("SMsig0001", "+12125550101", "Hello there");
        let before = messages_in_workspace(&app, &admin.workspace_id).await;

        // Each tampering: 403 JSON, nothing stored.
        let mut changed_body = params.clone();
        changed_body
            .iter_mut()
            .find(|(k, _)| k == "Body")
            .unwrap()
            .1 = "Hello theRe".into();
        let signature = signature::sign(AUTH_TOKEN, &format!("{PUBLIC}{path}"), &params);
        let attempts: Vec<(&str, reqwest::RequestBuilder)> = vec![
            (
                "body changed",
                app.client
                    .post(app.url(path))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", &signature)
                    .body(encode(&changed_body)),
            ),
            (
                "parameter added",
                app.client
                    .post(app.url(path))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", &signature)
                    .body(encode(
                        &[params.clone(), vec![("Extra".into(), "1".into())]].concat(),
                    )),
            ),
            (
                "url changed",
                app.client
                    .post(app.url(path))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header(
                        "X-Twilio-Signature",
                        signature::sign(
                            AUTH_TOKEN,
                            &format!("{PUBLIC}/api/webhooks/twilio/other"),
                            &params,
                        ),
                    )
                    .body(encode(&params)),
            ),
            (
                "query changed",
                app.client
                    .post(app.url(&format!("{path}?a=2")))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header(
                        "X-Twilio-Signature",
                        signature::sign(AUTH_TOKEN, &format!("{PUBLIC}{path}?a=1"), &params),
                    )
                    .body(encode(&params)),
            ),
            (
                "wrong token",
                app.client
                    .post(app.url(path))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header(
                        "X-Twilio-Signature",
                        signature::sign("not-the-token", &format!("{PUBLIC}{path}"), &params),
                    )
                    .body(encode(&params)),
            ),
            (
                "missing header",
                app.client
                    .post(app.url(path))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(encode(&params)),
            ),
            (
                "garbage signature",
                app.client
                    .post(app.url(path))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", "not base64 at all!")
                    .body(encode(&params)),
            ),
        ];
        for (what, request) in attempts {
            let response = request.send().await.unwrap();
            let (code, _) = error_code(response, StatusCode::FORBIDDEN).await;
            assert_eq!(code, "invalid_signature", "{what}");
        }
        assert_eq!(
            messages_in_workspace(&app, &admin.workspace_id).await,
            before
        );

        // The query string is part of what is signed: signed with it, accepted with it.
        let with_query = format!("{path}?source=test");
        let response = post_signed(&app, &with_query, &with_query, &params, AUTH_TOKEN).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            messages_in_workspace(&app, &admin.workspace_id).await,
            before + 1
        );
        // Parameter order in the body does not matter (Twilio sorts them): the same signed
        // parameters in reverse order are accepted (and recognised as the same message).
        let mut reversed = params.clone();
        reversed.reverse();
        let response = app
            .client
            .post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("X-Twilio-Signature", &signature)
            .body(encode(&reversed))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            messages_in_workspace(&app, &admin.workspace_id).await,
            before + 1
        );
        // An unknown sender became a lead with the source recorded.
        let lead_id = app
            .store
            .messaging()
            .lead_by_phone(&admin.workspace_id, "+12125550101")
            .await
            .unwrap()
            .expect("a lead for the unknown sender");
        let lead = app.get_json(&admin, &format!("/api/leads/{lead_id}")).await;
        assert_eq!(lead["source"], "inbound sms", "{lead}");
    }
);

with_twilio!(signed_json_webhooks_check_body_sha256, |app, _fake| {
    use sha2::Digest;
    let admin = app.admin().await;
    let path = "/api/webhooks/twilio/messaging";
    let body = json!({
        "AccountSid": ACCOUNT_SID, "MessageSid": "SMjson0001", "From": "+12125550102",
        "To": FROM_NUMBER, "Body": "json hello"
    })
    .to_string();
    let hash = hex::encode(sha2::Sha256::digest(body.as_bytes()));
    let signed_path = format!("{path}?bodySHA256={hash}");
    let sign_url = |p: &str, token: &str| signature::sign(token, &format!("{PUBLIC}{p}"), &[]);
    let send = |url_path: String, sig: String, raw: String| {
        app.client
            .post(app.url(&url_path))
            .header("content-type", "application/json")
            .header("X-Twilio-Signature", sig)
            .body(raw)
            .send()
    };
    // Tampered body (hash no longer matches), wrong token, changed URL: all refused.
    let tampered = body.replace("json hello", "json hellO");
    for (what, response) in [
        (
            "body",
            send(
                signed_path.clone(),
                sign_url(&signed_path, AUTH_TOKEN),
                tampered,
            )
            .await
            .unwrap(),
        ),
        (
            "token",
            send(
                signed_path.clone(),
                sign_url(&signed_path, "other"),
                body.clone(),
            )
            .await
            .unwrap(),
        ),
        (
            "no hash",
            send(path.to_string(), sign_url(path, AUTH_TOKEN), body.clone())
                .await
                .unwrap(),
        ),
    ] {
        let (code, _) = error_code(response, StatusCode::FORBIDDEN).await;
        assert_eq!(code, "invalid_signature", "{what}");
    }
    assert_eq!(messages_in_workspace(&app, &admin.workspace_id).await, 0);
    let response = send(
        signed_path.clone(),
        sign_url(&signed_path, AUTH_TOKEN),
        body.clone(),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(messages_in_workspace(&app, &admin.workspace_id).await, 1);
});

with_twilio!(
    bad_payloads_get_clear_4xx_and_store_nothing,
    |app, _fake| {
        let admin = app.admin().await;
        for path in [
            "/api/webhooks/twilio/messaging",
            "/api/webhooks/twilio/status",
        ] {
            // Missing fields (signed, so only the fields are wrong).
            let params: Vec<(String, String)> = vec![("AccountSid".into(), ACCOUNT_SID.into())];
            let (code, _) = error_code(
                post_signed(&app, path, path, &params, AUTH_TOKEN).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
            assert_eq!(code, "validation_failed", "{path}");
            // No AccountSid at all.
            let (code, _) = error_code(
                post_signed(&app, path, path, &[("Body".into(), "x".into())], AUTH_TOKEN).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
            assert_eq!(code, "validation_failed");
            // Wrong content type.
            let response = app
                .client
                .post(app.url(path))
                .header("content-type", "text/plain")
                .body("hello")
                .send()
                .await
                .unwrap();
            let (code, _) = error_code(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
            assert_eq!(code, "unsupported_content_type");
            // 10 MB body.
            let response = app
                .client
                .post(app.url(path))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(vec![b'a'; 10 * 1024 * 1024])
                .send()
                .await;
            // The server may close the connection after answering; when it answers, it is 413.
            if let Ok(response) = response {
                let (code, _) = error_code(response, StatusCode::PAYLOAD_TOO_LARGE).await;
                assert_eq!(code, "payload_too_large");
            }
            // Invalid UTF-8, raw and percent-encoded.
            for raw in [
                b"Body=\xff\xfe&AccountSid=x".to_vec(),
                b"Body=%FF%FE&AccountSid=x".to_vec(),
            ] {
                let response = app
                    .client
                    .post(app.url(path))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", "x")
                    .body(raw)
                    .send()
                    .await
                    .unwrap();
                let (code, _) = error_code(response, StatusCode::BAD_REQUEST).await;
                assert_eq!(code, "invalid_utf8");
            }
        }
        assert_eq!(messages_in_workspace(&app, &admin.workspace_id).await, 0);
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM leads WHERE workspace_id = $1",
                &admin.workspace_id
            )
            .await,
            0
        );
        // The server is unaffected.
        assert_eq!(
            app.client
                .get(app.url("/health"))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::OK
        );
    }
);

with_twilio!(
    the_same_webhook_ten_times_concurrently_is_one_message_and_one_reply,
    |app, fake| {
        let admin = app.admin().await;
        crate::live::agent_in(&app.store, &admin.workspace_id, "autonomous").await;
        let phone = unique_phone(1);
        let lead = lead_with_phone(&app, &admin, &phone, &daytime_zone()).await;
        let lead_id = lead["id"].as_str().unwrap().to_string();
        let params = inbound_params("SMdup0001", &phone, "What are your prices?");
        let deliveries = (0..10).map(|_| deliver(&app, &params));
        for response in futures_util::future::join_all(deliveries).await {
            assert_eq!(response.status(), StatusCode::OK);
        }
        let inbound_sql =
            "SELECT COUNT(*) FROM messages WHERE lead_id = $1 AND direction = 'inbound'";
        assert_eq!(count(&app, inbound_sql, &lead_id).await, 1);
        // The AI answers once, through Twilio.
        eventually("the AI reply reaches Twilio", || async {
            !fake.sends_to(&phone).is_empty()
        })
        .await;
        let outbound_sql =
            "SELECT COUNT(*) FROM messages WHERE lead_id = $1 AND direction = 'outbound'";
        assert_eq!(count(&app, outbound_sql, &lead_id).await, 1);
        let drafts_sql = "SELECT COUNT(*) FROM drafts d JOIN conversations c ON c.id = d.conversation_id WHERE c.lead_id = $1";
        assert_eq!(count(&app, drafts_sql, &lead_id).await, 1);
        let sends = fake.sends_to(&phone);
        assert_eq!(sends.len(), 1);
        assert_eq!(sends[0].get("From"), Some(FROM_NUMBER));
        let callback = sends[0].get("StatusCallback").unwrap();
        assert!(
            callback.starts_with(&format!("{PUBLIC}/api/webhooks/twilio/status?message_id=")),
            "{callback}"
        );
        // Redelivered later: still one message.
        assert_eq!(deliver(&app, &params).await.status(), StatusCode::OK);
        assert_eq!(count(&app, inbound_sql, &lead_id).await, 1);
    }
);

with_twilio!(
    status_callbacks_in_shuffled_order_end_in_the_right_state,
    |app, fake| {
        use rand::SeedableRng;
        use rand::seq::SliceRandom;
        let admin = app.admin().await;
        let phone = unique_phone(2);
        let lead = lead_with_phone(&app, &admin, &phone, &daytime_zone()).await;
        let lead_id = lead["id"].as_str().unwrap().to_string();
        let conversation = app
            .store
            .conversations()
            .ensure_for_lead(&admin.workspace_id, &lead_id, None)
            .await
            .unwrap();
        const N: usize = 1000;
        for i in 0..N {
            let key = format!("test:{i}");
            let body = format!("message {i}");
            app.store
                .conversations()
                .queue_outbound(&omnireach::store::NewOutbound {
                    workspace_id: &admin.workspace_id,
                    conversation_id: &conversation.id,
                    lead_id: &lead_id,
                    channel: "sms",
                    body: &body,
                    subject: None,
                    author_kind: "human",
                    author_id: Some(&admin.user_id),
                    generator: None,
                    draft_id: None,
                    idempotency_key: &key,
                    template_id: None,
                    template_variables: None,
                })
                .await
                .unwrap();
        }
        app.live.outbox_wake.notify_one();
        eventually("every message reaches Twilio", || async {
            fake.sends_to(&phone).len() == N
        })
        .await;
        let sent_sql = "SELECT COUNT(*) FROM messages WHERE lead_id = $1 AND status = 'sent'";
        eventually("every send recorded", || async {
            count(&app, sent_sql, &lead_id).await == N as i64
        })
        .await;
        // Each message gets a story; all callbacks of all messages are shuffled together.
        let stories: [(&[&str], &str); 5] = [
            (&["queued", "sent", "delivered"], "delivered"),
            (&["sent", "undelivered"], "failed"),
            (&["sent", "delivered", "read"], "read"),
            (&["queued", "sending", "sent"], "sent"),
            (&["sent", "failed"], "failed"),
        ];
        let mut callbacks = Vec::new();
        let mut expected = std::collections::HashMap::new();
        for (i, send) in fake.sends_to(&phone).iter().enumerate() {
            let callback = send.get("StatusCallback").unwrap().to_string();
            let signed_path = callback.strip_prefix(PUBLIC).unwrap().to_string();
            let message_id = signed_path.split("message_id=").nth(1).unwrap().to_string();
            let (steps, end) = stories[i % stories.len()];
            expected.insert(message_id, end);
            for step in steps {
                let mut params: Vec<(String, String)> = vec![
                    ("AccountSid".into(), ACCOUNT_SID.into()),
                    ("MessageSid".into(), send.sid.clone()),
                    ("MessageStatus".into(), step.to_string()),
                    ("To".into(), phone.clone()),
                    ("From".into(), FROM_NUMBER.into()),
                    ("ApiVersion".into(), "2010-04-01".into()),
                ];
                if *step == "undelivered" || *step == "failed" {
                    params.push(("ErrorCode".into(), "30003".into()));
                }
                callbacks.push((signed_path.clone(), params));
            }
        }
        callbacks.shuffle(&mut rand::rngs::StdRng::seed_from_u64(7));
        use futures_util::StreamExt;
        let statuses: Vec<StatusCode> = futures_util::stream::iter(callbacks.iter())
            .map(|(signed, params)| async {
                post_signed(&app, signed, signed, params, AUTH_TOKEN)
                    .await
                    .status()
            })
            .buffer_unordered(16)
            .collect()
            .await;
        assert!(
            statuses.iter().all(|s| *s == StatusCode::NO_CONTENT),
            "{statuses:?}"
        );
        let rows = sqlx::query_as::<_, (String, String, Option<String>)>(
            "SELECT id, status, error FROM messages WHERE lead_id = $1 AND direction = 'outbound'",
        )
        .bind(&lead_id)
        .fetch_all(&app.store.pool)
        .await
        .unwrap();
        assert_eq!(rows.len(), N);
        for (id, status, error) in rows {
            assert_eq!(status, expected[&id], "message {id}");
            if status == "failed" {
                assert!(error.unwrap_or_default().contains("30003"));
            }
        }
    }
);

with_twilio!(
    stop_variants_opt_out_start_opts_in_and_help_replies,
    |app, fake| {
        let admin = app.admin().await;
        crate::live::agent_in(&app.store, &admin.workspace_id, "autonomous").await;
        let zone = daytime_zone();
        let variants = [
            "STOP",
            "stopall",
            " Unsubscribe ",
            "CANCEL.",
            "end",
            "Quit!",
            "revoke",
            "OptOut",
        ];
        for (i, word) in variants.iter().enumerate() {
            let phone = unique_phone(100 + i as u32);
            let lead = lead_with_phone(&app, &admin, &phone, &zone).await;
            let lead_id = lead["id"].as_str().unwrap();
            inbound_ok(&app, &format!("SMstop{i:04}"), &phone, word).await;
            let consent = app.get_json(&admin, &format!("/api/leads/{lead_id}")).await;
            assert_eq!(
                consent["consents"]["sms"]["status"], "revoked",
                "{word}: {consent}"
            );
            let suppression = app
                .store
                .compliance()
                .suppression_for(&admin.workspace_id, omnireach::domain::Channel::Sms, &phone)
                .await
                .unwrap()
                .expect("suppressed");
            assert_eq!(suppression.reason, "stop");
            // Stored and visible, but nobody answers it.
            let conversation_id = conversation_of(&app, &admin, lead_id).await;
            let thread = app
                .get_json(
                    &admin,
                    &format!("/api/conversations/{conversation_id}/messages"),
                )
                .await;
            assert_eq!(thread["items"].as_array().unwrap().len(), 1, "{thread}");
            // A human's send is refused with the reason; nothing is written.
            let response = app
                .send(
                    &admin,
                    Method::POST,
                    &format!("/api/conversations/{conversation_id}/messages"),
                    Some(json!({"channel": "sms", "text": "Are you sure?"})),
                )
                .await;
            let (code, body) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
            assert_eq!(code, "suppressed", "{body}");
            assert_eq!(body["error"]["details"]["code"], "suppressed");
            assert!(
                body["error"]["details"]["reason"]
                    .as_str()
                    .unwrap()
                    .contains("stop")
            );
        }
        // No AI reaction to any of them (the agent is autonomous: it would have sent).
        assert!(fake.sends().is_empty(), "{:?}", fake.sends());
        let drafts = count(
            &app,
            "SELECT COUNT(*) FROM drafts WHERE workspace_id = $1",
            &admin.workspace_id,
        )
        .await;
        assert_eq!(drafts, 0);

        // START: consent back, suppression lifted, sends allowed again.
        let phone = unique_phone(100);
        inbound_ok(&app, "SMstart0001", &phone, "start").await;
        assert!(
            app.store
                .compliance()
                .suppression_for(&admin.workspace_id, omnireach::domain::Channel::Sms, &phone)
                .await
                .unwrap()
                .is_none()
        );
        let lead_id = app
            .store
            .messaging()
            .lead_by_phone(&admin.workspace_id, &phone)
            .await
            .unwrap()
            .unwrap();
        let lead = app.get_json(&admin, &format!("/api/leads/{lead_id}")).await;
        assert_eq!(lead["consents"]["sms"]["status"], "granted", "{lead}");

        // HELP: a help reply through Twilio, with the workspace's name.
        let phone = unique_phone(200);
        lead_with_phone(&app, &admin, &phone, &zone).await;
        inbound_ok(&app, "SMhelp0001", &phone, "help").await;
        eventually("the HELP reply reaches Twilio", || async {
            !fake.sends_to(&phone).is_empty()
        })
        .await;
        let reply = &fake.sends_to(&phone)[0];
        let text = reply.get("Body").unwrap();
        assert!(text.contains("Reply STOP to opt out"), "{text}");
        let workspace = app.get_json(&admin, "/api/me").await;
        let name = workspace["workspace"]["name"].as_str().unwrap();
        assert!(text.contains(name), "{text} should name {name}");
        // HELP from a number that sent STOP is still answered (carriers require it), and the
        // number stays opted out.
        let stopped = unique_phone(101);
        inbound_ok(&app, "SMhelp0002", &stopped, "HELP").await;
        eventually("the HELP reply to an opted-out number", || async {
            !fake.sends_to(&stopped).is_empty()
        })
        .await;
        assert!(
            app.store
                .compliance()
                .suppression_for(
                    &admin.workspace_id,
                    omnireach::domain::Channel::Sms,
                    &stopped
                )
                .await
                .unwrap()
                .is_some()
        );
        // Redelivering HELP sends no second reply.
        inbound_ok(&app, "SMhelp0001", &phone, "help").await;
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE $1",
                "tx:help:%"
            )
            .await,
            2
        );
    }
);

with_twilio!(
    a_stop_after_queueing_fails_the_send_in_the_outbox,
    |app, fake| {
        let admin = app.admin().await;
        let phone = unique_phone(300);
        let lead = lead_with_phone(&app, &admin, &phone, &daytime_zone()).await;
        let lead_id = lead["id"].as_str().unwrap().to_string();
        // The STOP lands between queueing and sending (queued directly in the store).
        app.store
            .compliance()
            .suppress(&omnireach::store::NewSuppression {
                workspace_id: &admin.workspace_id,
                channel: Some(omnireach::domain::Channel::Sms),
                address: &phone,
                reason: omnireach::store::SuppressionReason::Stop,
                source: Some("test"),
                lead_id: Some(&lead_id),
            })
            .await
            .unwrap();
        let conversation = app
            .store
            .conversations()
            .ensure_for_lead(&admin.workspace_id, &lead_id, None)
            .await
            .unwrap();
        let message = app
            .store
            .conversations()
            .queue_outbound(&omnireach::store::NewOutbound {
                workspace_id: &admin.workspace_id,
                conversation_id: &conversation.id,
                lead_id: &lead_id,
                channel: "sms",
                body: "queued before the STOP",
                subject: None,
                author_kind: "human",
                author_id: Some(&admin.user_id),
                generator: None,
                draft_id: None,
                idempotency_key: "test:late-stop",
                template_id: None,
                template_variables: None,
            })
            .await
            .unwrap()
            .unwrap();
        app.live.outbox_wake.notify_one();
        eventually("the send fails with the reason", || async {
            app.store
                .conversations()
                .message(&admin.workspace_id, &message.id)
                .await
                .is_ok_and(|m| m.status == "failed")
        })
        .await;
        let failed = app
            .store
            .conversations()
            .message(&admin.workspace_id, &message.id)
            .await
            .unwrap();
        assert!(failed.error.unwrap().contains("suppressed"));
        assert!(fake.sends_to(&phone).is_empty());
    }
);

with_twilio!(
    twilio_21610_fails_the_send_and_suppresses_the_number,
    |app, fake| {
        let admin = app.admin().await;
        let phone = unique_phone(400);
        let lead = lead_with_phone(&app, &admin, &phone, &daytime_zone()).await;
        let conversation_id = conversation_of(&app, &admin, lead["id"].as_str().unwrap()).await;
        fake.script([Answer::Error {
            status: 400,
            code: 21610,
            message: "Attempt to send to unsubscribed recipient".into(),
        }]);
        let response = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{conversation_id}/messages"),
                Some(json!({"channel": "sms", "text": "Hello"})),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let message: Value = response.json().await.unwrap();
        let id = message["id"].as_str().unwrap().to_string();
        eventually("the send fails", || async {
            app.store
                .conversations()
                .message(&admin.workspace_id, &id)
                .await
                .is_ok_and(|m| m.status == "failed")
        })
        .await;
        let failed = app
            .store
            .conversations()
            .message(&admin.workspace_id, &id)
            .await
            .unwrap();
        assert!(failed.error.unwrap().contains("21610"));
        let entry = app
            .store
            .compliance()
            .suppression_for(&admin.workspace_id, omnireach::domain::Channel::Sms, &phone)
            .await
            .unwrap()
            .expect("suppressed after 21610");
        assert_eq!(entry.reason, "stop");
    }
);

with_twilio!(
    a_send_in_quiet_hours_is_queued_until_the_window_opens,
    |app, fake| {
        let admin = app.admin().await;
        let phone = unique_phone(500);
        let zone = zone_at_local_hour(3);
        let lead = lead_with_phone(&app, &admin, &phone, &zone).await;
        let conversation_id = conversation_of(&app, &admin, lead["id"].as_str().unwrap()).await;
        let before = omnireach::store::now_ms();
        let response = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{conversation_id}/messages"),
                Some(json!({"channel": "sms", "text": "Good morning!"})),
            )
            .await;
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["held"]["code"], "quiet_hours", "{body}");
        let retry_at = body["held"]["retry_at"].as_i64().unwrap();
        // 08:00 local in that zone: 4 to 6 hours from now (local 03:00 ± 1).
        assert!(retry_at > before + 3 * 3_600_000 && retry_at < before + 7 * 3_600_000);
        let tz: chrono_tz::Tz = zone.parse().unwrap();
        let local = chrono::DateTime::from_timestamp_millis(retry_at)
            .unwrap()
            .with_timezone(&tz);
        assert_eq!(local.format("%H:%M:%S").to_string(), "08:00:00");
        let id = body["id"].as_str().unwrap().to_string();
        assert!(body["error"].as_str().unwrap().starts_with("quiet_hours"));
        // A worker that claimed it meanwhile holds it too: it settles queued, nothing sent.
        app.live.outbox_wake.notify_one();
        eventually("the row settles queued", || async {
            held_and_settled(&app, &id).await
        })
        .await;
        let stored = app
            .store
            .conversations()
            .message(&admin.workspace_id, &id)
            .await
            .unwrap();
        assert_eq!(stored.status, "queued");
        assert!(stored.error.unwrap().starts_with("quiet_hours"));
        let next: i64 =
            sqlx::query_scalar("SELECT next_attempt_at FROM outbox WHERE message_id = $1")
                .bind(&id)
                .fetch_one(&app.store.pool)
                .await
                .unwrap();
        assert_eq!(next, retry_at);
        assert!(fake.sends_to(&phone).is_empty());
    }
);

with_twilio!(whatsapp_window_and_templates, |app, fake| {
    let admin = app.admin().await;
    let phone = unique_phone(600);
    let lead = lead_with_phone(&app, &admin, &phone, &daytime_zone()).await;
    let lead_id = lead["id"].as_str().unwrap().to_string();
    let conversation_id = conversation_of(&app, &admin, &lead_id).await;
    let messages_path = format!("/api/conversations/{conversation_id}/messages");
    let send = |body: Value| app.send(&admin, Method::POST, &messages_path, Some(body));
    // Never wrote on WhatsApp: free-form is blocked.
    let (code, _) = error_code(
        send(json!({"channel": "whatsapp", "text": "Hi!"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(code, "whatsapp_window");
    // The lead writes on WhatsApp; its stored time is moved, not slept.
    inbound_ok(
        &app,
        "SMwa0001",
        &format!("whatsapp:{phone}"),
        "Hello on WhatsApp",
    )
    .await;
    let set_age = |minutes: i64| {
        let at = omnireach::store::now_ms() - minutes * 60_000;
        let lead_id = lead_id.clone();
        let pool = app.store.writer.clone();
        async move {
            sqlx::query(
                "UPDATE messages SET created_at = $1 WHERE lead_id = $2 AND direction = 'inbound'",
            )
            .bind(at)
            .bind(lead_id)
            .execute(&pool)
            .await
            .unwrap();
        }
    };
    set_age(23 * 60 + 59).await;
    let response = send(json!({"channel": "whatsapp", "text": "Inside the window"})).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    set_age(24 * 60 + 1).await;
    let before = count(
        &app,
        "SELECT COUNT(*) FROM messages WHERE lead_id = $1",
        &lead_id,
    )
    .await;
    let (code, body) = error_code(
        send(json!({"channel": "whatsapp", "text": "Outside the window"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(code, "whatsapp_window", "{body}");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM messages WHERE lead_id = $1",
            &lead_id
        )
        .await,
        before
    );

    // The seeded-style template: Draft cannot be sent, nor approved before submission.
    let created = app
        .send(
            &admin,
            Method::POST,
            "/api/whatsapp/templates",
            Some(json!({"name": "lead_followup_en_us", "language": "en_US", "body": "Hi {{1}}, thanks for your interest in {{2}}.", "variables": ["first name", "product"]})),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let template: Value = created.json().await.unwrap();
    let template_id = template["id"].as_str().unwrap().to_string();
    assert_eq!(template["status"], "draft");
    let with_template = json!({"channel": "whatsapp", "whatsapp_template_id": template_id, "template_variables": {"1": "Pat", "2": "OmniReach"}});
    let (code, body) = error_code(
        send(with_template.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(code, "template_not_approved", "{body}");
    let (code, body) = error_code(
        app.send(
            &admin,
            Method::POST,
            &format!("/api/whatsapp/templates/{template_id}/approve"),
            Some(json!({"content_sid": format!("HX{}", "a".repeat(32))})),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(code, "invalid_transition");
    assert_eq!(body["error"]["details"]["allowed"], json!(["submit"]));
    let submitted = app
        .send(
            &admin,
            Method::POST,
            &format!("/api/whatsapp/templates/{template_id}/submit"),
            None,
        )
        .await;
    assert_eq!(submitted.status(), StatusCode::OK);
    let (code, _) = error_code(
        send(with_template.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(code, "template_not_approved");
    let content_sid = format!("HX{}", "0123456789abcdef".repeat(2));
    let approved = app
        .send(
            &admin,
            Method::POST,
            &format!("/api/whatsapp/templates/{template_id}/approve"),
            Some(json!({"content_sid": content_sid})),
        )
        .await;
    assert_eq!(approved.status(), StatusCode::OK);
    // Approved: sent by ContentSid, outside the 24-hour window.
    let response = send(with_template).await;
    let status = response.status();
    let message: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{message}");
    assert_eq!(
        message["text"],
        "Hi Pat, thanks for your interest in OmniReach."
    );
    let to = format!("whatsapp:{phone}");
    eventually("the template reaches Twilio", || async {
        fake.sends_to(&to)
            .iter()
            .any(|s| s.get("ContentSid").is_some())
    })
    .await;
    let sent = fake
        .sends_to(&to)
        .into_iter()
        .find(|s| s.get("ContentSid").is_some())
        .unwrap();
    assert_eq!(sent.get("ContentSid"), Some(content_sid.as_str()));
    assert_eq!(
        sent.get("From"),
        Some(format!("whatsapp:{FROM_NUMBER}").as_str())
    );
    assert_eq!(sent.get("Body"), None);
    let variables: Value = serde_json::from_str(sent.get("ContentVariables").unwrap()).unwrap();
    assert_eq!(variables, json!({"1": "Pat", "2": "OmniReach"}));
    // Approved is final.
    let (code, _) = error_code(
        app.send(
            &admin,
            Method::POST,
            &format!("/api/whatsapp/templates/{template_id}/reject"),
            Some(json!({"reason": "late"})),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(code, "invalid_transition");
});

with_twilio!(
    settings_are_admin_only_encrypted_and_testable,
    |app, fake| {
        let admin = app.admin().await;
        let sales = app.member(&admin, "sales").await;
        let viewer = app.member(&admin, "viewer").await;
        // The environment's account serves the default workspace.
        let view = app.get_json(&admin, "/api/settings/channels/twilio").await;
        assert_eq!(view["source"], "environment");
        assert_eq!(
            view["auth_token_last4"],
            &AUTH_TOKEN[AUTH_TOKEN.len() - 4..]
        );
        assert!(!view.to_string().contains(AUTH_TOKEN));
        for who in [&sales, &viewer] {
            let response = app
                .send(who, Method::GET, "/api/settings/channels/twilio", None)
                .await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN);
            let response = app
            .send(who, Method::PUT, "/api/settings/channels/twilio", Some(json!({"account_sid": ACCOUNT_SID, "auth_token": AUTH_TOKEN, "from_number": FROM_NUMBER})))
            .await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN);
        }
        // Bad input names the fields.
        let response = app
            .send(
                &admin,
                Method::PUT,
                "/api/settings/channels/twilio",
                Some(json!({"account_sid": "nope", "from_number": "12"})),
            )
            .await;
        let (code, body) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(code, "validation_failed");
        for field in ["account_sid", "from_number", "auth_token"] {
            assert!(
                body["error"]["details"]["fields"][field].is_string(),
                "{field}: {body}"
            );
        }
        // Saved: token encrypted at rest, never returned.
        let response = app
        .send(&admin, Method::PUT, "/api/settings/channels/twilio", Some(json!({"account_sid": ACCOUNT_SID, "auth_token": AUTH_TOKEN, "from_number": FROM_NUMBER, "help_contact": "call +1 415 555 0100"})))
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        let saved: Value = response.json().await.unwrap();
        assert_eq!(saved["source"], "workspace");
        assert!(!saved.to_string().contains(AUTH_TOKEN));
        let stored: Vec<u8> = sqlx::query_scalar(
            "SELECT auth_token_ciphertext FROM twilio_accounts WHERE workspace_id = $1",
        )
        .bind(&admin.workspace_id)
        .fetch_one(&app.store.pool)
        .await
        .unwrap();
        assert!(!String::from_utf8_lossy(&stored).contains(AUTH_TOKEN));
        // Send test: through the real client to the fake.
        let response = app
            .send(
                &admin,
                Method::POST,
                "/api/settings/channels/twilio/test",
                Some(json!({"to": "+12125550999"})),
            )
            .await;
        let result: Value = response.json().await.unwrap();
        assert_eq!(result["ok"], true, "{result}");
        assert!(result["sid"].as_str().unwrap().starts_with("SM"));
        assert_eq!(fake.sends_to("+12125550999").len(), 1);
        let view = app.get_json(&admin, "/api/settings/channels/twilio").await;
        assert!(view["health"]["last_success_at"].is_i64(), "{view}");
        // A refused test shows Twilio's error and is recorded as health.
        fake.script([Answer::Error {
            status: 400,
            code: 21211,
            message: "The 'To' number is not a valid phone number.".into(),
        }]);
        let result: Value = app
            .send(
                &admin,
                Method::POST,
                "/api/settings/channels/twilio/test",
                Some(json!({"to": "+12125550998"})),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(result["ok"], false);
        assert!(result["error"].as_str().unwrap().contains("21211"));
        let view = app.get_json(&admin, "/api/settings/channels/twilio").await;
        assert!(
            view["health"]["last_error"]
                .as_str()
                .unwrap()
                .contains("21211")
        );
    }
);

with_twilio!(
    templates_and_settings_are_isolated_per_workspace_and_role_checked,
    |app, _fake| {
        let admin = app.admin().await;
        let rival = app.other_workspace_admin(&admin).await;
        let viewer = app.member(&admin, "viewer").await;
        let sales = app.member(&admin, "sales").await;
        let template =
            json!({"name": "open_house_invite_en_us", "language": "en_US", "body": "Hi {{1}}"});
        for who in [&viewer, &sales] {
            let response = app
                .send(
                    who,
                    Method::POST,
                    "/api/whatsapp/templates",
                    Some(template.clone()),
                )
                .await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN);
        }
        let created: Value = app
            .send(
                &admin,
                Method::POST,
                "/api/whatsapp/templates",
                Some(template.clone()),
            )
            .await
            .json()
            .await
            .unwrap();
        let id = created["id"].as_str().unwrap();
        let response = app
            .send(
                &admin,
                Method::POST,
                "/api/whatsapp/templates",
                Some(template.clone()),
            )
            .await;
        assert_eq!(
            error_code(response, StatusCode::CONFLICT).await.0,
            "template_exists"
        );
        let response = app
            .send(
                &viewer,
                Method::POST,
                &format!("/api/whatsapp/templates/{id}/submit"),
                None,
            )
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        // Viewers read; the rival sees none of ours and cannot act on them.
        assert_eq!(
            app.get_json(&viewer, "/api/whatsapp/templates")
                .await
                .as_array()
                .unwrap()
                .len(),
            1
        );
        assert!(
            app.get_json(&rival, "/api/whatsapp/templates")
                .await
                .as_array()
                .unwrap()
                .is_empty()
        );
        for action in ["submit", "approve", "reject"] {
            let response = app
                .send(
                    &rival,
                    Method::POST,
                    &format!("/api/whatsapp/templates/{id}/{action}"),
                    Some(json!({})),
                )
                .await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{action}");
        }
        // The environment's account belongs to the default workspace only.
        let view = app.get_json(&rival, "/api/settings/channels/twilio").await;
        assert_eq!(view["configured"], false, "{view}");
        // Webhooks land in the default workspace, never the rival's.
        inbound_ok(&app, "SMiso0001", "+12125550777", "hi").await;
        assert_eq!(messages_in_workspace(&app, &rival.workspace_id).await, 0);
        assert_eq!(messages_in_workspace(&app, &admin.workspace_id).await, 1);
        // The rival cannot send into our conversation.
        let lead = app
            .store
            .messaging()
            .lead_by_phone(&admin.workspace_id, "+12125550777")
            .await
            .unwrap()
            .unwrap();
        let conversation_id = conversation_of(&app, &admin, &lead).await;
        let response = app
            .send(
                &rival,
                Method::POST,
                &format!("/api/conversations/{conversation_id}/messages"),
                Some(json!({"channel": "sms", "text": "hi"})),
            )
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let response = app
            .send(
                &viewer,
                Method::POST,
                &format!("/api/conversations/{conversation_id}/messages"),
                Some(json!({"channel": "sms", "text": "hi"})),
            )
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
);

with_twilio!(
    sends_left_in_doubt_by_a_crash_are_reconciled_with_twilio,
    |app, fake| {
        let admin = app.admin().await;
        let phone = unique_phone(700);
        // Night in the lead's zone: the sends are held, so the worker leaves them alone while the
        // test puts them in the state a crash mid-send leaves behind.
        let lead = lead_with_phone(&app, &admin, &phone, &zone_at_local_hour(2)).await;
        let conversation_id = conversation_of(&app, &admin, lead["id"].as_str().unwrap()).await;
        let mut ids = Vec::new();
        for text in ["went out before the crash", "never reached Twilio"] {
            let response = app
                .send(
                    &admin,
                    Method::POST,
                    &format!("/api/conversations/{conversation_id}/messages"),
                    Some(json!({"channel": "sms", "text": text})),
                )
                .await;
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["held"]["code"], "quiet_hours", "{body}");
            ids.push(body["id"].as_str().unwrap().to_string());
        }
        // The first one reached Twilio before the "crash" (sent through our real client).
        let client = omnireach::channels::twilio::TwilioClient::new(&fake.base);
        let credentials = omnireach::channels::twilio::TwilioCredentials {
            account_sid: ACCOUNT_SID.into(),
            auth_token: AUTH_TOKEN.into(),
            from_number: Some(FROM_NUMBER.into()),
            messaging_service_sid: None,
            whatsapp_from: None,
        };
        let delivered = client
            .create_message(
                &credentials,
                &omnireach::channels::twilio::CreateMessage {
                    to: phone.clone(),
                    body: Some("went out before the crash".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        for id in &ids {
            eventually("the held row settles", || async {
                held_and_settled(&app, id).await
            })
            .await;
            sqlx::query("UPDATE outbox SET state = 'sending' WHERE message_id = $1")
                .bind(id)
                .execute(&app.store.writer)
                .await
                .unwrap();
        }
        let restarted = app.restart_with(twilio_settings(&fake)).await;
        let row = |id: String| {
            let pool = restarted.store.pool.clone();
            async move {
                sqlx::query_as::<_, (String, Option<String>)>(
                    "SELECT state, provider_message_id FROM outbox WHERE message_id = $1",
                )
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap()
            }
        };
        assert_eq!(
            row(ids[0].clone()).await,
            ("sent".to_string(), Some(delivered.sid.clone()))
        );
        let message = restarted
            .store
            .conversations()
            .message(&admin.workspace_id, &ids[0])
            .await
            .unwrap();
        assert_eq!(
            message.status, "sent",
            "a real provider's delivery report comes later"
        );
        assert_eq!(
            row(ids[1].clone()).await.0,
            "queued",
            "not at Twilio: safe to send again"
        );
        // Nothing was sent twice.
        assert_eq!(fake.sends_to(&phone).len(), 1);
    }
);

mod the_demo_workspace_has_the_three_whatsapp_templates_as_drafts {
    use super::*;

    async fn run(backend: Backend) {
        let app = TestApp::spawn_with(backend, |s| s.seed_demo = true).await;
        let admin = app.admin().await;
        let templates = app.get_json(&admin, "/api/whatsapp/templates").await;
        let names: Vec<&str> = templates
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                assert_eq!(t["status"], "draft", "{t}");
                t["name"].as_str().unwrap()
            })
            .collect();
        assert_eq!(
            names,
            [
                "appointment_reminder_en_us",
                "lead_followup_en_us",
                "open_house_invite_en_us"
            ]
        );
        assert_eq!(templates[0]["variables"].as_array().unwrap().len(), 6);
    }

    #[actix_rt::test]
    async fn sqlite() {
        run(Backend::Sqlite).await
    }

    #[actix_rt::test]
    async fn postgres() {
        run(Backend::Postgres).await
    }
}

with_twilio!(
    concurrent_first_messages_from_an_unknown_number_make_one_lead,
    |app, _fake| {
        let admin = app.admin().await;
        let phone = unique_phone(800);
        let app = &app;
        let deliveries = (0..10).map(|i| {
            let params = inbound_params(&format!("SMnew{i:04}"), &phone, "Hi, who is this?");
            async move { deliver(app, &params).await.status() }
        });
        for status in futures_util::future::join_all(deliveries).await {
            assert_eq!(status, StatusCode::OK);
        }
        let leads = count(app, "SELECT COUNT(*) FROM leads WHERE phone = $1", &phone).await;
        assert_eq!(leads, 1);
        let in_default_workspace = app
            .store
            .messaging()
            .lead_by_phone(&admin.workspace_id, &phone)
            .await
            .unwrap();
        assert!(in_default_workspace.is_some());
        let inbound = count(
            app,
            "SELECT COUNT(*) FROM messages m JOIN leads l ON l.id = m.lead_id WHERE l.phone = $1",
            &phone,
        )
        .await;
        assert_eq!(inbound, 10, "ten different messages, one lead");
    }
);

with_twilio!(
    the_unified_receiver_takes_signed_twilio_messages,
    |app, _fake| {
        let path = "/api/webhooks/receive";
        let params = inbound_params(
            "SMunified0001",
            "+14155550177",
            "Hello from the unified URL",
        );
        // Signed for another URL: refused, nothing stored.
        let response = post_signed(
            &app,
            path,
            "/api/webhooks/twilio/messaging",
            &params,
            AUTH_TOKEN,
        )
        .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let stored = "SELECT COUNT(*) FROM messages WHERE external_id = $1";
        assert_eq!(count(&app, stored, "SMunified0001").await, 0);
        // Signed for the URL Twilio called: stored once, answered with TwiML, idempotent.
        for _ in 0..2 {
            let response = post_signed(&app, path, path, &params, AUTH_TOKEN).await;
            assert_eq!(response.status(), StatusCode::OK);
            assert!(response.text().await.unwrap().contains("<Response/>"));
        }
        assert_eq!(count(&app, stored, "SMunified0001").await, 1);
    }
);
