//! The live conversation core end to end: the sandbox inbound path, the lead's actor, the
//! agent pool (offline responder), the outbox, the hub and real WebSocket clients.

use crate::helpers::{Session, TestApp, WsClient, error_code, eventually};
use crate::on_both_backends;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// An agent straight in the store (the agents API has its own tests).
pub async fn create_agent(app: &TestApp, admin: &Session, autonomy: &str) -> String {
    agent_in(&app.store, &admin.workspace_id, autonomy).await
}

pub async fn agent_in(
    store: &omnireach::store::Store,
    workspace_id: &str,
    autonomy: &str,
) -> String {
    let input = omnireach::store::AgentInput {
        name: format!("Agent {autonomy} {}", uuid::Uuid::new_v4().simple()),
        persona_id: None,
        provider: "auto".into(),
        model: None,
        temperature: 0.3,
        autonomy: autonomy.into(),
        channels: vec!["sandbox".into(), "sms".into()],
        daily_limit: 100_000,
        enabled: true,
    };
    store
        .agents()
        .create(workspace_id, &input)
        .await
        .unwrap()
        .id
}

pub async fn new_lead(app: &TestApp, session: &Session, name: &str) -> String {
    let lead = app
        .create_lead(
            session,
            json!({
                "first_name": name.split(' ').next().unwrap(),
                "last_name": name.split(' ').nth(1).unwrap_or("Lead"),
                "email": format!("{}@lead.example", uuid::Uuid::new_v4().simple()),
            }),
        )
        .await;
    lead["id"].as_str().unwrap().to_string()
}

pub async fn inbound(
    app: &TestApp,
    session: &Session,
    lead_id: &str,
    text: &str,
    external_id: Option<&str>,
) -> Value {
    let mut body = json!({"lead_id": lead_id, "channel": "sandbox", "text": text});
    if let Some(id) = external_id {
        body["external_id"] = json!(id);
    }
    let response = app
        .send(session, Method::POST, "/api/sandbox/inbound", Some(body))
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    body
}

fn is_ai_message(event: &Value, conversation_id: &str) -> bool {
    event["type"] == "message.created"
        && event["conversation_id"] == conversation_id
        && event["message"]["author"]["kind"] == "ai"
}

on_both_backends!(a_lead_reply_gets_a_live_offline_ai_answer, |app| {
    let admin = app.admin().await;
    create_agent(&app, &admin, "autonomous").await;
    let lead = new_lead(&app, &admin, "Ada Lovelace").await;
    let mut ws = WsClient::connect(&app, &admin.token).await;

    let accepted = inbound(
        &app,
        &admin,
        &lead,
        "Hi, what does your pricing look like?",
        None,
    )
    .await;
    assert_eq!(accepted["duplicate"], false);
    let conversation_id = accepted["conversation_id"].as_str().unwrap().to_string();

    // Every inbox event until the AI's reply is delivered.
    let mut events = Vec::new();
    loop {
        let event = ws.next().await;
        let delivered = event["type"] == "message.status" && event["status"] == "delivered";
        events.push(event);
        if delivered {
            break;
        }
    }
    let created = events
        .iter()
        .find(|e| e["type"] == "message.created")
        .expect("the inbound message");
    assert_eq!(created["message"]["direction"], "inbound");
    assert_eq!(created["message"]["author"]["kind"], "lead");
    // The summary rides with the message: no separate conversation.updated for it.
    assert_eq!(created["conversation"]["id"], conversation_id.as_str());
    assert_eq!(created["conversation"]["unread"], 1);
    assert_eq!(
        created["conversation"]["last_message_preview"],
        "Hi, what does your pricing look like?"
    );
    assert!(
        !events.iter().any(|e| e["type"] == "conversation.updated"),
        "{events:#?}"
    );

    let reply = events
        .iter()
        .find(|e| is_ai_message(e, &conversation_id))
        .expect("the AI reply");
    assert_eq!(reply["conversation"]["last_direction"], "outbound");
    let message = &reply["message"];
    assert_eq!(message["direction"], "outbound");
    assert_eq!(
        message["author"]["offline"], true,
        "labelled offline: {message}"
    );
    assert_eq!(message["author"]["generator"], "offline");
    assert!(message["text"].as_str().unwrap().len() > 20, "{message}");
    let delivered = events.last().unwrap();
    assert_eq!(delivered["message_id"], message["id"]);

    let thread = app
        .get_json(
            &admin,
            &format!("/api/conversations/{conversation_id}/messages"),
        )
        .await;
    let items = thread["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{thread}");
    assert_eq!(items[0]["direction"], "inbound");
    assert_eq!(items[1]["status"], "delivered");

    let list = app.get_json(&admin, "/api/conversations?unread=true").await;
    assert_eq!(list["items"][0]["id"], conversation_id.as_str());
    assert_eq!(list["items"][0]["unread"], 1);
    let by_lead = app
        .get_json(&admin, &format!("/api/leads/{lead}/conversation"))
        .await;
    assert_eq!(by_lead["id"], conversation_id.as_str());
    assert_eq!(by_lead["lead_detail"]["id"], lead.as_str());

    // The offline generation is logged once, with the reply it produced.
    let log = app
        .get_json(&admin, &format!("/api/llm-requests?lead_id={lead}"))
        .await;
    let rows = log["items"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{log}");
    assert_eq!(
        (&rows[0]["provider"], &rows[0]["purpose"]),
        (&json!("offline"), &json!("reply"))
    );
});

on_both_backends!(
    the_same_inbound_ten_times_at_once_is_one_message_and_one_reply,
    |app| {
        let admin = app.admin().await;
        create_agent(&app, &admin, "autonomous").await;
        let lead = new_lead(&app, &admin, "Grace Hopper").await;
        let sends = (0..10).map(|_| {
            inbound(
                &app,
                &admin,
                &lead,
                "Can we talk tomorrow?",
                Some("SM-dup-1"),
            )
        });
        let results = futures_util::future::join_all(sends).await;
        let fresh = results.iter().filter(|r| r["duplicate"] == false).count();
        assert_eq!(fresh, 1, "exactly one is new: {results:?}");
        let ids: std::collections::HashSet<_> =
            results.iter().map(|r| r["message_id"].clone()).collect();
        assert_eq!(ids.len(), 1, "every duplicate names the original");

        let store = app.store.clone();
        let lead_id = lead.clone();
        eventually("the reply is delivered", || {
        let store = store.clone();
        let lead_id = lead_id.clone();
        async move {
            let delivered: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM messages WHERE lead_id = $1 AND direction = 'outbound' AND status = 'delivered'",
            )
            .bind(lead_id)
            .fetch_one(&store.pool)
            .await
            .unwrap();
            delivered >= 1
        }
    })
    .await;
        let counts: (i64, i64, i64) = {
            let inbound: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM messages WHERE lead_id = $1 AND direction = 'inbound'",
            )
            .bind(&lead)
            .fetch_one(&app.store.pool)
            .await
            .unwrap();
            let outbound: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM messages WHERE lead_id = $1 AND direction = 'outbound'",
            )
            .bind(&lead)
            .fetch_one(&app.store.pool)
            .await
            .unwrap();
            let sent: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM sandbox_deliveries WHERE lead_id = $1")
                    .bind(&lead)
                    .fetch_one(&app.store.pool)
                    .await
                    .unwrap();
            (inbound, outbound, sent)
        };
        assert_eq!(
            counts,
            (1, 1, 1),
            "(inbound, outbound, delivered to the sandbox)"
        );
    }
);

