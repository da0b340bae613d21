//! ConversationActor: one per lead, the only place that decides what the AI does next for that
//! lead. It holds a cache of the lead's live state (the database is the source of truth) and
//! handles typed messages one at a time: inbound messages, agent events (draft deltas and
//! finished generations), supervisor commands, delivery statuses and fired timers.
//!
//! Fault containment: every handler body runs inside `catch_unwind`; a panic stops the actor,
//! its `Supervisor` restarts it and `started` rebuilds the state from the database. Inbound
//! messages stay `processed = 0` until handled, so the restarted actor (or the redelivery sweep)
//! picks them up again; a message that keeps failing is given up after a few attempts.

use super::agent_pool::{AgentEvent, AgentJob, AgentPool};
use super::events::{ConversationView, DraftView, Event, MessageView, Who};
use super::hub::Hub;
use crate::llm::{LeadFacts, LlmError, Purpose, ReplyContext, Speaker, Turn};
use crate::store::{
    ConversationRecord, MessageRecord, NewDraft, NewLlmRequest, NewOutbound, Store, StoreError,
    TimerRecord, new_id, now_ms,
};
use actix::prelude::*;
use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

/// Everything a conversation actor needs from the rest of the system.
pub struct Deps {
    pub store: Store,
    pub hub: Hub,
    pub agents: AgentPool,
    pub outbox_wake: Arc<Notify>,
    /// Messages kept in the actor's thread cache.
    pub thread_cache: usize,
    /// Lets tests inject a panic with an inbound text of `__panic__` (never on in production).
    pub fault_injection: bool,
}

/// Shared with the registry so it can passivate idle actors without asking them.
#[derive(Default)]
pub struct Activity {
    pub last_ms: AtomicI64,
    pub busy: AtomicBool,
}

/// Placeholder for the negotiation agent's context (offers made, limits, concessions).
#[derive(Debug, Clone, Default)]
pub struct NegotiationContext {
    pub state: serde_json::Value,
}

/// A live voice call's handle, when one is connected (the voice capability fills it).
#[derive(Debug, Clone)]
pub struct VoiceSlot {
    pub call_id: String,
}

pub struct LiveState {
    pub conversation: ConversationRecord,
    pub thread: VecDeque<MessageRecord>,
    pub timers: Vec<TimerRecord>,
    pub negotiation: NegotiationContext,
    pub voice: Option<VoiceSlot>,
}

/// A generation in progress. Its draft lives only here until it finishes (one write then), so
/// streaming costs no database writes and a crash leaves nothing half-written.
struct InFlight {
    draft_id: String,
    cancel: CancellationToken,
    in_reply_to: Option<String>,
    auto_send: bool,
    text: String,
    agent_id: String,
    channel: String,
    purpose: &'static str,
    created_at: i64,
}

pub struct ConversationActor {
    deps: Arc<Deps>,
    workspace_id: String,
    lead_id: String,
    activity: Arc<Activity>,
    state: Option<LiveState>,
    generation: Option<InFlight>,
    /// Inbound messages this actor has reacted to (recent ones), so a redelivery racing the
    /// live path is not answered twice.
    handled: VecDeque<String>,
}

// --- messages ----------------------------------------------------------------------------------

/// A stored inbound message to react to.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Inbound {
    pub message_id: String,
    /// The stored record when the sender has it (the live path); read from the database when
    /// not (redelivery).
    pub message: Option<MessageRecord>,
}

/// A delivery status already written to the database; refreshes the cached thread.
#[derive(Message)]
#[rtype(result = "()")]
pub struct DeliveryStatus {
    pub message: MessageRecord,
}

#[derive(Message)]
#[rtype(result = "()")]
pub struct TimerFired {
    pub timer: TimerRecord,
}

#[derive(Debug, Clone)]
pub enum Command {
    TakeOver {
        user_id: String,
    },
    /// The AI acts again; `agent_id` also makes that agent the conversation's own.
    HandBack {
        agent_id: Option<String>,
    },
    Assign {
        user_id: Option<String>,
    },
    MarkRead,
    SetStatus {
        status: String,
    },
    /// Close the conversation until `until` (epoch ms); a durable timer reopens it.
    Snooze {
        until: i64,
    },
    SendHuman {
        user_id: String,
        channel: String,
        text: String,
        subject: Option<String>,
        /// A WhatsApp template id and its variables (JSON object) to send by ContentSid.
        template: Option<(String, String)>,
    },
    Note {
        user_id: String,
        text: String,
    },
    Approve {
        draft_id: String,
        text: Option<String>,
    },
    Discard {
        draft_id: String,
    },
    Suggest,
    /// Tests only (with fault injection on): panic inside the handler.
    InjectFault,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub conversation: Option<ConversationRecord>,
    pub message: Option<MessageRecord>,
    pub draft_id: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error("not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
    #[error("the conversation is restarting; try again")]
    Unavailable,
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Message)]
#[rtype(result = "Result<Outcome, LiveError>")]
pub struct Supervise(pub Command);

