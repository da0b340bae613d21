//! Workflows over HTTP: CRUD with roles and tenant isolation, draft saves that refuse a bad
//! graph by its path, publishing immutable versions and restoring them, validation findings,
//! export / import (and hostile files), templates, and the seeded demo workflow.

use crate::helpers::{Session, TestApp, error_code};
use crate::on_both_backends;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn create(app: &TestApp, session: &Session, body: Value) -> Value {
    let response = app
        .send(session, Method::POST, "/api/workflows", Some(body))
        .await;
    let status = response.status();
    let json: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{json}");
    json
}

async fn patch(app: &TestApp, session: &Session, id: &str, body: Value) -> reqwest::Response {
    app.send(
        session,
        Method::PATCH,
        &format!("/api/workflows/{id}"),
        Some(body),
    )
    .await
}

async fn publish(app: &TestApp, session: &Session, id: &str, note: &str) -> reqwest::Response {
    app.send(
        session,
        Method::POST,
        &format!("/api/workflows/{id}/publish"),
        Some(json!({"note": note})),
    )
    .await
}

async fn validate(app: &TestApp, session: &Session, id: &str, draft: Option<Value>) -> Value {
    let body = draft.map(|draft| json!({"draft": draft}));
    let response = app
        .send(
            session,
            Method::POST,
            &format!("/api/workflows/{id}/validate"),
            body,
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn workflow_count(app: &TestApp, session: &Session) -> usize {
    app.get_json(session, "/api/workflows").await["items"]
        .as_array()
        .unwrap()
        .len()
}

/// (code, node_id) of each finding.
fn findings(report: &Value) -> Vec<(String, Option<String>)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["node_id"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn node_mut<'a>(graph: &'a mut Value, id: &str) -> &'a mut Value {
    graph["nodes"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|node| node["id"] == id)
        .unwrap()
}

async fn set_campaign(app: &TestApp, workspace_id: &str, workflow_id: &str, status: &str) {
    sqlx::query("DELETE FROM campaigns WHERE workflow_id = $1")
        .bind(workflow_id)
        .execute(&app.store.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO campaigns (id, workspace_id, name, workflow_id, status, created_at, updated_at) \
         VALUES ($1, $2, 'Spring push', $3, $4, 0, 0)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(workspace_id)
    .bind(workflow_id)
    .bind(status)
    .execute(&app.store.pool)
    .await
    .unwrap();
}

on_both_backends!(crud_follows_roles_and_stays_in_its_workspace, |app| {
    let admin = app.admin().await;
    let viewer = app.member(&admin, "viewer").await;
    let sales = app.member(&admin, "sales").await;
    let rival = app.other_workspace_admin(&admin).await;

    let created = create(
        &app,
        &admin,
        json!({"name": "Spring", "description": "Three emails", "template": "three_touch_email"}),
    )
    .await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["latest_version"], 0);
    assert_eq!(created["has_unpublished_changes"], true);
    assert_eq!(created["draft"]["format"], "omnireach.workflow");
    let list = app.get_json(&viewer, "/api/workflows").await;
    assert_eq!(list["items"][0]["id"], id);
    assert_eq!(list["items"][0]["node_count"], 8);

    // Viewers read, never write.
    app.get_json(&viewer, &format!("/api/workflows/{id}")).await;
    let writes = [
        (
            Method::POST,
            "/api/workflows".to_string(),
            Some(json!({"name": "x"})),
        ),
        (
            Method::PATCH,
            format!("/api/workflows/{id}"),
            Some(json!({"name": "x"})),
        ),
        (Method::DELETE, format!("/api/workflows/{id}"), None),
        (Method::POST, format!("/api/workflows/{id}/publish"), None),
        (
            Method::POST,
            format!("/api/workflows/{id}/versions/1/restore"),
            None,
        ),
        (
            Method::POST,
            "/api/workflows/import".to_string(),
            Some(json!({})),
        ),
    ];
    for (method, path, body) in writes {
        let response = app.send(&viewer, method.clone(), &path, body).await;
        let (code, _) = error_code(response, StatusCode::FORBIDDEN).await;
        assert_eq!(code, "forbidden", "{method} {path}");
    }
    // Sales can edit.
    let response = patch(&app, &sales, id, json!({"name": "Spring push"})).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.json::<Value>().await.unwrap()["name"],
        "Spring push"
    );

    // Another workspace sees nothing.
    assert_eq!(workflow_count(&app, &rival).await, 0);
    let foreign = [
        (Method::GET, format!("/api/workflows/{id}")),
        (Method::PATCH, format!("/api/workflows/{id}")),
        (Method::DELETE, format!("/api/workflows/{id}")),
        (Method::POST, format!("/api/workflows/{id}/validate")),
        (Method::POST, format!("/api/workflows/{id}/publish")),
        (Method::GET, format!("/api/workflows/{id}/versions")),
        (Method::GET, format!("/api/workflows/{id}/export")),
    ];
    for (method, path) in foreign {
        let body = (method == Method::PATCH).then(|| json!({"name": "mine now"}));
        let response = app.send(&rival, method.clone(), &path, body).await;
        let (code, _) = error_code(response, StatusCode::NOT_FOUND).await;
        assert_eq!(code, "not_found", "{method} {path}");
    }
    let still = app.get_json(&admin, &format!("/api/workflows/{id}")).await;
    assert_eq!(still["name"], "Spring push");

    // A campaign that still runs the workflow blocks the delete; a finished one does not.
    set_campaign(&app, &admin.workspace_id, id, "active").await;
    let response = app
        .send(
            &admin,
            Method::DELETE,
            &format!("/api/workflows/{id}"),
            None,
        )
        .await;
    let (code, body) = error_code(response, StatusCode::CONFLICT).await;
    assert_eq!(code, "workflow_in_use");
    assert_eq!(
        body["error"]["details"]["campaigns"],
        json!(["Spring push"])
    );
    set_campaign(&app, &admin.workspace_id, id, "completed").await;
    let response = app
        .send(
            &sales,
            Method::DELETE,
            &format!("/api/workflows/{id}"),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app
        .send(&admin, Method::GET, &format!("/api/workflows/{id}"), None)
        .await;
    error_code(response, StatusCode::NOT_FOUND).await;
    assert_eq!(workflow_count(&app, &admin).await, 0);

    // Bad names and unknown templates are named.
    let response = app
        .send(
            &admin,
            Method::POST,
            "/api/workflows",
            Some(json!({"name": " ", "template": "x"})),
        )
        .await;
    let (code, body) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(code, "validation_failed");
    assert!(body["error"]["details"]["fields"]["name"].is_string());
    let response = app
        .send(
            &admin,
            Method::POST,
            "/api/workflows",
            Some(json!({"name": "A", "template": "x"})),
        )
        .await;
    let (_, body) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body["error"]["details"]["fields"]["template"].is_string());
});

