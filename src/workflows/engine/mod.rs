//! The durable workflow engine. A worker claims due runs (a lease in the row, so two workers or
//! a restarted server never run the same step at once), loads the facts, asks [`step::decide`]
//! what the current node does, applies the effects that are not rows (an AI draft, a lead
//! update, a hand-off — each safe to repeat), and writes the step in ONE transaction: the node
//! run, the run's advance and the outbox row (or webhook delivery) keyed `wf:<run>:<node>`. A
//! crash before that commit re-runs the step; a crash after it finds the step done. The outbox
//! refuses a second row with the same key, so nothing is sent twice.
//!
//! Before each step the exit rules are checked; a sweep makes waiting runs due when their lead
//! has new facts (a reply, a meeting, a suppression, an open), so no notification can be lost.

pub mod facts;
pub mod step;

use crate::actors::events::Event;
use crate::actors::{Command, ConversationRegistry, Hub};
use crate::domain::Channel;
use crate::llm::{Llm, Purpose, ReplyContext};
use crate::store::{
    CampaignRecord, LeadChanges, NewOutbound, NodeRunWrite, RunAdvance, RunRecord, StepDelivery,
    StepWrite, Store, new_id, now_ms,
};
use crate::workflows::graph::{Graph, HandOff, HandOffTarget, Node, UpdateLead};
use futures_util::StreamExt;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use step::{Effect, Facts, Next, Outcome, Waiting};
use tokio::sync::Notify;

/// Failed attempts of a step before the run is parked as failed.
pub const MAX_ATTEMPTS: i64 = 5;
/// The first retry's delay; doubled per attempt up to [`MAX_BACKOFF_MS`].
pub const FIRST_BACKOFF_MS: i64 = 1_000;
pub const MAX_BACKOFF_MS: i64 = 5 * 60_000;
/// How long a claim on a run lasts (wall time) before another worker may take it over.
const LEASE_MS: i64 = 60_000;
/// Steps one claim may run back to back (a graph without waits ends long before).
const MAX_STEPS_PER_CLAIM: usize = 64;
const HOUR_MS: i64 = 3_600_000;
/// How far back each fact sweep looks before the previous one began.
const SWEEP_OVERLAP_MS: i64 = 60_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// The outbox idempotency key of a step's side effect: the run, the node and how often the
/// run completed that node before (a loop's later visits are new sends); never the attempt.
pub fn idempotency_key(run: &RunRecord, node_id: &str) -> String {
    match facts::visits(&run.context, node_id) {
        0 => format!("wf:{}:{node_id}", run.id),
        visit => format!("wf:{}:{node_id}:{visit}", run.id),
    }
}

/// Published graphs by (workflow id, version): versions never change.
type GraphCache = HashMap<(String, i64), Arc<Graph>>;

/// What the engine needs from the rest of the server.
#[derive(Clone)]
pub struct Engine {
    pub store: Store,
    pub hub: Hub,
    pub registry: ConversationRegistry,
    pub llm: Llm,
    pub outbox_wake: Arc<Notify>,
    /// Wakes the worker early (a run was enrolled, resumed or retried).
    pub wake: Arc<Notify>,
    graphs: Arc<Mutex<GraphCache>>,
    caps: Arc<Mutex<HashMap<String, Vec<i64>>>>,
    /// Wall time the last fact sweep began (0: none yet, so the first looks at everything).
    swept_at: Arc<AtomicI64>,
}

impl Engine {
    pub fn new(
        store: Store,
        hub: Hub,
        registry: ConversationRegistry,
        llm: Llm,
        outbox_wake: Arc<Notify>,
    ) -> Self {
        Self {
            store,
            hub,
            registry,
            llm,
            outbox_wake,
            wake: Arc::new(Notify::new()),
            graphs: Arc::default(),
            caps: Arc::default(),
            swept_at: Arc::default(),
        }
    }