/// Reports whether the actor holds a loaded state (tests and diagnostics).
#[derive(Message)]
#[rtype(result = "Option<StateProbe>")]
pub struct Probe;

#[derive(Debug, Clone)]
pub struct StateProbe {
    pub mode: String,
    pub cached_messages: usize,
    pub generating: bool,
}

// --- the actor ---------------------------------------------------------------------------------

impl ConversationActor {
    pub fn new(
        deps: Arc<Deps>,
        workspace_id: String,
        lead_id: String,
        activity: Arc<Activity>,
    ) -> Self {
        Self {
            deps,
            workspace_id,
            lead_id,
            activity,
            state: None,
            generation: None,
            handled: VecDeque::new(),
        }
    }

    fn touch(&self) {
        self.activity.last_ms.store(now_ms(), Ordering::Relaxed);
    }

    /// Runs `f`; a panic stops the actor so its supervisor restarts it from the database.
    fn contained(
        &mut self,
        ctx: &mut Context<Self>,
        f: impl FnOnce(&mut Self, &mut Context<Self>),
    ) {
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| f(self, ctx)));
        if outcome.is_err() {
            tracing::error!(lead = %self.lead_id, "conversation actor panicked; restarting it from the database");
            self.crash(ctx);
        }
    }

    fn crash(&mut self, ctx: &mut Context<Self>) {
        if let Some(generation) = self.generation.take() {
            generation.cancel.cancel();
        }
        self.activity.busy.store(false, Ordering::Relaxed);
        self.state = None;
        ctx.stop();
    }

    fn publish(&self, event: Event) {
        self.deps.hub.publish(&self.workspace_id, &event);
    }

    fn publish_conversation(&self) {
        if let Some(state) = &self.state {
            self.publish(Event::ConversationUpdated {
                conversation: ConversationView::from(&state.conversation),
            });
        }
    }

    fn remember(&mut self, message: &MessageRecord) {
        let limit = self.deps.thread_cache.max(1);
        if let Some(state) = &mut self.state {
            if let Some(existing) = state.thread.iter_mut().find(|m| m.id == message.id) {
                *existing = message.clone();
                return;
            }
            state.thread.push_back(message.clone());
            while state.thread.len() > limit {
                state.thread.pop_front();
            }
        }
    }

    fn on_inbound(&mut self, message: MessageRecord, ctx: &mut Context<Self>) {
        if message.processed || self.state.is_none() || self.handled.contains(&message.id) {
            return;
        }
        // Keep the cached summary in step with what the inbound path committed.
        if let Some(state) = &mut self.state
            && !state.thread.iter().any(|m| m.id == message.id)
        {
            let c = &mut state.conversation;
            c.unread += 1;
            c.last_message_at = c.last_message_at.max(message.created_at);
            c.last_message_preview = Some(crate::store::preview(&message.body));
            c.last_channel = Some(message.channel.clone());
            c.last_direction = Some("inbound".into());
            c.last_inbound_at = Some(message.created_at);
            c.status = "open".into();
        }
        self.remember(&message);
        self.react_to_inbound(message, Vec::new(), ctx);
    }

    fn load(&mut self, ctx: &mut Context<Self>) {
        let deps = self.deps.clone();
        let workspace_id = self.workspace_id.clone();
        let lead_id = self.lead_id.clone();
        ctx.wait(
            async move { load_state(&deps, &workspace_id, &lead_id).await }
                .into_actor(self)
                .map(|result, act, ctx| match result {
                    Ok((state, pending)) => {
                        act.state = Some(state);
                        // Inbound messages stored while no actor was running (a crash, a
                        // passivated actor): answer the latest, the others are superseded.
                        if let Some(last) = pending.last().cloned() {
                            act.contained(ctx, |act, ctx| act.react_to_inbound(last, pending, ctx));
                        }
                    }
                    Err(error) => {
                        tracing::warn!(lead = %act.lead_id, %error, "loading a conversation failed; retrying");
                        ctx.run_later(std::time::Duration::from_secs(1), |act, ctx| act.load(ctx));
                    }
                }),
        );
    }

    /// Decides what the AI does about a new inbound message (and any earlier unanswered ones).
    fn react_to_inbound(
        &mut self,
        message: MessageRecord,
        earlier: Vec<MessageRecord>,
        ctx: &mut Context<Self>,
    ) {
        if self.deps.fault_injection && message.body.contains("__panic__") {
            panic!("injected fault for lead {}", self.lead_id);
        }
        let Some(state) = &self.state else { return };
        self.handled.push_back(message.id.clone());
        if self.handled.len() > 64 {
            self.handled.pop_front();
        }
        let mut settle: Vec<String> = earlier.iter().map(|m| m.id.clone()).collect();
        settle.retain(|id| *id != message.id);
        // Carrier keywords (STOP, START, HELP) were handled on the way in; the AI stays quiet.
        let keyword = matches!(message.channel.as_str(), "sms" | "whatsapp")
            && crate::compliance::keywords::classify(&message.body).is_some_and(|k| {
                k != crate::compliance::keywords::Keyword::OptIn
                    || !message
                        .body
                        .trim_matches(|c: char| !c.is_alphanumeric())
                        .eq_ignore_ascii_case("yes")
            });
        if state.conversation.mode != "ai" || keyword {
            settle.push(message.id.clone());
            self.settle(settle);
            return;
        }
        // A newer message supersedes a reply still being written.
        if let Some(previous) = self.generation.take() {
            if let Some(id) = &previous.in_reply_to {
                settle.push(id.clone());
            }
            self.stop_generation(previous, "cancelled", "superseded by a newer message");
        }
        self.settle(settle);
        let deps = self.deps.clone();
        let workspace_id = self.workspace_id.clone();
        let conversation = state.conversation.clone();
        let channel = message.channel.clone();
        ctx.wait(
            async move { pick_agent(&deps, &workspace_id, &conversation, &channel).await }
                .into_actor(self)
                .map(move |agent, act, ctx| {
                    act.contained(ctx, |act, ctx| match agent {
                        Ok(Some(choice)) => act.start_generation(
                            choice.agent_id,
                            Purpose::Reply,
                            Some(message.id.clone()),
                            message.channel.clone(),
                            choice.auto_send,
                            ctx,
                        ),
                        Ok(None) => act.settle(vec![message.id.clone()]),
                        Err(error) => {
                            tracing::warn!(%error, "choosing an agent failed");
                        }
                    })
                }),
        );
    }

    /// Marks inbound messages handled (in the background; the actor does not wait).
    fn settle(&self, ids: Vec<String>) {
        if ids.is_empty() {
            return;
        }
        let store = self.deps.store.clone();
        actix::spawn(async move {
            for id in ids {
                if let Err(error) = store.conversations().mark_processed(&id).await {
                    tracing::warn!(%error, "marking an inbound message processed failed");
                }
            }
        });
    }

    /// Stops a generation: its tokens are ignored from now on, the inbox is told, and the
    /// partial draft is kept for the record (`cancelled` or `discarded`), never sent.
    fn stop_generation(&self, generation: InFlight, status: &'static str, reason: &str) {
        generation.cancel.cancel();
        self.activity.busy.store(false, Ordering::Relaxed);
        let Some(state) = &self.state else { return };
        let conversation_id = state.conversation.id.clone();
        let event = if status == "discarded" {
            Event::DraftDiscarded {
                conversation_id: conversation_id.clone(),
                draft_id: generation.draft_id.clone(),
            }
        } else {
            Event::DraftCancelled {
                conversation_id: conversation_id.clone(),
                draft_id: generation.draft_id.clone(),
                reason: reason.to_string(),
            }
        };
        self.publish(event);
        let store = self.deps.store.clone();
        let workspace_id = self.workspace_id.clone();
        actix::spawn(async move {
            let draft = NewDraft {
                id: &generation.draft_id,
                workspace_id: &workspace_id,
                conversation_id: &conversation_id,
                agent_id: Some(&generation.agent_id),
                channel: &generation.channel,
                purpose: generation.purpose,
                status,
                body: &generation.text,
                generator: None,
                offline: false,
                in_reply_to: None,
                created_at: generation.created_at,
                blocked_reason: None,
            };
            if let Err(error) = store.conversations().finish_reply(&draft, None, None).await {
                tracing::warn!(%error, "recording a stopped draft failed");
            }
        });
    }

    fn start_generation(
        &mut self,
        agent_id: String,
        purpose: Purpose,
        in_reply_to: Option<String>,
        channel: String,
        auto_send: bool,
        ctx: &mut Context<Self>,
    ) {
        let Some(state) = &self.state else { return };
        let conversation = state.conversation.clone();
        let context = ReplyContext {
            workspace_id: self.workspace_id.clone(),
            agent_id: Some(agent_id.clone()),
            lead_id: Some(self.lead_id.clone()),
            purpose,
            lead: LeadFacts {
                first_name: conversation.lead.first_name.clone(),
                full_name: conversation.lead.full_name.clone(),
                company: conversation.lead.company_name.clone(),
                title: conversation.lead.title.clone(),
                stage: conversation.lead.stage.clone(),
            },
            thread: state
                .thread
                .iter()
                .filter(|m| m.direction != "note")
                .map(|m| Turn {
                    speaker: match m.author_kind.as_str() {
                        "lead" => Speaker::Lead,
                        "ai" => Speaker::Ai,
                        _ => Speaker::Human,
                    },
                    channel: m.channel.clone(),
                    text: m.body.clone(),
                })
                .collect(),
        };
        let draft_id = new_id();
        let cancel = CancellationToken::new();
        self.generation = Some(InFlight {
            draft_id: draft_id.clone(),
            cancel: cancel.clone(),
            in_reply_to,
            auto_send,
            text: String::new(),
            agent_id,
            channel,
            purpose: purpose.as_str(),
            created_at: now_ms(),
        });
        self.activity.busy.store(true, Ordering::Relaxed);
        self.publish(Event::Typing {
            conversation_id: conversation.id.clone(),
            who: Who::Ai,
        });
        let agents = self.deps.agents.clone();
        let reply_to = ctx.address().recipient();
        // Queue outside the mailbox: a full pool makes this task wait, not the actor.
        actix::spawn(async move {
            agents
                .submit(AgentJob {
                    draft_id,
                    context,
                    cancel,
                    reply_to,
                })
                .await
        });
    }

    fn on_agent_event(&mut self, event: AgentEvent, ctx: &mut Context<Self>) {
        match event {
            AgentEvent::Delta { draft_id, text } => {
                let Some(generation) = &mut self.generation else {
                    return;
                };
                if generation.draft_id != draft_id || generation.cancel.is_cancelled() {
                    return;
                }
                generation.text.push_str(&text);
                if let Some(state) = &self.state {
                    self.publish(Event::DraftDelta {
                        conversation_id: state.conversation.id.clone(),
                        draft_id,
                        delta: text,
                    });
                }
            }
            AgentEvent::Finished {
                draft_id,
                result,
                offline_log,
            } => {
                let matches = self
                    .generation
                    .as_ref()
                    .is_some_and(|g| g.draft_id == draft_id);
                if !matches {
                    self.write_log(offline_log);
                    return; // cancelled or superseded: never sent
                }
                let generation = self.generation.take().expect("checked above");
                self.activity.busy.store(false, Ordering::Relaxed);
                match result {
                    Ok(output) => self.finish_generation(generation, output, offline_log, ctx),
                    Err(LlmError::Cancelled) => self.write_log(offline_log),
                    Err(error) => {
                        self.write_log(offline_log);
                        tracing::warn!(lead = %self.lead_id, %error, "the AI could not answer");
                        if let Some(id) = &generation.in_reply_to {
                            self.settle(vec![id.clone()]);
                        }
                        self.stop_generation(
                            generation,
                            "cancelled",
                            &format!("The AI could not answer: {error}"),
                        );
                    }
                }
            }
        }
    }

    /// Writes an offline generation's log line that no reply carries (in the background).
    fn write_log(&self, log: Option<Box<NewLlmRequest>>) {
        let Some(log) = log else { return };
        let store = self.deps.store.clone();
        actix::spawn(async move {
            if let Err(error) = store.llm().log_request(&log).await {
                tracing::warn!(%error, "logging an offline generation failed");
            }
        });
    }

    fn finish_generation(
        &mut self,
        generation: InFlight,
        output: crate::llm::Generation,
        offline_log: Option<Box<NewLlmRequest>>,
        ctx: &mut Context<Self>,
    ) {
        let Some(state) = &self.state else {
            self.write_log(offline_log);
            return;
        };
        let store = self.deps.store.clone();
        let conversation = state.conversation.clone();
        let auto_send = generation.auto_send && conversation.mode == "ai";
        // The log line goes with the reply; should that write fail, it goes alone.
        let unwritten_log = offline_log.clone();
        ctx.wait(
            async move {
                let conversations = store.conversations();
                // The send gate: a reply that may not go out stays a draft with the reason.
                // Quiet hours only delay it (the outbox holds it until the window opens).
                let mut blocked_reason = None;
                if auto_send {
                    let verdict = crate::compliance::evaluate(
                        &store,
                        &conversation.workspace_id,
                        &conversation.lead_id,
                        &generation.channel,
                        &crate::compliance::SendContext::default(),
                        now_ms(),
                    )
                    .await?;
                    if let Err(blocked) = verdict
                        && !blocked.code.is_deferral()
                    {
                        blocked_reason = Some(blocked.describe());
                    }
                }
                let auto_send = auto_send && blocked_reason.is_none();
                // A reply may offer the workspace's booking link as `{{booking_link}}`.
                let body = crate::integrations::fill_booking_link(
                    &store,
                    &conversation.workspace_id,
                    output.text.clone(),
                )
                .await?;
                let key = match &generation.in_reply_to {
                    Some(id) => format!("reply:{id}"),
                    None => format!("draft:{}", generation.draft_id),
                };
                let draft = NewDraft {
                    id: &generation.draft_id,
                    workspace_id: &conversation.workspace_id,
                    conversation_id: &conversation.id,
                    agent_id: Some(&generation.agent_id),
                    channel: &generation.channel,
                    purpose: generation.purpose,
                    status: "ready",
                    body: &body,
                    generator: Some(&output.generator),
                    offline: output.offline,
                    in_reply_to: generation.in_reply_to.as_deref(),
                    created_at: generation.created_at,
                    blocked_reason: blocked_reason.as_deref(),
                };
                let outbound = NewOutbound {
                    workspace_id: &conversation.workspace_id,
                    conversation_id: &conversation.id,
                    lead_id: &conversation.lead_id,
                    channel: &generation.channel,
                    body: &body,
                    subject: None,
                    author_kind: "ai",
                    author_id: Some(&generation.agent_id),
                    generator: Some(&output.generator),
                    draft_id: Some(&generation.draft_id),
                    idempotency_key: &key,
                    template_id: None,
                    template_variables: None,
                };
                let finished = conversations
                    .finish_reply(
                        &draft,
                        auto_send.then_some(&outbound),
                        offline_log.as_deref(),
                    )
                    .await?;
                // The summary after this reply, patched like the transaction just did.
                let mut fresh = conversation.clone();
                if let Some(message) = &finished.sent {
                    fresh.last_message_at = message.created_at;
                    fresh.last_message_preview = Some(crate::store::preview(&message.body));
                    fresh.last_channel = Some(message.channel.clone());
                    fresh.last_direction = Some("outbound".into());
                    fresh.updated_at = message.created_at;
                } else if finished.draft.is_some() {
                    fresh.pending_draft = true;
                }
                Ok::<_, StoreError>((finished, fresh))
            }
            .into_actor(self)
            .map(move |result, act, _ctx| match result {
                Ok((finished, fresh)) => {
                    let conversation_id = fresh.id.clone();
                    if let Some(state) = &mut act.state {
                        state.conversation = fresh;
                    }
                    let Some(draft) = finished.draft else {
                        return; // answered by an earlier run: nothing new to tell
                    };
                    if let Some(message) = finished.sent {
                        act.remember(&message);
                        // The summary rides with the message: one event, not two.
                        let summary = act
                            .state
                            .as_ref()
                            .map(|s| Box::new(ConversationView::from(&s.conversation)));
                        act.publish(Event::MessageCreated {
                            conversation_id: conversation_id.clone(),
                            message: MessageView::from(&message),
                            conversation: summary,
                        });
                        act.publish(Event::DraftApproved {
                            conversation_id,
                            draft_id: draft.id.clone(),
                        });
                        act.deps.outbox_wake.notify_one();
                    } else {
                        act.publish(Event::DraftReady {
                            conversation_id,
                            draft: DraftView::from(&draft),
                        });
                        act.publish_conversation();
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "finishing a draft failed");
                    act.write_log(unwritten_log);
                }
            }),
        );
    }

    fn supervise(
        &mut self,
        command: Command,
        _ctx: &mut Context<Self>,
    ) -> AtomicResponse<Self, Result<Outcome, LiveError>> {
        if self.state.is_none() {
            return AtomicResponse::new(Box::pin(fut::ready(Err(LiveError::Unavailable))));
        }
        if let Command::InjectFault = command {
            if self.deps.fault_injection {
                panic!("injected fault for lead {}", self.lead_id);
            }
            return AtomicResponse::new(Box::pin(fut::ready(Err(LiveError::Invalid(
                "fault injection is off".into(),
            )))));
        }
        let state = self.state.as_ref().expect("checked above");
        let conversation = state.conversation.clone();
        let store = self.deps.store.clone();

        // Cancelling the AI happens here, synchronously, before any await: a takeover stops a
        // generation in flight at once, and its late tokens are ignored.
        let stop_ai = matches!(
            command,
            Command::TakeOver { .. } | Command::SendHuman { .. }
        );
        let mut settled_reply = None;
        if stop_ai && let Some(generation) = self.generation.take() {
            settled_reply = generation.in_reply_to.clone();
            self.stop_generation(generation, "cancelled", "a human took over");
        }
        if let Command::Discard { draft_id } = &command
            && self
                .generation
                .as_ref()
                .is_some_and(|g| &g.draft_id == draft_id)
        {
            // Still streaming: stop it here; it was never stored as sendable.
            let generation = self.generation.take().expect("checked");
            if let Some(id) = &generation.in_reply_to {
                self.settle(vec![id.clone()]);
            }
            self.stop_generation(generation, "discarded", "discarded by a human");
            let conversation = self.state.as_ref().map(|s| s.conversation.clone());
            return AtomicResponse::new(Box::pin(fut::ready(Ok(Outcome {
                conversation,
                ..Outcome::default()
            }))));
        }
        let handing_back = matches!(command, Command::HandBack { .. });
        let last_inbound = state
            .thread
            .iter()
            .rev()
            .find(|m| m.direction != "note")
            .filter(|m| m.direction == "inbound")
            .cloned();
        let deps = self.deps.clone();
        let workspace_id = self.workspace_id.clone();
        let waiting = last_inbound.clone();

        let work = async move {
            let conversations = store.conversations();
            let mut outcome = Outcome::default();
            let mut events = Vec::new();
            let mut suggest_with = None;
            match command {
                Command::TakeOver { user_id } => {
                    conversations.set_mode(&conversation.id, "human").await?;
                    if conversation.assignee_id.is_none() {
                        conversations
                            .set_assignee(&conversation.id, Some(&user_id))
                            .await?;
                    }
                    if let Some(id) = settled_reply {
                        conversations.mark_processed(&id).await?;
                    }
                    conversations.set_pending_draft(&conversation.id).await?;
                }
                Command::HandBack { agent_id } => {
                    if let Some(agent_id) = &agent_id {
                        conversations.set_agent(&conversation.id, agent_id).await?;
                    }
                    conversations.set_mode(&conversation.id, "ai").await?;
                }
                Command::Assign { user_id } => {
                    conversations
                        .set_assignee(&conversation.id, user_id.as_deref())
                        .await?;
                }
                Command::MarkRead => conversations.mark_read(&conversation.id).await?,
                Command::SetStatus { status } => {
                    if status == "open" {
                        store
                            .outbox()
                            .cancel_timers(&conversation.lead_id, "reopen")
                            .await?;
                    }
                    conversations.set_status(&conversation.id, &status).await?
                }
                Command::Snooze { until } => {
                    store
                        .outbox()
                        .cancel_timers(&conversation.lead_id, "reopen")
                        .await?;
                    store
                        .outbox()
                        .schedule_timer(
                            &conversation.workspace_id,
                            &conversation.lead_id,
                            "reopen",
                            "{}",
                            until,
                        )
                        .await?;
                    conversations.set_status(&conversation.id, "closed").await?;
                }
                Command::SendHuman {
                    user_id,
                    channel,
                    text,
                    subject,
                    template,
                } => {
                    let key = format!("human:{}", new_id());
                    let message = conversations
                        .queue_outbound(&NewOutbound {
                            workspace_id: &conversation.workspace_id,
                            conversation_id: &conversation.id,
                            lead_id: &conversation.lead_id,
                            channel: &channel,
                            body: &text,
                            subject: subject.as_deref(),
                            author_kind: "human",
                            author_id: Some(&user_id),
                            generator: None,
                            draft_id: None,
                            idempotency_key: &key,
                            template_id: template.as_ref().map(|t| t.0.as_str()),
                            template_variables: template.as_ref().map(|t| t.1.as_str()),
                        })
                        .await?
                        .ok_or_else(|| LiveError::Conflict("duplicate send".into()))?;
                    // The human answered: earlier inbound messages need no AI reply.
                    for pending in conversations
                        .pending_for_conversation(&conversation.id)
                        .await?
                    {
                        conversations.mark_processed(&pending.id).await?;
                    }
                    events.push(Event::MessageCreated {
                        conversation_id: conversation.id.clone(),
                        message: MessageView::from(&message),
                        conversation: None,
                    });
                    outcome.message = Some(message);
                }
                Command::Note { user_id, text } => {
                    let message = conversations
                        .add_note(&conversation, &user_id, &text)
                        .await?;
                    events.push(Event::MessageCreated {
                        conversation_id: conversation.id.clone(),
                        message: MessageView::from(&message),
                        conversation: None,
                    });
                    outcome.message = Some(message);
                }
                Command::Approve { draft_id, text } => {
                    let draft = conversations
                        .draft(&conversation.workspace_id, &draft_id)
                        .await
                        .map_err(|_| LiveError::NotFound("draft"))?;
                    if draft.conversation_id != conversation.id {
                        return Err(LiveError::NotFound("draft"));
                    }
                    if draft.status != "ready" {
                        return Err(LiveError::Conflict(format!(
                            "This draft is {} and can no longer be approved.",
                            draft.status
                        )));
                    }
                    let body = text.unwrap_or_else(|| draft.body.clone());
                    if body.trim().is_empty() {
                        return Err(LiveError::Invalid("The approved text is empty.".into()));
                    }
                    let key = format!("draft:{}", draft.id);
                    let message = conversations
                        .queue_outbound(&NewOutbound {
                            workspace_id: &conversation.workspace_id,
                            conversation_id: &conversation.id,
                            lead_id: &conversation.lead_id,
                            channel: &draft.channel,
                            body: &body,
                            subject: None,
                            author_kind: "ai",
                            author_id: draft.agent_id.as_deref(),
                            generator: draft.generator.as_deref(),
                            draft_id: Some(&draft.id),
                            idempotency_key: &key,
                            template_id: None,
                            template_variables: None,
                        })
                        .await?
                        .ok_or_else(|| {
                            LiveError::Conflict("This draft was sent already.".into())
                        })?;
                    conversations
                        .transition_draft(&draft.id, &["ready"], "approved")
                        .await?;
                    if let Some(id) = &draft.in_reply_to {
                        conversations.mark_processed(id).await?;
                    }
                    conversations.set_pending_draft(&conversation.id).await?;
                    events.push(Event::MessageCreated {
                        conversation_id: conversation.id.clone(),
                        message: MessageView::from(&message),
                        conversation: None,
                    });
                    events.push(Event::DraftApproved {
                        conversation_id: conversation.id.clone(),
                        draft_id: draft.id.clone(),
                    });
                    outcome.message = Some(message);
                }
                Command::Discard { draft_id } => {
                    let draft = conversations
                        .draft(&conversation.workspace_id, &draft_id)
                        .await
                        .map_err(|_| LiveError::NotFound("draft"))?;
                    if draft.conversation_id != conversation.id {
                        return Err(LiveError::NotFound("draft"));
                    }
                    if !conversations
                        .transition_draft(&draft.id, &["ready"], "discarded")
                        .await?
                    {
                        return Err(LiveError::Conflict(format!(
                            "This draft is {} and can no longer be discarded.",
                            draft.status
                        )));
                    }
                    if let Some(id) = &draft.in_reply_to {
                        conversations.mark_processed(id).await?;
                    }
                    conversations.set_pending_draft(&conversation.id).await?;
                    events.push(Event::DraftDiscarded {
                        conversation_id: conversation.id.clone(),
                        draft_id: draft.id.clone(),
                    });
                }
                Command::Suggest => {
                    let channel = waiting
                        .as_ref()
                        .map(|m| m.channel.clone())
                        .or_else(|| conversation.last_channel.clone())
                        .unwrap_or_else(|| "sandbox".into());
                    let choice = pick_agent(&deps, &workspace_id, &conversation, &channel)
                        .await?
                        .ok_or_else(|| {
                            LiveError::Invalid(
                                "No AI agent is enabled for this channel; create one under Agents."
                                    .into(),
                            )
                        })?;
                    suggest_with = Some(choice.agent_id);
                }
                Command::InjectFault => unreachable!("handled above"),
            }
            outcome.conversation = Some(
                conversations
                    .get(&conversation.workspace_id, &conversation.id)
                    .await?,
            );
            Ok((outcome, events, suggest_with))
        };

        AtomicResponse::new(Box::pin(work.into_actor(self).map(
            move |result: Result<(Outcome, Vec<Event>, Option<String>), LiveError>, act, ctx| {
                let (mut outcome, events, suggest_with) = result?;
                if let Some(fresh) = &outcome.conversation
                    && let Some(state) = &mut act.state
                {
                    state.conversation = fresh.clone();
                }
                if let Some(message) = &outcome.message {
                    act.remember(message);
                    if message.direction == "outbound" {
                        act.deps.outbox_wake.notify_one();
                    }
                }
                for event in events {
                    act.publish(event);
                }
                act.publish_conversation();
                let mode_is_ai = act
                    .state
                    .as_ref()
                    .is_some_and(|s| s.conversation.mode == "ai");
                if let Some(agent_id) = suggest_with {
                    let channel = last_inbound
                        .as_ref()
                        .map(|m| m.channel.clone())
                        .unwrap_or_else(|| "sandbox".into());
                    act.start_generation(
                        agent_id,
                        Purpose::Suggest,
                        last_inbound.as_ref().map(|m| m.id.clone()),
                        channel,
                        false,
                        ctx,
                    );
                    outcome.draft_id = act.generation.as_ref().map(|g| g.draft_id.clone());
                } else if handing_back
                    && mode_is_ai
                    && act.generation.is_none()
                    && let Some(last) = last_inbound.clone()
                {
                    // Handed back with the lead waiting: the AI answers, human turns in context.
                    act.react_to_inbound(last, Vec::new(), ctx);
                }
                Ok(outcome)
            },
        )))
    }
}

