//! The send gate on the paths that are not Twilio-specific: an AI reply the gate blocks stays a
//! draft carrying the reason; a human's send to a do-not-contact lead is refused with nothing
//! written; STOP through the sandbox inbound path (the demo) opts the lead out.

use crate::helpers::error_code;
use crate::on_both_backends;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_backends!(
    an_ai_reply_blocked_by_the_gate_stays_a_draft_with_the_reason,
    |app| {
        let admin = app.admin().await;
        crate::live::create_agent(&app, &admin, "autonomous").await;
        let lead = app
        .create_lead(
            &admin,
            json!({"first_name": "Dee", "last_name": "Nc", "phone": "+12125550301", "timezone": crate::twilio::daytime_zone(), "do_not_contact": true}),
        )
        .await;
        let lead_id = lead["id"].as_str().unwrap();
        let accepted: Value = app
            .send(
                &admin,
                Method::POST,
                "/api/sandbox/inbound",
                Some(json!({"lead_id": lead_id, "channel": "sms", "text": "Tell me more"})),
            )
            .await
            .json()
            .await
            .unwrap();
        let conversation_id = accepted["conversation_id"].as_str().unwrap().to_string();
        let path = format!("/api/conversations/{conversation_id}");
        crate::helpers::eventually("a blocked draft", || async {
            let detail = app.get_json(&admin, &path).await;
            detail["drafts"].as_array().is_some_and(|d| !d.is_empty())
        })
        .await;
        let detail = app.get_json(&admin, &path).await;
        let draft = &detail["drafts"][0];
        assert_eq!(draft["status"], "ready", "{draft}");
        assert!(
            draft["blocked_reason"]
                .as_str()
                .unwrap()
                .starts_with("do_not_contact"),
            "{draft}"
        );
        let outbound = crate::twilio::count(
            &app,
            "SELECT COUNT(*) FROM messages WHERE lead_id = $1 AND direction = 'outbound'",
            lead_id,
        )
        .await;
        assert_eq!(outbound, 0);
        // Approving the blocked draft is refused the same way.
        let draft_id = draft["id"].as_str().unwrap();
        let response = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{conversation_id}/drafts/{draft_id}/approve"),
                Some(json!({})),
            )
            .await;
        let (code, _) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(code, "do_not_contact");
        // A human's send is refused with the code, and nothing is written.
        let response = app
            .send(
                &admin,
                Method::POST,
                &format!("/api/conversations/{conversation_id}/messages"),
                Some(json!({"channel": "sandbox", "text": "Hello anyway"})),
            )
            .await;
        let (code, body) = error_code(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(code, "do_not_contact", "{body}");
        assert!(body["error"]["details"]["retry_at"].is_null());
        let outbound = crate::twilio::count(
            &app,
            "SELECT COUNT(*) FROM messages WHERE lead_id = $1 AND direction = 'outbound'",
            lead_id,
        )
        .await;
        assert_eq!(outbound, 0);
    }
);

on_both_backends!(stop_through_the_sandbox_inbound_path_opts_out, |app| {
    let admin = app.admin().await;
    let lead = app
        .create_lead(
            &admin,
            json!({"first_name": "Sam", "last_name": "Box", "phone": "+12125550302"}),
        )
        .await;
    let lead_id = lead["id"].as_str().unwrap();
    let response = app
        .send(
            &admin,
            Method::POST,
            "/api/sandbox/inbound",
            Some(json!({"lead_id": lead_id, "channel": "sms", "text": " Stop "})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let accepted: Value = response.json().await.unwrap();
    let lead = app.get_json(&admin, &format!("/api/leads/{lead_id}")).await;
    assert_eq!(lead["consents"]["sms"]["status"], "revoked", "{lead}");
    assert_eq!(
        lead["consents"]["sms"]["evidence"], accepted["message_id"],
        "the STOP message is the evidence: {lead}"
    );
    let entry = app
        .store
        .compliance()
        .suppression_for(
            &admin.workspace_id,
            omnireach::domain::Channel::Sms,
            "+12125550302",
        )
        .await
        .unwrap()
        .expect("suppressed");
    assert_eq!(entry.reason, "stop");
});