on_both_backends!(
    approve_mode_waits_for_a_human_and_sends_the_edited_text,
    |app| {
        let admin = app.admin().await;
        create_agent(&app, &admin, "approve").await;
        let lead = new_lead(&app, &admin, "Alan Turing").await;
        let conversation = app
            .get_json(&admin, &format!("/api/leads/{lead}/conversation"))
            .await;
        let conversation_id = conversation["id"].as_str().unwrap().to_string();
        let mut ws = WsClient::connect(&app, &admin.token).await;
        ws.subscribe(&conversation_id).await;

        inbound(&app, &admin, &lead, "Who are you?", None).await;
        let ready = ws
            .wait_for("draft.ready", |e| e["type"] == "draft.ready")
            .await;
        let draft_id = ready["draft"]["id"].as_str().unwrap().to_string();
        assert_eq!(ready["draft"]["offline"], true);
        let detail = app
            .get_json(&admin, &format!("/api/conversations/{conversation_id}"))
            .await;
        assert_eq!(detail["pending_draft"], true);
        assert_eq!(detail["drafts"][0]["id"], draft_id.as_str());
        let outbound: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM messages WHERE lead_id = $1 AND direction = 'outbound'",
        )
        .bind(&lead)
        .fetch_one(&app.store.pool)
        .await
        .unwrap();
        assert_eq!(outbound, 0, "nothing is sent before approval");

        let response = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{conversation_id}/drafts/{draft_id}/approve"),
                Some(json!({"text": "Edited by a human: hello!"})),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let sent: Value = response.json().await.unwrap();
        assert_eq!(sent["text"], "Edited by a human: hello!");
        assert_eq!(sent["author"]["kind"], "ai");
        ws.wait_for("draft.approved", |e| {
            e["type"] == "draft.approved" && e["draft_id"] == draft_id.as_str()
        })
        .await;

        // Approving twice is refused; discarding an approved draft too.
        let again = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{conversation_id}/drafts/{draft_id}/approve"),
                None,
            )
            .await;
        let (code, _) = error_code(again, StatusCode::CONFLICT).await;
        assert_eq!(code, "conflict");
        let discard = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{conversation_id}/drafts/{draft_id}/discard"),
                None,
            )
            .await;
        assert_eq!(discard.status(), StatusCode::CONFLICT);

        // A second draft, discarded: never sent.
        inbound(&app, &admin, &lead, "Still there?", None).await;
        let ready = ws
            .wait_for("second draft", |e| e["type"] == "draft.ready")
            .await;
        let second = ready["draft"]["id"].as_str().unwrap().to_string();
        let discard = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{conversation_id}/drafts/{second}/discard"),
                None,
            )
            .await;
        assert_eq!(discard.status(), StatusCode::NO_CONTENT);
        let detail = app
            .get_json(&admin, &format!("/api/conversations/{conversation_id}"))
            .await;
        assert_eq!(detail["pending_draft"], false);
        let outbound: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM messages WHERE lead_id = $1 AND direction = 'outbound'",
        )
        .bind(&lead)
        .fetch_one(&app.store.pool)
        .await
        .unwrap();
        assert_eq!(outbound, 1);
    }
);

