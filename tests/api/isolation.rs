//! A member of one workspace can never read or change another workspace's data, whatever id
//! they send. Every endpoint that takes an id is tried with the other workspace's ids.

use crate::on_both_backends;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_backends!(
    other_workspaces_ids_are_not_found_on_every_endpoint,
    |app| {
        let admin = app.admin().await;
        let rival = app.other_workspace_admin(&admin).await;
        assert_ne!(rival.workspace_id, admin.workspace_id);

        // Data in the first workspace.
        let lead = app
            .create_lead(
                &admin,
                json!({"email": "secret@acme.example", "company_name": "Secret Co"}),
            )
            .await;
        let lead_id = lead["id"].as_str().unwrap().to_string();
        let company_id = lead["company"]["id"].as_str().unwrap().to_string();
        let job = app
            .import_csv(&admin, b"email\nimported@acme.example\n", &[])
            .await;
        let job_id = job["id"].as_str().unwrap().to_string();
        let invitation: Value = app
            .send(
                &admin,
                Method::POST,
                "/api/invitations",
                Some(json!({"email": "inv@acme.example", "role": "sales"})),
            )
            .await
            .json()
            .await
            .unwrap();
        let invitation_id = invitation["invitation"]["id"].as_str().unwrap().to_string();
        let key: Value = app
            .send(
                &admin,
                Method::POST,
                "/api/api-keys",
                Some(json!({"name": "k", "role": "admin"})),
            )
            .await
            .json()
            .await
            .unwrap();
        let key_id = key["api_key"]["id"].as_str().unwrap().to_string();
        let member = app.member(&admin, "sales").await;

        let attempts: Vec<(Method, String, Option<Value>)> = vec![
            (Method::GET, format!("/api/leads/{lead_id}"), None),
            (
                Method::PATCH,
                format!("/api/leads/{lead_id}"),
                Some(json!({"title": "pwned"})),
            ),
            (Method::DELETE, format!("/api/leads/{lead_id}"), None),
            (Method::GET, format!("/api/companies/{company_id}"), None),
            (
                Method::PATCH,
                format!("/api/companies/{company_id}"),
                Some(json!({"name": "pwned"})),
            ),
            (Method::DELETE, format!("/api/companies/{company_id}"), None),
            (Method::GET, format!("/api/leads/imports/{job_id}"), None),
            (
                Method::GET,
                format!("/api/leads/imports/{job_id}/rejections"),
                None,
            ),
            (
                Method::DELETE,
                format!("/api/invitations/{invitation_id}"),
                None,
            ),
            (Method::DELETE, format!("/api/api-keys/{key_id}"), None),
            (
                Method::PATCH,
                format!("/api/users/{}", member.user_id),
                Some(json!({"role": "viewer"})),
            ),
            (
                Method::DELETE,
                format!("/api/users/{}", member.user_id),
                None,
            ),
        ];
        for (method, path, body) in attempts {
            let response = app.send(&rival, method.clone(), &path, body).await;
            assert_eq!(
                response.status(),
                StatusCode::NOT_FOUND,
                "{method} {path} from another workspace"
            );
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["error"]["code"], "not_found");
        }

        // Nothing leaks through lists, search, filters, export or the dashboard either.
        let lists = [
            "/api/leads",
            "/api/leads?q=secret",
            &format!("/api/leads?company_id={company_id}"),
            "/api/companies",
            "/api/leads/imports",
            "/api/users",
            "/api/invitations",
            "/api/api-keys",
        ];
        for path in lists {
            let body = app.get_json(&rival, path).await;
            assert!(
                !body.to_string().contains("acme.example"),
                "{path} leaked: {body}"
            );
            assert!(
                !body.to_string().contains(&admin.user_id),
                "{path} leaked a user id"
            );
        }
        let export = app
            .client
            .get(app.url("/api/leads/export"))
            .bearer_auth(&rival.token)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!export.contains("acme.example"));
        let dashboard = app.get_json(&rival, "/api/dashboard").await;
        assert_eq!(dashboard["leads_total"], 0);

        // Linking to another workspace's company or owner is refused as unknown.
        let response = app.send(&rival, Method::POST, "/api/leads", Some(json!({"email": "mine@rival.example", "company_id": company_id, "owner_id": admin.user_id}))).await;
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "validation_failed");
        assert!(body["error"]["details"]["fields"]["company_id"].is_string());
        assert!(body["error"]["details"]["fields"]["owner_id"].is_string());

        // A same email in another workspace is a different lead (no cross-tenant duplicate check).
        app.create_lead(&rival, json!({"email": "secret@acme.example"}))
            .await;

        // And the first workspace's data is untouched.
        let still = app.get_json(&admin, &format!("/api/leads/{lead_id}")).await;
        assert_eq!(still["title"], Value::Null);
        assert_eq!(app.get_json(&admin, "/api/leads").await["total"], 2);
        assert_eq!(
            app.get_json(&admin, "/api/users").await["items"]
                .as_array()
                .unwrap()
                .len(),
            2
        );

        // Only the instance admin sees and creates workspaces.
        assert_eq!(
            app.get_json(&rival, "/api/workspaces").await["items"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            app.get_json(&admin, "/api/workspaces").await["items"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        let response = app
            .send(
                &rival,
                Method::POST,
                "/api/workspaces",
                Some(json!({"name": "Another"})),
            )
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let response = app.send(&rival, Method::POST, "/api/users", Some(json!({"email": "x@rival.example", "name": "X", "password": "long-enough-pw", "role": "sales", "workspace_id": admin.workspace_id}))).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "a workspace admin cannot add users elsewhere"
        );
    }
);