struct AgentChoice {
    agent_id: String,
    auto_send: bool,
}

/// The agent acting for this conversation on `channel`, and whether it may send on its own.
async fn pick_agent(
    deps: &Deps,
    workspace_id: &str,
    conversation: &ConversationRecord,
    channel: &str,
) -> Result<Option<AgentChoice>, StoreError> {
    let agents = deps.store.agents();
    let agent = match &conversation.agent_id {
        Some(id) => match agents.get(workspace_id, id).await {
            Ok(agent) => Some(agent),
            Err(StoreError::NotFound) => None,
            Err(error) => return Err(error),
        },
        None => None,
    };
    let agent = match agent {
        Some(agent) => Some(agent),
        None => agents.default_for_channel(workspace_id, channel).await?,
    };
    let Some(agent) = agent.filter(|a| a.enabled) else {
        return Ok(None);
    };
    let permitted = agent.channels.iter().any(|c| c == channel);
    let mut auto_send = agent.autonomy == "autonomous" && permitted;
    if auto_send && agent.daily_limit > 0 {
        let sent = agents.sent_today(workspace_id, &agent.id).await?;
        auto_send = sent < agent.daily_limit;
    }
    Ok(Some(AgentChoice {
        agent_id: agent.id,
        auto_send,
    }))
}

