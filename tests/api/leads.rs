use crate::helpers::error_code;
use crate::on_both_backends;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_backends!(create_read_update_delete, |app| {
    let admin = app.admin().await;
    let lead = app
        .create_lead(
            &admin,
            json!({
                "first_name": " Grace ", "last_name": "Hopper", "email": "Grace@Navy.MIL.example.com",
                "phone": "(415) 555-2671", "default_country": "US", "company_name": "Univac",
                "tags": ["VIP", "vip", " compilers "], "timezone": "America/New_York",
                "consents": {"sms": {"status": "granted", "source": "web form"}},
                "custom_fields": {"budget": 50000, "segment": "enterprise"}, "owner_id": admin.user_id
            }),
        )
        .await;
    assert_eq!(lead["full_name"], "Grace Hopper");
    assert_eq!(lead["email"], "grace@navy.mil.example.com");
    assert_eq!(lead["phone"], "+14155552671");
    assert_eq!(lead["tags"], json!(["compilers", "vip"]));
    assert_eq!(lead["company"]["name"], "Univac");
    assert_eq!(lead["stage"], "lead");
    assert_eq!(lead["owner"]["id"], admin.user_id.as_str());
    assert_eq!(lead["consents"]["sms"]["status"], "granted");
    assert_eq!(lead["consents"]["sms"]["source"], "web form");
    assert_eq!(lead["consents"]["email"]["status"], "unknown");
    assert_eq!(lead["custom_fields"]["budget"], 50000);
    let id = lead["id"].as_str().unwrap();

    let fetched = app.get_json(&admin, &format!("/api/leads/{id}")).await;
    assert_eq!(fetched, lead);

    let response = app
        .send(&admin, Method::PATCH, &format!("/api/leads/{id}"), Some(json!({"stage": "meeting", "title": "Rear Admiral", "owner_id": null, "do_not_contact": true})))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let updated: Value = response.json().await.unwrap();
    assert_eq!(updated["stage"], "meeting");
    assert_eq!(updated["title"], "Rear Admiral");
    assert_eq!(updated["owner"], Value::Null, "null clears a field");
    assert_eq!(updated["do_not_contact"], true);
    assert_eq!(updated["email"], lead["email"], "absent fields are kept");

    // Removing the only contact detail left is refused.
    let response = app
        .send(
            &admin,
            Method::PATCH,
            &format!("/api/leads/{id}"),
            Some(json!({"email": null, "phone": null})),
        )
        .await;
    assert_eq!(
        error_code(response, StatusCode::UNPROCESSABLE_ENTITY)
            .await
            .0,
        "validation_failed"
    );

    assert_eq!(
        app.send(&admin, Method::DELETE, &format!("/api/leads/{id}"), None)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let gone = app
        .send(&admin, Method::GET, &format!("/api/leads/{id}"), None)
        .await;
    assert_eq!(error_code(gone, StatusCode::NOT_FOUND).await.0, "not_found");
});

on_both_backends!(bad_input_gets_clear_errors_and_writes_nothing, |app| {
    let admin = app.admin().await;
    let response = app
        .send(
            &admin,
            Method::POST,
            "/api/leads",
            Some(json!({"email": "nope", "phone": "12", "timezone": "Mars/Base"})),
        )
        .await;
    let (code, body) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(code, "validation_failed");
    let fields = &body["error"]["details"]["fields"];
    assert!(
        fields["email"]
            .as_str()
            .unwrap()
            .contains("not a valid email")
    );
    assert!(fields["phone"].is_string());
    assert!(fields["timezone"].as_str().unwrap().contains("IANA"));

    let unknown = app
        .send(
            &admin,
            Method::POST,
            "/api/leads",
            Some(json!({"email": "a@example.com", "favourite_colour": "red"})),
        )
        .await;
    let (_, body) = error_code(unknown, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("favourite_colour")
    );

    let wrong_type = app
        .send(
            &admin,
            Method::POST,
            "/api/leads",
            Some(json!({"email": 42})),
        )
        .await;
    assert_eq!(
        error_code(wrong_type, StatusCode::UNPROCESSABLE_ENTITY)
            .await
            .0,
        "invalid_field"
    );

    let bad_stage = app
        .send(
            &admin,
            Method::POST,
            "/api/leads",
            Some(json!({"email": "s@example.com", "stage": "closed"})),
        )
        .await;
    assert_eq!(bad_stage.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let malformed = app
        .client
        .post(app.url("/api/leads"))
        .bearer_auth(&admin.token)
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(malformed, StatusCode::BAD_REQUEST).await.0,
        "malformed_json"
    );

    let not_json = app
        .client
        .post(app.url("/api/leads"))
        .bearer_auth(&admin.token)
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(not_json, StatusCode::UNSUPPORTED_MEDIA_TYPE)
            .await
            .0,
        "unsupported_media_type"
    );

    let huge =
        json!({"email": "big@example.com", "custom_fields": {"blob": "x".repeat(400 * 1024)}});
    let too_big = app
        .send(&admin, Method::POST, "/api/leads", Some(huge))
        .await;
    assert_eq!(
        error_code(too_big, StatusCode::PAYLOAD_TOO_LARGE).await.0,
        "payload_too_large"
    );

    let nested = app
        .send(
            &admin,
            Method::POST,
            "/api/leads",
            Some(json!({"email": "n@example.com", "custom_fields": {"x": {"deep": 1}}})),
        )
        .await;
    assert_eq!(nested.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let no_contact = app
        .send(
            &admin,
            Method::POST,
            "/api/leads",
            Some(json!({"first_name": "Nobody"})),
        )
        .await;
    assert_eq!(no_contact.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let bad_query = app
        .send(&admin, Method::GET, "/api/leads?limit=abc", None)
        .await;
    assert_eq!(
        error_code(bad_query, StatusCode::BAD_REQUEST).await.0,
        "invalid_query"
    );
    let bad_sort = app
        .send(&admin, Method::GET, "/api/leads?sort=shoe_size", None)
        .await;
    assert_eq!(bad_sort.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad_limit = app
        .send(&admin, Method::GET, "/api/leads?limit=5000", None)
        .await;
    assert_eq!(bad_limit.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let page = app.get_json(&admin, "/api/leads").await;
    assert_eq!(page["total"], 0, "no rejected request wrote anything");
    let companies = app.get_json(&admin, "/api/companies").await;
    assert_eq!(companies["total"], 0);
});

on_both_backends!(duplicates_are_refused_with_the_existing_id, |app| {
    let admin = app.admin().await;
    let first = app
        .create_lead(
            &admin,
            json!({"email": "dup@example.com", "phone": "+442079460958"}),
        )
        .await;
    for body in [
        json!({"email": "DUP@example.com"}),
        json!({"phone": "020 7946 0958", "default_country": "GB"}),
    ] {
        let response = app
            .send(&admin, Method::POST, "/api/leads", Some(body))
            .await;
        let (code, json) = error_code(response, StatusCode::CONFLICT).await;
        assert_eq!(code, "duplicate_lead");
        assert_eq!(json["error"]["details"]["existing_lead_id"], first["id"]);
    }
    let other = app
        .create_lead(&admin, json!({"email": "other@example.com"}))
        .await;
    let response = app
        .send(
            &admin,
            Method::PATCH,
            &format!("/api/leads/{}", other["id"].as_str().unwrap()),
            Some(json!({"email": "dup@example.com"})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
});

on_both_backends!(list_filters_sorts_and_pages, |app| {
    let admin = app.admin().await;
    let sales = app.member(&admin, "sales").await;
    let people = [
        (
            "Alice",
            "Zephyr",
            "alice@example.com",
            "lead",
            vec!["vip"],
            true,
        ),
        (
            "Bob",
            "Young",
            "bob@example.com",
            "meeting",
            vec!["vip", "investor"],
            false,
        ),
        ("Carol", "Xu", "carol@example.com", "won", vec![], true),
        (
            "Dan",
            "Walker",
            "dan@example.com",
            "meeting",
            vec!["investor"],
            false,
        ),
        (
            "Eve",
            "Vance",
            "eve_100%@example.com",
            "lost",
            vec![],
            false,
        ),
    ];
    for (first, last, email, stage, tags, sms) in &people {
        let mut body = json!({"first_name": first, "last_name": last, "email": email, "stage": stage, "tags": tags});
        if *sms {
            body["consents"] = json!({"sms": {"status": "granted"}});
        }
        if *first == "Bob" {
            body["owner_id"] = json!(sales.user_id);
            body["company_name"] = json!("Acme Widgets");
        }
        app.create_lead(&admin, body).await;
    }
    let names = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["first_name"].as_str().unwrap().to_string())
            .collect()
    };

    let page = app.get_json(&admin, "/api/leads?sort=name").await;
    assert_eq!(names(&page), ["Alice", "Bob", "Carol", "Dan", "Eve"]);
    assert_eq!(page["total"], 5);
    let page = app
        .get_json(&admin, "/api/leads?sort=-name&limit=2&offset=1")
        .await;
    assert_eq!(names(&page), ["Dan", "Carol"]);
    assert_eq!(page["total"], 5);
    let page = app.get_json(&admin, "/api/leads?sort=stage").await;
    assert_eq!(names(&page)[0], "Alice", "stage sorts in funnel order");
    assert_eq!(names(&page)[4], "Eve");

    assert_eq!(
        names(
            &app.get_json(&admin, "/api/leads?stage=meeting&sort=name")
                .await
        ),
        ["Bob", "Dan"]
    );
    assert_eq!(
        names(&app.get_json(&admin, "/api/leads?tag=VIP&sort=name").await),
        ["Alice", "Bob"]
    );
    assert_eq!(
        names(
            &app.get_json(&admin, "/api/leads?consent=sms&sort=name")
                .await
        ),
        ["Alice", "Carol"]
    );
    assert_eq!(
        names(
            &app.get_json(&admin, &format!("/api/leads?owner_id={}", sales.user_id))
                .await
        ),
        ["Bob"]
    );
    assert_eq!(
        names(&app.get_json(&admin, "/api/leads?q=WALK").await),
        ["Dan"]
    );
    assert_eq!(
        names(&app.get_json(&admin, "/api/leads?q=acme").await),
        ["Bob"],
        "search matches the company name"
    );
    assert_eq!(
        names(&app.get_json(&admin, "/api/leads?q=100%25").await),
        ["Eve"],
        "% is matched literally"
    );
    assert_eq!(
        names(&app.get_json(&admin, "/api/leads?q=_").await),
        ["Eve"],
        "_ is matched literally"
    );
    assert_eq!(
        app.get_json(&admin, "/api/leads?stage=meeting&tag=investor&q=dan")
            .await["total"],
        1
    );
});

on_both_backends!(export_streams_the_filtered_list_as_csv, |app| {
    let admin = app.admin().await;
    app.create_lead(&admin, json!({"first_name": "Ann", "email": "ann@example.com", "stage": "won", "tags": ["a", "b"]})).await;
    app.create_lead(
        &admin,
        json!({"first_name": "=HYPERLINK(\"x\")", "email": "formula@example.com", "stage": "won"}),
    )
    .await;
    app.create_lead(
        &admin,
        json!({"first_name": "Zed", "email": "zed@example.com", "stage": "lost"}),
    )
    .await;
    let response = app
        .send(
            &admin,
            Method::GET,
            "/api/leads/export?stage=won&sort=name",
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let text = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "only the filtered leads: {text}");
    let email = headers.iter().position(|h| h == "email").unwrap();
    let first = headers.iter().position(|h| h == "first_name").unwrap();
    let emails: Vec<&str> = rows.iter().map(|r| &r[email]).collect();
    assert!(emails.contains(&"ann@example.com") && emails.contains(&"formula@example.com"));
    assert!(
        rows.iter().any(|r| r[first].starts_with("'=")),
        "formulas are neutralised for spreadsheets"
    );
    assert!(
        rows.iter()
            .any(|r| &r[headers.iter().position(|h| h == "tags").unwrap()] == "a; b")
    );
});

on_both_backends!(companies_crud_and_lead_counts, |app| {
    let admin = app.admin().await;
    let response = app
        .send(
            &admin,
            Method::POST,
            "/api/companies",
            Some(json!({"name": "Initech", "domain": "initech.example", "industry": "Software"})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let company: Value = response.json().await.unwrap();
    let id = company["id"].as_str().unwrap();
    let duplicate = app
        .send(
            &admin,
            Method::POST,
            "/api/companies",
            Some(json!({"name": "  INITECH "})),
        )
        .await;
    assert_eq!(
        error_code(duplicate, StatusCode::CONFLICT).await.0,
        "duplicate_company"
    );
    app.create_lead(
        &admin,
        json!({"email": "peter@initech.example", "company_id": id}),
    )
    .await;
    let lead = app
        .create_lead(
            &admin,
            json!({"email": "milton@initech.example", "company_name": "initech"}),
        )
        .await;
    assert_eq!(
        lead["company"]["id"], id,
        "company_name links to the existing company"
    );
    let fetched = app.get_json(&admin, &format!("/api/companies/{id}")).await;
    assert_eq!(fetched["lead_count"], 2);
    let renamed = app
        .send(
            &admin,
            Method::PATCH,
            &format!("/api/companies/{id}"),
            Some(json!({"name": "Initrode"})),
        )
        .await;
    assert_eq!(renamed.status(), StatusCode::OK);
    let leads = app
        .get_json(&admin, &format!("/api/leads?company_id={id}"))
        .await;
    assert_eq!(leads["total"], 2);
    assert_eq!(leads["items"][0]["company"]["name"], "Initrode");
    assert_eq!(
        app.send(
            &admin,
            Method::DELETE,
            &format!("/api/companies/{id}"),
            None
        )
        .await
        .status(),
        StatusCode::NO_CONTENT
    );
    let orphan = app
        .get_json(
            &admin,
            &format!("/api/leads/{}", lead["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(
        orphan["company"],
        Value::Null,
        "leads survive their company"
    );
    let bad_company = app
        .send(
            &admin,
            Method::POST,
            "/api/leads",
            Some(json!({"email": "x@example.com", "company_id": "does-not-exist"})),
        )
        .await;
    assert_eq!(bad_company.status(), StatusCode::UNPROCESSABLE_ENTITY);
});