on_both_backends!(
    takeover_silences_the_ai_and_handback_answers_the_waiting_lead,
    |app| {
        let admin = app.admin().await;
        create_agent(&app, &admin, "autonomous").await;
        let lead = new_lead(&app, &admin, "Katherine Johnson").await;
        let conversation = app
            .get_json(&admin, &format!("/api/leads/{lead}/conversation"))
            .await;
        let id = conversation["id"].as_str().unwrap().to_string();
        let mut ws = WsClient::connect(&app, &admin.token).await;

        let taken = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{id}/takeover"),
                None,
            )
            .await;
        assert_eq!(taken.status(), StatusCode::OK);
        let taken: Value = taken.json().await.unwrap();
        assert_eq!(taken["mode"], "human");
        assert_eq!(taken["assignee_id"], admin.user_id.as_str());

        let first = inbound(&app, &admin, &lead, "Is anyone there?", None).await;
        let first_id = first["message_id"].as_str().unwrap().to_string();
        // The actor handles it (no AI in human mode): it is marked processed with no draft.
        let store = app.store.clone();
        eventually("the inbound is handled", || {
            let store = store.clone();
            let first_id = first_id.clone();
            async move { store.conversations().message_processed(&first_id).await }
        })
        .await;
        let drafts: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM drafts WHERE conversation_id = $1")
                .bind(&id)
                .fetch_one(&app.store.pool)
                .await
                .unwrap();
        assert_eq!(drafts, 0, "the AI stays silent while a human is in control");

        let human = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{id}/messages"),
                Some(json!({"channel": "sandbox", "text": "Hi Katherine, Sam here from sales."})),
            )
            .await;
        assert_eq!(human.status(), StatusCode::CREATED);
        let human: Value = human.json().await.unwrap();
        assert_eq!(human["author"]["kind"], "human");
        assert_eq!(human["status"], "queued");

        inbound(
            &app,
            &admin,
            &lead,
            "Great, can you send the pricing?",
            None,
        )
        .await;
        let back = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{id}/handback"),
                None,
            )
            .await;
        assert_eq!(back.status(), StatusCode::OK);
        let reply = ws
            .wait_for("the AI answers after hand-back", |e| is_ai_message(e, &id))
            .await;
        assert_eq!(reply["message"]["author"]["offline"], true);
        let thread = app
            .get_json(&admin, &format!("/api/conversations/{id}/messages"))
            .await;
        let kinds: Vec<String> = thread["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["author"]["kind"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(kinds, ["lead", "human", "lead", "ai"]);
    }
);

