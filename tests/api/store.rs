//! The store on its own, against both databases: the same calls give the same results.

use crate::helpers::{Backend, fresh_database_url, temp_dir};
use omnireach::domain::{Channel, ConsentStatus, EmailAddress, PhoneNumber, Stage};
use omnireach::store::{LeadDraft, LeadFilter, MergeOutcome, Store};

async fn store(backend: Backend) -> (Store, crate::helpers::TempDir) {
    let dir = temp_dir();
    let store = Store::connect(&fresh_database_url(backend, &dir.0), 5)
        .await
        .unwrap();
    store.migrate().await.unwrap();
    store.migrate().await.unwrap(); // idempotent
    (store, dir)
}

/// The workspace's `llm_requests` lines, newest first.
async fn log_lines(store: &Store, ws: &str) -> Vec<omnireach::store::LlmRequestRecord> {
    let filter = omnireach::store::LlmRequestFilter {
        limit: 10,
        ..Default::default()
    };
    store.llm().list_requests(ws, &filter).await.unwrap()
}

fn draft(email: &str, phone: Option<&str>) -> LeadDraft {
    LeadDraft {
        email: Some(EmailAddress::parse(email).unwrap()),
        phone: phone.map(|p| PhoneNumber::parse(p, None).unwrap()),
        ..LeadDraft::default()
    }
}

