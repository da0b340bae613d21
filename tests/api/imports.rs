use crate::helpers::{Session, TestApp, error_code};
use crate::on_both_backends;
use reqwest::StatusCode;
use serde_json::Value;

async fn preview(app: &TestApp, session: &Session, csv: &[u8]) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(csv.to_vec()).file_name("x.csv"),
    );
    app.client
        .post(app.url("/api/leads/import/preview"))
        .bearer_auth(&session.token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn start(
    app: &TestApp,
    session: &Session,
    csv: &[u8],
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(csv.to_vec()).file_name("x.csv"),
    );
    for (name, value) in extra {
        form = form.text(name.to_string(), value.to_string());
    }
    app.client
        .post(app.url("/api/leads/import"))
        .bearer_auth(&session.token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

const GOOD_AND_BAD: &str = "First Name,Last Name,E-mail,Mobile,Company,Tags,SMS opt-in\n\
Ada,Lovelace,ada@example.com,(415) 555-2671,Engines Ltd,vip;math,yes\n\
Bad,Email,not-an-email,,,,\n\
Bad,Phone,bp@example.com,12,,,\n\
Charles,Babbage,charles@example.com,020 7946 0958,Engines Ltd,,no\n\
No,Contact,,,,,\n";

on_both_backends!(preview_suggests_a_mapping, |app| {
    let admin = app.admin().await;
    let response = preview(&app, &admin, GOOD_AND_BAD.as_bytes()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["total_rows"], 5);
    assert_eq!(body["suggested_mapping"]["E-mail"], "email");
    assert_eq!(body["suggested_mapping"]["Mobile"], "phone");
    assert_eq!(body["suggested_mapping"]["SMS opt-in"], "consent_sms");
    assert_eq!(body["suggested_mapping"]["Tags"], "tags");
    assert_eq!(body["sample_rows"][0][0], "Ada");
    assert!(
        body["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["key"] == "consent_sms")
    );
});

on_both_backends!(
    import_keeps_valid_rows_reports_the_rest_and_reimport_changes_nothing,
    |app| {
        let admin = app.admin().await;
        let mapping = r#"{"First Name":"first_name","Last Name":"last_name","E-mail":"email","Mobile":"phone","Company":"company","Tags":"tags","SMS opt-in":"consent_sms"}"#;
        let job = app
            .import_csv(
                &admin,
                GOOD_AND_BAD.as_bytes(),
                &[("mapping", mapping), ("default_country", "US")],
            )
            .await;
        assert_eq!(job["status"], "completed", "{job}");
        assert_eq!(
            (
                job["total_rows"].as_i64(),
                job["created"].as_i64(),
                job["rejected"].as_i64()
            ),
            (Some(5), Some(1), Some(4)),
            "{job}"
        );
        // The GB number has no country code and the default country is US: rejected with a reason.
        let report = app
            .get_json(
                &admin,
                &format!(
                    "/api/leads/imports/{}/rejections",
                    job["id"].as_str().unwrap()
                ),
            )
            .await;
        let items = report["items"].as_array().unwrap();
        let rows: Vec<i64> = items
            .iter()
            .map(|r| r["row_number"].as_i64().unwrap())
            .collect();
        assert_eq!(
            rows,
            [3, 4, 5, 6],
            "row numbers as the spreadsheet shows them"
        );
        let by_row = |n: i64| items.iter().find(|r| r["row_number"] == n).unwrap();
        assert_eq!(by_row(3)["field"], "email");
        assert_eq!(by_row(3)["raw"]["E-mail"], "not-an-email");
        assert_eq!(by_row(4)["field"], "phone");
        assert_eq!(
            by_row(5)["field"],
            "phone",
            "a GB number read with default country US is invalid"
        );
        assert!(
            by_row(6)["reason"]
                .as_str()
                .unwrap()
                .contains("neither an email nor a phone")
        );

        let leads = app.get_json(&admin, "/api/leads?q=ada").await;
        let ada = &leads["items"][0];
        assert_eq!(ada["phone"], "+14155552671");
        assert_eq!(ada["tags"], serde_json::json!(["math", "vip"]));
        assert_eq!(ada["consents"]["sms"]["status"], "granted");
        assert_eq!(ada["consents"]["sms"]["source"], "csv import");
        assert_eq!(ada["company"]["name"], "Engines Ltd");
        let before = app.get_json(&admin, "/api/leads?sort=name").await;

        let again = app
            .import_csv(
                &admin,
                GOOD_AND_BAD.as_bytes(),
                &[("mapping", mapping), ("default_country", "US")],
            )
            .await;
        assert_eq!(
            (
                again["created"].as_i64(),
                again["merged"].as_i64(),
                again["unchanged"].as_i64()
            ),
            (Some(0), Some(0), Some(1)),
            "{again}"
        );
        let after = app.get_json(&admin, "/api/leads?sort=name").await;
        assert_eq!(before, after, "re-importing the same file changes nothing");

        let csv_report = app
            .client
            .get(app.url(&format!(
                "/api/leads/imports/{}/rejections?format=csv",
                job["id"].as_str().unwrap()
            )))
            .bearer_auth(&admin.token)
            .send()
            .await
            .unwrap();
        assert!(
            csv_report
                .text()
                .await
                .unwrap()
                .starts_with("row_number,field,reason,row")
        );
    }
);

on_both_backends!(rows_merge_into_existing_leads_by_email_or_phone, |app| {
    let admin = app.admin().await;
    let existing = app.create_lead(&admin, serde_json::json!({"email": "grace@example.com", "first_name": "Grace", "tags": ["old"]})).await;
    let by_phone = app
        .create_lead(
            &admin,
            serde_json::json!({"phone": "+14155550132", "first_name": "Phoney"}),
        )
        .await;
    let csv = "email,phone,title,tags,first_name\n\
grace@example.com,,Admiral,new,\n\
,+1 415-555-0132,Caller,,\n\
grace@example.com,,Admiral,new,\n\
mixed@example.com,+14155550132,,,Mixed\n";
    let job = app.import_csv(&admin, csv.as_bytes(), &[]).await;
    assert_eq!(
        (
            job["merged"].as_i64(),
            job["unchanged"].as_i64(),
            job["created"].as_i64()
        ),
        (Some(3), Some(1), Some(0)),
        "{job}"
    );
    let grace = app
        .get_json(
            &admin,
            &format!("/api/leads/{}", existing["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(grace["title"], "Admiral");
    assert_eq!(
        grace["first_name"], "Grace",
        "empty cells keep stored values"
    );
    assert_eq!(
        grace["tags"],
        serde_json::json!(["new", "old"]),
        "tags are added, not replaced"
    );
    let phoney = app
        .get_json(
            &admin,
            &format!("/api/leads/{}", by_phone["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(phoney["title"], "Caller");
    assert_eq!(phoney["title"], "Caller");
    assert_eq!(
        app.get_json(&admin, "/api/leads").await["total"],
        2,
        "mixed@example.com merged into the phone match"
    );
    let mixed = app
        .get_json(
            &admin,
            &format!("/api/leads/{}", by_phone["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(mixed["email"], "mixed@example.com");
});

on_both_backends!(broken_files_and_mappings_are_refused, |app| {
    let admin = app.admin().await;
    for (bytes, expected) in [
        (b"".to_vec(), "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(), "binary"),
        (b"email,,phone\n".to_vec(), "empty header"),
    ] {
        let response = preview(&app, &admin, &bytes).await;
        let (code, body) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(code, "invalid_csv");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains(expected),
            "{body}"
        );
    }
    let no_contact_column = start(&app, &admin, b"first_name,city\nAda,London\n", &[]).await;
    let (_, body) = error_code(no_contact_column, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("email or phone")
    );
    let bad_mapping = start(
        &app,
        &admin,
        b"email,x\na@example.com,1\n",
        &[("mapping", r#"{"email":"email","x":"shoe_size"}"#)],
    )
    .await;
    let (_, body) = error_code(bad_mapping, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        body["error"]["details"]["fields"]["mapping.x"]
            .as_str()
            .unwrap()
            .contains("not a lead field")
    );
    let twice = start(
        &app,
        &admin,
        b"a,b\nx@example.com,y@example.com\n",
        &[("mapping", r#"{"a":"email","b":"email"}"#)],
    )
    .await;
    assert_eq!(twice.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let not_json = start(
        &app,
        &admin,
        b"email\na@example.com\n",
        &[("mapping", "email=email")],
    )
    .await;
    assert_eq!(not_json.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let no_file = app
        .client
        .post(app.url("/api/leads/import"))
        .bearer_auth(&admin.token)
        .multipart(reqwest::multipart::Form::new().text("mapping", "{}"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_file.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let viewer = app.member(&admin, "viewer").await;
    assert_eq!(
        start(&app, &viewer, b"email\na@example.com\n", &[])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get_json(&admin, "/api/leads").await["total"], 0);
    assert_eq!(
        app.get_json(&admin, "/api/leads/imports").await["items"]
            .as_array()
            .unwrap()
            .len(),
        0,
        "refused uploads leave no job"
    );
});

on_both_backends!(ten_thousand_broken_rows_are_all_reported, |app| {
    let admin = app.admin().await;
    let mut csv = String::from("email,phone,stage\n");
    for i in 0..10_000 {
        match i % 4 {
            0 => csv.push_str(&format!("broken{i}-at-example.com,,\n")),
            1 => csv.push_str(&format!(",{i},\n")),
            2 => csv.push_str(&format!("ok{i}@example.com,,closed-won\n")),
            _ => csv.push_str("\"unterminated,quote\n"),
        }
    }
    csv.push_str("valid@example.com,,lead\n");
    let job = app.import_csv(&admin, csv.as_bytes(), &[]).await;
    assert_eq!(job["status"], "completed");
    assert_eq!(job["created"], 1, "{job}");
    assert_eq!(
        job["rejected"].as_i64().unwrap() + 1,
        job["total_rows"].as_i64().unwrap(),
        "{job}"
    );
    let report = app
        .get_json(
            &admin,
            &format!(
                "/api/leads/imports/{}/rejections",
                job["id"].as_str().unwrap()
            ),
        )
        .await;
    let items = report["items"].as_array().unwrap();
    assert_eq!(items.len() as i64, job["rejected"].as_i64().unwrap());
    assert!(items.iter().any(|r| r["field"] == "stage"));
    assert_eq!(app.get_json(&admin, "/api/leads").await["total"], 1);
});

on_both_backends!(latin1_and_semicolon_files_import, |app| {
    let admin = app.admin().await;
    let csv = b"Vorname;Nachname;E-Mail\nJ\xfcrgen;M\xfcller;juergen@example.de\n";
    let job = app.import_csv(&admin, csv, &[]).await;
    assert_eq!(job["created"], 1, "{job}");
    let lead = &app.get_json(&admin, "/api/leads").await["items"][0];
    assert_eq!(lead["full_name"], "Jürgen Müller");
});

on_both_backends!(an_export_reimports_unchanged, |app| {
    let admin = app.admin().await;
    app.create_lead(&admin, serde_json::json!({"first_name": "Round", "last_name": "Trip", "email": "rt@example.com", "phone": "+4930901820", "stage": "replied", "tags": ["x"], "company_name": "Loop GmbH", "timezone": "Europe/Berlin"})).await;
    let csv = app
        .client
        .get(app.url("/api/leads/export"))
        .bearer_auth(&admin.token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let job = app.import_csv(&admin, &csv, &[]).await;
    assert_eq!(
        (job["unchanged"].as_i64(), job["rejected"].as_i64()),
        (Some(1), Some(0)),
        "{job}"
    );
});

on_both_backends!(an_interrupted_import_resumes_after_restart, |app| {
    let admin = app.admin().await;
    // A job the previous process accepted but never finished (it was killed mid-way).
    let csv = b"email\nresumed1@example.com\nresumed2@example.com\n";
    let job = app
        .store
        .imports()
        .create(omnireach::store::NewImportJob {
            workspace_id: &admin.workspace_id,
            created_by: &admin.user_id,
            filename: "killed.csv",
            mapping: r#"{"email":"email"}"#,
            default_country: None,
            content: csv,
            total_rows: 2,
        })
        .await
        .unwrap();
    sqlx::query("UPDATE import_jobs SET status = 'running', processed_rows = 1 WHERE id = $1")
        .bind(&job.id)
        .execute(&app.store.pool)
        .await
        .unwrap();
    let restarted = app.restart().await;
    let finished = restarted.wait_for_import(&admin, &job.id).await;
    assert_eq!(finished["status"], "completed", "{finished}");
    assert_eq!(finished["created"], 2);
    assert_eq!(restarted.get_json(&admin, "/api/leads").await["total"], 2);
});

#[actix_rt::test]
async fn large_upload_is_refused_with_413() {
    let app = TestApp::spawn_with(crate::helpers::Backend::Sqlite, |s| {
        s.import_max_bytes = 1024
    })
    .await;
    let admin = app.admin().await;
    let big = format!("email\n{}", "a@example.com\n".repeat(200));
    let (code, _) = error_code(
        preview(&app, &admin, big.as_bytes()).await,
        StatusCode::PAYLOAD_TOO_LARGE,
    )
    .await;
    assert_eq!(code, "payload_too_large");
}