on_both_backends!(
    notes_assignment_read_and_status_are_live_and_validated,
    |app| {
        let admin = app.admin().await;
        let lead = new_lead(&app, &admin, "Hedy Lamarr").await;
        let id = app
            .get_json(&admin, &format!("/api/leads/{lead}/conversation"))
            .await["id"]
            .as_str()
            .unwrap()
            .to_string();
        let mut ws = WsClient::connect(&app, &admin.token).await;

        let note = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{id}/notes"),
                Some(json!({"text": "VIP, handle with care"})),
            )
            .await;
        assert_eq!(note.status(), StatusCode::CREATED);
        let note: Value = note.json().await.unwrap();
        assert_eq!(note["direction"], "note");
        let sent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
            .fetch_one(&app.store.pool)
            .await
            .unwrap();
        assert_eq!(sent, 0, "notes are never sent");

        let member = app.member(&admin, "sales").await;
        let assigned = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{id}/assign"),
                Some(json!({"user_id": member.user_id})),
            )
            .await;
        assert_eq!(assigned.status(), StatusCode::OK);
        ws.wait_for("assignment update", |e| {
            e["type"] == "conversation.updated"
                && e["conversation"]["assignee_id"] == member.user_id.as_str()
        })
        .await;
        let mine = app
            .get_json(&member, "/api/conversations?assignee=me")
            .await;
        assert_eq!(mine["items"].as_array().unwrap().len(), 1);

        let bad = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{id}/assign"),
                Some(json!({"user_id": "nobody"})),
            )
            .await;
        let (code, body) = error_code(bad, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(code, "validation_failed", "{body}");

        let closed = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{id}/status"),
                Some(json!({"status": "closed"})),
            )
            .await;
        assert_eq!(closed.status(), StatusCode::OK);
        let open = app.get_json(&admin, "/api/conversations?status=open").await;
        assert!(
            open["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["id"] != id.as_str())
        );

        for (path, body) in [
            ("messages", json!({"channel": "pigeon", "text": "hi"})),
            ("messages", json!({"channel": "sandbox", "text": "   "})),
            ("notes", json!({"text": ""})),
            ("status", json!({"status": "archived"})),
        ] {
            let response = app
                .send(
                    &admin,
                    Method::POST,
                    &format!("/api/conversations/{id}/{path}"),
                    Some(body.clone()),
                )
                .await;
            assert_eq!(
                response.status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{path} {body}"
            );
        }
        let bad_filter = app
            .send(&admin, Method::GET, "/api/conversations?mode=robot", None)
            .await;
        assert_eq!(bad_filter.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let bad_cursor = app
            .send(&admin, Method::GET, "/api/conversations?cursor=zzz", None)
            .await;
        assert_eq!(bad_cursor.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
);

on_both_backends!(
    websocket_and_conversation_access_respect_tenants_and_roles,
    |app| {
        let admin = app.admin().await;
        let lead = new_lead(&app, &admin, "Barbara Liskov").await;
        let id = app
            .get_json(&admin, &format!("/api/leads/{lead}/conversation"))
            .await["id"]
            .as_str()
            .unwrap()
            .to_string();

        // No token, a bad token: the upgrade is refused.
        let ws_url = format!("{}/api/ws", app.base.replacen("http", "ws", 1));
        for url in [ws_url.clone(), format!("{ws_url}?token=not-a-token")] {
            match tokio_tungstenite::connect_async(url).await {
                Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                    assert_eq!(response.status().as_u16(), 401)
                }
                other => panic!("expected 401, got {other:?}"),
            }
        }

        // Another workspace: cannot subscribe, read, send or see inbox events.
        let rival = app.other_workspace_admin(&admin).await;
        let mut rival_ws = WsClient::connect(&app, &rival.token).await;
        rival_ws
            .send(json!({"type": "subscribe", "conversation_id": id}))
            .await;
        let refused = rival_ws.next().await;
        assert_eq!(refused["type"], "error");
        assert_eq!(refused["code"], "not_found");
        for (method, path) in [
            (Method::GET, format!("/api/conversations/{id}")),
            (Method::GET, format!("/api/conversations/{id}/messages")),
            (Method::POST, format!("/api/conversations/{id}/takeover")),
            (Method::GET, format!("/api/leads/{lead}/conversation")),
        ] {
            let response = app.send(&rival, method.clone(), &path, None).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method} {path}");
        }
        let response = app
            .send(
                &rival,
                Method::POST,
                "/api/sandbox/inbound",
                Some(json!({"lead_id": lead, "text": "hi"})),
            )
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let rival_list = app.get_json(&rival, "/api/conversations").await;
        assert_eq!(rival_list["items"].as_array().unwrap().len(), 0);

        // A viewer reads and watches but cannot act.
        let viewer = app.member(&admin, "viewer").await;
        let mut viewer_ws = WsClient::connect(&app, &viewer.token).await;
        viewer_ws.subscribe(&id).await;
        viewer_ws
            .send(json!({"type": "typing", "conversation_id": id}))
            .await;
        let refused = viewer_ws
            .wait_for("typing refused", |e| e["type"] == "error")
            .await;
        assert_eq!(refused["code"], "forbidden");
        for (path, body) in [
            (
                "messages",
                Some(json!({"channel": "sandbox", "text": "hi"})),
            ),
            ("takeover", None),
            ("handback", None),
            ("notes", Some(json!({"text": "x"}))),
        ] {
            let response = app
                .send(
                    &viewer,
                    Method::POST,
                    &format!("/api/conversations/{id}/{path}"),
                    body,
                )
                .await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "viewer {path}");
        }
        let response = app
            .send(
                &viewer,
                Method::POST,
                "/api/sandbox/inbound",
                Some(json!({"lead_id": lead, "text": "hi"})),
            )
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);

        // The rival's socket never saw this workspace's events; the viewer's did.
        inbound(&app, &admin, &lead, "Hello from the lead", None).await;
        viewer_ws
            .wait_for("inbox event", |e| e["type"] == "message.created")
            .await;
        rival_ws.send(json!({"type": "ping"})).await;
        let next = rival_ws.next().await;
        assert_eq!(
            next["type"], "pong",
            "nothing of the other workspace arrived first: {next}"
        );
    }
);

on_both_backends!(
    malformed_and_oversize_frames_are_refused_without_harm,
    |app| {
        use tokio_tungstenite::tungstenite::Message;
        let admin = app.admin().await;
        let mut ws = WsClient::connect(&app, &admin.token).await;
        ws.send_raw(Message::Text("this is not json".into())).await;
        let error = ws.next().await;
        assert_eq!(error["type"], "error");
        assert_eq!(error["code"], "bad_frame");
        ws.send(json!({"type": "subscribe"})).await;
        assert_eq!(ws.next().await["code"], "bad_frame");
        ws.send_raw(Message::Binary(vec![0u8, 159, 146, 150].into()))
            .await;
        assert_eq!(ws.next().await["code"], "bad_frame");
        ws.send(json!({"type": "ping"})).await;
        assert_eq!(ws.next().await["type"], "pong", "the session still works");

        ws.send_raw(Message::Text("x".repeat(200 * 1024).into()))
            .await;
        let closed = loop {
            match ws.next_message().await {
                Some(Message::Close(frame)) => break frame,
                None => break None,
                Some(_) => continue,
            }
        };
        if let Some(frame) = closed {
            assert_eq!(u16::from(frame.code), 1009, "closed for size: {frame:?}");
        }
        let health = app.client.get(app.url("/health")).send().await.unwrap();
        assert_eq!(health.status(), StatusCode::OK);
        let mut again = WsClient::connect(&app, &admin.token).await;
        again.send(json!({"type": "ping"})).await;
        assert_eq!(again.next().await["type"], "pong");
    }
);

