use crate::helpers::{Backend, TestApp, error_code};
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::BTreeSet;

#[actix_rt::test]
async fn health_ready_metrics_and_request_ids() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let health = app.client.get(app.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert!(
        health.headers().contains_key("x-request-id"),
        "every response carries its request id"
    );
    let ready: Value = app
        .client
        .get(app.url("/ready"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["database"], "sqlite");
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("omnireach_http_requests_total"),
        "{metrics}"
    );
    assert!(metrics.contains("endpoint=\"/health\""));

    // When the database goes away, readiness says so (liveness does not).
    app.store.pool.close().await;
    let not_ready = app.client.get(app.url("/ready")).send().await.unwrap();
    assert_eq!(not_ready.status(), StatusCode::SERVICE_UNAVAILABLE);
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

#[actix_rt::test]
async fn unknown_api_routes_are_json_404_and_other_paths_serve_the_app() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (code, _) = error_code(
        app.client
            .get(app.url("/api/nothing-here"))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(code, "route_not_found");
    for deep_link in ["/", "/leads", "/settings/team", "/leads/123"] {
        let response = app.client.get(app.url(deep_link)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{deep_link}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert!(
            response
                .text()
                .await
                .unwrap()
                .to_lowercase()
                .contains("<html")
        );
    }
    let docs = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.unwrap().contains("swagger"));
}

/// Every route declared in the HTTP layer (actix route macros and `web::resource` calls) is in
/// the OpenAPI document with its method, and every documented operation answers (never the
/// "no such route" 404).
#[actix_rt::test]
async fn the_openapi_document_lists_every_route() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let doc: Value = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }

    let mut declared = BTreeSet::new();
    let route = regex_lite_routes();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/http")).unwrap() {
        let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for (method, path) in route(&source) {
            declared.insert((method, path));
        }
    }
    assert!(declared.len() > 30, "found the routes: {declared:?}");
    let undocumented: Vec<_> = declared.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from the OpenAPI document: {undocumented:?}"
    );

    for (method, path) in &documented {
        let concrete = path.replace("{id}", "00000000-0000-0000-0000-000000000000");
        let request = app
            .client
            .request(method.parse().unwrap(), app.url(&concrete));
        let response = request.send().await.unwrap();
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        assert!(
            !body.contains("route_not_found"),
            "{method} {path} is documented but not served"
        );
        assert!(
            status != StatusCode::INTERNAL_SERVER_ERROR,
            "{method} {path} answered 500 without credentials"
        );
    }

    // Operations document their errors with the shared schema.
    let login = &doc["paths"]["/api/auth/login"]["post"]["responses"]["401"];
    assert!(login.to_string().contains("ErrorBody"), "{login}");
}

/// Finds `#[get("/path")]`-style attributes and `web::resource("/path")...route(web::post()`.
fn regex_lite_routes() -> impl Fn(&str) -> Vec<(String, String)> {
    |source: &str| {
        let mut found = Vec::new();
        for line in source.lines() {
            let line = line.trim();
            for method in ["get", "post", "patch", "put", "delete"] {
                if let Some(rest) = line.strip_prefix(&format!("#[{method}(\"")) {
                    let path = rest.split('"').next().unwrap();
                    found.push((method.to_uppercase(), path.to_string()));
                }
            }
        }
        let mut rest = source;
        while let Some(start) = rest.find("web::resource(\"") {
            let after = &rest[start + "web::resource(\"".len()..];
            let path = after.split('"').next().unwrap().to_string();
            let method = ["get", "post", "patch", "put", "delete"]
                .into_iter()
                .find(|m| {
                    after[..after.find(';').unwrap_or(after.len()).min(300)]
                        .contains(&format!("web::{m}()"))
                })
                .unwrap();
            found.push((method.to_uppercase(), path));
            rest = after;
        }
        found
    }
}

#[actix_rt::test]
async fn first_start_creates_an_admin_with_a_generated_password_and_demo_data() {
    let first_start = |settings: &mut omnireach::config::Settings| {
        settings.admin_email = None;
        settings.admin_password = None;
        settings.seed_demo = true;
    };
    let app = TestApp::spawn_with(Backend::Sqlite, first_start).await;
    let admin_hash: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE email = 'admin@omnireach.local'")
            .fetch_one(&app.store.pool)
            .await
            .unwrap();
    assert!(
        admin_hash.starts_with("$argon2id$"),
        "the generated password is stored hashed"
    );
    let leads: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM leads")
        .fetch_one(&app.store.pool)
        .await
        .unwrap();
    assert!(leads >= 100, "demo leads seeded: {leads}");
    let templates: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM templates WHERE channel = 'whatsapp' AND status = 'draft' ORDER BY name",
    )
    .fetch_all(&app.store.pool)
    .await
    .unwrap();
    assert_eq!(
        templates,
        [
            "appointment_reminder_en_us",
            "lead_followup_en_us",
            "open_house_invite_en_us"
        ]
    );

    // A restart neither creates a second admin nor seeds twice.
    let again = app.restart_with(first_start).await;
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&again.store.pool)
        .await
        .unwrap();
    assert_eq!(users, 1);
    let leads_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM leads")
        .fetch_one(&again.store.pool)
        .await
        .unwrap();
    assert_eq!(leads_after, leads);
}

#[actix_rt::test]
async fn login_attempts_are_rate_limited() {
    let app = TestApp::spawn_with(Backend::Sqlite, |settings| {
        settings.login_attempts_per_minute = 3
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(
            app.login("admin@test.example", "wrong-password")
                .await
                .status(),
        );
    }
    assert_eq!(statuses[..3], [StatusCode::UNAUTHORIZED; 3]);
    let refused = app.login("admin@test.example", "wrong-password").await;
    assert!(refused.headers().contains_key("retry-after"));
    let (code, body) = error_code(refused, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(code, "rate_limited");
    assert!(
        body["error"]["details"]["retry_after_seconds"]
            .as_u64()
            .unwrap()
            >= 1
    );
    assert_eq!(statuses[4], StatusCode::TOO_MANY_REQUESTS);
}
