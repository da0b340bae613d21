//! Integrations through the real server: Calendly and Cal.com booking webhooks (signatures,
//! idempotency, meeting + stage + conversation note + live event), LinkedIn tasks (outbox →
//! task, done / skip, weekly limit), outbound webhooks (signed deliveries to a local recording
//! receiver, retries, final-failure alert, response mapping, SSRF refusals), the unified inbound
//! receiver, bad payloads, tenant isolation and roles. Signatures are computed here with the
//! `hmac` crate directly, independently of the server's code.

use crate::fake_http::Recorder;
use crate::helpers::{Session, TestApp, WsClient, error_code, eventually, eventually_some};
use crate::{for_each_backend, on_both_backends};
use hmac::{Hmac, Mac};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Sha256;

const CALENDLY_KEY: &str = "calendly-signing-key-0001";
const CALCOM_SECRET: &str = "calcom-secret-0001";
const INBOUND_SECRET: &str = "inbound-secret-0001";

/// (what, headers, body, expected status, expected code)
type SignatureCase = (
    &'static str,
    Vec<(&'static str, String)>,
    Vec<u8>,
    StatusCode,
    &'static str,
);

fn hmac_hex(key: &str, message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

fn timestamped(key: &str, t: i64, body: &[u8]) -> String {
    let mut signed = format!("{t}.").into_bytes();
    signed.extend_from_slice(body);
    format!("t={t},v1={}", hmac_hex(key, &signed))
}

fn calendly_body(event: &str, email: &str, invitee: &str, extra: Value) -> Vec<u8> {
    let mut body = json!({
        "created_at": "2026-11-30T10:00:00.000000Z",
        "created_by": "https://api.calendly.com/users/U1",
        "event": event,
        "payload": {
            "email": email,
            "name": "Grace Hopper",
            "uri": format!("https://api.calendly.com/scheduled_events/E1/invitees/{invitee}"),
            "cancel_url": format!("https://calendly.com/cancellations/{invitee}"),
            "reschedule_url": format!("https://calendly.com/reschedulings/{invitee}"),
            "rescheduled": false,
            "status": if event == "invitee.created" { "active" } else { "canceled" },
            "timezone": "America/New_York",
            "scheduled_event": {
                "uri": "https://api.calendly.com/scheduled_events/E1",
                "name": "Discovery call",
                "start_time": "2026-12-03T15:00:00.000000Z",
                "end_time": "2026-12-03T15:30:00.000000Z"
            }
        }
    });
    if let Value::Object(extra) = extra {
        body["payload"].as_object_mut().unwrap().extend(extra);
    }
    body.to_string().into_bytes()
}

fn calcom_body(trigger: &str, email: &str, uid: &str, extra: Value) -> Vec<u8> {
    let mut body = json!({
        "triggerEvent": trigger,
        "createdAt": "2026-11-30T10:00:00.000Z",
        "payload": {
            "type": "30min",
            "title": "Demo between Omni and Linus",
            "startTime": "2026-12-04T09:00:00Z",
            "endTime": "2026-12-04T09:30:00Z",
            "uid": uid,
            "bookingId": 91,
            "organizer": {"email": "rep@omni.example", "name": "Rep", "timeZone": "UTC"},
            "attendees": [{"email": email, "name": "Linus T", "timeZone": "Europe/Helsinki"}],
            "status": "ACCEPTED"
        }
    });
    if let Value::Object(extra) = extra {
        body["payload"].as_object_mut().unwrap().extend(extra);
    }
    body.to_string().into_bytes()
}

async fn post_raw(
    app: &TestApp,
    path: &str,
    headers: &[(&str, String)],
    content_type: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url(path))
        .header("content-type", content_type);
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    request.body(body).send().await.unwrap()
}

async fn configure(app: &TestApp, admin: &Session, body: Value) -> Value {
    let response = app
        .send(admin, Method::PUT, "/api/settings/integrations", Some(body))
        .await;
    let status = response.status();
    let json: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{json}");
    json
}

async fn lead_by_email(app: &TestApp, workspace_id: &str, email: &str) -> Option<String> {
    app.store
        .leads()
        .find_duplicate(workspace_id, Some(email), None, None)
        .await
        .unwrap()
}

async fn conversation_messages(app: &TestApp, session: &Session, lead_id: &str) -> Vec<Value> {
    let conversation = app
        .get_json(session, &format!("/api/leads/{lead_id}/conversation"))
        .await;
    let id = conversation["id"].as_str().unwrap();
    app.get_json(session, &format!("/api/conversations/{id}/messages"))
        .await["items"]
        .as_array()
        .unwrap()
        .clone()
}

on_both_backends!(
    calendly_signatures_are_verified_before_anything_is_stored,
    |app| {
        let admin = app.admin().await;
        let settings = configure(&app, &admin, json!({"calendly_signing_key": CALENDLY_KEY})).await;
        let path = settings["calendly_webhook_path"]
            .as_str()
            .unwrap()
            .to_string();
        let body = calendly_body("invitee.created", "sig@example.com", "S1", json!({}));
        let now = now_secs();
        let header = "Calendly-Webhook-Signature";
        let cases: Vec<SignatureCase> = vec![
            (
                "missing header",
                vec![],
                body.clone(),
                StatusCode::UNAUTHORIZED,
                "signature_missing",
            ),
            (
                "malformed header",
                vec![(header, "v1=abc".into())],
                body.clone(),
                StatusCode::FORBIDDEN,
                "invalid_signature",
            ),
            (
                "tampered body",
                vec![(header, timestamped(CALENDLY_KEY, now, &body))],
                calendly_body("invitee.created", "evil@example.com", "S1", json!({})),
                StatusCode::FORBIDDEN,
                "invalid_signature",
            ),
            (
                "wrong key",
                vec![(header, timestamped("another-key-entirely", now, &body))],
                body.clone(),
                StatusCode::FORBIDDEN,
                "invalid_signature",
            ),
            (
                "stale timestamp",
                vec![(header, timestamped(CALENDLY_KEY, now - 181, &body))],
                body.clone(),
                StatusCode::FORBIDDEN,
                "invalid_signature",
            ),
            (
                "future timestamp",
                vec![(header, timestamped(CALENDLY_KEY, now + 181, &body))],
                body.clone(),
                StatusCode::FORBIDDEN,
                "invalid_signature",
            ),
        ];
        for (what, headers, body, status, code) in cases {
            let response = post_raw(&app, &path, &headers, "application/json", body).await;
            let (got, error) = error_code(response, status).await;
            assert_eq!(got, code, "{what}: {error}");
        }
        assert_eq!(
            lead_by_email(&app, &admin.workspace_id, "sig@example.com").await,
            None
        );
        assert_eq!(
            lead_by_email(&app, &admin.workspace_id, "evil@example.com").await,
            None
        );

        // A token that matches no workspace.
        let response = post_raw(
            &app,
            "/api/webhooks/calendly?workspace=nope",
            &[(header, timestamped(CALENDLY_KEY, now, &body))],
            "application/json",
            body.clone(),
        )
        .await;
        assert_eq!(
            error_code(response, StatusCode::NOT_FOUND).await.0,
            "unknown_workspace_token"
        );

        let response = post_raw(
            &app,
            &path,
            &[(header, timestamped(CALENDLY_KEY, now, &body))],
            "application/json",
            body,
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        let accepted: Value = response.json().await.unwrap();
        assert_eq!(accepted["status"], "recorded");
        assert!(
            lead_by_email(&app, &admin.workspace_id, "sig@example.com")
                .await
                .is_some()
        );
    }
);

on_both_backends!(
    calendly_booking_records_meeting_stage_note_and_live_event,
    |app| {
        let admin = app.admin().await;
        let settings = configure(&app, &admin, json!({"calendly_signing_key": CALENDLY_KEY})).await;
        let path = settings["calendly_webhook_path"]
            .as_str()
            .unwrap()
            .to_string();
        let lead = app
            .create_lead(
                &admin,
                json!({"first_name": "Grace", "email": "grace@example.com"}),
            )
            .await;
        let lead_id = lead["id"].as_str().unwrap().to_string();
        let mut ws = WsClient::connect(&app, &admin.token).await;

        let body = calendly_body("invitee.created", "grace@example.com", "G1", json!({}));
        let signature = timestamped(CALENDLY_KEY, now_secs(), &body);
        // The same delivery ten times at once: one meeting, one note.
        let mut handles = Vec::new();
        for _ in 0..10 {
            let client = app.client.clone();
            let url = app.url(&path);
            let body = body.clone();
            let signature = signature.clone();
            handles.push(tokio::spawn(async move {
                client
                    .post(url)
                    .header("content-type", "application/json")
                    .header("Calendly-Webhook-Signature", signature)
                    .body(body)
                    .send()
                    .await
                    .unwrap()
            }));
        }
        let mut statuses = Vec::new();
        for handle in handles {
            let response = handle.await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let json: Value = response.json().await.unwrap();
            statuses.push(json["status"].as_str().unwrap().to_string());
        }
        assert_eq!(
            statuses.iter().filter(|s| *s == "recorded").count(),
            1,
            "{statuses:?}"
        );
        assert_eq!(
            statuses.iter().filter(|s| *s == "duplicate").count(),
            9,
            "{statuses:?}"
        );

        let updated = ws
            .wait_for("conversation.updated with stage meeting", |e| {
                e["type"] == "conversation.updated"
                    && e["conversation"]["lead_id"] == lead_id.as_str()
                    && e["conversation"]["lead"]["stage"] == "meeting"
            })
            .await;
        assert!(
            updated["conversation"]["last_message_preview"]
                .as_str()
                .unwrap()
                .contains("Discovery call booked"),
            "{updated}"
        );

        let meetings = app
            .get_json(&admin, &format!("/api/leads/{lead_id}/meetings"))
            .await;
        let meetings = meetings.as_array().unwrap();
        assert_eq!(meetings.len(), 1, "{meetings:?}");
        assert_eq!(meetings[0]["status"], "scheduled");
        assert_eq!(meetings[0]["provider"], "calendly");
        assert_eq!(meetings[0]["title"], "Discovery call");
        assert_eq!(meetings[0]["start_at"], "2026-12-03T15:00:00.000Z");
        let stored = app.get_json(&admin, &format!("/api/leads/{lead_id}")).await;
        assert_eq!(stored["stage"], "meeting");
        let notes: Vec<Value> = conversation_messages(&app, &admin, &lead_id)
            .await
            .into_iter()
            .filter(|m| m["direction"] == "note")
            .collect();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(notes[0]["author"]["kind"], "system");

        // Cancelled: the meeting is marked, the stage stays.
        let cancel = calendly_body(
            "invitee.canceled",
            "grace@example.com",
            "G1",
            json!({"cancellation": {"canceled_by": "Grace", "reason": "double booked"}}),
        );
        let response = post_raw(
            &app,
            &path,
            &[(
                "Calendly-Webhook-Signature",
                timestamped(CALENDLY_KEY, now_secs(), &cancel),
            )],
            "application/json",
            cancel,
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        let meetings = app
            .get_json(&admin, &format!("/api/leads/{lead_id}/meetings"))
            .await;
        assert_eq!(meetings[0]["status"], "cancelled");
        assert_eq!(meetings[0]["cancel_reason"], "double booked");
        let stored = app.get_json(&admin, &format!("/api/leads/{lead_id}")).await;
        assert_eq!(stored["stage"], "meeting");
        let notes = conversation_messages(&app, &admin, &lead_id).await;
        assert!(
            notes.iter().any(|m| m["text"]
                .as_str()
                .unwrap()
                .contains("cancelled: double booked")),
            "{notes:?}"
        );
    }
);

on_both_backends!(
    calendly_unknown_invitee_becomes_a_lead_on_the_default_workspace,
    |app| {
        let admin = app.admin().await;
        // No workspace token: the default workspace and CALENDLY_WEBHOOK_SIGNING_KEY are used; the
        // server here has no such key, so it is configured through the settings instead.
        configure(&app, &admin, json!({"calendly_signing_key": CALENDLY_KEY})).await;
        let body = calendly_body("invitee.created", "new.person@example.com", "N1", json!({}));
        let response = post_raw(
            &app,
            "/api/webhooks/calendly",
            &[(
                "Calendly-Webhook-Signature",
                timestamped(CALENDLY_KEY, now_secs(), &body),
            )],
            "application/json",
            body,
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        let id = lead_by_email(&app, &admin.workspace_id, "new.person@example.com")
            .await
            .expect("lead created");
        let lead = app.get_json(&admin, &format!("/api/leads/{id}")).await;
        assert_eq!(lead["source"], "calendly");
        assert_eq!(lead["stage"], "meeting");
        assert_eq!(lead["first_name"], "Grace");

        // Out of order: a cancellation that overtakes its creation is not undone by it.
        for event in ["invitee.canceled", "invitee.created"] {
            let body = calendly_body(event, "new.person@example.com", "N2", json!({}));
            let response = post_raw(
                &app,
                "/api/webhooks/calendly",
                &[(
                    "Calendly-Webhook-Signature",
                    timestamped(CALENDLY_KEY, now_secs(), &body),
                )],
                "application/json",
                body,
            )
            .await;
            assert_eq!(response.status(), StatusCode::OK);
        }
        let meetings = app
            .get_json(&admin, &format!("/api/leads/{id}/meetings"))
            .await;
        let late = meetings
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["external_id"].as_str().unwrap().ends_with("/N2"))
            .unwrap();
        assert_eq!(late["status"], "cancelled", "{meetings}");
    }
);

/// `CALENDLY_WEBHOOK_SIGNING_KEY` signs the default workspace's webhooks when no key is stored.
mod calendly_signing_key_from_the_environment {
    use super::*;
    use crate::helpers::Backend;

    async fn run(app: TestApp) {
        let admin = app.admin().await;
        let body = calendly_body("invitee.created", "env@example.com", "V1", json!({}));
        let signed = |key: &str| {
            vec![(
                "Calendly-Webhook-Signature",
                timestamped(key, now_secs(), &body),
            )]
        };
        let response = post_raw(
            &app,
            "/api/webhooks/calendly",
            &signed("not-the-env-key"),
            "application/json",
            body.clone(),
        )
        .await;
        assert_eq!(
            error_code(response, StatusCode::FORBIDDEN).await.0,
            "invalid_signature"
        );
        let response = post_raw(
            &app,
            "/api/webhooks/calendly",
            &signed("env-signing-key-123"),
            "application/json",
            body.clone(),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(
            lead_by_email(&app, &admin.workspace_id, "env@example.com")
                .await
                .is_some()
        );

        // Another workspace does not inherit the environment's key.
        let rival = app.other_workspace_admin(&admin).await;
        let token = app
            .store
            .integrations()
            .settings(&rival.workspace_id)
            .await
            .unwrap()
            .webhook_token;
        let response = post_raw(
            &app,
            &format!("/api/webhooks/calendly?workspace={token}"),
            &signed("env-signing-key-123"),
            "application/json",
            body.clone(),
        )
        .await;
        assert_eq!(
            error_code(response, StatusCode::FORBIDDEN).await.0,
            "signing_key_not_configured"
        );
        // With its own key, the rival's webhook lands in the rival's workspace only.
        configure(
            &app,
            &rival,
            json!({"calendly_signing_key": "rival-signing-key-1"}),
        )
        .await;
        let other = calendly_body(
            "invitee.created",
            "rivals.lead@example.com",
            "V2",
            json!({}),
        );
        let response = post_raw(
            &app,
            &format!("/api/webhooks/calendly?workspace={token}"),
            &[(
                "Calendly-Webhook-Signature",
                timestamped("rival-signing-key-1", now_secs(), &other),
            )],
            "application/json",
            other,
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(
            lead_by_email(&app, &rival.workspace_id, "rivals.lead@example.com")
                .await
                .is_some()
        );
        assert!(
            lead_by_email(&app, &admin.workspace_id, "rivals.lead@example.com")
                .await
                .is_none()
        );
    }

    fn with_env_key(settings: &mut omnireach::config::Settings) {
        settings.integrations.calendly_signing_key = Some("env-signing-key-123".into());
    }

    #[actix_rt::test]
    async fn sqlite() {
        run(TestApp::spawn_with(Backend::Sqlite, with_env_key).await).await
    }

    #[actix_rt::test]
    async fn postgres() {
        run(TestApp::spawn_with(Backend::Postgres, with_env_key).await).await
    }
}

on_both_backends!(calcom_bookings_signatures_reschedule_and_cancel, |app| {
    let admin = app.admin().await;
    let settings = configure(&app, &admin, json!({"calcom_secret": CALCOM_SECRET})).await;
    let path = settings["calcom_webhook_path"]
        .as_str()
        .unwrap()
        .to_string();
    let header = "X-Cal-Signature-256";
    let created = calcom_body("BOOKING_CREATED", "linus@example.com", "uid-1", json!({}));

    for (what, headers, body, status) in [
        ("missing", vec![], created.clone(), StatusCode::UNAUTHORIZED),
        (
            "wrong key",
            vec![(header, hmac_hex("wrong-secret", &created))],
            created.clone(),
            StatusCode::FORBIDDEN,
        ),
        (
            "tampered",
            vec![(header, hmac_hex(CALCOM_SECRET, &created))],
            calcom_body("BOOKING_CREATED", "mallory@example.com", "uid-1", json!({})),
            StatusCode::FORBIDDEN,
        ),
        (
            "malformed",
            vec![(header, "sha256=xyz".to_string())],
            created.clone(),
            StatusCode::FORBIDDEN,
        ),
    ] {
        let response = post_raw(&app, &path, &headers, "application/json", body).await;
        assert_eq!(response.status(), status, "{what}");
        let error: Value = response.json().await.unwrap();
        assert!(
            error["error"]["message"].as_str().is_some(),
            "{what}: {error}"
        );
    }
    assert_eq!(
        lead_by_email(&app, &admin.workspace_id, "linus@example.com").await,
        None
    );
    assert_eq!(
        lead_by_email(&app, &admin.workspace_id, "mallory@example.com").await,
        None
    );

    for _ in 0..3 {
        let response = post_raw(
            &app,
            &path,
            &[(header, hmac_hex(CALCOM_SECRET, &created))],
            "application/json",
            created.clone(),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let lead_id = lead_by_email(&app, &admin.workspace_id, "linus@example.com")
        .await
        .unwrap();
    let lead = app.get_json(&admin, &format!("/api/leads/{lead_id}")).await;
    assert_eq!(lead["stage"], "meeting");
    assert_eq!(lead["source"], "calcom");

    let moved = calcom_body(
        "BOOKING_RESCHEDULED",
        "linus@example.com",
        "uid-2",
        json!({"rescheduleUid": "uid-1", "startTime": "2026-12-05T09:00:00Z", "endTime": "2026-12-05T09:30:00Z"}),
    );
    let response = post_raw(
        &app,
        &path,
        &[(header, hmac_hex(CALCOM_SECRET, &moved))],
        "application/json",
        moved,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let cancelled = calcom_body(
        "BOOKING_CANCELLED",
        "linus@example.com",
        "uid-2",
        json!({"cancellationReason": "budget frozen"}),
    );
    let response = post_raw(
        &app,
        &path,
        &[(header, hmac_hex(CALCOM_SECRET, &cancelled))],
        "application/json",
        cancelled,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);

    let meetings = app
        .get_json(&admin, &format!("/api/leads/{lead_id}/meetings"))
        .await;
    let by_uid = |uid: &str| {
        meetings
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["external_id"] == uid)
            .cloned()
            .unwrap()
    };
    assert_eq!(meetings.as_array().unwrap().len(), 2, "{meetings}");
    assert_eq!(by_uid("uid-1")["status"], "rescheduled");
    assert_eq!(by_uid("uid-2")["status"], "cancelled");
    assert_eq!(by_uid("uid-2")["cancel_reason"], "budget frozen");
    let lead = app.get_json(&admin, &format!("/api/leads/{lead_id}")).await;
    assert_eq!(
        lead["stage"], "meeting",
        "a cancellation does not roll the stage back"
    );
    let notes: Vec<Value> = conversation_messages(&app, &admin, &lead_id)
        .await
        .into_iter()
        .filter(|m| m["direction"] == "note")
        .collect();
    assert_eq!(
        notes.len(),
        3,
        "created (once), rescheduled, cancelled: {notes:?}"
    );
});

on_both_backends!(bad_payloads_on_every_webhook_get_clear_4xx, |app| {
    let admin = app.admin().await;
    configure(
        &app,
        &admin,
        json!({"calendly_signing_key": CALENDLY_KEY, "calcom_secret": CALCOM_SECRET, "inbound_secret": INBOUND_SECRET}),
    )
    .await;
    let big = vec![b'{'; 10 * 1024 * 1024];
    let invalid_utf8 = b"{\"event\": \"invitee.created\", \"x\": \"\xff\xfe\"}".to_vec();
    let sign = |path: &str, body: &[u8]| -> Vec<(&'static str, String)> {
        match path {
            "/api/webhooks/calendly" => vec![(
                "Calendly-Webhook-Signature",
                timestamped(CALENDLY_KEY, now_secs(), body),
            )],
            "/api/webhooks/calcom" => vec![("X-Cal-Signature-256", hmac_hex(CALCOM_SECRET, body))],
            _ => vec![(
                "X-OmniReach-Signature",
                timestamped(INBOUND_SECRET, now_secs(), body),
            )],
        }
    };
    for path in [
        "/api/webhooks/calendly",
        "/api/webhooks/calcom",
        "/api/webhooks/receive",
    ] {
        let body = b"{}".to_vec();
        let response = post_raw(&app, path, &sign(path, &body), "text/plain", body).await;
        assert_eq!(
            error_code(response, StatusCode::UNSUPPORTED_MEDIA_TYPE)
                .await
                .0,
            "unsupported_media_type",
            "{path}"
        );
        let response = post_raw(
            &app,
            path,
            &sign(path, &big),
            "application/json",
            big.clone(),
        )
        .await;
        assert_eq!(
            error_code(response, StatusCode::PAYLOAD_TOO_LARGE).await.0,
            "payload_too_large",
            "{path}"
        );
        let response = post_raw(
            &app,
            path,
            &sign(path, &invalid_utf8),
            "application/json",
            invalid_utf8.clone(),
        )
        .await;
        assert_eq!(
            error_code(response, StatusCode::BAD_REQUEST).await.0,
            "invalid_utf8",
            "{path}"
        );
        let response = post_raw(
            &app,
            path,
            &sign(path, b"{not json"),
            "application/json",
            b"{not json".to_vec(),
        )
        .await;
        assert_eq!(
            error_code(response, StatusCode::BAD_REQUEST).await.0,
            "malformed_json",
            "{path}"
        );
    }
    // Missing fields, each named.
    let missing = json!({"event": "invitee.created", "payload": {"email": "x@example.com"}})
        .to_string()
        .into_bytes();
    let response = post_raw(
        &app,
        "/api/webhooks/calendly",
        &sign("/api/webhooks/calendly", &missing),
        "application/json",
        missing,
    )
    .await;
    let (code, error) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(code, "validation_failed");
    assert!(
        error["error"]["details"]["fields"]["payload.uri"].is_string(),
        "{error}"
    );
    let missing = json!({"triggerEvent": "BOOKING_CREATED", "payload": {"uid": "u"}})
        .to_string()
        .into_bytes();
    let response = post_raw(
        &app,
        "/api/webhooks/calcom",
        &sign("/api/webhooks/calcom", &missing),
        "application/json",
        missing,
    )
    .await;
    let (_, error) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        error["error"]["details"]["fields"]["payload.attendees.0.email"].is_string(),
        "{error}"
    );
    let missing = json!({"lead": {}, "channel": "sms", "text": "hi", "external_id": "m1"})
        .to_string()
        .into_bytes();
    let response = post_raw(
        &app,
        "/api/webhooks/receive",
        &sign("/api/webhooks/receive", &missing),
        "application/json",
        missing,
    )
    .await;
    let (_, error) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        error["error"]["details"]["fields"]["lead"].is_string(),
        "{error}"
    );
    let missing = json!({"lead": {"email": "a@example.com"}, "channel": "sms"})
        .to_string()
        .into_bytes();
    let response = post_raw(
        &app,
        "/api/webhooks/receive",
        &sign("/api/webhooks/receive", &missing),
        "application/json",
        missing,
    )
    .await;
    assert_eq!(
        error_code(response, StatusCode::UNPROCESSABLE_ENTITY)
            .await
            .0,
        "invalid_field"
    );

    // Nothing was stored and the server still answers.
    let (_, total) = app
        .store
        .leads()
        .list(&admin.workspace_id, &Default::default(), 10, 0)
        .await
        .unwrap();
    assert_eq!(total, 0);
    let health = app.client.get(app.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
});

on_both_backends!(unified_receiver_verifies_and_delivers_idempotently, |app| {
    let admin = app.admin().await;
    let settings = configure(&app, &admin, json!({"inbound_secret": INBOUND_SECRET})).await;
    let path = settings["inbound_webhook_path"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({
        "lead": {"email": "ping@example.com"},
        "channel": "email",
        "text": "Is this still available?",
        "external_id": "crm-msg-1"
    })
    .to_string()
    .into_bytes();
    let header = "X-OmniReach-Signature";
    let response = post_raw(
        &app,
        &path,
        &[(header, timestamped("wrong-secret-123", now_secs(), &body))],
        "application/json",
        body.clone(),
    )
    .await;
    assert_eq!(
        error_code(response, StatusCode::FORBIDDEN).await.0,
        "invalid_signature"
    );
    let response = post_raw(&app, &path, &[], "application/json", body.clone()).await;
    assert_eq!(
        error_code(response, StatusCode::UNAUTHORIZED).await.0,
        "signature_missing"
    );
    let response = post_raw(
        &app,
        &path,
        &[(header, timestamped(INBOUND_SECRET, now_secs() - 600, &body))],
        "application/json",
        body.clone(),
    )
    .await;
    assert_eq!(
        error_code(response, StatusCode::FORBIDDEN).await.0,
        "invalid_signature"
    );
    assert_eq!(
        lead_by_email(&app, &admin.workspace_id, "ping@example.com").await,
        None
    );

    // Twilio's requests are recognised and handed to the Twilio handler, which checks
    // Twilio's signature (a forged one is refused; the signed path is covered in twilio.rs).
    let response = post_raw(
        &app,
        &path,
        &[("X-Twilio-Signature", "abc=".into())],
        "application/x-www-form-urlencoded",
        b"AccountSid=AC0000&MessageSid=SM0000&From=%2B14155550100&To=%2B14155550101&Body=hi"
            .to_vec(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE external_id = 'SM0000'")
            .fetch_one(&app.store.pool)
            .await
            .unwrap();
    assert_eq!(stored, 0, "a forged Twilio request stores nothing");

    let mut first = None;
    for attempt in 0..3 {
        let response = post_raw(
            &app,
            &path,
            &[(header, timestamped(INBOUND_SECRET, now_secs(), &body))],
            "application/json",
            body.clone(),
        )
        .await;
        assert_eq!(response.status(), StatusCode::ACCEPTED);
        let json: Value = response.json().await.unwrap();
        assert_eq!(json["duplicate"], attempt > 0, "{json}");
        match &first {
            None => first = Some(json["message_id"].clone()),
            Some(id) => assert_eq!(&json["message_id"], id),
        }
    }
    let lead_id = lead_by_email(&app, &admin.workspace_id, "ping@example.com")
        .await
        .unwrap();
    let inbound: Vec<Value> = conversation_messages(&app, &admin, &lead_id)
        .await
        .into_iter()
        .filter(|m| m["direction"] == "inbound")
        .collect();
    assert_eq!(inbound.len(), 1);
    assert_eq!(inbound[0]["text"], "Is this still available?");
    assert_eq!(inbound[0]["channel"], "email");
});

on_both_backends!(booking_links_are_inserted_in_messages, |app| {
    let admin = app.admin().await;
    let lead = app
        .create_lead(
            &admin,
            json!({"email": "booker@example.com", "first_name": "Bo"}),
        )
        .await;
    let lead_id = lead["id"].as_str().unwrap();
    // Without a booking URL the placeholder stays as typed (nothing is invented).
    let sent = send_linkedin(&app, &admin, lead_id, "Pick a time: {{booking_link}}").await;
    assert_eq!(sent["text"], "Pick a time: {{booking_link}}");
    configure(
        &app,
        &admin,
        json!({"booking_url": "https://cal.example.com/team/intro"}),
    )
    .await;
    let sent = send_linkedin(&app, &admin, lead_id, "Pick a time: {{ booking_link }}").await;
    assert_eq!(
        sent["text"],
        "Pick a time: https://cal.example.com/team/intro"
    );
});

async fn send_linkedin(app: &TestApp, session: &Session, lead_id: &str, text: &str) -> Value {
    let conversation = app
        .get_json(session, &format!("/api/leads/{lead_id}/conversation"))
        .await;
    let id = conversation["id"].as_str().unwrap();
    let response = app
        .send(
            session,
            Method::POST,
            &format!("/api/conversations/{id}/messages"),
            Some(json!({"channel": "linkedin", "text": text})),
        )
        .await;
    let status = response.status();
    let json: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{json}");
    json
}

async fn task_for_message(app: &TestApp, session: &Session, message_id: &str) -> Value {
    eventually_some("the LinkedIn task exists", || async move {
        let tasks = app
            .get_json(session, "/api/linkedin/tasks?status=all")
            .await;
        tasks
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["message_id"] == message_id)
            .cloned()
    })
    .await
}

async fn message_status(
    app: &TestApp,
    session: &Session,
    lead_id: &str,
    message_id: &str,
) -> Value {
    conversation_messages(app, session, lead_id)
        .await
        .into_iter()
        .find(|m| m["id"] == message_id)
        .unwrap()
}

on_both_backends!(
    linkedin_messages_become_tasks_done_and_skip_are_logged,
    |app| {
        let admin = app.admin().await;
        let lead = app
        .create_lead(&admin, json!({"first_name": "Ada", "email": "ada@example.com", "custom_fields": {"linkedin_url": "https://www.linkedin.com/in/ada"}}))
        .await;
        let lead_id = lead["id"].as_str().unwrap().to_string();
        let first = send_linkedin(
            &app,
            &admin,
            &lead_id,
            "Hi Ada, loved your talk on engines.",
        )
        .await;
        let task = task_for_message(&app, &admin, first["id"].as_str().unwrap()).await;
        assert_eq!(task["kind"], "connect");
        assert_eq!(task["lead_name"], "Ada", "a task says whom it is for");
        assert_eq!(task["status"], "open");
        assert_eq!(task["text"], "Hi Ada, loved your talk on engines.");
        assert_eq!(task["profile_url"], "https://www.linkedin.com/in/ada");
        assert!(task["scheduled_reason"].is_null());
        let first_id = first["id"].as_str().unwrap();
        eventually_some("the message shows it is a task", || {
            let (app, admin, lead_id) = (&app, &admin, &lead_id);
            async move {
                let message = message_status(app, admin, lead_id, first_id).await;
                (message["status"] == "task_open").then_some(())
            }
        })
        .await;
        let open = app
            .get_json(&admin, "/api/linkedin/tasks?status=open")
            .await;
        assert_eq!(open.as_array().unwrap().len(), 1);

        let mut ws = WsClient::connect(&app, &admin.token).await;
        let task_id = task["id"].as_str().unwrap();
        let response = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/linkedin/tasks/{task_id}/done"),
                None,
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let done: Value = response.json().await.unwrap();
        assert_eq!(done["status"], "done");
        assert_eq!(done["lead_name"], "Ada");
        ws.wait_for("the done note", |e| {
            e["type"] == "message.created"
                && e["message"]["text"] == "LinkedIn connection request done."
        })
        .await;
        ws.wait_for("the message delivered", |e| {
            e["type"] == "message.status"
                && e["message_id"] == first["id"]
                && e["status"] == "delivered"
        })
        .await;
        // Done twice: a clear conflict, nothing changes.
        let response = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/linkedin/tasks/{task_id}/done"),
                None,
            )
            .await;
        assert_eq!(
            error_code(response, StatusCode::CONFLICT).await.0,
            "task_closed"
        );

        // The next touch is a message; skipping it needs a reason and is logged.
        let second = send_linkedin(&app, &admin, &lead_id, "Thanks for connecting!").await;
        let task = task_for_message(&app, &admin, second["id"].as_str().unwrap()).await;
        assert_eq!(task["kind"], "message");
        let task_id = task["id"].as_str().unwrap();
        let response = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/linkedin/tasks/{task_id}/skip"),
                Some(json!({"reason": ""})),
            )
            .await;
        assert_eq!(
            error_code(response, StatusCode::UNPROCESSABLE_ENTITY)
                .await
                .0,
            "validation_failed"
        );
        let response = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/linkedin/tasks/{task_id}/skip"),
                Some(json!({"reason": "not connected yet"})),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let message = message_status(&app, &admin, &lead_id, second["id"].as_str().unwrap()).await;
        assert_eq!(message["status"], "failed");
        assert!(
            message["error"]
                .as_str()
                .unwrap()
                .contains("not connected yet")
        );
        let notes: Vec<String> = conversation_messages(&app, &admin, &lead_id)
            .await
            .into_iter()
            .filter(|m| m["direction"] == "note")
            .map(|m| m["text"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            notes,
            vec![
                "LinkedIn connection request done.",
                "LinkedIn message skipped: not connected yet"
            ]
        );
        assert!(
            app.get_json(&admin, "/api/linkedin/tasks")
                .await
                .as_array()
                .unwrap()
                .is_empty()
        );

        // A lead without a name is named by its email.
        let nameless = app
            .create_lead(&admin, json!({"email": "nameless@example.com", "custom_fields": {"linkedin_url": "https://www.linkedin.com/in/nameless"}}))
            .await;
        let sent = send_linkedin(&app, &admin, nameless["id"].as_str().unwrap(), "Hello!").await;
        let task = task_for_message(&app, &admin, sent["id"].as_str().unwrap()).await;
        assert_eq!(task["lead_name"], "nameless@example.com");
    }
);

on_both_backends!(
    linkedin_weekly_limit_schedules_into_the_next_window,
    |app| {
        let admin = app.admin().await;
        configure(&app, &admin, json!({"linkedin_weekly_connections": 2})).await;
        let filler = app
            .create_lead(
                &admin,
                json!({"first_name": "Filler", "email": "filler@example.com"}),
            )
            .await;
        let day = 24 * 3600 * 1000;
        let now = chrono::Utc::now().timestamp_millis();
        // Two connection requests already used this week (3 and 1 days ago); one 8 days ago and
        // one skipped do not count.
        let integrations = app.store.integrations();
        let filler_id = filler["id"].as_str().unwrap();
        integrations
            .insert_task_at(
                &admin.workspace_id,
                filler_id,
                "connect",
                "done",
                now - 3 * day,
            )
            .await
            .unwrap();
        integrations
            .insert_task_at(&admin.workspace_id, filler_id, "connect", "open", now - day)
            .await
            .unwrap();
        integrations
            .insert_task_at(
                &admin.workspace_id,
                filler_id,
                "connect",
                "done",
                now - 8 * day,
            )
            .await
            .unwrap();
        integrations
            .insert_task_at(
                &admin.workspace_id,
                filler_id,
                "connect",
                "skipped",
                now - day,
            )
            .await
            .unwrap();

        let lead = app
            .create_lead(
                &admin,
                json!({"first_name": "Over", "email": "over@example.com"}),
            )
            .await;
        let lead_id = lead["id"].as_str().unwrap();
        let message = send_linkedin(&app, &admin, lead_id, "Hello!").await;
        let task = task_for_message(&app, &admin, message["id"].as_str().unwrap()).await;
        assert_eq!(task["kind"], "connect");
        let due = chrono::DateTime::parse_from_rfc3339(task["due_at"].as_str().unwrap())
            .unwrap()
            .timestamp_millis();
        // The older of the two leaves the window 7 days after it: 4 days from now.
        let expected = now - 3 * day + 7 * day;
        assert!(
            (due - expected).abs() < 60_000,
            "due {due}, expected about {expected}"
        );
        assert!(
            task["scheduled_reason"]
                .as_str()
                .unwrap()
                .contains("weekly LinkedIn limit"),
            "{task}"
        );
        let shown = message_status(&app, &admin, lead_id, message["id"].as_str().unwrap()).await;
        assert_eq!(shown["status"], "task_open");
        assert!(
            shown["error"]
                .as_str()
                .unwrap()
                .contains("weekly LinkedIn limit")
        );

        // Messages have their own quota: a message to a connected lead is due now.
        let message = send_linkedin(&app, &admin, filler_id, "Following up").await;
        let task = task_for_message(&app, &admin, message["id"].as_str().unwrap()).await;
        assert_eq!(task["kind"], "message");
        assert!(task["scheduled_reason"].is_null(), "{task}");
    }
);

async fn create_endpoint(app: &TestApp, admin: &Session, body: Value) -> Value {
    let response = app
        .send(admin, Method::POST, "/api/webhooks/endpoints", Some(body))
        .await;
    let status = response.status();
    let json: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{json}");
    json
}

async fn book(app: &TestApp, email: &str, invitee: &str) {
    let body = calendly_body("invitee.created", email, invitee, json!({}));
    let response = post_raw(
        app,
        "/api/webhooks/calendly",
        &[(
            "Calendly-Webhook-Signature",
            timestamped(CALENDLY_KEY, now_secs(), &body),
        )],
        "application/json",
        body,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
}

async fn deliveries(app: &TestApp, admin: &Session, endpoint_id: &str) -> Vec<Value> {
    app.get_json(
        admin,
        &format!("/api/webhooks/endpoints/{endpoint_id}/deliveries"),
    )
    .await
    .as_array()
    .unwrap()
    .clone()
}

fn private_allowed(settings: &mut omnireach::config::Settings) {
    settings.integrations.allow_private_targets = true;
    settings.integrations.webhook_backoff_base_ms = 20;
}

mod outbound_webhooks_signed_delivery_mapping_retries_alert {
    use super::*;
    use crate::helpers::Backend;

    async fn run(app: TestApp) {
        let admin = app.admin().await;
        let settings = configure(&app, &admin, json!({"calendly_signing_key": CALENDLY_KEY})).await;
        let secret = settings["outbound_signing_secret"]
            .as_str()
            .unwrap()
            .to_string();
        let recorder = Recorder::start(
            200,
            json!({"data": {"id": "crm-42", "owner": {"title": "VP Sales"}}}),
        );
        let endpoint = create_endpoint(
            &app,
            &admin,
            json!({
                "name": "CRM",
                "url": recorder.url,
                "headers": {"X-Team": "growth"},
                "auth_token": "crm-token-123",
                "events": ["meeting.booked"],
                "response_mapping": {"/data/id": "custom_fields.crm_id", "/data/owner/title": "title"}
            }),
        )
        .await;
        assert_eq!(endpoint["has_auth_token"], true);
        assert!(endpoint.get("auth_token").is_none());
        let endpoint_id = endpoint["id"].as_str().unwrap().to_string();

        // Delivered first time; signature verified here; mapping applied.
        book(&app, "mapped@example.com", "M1").await;
        eventually("one delivery received", || {
            let recorder = &recorder;
            async move { recorder.received().len() == 1 }
        })
        .await;
        let request = &recorder.received()[0];
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, "/hooks");
        assert_eq!(
            request.header("authorization"),
            Some("Bearer crm-token-123")
        );
        assert_eq!(request.header("x-team"), Some("growth"));
        assert_eq!(request.header("x-omnireach-event"), Some("meeting.booked"));
        let signature = request.header("x-omnireach-signature").unwrap();
        let (t, v1) = signature.split_once(",v1=").unwrap();
        let t = t.strip_prefix("t=").unwrap();
        let mut signed = format!("{t}.").into_bytes();
        signed.extend_from_slice(&request.body);
        assert_eq!(
            hmac_hex(&secret, &signed),
            v1,
            "signature verifies with the shown secret"
        );
        assert!((now_secs() - t.parse::<i64>().unwrap()).abs() < 60);
        let payload = request.json();
        assert_eq!(payload["event"], "meeting.booked");
        assert_eq!(payload["data"]["meeting"]["status"], "scheduled");
        let lead_id = lead_by_email(&app, &admin.workspace_id, "mapped@example.com")
            .await
            .unwrap();
        eventually("the response mapping updated the lead", || {
            let (app, admin, lead_id) = (&app, &admin, &lead_id);
            async move {
                let lead = app.get_json(admin, &format!("/api/leads/{lead_id}")).await;
                lead["custom_fields"]["crm_id"] == "crm-42" && lead["title"] == "VP Sales"
            }
        })
        .await;
        let log = deliveries(&app, &admin, &endpoint_id).await;
        assert_eq!(log[0]["state"], "delivered");
        assert_eq!(log[0]["response_status"], 200);
        assert_eq!(log[0]["attempts"], 1);

        // Two 500s then a 200: delivered on the third attempt, same delivery id each time.
        recorder.script([(500, json!({})), (503, json!({}))]);
        book(&app, "retry@example.com", "R1").await;
        eventually("three attempts", || {
            let recorder = &recorder;
            async move { recorder.received().len() == 4 }
        })
        .await;
        let ids: Vec<String> = recorder.received()[1..]
            .iter()
            .map(|r| r.header("x-omnireach-delivery").unwrap().to_string())
            .collect();
        assert!(ids.iter().all(|id| id == &ids[0]), "{ids:?}");
        eventually("delivered after retries", || {
            let (app, admin, endpoint_id) = (&app, &admin, &endpoint_id);
            async move {
                let log = deliveries(app, admin, endpoint_id).await;
                log[0]["state"] == "delivered" && log[0]["attempts"] == 3
            }
        })
        .await;
        assert!(
            app.get_json(&admin, "/api/alerts")
                .await
                .as_array()
                .unwrap()
                .is_empty()
        );

        // Always 500: failed after 1 + 2 retries, an alert row and a live event.
        let mut ws = WsClient::connect(&app, &admin.token).await;
        recorder.script([(500, json!({})), (500, json!({})), (500, json!({}))]);
        book(&app, "fail@example.com", "F1").await;
        let event = ws
            .wait_for("alert.created", |e| e["type"] == "alert.created")
            .await;
        assert_eq!(event["kind"], "webhook_failed");
        assert!(
            event["message"].as_str().unwrap().contains("CRM"),
            "{event}"
        );
        assert_eq!(recorder.received().len(), 7);
        let log = deliveries(&app, &admin, &endpoint_id).await;
        assert_eq!(log[0]["state"], "failed");
        assert_eq!(log[0]["attempts"], 3);
        assert_eq!(log[0]["response_status"], 500);
        let alerts = app.get_json(&admin, "/api/alerts").await;
        assert_eq!(alerts.as_array().unwrap().len(), 1);
        assert_eq!(alerts[0]["details"]["endpoint_id"], endpoint_id.as_str());

        // The test button sends once, synchronously.
        recorder.script([(204, json!({}))]);
        let result = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/webhooks/endpoints/{endpoint_id}/test"),
                None,
            )
            .await
            .json::<Value>()
            .await
            .unwrap();
        assert_eq!(result["ok"], true, "{result}");
        assert_eq!(
            recorder
                .received()
                .last()
                .unwrap()
                .header("x-omnireach-event"),
            Some("test")
        );

        // Redirects are not followed; oversized answers are refused, not read to the end.
        let test = |app: &TestApp| {
            let request = app
                .client
                .post(app.url(&format!("/api/webhooks/endpoints/{endpoint_id}/test")))
                .bearer_auth(&admin.token)
                .send();
            async move { request.await.unwrap().json::<Value>().await.unwrap() }
        };
        recorder.script([(302, json!({"to": "http://169.254.169.254/"}))]);
        let before = recorder.received().len();
        let result = test(&app).await;
        assert_eq!(result["ok"], false, "{result}");
        assert_eq!(result["response_status"], 302);
        assert!(
            result["error"]
                .as_str()
                .unwrap()
                .contains("redirects are not followed"),
            "{result}"
        );
        assert_eq!(
            recorder.received().len(),
            before + 1,
            "exactly one request, no redirect hop"
        );
        recorder.script([(200, json!({"padding": "x".repeat(300 * 1024)}))]);
        let result = test(&app).await;
        assert_eq!(result["ok"], false, "{result}");
        assert!(
            result["error"].as_str().unwrap().contains("larger than"),
            "{result}"
        );
    }

    #[actix_rt::test]
    async fn sqlite() {
        run(TestApp::spawn_with(Backend::Sqlite, private_allowed).await).await
    }

    #[actix_rt::test]
    async fn postgres() {
        run(TestApp::spawn_with(Backend::Postgres, private_allowed).await).await
    }
}

on_both_backends!(ssrf_guard_refuses_private_targets_by_default, |app| {
    let admin = app.admin().await;
    for (url, reason) in [
        ("http://127.0.0.1:8080/hook", "loopback"),
        ("http://10.0.0.5/hook", "private"),
        ("http://169.254.169.254/latest/meta-data/", "metadata"),
        ("http://[::1]:8080/hook", "loopback"),
        ("http://[::ffff:192.168.1.1]/", "IPv4-mapped"),
        ("http://100.64.0.1/", "carrier-grade NAT"),
        ("http://localhost:8080/hook", "internal or metadata name"),
        (
            "http://metadata.google.internal/computeMetadata/v1/",
            "internal or metadata name",
        ),
        ("file:///etc/passwd", "only http and https"),
    ] {
        let response = app
            .send(
                &admin,
                Method::POST,
                "/api/webhooks/endpoints",
                Some(json!({"name": "x", "url": url, "events": ["*"]})),
            )
            .await;
        let (code, error) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(code, "validation_failed");
        let problem = error["error"]["details"]["fields"]["url"]
            .as_str()
            .unwrap_or_default();
        assert!(problem.contains(reason), "{url}: {problem}");
    }
    assert!(
        app.get_json(&admin, "/api/webhooks/endpoints")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
});

on_both_backends!(
    integrations_are_isolated_per_workspace_and_role_checked,
    |app| {
        let admin = app.admin().await;
        let rival = app.other_workspace_admin(&admin).await;
        let viewer = app.member(&admin, "viewer").await;
        let sales = app.member(&admin, "sales").await;
        let lead = app
            .create_lead(
                &admin,
                json!({"first_name": "Mine", "email": "mine@example.com"}),
            )
            .await;
        let lead_id = lead["id"].as_str().unwrap();
        let message = send_linkedin(&app, &admin, lead_id, "Hello").await;
        let task = task_for_message(&app, &admin, message["id"].as_str().unwrap()).await;
        let task_id = task["id"].as_str().unwrap();
        // A public address; nothing in this test emits `meeting.booked`, so nothing is sent.
        let endpoint = create_endpoint(
        &app,
        &admin,
        json!({"name": "Hook", "url": "https://93.184.216.34/hook", "events": ["meeting.booked"]}),
    )
    .await;
        let endpoint_id = endpoint["id"].as_str().unwrap();

        // Another workspace sees none of it.
        for (method, path, body) in [
            (Method::GET, format!("/api/leads/{lead_id}/meetings"), None),
            (
                Method::POST,
                format!("/api/linkedin/tasks/{task_id}/done"),
                None,
            ),
            (
                Method::POST,
                format!("/api/linkedin/tasks/{task_id}/skip"),
                Some(json!({"reason": "x"})),
            ),
            (
                Method::PATCH,
                format!("/api/webhooks/endpoints/{endpoint_id}"),
                Some(json!({"name": "stolen"})),
            ),
            (
                Method::DELETE,
                format!("/api/webhooks/endpoints/{endpoint_id}"),
                None,
            ),
            (
                Method::POST,
                format!("/api/webhooks/endpoints/{endpoint_id}/test"),
                None,
            ),
            (
                Method::GET,
                format!("/api/webhooks/endpoints/{endpoint_id}/deliveries"),
                None,
            ),
        ] {
            let response = app.send(&rival, method.clone(), &path, body).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method} {path}");
        }
        assert!(
            app.get_json(&rival, "/api/linkedin/tasks")
                .await
                .as_array()
                .unwrap()
                .is_empty()
        );
        assert!(
            app.get_json(&rival, "/api/webhooks/endpoints")
                .await
                .as_array()
                .unwrap()
                .is_empty()
        );

        // Viewers change nothing; sales cannot manage endpoints or settings.
        for (who, session) in [("viewer", &viewer), ("sales", &sales)] {
            for (method, path, body) in [
                (
                    Method::POST,
                    "/api/webhooks/endpoints".to_string(),
                    Some(json!({"name": "n", "url": "https://93.184.216.34/", "events": ["*"]})),
                ),
                (
                    Method::PATCH,
                    format!("/api/webhooks/endpoints/{endpoint_id}"),
                    Some(json!({"name": "n"})),
                ),
                (
                    Method::DELETE,
                    format!("/api/webhooks/endpoints/{endpoint_id}"),
                    None,
                ),
                (
                    Method::POST,
                    format!("/api/webhooks/endpoints/{endpoint_id}/test"),
                    None,
                ),
                (
                    Method::PUT,
                    "/api/settings/integrations".to_string(),
                    Some(json!({"booking_url": "https://cal.com/x"})),
                ),
                (Method::GET, "/api/settings/integrations".to_string(), None),
            ] {
                let response = app.send(session, method.clone(), &path, body).await;
                assert_eq!(
                    error_code(response, StatusCode::FORBIDDEN).await.0,
                    "forbidden",
                    "{who} {method} {path}"
                );
            }
        }
        for (method, path, body) in [
            (
                Method::POST,
                format!("/api/linkedin/tasks/{task_id}/done"),
                None,
            ),
            (
                Method::POST,
                format!("/api/linkedin/tasks/{task_id}/skip"),
                Some(json!({"reason": "x"})),
            ),
        ] {
            let response = app.send(&viewer, method.clone(), &path, body).await;
            assert_eq!(
                error_code(response, StatusCode::FORBIDDEN).await.0,
                "forbidden",
                "{method} {path}"
            );
        }
        // Viewers may read.
        assert_eq!(
            app.get_json(&viewer, "/api/linkedin/tasks")
                .await
                .as_array()
                .unwrap()
                .len(),
            1
        );
        app.get_json(&viewer, &format!("/api/leads/{lead_id}/meetings"))
            .await;
        // Sales may do the task.
        let response = app
            .send(
                &sales,
                Method::POST,
                &format!("/api/linkedin/tasks/{task_id}/done"),
                None,
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let endpoint = app.get_json(&admin, "/api/webhooks/endpoints").await;
        assert_eq!(endpoint[0]["name"], "Hook");
    }
);

/// Crashes in the middle of a send: a LinkedIn outbox row left in `sending` is sent again after a
/// restart and finds the task made before (no second task, the message stays `task_open`); a
/// webhook delivery left in `sending` is requeued at start and delivered once.
mod interrupted_sends_resume_after_a_restart {
    use super::*;
    use crate::helpers::Backend;

    async fn run(app: TestApp) {
        let admin = app.admin().await;
        let lead = app
            .create_lead(
                &admin,
                json!({"first_name": "Kim", "email": "kim@example.com"}),
            )
            .await;
        let lead_id = lead["id"].as_str().unwrap().to_string();
        let message = send_linkedin(&app, &admin, &lead_id, "Hello Kim").await;
        let message_id = message["id"].as_str().unwrap().to_string();
        let task = task_for_message(&app, &admin, &message_id).await;
        // The crash: the task exists, the outbox row was never marked sent.
        sqlx::query("UPDATE outbox SET state = 'sending' WHERE message_id = $1")
            .bind(&message_id)
            .execute(&app.store.pool)
            .await
            .unwrap();

        let recorder = Recorder::start(200, json!({}));
        let endpoint = create_endpoint(
            &app,
            &admin,
            json!({"name": "Sink", "url": recorder.url, "events": ["meeting.booked"]}),
        )
        .await;
        let now = chrono::Utc::now().timestamp_millis();
        sqlx::query(
            "INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, event, idempotency_key, \
             lead_id, payload, state, attempts, next_attempt_at, created_at, updated_at) \
             VALUES ('interrupted-1', $1, $2, 'meeting.booked', 'k-interrupted-1', NULL, \
             '{\"event\": \"meeting.booked\", \"data\": {\"n\": 1}}', 'sending', 1, $3, $3, $3)",
        )
        .bind(&admin.workspace_id)
        .bind(endpoint["id"].as_str().unwrap())
        .bind(now)
        .execute(&app.store.pool)
        .await
        .unwrap();

        let restarted = app.restart_with(private_allowed).await;
        eventually("the outbox row is settled", || {
            let store = restarted.store.clone();
            let message_id = message_id.clone();
            async move {
                let state: String =
                    sqlx::query_scalar("SELECT state FROM outbox WHERE message_id = $1")
                        .bind(&message_id)
                        .fetch_one(&store.pool)
                        .await
                        .unwrap();
                state == "sent"
            }
        })
        .await;
        let tasks = restarted
            .get_json(&admin, "/api/linkedin/tasks?status=all")
            .await;
        let for_message: Vec<&Value> = tasks
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["message_id"] == message_id.as_str())
            .collect();
        assert_eq!(for_message.len(), 1, "{tasks}");
        assert_eq!(for_message[0]["id"], task["id"]);
        let shown = message_status(&restarted, &admin, &lead_id, &message_id).await;
        assert_eq!(
            shown["status"], "task_open",
            "an open task is not 'delivered'"
        );

        eventually("the interrupted delivery is sent", || {
            let recorder = &recorder;
            async move {
                recorder
                    .received()
                    .iter()
                    .any(|r| r.header("x-omnireach-delivery") == Some("interrupted-1"))
            }
        })
        .await;
        let log = deliveries(&restarted, &admin, endpoint["id"].as_str().unwrap()).await;
        assert_eq!(log[0]["state"], "delivered", "{log:?}");
        assert_eq!(
            recorder
                .received()
                .iter()
                .filter(|r| r.header("x-omnireach-delivery") == Some("interrupted-1"))
                .count(),
            1
        );
    }

    #[actix_rt::test]
    async fn sqlite() {
        run(TestApp::spawn_with(Backend::Sqlite, private_allowed).await).await
    }

    #[actix_rt::test]
    async fn postgres() {
        run(TestApp::spawn_with(Backend::Postgres, private_allowed).await).await
    }
}

on_both_backends!(ssrf_guard_also_refuses_at_send_time, |app| {
    // An endpoint that points at loopback (stored directly, as if its name had resolved to a
    // public address when it was saved): every send re-checks, so nothing reaches it.
    let admin = app.admin().await;
    configure(&app, &admin, json!({"calendly_signing_key": CALENDLY_KEY})).await;
    let recorder = Recorder::start(200, json!({}));
    let endpoint = app
        .store
        .integrations()
        .create_endpoint(
            &admin.workspace_id,
            &omnireach::store::WebhookEndpointInput {
                name: "Rebound".into(),
                url: recorder.url.clone(),
                method: "POST".into(),
                headers: Default::default(),
                auth_token: None,
                events: vec!["meeting.booked".into()],
                response_mapping: Default::default(),
                enabled: true,
            },
        )
        .await
        .unwrap();
    book(&app, "guarded@example.com", "SSRF1").await;
    let log = eventually_some("the delivery fails", || {
        let (app, admin, id) = (&app, &admin, &endpoint.id);
        async move {
            let log = deliveries(app, admin, id).await;
            log.first()
                .is_some_and(|d| d["state"] == "failed")
                .then_some(log)
        }
    })
    .await;
    assert_eq!(log[0]["state"], "failed", "{log:?}");
    assert_eq!(log[0]["attempts"], 1, "a refusal is not retried");
    let error = log[0]["last_error"].as_str().unwrap();
    assert!(
        error.contains("SSRF") && error.contains("loopback"),
        "{error}"
    );
    assert!(recorder.received().is_empty());
    let alerts = app.get_json(&admin, "/api/alerts").await;
    assert_eq!(alerts[0]["kind"], "webhook_failed");
    let result = app
        .send(
            &admin,
            Method::POST,
            &format!("/api/webhooks/endpoints/{}/test", endpoint.id),
            None,
        )
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(result["ok"], false);
    assert!(
        result["error"].as_str().unwrap().contains("loopback"),
        "{result}"
    );
    assert!(recorder.received().is_empty());
});

// --- the booking link in AI replies ------------------------------------------------------------

const BOOKING_URL: &str = "https://cal.example.com/team/intro";

/// The lead asks to meet; returns the text of the AI's (autonomous) reply.
async fn ai_reply_to_a_meeting_request(app: &TestApp) -> String {
    let admin = app.admin().await;
    configure(app, &admin, json!({"booking_url": BOOKING_URL})).await;
    crate::live::create_agent(app, &admin, "autonomous").await;
    let lead_id = crate::live::new_lead(app, &admin, "Ada Lovelace").await;
    crate::live::inbound(
        app,
        &admin,
        &lead_id,
        "Can we schedule a call next week?",
        None,
    )
    .await;
    eventually_some("the AI reply", || async {
        conversation_messages(app, &admin, &lead_id)
            .await
            .into_iter()
            .find(|m| m["author"]["kind"] == "ai")
            .map(|m| m["text"].as_str().unwrap().to_string())
    })
    .await
}

on_both_backends!(the_offline_responder_offers_the_booking_link, |app| {
    let text = ai_reply_to_a_meeting_request(&app).await;
    assert!(
        text.contains(&format!("pick a time that suits you here: {BOOKING_URL}")),
        "{text}"
    );
});

for_each_backend!(an_llm_reply_gets_the_booking_link_substituted, |backend| {
    use crate::fake_llm::{Behaviour, FakeLlm};
    let fake = FakeLlm::start(Behaviour::reply(
        "Happy to talk. Grab a slot here: {{booking_link}}",
    ));
    let base = fake.openai_base();
    let app = TestApp::spawn_with(backend, move |settings| {
        settings.llm.openrouter = omnireach::llm::config::ProviderEnv {
            api_key: Some("or-key-0001".into()),
            base_url: Some(base),
            model: None,
        };
    })
    .await;
    let text = ai_reply_to_a_meeting_request(&app).await;
    assert_eq!(
        text,
        format!("Happy to talk. Grab a slot here: {BOOKING_URL}")
    );
    // The model was told how to offer it (the placeholder, never a URL to retype).
    let system = fake.requests()[0].body["messages"][0]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(system.contains("{{booking_link}}"), "{system}");
    assert!(!system.contains(BOOKING_URL), "{system}");
});

// --- LinkedIn task events over a real WebSocket ---------------------------------------------

async fn task_event(ws: &mut WsClient, what: &str, task_status: &str) -> Value {
    ws.wait_for(what, |e| {
        e["type"] == "linkedin_task.updated" && e["status"] == task_status
    })
    .await
}

async fn close_task(
    app: &TestApp,
    session: &Session,
    task_id: &str,
    action: &str,
    body: Option<Value>,
) {
    let response = app
        .send(
            session,
            Method::POST,
            &format!("/api/linkedin/tasks/{task_id}/{action}"),
            body,
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

on_both_backends!(linkedin_task_changes_reach_the_tasks_page_live, |app| {
    let admin = app.admin().await;
    let rival = app.other_workspace_admin(&admin).await;
    let mut ws = WsClient::connect(&app, &admin.token).await;
    let mut rival_ws = WsClient::connect(&app, &rival.token).await;
    let lead = app
        .create_lead(
            &admin,
            json!({"first_name": "Ada", "email": "ada@example.com"}),
        )
        .await;
    let lead_id = lead["id"].as_str().unwrap();

    // Created by the outbox (a send on the linkedin channel) → open.
    let first = send_linkedin(&app, &admin, lead_id, "Hi Ada").await;
    let created = task_event(&mut ws, "the task created", "open").await;
    assert_eq!(created["message_id"], first["id"]);
    assert_eq!(created["lead_id"], lead_id);
    assert_eq!(created["kind"], "connect");
    let task_id = created["task_id"].as_str().unwrap().to_string();
    assert_eq!(
        task_for_message(&app, &admin, first["id"].as_str().unwrap()).await["id"],
        task_id.as_str()
    );
    // Done.
    close_task(&app, &admin, &task_id, "done", None).await;
    let done = task_event(&mut ws, "the task done", "done").await;
    assert_eq!(done["task_id"], task_id.as_str());
    // The next touch, skipped.
    let second = send_linkedin(&app, &admin, lead_id, "Thanks for connecting").await;
    let created = task_event(&mut ws, "the second task created", "open").await;
    assert_eq!(created["message_id"], second["id"]);
    assert_eq!(created["kind"], "message");
    let second_task = created["task_id"].as_str().unwrap().to_string();
    close_task(
        &app,
        &admin,
        &second_task,
        "skip",
        Some(json!({"reason": "not connected"})),
    )
    .await;
    let skipped = task_event(&mut ws, "the task skipped", "skipped").await;
    assert_eq!(skipped["task_id"], second_task.as_str());

    // Another workspace hears none of it: the first task event it gets is its own.
    let rival_lead = app
        .create_lead(
            &rival,
            json!({"first_name": "Rex", "email": "rex@example.com"}),
        )
        .await;
    let rival_message =
        send_linkedin(&app, &rival, rival_lead["id"].as_str().unwrap(), "Hello").await;
    let first_seen = rival_ws
        .wait_for("the rival's own task", |e| {
            e["type"] == "linkedin_task.updated"
        })
        .await;
    assert_eq!(first_seen["message_id"], rival_message["id"]);
});
