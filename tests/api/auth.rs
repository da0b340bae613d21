use crate::helpers::{ADMIN_EMAIL, PASSWORD, error_code};
use crate::on_both_backends;
use omnireach::auth::TokenIssuer;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_backends!(login_me_refresh_and_logout, |app| {
    let (code, _) = error_code(
        app.login(ADMIN_EMAIL, "wrong-password").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(code, "invalid_credentials");
    let (code, _) = error_code(
        app.login("nobody@test.example", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(
        code, "invalid_credentials",
        "unknown emails look the same as wrong passwords"
    );

    let session = app.admin().await;
    let me = app.get_json(&session, "/api/me").await;
    assert_eq!(me["user"]["email"], ADMIN_EMAIL);
    assert_eq!(me["user"]["role"], "admin");
    assert_eq!(me["workspace"]["id"], session.workspace_id.as_str());

    // Refresh rotates: the new token works once, the old one is dead, and replaying the old one
    // revokes the whole family (a stolen token is useless after the owner refreshes).
    let refreshed: Value = app
        .client
        .post(app.url("/api/auth/refresh"))
        .json(&json!({"refresh_token": session.refresh}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let second = refreshed["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(second, session.refresh);
    assert!(refreshed["access_token"].as_str().is_some());
    let replay = app
        .client
        .post(app.url("/api/auth/refresh"))
        .json(&json!({"refresh_token": session.refresh}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(replay, StatusCode::UNAUTHORIZED).await.0,
        "invalid_refresh_token"
    );
    let after_replay = app
        .client
        .post(app.url("/api/auth/refresh"))
        .json(&json!({"refresh_token": second}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        after_replay.status(),
        StatusCode::UNAUTHORIZED,
        "the family was revoked by the replay"
    );

    let fresh = app.admin().await;
    let logout = app
        .client
        .post(app.url("/api/auth/logout"))
        .json(&json!({"refresh_token": fresh.refresh}))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    let after_logout = app
        .client
        .post(app.url("/api/auth/refresh"))
        .json(&json!({"refresh_token": fresh.refresh}))
        .send()
        .await
        .unwrap();
    assert_eq!(after_logout.status(), StatusCode::UNAUTHORIZED);
});

on_both_backends!(missing_expired_and_forged_tokens_are_refused, |app| {
    let session = app.admin().await;
    let none = app.client.get(app.url("/api/leads")).send().await.unwrap();
    assert_eq!(
        error_code(none, StatusCode::UNAUTHORIZED).await.0,
        "unauthenticated"
    );

    let forged = TokenIssuer::new("not-the-server-secret-at-all-0123456789", 900)
        .issue(&session.user_id, &session.workspace_id, "admin", true)
        .unwrap();
    let response = app
        .client
        .get(app.url("/api/leads"))
        .bearer_auth(forged)
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(response, StatusCode::UNAUTHORIZED).await.0,
        "invalid_token"
    );

    // Same secret as the server (Settings::for_tests), but already expired.
    let expired = TokenIssuer::new("test-secret-key-with-enough-entropy-0123456789", -5)
        .issue(&session.user_id, &session.workspace_id, "admin", false)
        .unwrap();
    let response = app
        .client
        .get(app.url("/api/leads"))
        .bearer_auth(expired)
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(response, StatusCode::UNAUTHORIZED).await.0,
        "token_expired"
    );

    let garbage = app
        .client
        .get(app.url("/api/leads"))
        .header("Authorization", "Bearer a.b.c")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), StatusCode::UNAUTHORIZED);
});

on_both_backends!(roles_limit_what_members_can_do, |app| {
    let admin = app.admin().await;
    let sales = app.member(&admin, "sales").await;
    let viewer = app.member(&admin, "viewer").await;

    // Viewer: reads, never writes.
    assert_eq!(
        app.send(&viewer, Method::GET, "/api/leads", None)
            .await
            .status(),
        StatusCode::OK
    );
    let response = app
        .send(
            &viewer,
            Method::POST,
            "/api/leads",
            Some(json!({"email": "v@example.com"})),
        )
        .await;
    let (code, body) = error_code(response, StatusCode::FORBIDDEN).await;
    assert_eq!(code, "forbidden");
    assert_eq!(body["error"]["details"]["your_role"], "viewer");
    let lead = app
        .create_lead(
            &sales,
            json!({"email": "lead@example.com", "first_name": "Lea"}),
        )
        .await;
    let id = lead["id"].as_str().unwrap();
    for (method, path, body) in [
        (
            Method::PATCH,
            format!("/api/leads/{id}"),
            Some(json!({"title": "CEO"})),
        ),
        (Method::DELETE, format!("/api/leads/{id}"), None),
        (
            Method::POST,
            "/api/companies".to_string(),
            Some(json!({"name": "X"})),
        ),
        (
            Method::POST,
            "/api/invitations".to_string(),
            Some(json!({"email": "x@example.com", "role": "sales"})),
        ),
        (
            Method::POST,
            "/api/api-keys".to_string(),
            Some(json!({"name": "k", "role": "viewer"})),
        ),
    ] {
        let response = app.send(&viewer, method.clone(), &path, body).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "viewer {method} {path}"
        );
    }
    let untouched = app.get_json(&admin, &format!("/api/leads/{id}")).await;
    assert_eq!(
        untouched["title"],
        Value::Null,
        "a refused write changes nothing"
    );

    // Sales: works leads, cannot manage the team.
    let response = app
        .send(
            &sales,
            Method::PATCH,
            &format!("/api/leads/{id}"),
            Some(json!({"title": "CEO"})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    for (method, path, body) in [
        (
            Method::POST,
            "/api/users",
            Some(
                json!({"email": "n@example.com", "name": "N", "password": PASSWORD, "role": "admin"}),
            ),
        ),
        (Method::GET, "/api/api-keys", None),
        (Method::GET, "/api/invitations", None),
        (
            Method::POST,
            "/api/workspaces",
            Some(json!({"name": "Mine"})),
        ),
    ] {
        let response = app.send(&sales, method.clone(), path, body).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "sales {method} {path}"
        );
    }

    // An admin cannot lock themselves out.
    let response = app
        .send(
            &admin,
            Method::PATCH,
            &format!("/api/users/{}", admin.user_id),
            Some(json!({"role": "viewer"})),
        )
        .await;
    assert_eq!(
        error_code(response, StatusCode::CONFLICT).await.0,
        "cannot_change_self"
    );

    // Disabling a user stops sign-in.
    let response = app
        .send(
            &admin,
            Method::PATCH,
            &format!("/api/users/{}", sales.user_id),
            Some(json!({"disabled": true})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let users = app.get_json(&admin, "/api/users").await;
    let email = users["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == sales.user_id.as_str())
        .unwrap()["email"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        error_code(app.login(&email, PASSWORD).await, StatusCode::UNAUTHORIZED)
            .await
            .0,
        "account_disabled"
    );
    let refresh = app
        .client
        .post(app.url("/api/auth/refresh"))
        .json(&json!({"refresh_token": sales.refresh}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        refresh.status(),
        StatusCode::UNAUTHORIZED,
        "a disabled user's sessions end"
    );
});

on_both_backends!(api_keys_are_shown_once_and_stored_hashed, |app| {
    let admin = app.admin().await;
    let response = app
        .send(
            &admin,
            Method::POST,
            "/api/api-keys",
            Some(json!({"name": "CRM sync", "role": "viewer"})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    let secret = created["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("ork_"));

    let listed = app.get_json(&admin, "/api/api-keys").await;
    assert!(
        !listed.to_string().contains(&secret),
        "the list never shows the secret"
    );
    let stored: Vec<String> = sqlx::query_scalar("SELECT key_hash FROM api_keys")
        .fetch_all(&app.store.pool)
        .await
        .unwrap();
    assert!(
        stored.iter().all(|h| h != &secret && h.len() == 64),
        "only a hash is stored"
    );

    let read = app
        .client
        .get(app.url("/api/leads"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    let write = app
        .client
        .post(app.url("/api/leads"))
        .bearer_auth(&secret)
        .json(&json!({"email": "k@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        write.status(),
        StatusCode::FORBIDDEN,
        "a viewer key cannot write"
    );

    let id = created["api_key"]["id"].as_str().unwrap();
    assert_eq!(
        app.send(&admin, Method::DELETE, &format!("/api/api-keys/{id}"), None)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let revoked = app
        .client
        .get(app.url("/api/leads"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(revoked, StatusCode::UNAUTHORIZED).await.0,
        "invalid_api_key"
    );
});

on_both_backends!(invitations_create_accounts_once, |app| {
    let admin = app.admin().await;
    let response = app
        .send(
            &admin,
            Method::POST,
            "/api/invitations",
            Some(json!({"email": "New.Hire@Example.com", "role": "sales"})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    let token = created["token"].as_str().unwrap().to_string();
    assert!(created["accept_url"].as_str().unwrap().contains(&token));

    let preview: Value = app
        .client
        .get(app.url(&format!("/api/auth/invitation?token={token}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(preview["email"], "new.hire@example.com");
    assert_eq!(preview["workspace_name"], "Acme Realty");

    let short = app
        .client
        .post(app.url("/api/auth/accept-invitation"))
        .json(&json!({"token": token, "name": "New", "password": "short"}))
        .send()
        .await
        .unwrap();
    let (code, body) = error_code(short, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(code, "validation_failed");
    assert!(body["error"]["details"]["fields"]["password"].is_string());

    let accepted = app
        .client
        .post(app.url("/api/auth/accept-invitation"))
        .json(&json!({"token": token, "name": "New Hire", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), StatusCode::OK);
    let body: Value = accepted.json().await.unwrap();
    assert_eq!(body["user"]["role"], "sales");
    assert_eq!(body["workspace"]["id"], admin.workspace_id.as_str());

    let again = app
        .client
        .post(app.url("/api/auth/accept-invitation"))
        .json(&json!({"token": token, "name": "Twice", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(again, StatusCode::NOT_FOUND).await.0,
        "invitation_not_found"
    );
    let pending = app.get_json(&admin, "/api/invitations").await;
    assert_eq!(pending["items"].as_array().unwrap().len(), 0);
});

on_both_backends!(members_change_their_own_name_and_password, |app| {
    let admin = app.admin().await;
    let viewer = app.member(&admin, "viewer").await;
    let me = app.get_json(&viewer, "/api/me").await;
    let email = me["user"]["email"].as_str().unwrap().to_string();

    let wrong = app.send(&viewer, Method::PATCH, "/api/me", Some(json!({"current_password": "nope-nope-nope", "new_password": "a-brand-new-password"}))).await;
    assert_eq!(
        error_code(wrong, StatusCode::FORBIDDEN).await.0,
        "forbidden"
    );
    let missing = app
        .send(
            &viewer,
            Method::PATCH,
            "/api/me",
            Some(json!({"new_password": "a-brand-new-password"})),
        )
        .await;
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let short = app
        .send(
            &viewer,
            Method::PATCH,
            "/api/me",
            Some(json!({"current_password": PASSWORD, "new_password": "short"})),
        )
        .await;
    let (_, body) = error_code(short, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        body["error"]["details"]["fields"]["new_password"].is_string(),
        "{body}"
    );

    let response = app
        .send(&viewer, Method::PATCH, "/api/me", Some(json!({"name": "Vera Viewer", "current_password": PASSWORD, "new_password": "a-brand-new-password"})))
        .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "even a viewer edits their own profile"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"]["name"], "Vera Viewer");
    assert_eq!(
        app.login(&email, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login(&email, "a-brand-new-password").await.status(),
        StatusCode::OK
    );
    let old_session = app
        .client
        .post(app.url("/api/auth/refresh"))
        .json(&json!({"refresh_token": viewer.refresh}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        old_session.status(),
        StatusCode::UNAUTHORIZED,
        "a password change ends other sessions"
    );

    let rename = app
        .send(
            &admin,
            Method::PATCH,
            "/api/workspace",
            Some(json!({"name": "Acme Homes"})),
        )
        .await;
    assert_eq!(rename.status(), StatusCode::OK);
    assert_eq!(
        app.get_json(&admin, "/api/me").await["workspace"]["name"],
        "Acme Homes"
    );
    let viewer_rename = app
        .send(
            &viewer,
            Method::PATCH,
            "/api/workspace",
            Some(json!({"name": "Mine"})),
        )
        .await;
    assert_eq!(viewer_rename.status(), StatusCode::FORBIDDEN);
});