    /// Runs passes forever, resting `poll` when nothing was due.
    pub async fn run(self, poll: Duration) {
        loop {
            match self.pass().await {
                Ok(0) => {
                    let _ = tokio::time::timeout(poll, self.wake.notified()).await;
                }
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, "workflow engine pass failed");
                    let _ = tokio::time::timeout(poll, self.wake.notified()).await;
                }
            }
        }
    }

    /// Wakes runs with new facts, claims due runs and moves each as far as it goes now.
    /// Returns how many runs were claimed.
    pub async fn pass(&self) -> anyhow::Result<usize> {
        let campaigns = self.store.campaigns();
        // Facts are stamped before their transaction commits: look a margin back so a fact
        // committed late (a busy writer) is still seen. Waking is idempotent per run.
        let started = now_ms();
        let last = self.swept_at.load(Ordering::Acquire);
        let since = if last == 0 {
            0
        } else {
            last - SWEEP_OVERLAP_MS
        };
        campaigns.wake_on_new_facts(since).await?;
        self.swept_at.store(started, Ordering::Release);
        let (lease, runs) = campaigns.claim_due(256, LEASE_MS).await?;
        let count = runs.len();
        if count == 0 {
            return Ok(0);
        }
        self.load_caps(&runs).await?;
        let touched: HashSet<(String, String)> = runs
            .iter()
            .filter_map(|r| Some((r.workspace_id.clone(), r.campaign_id.clone()?)))
            .collect();
        futures_util::stream::iter(runs)
            .for_each_concurrent(16, |run| async move {
                let run_id = run.id.clone();
                if let Err(error) = self.advance(run, lease).await {
                    tracing::warn!(%error, run = %run_id, "advancing a workflow run failed");
                }
            })
            .await;
        for (workspace_id, campaign_id) in touched {
            if let Ok(counts) = campaigns.run_counts(&workspace_id, &campaign_id).await {
                let totals: serde_json::Map<String, Value> = counts
                    .by_status
                    .into_iter()
                    .map(|(status, n)| (status, json!(n)))
                    .collect();
                self.hub.publish(
                    &workspace_id,
                    &Event::CampaignStats {
                        campaign_id,
                        totals: Value::Object(totals),
                    },
                );
            }
        }
        Ok(count)
    }

    /// Runs steps of one claimed run until it waits, ends or fails.
    async fn advance(&self, mut run: RunRecord, lease: i64) -> anyhow::Result<()> {
        for _ in 0..MAX_STEPS_PER_CLAIM {
            match self.step(&run, lease).await? {
                Some(next) => run = next,
                None => return Ok(()),
            }
        }
        // A graph that never waits (validation refuses such cycles): let other runs go first.
        self.release(&run, lease, "the step limit per claim was reached")
            .await
    }

    async fn graph(&self, run: &RunRecord) -> anyhow::Result<Arc<Graph>> {
        let key = (run.workflow_id.clone(), run.workflow_version);
        if let Some(graph) = self.graphs.lock().expect("graph cache").get(&key) {
            return Ok(graph.clone());
        }
        let (_, text) = self
            .store
            .campaigns()
            .published_graph(
                &run.workspace_id,
                &run.workflow_id,
                Some(run.workflow_version),
            )
            .await?
            .ok_or_else(|| {
                anyhow::anyhow!("version {} of the workflow is gone", run.workflow_version)
            })?;
        let graph: Arc<Graph> = Arc::new(serde_json::from_str(&text)?);
        self.graphs
            .lock()
            .expect("graph cache")
            .insert(key, graph.clone());
        Ok(graph)
    }

    /// One step; `Some(run)` when the run moved on to a node due now (run it in this claim).
    async fn step(&self, run: &RunRecord, lease: i64) -> anyhow::Result<Option<RunRecord>> {
        let graph = self.graph(run).await?;
        let Some(node) = run.current_node.as_deref().and_then(|id| graph.node(id)) else {
            self.finish(
                run,
                lease,
                "failed",
                None,
                Some("the run's step is not in its workflow version"),
            )
            .await?;
            return Ok(None);
        };
        let campaign = match &run.campaign_id {
            Some(id) => Some(self.store.campaigns().get(&run.workspace_id, id).await?),
            None => None,
        };
        let waiting: Option<Waiting> = run
            .waiting_for
            .clone()
            .and_then(|w| serde_json::from_value(w).ok());
        let Some(facts) =
            facts::load(&self.store, run, node, campaign.as_ref(), waiting.as_ref()).await?
        else {
            self.finish(run, lease, "exited", Some("lead_deleted"), None)
                .await?;
            return Ok(None);
        };
        let expected_stage = run.context["stage"].as_str();
        if let Some(reason) = step::exit_reason(&graph.settings.exit_on, &facts, expected_stage) {
            self.exit(run, lease, node, waiting.as_ref(), reason)
                .await?;
            return Ok(None);
        }
        let now = self.store.clock.now_ms();
        let mut outcome = step::decide(
            node,
            &run.lead_id,
            &run.context,
            waiting.as_ref(),
            &facts,
            now,
            now_ms(),
        );
        let mut context = run.context.clone();
        if context.get("stage").is_none() {
            context["stage"] = json!(facts.lead.stage);
        }
        match self
            .apply(
                run,
                campaign.as_ref(),
                &facts,
                &mut outcome,
                &mut context,
                now,
            )
            .await
        {
            Ok(()) => {}
            Err(error) => {
                self.retry_later(run, lease, node, waiting.as_ref(), &error.to_string())
                    .await?;
                return Ok(None);
            }
        }
        self.record(run, lease, &graph, node, waiting, outcome, context, now)
            .await
    }

    /// Applies the effects that are not rows: the AI draft, caps, the lead update, the
    /// hand-off. Each is safe to repeat if the step runs again after a crash.
    async fn apply(
        &self,
        run: &RunRecord,
        campaign: Option<&CampaignRecord>,
        facts: &Facts,
        outcome: &mut Outcome,
        context: &mut Value,
        now: i64,
    ) -> anyhow::Result<()> {
        for effect in &outcome.effects {
            match effect {
                Effect::Generate {
                    agent_id,
                    instructions,
                    channel,
                } => {
                    let draft = self
                        .generate(run, facts, agent_id.clone(), *channel)
                        .await?;
                    context["draft"] = json!({"body": draft.0, "generator": draft.1,
                        "instructions": instructions, "channel": channel});
                    outcome.output = json!({"draft": draft.0, "generator": draft.1});
                }
                Effect::Send(_) => {
                    if let Some(campaign) = campaign
                        && let Some(until) = self.reserve_send(campaign, now)
                    {
                        let reason = "the campaign's send cap is reached".to_string();
                        *outcome = Outcome {
                            effects: Vec::new(),
                            next: Next::Hold {
                                until,
                                reason: reason.clone(),
                            },
                            summary: reason,
                            output: Value::Null,
                        };
                        return Ok(());
                    }
                }
                Effect::UpdateLead(update) => {
                    self.update_lead(run, update).await?;
                    if let Some(stage) = update.stage {
                        context["stage"] = json!(stage.as_str());
                    }
                }
                Effect::HandOff(hand_off) => self.hand_off(run, hand_off).await?,
                Effect::Webhook { .. } => {}
            }
        }
        Ok(())
    }

    async fn generate(
        &self,
        run: &RunRecord,
        facts: &Facts,
        agent_id: Option<String>,
        channel: Channel,
    ) -> anyhow::Result<(String, String)> {
        let context = draft_context(
            &run.workspace_id,
            agent_id,
            Some(run.lead_id.clone()),
            &facts.lead,
            run.lead_name.clone().unwrap_or_default(),
            Purpose::Suggest,
        );
        let generation = self
            .llm
            .reply_unstreamed(context)
            .await
            .map_err(|e| anyhow::anyhow!("AI generation for {}: {e}", channel.as_str()))?;
        Ok((generation.text, generation.generator))
    }

    async fn update_lead(&self, run: &RunRecord, update: &UpdateLead) -> anyhow::Result<()> {
        let leads = self.store.leads();
        let Some(lead) = leads.find(&run.workspace_id, &run.lead_id).await? else {
            return Ok(());
        };
        let mut changes = LeadChanges {
            stage: update.stage,
            ..LeadChanges::default()
        };
        if !update.add_tags.is_empty() || !update.remove_tags.is_empty() {
            let mut tags: Vec<String> = lead
                .tags
                .iter()
                .filter(|t| !update.remove_tags.contains(t))
                .cloned()
                .collect();
            tags.extend(update.add_tags.iter().cloned());
            changes.tags = Some(tags);
        }
        if !update.fields.is_empty() {
            let mut fields = lead.custom_fields.clone();
            for (name, value) in &update.fields {
                fields.insert(name.clone(), json!(value));
            }
            changes.custom_fields = Some(fields);
        }
        leads
            .update(&run.workspace_id, &run.lead_id, changes)
            .await?;
        Ok(())
    }

    /// Through the lead's conversation actor, so the live inbox shows the change at once.
    async fn hand_off(&self, run: &RunRecord, hand_off: &HandOff) -> anyhow::Result<()> {
        let supervise = |command| {
            self.registry
                .supervise(&run.workspace_id, &run.lead_id, command)
        };
        match hand_off.to {
            HandOffTarget::Ai => {
                supervise(Command::HandBack {
                    agent_id: hand_off.agent_id.clone(),
                })
                .await?;
            }
            HandOffTarget::Human => {
                let Some(user) = &hand_off.assignee_id else {
                    anyhow::bail!("a hand-off to a human needs assignee_id");
                };
                supervise(Command::TakeOver {
                    user_id: user.clone(),
                })
                .await?;
                supervise(Command::Assign {
                    user_id: Some(user.clone()),
                })
                .await?;
            }
        }
        Ok(())
    }

    /// Loads the send times of the claimed runs' capped campaigns (one read per pass).
    async fn load_caps(&self, runs: &[RunRecord]) -> anyhow::Result<()> {
        let ids: HashSet<&String> = runs.iter().filter_map(|r| r.campaign_id.as_ref()).collect();
        let since = self.store.clock.now_ms() - DAY_MS;
        let mut loaded = HashMap::new();
        for id in ids {
            loaded.insert(
                id.clone(),
                self.store.campaigns().send_times(id, since).await?,
            );
        }
        *self.caps.lock().expect("cap ledger") = loaded;
        Ok(())
    }

    /// Takes a send slot of the campaign's daily cap and hourly throttle at `now`, or says
    /// when the next slot frees up. One worker per process keeps this exact; across nodes it
    /// can overshoot by the sends in flight.
    fn reserve_send(&self, campaign: &CampaignRecord, now: i64) -> Option<i64> {
        if campaign.daily_cap.is_none() && campaign.hourly_throttle.is_none() {
            return None;
        }
        let mut caps = self.caps.lock().expect("cap ledger");
        let sends = caps.entry(campaign.id.clone()).or_default();
        let mut next_free = None::<i64>;
        for (limit, window) in [
            (campaign.daily_cap, DAY_MS),
            (campaign.hourly_throttle, HOUR_MS),
        ] {
            let Some(limit) = limit else { continue };
            let recent: Vec<i64> = sends
                .iter()
                .copied()
                .filter(|t| *t > now - window)
                .collect();
            if recent.len() as i64 >= limit.max(0) {
                // The limit-th newest send leaves the window first.
                let index = (limit.max(1) - 1) as usize;
                let frees = recent.get(index).map_or(now + window, |t| t + window);
                next_free = Some(next_free.map_or(frees, |n| n.max(frees)));
            }
        }
        if next_free.is_none() {
            sends.insert(0, now);
        }
        next_free
    }

    /// Writes the step's outcome in one transaction and tells the inbox.
    #[allow(clippy::too_many_arguments)]
    async fn record(
        &self,
        run: &RunRecord,
        lease: i64,
        graph: &Graph,
        node: &Node,
        waiting: Option<Waiting>,
        outcome: Outcome,
        mut context: Value,
        now: i64,
    ) -> anyhow::Result<Option<RunRecord>> {
        let own_wait = waiting.filter(|w| w.node_id == node.id);
        let open_node_run = own_wait
            .as_ref()
            .map(|w| w.node_run_id.clone())
            .filter(|id| !id.is_empty());
        let log = json!([{"at": now, "message": outcome.summary}]);
        let finished_node_run =
            |status: &str, branch: Option<String>, error: Option<String>| NodeRunWrite {
                id: open_node_run.clone().unwrap_or_else(new_id),
                existing: open_node_run.is_some(),
                node_id: node.id.clone(),
                node_type: node.step.type_name().into(),
                status: status.into(),
                attempt: run.attempts + 1,
                branch,
                input: None,
                output: Some(outcome.output.clone()),
                error,
                log: log.clone(),
                started_at: now,
                finished_at: Some(now),
            };
        let mut advance = RunAdvance {
            status: "active".into(),
            current_node: Some(node.id.clone()),
            wake_at: Some(now),
            waiting_for: None,
            context: context.clone(),
            exit_reason: None,
            error: None,
            attempts: 0,
            finished_at: None,
        };
        let mut node_run = None;
        let mut continues = false;
        match &outcome.next {
            Next::Branch(branch) => {
                let visits = facts::visits(&context, &node.id);
                context["visits"][&node.id] = json!(visits + 1);
                if node.step.type_name() == "ab_split" {
                    context["variants"][&node.id] = json!(branch);
                }
                advance.context = context.clone();
                node_run = Some(finished_node_run("succeeded", Some(branch.clone()), None));
                match graph.next(&node.id, branch) {
                    Some(next) => {
                        advance.current_node = Some(next.id.clone());
                        continues = true;
                    }
                    None => {
                        advance.status = "completed".into();
                        advance.wake_at = None;
                        advance.finished_at = Some(now);
                    }
                }
            }
            Next::End(end) => {
                node_run = Some(finished_node_run("succeeded", None, None));
                advance.status = "completed".into();
                advance.wake_at = None;
                advance.finished_at = Some(now);
                advance.context["outcome"] = json!(end);
            }
            Next::Fail(reason) => {
                node_run = Some(finished_node_run("failed", None, Some(reason.clone())));
                advance.status = "failed".into();
                advance.wake_at = None;
                advance.error = Some(reason.clone());
                advance.waiting_for = None;
            }
            Next::Wait { until, .. } | Next::Hold { until, .. } if open_node_run.is_some() => {
                // Still waiting: keep the open node run. A new hold (another quiet-hours night,
                // the next throttle slot) rewrites its time and reason, so the run's timeline
                // says when it really goes.
                let mut kept = own_wait
                    .clone()
                    .unwrap_or_else(|| waiting_or_hold(&outcome.next, node));
                match &outcome.next {
                    Next::Wait { waiting, .. } => kept.until = waiting.until,
                    Next::Hold { until, reason } => {
                        kept.until = Some(*until);
                        kept.reason = Some(reason.clone());
                        node_run = Some(NodeRunWrite {
                            id: kept.node_run_id.clone(),
                            existing: true,
                            node_id: node.id.clone(),
                            node_type: node.step.type_name().into(),
                            status: "waiting".into(),
                            attempt: run.attempts + 1,
                            branch: None,
                            input: None,
                            output: None,
                            error: Some(reason.clone()),
                            log: log.clone(),
                            started_at: now,
                            finished_at: None,
                        });
                    }
                    _ => {}
                }
                advance.status = "waiting".into();
                advance.wake_at = Some(*until);
                advance.waiting_for = Some(serde_json::to_value(&kept)?);
            }
            Next::Wait { until, .. } | Next::Hold { until, .. } => {
                let id = new_id();
                let mut entered = waiting_or_hold(&outcome.next, node);
                entered.node_run_id = id.clone();
                node_run = Some(NodeRunWrite {
                    id,
                    existing: false,
                    node_id: node.id.clone(),
                    node_type: node.step.type_name().into(),
                    status: "waiting".into(),
                    attempt: run.attempts + 1,
                    branch: None,
                    input: None,
                    output: None,
                    error: entered.reason.clone(),
                    log,
                    started_at: now,
                    finished_at: None,
                });
                advance.status = "waiting".into();
                advance.wake_at = Some(*until);
                advance.waiting_for = Some(serde_json::to_value(&entered)?);
            }
        }
        let key = idempotency_key(run, &node.id);
        let send = outcome.effects.iter().find_map(|e| match e {
            Effect::Send(message) => Some(message),
            _ => None,
        });
        let conversation = match send {
            Some(_) => Some(
                self.store
                    .conversations()
                    .ensure_for_lead(&run.workspace_id, &run.lead_id, None)
                    .await?,
            ),
            None => None,
        };
        let outbound = match (send, &conversation) {
            (Some(message), Some(conversation)) => Some(NewOutbound {
                workspace_id: &run.workspace_id,
                conversation_id: &conversation.id,
                lead_id: &run.lead_id,
                channel: message.channel.as_str(),
                body: &message.body,
                // LinkedIn tasks read their action from the subject.
                subject: match message.channel {
                    Channel::Linkedin => message.linkedin_action.as_deref(),
                    _ => message.subject.as_deref(),
                },
                author_kind: "workflow",
                author_id: run.campaign_id.as_deref(),
                generator: Some("workflow"),
                draft_id: None,
                idempotency_key: &key,
                template_id: message.template_id.as_deref(),
                template_variables: None,
            }),
            _ => None,
        };
        let delivery = outcome.effects.iter().find_map(|e| match e {
            Effect::Webhook { endpoint_id, body } => Some(StepDelivery {
                endpoint_id: endpoint_id.clone(),
                event: "workflow.step".into(),
                idempotency_key: key.clone(),
                payload: json!({"data": serde_json::from_str::<Value>(body)
                    .unwrap_or_else(|_| json!(body))})
                .to_string(),
            }),
            _ => None,
        });
        let has_delivery = delivery.is_some();
        let written = self
            .store
            .campaigns()
            .write_step(StepWrite {
                run,
                lease,
                keep_lease: continues,
                node_run,
                advance: advance.clone(),
                outbound,
                delivery,
            })
            .await?;
        if !written.applied {
            tracing::info!(run = %run.id, "lost the lease on a run; another worker has it");
            return Ok(None);
        }
        if let (Some(message_id), Some(conversation)) = (&written.message_id, &conversation) {
            self.outbox_wake.notify_one();
            if let Ok(message) = self
                .store
                .conversations()
                .message(&run.workspace_id, message_id)
                .await
            {
                self.hub.publish(
                    &run.workspace_id,
                    &Event::MessageCreated {
                        conversation_id: conversation.id.clone(),
                        message: crate::actors::events::MessageView::from(&message),
                        conversation: None,
                    },
                );
            }
        }
        if has_delivery {
            crate::integrations::webhooks_out::wake();
        }
        self.announce(run, &advance);
        if !continues {
            return Ok(None);
        }
        let mut next = run.clone();
        next.status = advance.status;
        next.current_node = advance.current_node;
        next.wake_at = advance.wake_at;
        next.waiting_for = None;
        next.context = advance.context;
        next.attempts = 0;
        Ok(Some(next))
    }

    fn announce(&self, run: &RunRecord, advance: &RunAdvance) {
        self.hub.publish(
            &run.workspace_id,
            &Event::WorkflowRunUpdated {
                run_id: run.id.clone(),
                campaign_id: run.campaign_id.clone(),
                lead_id: run.lead_id.clone(),
                status: advance.status.clone(),
                current_node: advance.current_node.clone(),
            },
        );
    }

    /// A step that failed for a reason that may pass: try again later with exponential backoff,
    /// or park the run as failed after [`MAX_ATTEMPTS`].
    async fn retry_later(
        &self,
        run: &RunRecord,
        lease: i64,
        node: &Node,
        waiting: Option<&Waiting>,
        error: &str,
    ) -> anyhow::Result<()> {
        let attempts = run.attempts + 1;
        let now = self.store.clock.now_ms();
        let parked = attempts >= MAX_ATTEMPTS;
        let backoff = (FIRST_BACKOFF_MS << (attempts - 1).clamp(0, 20)).min(MAX_BACKOFF_MS);
        let advance = RunAdvance {
            status: if parked { "failed" } else { "active" }.into(),
            current_node: Some(node.id.clone()),
            wake_at: (!parked).then_some(now + backoff),
            waiting_for: waiting.map(serde_json::to_value).transpose()?,
            context: run.context.clone(),
            exit_reason: None,
            error: Some(error.to_string()),
            attempts,
            finished_at: None,
        };
        let node_run = NodeRunWrite {
            id: new_id(),
            existing: false,
            node_id: node.id.clone(),
            node_type: node.step.type_name().into(),
            status: "failed".into(),
            attempt: attempts,
            branch: None,
            input: None,
            output: None,
            error: Some(error.to_string()),
            log: json!([{"at": now, "message": if parked { "gave up" } else { "will retry" }}]),
            started_at: now,
            finished_at: Some(now),
        };
        self.write_simple(run, lease, Some(node_run), advance).await
    }

    async fn exit(
        &self,
        run: &RunRecord,
        lease: i64,
        node: &Node,
        waiting: Option<&Waiting>,
        reason: &str,
    ) -> anyhow::Result<()> {
        let now = self.store.clock.now_ms();
        let node_run = waiting
            .filter(|w| w.node_id == node.id && !w.node_run_id.is_empty())
            .map(|w| NodeRunWrite {
                id: w.node_run_id.clone(),
                existing: true,
                node_id: node.id.clone(),
                node_type: node.step.type_name().into(),
                status: "skipped".into(),
                attempt: run.attempts + 1,
                branch: None,
                input: None,
                output: None,
                error: Some(format!("exited: {reason}")),
                log: json!([{"at": now, "message": format!("exit rule: {reason}")}]),
                started_at: now,
                finished_at: Some(now),
            });
        let advance = RunAdvance {
            status: "exited".into(),
            current_node: Some(node.id.clone()),
            wake_at: None,
            waiting_for: None,
            context: run.context.clone(),
            exit_reason: Some(reason.into()),
            error: None,
            attempts: run.attempts,
            finished_at: Some(now),
        };
        self.write_simple(run, lease, node_run, advance).await
    }

    async fn finish(
        &self,
        run: &RunRecord,
        lease: i64,
        status: &str,
        exit_reason: Option<&str>,
        error: Option<&str>,
    ) -> anyhow::Result<()> {
        let advance = RunAdvance {
            status: status.into(),
            current_node: run.current_node.clone(),
            wake_at: None,
            waiting_for: None,
            context: run.context.clone(),
            exit_reason: exit_reason.map(str::to_string),
            error: error.map(str::to_string),
            attempts: run.attempts,
            finished_at: Some(self.store.clock.now_ms()),
        };
        self.write_simple(run, lease, None, advance).await
    }

    /// Gives the run back, due now, without a step.
    async fn release(&self, run: &RunRecord, lease: i64, why: &str) -> anyhow::Result<()> {
        tracing::warn!(run = %run.id, why, "releasing a workflow run");
        let advance = RunAdvance {
            status: run.status.clone(),
            current_node: run.current_node.clone(),
            wake_at: Some(self.store.clock.now_ms()),
            waiting_for: run.waiting_for.clone(),
            context: run.context.clone(),
            exit_reason: None,
            error: None,
            attempts: run.attempts,
            finished_at: None,
        };
        self.write_simple(run, lease, None, advance).await
    }

    async fn write_simple(
        &self,
        run: &RunRecord,
        lease: i64,
        node_run: Option<NodeRunWrite>,
        advance: RunAdvance,
    ) -> anyhow::Result<()> {
        let written = self
            .store
            .campaigns()
            .write_step(StepWrite {
                run,
                lease,
                keep_lease: false,
                node_run,
                advance: advance.clone(),
                outbound: None,
                delivery: None,
            })
            .await?;
        if written.applied {
            self.announce(run, &advance);
        }
        Ok(())
    }
}

/// What an AI generate step asks the LLM layer for: a first message to the lead (no thread).
pub fn draft_context(
    workspace_id: &str,
    agent_id: Option<String>,
    lead_id: Option<String>,
    lead: &step::LeadFacts,
    full_name: String,
    purpose: Purpose,
) -> ReplyContext {
    ReplyContext {
        workspace_id: workspace_id.to_string(),
        agent_id,
        lead_id,
        purpose,
        lead: crate::llm::LeadFacts {
            first_name: lead.first_name.clone(),
            full_name,
            company: lead.company.clone(),
            title: lead.title.clone(),
            stage: lead.stage.clone(),
        },
        thread: Vec::new(),
    }
}

/// The wait a `Wait` or `Hold` outcome enters.
fn waiting_or_hold(next: &Next, node: &Node) -> Waiting {
    match next {
        Next::Wait { waiting, .. } => waiting.clone(),
        Next::Hold { until, reason } => Waiting {
            node_id: node.id.clone(),
            node_run_id: String::new(),
            kind: "hold".into(),
            since: now_ms(),
            until: Some(*until),
            events: Vec::new(),
            reason: Some(reason.clone()),
        },
        _ => Waiting::default(),
    }
}