async fn merge_batches_are_idempotent(backend: Backend) {
    let (store, _dir) = store(backend).await;
    let workspace = store.workspaces().create("Tenant").await.unwrap();
    let mut drafts: Vec<LeadDraft> = (0..1200)
        .map(|i| draft(&format!("lead{i}@example.com"), None))
        .collect();
    drafts[5].stage = Some(Stage::Won);
    drafts[5].tags = vec!["b".into(), "a".into()];
    drafts[5].consents = vec![(Channel::Sms, ConsentStatus::Granted, Some("form".into()))];
    drafts.push(draft("lead0@example.com", Some("+14155552671"))); // same file, same lead
    let outcomes = store
        .leads()
        .merge_batch(&workspace.id, drafts.clone())
        .await
        .unwrap();
    let created = outcomes
        .iter()
        .filter(|o| matches!(o, Ok(MergeOutcome::Created(_))))
        .count();
    assert_eq!(created, 1200);
    assert!(
        matches!(outcomes.last(), Some(Ok(MergeOutcome::Merged(_)))),
        "the later row merges into the lead created earlier in the batch"
    );

    let again = store
        .leads()
        .merge_batch(&workspace.id, drafts)
        .await
        .unwrap();
    assert!(
        again
            .iter()
            .all(|o| matches!(o, Ok(MergeOutcome::Unchanged(_)))),
        "second run changes nothing"
    );
    assert_eq!(store.leads().count(&workspace.id).await.unwrap(), 1200);

    let filter = LeadFilter {
        stage: Some(Stage::Won),
        ..LeadFilter::default()
    };
    let (won, total) = store
        .leads()
        .list(&workspace.id, &filter, 10, 0)
        .await
        .unwrap();
    assert_eq!(total, 1);
    assert_eq!(won[0].tags, ["a", "b"]);
    assert_eq!(won[0].consents.len(), 1);
    let (first, _) = store
        .leads()
        .list(
            &workspace.id,
            &LeadFilter {
                query: Some("lead0@".into()),
                ..LeadFilter::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(first[0].phone.as_deref(), Some("+14155552671"));

    // Another workspace sees none of it.
    let other = store.workspaces().create("Tenant").await.unwrap();
    assert_ne!(other.slug, workspace.slug, "slugs stay unique");
    assert_eq!(store.leads().count(&other.id).await.unwrap(), 0);
}

#[actix_rt::test]
async fn merge_batches_are_idempotent_on_sqlite() {
    merge_batches_are_idempotent(Backend::Sqlite).await;
}

#[actix_rt::test]
async fn merge_batches_are_idempotent_on_postgres() {
    merge_batches_are_idempotent(Backend::Postgres).await;
}

async fn refresh_tokens_are_single_use(backend: Backend) {
    use omnireach::store::RefreshUse;
    let (store, _dir) = store(backend).await;
    let workspace = store.workspaces().create("T").await.unwrap();
    let user = store
        .users()
        .create(omnireach::store::NewUser {
            workspace_id: &workspace.id,
            email: "u@example.com",
            name: "U",
            password_hash: "x",
            role: omnireach::domain::Role::Admin,
            is_instance_admin: false,
        })
        .await
        .unwrap();
    let far = omnireach::store::now_ms() + 60_000;
    store
        .refresh_tokens()
        .insert(&user.id, "family", "hash-1", far)
        .await
        .unwrap();
    store
        .refresh_tokens()
        .insert(&user.id, "family", "hash-2", far)
        .await
        .unwrap();
    store
        .refresh_tokens()
        .insert(
            &user.id,
            "old",
            "hash-expired",
            omnireach::store::now_ms() - 1,
        )
        .await
        .unwrap();
    assert!(matches!(
        store.refresh_tokens().consume("hash-1").await.unwrap(),
        RefreshUse::Accepted { .. }
    ));
    assert_eq!(
        store.refresh_tokens().consume("hash-1").await.unwrap(),
        RefreshUse::Replayed
    );
    assert_eq!(
        store.refresh_tokens().consume("hash-2").await.unwrap(),
        RefreshUse::Rejected,
        "the replay revoked the family"
    );
    assert_eq!(
        store
            .refresh_tokens()
            .consume("hash-expired")
            .await
            .unwrap(),
        RefreshUse::Rejected
    );
    assert_eq!(
        store.refresh_tokens().consume("unknown").await.unwrap(),
        RefreshUse::Rejected
    );
}

#[actix_rt::test]
async fn refresh_tokens_are_single_use_on_sqlite() {
    refresh_tokens_are_single_use(Backend::Sqlite).await;
}

#[actix_rt::test]
async fn refresh_tokens_are_single_use_on_postgres() {
    refresh_tokens_are_single_use(Backend::Postgres).await;
}

/// Group commit: concurrent writes share transactions, each caller gets its own answer only
/// after its writes committed, and one failing job neither takes the others down nor leaves
/// half of its own writes behind.
async fn group_commit_isolates_a_failing_job(backend: Backend) {
    let (store, _dir) = store(backend).await;
    store.settings().get_or_insert("probe", "x").await.unwrap();
    let before = store.commits.stats();
    let jobs = (0..60).map(|i| {
        let commits = store.commits.clone();
        async move {
            commits
                .run(move |connection| {
                    Box::pin(async move {
                        sqlx::query("INSERT INTO instance_settings (key, value) VALUES ($1, 'v')")
                            .bind(format!("job-{i}"))
                            .execute(&mut *connection)
                            .await?;
                        if i == 17 {
                            // Its first write succeeded; the second fails: none of it may stay.
                            sqlx::query("INSERT INTO no_such_table (x) VALUES (1)")
                                .execute(&mut *connection)
                                .await?;
                        }
                        Ok(i)
                    })
                })
                .await
        }
    });
    let results = futures_util::future::join_all(jobs).await;
    for (i, result) in results.iter().enumerate() {
        match result {
            Ok(value) => assert_eq!(*value, i),
            Err(_) => assert_eq!(i, 17, "only job 17 fails"),
        }
    }
    assert!(results[17].is_err());
    for i in 0..60 {
        let stored = store.settings().get(&format!("job-{i}")).await.unwrap();
        assert_eq!(stored.is_some(), i != 17, "job {i}");
    }
    let after = store.commits.stats();
    assert_eq!(after.jobs - before.jobs, 60);
    assert!(
        after.retried_alone > before.retried_alone,
        "the batch holding job 17 was rolled back and rerun job by job"
    );
    // The first pass over 60 jobs queued at once took fewer transactions than jobs (the
    // reruns after the failure are one each).
    let retried = after.retried_alone - before.retried_alone;
    let first_pass = after.transactions - before.transactions - retried;
    assert!(first_pass < 60, "{before:?} -> {after:?}");
}

#[actix_rt::test]
async fn group_commit_isolates_a_failing_job_on_sqlite() {
    group_commit_isolates_a_failing_job(Backend::Sqlite).await;
}

#[actix_rt::test]
async fn group_commit_isolates_a_failing_job_on_postgres() {
    group_commit_isolates_a_failing_job(Backend::Postgres).await;
}

/// The live path's chained writes (one round trip per unit of work): an inbound message, an
/// AI reply sent at once, its completed send, each written whole and exactly once.
async fn the_live_path_writes_each_unit_whole_and_once(backend: Backend) {
    use omnireach::store::{
        AgentInput, CompletedSend, NewDraft, NewInbound, NewLlmRequest, NewOutbound, now_ms,
    };
    let (store, _dir) = store(backend).await;
    let workspace = store.workspaces().create("Tenant").await.unwrap();
    let ws = workspace.id.as_str();
    let lead = store
        .leads()
        .create(ws, draft("lead@example.com", None))
        .await
        .unwrap();
    let agent = store
        .agents()
        .create(
            ws,
            &AgentInput {
                name: "SDR".into(),
                persona_id: None,
                provider: "offline".into(),
                model: None,
                temperature: 0.3,
                autonomy: "autonomous".into(),
                channels: vec!["sandbox".into()],
                daily_limit: 0,
                enabled: true,
            },
        )
        .await
        .unwrap();
    let conversations = store.conversations();
    let conversation = conversations
        .ensure_for_lead(ws, &lead.id, Some(&agent.id))
        .await
        .unwrap();

    // Inbound: stored and counted once; the same provider id again is the stored message.
    let inbound = NewInbound {
        workspace_id: ws,
        lead_id: &lead.id,
        channel: "sandbox",
        body: "Can we talk pricing?",
        subject: None,
        external_id: "ext-1",
    };
    let (first, duplicate) = conversations
        .record_inbound(&conversation, &inbound)
        .await
        .unwrap();
    assert!(!duplicate);
    let (again, duplicate) = conversations
        .record_inbound(&conversation, &inbound)
        .await
        .unwrap();
    assert!(duplicate);
    assert_eq!(again.id, first.id);
    let summary = conversations.get(ws, &conversation.id).await.unwrap();
    assert_eq!(summary.unread, 1, "the duplicate is not counted");
    assert_eq!(summary.last_direction.as_deref(), Some("inbound"));
    assert_eq!(
        summary.last_message_preview.as_deref(),
        Some("Can we talk pricing?")
    );

    // The reply, sent at once: draft, message, outbox row, daily count, summary, handled mark.
    let reply = |draft_id: &'static str| NewDraft {
        id: draft_id,
        workspace_id: ws,
        conversation_id: &conversation.id,
        agent_id: Some(&agent.id),
        channel: "sandbox",
        purpose: "reply",
        status: "ready",
        body: "Happy to. Tuesday?",
        generator: Some("offline"),
        offline: true,
        in_reply_to: Some(&first.id),
        created_at: now_ms(),
        blocked_reason: None,
    };
    let outbound = |draft_id: &'static str| NewOutbound {
        workspace_id: ws,
        conversation_id: &conversation.id,
        lead_id: &lead.id,
        channel: "sandbox",
        body: "Happy to. Tuesday?",
        subject: None,
        author_kind: "ai",
        author_id: Some(&agent.id),
        generator: Some("offline"),
        draft_id: Some(draft_id),
        idempotency_key: "reply:ext-1",
        template_id: None,
        template_variables: None,
    };
    let offline_log = NewLlmRequest {
        workspace_id: ws.to_string(),
        agent_id: Some(agent.id.clone()),
        lead_id: Some(lead.id.clone()),
        provider: "offline".into(),
        model: "offline".into(),
        purpose: "reply".into(),
        prompt_tokens: 12,
        completion_tokens: 34,
        latency_ms: 5,
        ttft_ms: Some(2),
        cost_micros: 0,
        cache_hit: false,
        error: None,
    };
    let finished = conversations
        .finish_reply(
            &reply("draft-1"),
            Some(&outbound("draft-1")),
            Some(&offline_log),
        )
        .await
        .unwrap();
    let logged = log_lines(&store, ws).await;
    assert_eq!(
        logged.len(),
        1,
        "the generation's log line goes with its reply"
    );
    // Written in the reply's own statement: every column where it belongs.
    let line = &logged[0];
    assert_eq!(
        (
            line.provider.as_str(),
            line.purpose.as_str(),
            line.agent_id.as_deref(),
            line.lead_id.as_deref(),
        ),
        (
            "offline",
            "reply",
            Some(agent.id.as_str()),
            Some(lead.id.as_str())
        )
    );
    assert_eq!(
        (
            line.prompt_tokens,
            line.completion_tokens,
            line.latency_ms,
            line.ttft_ms,
            line.cache_hit,
            line.error.as_deref()
        ),
        (12, 34, 5, Some(2), false, None)
    );
    let draft_record = finished.draft.expect("the draft is written");
    assert_eq!(draft_record.status, "approved");
    let sent = finished.sent.expect("the reply is queued");
    let stored = conversations.message(ws, &sent.id).await.unwrap();
    assert_eq!(
        (stored.status.as_str(), stored.body.as_str()),
        ("queued", "Happy to. Tuesday?")
    );
    assert_eq!(stored.author_id.as_deref(), Some(agent.id.as_str()));
    assert!(
        conversations
            .message(ws, &first.id)
            .await
            .unwrap()
            .processed
    );
    assert_eq!(store.agents().sent_today(ws, &agent.id).await.unwrap(), 1);
    let summary = conversations.get(ws, &conversation.id).await.unwrap();
    assert_eq!(summary.last_direction.as_deref(), Some("outbound"));
    assert_eq!(
        summary.last_message_preview.as_deref(),
        Some("Happy to. Tuesday?")
    );
    assert!(
        !summary.pending_draft,
        "a reply sent at once is no pending draft"
    );

    // The same idempotency key again (a rerun after a crash): nothing new is written.
    // Its generation is still logged: it happened.
    let rerun = conversations
        .finish_reply(
            &reply("draft-2"),
            Some(&outbound("draft-2")),
            Some(&offline_log),
        )
        .await
        .unwrap();
    assert!(rerun.draft.is_none() && rerun.sent.is_none());
    let logged_again = log_lines(&store, ws).await;
    assert_eq!(logged_again.len(), 2, "a rerun's generation is logged too");
    assert!(
        conversations.draft(ws, "draft-2").await.is_err(),
        "no second draft"
    );
    assert_eq!(store.agents().sent_today(ws, &agent.id).await.unwrap(), 1);
    let (thread, _) = conversations
        .messages(ws, &conversation.id, None, 50)
        .await
        .unwrap();
    assert_eq!(thread.len(), 2, "one inbound, one reply: {thread:?}");

    // The send completes once: the sandbox's delivery row, the outbox row, the status.
    let claimed = store.outbox().claim_due(now_ms() + 1, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    let completed = CompletedSend {
        item: claimed[0].clone(),
        provider_message_id: Some("sandbox-1".into()),
        status: "delivered",
        sandbox: Some((lead.id.clone(), "Happy to. Tuesday?".into())),
    };
    let changed = store
        .outbox()
        .complete_sends(std::slice::from_ref(&completed))
        .await
        .unwrap();
    assert_eq!(changed, vec![sent.id.clone()]);
    let changed = store.outbox().complete_sends(&[completed]).await.unwrap();
    assert!(
        changed.is_empty(),
        "a status never moves twice or backwards"
    );
    assert_eq!(
        conversations.message(ws, &sent.id).await.unwrap().status,
        "delivered"
    );
    assert!(store.outbox().in_doubt().await.unwrap().is_empty());
    assert!(
        store
            .outbox()
            .claim_due(now_ms() + 1, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

#[actix_rt::test]
async fn the_live_path_writes_each_unit_whole_and_once_on_sqlite() {
    the_live_path_writes_each_unit_whole_and_once(Backend::Sqlite).await;
}

#[actix_rt::test]
async fn the_live_path_writes_each_unit_whole_and_once_on_postgres() {
    the_live_path_writes_each_unit_whole_and_once(Backend::Postgres).await;
}

/// SQLite: a write transaction that reads first (a lead's update, an import's merge) waits
/// while another connection writes (the group commit, busy under live load) instead of failing
/// at its first write with "database is locked", as a deferred transaction must.
#[actix_rt::test]
async fn a_write_that_reads_first_waits_for_the_writer_on_sqlite() {
    use omnireach::store::LeadChanges;
    let (store, _dir) = store(Backend::Sqlite).await;
    let ws = store.workspaces().create("Tenant").await.unwrap().id;
    let lead = store
        .leads()
        .create(&ws, draft("wait@example.com", None))
        .await
        .unwrap();
    // The writer connection holds the write lock, as a batch being committed does.
    let mut held = store.writer.begin_with("BEGIN IMMEDIATE").await.unwrap();
    sqlx::query("UPDATE workspaces SET name = name WHERE id = $1")
        .bind(&ws)
        .execute(&mut *held)
        .await
        .unwrap();
    let mut update = {
        let (store, ws, id) = (store.clone(), ws.clone(), lead.id.clone());
        actix_rt::spawn(async move {
            let changes = LeadChanges {
                stage: Some(Stage::Replied),
                ..LeadChanges::default()
            };
            store.leads().update(&ws, &id, changes).await
        })
    };
    // A deferred transaction read, then failed at once at its write while the lock was held;
    // this one is still waiting for it.
    let early = tokio::time::timeout(std::time::Duration::from_millis(300), &mut update).await;
    assert!(early.is_err(), "the update waits for the lock: {early:?}");
    held.commit().await.unwrap();
    let updated = update.await.unwrap().unwrap();
    assert_eq!(updated.stage, Stage::Replied);
}

/// The outbox records a group of accepted sends in one transaction: each outbox row `sent`
/// with its provider id, each message's status moved forward only, the sandbox's delivery rows
/// and no others, and only the messages that moved are returned.
async fn a_group_of_sends_is_recorded_whole(backend: Backend) {
    use omnireach::store::{CompletedSend, NewOutbound, now_ms};
    use sqlx::Row;
    let (store, _dir) = store(backend).await;
    let ws = store.workspaces().create("Tenant").await.unwrap().id;
    let lead = store
        .leads()
        .create(&ws, draft("group@example.com", Some("+12125550101")))
        .await
        .unwrap();
    let conversations = store.conversations();
    let conversation = conversations
        .ensure_for_lead(&ws, &lead.id, None)
        .await
        .unwrap();
    let channel = |i: usize| {
        if i.is_multiple_of(2) {
            "sandbox"
        } else {
            "sms"
        }
    };
    for i in 0..35 {
        let key = format!("group-{i}");
        let body = format!("Message {i}");
        conversations
            .queue_outbound(&NewOutbound {
                workspace_id: &ws,
                conversation_id: &conversation.id,
                lead_id: &lead.id,
                channel: channel(i),
                body: &body,
                subject: None,
                author_kind: "user",
                author_id: None,
                generator: None,
                draft_id: None,
                idempotency_key: &key,
                template_id: None,
                template_variables: None,
            })
            .await
            .unwrap()
            .expect("a new send");
    }
    let claimed = store.outbox().claim_due(now_ms() + 1, 100).await.unwrap();
    assert_eq!(claimed.len(), 35);
    let complete = |item: &omnireach::store::OutboxItem| {
        let sandbox = item.channel == "sandbox";
        CompletedSend {
            item: item.clone(),
            provider_message_id: Some(format!("provider-{}", item.idempotency_key)),
            status: if sandbox { "delivered" } else { "sent" },
            sandbox: sandbox
                .then(|| (lead.id.clone(), format!("body of {}", item.idempotency_key))),
        }
    };
    // One message is already further on (its delivery report came first): `sent` leaves it.
    let ahead = claimed.iter().find(|item| item.channel == "sms").unwrap();
    let mut early = complete(ahead);
    early.status = "delivered";
    assert_eq!(
        store.outbox().complete_sends(&[early]).await.unwrap(),
        vec![ahead.message_id.clone()]
    );

    let sends: Vec<CompletedSend> = claimed.iter().map(complete).collect();
    let mut changed = store.outbox().complete_sends(&sends).await.unwrap();
    changed.sort();
    let mut expected: Vec<String> = claimed
        .iter()
        .filter(|item| item.id != ahead.id)
        .map(|item| item.message_id.clone())
        .collect();
    expected.sort();
    assert_eq!(
        changed, expected,
        "every message but the one ahead moved, once"
    );

    for item in &claimed {
        let message = conversations.message(&ws, &item.message_id).await.unwrap();
        let sandbox = item.channel == "sandbox";
        let want = if sandbox || item.id == ahead.id {
            "delivered"
        } else {
            "sent"
        };
        assert_eq!(message.status, want, "{}", item.idempotency_key);
        assert_eq!(
            store
                .outbox()
                .sandbox_delivered(&item.idempotency_key)
                .await
                .unwrap(),
            sandbox,
            "a delivery row for the sandbox's sends only: {}",
            item.idempotency_key
        );
        let row = sqlx::query("SELECT state, provider_message_id FROM outbox WHERE id = $1")
            .bind(&item.id)
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(row.get::<String, _>("state"), "sent");
        assert_eq!(
            row.get::<Option<String>, _>("provider_message_id"),
            Some(format!("provider-{}", item.idempotency_key))
        );
    }
    let body: String =
        sqlx::query_scalar("SELECT body FROM sandbox_deliveries WHERE idempotency_key = 'group-4'")
            .fetch_one(&store.pool)
            .await
            .unwrap();
    assert_eq!(body, "body of group-4");
    let delivery_rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sandbox_deliveries")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert_eq!(
        delivery_rows, 18,
        "one per sandbox send, padding rows included once"
    );

    // The same group again (a retried completion): nothing moves, nothing is added.
    assert!(
        store
            .outbox()
            .complete_sends(&sends)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.outbox().in_doubt().await.unwrap().is_empty());
}

#[actix_rt::test]
async fn a_group_of_sends_is_recorded_whole_on_sqlite() {
    a_group_of_sends_is_recorded_whole(Backend::Sqlite).await;
}

#[actix_rt::test]
async fn a_group_of_sends_is_recorded_whole_on_postgres() {
    a_group_of_sends_is_recorded_whole(Backend::Postgres).await;
}

/// The live path's inbound write finds the conversation by lead and returns the summary after
/// the message; it writes nothing (and says so) for a lead without a conversation, a lead of
/// another workspace and a repeated provider id, which then take the full path.
async fn the_inbound_write_finds_its_conversation_by_lead(backend: Backend) {
    use omnireach::store::NewInbound;
    let (store, _dir) = store(backend).await;
    let ws = store.workspaces().create("Tenant").await.unwrap().id;
    let other = store.workspaces().create("Other").await.unwrap().id;
    let mut lead_draft = draft("ann@example.com", None);
    lead_draft.first_name = Some("Ann".into());
    let lead = store.leads().create(&ws, lead_draft).await.unwrap();
    let conversations = store.conversations();
    let write = |workspace_id: String, external_id: &'static str| {
        let store = store.clone();
        let lead_id = lead.id.clone();
        async move {
            store
                .conversations()
                .record_inbound_by_lead(&NewInbound {
                    workspace_id: &workspace_id,
                    lead_id: &lead_id,
                    channel: "sandbox",
                    body: "Can we talk pricing?",
                    subject: None,
                    external_id,
                })
                .await
                .unwrap()
        }
    };
    assert!(
        write(ws.clone(), "ext-1").await.is_none(),
        "no conversation yet: nothing written"
    );
    assert!(
        conversations
            .by_lead(&ws, &lead.id)
            .await
            .unwrap()
            .is_none(),
        "the fast path never creates a conversation"
    );
    let conversation = conversations
        .ensure_for_lead(&ws, &lead.id, None)
        .await
        .unwrap();
    assert!(
        write(other.clone(), "ext-1").await.is_none(),
        "another workspace's lead is not found"
    );

    let (stored, summary) = write(ws.clone(), "ext-1").await.expect("written");
    assert_eq!(stored.conversation_id, conversation.id);
    assert_eq!(summary.id, conversation.id);
    assert_eq!(summary.unread, 1);
    assert_eq!(summary.status, "open");
    assert_eq!(summary.last_direction.as_deref(), Some("inbound"));
    assert_eq!(summary.last_inbound_at, Some(stored.created_at));
    assert_eq!(
        summary.last_message_preview.as_deref(),
        Some("Can we talk pricing?")
    );
    assert_eq!(summary.lead.first_name.as_deref(), Some("Ann"));
    let read = conversations.message(&ws, &stored.id).await.unwrap();
    assert_eq!(read.body, "Can we talk pricing?");
    assert_eq!(read.conversation_id, conversation.id);

    assert!(
        write(ws.clone(), "ext-1").await.is_none(),
        "a repeat writes nothing"
    );
    let after = conversations.get(&ws, &conversation.id).await.unwrap();
    assert_eq!(after.unread, 1, "the repeat is not counted");
    let (_, summary) = write(ws.clone(), "ext-2").await.expect("written");
    assert_eq!(summary.unread, 2);
}

#[actix_rt::test]
async fn the_inbound_write_finds_its_conversation_by_lead_on_sqlite() {
    the_inbound_write_finds_its_conversation_by_lead(Backend::Sqlite).await;
}

#[actix_rt::test]
async fn the_inbound_write_finds_its_conversation_by_lead_on_postgres() {
    the_inbound_write_finds_its_conversation_by_lead(Backend::Postgres).await;
}

/// The send gate's lead reads (one statement, consents joined): every consent of each lead,
/// a lead without consents, and nothing across workspaces.
async fn the_gate_reads_leads_with_all_their_consents(backend: Backend) {
    let (store, _dir) = store(backend).await;
    let ours = store.workspaces().create("Ours").await.unwrap();
    let theirs = store.workspaces().create("Theirs").await.unwrap();
    let mut with_consents = draft("a@example.com", Some("+14155552671"));
    with_consents.consents = vec![
        (Channel::Sms, ConsentStatus::Granted, Some("form".into())),
        (Channel::Email, ConsentStatus::Revoked, None),
    ];
    let a = store.leads().create(&ours.id, with_consents).await.unwrap();
    let b = store
        .leads()
        .create(&ours.id, draft("b@example.com", None))
        .await
        .unwrap();
    let c = store
        .leads()
        .create(&theirs.id, draft("c@example.com", None))
        .await
        .unwrap();

    let found = store
        .leads()
        .find_many_for_send(&[a.id.clone(), b.id.clone(), c.id.clone(), "gone".into()])
        .await
        .unwrap();
    assert_eq!(found.len(), 3, "one record per lead, whatever its consents");
    let by_id = |id: &str| found.iter().find(|l| l.id == id).unwrap();
    let consents: Vec<(Channel, ConsentStatus)> = by_id(&a.id)
        .consents
        .iter()
        .map(|c| (c.channel, c.status))
        .collect();
    assert_eq!(
        consents,
        [
            (Channel::Email, ConsentStatus::Revoked),
            (Channel::Sms, ConsentStatus::Granted)
        ]
    );
    assert_eq!(by_id(&a.id).phone.as_deref(), Some("+14155552671"));
    assert!(by_id(&b.id).consents.is_empty());
    assert_eq!(by_id(&c.id).workspace_id, theirs.id);

    let single = store.leads().find_for_send(&ours.id, &a.id).await.unwrap();
    assert_eq!(single.map(|l| l.consents.len()), Some(2));
    assert!(
        store
            .leads()
            .find_for_send(&ours.id, &c.id)
            .await
            .unwrap()
            .is_none(),
        "another workspace's lead is no lead"
    );
}

#[actix_rt::test]
async fn the_gate_reads_leads_with_all_their_consents_on_sqlite() {
    the_gate_reads_leads_with_all_their_consents(Backend::Sqlite).await;
}

#[actix_rt::test]
async fn the_gate_reads_leads_with_all_their_consents_on_postgres() {
    the_gate_reads_leads_with_all_their_consents(Backend::Postgres).await;
}
