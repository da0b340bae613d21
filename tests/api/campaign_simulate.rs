//! `POST /api/campaigns/{id}/simulate`: a campaign's workflow on virtual time for one lead,
//! with nothing sent or stored; the lead's scripted actions and forced branches; quiet hours;
//! bad input; roles and tenant isolation.

use crate::campaign_validate::campaign;
use crate::helpers::{Session, TestApp, error_code};
use crate::on_both_backends;
use crate::workflow_engine::published_workflow;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Monday 2026-11-30 15:00 UTC.
const MONDAY_3PM_UTC: i64 = 1_796_050_800_000;
const DAY_MS: i64 = 86_400_000;

fn graph() -> Value {
    json!({
        "format": "omnireach.workflow", "version": 1,
        "nodes": [
            {"id": "trigger", "type": "trigger", "data": {"kind": "manual"}},
            {"id": "ai", "type": "ai_generate", "data": {"channel": "email",
                "instructions": "Open with their company"}},
            {"id": "email", "type": "send", "data": {"channel": "email",
                "source": "previous_draft", "subject": "Hello {{first_name}}"}},
            {"id": "wait", "type": "wait_for_event",
                "data": {"events": ["reply"], "timeout_seconds": 172_800}},
            {"id": "vip", "type": "decision",
                "data": {"condition": {"in": ["vip", {"var": "lead.tags"}]}}},
            {"id": "sms", "type": "send", "data": {"channel": "sms", "source": "text",
                "body": "Hi {{first_name}}, did my email reach you?"}},
            {"id": "goal", "type": "end", "data": {"outcome": "goal"}},
            {"id": "stop", "type": "end", "data": {"outcome": "end"}}
        ],
        "edges": [
            {"id": "e1", "source": "trigger", "target": "ai"},
            {"id": "e2", "source": "ai", "target": "email"},
            {"id": "e3", "source": "email", "target": "wait"},
            {"id": "e4", "source": "wait", "sourceHandle": "event", "target": "goal"},
            {"id": "e5", "source": "wait", "sourceHandle": "timeout", "target": "vip"},
            {"id": "e6", "source": "vip", "sourceHandle": "yes", "target": "sms"},
            {"id": "e7", "source": "vip", "sourceHandle": "no", "target": "stop"},
            {"id": "e8", "source": "sms", "target": "goal"}
        ]
    })
}