async fn load_state(
    deps: &Deps,
    workspace_id: &str,
    lead_id: &str,
) -> Result<(LiveState, Vec<MessageRecord>), StoreError> {
    let conversations = deps.store.conversations();
    let conversation = conversations
        .ensure_for_lead(workspace_id, lead_id, None)
        .await?;
    let thread = conversations
        .recent_turns(&conversation.id, deps.thread_cache as i64)
        .await?;
    let timers = deps.store.outbox().pending_timers(lead_id).await?;
    let pending = conversations
        .pending_for_conversation(&conversation.id)
        .await?;
    let negotiation = NegotiationContext::default();
    Ok((
        LiveState {
            conversation,
            thread: thread.into(),
            timers,
            negotiation,
            voice: None,
        },
        pending,
    ))
}

impl Actor for ConversationActor {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        ctx.set_mailbox_capacity(64);
        self.touch();
        self.load(ctx);
    }
}

impl Supervised for ConversationActor {
    fn restarting(&mut self, _ctx: &mut Self::Context) {
        tracing::info!(lead = %self.lead_id, "restarting conversation actor");
        self.state = None;
        self.generation = None;
    }
}

impl Handler<Inbound> for ConversationActor {
    type Result = ();

    fn handle(&mut self, msg: Inbound, ctx: &mut Self::Context) {
        self.touch();
        if let Some(message) = msg.message {
            self.contained(ctx, |act, ctx| act.on_inbound(message, ctx));
            return;
        }
        let store = self.deps.store.clone();
        let workspace_id = self.workspace_id.clone();
        ctx.wait(
            async move {
                store
                    .conversations()
                    .message(&workspace_id, &msg.message_id)
                    .await
            }
            .into_actor(self)
            .map(|result, act, ctx| {
                if let Ok(message) = result {
                    act.contained(ctx, |act, ctx| act.on_inbound(message, ctx));
                }
            }),
        );
    }
}