on_both_backends!(
    a_bad_draft_is_refused_by_its_path_and_nothing_is_stored,
    |app| {
        let admin = app.admin().await;
        let created = create(&app, &admin, json!({"name": "Draft", "template": "demo"})).await;
        let id = created["id"].as_str().unwrap();

        let mut broken = created["draft"].clone();
        node_mut(&mut broken, "wait_reply")["data"]["timeout_seconds"] = json!("two days");
        let response = patch(
            &app,
            &admin,
            id,
            json!({"name": "Renamed", "draft": broken}),
        )
        .await;
        let (code, body) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(code, "invalid_graph");
        assert_eq!(
            body["error"]["details"]["path"],
            "draft.nodes[2].data.timeout_seconds"
        );

        let mut unknown = created["draft"].clone();
        node_mut(&mut unknown, "email")["type"] = json!("carrier_pigeon");
        let response = patch(&app, &admin, id, json!({"draft": unknown})).await;
        let (code, body) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(code, "unknown_step_type");
        assert_eq!(body["error"]["details"]["path"], "draft.nodes[1].type");

        let stored = app.get_json(&admin, &format!("/api/workflows/{id}")).await;
        assert_eq!(stored["draft"], created["draft"]);
        assert_eq!(stored["name"], "Draft");
        assert_eq!(stored["updated_at"], created["updated_at"]);

        // A draft that parses is saved even with problems: validation is separate.
        let mut incomplete = created["draft"].clone();
        incomplete["edges"] = json!([]);
        let response = patch(&app, &admin, id, json!({"draft": incomplete})).await;
        assert_eq!(response.status(), StatusCode::OK);
        let saved: Value = response.json().await.unwrap();
        assert_eq!(saved["draft"]["edges"], json!([]));
    }
);