async fn simulate(app: &TestApp, session: &Session, id: &str, body: Value) -> Value {
    let path = format!("/api/campaigns/{id}/simulate");
    let response = app.send(session, Method::POST, &path, Some(body)).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn kinds(simulation: &Value) -> Vec<&str> {
    simulation["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect()
}

fn step<'a>(simulation: &'a Value, node_id: &str) -> &'a Value {
    simulation["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["node_id"] == node_id && s["kind"] != "blocked")
        .unwrap_or_else(|| panic!("no step for {node_id}: {simulation:#}"))
}

async fn count(app: &TestApp, sql: &'static str, workspace_id: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .bind(workspace_id)
        .fetch_one(&app.store.pool)
        .await
        .unwrap()
}

on_both_backends!(a_simulation_walks_every_path_and_sends_nothing, |app| {
    app.store.clock.set(MONDAY_3PM_UTC);
    let admin = app.admin().await;
    let workflow = published_workflow(&app, &admin, &graph()).await;
    let id = campaign(&app, &admin, &workflow, &[]).await;
    let lead = app
        .create_lead(
            &admin,
            json!({"first_name": "Ada", "last_name": "Byron", "email": "ada@leads.example",
                    "phone": "+442079460000", "timezone": "Europe/London", "tags": ["vip"],
                    "consents": {"sms": {"status": "granted", "source": "web form"}}}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let messages_before = count(
        &app,
        "SELECT COUNT(*) FROM messages WHERE workspace_id = $1",
        &admin.workspace_id,
    )
    .await;

    // Nobody replies: draft, email, two days' wait, the VIP branch, the SMS, the goal.
    let quiet = simulate(&app, &admin, &id, json!({"lead_id": lead})).await;
    assert_eq!(
        kinds(&quiet),
        [
            "ai_draft", "send", "wait", "decision", "decision", "send", "end"
        ],
        "{quiet:#}"
    );
    assert_eq!(
        (quiet["outcome"].as_str(), quiet["sends"].as_i64()),
        (Some("goal"), Some(2))
    );
    assert_eq!(
        quiet["lead"],
        json!({"id": lead, "name": "Ada Byron", "sample": false})
    );
    let start = quiet["started_at_ms"].as_i64().unwrap();
    assert!(
        (start - MONDAY_3PM_UTC).abs() < 60_000,
        "the server's clock: {start}"
    );
    let draft = step(&quiet, "ai");
    assert_eq!(draft["detail"]["generator"], "offline");
    let email = step(&quiet, "email");
    assert_eq!(email["detail"]["body"], draft["detail"]["body"]);
    assert_eq!(email["detail"]["subject"], "Hello Ada");
    assert_eq!(
        step(&quiet, "wait")["detail"]["wake_at_ms"],
        json!(start + 2 * DAY_MS)
    );
    let sms = step(&quiet, "sms");
    assert_eq!(sms["offset_seconds"], 172_800);
    assert_eq!(sms["detail"]["body"], "Hi Ada, did my email reach you?");
    assert_eq!(step(&quiet, "vip")["detail"]["result"], true);

    // Forcing the decision's other branch ends without the SMS, and says so.
    let forced = simulate(
        &app,
        &admin,
        &id,
        json!({"lead_id": lead, "outcomes": {"decisions": {"vip": "no"}}}),
    )
    .await;
    assert_eq!(
        (forced["outcome"].as_str(), forced["sends"].as_i64()),
        (Some("completed"), Some(1))
    );
    let vip = step(&forced, "vip");
    assert!(
        vip["summary"].as_str().unwrap().contains("as you chose"),
        "{vip}"
    );

    // A reply on day one: the reply exit rule stops the run before the SMS.
    let replied = simulate(
            &app,
            &admin,
            &id,
            json!({"lead_id": lead, "outcomes": {"events": [{"event": "reply", "after_seconds": 86_400}]}}),
        )
        .await;
    assert_eq!(replied["outcome"], "exited_reply", "{replied:#}");
    assert_eq!(
        kinds(&replied),
        ["ai_draft", "send", "wait", "event", "exit"]
    );
    assert_eq!(replied["steps"][4]["offset_seconds"], 86_400);

    // Unsubscribing right after the first email exits with that reason.
    let gone = simulate(
            &app,
            &admin,
            &id,
            json!({"lead_id": lead, "outcomes": {"events": [{"event": "unsubscribe", "after_seconds": 0}]}}),
        )
        .await;
    assert_eq!(
        (gone["outcome"].as_str(), gone["sends"].as_i64()),
        (Some("exited_unsubscribe"), Some(1))
    );

    // Nothing was sent or stored: no message, no run; the drafts are logged as LLM calls.
    let messages_after = count(
        &app,
        "SELECT COUNT(*) FROM messages WHERE workspace_id = $1",
        &admin.workspace_id,
    )
    .await;
    assert_eq!(messages_after, messages_before);
    let runs = count(
        &app,
        "SELECT COUNT(*) FROM workflow_runs WHERE workspace_id = $1",
        &admin.workspace_id,
    )
    .await;
    assert_eq!(runs, 0);
    let logged = count(
        &app,
        "SELECT COUNT(*) FROM llm_requests WHERE workspace_id = $1 AND purpose = 'simulate'",
        &admin.workspace_id,
    )
    .await;
    assert_eq!(logged, 4, "one draft per simulation");
});

on_both_backends!(
    quiet_hours_and_consent_show_as_blocks_in_the_timeline,
    |app| {
        app.store.clock.set(MONDAY_3PM_UTC);
        let admin = app.admin().await;
        let workflow = published_workflow(&app, &admin, &graph()).await;
        let id = campaign(&app, &admin, &workflow, &[]).await;
        // Two days after Monday 15:00 UTC it is 00:00 in Tokyo: the SMS waits for 08:00.
        let tokyo = app
            .create_lead(
                &admin,
                json!({"first_name": "Kenji", "email": "kenji@leads.example",
                    "phone": "+81312345678", "timezone": "Asia/Tokyo", "tags": ["vip"],
                    "consents": {"sms": {"status": "granted", "source": "web form"}}}),
            )
            .await["id"]
            .as_str()
            .unwrap()
            .to_string();
        let night = simulate(&app, &admin, &id, json!({"lead_id": tokyo})).await;
        let held = night["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["kind"] == "blocked")
            .unwrap_or_else(|| panic!("a quiet-hours hold: {night:#}"));
        assert_eq!(held["node_id"], "sms");
        assert!(
            held["detail"]["reason"]
                .as_str()
                .unwrap()
                .contains("Quiet hours"),
            "{held}"
        );
        let wake = held["detail"]["wake_at_ms"].as_i64().unwrap();
        assert_eq!(wake % DAY_MS, 23 * 3_600_000, "08:00 in Tokyo is 23:00 UTC");
        assert_eq!(step(&night, "sms")["at_ms"], json!(wake));
        assert_eq!(night["outcome"], "goal");

        // The sample lead, tagged VIP but with SMS consent revoked: the send is refused.
        let refused = simulate(
            &app,
            &admin,
            &id,
            json!({"sample_lead": {"first_name": "Sam", "tags": ["vip"],
                "consent": {"sms": "revoked"}}}),
        )
        .await;
        assert_eq!(
            refused["lead"],
            json!({"id": null, "name": "Sam Rivera", "sample": true})
        );
        assert_eq!(refused["outcome"], "failed", "{refused:#}");
        let last = refused["steps"].as_array().unwrap().last().unwrap();
        assert_eq!(
            (last["kind"].as_str(), last["node_id"].as_str()),
            (Some("blocked"), Some("sms"))
        );
        assert!(
            last["detail"]["reason"]
                .as_str()
                .unwrap()
                .contains("revoked"),
            "{last}"
        );
    }
);

#[actix_rt::test]
async fn bad_simulation_requests_are_refused_with_what_to_fix() {
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite).await;
    let admin = app.admin().await;
    let rival = app.other_workspace_admin(&admin).await;
    let workflow = published_workflow(&app, &admin, &graph()).await;
    let id = campaign(&app, &admin, &workflow, &[]).await;
    let path = format!("/api/campaigns/{id}/simulate");
    let foreign_lead = app
        .create_lead(
            &rival,
            json!({"first_name": "Eve", "email": "eve@rival.example"}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();

    for (body, field) in [
        (
            json!({"outcomes": {"events": [{"event": "dance", "after_seconds": 10}]}}),
            "outcomes.events[0].event",
        ),
        (
            json!({"outcomes": {"events": [{"event": "reply", "after_seconds": -5}]}}),
            "outcomes.events[0].after_seconds",
        ),
        (
            json!({"outcomes": {"decisions": {"nope": "yes"}}}),
            "outcomes.decisions.nope",
        ),
        (
            json!({"outcomes": {"decisions": {"vip": "maybe"}}}),
            "outcomes.decisions.vip",
        ),
        (
            json!({"outcomes": {"variants": {"vip": "A"}}}),
            "outcomes.variants.vip",
        ),
        (
            json!({"sample_lead": {"timezone": "Mars/Olympus"}}),
            "sample_lead.timezone",
        ),
        (
            json!({"sample_lead": {"consent": {"sms": "maybe"}}}),
            "sample_lead.consent.sms",
        ),
        (
            json!({"sample_lead": {"shoe_size": 44}}),
            "sample_lead.shoe_size",
        ),
        (json!({"lead_id": "x", "sample_lead": true}), "sample_lead"),
    ] {
        let response = app
            .send(&admin, Method::POST, &path, Some(body.clone()))
            .await;
        let (code, error) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(code, "validation_failed", "{body}");
        assert!(error.to_string().contains(field), "{body}: {error}");
    }
    let response = app
        .send(
            &admin,
            Method::POST,
            &path,
            Some(json!({"lead_id": foreign_lead})),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "another workspace's lead"
    );
    let response = app
        .send(&admin, Method::POST, &path, Some(json!({"outcome": {}})))
        .await;
    let (code, _) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(code, "invalid_field", "a misspelt field");
    let response = app.send(&rival, Method::POST, &path, Some(json!({}))).await;
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "another workspace's campaign"
    );
    let viewer = app.member(&admin, "viewer").await;
    let response = app
        .send(&viewer, Method::POST, &path, Some(json!({})))
        .await;
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "a viewer spends no AI budget"
    );
    // The sample lead by default: the workflow runs (untagged, so no SMS).
    let sample = simulate(&app, &admin, &id, json!({})).await;
    assert_eq!(
        (sample["outcome"].as_str(), sample["sends"].as_i64()),
        (Some("completed"), Some(1))
    );
}