async fn fault_in_one_conversation_restarts_only_that_one(app: TestApp) {
    let admin = app.admin().await;
    create_agent(&app, &admin, "autonomous").await;
    let faulty = new_lead(&app, &admin, "Faulty Lead").await;
    let healthy = new_lead(&app, &admin, "Healthy Lead").await;
    let mut ws = WsClient::connect(&app, &admin.token).await;

    // Warm both actors, then break one.
    let first = inbound(&app, &admin, &healthy, "Hello there", None).await;
    let healthy_conversation = first["conversation_id"].as_str().unwrap().to_string();
    ws.wait_for("healthy reply", |e| is_ai_message(e, &healthy_conversation))
        .await;
    let poison = inbound(&app, &admin, &faulty, "__panic__ please", None).await;
    let faulty_conversation = poison["conversation_id"].as_str().unwrap().to_string();
    let poison_id = poison["message_id"].as_str().unwrap().to_string();

    // The other lead is unaffected while the faulty one restarts.
    let second = inbound(&app, &admin, &healthy, "Are you still there?", None).await;
    assert_eq!(second["conversation_id"], healthy_conversation.as_str());
    let reply = ws
        .wait_for("healthy lead answered", |e| {
            is_ai_message(e, &healthy_conversation)
        })
        .await;
    assert_eq!(reply["message"]["author"]["offline"], true);

    // The faulty conversation comes back with its state rebuilt from the database and answers
    // the next normal message; the poison message was given up, never answered.
    let normal = inbound(&app, &admin, &faulty, "Sorry, what is the price?", None).await;
    assert_eq!(normal["conversation_id"], faulty_conversation.as_str());
    ws.wait_for("faulty lead answered after restart", |e| {
        is_ai_message(e, &faulty_conversation)
    })
    .await;
    let probe = app
        .live
        .registry
        .probe(&admin.workspace_id, &faulty)
        .await
        .expect("the actor is running with state loaded");
    assert!(probe.cached_messages >= 2, "{probe:?}");
    let replies_to_poison: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE idempotency_key = $1")
            .bind(format!("reply:{poison_id}"))
            .fetch_one(&app.store.pool)
            .await
            .unwrap();
    assert_eq!(replies_to_poison, 0);
}

#[actix_rt::test]
async fn a_panic_in_one_conversation_leaves_the_others_running_sqlite() {
    let app = TestApp::spawn_with(crate::helpers::Backend::Sqlite, |s| {
        s.live.fault_injection = true
    })
    .await;
    fault_in_one_conversation_restarts_only_that_one(app).await;
}

#[actix_rt::test]
async fn a_panic_in_one_conversation_leaves_the_others_running_postgres() {
    let app = TestApp::spawn_with(crate::helpers::Backend::Postgres, |s| {
        s.live.fault_injection = true
    })
    .await;
    fault_in_one_conversation_restarts_only_that_one(app).await;
}

on_both_backends!(
    idle_actors_are_passivated_and_rehydrated_on_the_next_event,
    |app| {
        let admin = app.admin().await;
        create_agent(&app, &admin, "autonomous").await;
        let lead = new_lead(&app, &admin, "Sleepy Lead").await;
        let mut ws = WsClient::connect(&app, &admin.token).await;
        let first = inbound(&app, &admin, &lead, "Hello", None).await;
        let conversation = first["conversation_id"].as_str().unwrap().to_string();
        ws.wait_for("first reply", |e| is_ai_message(e, &conversation))
            .await;
        assert!(app.live.registry.resident() >= 1);

        // Everything idle for 0 ms is passivated; the state stays in the database.
        let passivated = app.live.registry.passivate_idle(0);
        assert!(passivated >= 1);
        assert_eq!(app.live.registry.resident(), 0);

        let started = app.live.registry.started();
        inbound(&app, &admin, &lead, "Me again, any update?", None).await;
        ws.wait_for("reply after rehydration", |e| {
            is_ai_message(e, &conversation)
        })
        .await;
        assert_eq!(app.live.registry.started(), started + 1, "rehydrated once");
        let probe = app
            .live
            .registry
            .probe(&admin.workspace_id, &lead)
            .await
            .unwrap();
        assert_eq!(
            probe.cached_messages, 4,
            "the thread was rebuilt from the database: {probe:?}"
        );
    }
);