impl Handler<AgentEvent> for ConversationActor {
    type Result = ();

    fn handle(&mut self, msg: AgentEvent, ctx: &mut Self::Context) {
        self.touch();
        self.contained(ctx, |act, ctx| act.on_agent_event(msg, ctx));
    }
}

impl Handler<DeliveryStatus> for ConversationActor {
    type Result = ();

    fn handle(&mut self, msg: DeliveryStatus, _ctx: &mut Self::Context) {
        self.remember(&msg.message);
    }
}

impl Handler<TimerFired> for ConversationActor {
    type Result = ();

    fn handle(&mut self, msg: TimerFired, ctx: &mut Self::Context) {
        self.touch();
        if let Some(state) = &mut self.state {
            state.timers.retain(|t| t.id != msg.timer.id);
        }
        match msg.timer.kind.as_str() {
            // A snoozed conversation comes back to the open inbox.
            "reopen" => {
                let Some(state) = &self.state else { return };
                let store = self.deps.store.clone();
                let workspace_id = self.workspace_id.clone();
                let id = state.conversation.id.clone();
                ctx.wait(
                    async move {
                        store.conversations().set_status(&id, "open").await?;
                        store.conversations().get(&workspace_id, &id).await
                    }
                    .into_actor(self)
                    .map(|result, act, _ctx| {
                        if let (Ok(fresh), Some(state)) = (result, &mut act.state) {
                            state.conversation = fresh;
                            act.publish_conversation();
                        }
                    }),
                );
            }
            other => tracing::warn!(kind = other, "a timer of an unknown kind fired"),
        }
    }
}

impl Handler<Supervise> for ConversationActor {
    type Result = AtomicResponse<Self, Result<Outcome, LiveError>>;

    fn handle(&mut self, msg: Supervise, ctx: &mut Self::Context) -> Self::Result {
        self.touch();
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| self.supervise(msg.0, ctx)));
        match outcome {
            Ok(response) => response,
            Err(_) => {
                tracing::error!(lead = %self.lead_id, "conversation actor panicked; restarting it from the database");
                self.crash(ctx);
                AtomicResponse::new(Box::pin(fut::ready(Err(LiveError::Unavailable))))
            }
        }
    }
}

impl Handler<Probe> for ConversationActor {
    type Result = Option<StateProbe>;

    fn handle(&mut self, _msg: Probe, _ctx: &mut Self::Context) -> Self::Result {
        self.state.as_ref().map(|s| StateProbe {
            mode: s.conversation.mode.clone(),
            cached_messages: s.thread.len(),
            generating: self.generation.is_some(),
        })
    }
}
