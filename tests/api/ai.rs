//! The AI layer: agents in the store, the offline responder through `Llm::reply`, providers
//! behind the router (against the local fake in `fake_llm`), and the HTTP endpoints.

use crate::on_both_backends;
use omnireach::llm::{LeadFacts, Llm, LlmConfig, LlmError, Purpose, ReplyContext, Speaker, Turn};
use omnireach::store::{AgentInput, LlmRequestFilter, PersonaRecord, Store, StoreError};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

pub fn agent_input(name: &str, persona_id: Option<String>) -> AgentInput {
    AgentInput {
        name: name.into(),
        persona_id,
        provider: "auto".into(),
        model: None,
        temperature: 0.7,
        autonomy: "autonomous".into(),
        channels: vec!["sandbox".into(), "email".into()],
        daily_limit: 100,
        enabled: true,
    }
}

/// A persona in the workspace, returning its id.
pub async fn persona(store: &Store, workspace_id: &str, name: &str) -> String {
    store
        .library()
        .upsert_persona(
            workspace_id,
            &PersonaRecord {
                id: String::new(),
                name: name.into(),
                role: "Account executive".into(),
                tone: r#"{"formality":75,"warmth":80,"brevity":40,"enthusiasm":30,"assertiveness":65}"#
                    .into(),
                industry_focus: "Commercial property".into(),
                language: "en".into(),
                signature: "Victor Alvarez\nEnterprise Accounts".into(),
                dos: "[]".into(),
                donts: "[]".into(),
            },
        )
        .await
        .unwrap();
    store
        .library()
        .personas(workspace_id)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.name == name)
        .unwrap()
        .id
}

pub fn context(workspace_id: &str, agent_id: Option<&str>, lead_says: &str) -> ReplyContext {
    ReplyContext {
        workspace_id: workspace_id.into(),
        agent_id: agent_id.map(str::to_string),
        lead_id: Some("lead-1".into()),
        purpose: Purpose::Reply,
        lead: LeadFacts {
            first_name: Some("Ada".into()),
            full_name: "Ada Lovelace".into(),
            company: Some("Analytical Ltd".into()),
            title: Some("CTO".into()),
            stage: "contacted".into(),
        },
        thread: vec![Turn {
            speaker: Speaker::Lead,
            channel: "email".into(),
            text: lead_says.into(),
        }],
    }
}

/// Runs a reply to completion, returning the result and every delta received.
pub async fn reply_collecting(
    llm: &Llm,
    ctx: ReplyContext,
) -> (Result<omnireach::llm::Generation, LlmError>, Vec<String>) {
    let (sender, mut receiver) = mpsc::channel(1024);
    let result = llm.reply(ctx, sender, CancellationToken::new()).await;
    let mut deltas = Vec::new();
    while let Ok(delta) = receiver.try_recv() {
        deltas.push(delta);
    }
    (result, deltas)
}

on_both_backends!(agent_store_is_workspace_scoped, |app| {
    let store = &app.store;
    let workspace = store.workspaces().create("Agents Inc").await.unwrap();
    let other = store.workspaces().create("Rival").await.unwrap();
    let persona_id = persona(store, &workspace.id, "Victor").await;

    let drafter = store
        .agents()
        .create(
            &workspace.id,
            &AgentInput {
                autonomy: "draft_only".into(),
                ..agent_input("A drafter", Some(persona_id.clone()))
            },
        )
        .await
        .unwrap();
    let closer = store
        .agents()
        .create(&workspace.id, &agent_input("B closer", None))
        .await
        .unwrap();
    assert_eq!(closer.temperature, 0.7);
    assert_eq!(closer.channels, vec!["sandbox", "email"]);
    assert!(closer.enabled);

    let duplicate = store
        .agents()
        .create(&workspace.id, &agent_input("B closer", None))
        .await;
    assert!(matches!(duplicate, Err(StoreError::Conflict(c)) if c == "name"));

    // Autonomous agents win over the alphabetically first draft-only one.
    let default = store
        .agents()
        .default_for_channel(&workspace.id, "email")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(default.id, closer.id);
    assert!(
        store
            .agents()
            .default_for_channel(&workspace.id, "sms")
            .await
            .unwrap()
            .is_none()
    );

    let mut changes = AgentInput::from_record(&closer);
    changes.enabled = false;
    changes.temperature = 1.25;
    let updated = store
        .agents()
        .update(&workspace.id, &closer.id, &changes)
        .await
        .unwrap();
    assert!(!updated.enabled);
    assert_eq!(updated.temperature, 1.25);
    let default = store
        .agents()
        .default_for_channel(&workspace.id, "email")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(default.id, drafter.id, "disabled agents are skipped");

    // Another workspace sees nothing and changes nothing.
    assert!(matches!(
        store.agents().get(&other.id, &closer.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.agents().delete(&other.id, &closer.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(store.agents().list(&other.id).await.unwrap().is_empty());

    store
        .agents()
        .delete(&workspace.id, &closer.id)
        .await
        .unwrap();
    let names: Vec<String> = store
        .agents()
        .list(&workspace.id)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, vec!["A drafter"]);
});

on_both_backends!(offline_reply_streams_is_deterministic_and_logged, |app| {
    let store = &app.store;
    let workspace = store.workspaces().create("Offline Co").await.unwrap();
    let persona_id = persona(store, &workspace.id, "Victor").await;
    let agent = store
        .agents()
        .create(&workspace.id, &agent_input("Demo SDR", Some(persona_id)))
        .await
        .unwrap();
    let llm = Llm::new(store.clone(), LlmConfig::default());

    let ctx = context(
        &workspace.id,
        Some(&agent.id),
        "What does your pricing look like?",
    );
    let (first, deltas) = reply_collecting(&llm, ctx.clone()).await;
    let first = first.unwrap();
    assert!(first.offline);
    assert_eq!(first.generator, "offline");
    assert_eq!(first.cost_usd, 0.0);
    assert!(deltas.len() > 5, "streams word by word: {deltas:?}");
    assert_eq!(deltas.concat(), first.text);
    assert!(first.text.starts_with("Hello Ada,"), "{}", first.text);
    assert!(first.text.contains("pricing"), "{}", first.text);
    assert!(first.text.contains("Victor Alvarez"), "{}", first.text);

    let (second, _) = reply_collecting(&llm, ctx).await;
    assert_eq!(second.unwrap().text, first.text, "same inputs, same text");

    let (meeting, _) = reply_collecting(
        &llm,
        context(&workspace.id, Some(&agent.id), "Can we schedule a call?"),
    )
    .await;
    assert_ne!(meeting.unwrap().text, first.text, "answers what was asked");

    let logged = store
        .llm()
        .list_requests(
            &workspace.id,
            &LlmRequestFilter {
                agent_id: Some(agent.id.clone()),
                lead_id: None,
                limit: 50,
            },
        )
        .await
        .unwrap();
    assert_eq!(logged.len(), 3);
    assert!(logged.iter().all(|r| r.provider == "offline"
        && r.purpose == "reply"
        && r.cost_micros == 0
        && r.error.is_none()
        && r.lead_id.as_deref() == Some("lead-1")));

    let (missing, _) =
        reply_collecting(&llm, context(&workspace.id, Some("no-such-agent"), "hello")).await;
    assert!(matches!(missing, Err(LlmError::AgentNotFound)));

    let cancel = CancellationToken::new();
    cancel.cancel();
    let (sender, _receiver) = mpsc::channel(8);
    let cancelled = llm
        .reply(context(&workspace.id, None, "hello"), sender, cancel)
        .await;
    assert!(matches!(cancelled, Err(LlmError::Cancelled)));
});