async fn takeover_mid_stream(app: TestApp) {
    let admin = app.admin().await;
    create_agent(&app, &admin, "autonomous").await;
    let lead = new_lead(&app, &admin, "Streaming Lead").await;
    let id = app
        .get_json(&admin, &format!("/api/leads/{lead}/conversation"))
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut ws = WsClient::connect(&app, &admin.token).await;
    ws.subscribe(&id).await;

    inbound(
        &app,
        &admin,
        &lead,
        "Tell me everything about your pricing",
        None,
    )
    .await;
    let delta = ws
        .wait_for("the first streamed tokens", |e| e["type"] == "draft.delta")
        .await;
    let draft_id = delta["draft_id"].as_str().unwrap().to_string();

    let taken = app
        .send(
            &admin,
            Method::POST,
            &format!("/api/conversations/{id}/takeover"),
            None,
        )
        .await;
    assert_eq!(taken.status(), StatusCode::OK);
    let cancelled = ws
        .wait_for("draft.cancelled", |e| {
            e["type"] == "draft.cancelled" && e["draft_id"] == draft_id.as_str()
        })
        .await;
    assert_eq!(cancelled["reason"], "a human took over");

    // The partial draft is kept for the record as cancelled, and nothing of it is ever sent.
    let store = app.store.clone();
    let recorded = draft_id.clone();
    eventually("the cancelled draft is recorded", || {
        let store = store.clone();
        let recorded = recorded.clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT status FROM drafts WHERE id = $1")
                .bind(recorded)
                .fetch_optional(&store.pool)
                .await
                .unwrap()
                .is_some_and(|s| s == "cancelled")
        }
    })
    .await;
    let human = app
        .send(
            &admin,
            Method::POST,
            &format!("/api/conversations/{id}/messages"),
            Some(json!({"channel": "sandbox", "text": "Let me answer this one myself."})),
        )
        .await;
    assert_eq!(human.status(), StatusCode::CREATED);
    let human: Value = human.json().await.unwrap();
    let human_id = human["id"].as_str().unwrap().to_string();
    ws.wait_for("the human message is delivered", |e| {
        e["type"] == "message.status"
            && e["message_id"] == human_id.as_str()
            && e["status"] == "delivered"
    })
    .await;
    let ai_sent: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM messages WHERE lead_id = $1 AND direction = 'outbound' AND author_kind = 'ai'",
    )
    .bind(&lead)
    .fetch_one(&app.store.pool)
    .await
    .unwrap();
    assert_eq!(ai_sent, 0, "the cancelled reply was never sent");
    let delivered: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sandbox_deliveries WHERE lead_id = $1")
            .bind(&lead)
            .fetch_one(&app.store.pool)
            .await
            .unwrap();
    assert_eq!(delivered, 1, "only the human's message reached the lead");
}

#[actix_rt::test]
async fn takeover_during_a_streaming_reply_cancels_it_sqlite() {
    let app = TestApp::spawn_with(crate::helpers::Backend::Sqlite, |s| {
        s.llm.offline_word_delay = std::time::Duration::from_millis(40)
    })
    .await;
    takeover_mid_stream(app).await;
}

#[actix_rt::test]
async fn takeover_during_a_streaming_reply_cancels_it_postgres() {
    let app = TestApp::spawn_with(crate::helpers::Backend::Postgres, |s| {
        s.llm.offline_word_delay = std::time::Duration::from_millis(40)
    })
    .await;
    takeover_mid_stream(app).await;
}

/// A fresh install shows the loop: sample conversations, and the Demo SDR answers live.
#[actix_rt::test]
async fn the_demo_workspace_shows_the_whole_loop_with_no_setup() {
    let app = TestApp::spawn_with(crate::helpers::Backend::Sqlite, |s| s.seed_demo = true).await;
    let admin = app.admin().await;
    let list = app.get_json(&admin, "/api/conversations").await;
    let items = list["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 3, "{list}");
    assert_eq!(items.iter().filter(|c| c["mode"] == "human").count(), 1);

    // The lead's unanswered question is answered by the demo agent after start-up.
    let waiting = items
        .iter()
        .find(|c| {
            c["last_message_preview"]
                .as_str()
                .unwrap_or("")
                .contains("rentals")
        })
        .or_else(|| {
            items
                .iter()
                .find(|c| c["last_direction"] == "outbound" && c["mode"] == "ai")
        })
        .expect("the waiting conversation")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let store = app.store.clone();
    let id = waiting.clone();
    eventually("the demo agent answers the waiting lead", || {
        let store = store.clone();
        let id = id.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM messages WHERE conversation_id = $1 AND author_kind = 'ai' AND status = 'delivered'",
            )
            .bind(id)
            .fetch_one(&store.pool)
            .await
            .unwrap()
                >= 1
        }
    })
    .await;

    // Reply as one of the demo leads: the Demo SDR answers live, labelled offline.
    let lead = items.iter().find(|c| c["mode"] == "ai").unwrap()["lead_id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut ws = WsClient::connect(&app, &admin.token).await;
    let accepted = inbound(
        &app,
        &admin,
        &lead,
        "One more question: is parking included?",
        None,
    )
    .await;
    let conversation = accepted["conversation_id"].as_str().unwrap().to_string();
    let reply = ws
        .wait_for("the demo agent's live answer", |e| {
            is_ai_message(e, &conversation)
        })
        .await;
    assert_eq!(reply["message"]["author"]["offline"], true);
}