on_both_backends!(publishing_freezes_versions_that_can_be_restored, |app| {
    let admin = app.admin().await;
    let created = create(
        &app,
        &admin,
        json!({"name": "Versions", "template": "demo"}),
    )
    .await;
    let id = created["id"].as_str().unwrap();
    let original = created["draft"].clone();

    let response = publish(&app, &admin, id, "first").await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.json::<Value>().await.unwrap()["version"], 1);
    let workflow = app.get_json(&admin, &format!("/api/workflows/{id}")).await;
    assert_eq!(
        (
            &workflow["latest_version"],
            &workflow["has_unpublished_changes"]
        ),
        (&json!(1), &json!(false))
    );
    let (code, _) = error_code(
        publish(&app, &admin, id, "again").await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(code, "nothing_to_publish");

    // Editing the draft leaves version 1 as it was.
    let mut edited = original.clone();
    node_mut(&mut edited, "wait_reply")["data"]["timeout_seconds"] = json!(259_200);
    let saved: Value = patch(&app, &admin, id, json!({"draft": edited}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved["has_unpublished_changes"], true);
    let v1 = app
        .get_json(&admin, &format!("/api/workflows/{id}/versions/1"))
        .await;
    assert_eq!(v1["graph"], original);
    assert_eq!(v1["note"], "first");

    let response = publish(&app, &admin, id, "three days").await;
    assert_eq!(response.json::<Value>().await.unwrap()["version"], 2);
    let versions = app
        .get_json(&admin, &format!("/api/workflows/{id}/versions"))
        .await;
    let listed: Vec<_> = versions["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["version"].clone(),
                v["note"].clone(),
                v["published_by"].clone(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            (json!(2), json!("three days"), json!(admin.user_id)),
            (json!(1), json!("first"), json!(admin.user_id)),
        ]
    );
    assert_eq!(versions["items"][0]["node_count"], 7);
    assert!(versions["items"][0].get("graph").is_none());

    // Restore 1: the draft is version 1 again, which differs from version 2.
    let response = app
        .send(
            &admin,
            Method::POST,
            &format!("/api/workflows/{id}/versions/1/restore"),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let restored: Value = response.json().await.unwrap();
    assert_eq!(restored["draft"], original);
    assert_eq!(restored["has_unpublished_changes"], true);
    let response = publish(&app, &admin, id, "back to 2 days").await;
    assert_eq!(response.json::<Value>().await.unwrap()["version"], 3);
    let v3 = app
        .get_json(&admin, &format!("/api/workflows/{id}/versions/3"))
        .await;
    assert_eq!(v3["graph"], original);
    let response = app
        .send(
            &admin,
            Method::POST,
            &format!("/api/workflows/{id}/versions/9/restore"),
            None,
        )
        .await;
    error_code(response, StatusCode::NOT_FOUND).await;

    // A draft with errors is not published; the findings say why.
    let mut invalid = original.clone();
    node_mut(&mut invalid, "wait_reply")["data"]["timeout_seconds"] = json!(-5);
    patch(&app, &admin, id, json!({"draft": invalid})).await;
    let (code, body) = error_code(
        publish(&app, &admin, id, "bad").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(code, "workflow_invalid");
    let codes = findings(&body["error"]["details"]);
    assert!(
        codes.contains(&("invalid_duration".into(), Some("wait_reply".into()))),
        "{codes:?}"
    );
    let workflow = app.get_json(&admin, &format!("/api/workflows/{id}")).await;
    assert_eq!(workflow["latest_version"], 3);
});

on_both_backends!(validation_names_each_problem_and_its_step, |app| {
    let admin = app.admin().await;
    omnireach::seed::demo_data(&app.store, &admin.workspace_id, None)
        .await
        .unwrap();
    let created = create(&app, &admin, json!({"name": "Checks"})).await;
    let id = created["id"].as_str().unwrap();

    // The saved (empty) draft.
    let report = validate(&app, &admin, id, None).await;
    assert_eq!(report["valid"], false);
    assert_eq!(findings(&report), [("missing_trigger".to_string(), None)]);

    let whatsapp = app.get_json(&admin, "/api/whatsapp/templates").await;
    let unapproved = whatsapp[0]["id"].as_str().unwrap();
    let draft = json!({
        "nodes": [
            {"id": "start", "type": "trigger", "data": {"kind": "manual"}},
            {"id": "write", "type": "ai_generate", "data": {"agent_id": "no-such-agent"}},
            {"id": "wa", "type": "send", "data": {"channel": "whatsapp", "source": "template",
                "template_id": unapproved}},
            {"id": "check", "type": "decision", "data": {"condition": {"==": [1, 1]}}},
            {"id": "call", "type": "webhook", "data": {"endpoint_id": "no-such-endpoint"}},
            {"id": "lonely", "type": "end", "data": {}}
        ],
        "edges": [
            {"id": "e1", "source": "start", "target": "write"},
            {"id": "e2", "source": "write", "target": "wa"},
            {"id": "e3", "source": "wa", "target": "check"},
            {"id": "e4", "source": "check", "sourceHandle": "yes", "target": "call"},
            {"id": "e5", "source": "check", "sourceHandle": "no", "target": "write"},
            {"id": "e6", "source": "call", "target": "nowhere"}
        ]
    });
    let report = validate(&app, &admin, id, Some(draft)).await;
    assert_eq!(report["valid"], false);
    let found = findings(&report);
    for expected in [
        ("unknown_agent", Some("write")),
        ("whatsapp_template_not_approved", Some("wa")),
        ("constant_condition", Some("check")),
        ("unknown_webhook_endpoint", Some("call")),
        ("cycle_without_wait", Some("check")),
        ("unreachable_node", Some("lonely")),
        ("dangling_edge", None),
        ("open_branch", Some("call")),
    ] {
        let expected = (expected.0.to_string(), expected.1.map(str::to_string));
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    let dangling = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "dangling_edge")
        .unwrap();
    assert_eq!(dangling["edge_id"], "e6");
    assert!(dangling["fix"].as_str().is_some_and(|fix| !fix.is_empty()));
    // Validating unsaved edits leaves the saved draft alone.
    let stored = app.get_json(&admin, &format!("/api/workflows/{id}")).await;
    assert_eq!(stored["draft"]["nodes"], json!([]));

    // A malformed body is refused, not mistaken for "no body".
    let response = app
        .client
        .post(app.url(&format!("/api/workflows/{id}/validate")))
        .bearer_auth(&admin.token)
        .body("{not json")
        .send()
        .await
        .unwrap();
    let (code, _) = error_code(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(code, "malformed_json");
});

on_both_backends!(an_export_imports_back_as_the_same_workflow, |app| {
    let admin = app.admin().await;
    let created = create(
        &app,
        &admin,
        json!({"name": "Win-back Q3!", "description": "Cold leads", "template": "reactivation"}),
    )
    .await;
    let id = created["id"].as_str().unwrap();
    let response = app
        .send(
            &admin,
            Method::GET,
            &format!("/api/workflows/{id}/export"),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(
        disposition,
        "attachment; filename=\"win-back-q3.workflow.json\""
    );
    let file = response.bytes().await.unwrap();
    let parsed: Value = serde_json::from_slice(&file).unwrap();
    assert_eq!(
        (&parsed["format"], &parsed["version"], &parsed["name"]),
        (
            &json!("omnireach.workflow"),
            &json!(1),
            &json!("Win-back Q3!")
        )
    );

    let response = app
        .client
        .post(app.url("/api/workflows/import"))
        .bearer_auth(&admin.token)
        .body(file.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let imported: Value = response.json().await.unwrap();
    assert_ne!(imported["id"], created["id"]);
    assert_eq!(imported["draft"], created["draft"]);
    assert_eq!(
        (&imported["name"], &imported["description"]),
        (&created["name"], &created["description"])
    );
    assert_eq!(imported["latest_version"], 0);
});

on_both_backends!(
    hostile_imports_are_refused_with_their_code_and_store_nothing,
    |app| {
        let admin = app.admin().await;
        let file = |nodes: Value| {
            json!({"format": "omnireach.workflow", "version": 1, "name": "X", "nodes": nodes, "edges": []})
            .to_string()
            .into_bytes()
        };
        let ten_thousand: Vec<Value> = (0..10_000)
            .map(|i| json!({"id": format!("n{i}"), "type": "end", "data": {}}))
            .collect();
        let mut two_megabytes = file(json!([])).to_vec();
        two_megabytes.truncate(two_megabytes.len() - 1);
        two_megabytes.extend(b", \"padding\": \"");
        two_megabytes.extend(std::iter::repeat_n(b'x', 2 * 1024 * 1024));
        two_megabytes.extend(b"\"}");
        let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
            (
                "not JSON",
                b"name,stage\nAda,lead\n".to_vec(),
                StatusCode::BAD_REQUEST,
                "not_json",
            ),
            (
                "2 MB",
                two_megabytes,
                StatusCode::PAYLOAD_TOO_LARGE,
                "file_too_large",
            ),
            (
                "10,000 nodes",
                file(json!(ten_thousand)),
                StatusCode::UNPROCESSABLE_ENTITY,
                "too_many_nodes",
            ),
            (
                "10,000 brackets deep",
                format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "too_deep",
            ),
            (
                "unknown step type",
                file(json!([{"id": "x", "type": "mind_control", "data": {}}])),
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_step_type",
            ),
            (
                "another format",
                br#"{"format": "other", "version": 1, "nodes": [], "edges": []}"#.to_vec(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "wrong_format",
            ),
            (
                "a newer version",
                br#"{"format": "omnireach.workflow", "version": 99, "nodes": [], "edges": []}"#
                    .to_vec(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "newer_format_version",
            ),
        ];
        for (what, body, status, code) in cases {
            let response = app
                .client
                .post(app.url("/api/workflows/import"))
                .bearer_auth(&admin.token)
                .body(body)
                .send()
                .await
                .unwrap_or_else(|error| panic!("{what}: {error}"));
            let (found, body) = error_code(response, status).await;
            assert_eq!(found, code, "{what}: {body}");
        }
        assert_eq!(workflow_count(&app, &admin).await, 0);
    }
);

on_both_backends!(every_template_validates_without_errors, |app| {
    let admin = app.admin().await;
    let templates = app.get_json(&admin, "/api/workflow-templates").await;
    let keys: Vec<_> = templates["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        keys,
        [
            "three_touch_email",
            "email_sms_fallback",
            "reactivation",
            "demo"
        ]
    );
    for key in keys {
        let created = create(&app, &admin, json!({"name": key, "template": key})).await;
        let report = validate(&app, &admin, created["id"].as_str().unwrap(), None).await;
        assert_eq!(report["valid"], true, "{key}: {report}");
        let response = publish(&app, &admin, created["id"].as_str().unwrap(), "").await;
        assert_eq!(response.status(), StatusCode::CREATED, "{key}");
    }
});

on_both_backends!(
    the_demo_workspace_has_the_demo_workflow_and_a_draft_campaign,
    |app| {
        let admin = app.admin().await;
        let owner = app.store.users().find(&admin.user_id).await.unwrap();
        for _ in 0..2 {
            omnireach::seed::demo_data(&app.store, &admin.workspace_id, owner.as_ref())
                .await
                .unwrap();
        }
        let list = app.get_json(&admin, "/api/workflows").await;
        let demos: Vec<_> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["name"] == omnireach::seed::DEMO_WORKFLOW)
            .collect();
        assert_eq!(demos.len(), 1, "seeding twice makes one demo workflow");
        let demo = demos[0];
        assert_eq!(
            (&demo["latest_version"], &demo["has_unpublished_changes"]),
            (&json!(1), &json!(false))
        );
        let id = demo["id"].as_str().unwrap();
        let report = validate(&app, &admin, id, None).await;
        assert_eq!(report["valid"], true, "{report}");
        let version = app
            .get_json(&admin, &format!("/api/workflows/{id}/versions/1"))
            .await;
        let agents = app.get_json(&admin, "/api/agents").await;
        let hand_off = version["graph"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["type"] == "hand_off")
            .unwrap();
        assert_eq!(hand_off["data"]["agent_id"], agents["items"][0]["id"]);
        assert_eq!(version["published_by"], json!(admin.user_id));

        let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT name, status, audience FROM campaigns WHERE workspace_id = $1 AND workflow_id = $2",
    )
    .bind(&admin.workspace_id)
    .bind(id)
    .fetch_all(&app.store.pool)
    .await
    .unwrap();
        assert_eq!(rows.len(), 1);
        let (name, status, audience) = &rows[0];
        assert_eq!(
            (name.as_str(), status.as_str()),
            (omnireach::seed::DEMO_CAMPAIGN, "draft")
        );
        let audience: Value = serde_json::from_str(audience).unwrap();
        assert_eq!(audience["kind"], "manual");
        let leads = app.get_json(&admin, "/api/leads?limit=1").await;
        assert_eq!(
            audience["lead_ids"].as_array().unwrap().len() as u64,
            leads["total"].as_u64().unwrap()
        );
    }
);
