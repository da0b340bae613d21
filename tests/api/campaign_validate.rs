//! `POST /api/campaigns/{id}/validate`: the draft workflow before launch, the pinned version
//! after, and the audience's consent counted from the workspace's own leads only.

use crate::helpers::{Session, TestApp};
use crate::on_both_backends;
use crate::workflow_engine::published_workflow;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn sms_graph() -> Value {
    json!({
        "format": "omnireach.workflow", "version": 1,
        "nodes": [
            {"id": "trigger", "type": "trigger", "data": {"kind": "manual"}},
            {"id": "sms1", "type": "send", "data": {"channel": "sms", "source": "text",
                "body": "Hi {{first_name}}, worth a chat?"}},
            {"id": "done", "type": "end", "data": {"outcome": "goal"}}
        ],
        "edges": [
            {"id": "e1", "source": "trigger", "target": "sms1"},
            {"id": "e2", "source": "sms1", "target": "done"}
        ]
    })
}

async fn lead(app: &TestApp, session: &Session, name: &str, sms_consent: bool) -> String {
    let mut body = json!({"first_name": name, "email": format!("{name}@leads.example")});
    if sms_consent {
        body["consents"] = json!({"sms": {"status": "granted", "source": "web form"}});
    }
    app.create_lead(session, body).await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A draft campaign on `leads` (ids) running `workflow_id`.
pub async fn campaign(
    app: &TestApp,
    session: &Session,
    workflow_id: &str,
    leads: &[&str],
) -> String {
    let body = json!({"name": "Validate me", "workflow_id": workflow_id,
        "audience": {"kind": "manual", "lead_ids": leads}});
    let response = app
        .send(session, Method::POST, "/api/campaigns", Some(body))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn validate(app: &TestApp, session: &Session, campaign_id: &str) -> Value {
    let path = format!("/api/campaigns/{campaign_id}/validate");
    let response = app.send(session, Method::POST, &path, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn codes(report: &Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

on_both_backends!(
    validation_reads_the_draft_then_the_pinned_version_and_counts_consent,
    |app| {
        let admin = app.admin().await;
        let rival = app.other_workspace_admin(&admin).await;
        let workflow = published_workflow(&app, &admin, &sms_graph()).await;
        let consented = lead(&app, &admin, "ada", true).await;
        let silent_a = lead(&app, &admin, "bo", false).await;
        let silent_b = lead(&app, &admin, "cy", false).await;
        let foreign = lead(&app, &rival, "eve", true).await;
        let id = campaign(
            &app,
            &admin,
            &workflow,
            &[&consented, &silent_a, &silent_b, &foreign, "no-such-lead"],
        )
        .await;

        let report = validate(&app, &admin, &id).await;
        assert_eq!(report["valid"], true, "{report}");
        let warning = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "audience_without_consent")
            .expect("a consent warning");
        assert_eq!(warning["node_id"], "sms1");
        assert!(
            warning["message"]
                .as_str()
                .unwrap()
                .starts_with("2 of 3 leads"),
            "only the workspace's existing leads count: {warning}"
        );

        // Before launch the draft is what would be published: break it.
        sqlx::query("UPDATE workflows SET draft = $1 WHERE id = $2")
            .bind(
                json!({"format": "omnireach.workflow", "version": 1,
                "nodes": [{"id": "done", "type": "end", "data": {}}], "edges": []})
                .to_string(),
            )
            .bind(&workflow)
            .execute(&app.store.pool)
            .await
            .unwrap();
        let broken = validate(&app, &admin, &id).await;
        assert_eq!(broken["valid"], false, "{broken}");
        assert!(codes(&broken).contains(&"missing_trigger"), "{broken}");

        // Once launched, the pinned version 1 is validated, not the broken draft.
        let launch = format!("/api/campaigns/{id}/launch");
        let response = app.send(&admin, Method::POST, &launch, None).await;
        assert_eq!(response.status(), StatusCode::OK);
        let pinned = validate(&app, &admin, &id).await;
        assert_eq!(pinned["valid"], true, "{pinned}");
        assert_eq!(
            codes(&pinned),
            ["sandbox_channel", "audience_without_consent"]
        );

        // Only the other workspace's lead: nobody of ours is in the audience (a new draft
        // campaign validates the broken draft again).
        let theirs = campaign(&app, &admin, &workflow, &[&foreign]).await;
        assert_eq!(
            codes(&validate(&app, &admin, &theirs).await),
            ["missing_trigger", "empty_audience"]
        );
        // Mostly consented: no consent warning.
        let consenting = campaign(&app, &admin, &workflow, &[&consented]).await;
        let clean = validate(&app, &admin, &consenting).await;
        assert!(
            !codes(&clean).contains(&"audience_without_consent"),
            "{clean}"
        );

        // Read-only: a viewer may validate; another workspace sees no such campaign.
        let viewer = app.member(&admin, "viewer").await;
        assert_eq!(validate(&app, &viewer, &id).await["valid"], true);
        let path = format!("/api/campaigns/{id}/validate");
        let response = app.send(&rival, Method::POST, &path, None).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
);

on_both_backends!(a_csv_audience_is_the_leads_its_import_touched, |app| {
    let admin = app.admin().await;
    let rival = app.other_workspace_admin(&admin).await;
    let workflow = published_workflow(&app, &admin, &sms_graph()).await;
    let known = lead(&app, &admin, "ada", true).await;
    let bystander = lead(&app, &admin, "bystander", true).await;
    // One row merges into Ada, one creates Bo, one is rejected (no email or phone).
    let csv = "email,first_name\nada@leads.example,Ada\nbo@leads.example,Bo\n,Nobody\n";
    let job = app.import_csv(&admin, csv.as_bytes(), &[]).await;
    assert_eq!(job["status"], "completed", "{job}");
    let import_id = job["id"].as_str().unwrap();
    let theirs = app.import_csv(&rival, csv.as_bytes(), &[]).await;

    let create = |audience: Value| {
        let body = json!({"name": "From a file", "workflow_id": workflow, "audience": audience});
        app.send(&admin, Method::POST, "/api/campaigns", Some(body))
    };
    for audience in [
        json!({"kind": "csv"}),
        json!({"kind": "csv", "import_id": "no-such-import"}),
        json!({"kind": "csv", "import_id": theirs["id"]}),
    ] {
        let response = create(audience.clone()).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{audience}"
        );
    }
    let response = create(json!({"kind": "csv", "import_id": import_id})).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let id = response.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let launch = format!("/api/campaigns/{id}/launch");
    let response = app.send(&admin, Method::POST, &launch, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let runs = app
        .get_json(&admin, &format!("/api/campaigns/{id}/runs"))
        .await;
    let mut enrolled: Vec<&str> = runs["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["lead_id"].as_str().unwrap())
        .collect();
    enrolled.sort_unstable();
    assert_eq!(enrolled.len(), 2, "Ada (merged) and Bo (created): {runs}");
    assert!(enrolled.contains(&known.as_str()));
    assert!(!enrolled.contains(&bystander.as_str()));
});