on_both_backends!(
    a_snoozed_conversation_is_reopened_by_its_durable_timer,
    |app| {
        let admin = app.admin().await;
        let lead = new_lead(&app, &admin, "Snoozy Lead").await;
        let id = app
            .get_json(&admin, &format!("/api/leads/{lead}/conversation"))
            .await["id"]
            .as_str()
            .unwrap()
            .to_string();
        let mut ws = WsClient::connect(&app, &admin.token).await;

        let far = omnireach::store::now_ms() + 3_600_000;
        let snoozed = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{id}/snooze"),
                Some(json!({"until": far})),
            )
            .await;
        assert_eq!(snoozed.status(), StatusCode::OK);
        let timers: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM timers WHERE lead_id = $1 AND fired_at IS NULL",
        )
        .bind(&lead)
        .fetch_one(&app.store.pool)
        .await
        .unwrap();
        assert_eq!(timers, 1, "the wake-up lives in the timers table");

        // Snoozing again replaces the timer; this one is due now.
        let now = omnireach::store::now_ms();
        let snoozed = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{id}/snooze"),
                Some(json!({"until": now})),
            )
            .await;
        let snoozed: Value = snoozed.json().await.unwrap();
        assert_eq!(snoozed["status"], "closed");
        let reopened = ws
            .wait_for("reopened by the timer", |e| {
                e["type"] == "conversation.updated"
                    && e["conversation"]["id"] == id.as_str()
                    && e["conversation"]["status"] == "open"
            })
            .await;
        assert_eq!(reopened["conversation"]["status"], "open");
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM timers WHERE lead_id = $1 AND fired_at IS NULL",
        )
        .bind(&lead)
        .fetch_one(&app.store.pool)
        .await
        .unwrap();
        assert_eq!(
            pending, 0,
            "the replaced timer was cancelled and the due one fired"
        );

        let bad = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{id}/snooze"),
                Some(json!({"until": 5})),
            )
            .await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
);

on_both_backends!(
    the_test_clock_fires_a_timer_days_ahead_and_is_refused_when_off,
    |app| {
        let admin = app.admin().await;
        let refused = app
            .send(
                &admin,
                Method::POST,
                "/api/test/clock/advance",
                Some(json!({"seconds": 60})),
            )
            .await;
        let (code, _) = error_code(refused, StatusCode::FORBIDDEN).await;
        assert_eq!(code, "test_clock_disabled");
        assert_eq!(
            app.get_json(&admin, "/api/test/clock").await["offset_ms"],
            0
        );

        let app = app
            .restart_with(|settings| settings.test_clock = true)
            .await;
        let admin = app.admin().await;
        let viewer = app.member(&admin, "viewer").await;
        let lead = new_lead(&app, &admin, "Clocky Lead").await;
        let id = app
            .get_json(&admin, &format!("/api/leads/{lead}/conversation"))
            .await["id"]
            .as_str()
            .unwrap()
            .to_string();
        let mut ws = WsClient::connect(&app, &admin.token).await;
        let two_days = 2 * 86_400_000;
        let snoozed = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{id}/snooze"),
                Some(json!({"until": omnireach::store::now_ms() + two_days})),
            )
            .await;
        assert_eq!(snoozed.status(), StatusCode::OK);

        let by_viewer = app
            .send(
                &viewer,
                Method::POST,
                "/api/test/clock/advance",
                Some(json!({"seconds": 60})),
            )
            .await;
        assert_eq!(by_viewer.status(), StatusCode::FORBIDDEN);
        for seconds in [0, -1, 400 * 86_400] {
            let bad = app
                .send(
                    &admin,
                    Method::POST,
                    "/api/test/clock/advance",
                    Some(json!({"seconds": seconds})),
                )
                .await;
            assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY, "{seconds}");
        }
        assert_eq!(
            app.get_json(&admin, "/api/test/clock").await["offset_ms"],
            0
        );

        let moved = app
            .send(
                &admin,
                Method::POST,
                "/api/test/clock/advance",
                Some(json!({"seconds": 2 * 86_400 + 60})),
            )
            .await;
        assert_eq!(moved.status(), StatusCode::OK);
        let moved: Value = moved.json().await.unwrap();
        assert_eq!(moved["offset_ms"], (2 * 86_400 + 60) * 1000);
        assert_eq!(moved["adjustable"], true);
        let reopened = ws
            .wait_for("reopened by the timer two days ahead", |e| {
                e["type"] == "conversation.updated"
                    && e["conversation"]["id"] == id.as_str()
                    && e["conversation"]["status"] == "open"
            })
            .await;
        assert_eq!(reopened["conversation"]["status"], "open");
    }
);

