//! The durable workflow engine through the real API, on both databases, with the test clock:
//! the demo workflow (email → wait for a reply 2 days → SMS where consented, else a LinkedIn
//! task → wait 1 day → hand to the AI) for leads who reply, who don't, who unsubscribe and who
//! book a meeting; caps that keep a resumed campaign from bursting; retry and park.

use crate::helpers::{Session, TestApp, eventually};
use crate::on_both_backends;
use omnireach::store::{BookingChange, NewSuppression, Store, SuppressionReason};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Stores `graph` as version 1 of a new workflow (the workflows API is another module's).
pub async fn published_workflow(app: &TestApp, session: &Session, graph: &Value) -> String {
    insert_published_workflow(&app.store, &session.workspace_id, graph).await
}

/// [`published_workflow`] straight into a store (for tests that drive a spawned server).
pub async fn insert_published_workflow(store: &Store, workspace_id: &str, graph: &Value) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    let now = chrono::Utc::now().timestamp_millis();
    sqlx::query(
        "INSERT INTO workflows (id, workspace_id, name, draft, latest_version, created_at, \
         updated_at) VALUES ($1, $2, 'Demo', $3, 1, $4, $4)",
    )
    .bind(&id)
    .bind(workspace_id)
    .bind(graph.to_string())
    .bind(now)
    .execute(&store.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO workflow_versions (workflow_id, version, workspace_id, graph, published_at) \
         VALUES ($1, 1, $2, $3, $4)",
    )
    .bind(&id)
    .bind(workspace_id)
    .bind(graph.to_string())
    .bind(now)
    .execute(&store.pool)
    .await
    .unwrap();
    id
}

pub fn demo_graph() -> Value {
    json!({
        "format": "omnireach.workflow", "version": 1,
        "settings": {"exit_on": {"reply": true, "unsubscribe": true, "meeting_booked": true, "stage_change": false}},
        "nodes": [
            {"id": "trigger", "type": "trigger", "data": {"kind": "manual"}},
            {"id": "email1", "type": "send", "data": {"channel": "email", "source": "text",
                "subject": "Quick question, {{first_name}}", "body": "Hi {{first_name}}, worth a chat?"}},
            {"id": "wait_reply", "type": "wait_for_event", "data": {"events": ["reply"], "timeout_seconds": 172800}},
            {"id": "fallback", "type": "channel_fallback", "data": {"channels": ["sms", "linkedin"],
                "source": "text", "body": "Hi {{first_name}}, did you see my email?"}},
            {"id": "wait_day", "type": "wait", "data": {"mode": "duration", "seconds": 86400}},
            {"id": "handoff", "type": "hand_off", "data": {"to": "ai"}},
            {"id": "done", "type": "end", "data": {"outcome": "goal"}}
        ],
        "edges": [
            {"id": "e1", "source": "trigger", "target": "email1"},
            {"id": "e2", "source": "email1", "target": "wait_reply"},
            {"id": "e3", "source": "wait_reply", "target": "fallback", "sourceHandle": "timeout"},
            {"id": "e4", "source": "wait_reply", "target": "done", "sourceHandle": "event"},
            {"id": "e5", "source": "fallback", "target": "wait_day", "sourceHandle": "sent"},
            {"id": "e6", "source": "fallback", "target": "wait_day", "sourceHandle": "none"},
            {"id": "e7", "source": "wait_day", "target": "handoff"},
            {"id": "e8", "source": "handoff", "target": "done"}
        ]
    })
}

async fn lead(app: &TestApp, session: &Session, name: &str, sms: bool) -> String {
    let mut body = json!({
        "first_name": name, "last_name": "Test",
        "email": format!("{}@leads.example", name.to_lowercase()),
        "phone": format!("+1212555{:04}", uuid::Uuid::new_v4().as_u128() % 10_000),
        "timezone": crate::twilio::daytime_zone(),
    });
    if sms {
        body["consents"] = json!({"sms": {"status": "granted", "source": "web form"}});
    }
    app.create_lead(session, body).await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

pub async fn launch(
    app: &TestApp,
    session: &Session,
    workflow_id: &str,
    lead_ids: &[String],
    extra: Value,
) -> Value {
    let mut body = json!({"name": "Demo campaign", "workflow_id": workflow_id,
        "audience": {"kind": "manual", "lead_ids": lead_ids}});
    for (k, v) in extra.as_object().cloned().unwrap_or_default() {
        body[k] = v;
    }
    let response = app
        .send(session, Method::POST, "/api/campaigns", Some(body))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let campaign: Value = response.json().await.unwrap();
    let id = campaign["id"].as_str().unwrap();
    let response = app
        .send(
            session,
            Method::POST,
            &format!("/api/campaigns/{id}/launch"),
            None,
        )
        .await;
    let status = response.status();
    let launched: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{launched}");
    launched
}

async fn run_of(app: &TestApp, session: &Session, campaign_id: &str, lead_id: &str) -> Value {
    let runs = app
        .get_json(
            session,
            &format!("/api/campaigns/{campaign_id}/runs?limit=500"),
        )
        .await;
    let run = runs["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["lead_id"] == lead_id)
        .cloned()
        .expect("the lead has a run");
    app.get_json(
        session,
        &format!("/api/runs/{}", run["id"].as_str().unwrap()),
    )
    .await
}

/// Waits until the lead's run is at `node` with `status`.
pub async fn run_reaches(
    app: &TestApp,
    session: &Session,
    campaign_id: &str,
    lead_id: &str,
    status: &str,
    node: &str,
) -> Value {
    crate::helpers::eventually_some(&format!("the run reaches {status} at {node}"), || {
        let fut = run_of(app, session, campaign_id, lead_id);
        async move {
            let run = fut.await;
            (run["status"] == status && run["current_node"] == node).then_some(run)
        }
    })
    .await
}

/// Channel of every sandbox delivery to the lead, in order, with its idempotency key.
async fn deliveries(app: &TestApp, lead_id: &str) -> Vec<(String, String)> {
    sqlx::query_as::<_, (String, String)>(
        "SELECT channel, idempotency_key FROM sandbox_deliveries WHERE lead_id = $1 ORDER BY delivered_at, idempotency_key",
    )
    .bind(lead_id)
    .fetch_all(&app.store.pool)
    .await
    .unwrap()
}

async fn linkedin_tasks(app: &TestApp, lead_id: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT idempotency_key FROM linkedin_tasks WHERE lead_id = $1")
        .bind(lead_id)
        .fetch_all(&app.store.pool)
        .await
        .unwrap()
}

async fn conversation_mode(app: &TestApp, lead_id: &str) -> String {
    sqlx::query_scalar("SELECT mode FROM conversations WHERE lead_id = $1")
        .bind(lead_id)
        .fetch_one(&app.store.pool)
        .await
        .unwrap()
}

on_both_backends!(demo_workflow_takes_each_lead_down_its_path, |app| {
    app.store.clock.make_adjustable();
    let admin = app.admin().await;
    // The hand-off names an agent: it becomes the conversation's own.
    let response = app
        .send(
            &admin,
            Method::POST,
            "/api/agents",
            Some(json!({"name": "Follow-up closer", "channels": ["sms", "email"]})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let closer = response.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut graph = demo_graph();
    graph["nodes"][5]["data"]["agent_id"] = json!(closer);
    // Every lead starts in human mode so the hand-off to the AI is visible.
    let workflow = published_workflow(&app, &admin, &graph).await;
    let replier = lead(&app, &admin, "Rita", true).await;
    let silent_sms = lead(&app, &admin, "Sam", true).await;
    let silent_linkedin = lead(&app, &admin, "Lin", false).await;
    let unsubscriber = lead(&app, &admin, "Uma", true).await;
    let booker = lead(&app, &admin, "Bo", true).await;
    let all = vec![
        replier.clone(),
        silent_sms.clone(),
        silent_linkedin.clone(),
        unsubscriber.clone(),
        booker.clone(),
    ];
    let launched = launch(&app, &admin, &workflow, &all, json!({})).await;
    assert_eq!(launched["enrollment"]["enrolled"], 5, "{launched}");
    let campaign = launched["campaign"]["id"].as_str().unwrap().to_string();

    // Everyone gets the first email and waits for a reply.
    for lead_id in &all {
        run_reaches(&app, &admin, &campaign, lead_id, "waiting", "wait_reply").await;
    }
    for lead_id in &all {
        eventually("the first email is delivered", || async {
            deliveries(&app, lead_id).await.len() == 1
        })
        .await;
    }

    // Rita replies; Uma unsubscribes; Bo books a meeting.
    let response = app
        .send(
            &admin,
            Method::POST,
            "/api/sandbox/inbound",
            Some(json!({"lead_id": replier, "channel": "email", "text": "Sure, tell me more"})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    app.store
        .compliance()
        .suppress(&NewSuppression {
            workspace_id: &admin.workspace_id,
            channel: None,
            address: "uma@leads.example",
            reason: SuppressionReason::Unsubscribe,
            source: Some("unsubscribe link"),
            lead_id: Some(&unsubscriber),
        })
        .await
        .unwrap();
    let conversation = app
        .store
        .conversations()
        .ensure_for_lead(&admin.workspace_id, &booker, None)
        .await
        .unwrap();
    app.store
        .integrations()
        .record_booking(
            &conversation,
            &BookingChange {
                workspace_id: &admin.workspace_id,
                provider: "calendly",
                event_key: "booking-1:created",
                external_id: "booking-1",
                title: Some("Intro"),
                start_at: None,
                end_at: None,
                status: "scheduled",
                event_uri: None,
                cancel_url: None,
                reschedule_url: None,
                cancel_reason: None,
                replaces: None,
                note: "Meeting booked",
            },
        )
        .await
        .unwrap();
    for (lead_id, reason) in [
        (&replier, "reply"),
        (&unsubscriber, "unsubscribe"),
        (&booker, "meeting_booked"),
    ] {
        let run = run_reaches(&app, &admin, &campaign, lead_id, "exited", "wait_reply").await;
        assert_eq!(run["exit_reason"], reason, "{run}");
    }

    // Two days pass: Sam gets an SMS (consented), Lin a LinkedIn task (no SMS consent).
    app.store.clock.advance(172_800 + 60).unwrap();
    for lead_id in [&silent_sms, &silent_linkedin] {
        run_reaches(&app, &admin, &campaign, lead_id, "waiting", "wait_day").await;
    }
    eventually("the SMS is delivered", || async {
        deliveries(&app, &silent_sms).await.len() == 2
    })
    .await;
    eventually("the LinkedIn task exists", || async {
        linkedin_tasks(&app, &silent_linkedin).await.len() == 1
    })
    .await;

    // A day later both are handed to the AI and the runs complete.
    app.store.clock.advance(86_400 + 60).unwrap();
    for lead_id in [&silent_sms, &silent_linkedin] {
        let run = run_reaches(&app, &admin, &campaign, lead_id, "completed", "done").await;
        let path: Vec<&str> = run["node_runs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["node_id"].as_str().unwrap())
            .collect();
        assert_eq!(
            path,
            [
                "trigger",
                "email1",
                "wait_reply",
                "fallback",
                "wait_day",
                "handoff",
                "done"
            ],
            "{run}"
        );
        assert_eq!(conversation_mode(&app, lead_id).await, "ai");
        let agent: Option<String> =
            sqlx::query_scalar("SELECT agent_id FROM conversations WHERE lead_id = $1")
                .bind(lead_id)
                .fetch_one(&app.store.pool)
                .await
                .unwrap();
        assert_eq!(agent.as_deref(), Some(closer.as_str()));
    }

    // The exact sends, each once, keyed by run and node.
    let sam = deliveries(&app, &silent_sms).await;
    assert_eq!(
        sam.iter().map(|d| d.0.as_str()).collect::<Vec<_>>(),
        ["email", "sms"]
    );
    assert!(
        sam[0].1.starts_with("wf:") && sam[0].1.ends_with(":email1"),
        "{sam:?}"
    );
    assert!(sam[1].1.ends_with(":fallback"), "{sam:?}");
    let lin = deliveries(&app, &silent_linkedin).await;
    assert_eq!(
        lin.iter().map(|d| d.0.as_str()).collect::<Vec<_>>(),
        ["email"]
    );
    assert!(linkedin_tasks(&app, &silent_linkedin).await[0].ends_with(":fallback"));
    for lead_id in [&replier, &unsubscriber, &booker] {
        assert_eq!(
            deliveries(&app, lead_id).await.len(),
            1,
            "nothing after the exit"
        );
        assert!(linkedin_tasks(&app, lead_id).await.is_empty());
    }

    let stats = app
        .get_json(&admin, &format!("/api/campaigns/{campaign}/stats"))
        .await;
    assert_eq!(stats["totals"]["enrolled"], 5, "{stats}");
    assert_eq!(stats["totals"]["due"], 0, "nothing left to do now: {stats}");
    assert_eq!(stats["totals"]["completed"], 2, "{stats}");
    assert_eq!(stats["totals"]["exited"], 3, "{stats}");
    assert_eq!(stats["totals"]["exited_by_reason"]["reply"], 1, "{stats}");
    // Five emails, the SMS and the LinkedIn task; the task is not "delivered".
    assert_eq!(stats["totals"]["sent"], 7, "{stats}");
    assert_eq!(stats["totals"]["delivered"], 6, "{stats}");
    assert_eq!(stats["totals"]["meetings"], 1, "{stats}");
    // Rita's "Sure, tell me more" is a positive reply.
    assert_eq!(stats["totals"]["replied"], 1, "{stats}");
    assert_eq!(stats["totals"]["positive_replies"], 1, "{stats}");
    assert_eq!(stats["nodes"]["fallback"]["succeeded"], 2, "{stats}");
});

on_both_backends!(
    caps_hold_sends_and_a_resumed_campaign_does_not_burst,
    |app| {
        app.store.clock.make_adjustable();
        let admin = app.admin().await;
        let workflow = published_workflow(&app, &admin, &demo_graph()).await;
        let mut leads = Vec::new();
        for i in 0..6 {
            leads.push(lead(&app, &admin, &format!("Cap{i}x"), false).await);
        }
        let launched = launch(
            &app,
            &admin,
            &workflow,
            &leads,
            json!({"hourly_throttle": 2}),
        )
        .await;
        let campaign = launched["campaign"]["id"].as_str().unwrap().to_string();
        let sent = || async {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM sandbox_deliveries WHERE idempotency_key LIKE 'wf:%'",
            )
            .fetch_one(&app.store.pool)
            .await
            .unwrap()
        };
        eventually("two sends in the first hour", || async {
            sent().await == 2
        })
        .await;
        // Two wait for a reply, four are held by the throttle: all six are waiting.
        eventually("every run waits", || async {
            let runs = app
                .get_json(
                    &admin,
                    &format!("/api/campaigns/{campaign}/runs?status=waiting"),
                )
                .await;
            runs["items"].as_array().unwrap().len() == 6
        })
        .await;
        assert_eq!(sent().await, 2, "the throttle holds the rest");

        // Paused for a day: on resume the held sends go out two per hour, not all at once.
        let response = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/campaigns/{campaign}/pause"),
                None,
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        app.store.clock.advance(86_400).unwrap();
        let response = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/campaigns/{campaign}/resume"),
                None,
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        eventually("two more sends after the resume", || async {
            sent().await == 4
        })
        .await;
        let held = app
            .get_json(
                &admin,
                &format!("/api/campaigns/{campaign}/runs?status=waiting"),
            )
            .await;
        let at_email = held["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["current_node"] == "email1")
            .count();
        assert_eq!(
            at_email, 2,
            "two leads are still held by the throttle: {held}"
        );
        // Held again after the resume: the open step says the new time, not the first one.
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT wake_at, waiting_for FROM workflow_runs WHERE campaign_id = $1 \
             AND current_node = 'email1' AND status = 'waiting'",
        )
        .bind(&campaign)
        .fetch_all(&app.store.pool)
        .await
        .unwrap();
        for (wake_at, waiting_for) in rows {
            let waiting: Value = serde_json::from_str(&waiting_for).unwrap();
            assert_eq!(waiting["until"], wake_at, "{waiting}");
        }
        assert_eq!(sent().await, 4, "no burst");
        app.store.clock.advance(3_600).unwrap();
        eventually("the last two go out an hour later", || async {
            sent().await == 6
        })
        .await;
    }
);

on_both_backends!(
    a_failing_step_retries_then_parks_and_can_be_retried,
    |app| {
        app.store.clock.make_adjustable();
        let admin = app.admin().await;
        // A hand-off to a human without an assignee cannot succeed.
        let graph = json!({
            "nodes": [
                {"id": "t", "type": "trigger", "data": {"kind": "manual"}},
                {"id": "h", "type": "hand_off", "data": {"to": "human"}}
            ],
            "edges": [{"id": "e", "source": "t", "target": "h"}]
        });
        let workflow = published_workflow(&app, &admin, &graph).await;
        let lead_id = lead(&app, &admin, "Fay", false).await;
        let launched = launch(
            &app,
            &admin,
            &workflow,
            std::slice::from_ref(&lead_id),
            json!({}),
        )
        .await;
        let campaign = launched["campaign"]["id"].as_str().unwrap().to_string();
        // Each failure backs off (1 s, 2 s, 4 s, ...); moving the clock makes the retries due.
        let run = crate::helpers::eventually_some("the run is parked as failed", || {
            let app = &app;
            let admin = &admin;
            let campaign = &campaign;
            let lead_id = &lead_id;
            async move {
                app.store.clock.advance(600).unwrap();
                let run = run_of(app, admin, campaign, lead_id).await;
                (run["status"] == "failed").then_some(run)
            }
        })
        .await;
        assert!(
            run["error"].as_str().unwrap().contains("assignee_id"),
            "{run}"
        );
        let attempts: Vec<i64> = run["node_runs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["node_id"] == "h")
            .map(|n| n["attempt"].as_i64().unwrap())
            .collect();
        assert_eq!(attempts, [1, 2, 3, 4, 5], "{run}");

        let viewer = app.member(&admin, "viewer").await;
        let path = format!("/api/runs/{}/retry", run["id"].as_str().unwrap());
        let response = app.send(&viewer, Method::POST, &path, None).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let response = app.send(&admin, Method::POST, &path, None).await;
        let retried: Value = response.json().await.unwrap();
        assert_eq!(retried["status"], "active", "{retried}");
        assert_eq!(retried["error"], Value::Null);
    }
);

on_both_backends!(campaign_endpoints_check_input_roles_and_tenants, |app| {
    let admin = app.admin().await;
    let workflow = published_workflow(&app, &admin, &demo_graph()).await;
    // Bad input: a clear 422 naming the fields, nothing written.
    let response = app
        .send(&admin, Method::POST, "/api/campaigns",
            Some(json!({"name": "", "workflow_id": "nope", "audience": {"kind": "everyone"}, "daily_cap": 0})))
        .await;
    let (code, body) = crate::helpers::error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(code, "validation_failed");
    for field in ["name", "workflow_id", "audience", "daily_cap"] {
        assert!(
            body["error"]["details"]["fields"][field].is_string(),
            "{field}: {body}"
        );
    }
    assert!(
        app.get_json(&admin, "/api/campaigns").await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // A never-published workflow cannot be launched.
    let draft_only = published_workflow(&app, &admin, &demo_graph()).await;
    sqlx::query("DELETE FROM workflow_versions WHERE workflow_id = $1")
        .bind(&draft_only)
        .execute(&app.store.pool)
        .await
        .unwrap();
    let created: Value = app
        .send(
            &admin,
            Method::POST,
            "/api/campaigns",
            Some(json!({"name": "x", "workflow_id": draft_only})),
        )
        .await
        .json()
        .await
        .unwrap();
    let response = app
        .send(
            &admin,
            Method::POST,
            &format!("/api/campaigns/{}/launch", created["id"].as_str().unwrap()),
            None,
        )
        .await;
    let (code, _) = crate::helpers::error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(code, "workflow_not_published");

    // Viewers read but do not write; another workspace sees nothing.
    let lead_id = lead(&app, &admin, "Vic", false).await;
    let launched = launch(&app, &admin, &workflow, &[lead_id], json!({})).await;
    let campaign = launched["campaign"]["id"].as_str().unwrap().to_string();
    let viewer = app.member(&admin, "viewer").await;
    assert_eq!(
        app.get_json(&viewer, &format!("/api/campaigns/{campaign}"))
            .await["id"],
        campaign.as_str()
    );
    let edit = json!({"name": "Renamed"});
    for (method, path, body) in [
        (
            Method::POST,
            "/api/campaigns".to_string(),
            json!({"name": "x", "workflow_id": workflow}),
        ),
        (
            Method::POST,
            format!("/api/campaigns/{campaign}/pause"),
            json!({}),
        ),
        (
            Method::POST,
            format!("/api/campaigns/{campaign}/enroll"),
            json!({"lead_ids": ["x"]}),
        ),
        (
            Method::PATCH,
            format!("/api/campaigns/{campaign}"),
            edit.clone(),
        ),
    ] {
        let response = app.send(&viewer, method, &path, Some(body)).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let rival = app.other_workspace_admin(&admin).await;
    let run_id = app
        .get_json(&admin, &format!("/api/campaigns/{campaign}/runs"))
        .await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    for path in [
        format!("/api/campaigns/{campaign}"),
        format!("/api/campaigns/{campaign}/runs"),
        format!("/api/campaigns/{campaign}/stats"),
        format!("/api/runs/{run_id}"),
    ] {
        let response = app.send(&rival, Method::GET, &path, None).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let response = app
        .send(
            &rival,
            Method::POST,
            &format!("/api/runs/{run_id}/cancel"),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = app
        .send(
            &rival,
            Method::POST,
            &format!("/api/campaigns/{campaign}/enroll"),
            Some(json!({"lead_ids": ["x"]})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(
        app.get_json(&rival, "/api/campaigns").await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Enrolling another workspace's lead skips it with the reason.
    let foreign = app
        .create_lead(
            &rival,
            json!({"first_name": "F", "email": "f@rival.example"}),
        )
        .await;
    let report: Value = app
        .send(
            &admin,
            Method::POST,
            &format!("/api/campaigns/{campaign}/enroll"),
            Some(json!({"lead_ids": [foreign["id"]]})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["enrolled"], 0, "{report}");
    assert_eq!(report["skipped"][0]["lead_id"], foreign["id"], "{report}");
});