/// A burst far larger than the agent pool queues instead of fanning out: at most `workers`
/// generations run at once, submitters wait while the bounded queue is full, every job ends.
#[actix_rt::test]
async fn a_burst_of_ten_thousand_generations_queues_within_bounds() {
    use actix::prelude::*;
    use omnireach::actors::agent_pool::{AgentEvent, AgentJob, AgentPool};
    use omnireach::llm::{LeadFacts, Purpose, ReplyContext, Speaker, Turn};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct Collector {
        finished: Arc<AtomicUsize>,
        succeeded: Arc<AtomicUsize>,
    }
    impl Actor for Collector {
        type Context = Context<Self>;
    }
    impl Handler<AgentEvent> for Collector {
        type Result = ();
        fn handle(&mut self, event: AgentEvent, _: &mut Context<Self>) {
            if let AgentEvent::Finished { result, .. } = event {
                self.finished.fetch_add(1, Ordering::Relaxed);
                if result.is_ok_and(|g| g.offline && !g.text.is_empty()) {
                    self.succeeded.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    }

    const JOBS: usize = 10_000;
    const WORKERS: usize = 4;
    const QUEUE: usize = 100;
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite).await;
    let admin = app.admin().await;
    let pool = AgentPool::start(app.live.llm.clone(), WORKERS, QUEUE);
    let finished = Arc::new(AtomicUsize::new(0));
    let succeeded = Arc::new(AtomicUsize::new(0));
    let collector = Collector {
        finished: finished.clone(),
        succeeded: succeeded.clone(),
    }
    .start()
    .recipient();

    let (mut max_queued, mut max_running) = (0, 0);
    for i in 0..JOBS {
        pool.submit(AgentJob {
            draft_id: format!("draft-{i}"),
            context: ReplyContext {
                workspace_id: admin.workspace_id.clone(),
                agent_id: None,
                lead_id: None,
                purpose: Purpose::Test,
                lead: LeadFacts {
                    first_name: Some(format!("Lead{i}")),
                    full_name: format!("Lead{i} Burst"),
                    company: None,
                    title: None,
                    stage: "lead".into(),
                },
                thread: vec![Turn {
                    speaker: Speaker::Lead,
                    channel: "sandbox".into(),
                    text: format!("Question {i}: what does it cost?"),
                }],
            },
            cancel: tokio_util::sync::CancellationToken::new(),
            reply_to: collector.clone(),
        })
        .await;
        let (queued, running) = pool.load();
        max_queued = max_queued.max(queued);
        max_running = max_running.max(running);
    }
    assert!(
        max_running <= WORKERS,
        "at most {WORKERS} at once, saw {max_running}"
    );
    assert!(
        max_queued <= QUEUE + 1,
        "the queue stays bounded, saw {max_queued}"
    );
    let done = finished.clone();
    eventually("every queued generation finishes", || {
        let done = done.clone();
        async move { done.load(Ordering::Relaxed) == JOBS }
    })
    .await;
    assert_eq!(succeeded.load(Ordering::Relaxed), JOBS);
}

on_both_backends!(
    an_agent_at_its_daily_limit_drafts_instead_of_sending,
    |app| {
        let admin = app.admin().await;
        let input = omnireach::store::AgentInput {
            name: "Two a day".into(),
            persona_id: None,
            provider: "auto".into(),
            model: None,
            temperature: 0.3,
            autonomy: "autonomous".into(),
            channels: vec!["sandbox".into()],
            daily_limit: 2,
            enabled: true,
        };
        let agent = app
            .store
            .agents()
            .create(&admin.workspace_id, &input)
            .await
            .unwrap();
        let mut ws = WsClient::connect(&app, &admin.token).await;
        // Three leads, one message each: the first two replies go out, the third waits.
        for (n, name) in ["Grace Hopper", "Edsger Dijkstra", "Barbara Liskov"]
            .iter()
            .enumerate()
        {
            let lead = new_lead(&app, &admin, name).await;
            let accepted = inbound(&app, &admin, &lead, "What does it cost?", None).await;
            let conversation_id = accepted["conversation_id"].as_str().unwrap().to_string();
            if n < 2 {
                ws.wait_for("the AI reply", |e| is_ai_message(e, &conversation_id))
                    .await;
            } else {
                eventually("the reply held as a draft", || {
                    let app = &app;
                    let admin = &admin;
                    let conversation_id = conversation_id.clone();
                    async move {
                        let detail = app
                            .get_json(admin, &format!("/api/conversations/{conversation_id}"))
                            .await;
                        detail["pending_draft"] == true
                    }
                })
                .await;
            }
        }
        let sent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM messages WHERE author_id = $1 AND direction = 'outbound'",
        )
        .bind(&agent.id)
        .fetch_one(&app.store.pool)
        .await
        .unwrap();
        assert_eq!(sent, 2, "the third reply must not be sent");
        let listed = app
            .get_json(&admin, &format!("/api/agents/{}", agent.id))
            .await;
        assert_eq!(listed["sent_today"], 2);
        assert_eq!(
            app.store
                .agents()
                .sent_today(&admin.workspace_id, &agent.id)
                .await
                .unwrap(),
            2
        );
        // Another workspace naming this agent reads nothing.
        assert_eq!(
            app.store
                .agents()
                .sent_today("another-workspace", &agent.id)
                .await
                .unwrap(),
            0
        );
    }
);
