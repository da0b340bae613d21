//! The pre-send simulation sandbox: one lead (real or sample) walked through a workflow on
//! virtual time, with nothing sent and nothing stored. Each step is the engine's own
//! [`step::decide`]; the facts come from a script of what the lead does and when (a reply on
//! day 3, a booked meeting), and the user may force a decision's branch or an A/B variant to
//! explore a path. Sends, AI drafts, waits with their wake-up times, holds (quiet hours, the
//! sending window) and refusals (consent, do-not-contact) become a timeline.

use crate::channels::email::{SendWindow, email_send_window};
use crate::domain::{Channel, Stage};
use crate::store::LeadRecord;
use crate::workflows::engine::facts::{channels_of, visits};
use crate::workflows::engine::step::{
    self, Effect, EventFacts, Facts, Gate, LeadFacts, Next, Outcome, Waiting,
};
use crate::workflows::graph::{Graph, HandOffTarget, Node, OUT, Step, UpdateLead, Wait};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// How far ahead a simulation looks before it stops (virtual time).
pub const HORIZON_MS: i64 = 90 * 24 * 3_600_000;
/// Steps a simulation takes at most (a loop with waits would otherwise run to the horizon).
pub const MAX_STEPS: usize = 500;
/// Holds in a row on one node before the simulation gives up on it.
const MAX_HOLDS: usize = 30;

/// Something the lead does in the simulated world.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadAction {
    Reply,
    Open,
    Click,
    MeetingBooked,
    Unsubscribe,
}

impl LeadAction {
    pub const NAMES: &'static str = "reply, open, click, meeting_booked or unsubscribe";

    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "reply" => Self::Reply,
            "open" => Self::Open,
            "click" => Self::Click,
            "meeting_booked" => Self::MeetingBooked,
            "unsubscribe" => Self::Unsubscribe,
            _ => return None,
        })
    }

    fn words(self) -> &'static str {
        match self {
            Self::Reply => "replies",
            Self::Open => "opens an email",
            Self::Click => "clicks a link",
            Self::MeetingBooked => "books a meeting",
            Self::Unsubscribe => "unsubscribes",
        }
    }
}

/// What the lead does, when (epoch ms of virtual time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptedEvent {
    pub action: LeadAction,
    pub at: i64,
    /// What a reply says (decisions on `reply.intent` / `reply.sentiment` read it).
    pub text: Option<String>,
}

/// The simulation's inputs besides the graph and the lead.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Virtual time of enrolment.
    pub start: i64,
    pub events: Vec<ScriptedEvent>,
    /// Forced decision branches (`true` = yes) by node id.
    pub decisions: BTreeMap<String, bool>,
    /// Forced A/B variants by node id.
    pub variants: BTreeMap<String, String>,
    /// The campaign's sending window, if its schedule sets one.
    pub window: Option<SendWindow>,
    /// Template bodies by id, the booking link and the sender's name, for rendering.
    pub templates: BTreeMap<String, String>,
    pub booking_url: Option<String>,
    pub sender_name: Option<String>,
}

impl Plan {
    /// Places an event `after_seconds` after enrolment. An event at 0 lands just after the
    /// steps that run at enrolment, so "replies on day 0" answers the first message.
    pub fn event(&mut self, action: LeadAction, after_seconds: i64, text: Option<String>) {
        let at = self.start + after_seconds.max(0) * 1000;
        self.events.push(ScriptedEvent {
            action,
            at: at.max(self.start + 1),
            text,
        });
        self.events.sort_by_key(|e| e.at);
    }
}

/// One entry of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimulatedStep {
    pub at_ms: i64,
    pub offset_seconds: i64,
    pub node_id: Option<String>,
    pub node_type: Option<String>,
    /// send, ai_draft, decision, wait, blocked, webhook, hand_off, update_lead, event, exit, end.
    pub kind: &'static str,
    pub summary: String,
    pub detail: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Simulation {
    pub steps: Vec<SimulatedStep>,
    /// completed, goal, exited_<reason>, failed, stalled or horizon.
    pub outcome: String,
    /// Messages that would go out.
    pub sends: usize,
    /// Virtual time the simulation stopped at.
    pub finished_at_ms: i64,
}

/// What the simulation asks of the world around the workflow: the send gate and AI drafts.
/// The server answers from the store and the LLM layer; unit tests answer from memory.
#[allow(async_fn_in_trait)]
pub trait World {
    /// The send gate's verdict for a message to `lead` on `channel` at virtual time `at`;
    /// `last_reply` is the lead's last simulated reply (it opens WhatsApp's 24 h window).
    async fn gate(
        &self,
        lead: &LeadRecord,
        channel: Channel,
        template_id: Option<&str>,
        at: i64,
        last_reply: Option<i64>,
    ) -> anyhow::Result<Gate>;

    /// An AI draft for `lead`: the text and the generator (`offline` or `provider:model`).
    async fn draft(
        &self,
        lead: &LeadRecord,
        agent_id: Option<String>,
        channel: Channel,
    ) -> anyhow::Result<(String, String)>;
}

struct Timeline {
    start: i64,
    steps: Vec<SimulatedStep>,
    sends: usize,
}

impl Timeline {
    fn push(
        &mut self,
        at: i64,
        node: Option<&Node>,
        kind: &'static str,
        summary: String,
        detail: Value,
    ) {
        self.steps.push(SimulatedStep {
            at_ms: at,
            offset_seconds: (at - self.start).max(0) / 1000,
            node_id: node.map(|n| n.id.clone()),
            node_type: node.map(|n| n.step.type_name().to_string()),
            kind,
            summary,
            detail,
        });
    }
}

/// Runs the simulation. Errors only when the world fails (a store read); a step the workflow
/// cannot take is a `failed` outcome in the timeline.
pub async fn simulate<W: World>(
    world: &W,
    graph: &Graph,
    lead: &LeadRecord,
    plan: &Plan,
) -> anyhow::Result<Simulation> {
    let mut timeline = Timeline {
        start: plan.start,
        steps: Vec::new(),
        sends: 0,
    };
    let Some(mut node) = graph.trigger() else {
        anyhow::bail!("the workflow has no trigger");
    };
    let mut lead = lead.clone();
    let mut context = json!({"stage": lead.stage.as_str()});
    let mut waiting: Option<Waiting> = None;
    let mut t = plan.start;
    let mut shown_events = 0;
    let mut holds = 0;
    // Every way out of the loop but running out of steps sets its own outcome.
    let mut outcome = String::from("horizon");

    for _ in 0..MAX_STEPS {
        // The lead's scripted actions up to now, in the timeline where they happen.
        while let Some(event) = plan.events.get(shown_events).filter(|e| e.at <= t) {
            let mut detail = json!({"event": event.action});
            let summary = match &event.text {
                Some(text) => {
                    let (intent, sentiment) = crate::workflows::reply::classify(text);
                    detail["body"] = json!(text);
                    detail["intent"] = json!(intent);
                    detail["sentiment"] = json!(sentiment);
                    format!(
                        "The lead {} ({}, {})",
                        event.action.words(),
                        intent.as_str().replace('_', " "),
                        sentiment.as_str()
                    )
                }
                None => format!("The lead {}", event.action.words()),
            };
            timeline.push(event.at, None, "event", summary, detail);
            shown_events += 1;
        }
        if t - plan.start > HORIZON_MS {
            outcome = "horizon".into();
            timeline.push(
                t,
                Some(node),
                "end",
                "Still running after 90 days; the simulation stops here".into(),
                Value::Null,
            );
            break;
        }
        let facts = facts_at(world, &lead, plan, node, waiting.as_ref(), t).await?;
        let expected_stage = context["stage"].as_str();
        if let Some(reason) = step::exit_reason(&graph.settings.exit_on, &facts, expected_stage) {
            timeline.push(
                t,
                Some(node),
                "exit",
                format!("Exits the workflow: {}", reason.replace('_', " ")),
                json!({"reason": reason}),
            );
            outcome = format!("exited_{reason}");
            break;
        }
        let mut decided = step::decide(node, &lead.id, &context, waiting.as_ref(), &facts, t, t);
        force_branch(node, plan, &mut decided);
        if let Next::Wait { waiting: w, .. } = &decided.next
            && w.kind == "webhook"
            && waiting.is_none()
        {
            // Nothing is called: the simulated endpoint answers at once.
            decided.next = Next::Branch(OUT.into());
        }
        if !matches!(decided.next, Next::Hold { .. }) {
            holds = 0;
        }
        if let Step::ChannelFallback(fallback) = &node.step {
            skipped_channels(&mut timeline, t, node, &fallback.channels, &facts, &decided);
        }
        for effect in &decided.effects {
            apply(
                world,
                &mut timeline,
                &mut lead,
                &mut context,
                node,
                effect,
                t,
            )
            .await?;
        }
        match decided.next {
            Next::Branch(branch) => {
                match &node.step {
                    Step::Decision(_) | Step::AbSplit(_) => {
                        timeline.push(t, Some(node), "decision", decided.summary, decided.output)
                    }
                    Step::WaitForEvent(_) => timeline.push(
                        t,
                        Some(node),
                        "decision",
                        match branch.as_str() {
                            "event" => "The awaited event happened".to_string(),
                            _ => "No event before the timeout".to_string(),
                        },
                        json!({"branch": branch}),
                    ),
                    _ => {}
                }
                let count = visits(&context, &node.id);
                context["visits"][&node.id] = json!(count + 1);
                if matches!(node.step, Step::AbSplit(_)) {
                    context["variants"][&node.id] = json!(branch);
                }
                waiting = None;
                match graph.next(&node.id, &branch) {
                    Some(next) => node = next,
                    None => {
                        timeline.push(
                            t,
                            Some(node),
                            "end",
                            "The workflow ends here (no further step)".into(),
                            Value::Null,
                        );
                        outcome = "completed".into();
                        break;
                    }
                }
            }
            Next::End(end) => {
                let goal = end == crate::workflows::graph::EndOutcome::Goal;
                timeline.push(
                    t,
                    Some(node),
                    "end",
                    if goal {
                        "Goal reached"
                    } else {
                        "The workflow ends"
                    }
                    .into(),
                    json!({"outcome": end}),
                );
                outcome = if goal { "goal" } else { "completed" }.into();
                break;
            }
            Next::Fail(reason) => {
                timeline.push(
                    t,
                    Some(node),
                    "blocked",
                    "This step cannot run; the run would fail here".into(),
                    json!({"reason": reason}),
                );
                outcome = "failed".into();
                break;
            }
            Next::Wait { until, waiting: w } => {
                if waiting.as_ref().is_none_or(|open| open.node_id != node.id) {
                    let summary = match w.kind.as_str() {
                        "event" => format!(
                            "Waits for {} until {}",
                            event_names(&w.events),
                            describe_offset(until - plan.start)
                        ),
                        _ => format!("Waits until {}", describe_offset(until - plan.start)),
                    };
                    timeline.push(
                        t,
                        Some(node),
                        "wait",
                        summary,
                        json!({"wake_at_ms": until, "events": w.events}),
                    );
                    waiting = Some(w);
                }
                // Wake at the wait's end, or earlier when the lead does something.
                let next_event = plan.events.iter().map(|e| e.at).find(|at| *at > t);
                t = next_event.map_or(until, |at| at.min(until)).max(t + 1);
            }
            Next::Hold { until, reason } => {
                holds += 1;
                timeline.push(
                    t,
                    Some(node),
                    "blocked",
                    format!("Held until {}", describe_offset(until - plan.start)),
                    json!({"reason": reason, "wake_at_ms": until}),
                );
                if holds >= MAX_HOLDS {
                    outcome = "stalled".into();
                    break;
                }
                let next_event = plan.events.iter().map(|e| e.at).find(|at| *at > t);
                t = next_event.map_or(until, |at| at.min(until)).max(t + 1);
            }
        }
    }
    Ok(Simulation {
        sends: timeline.sends,
        finished_at_ms: t,
        steps: timeline.steps,
        outcome,
    })
}

/// The facts at virtual time `t`: the lead as the simulation changed it, the scripted events
/// so far, the gate per channel the node may send on and the sending window.
async fn facts_at<W: World>(
    world: &W,
    lead: &LeadRecord,
    plan: &Plan,
    node: &Node,
    waiting: Option<&Waiting>,
    t: i64,
) -> anyhow::Result<Facts> {
    let happened = |since: i64| {
        let mut facts = EventFacts::default();
        for event in plan.events.iter().filter(|e| e.at > since && e.at <= t) {
            match event.action {
                LeadAction::Reply => {
                    facts.replied = true;
                    facts.last_reply = event.text.clone();
                }
                LeadAction::Open => facts.opened = true,
                LeadAction::Click => facts.clicked = true,
                LeadAction::MeetingBooked => facts.meeting_booked = true,
                LeadAction::Unsubscribe => facts.unsubscribed = true,
            }
        }
        facts
    };
    let since_wait = match waiting.filter(|w| w.node_id == node.id && w.kind == "event") {
        Some(w) => happened(w.since),
        None => EventFacts::default(),
    };
    let last_reply = plan
        .events
        .iter()
        .filter(|e| e.action == LeadAction::Reply && e.at <= t)
        .map(|e| e.at)
        .next_back();
    let mut facts = Facts {
        lead: LeadFacts::from(lead),
        since_start: happened(plan.start - 1),
        since_wait,
        templates: plan.templates.clone(),
        booking_url: plan.booking_url.clone(),
        sender_name: plan.sender_name.clone(),
        ..Facts::default()
    };
    let sends = channels_of(node);
    for (channel, spec) in &sends {
        let template_id = (*channel == Channel::Whatsapp)
            .then_some(spec.template_id.as_deref())
            .flatten();
        let gate = world
            .gate(lead, *channel, template_id, t, last_reply)
            .await?;
        facts.gates.insert(channel.as_str().to_string(), gate);
    }
    let window = match &node.step {
        Step::Wait(Wait::SendingWindow) => Some(plan.window.clone().unwrap_or_default()),
        _ if !sends.is_empty() => plan.window.clone(),
        _ => None,
    };
    if let Some(window) = window {
        facts.window_opens_at = email_send_window(lead, &window, t);
    }
    Ok(facts)
}

/// The user's choice of a decision's branch or an A/B variant replaces the computed one.
fn force_branch(node: &Node, plan: &Plan, decided: &mut Outcome) {
    let computed = match &decided.next {
        Next::Branch(branch) => branch.clone(),
        _ => return,
    };
    let forced = match &node.step {
        Step::Decision(_) => plan
            .decisions
            .get(&node.id)
            .map(|yes| if *yes { "yes" } else { "no" }.to_string()),
        Step::AbSplit(_) => plan.variants.get(&node.id).cloned(),
        _ => None,
    };
    if let Some(forced) = forced {
        decided.summary = if forced == computed {
            format!("Takes \u{201c}{forced}\u{201d}, as you chose (the lead's facts agree)")
        } else {
            format!(
                "Takes \u{201c}{forced}\u{201d}, as you chose (the lead's facts say \u{201c}{computed}\u{201d})"
            )
        };
        decided.output["forced"] = json!(true);
        decided.next = Next::Branch(forced);
    } else if matches!(node.step, Step::Decision(_)) {
        decided.summary = format!(
            "Condition is {}: takes \u{201c}{computed}\u{201d}",
            computed == "yes"
        );
    } else if matches!(node.step, Step::AbSplit(_)) {
        decided.summary = format!("Variant {computed} (fixed for this lead)");
    }
}

/// A fallback's channels before the one it uses (or all, when none is allowed), each with why
/// it was passed over.
fn skipped_channels(
    timeline: &mut Timeline,
    t: i64,
    node: &Node,
    channels: &[Channel],
    facts: &Facts,
    decided: &Outcome,
) {
    let used = decided.effects.iter().find_map(|e| match e {
        Effect::Send(message) => Some(message.channel),
        _ => None,
    });
    for channel in channels {
        if Some(*channel) == used {
            break;
        }
        let gate = facts.gates.get(channel.as_str());
        let reason = match gate {
            Some(Gate::Closed { reason }) => reason.clone(),
            _ if matches!(channel, Channel::Sms | Channel::Whatsapp | Channel::Voice) => {
                format!("no granted {} consent", channel.as_str())
            }
            _ => continue,
        };
        timeline.push(
            t,
            Some(node),
            "blocked",
            format!("Skips {}", channel.as_str()),
            json!({"channel": channel, "reason": reason}),
        );
    }
}

async fn apply<W: World>(
    world: &W,
    timeline: &mut Timeline,
    lead: &mut LeadRecord,
    context: &mut Value,
    node: &Node,
    effect: &Effect,
    t: i64,
) -> anyhow::Result<()> {
    match effect {
        Effect::Generate {
            agent_id,
            instructions,
            channel,
        } => {
            let (body, generator) = world.draft(lead, agent_id.clone(), *channel).await?;
            let label = if generator == "offline" {
                "Offline AI draft (no provider configured)"
            } else {
                "AI draft"
            };
            timeline.push(
                t,
                Some(node),
                "ai_draft",
                format!("{label} for {}", channel.as_str()),
                json!({"body": body, "generator": generator, "instructions": instructions}),
            );
            context["draft"] = json!({"body": body, "generator": generator});
        }
        Effect::Send(message) => {
            timeline.sends += 1;
            let what = match message.channel {
                Channel::Linkedin => "Creates a LinkedIn task".to_string(),
                channel => format!("Sends {}", channel_words(channel)),
            };
            timeline.push(
                t,
                Some(node),
                "send",
                what,
                json!({"channel": message.channel, "subject": message.subject,
                    "body": message.body, "linkedin_action": message.linkedin_action}),
            );
        }
        Effect::Webhook { endpoint_id, body } => timeline.push(
            t,
            Some(node),
            "webhook",
            "Calls the webhook (not called in a simulation)".into(),
            json!({"endpoint_id": endpoint_id, "payload": body}),
        ),
        Effect::HandOff(hand_off) => {
            let summary = match hand_off.to {
                HandOffTarget::Ai => "Hands the conversation to the AI agent".to_string(),
                HandOffTarget::Human => "Hands the conversation to a person".to_string(),
            };
            timeline.push(
                t,
                Some(node),
                "hand_off",
                summary,
                serde_json::to_value(hand_off)?,
            );
        }
        Effect::UpdateLead(update) => {
            apply_update(lead, update);
            if let Some(stage) = update.stage {
                context["stage"] = json!(stage.as_str());
            }
            timeline.push(
                t,
                Some(node),
                "update_lead",
                "Updates the lead".into(),
                serde_json::to_value(update)?,
            );
        }
    }
    Ok(())
}

fn apply_update(lead: &mut LeadRecord, update: &UpdateLead) {
    if let Some(stage) = update.stage {
        lead.stage = stage;
    }
    lead.tags.retain(|t| !update.remove_tags.contains(t));
    for tag in &update.add_tags {
        if !lead.tags.contains(tag) {
            lead.tags.push(tag.clone());
        }
    }
    for (name, value) in &update.fields {
        lead.custom_fields.insert(name.clone(), json!(value));
    }
}

fn channel_words(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "an email",
        Channel::Sms => "an SMS",
        Channel::Whatsapp => "a WhatsApp message",
        Channel::Voice => "a call",
        Channel::Linkedin => "a LinkedIn task",
    }
}

fn event_names(events: &[crate::workflows::graph::LeadEvent]) -> String {
    let names: Vec<String> = events
        .iter()
        .filter_map(|e| serde_json::to_value(e).ok())
        .filter_map(|v| v.as_str().map(|s| s.replace('_', " ")))
        .collect();
    match names.len() {
        0 => "an event".into(),
        _ => names.join(" or "),
    }
}

/// "day 2, 09:30" of virtual time since enrolment.
fn describe_offset(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    format!(
        "day {}, {}:{:02}",
        minutes / 1440,
        (minutes % 1440) / 60,
        minutes % 60
    )
}

/// The server's world: the real send gate (for a real lead, from the store at virtual time;
/// for the sample lead, the same rules over its in-memory record) and real AI drafts.
pub struct StoreWorld<'a> {
    pub store: &'a crate::store::Store,
    pub llm: &'a crate::llm::Llm,
    pub workspace_id: &'a str,
    /// The lead exists only in the request (no suppressions, no stored history).
    pub sample: bool,
}

impl World for StoreWorld<'_> {
    async fn gate(
        &self,
        lead: &LeadRecord,
        channel: Channel,
        template_id: Option<&str>,
        at: i64,
        last_reply: Option<i64>,
    ) -> anyhow::Result<Gate> {
        use crate::compliance::{SendContext, SendFacts, check, evaluate, template_facts};
        if !self.sample {
            let context = SendContext {
                template_id,
                purpose: None,
            };
            let verdict = evaluate(
                self.store,
                self.workspace_id,
                &lead.id,
                channel.as_str(),
                &context,
                at,
            )
            .await?;
            return Ok(Gate::from(verdict));
        }
        let template = match template_id {
            Some(id) => Some(template_facts(self.store, self.workspace_id, id).await?),
            None => None,
        };
        let consent = lead
            .consents
            .iter()
            .find(|c| c.channel == channel)
            .map_or(crate::domain::ConsentStatus::Unknown, |c| c.status);
        let facts = SendFacts {
            channel: channel.as_str(),
            purpose: crate::compliance::Purpose::Marketing,
            lead,
            suppression: None,
            consent,
            last_inbound_whatsapp: last_reply,
            template,
        };
        Ok(Gate::from(check(&facts, at)))
    }

    async fn draft(
        &self,
        lead: &LeadRecord,
        agent_id: Option<String>,
        channel: Channel,
    ) -> anyhow::Result<(String, String)> {
        let context = crate::workflows::engine::draft_context(
            self.workspace_id,
            agent_id,
            (!self.sample).then(|| lead.id.clone()),
            &LeadFacts::from(lead),
            lead.full_name.clone(),
            crate::llm::Purpose::Simulate,
        );
        let generation = self
            .llm
            .reply_unstreamed(context)
            .await
            .map_err(|e| anyhow::anyhow!("AI draft for {}: {e}", channel.as_str()))?;
        Ok((generation.text, generation.generator))
    }
}

/// The lead a simulation uses when none is picked.
pub fn sample_lead(workspace_id: &str) -> LeadRecord {
    LeadRecord {
        id: "sample-lead".into(),
        workspace_id: workspace_id.into(),
        first_name: Some("Alex".into()),
        last_name: Some("Rivera".into()),
        full_name: "Alex Rivera".into(),
        email: Some("alex.rivera@example.com".into()),
        phone: Some("+14155550123".into()),
        title: Some("Head of Operations".into()),
        company_id: None,
        company_name: Some("Northwind Logistics".into()),
        stage: Stage::Lead,
        owner_id: None,
        owner_name: None,
        owner_email: None,
        timezone: Some("America/New_York".into()),
        do_not_contact: false,
        email_status: "valid".into(),
        custom_fields: serde_json::Map::new(),
        source: Some("sample".into()),
        created_at: 0,
        updated_at: 0,
        tags: Vec::new(),
        consents: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ConsentStatus;
    use crate::store::ConsentRecord;
    use crate::workflows::templates::demo;

    fn demo_graph() -> Graph {
        demo(None, None)
    }

    /// Gates from the lead's consent alone; drafts are fixed text.
    struct Memory;

    impl World for Memory {
        async fn gate(
            &self,
            lead: &LeadRecord,
            channel: Channel,
            _template_id: Option<&str>,
            _at: i64,
            _last_reply: Option<i64>,
        ) -> anyhow::Result<Gate> {
            let revoked = lead
                .consents
                .iter()
                .any(|c| c.channel == channel && c.status == ConsentStatus::Revoked);
            Ok(if revoked {
                Gate::Closed {
                    reason: "consent revoked".into(),
                }
            } else {
                Gate::Open
            })
        }

        async fn draft(
            &self,
            lead: &LeadRecord,
            _agent_id: Option<String>,
            _channel: Channel,
        ) -> anyhow::Result<(String, String)> {
            Ok((format!("Hi {}", lead.full_name), "offline".into()))
        }
    }

    /// Monday 2026-11-30 14:00 UTC (09:00 in New York): inside the default window.
    const MONDAY: i64 = 1_796_047_200_000;

    fn plan() -> Plan {
        Plan {
            start: MONDAY,
            ..Plan::default()
        }
    }

    fn kinds(simulation: &Simulation) -> Vec<&'static str> {
        simulation.steps.iter().map(|s| s.kind).collect()
    }

    fn consenting(channel: Channel) -> LeadRecord {
        let mut lead = sample_lead("ws");
        lead.consents.push(ConsentRecord {
            channel,
            status: ConsentStatus::Granted,
            source: None,
            evidence: None,
            updated_at: 0,
        });
        lead
    }

    #[tokio::test]
    async fn a_lead_who_never_replies_takes_the_whole_demo_path() {
        let lead = consenting(Channel::Sms);
        let run = simulate(&Memory, &demo_graph(), &lead, &plan())
            .await
            .unwrap();
        let sends: Vec<&Value> = run
            .steps
            .iter()
            .filter(|s| s.kind == "send")
            .map(|s| &s.detail)
            .collect();
        assert_eq!(sends.len(), 2, "{:#?}", run.steps);
        assert_eq!(sends[0]["channel"], "email");
        assert_eq!(sends[1]["channel"], "sms");
        assert!(kinds(&run).contains(&"hand_off"), "{:?}", kinds(&run));
        assert_eq!(run.sends, 2);
        assert!(matches!(run.outcome.as_str(), "completed" | "goal"));
        // Two days and one day of waiting at least.
        assert!(run.finished_at_ms - MONDAY >= 3 * 86_400_000);
        assert!(
            run.steps.iter().all(|s| s.at_ms >= MONDAY),
            "no step before enrolment"
        );
    }

    #[tokio::test]
    async fn without_sms_consent_the_fallback_creates_a_linkedin_task_and_says_why() {
        let run = simulate(&Memory, &demo_graph(), &sample_lead("ws"), &plan())
            .await
            .unwrap();
        let skipped = run
            .steps
            .iter()
            .find(|s| s.kind == "blocked")
            .expect("the skipped SMS is shown");
        assert_eq!(skipped.detail["channel"], "sms");
        let sends: Vec<&Value> = run
            .steps
            .iter()
            .filter(|s| s.kind == "send")
            .map(|s| &s.detail["channel"])
            .collect();
        assert_eq!(sends, [&json!("email"), &json!("linkedin")]);
    }

    #[tokio::test]
    async fn a_reply_on_day_one_exits_before_the_second_touch() {
        let mut plan = plan();
        plan.event(LeadAction::Reply, 86_400, None);
        let run = simulate(&Memory, &demo_graph(), &sample_lead("ws"), &plan)
            .await
            .unwrap();
        assert_eq!(run.outcome, "exited_reply", "{:#?}", run.steps);
        assert_eq!(run.sends, 1);
        let exit = run.steps.last().unwrap();
        assert_eq!(exit.kind, "exit");
        assert_eq!(exit.offset_seconds, 86_400);
        let event = run.steps.iter().find(|s| s.kind == "event").unwrap();
        assert_eq!(event.offset_seconds, 86_400);
    }

    #[tokio::test]
    async fn unsubscribe_and_meeting_exit_with_their_reasons() {
        for (action, reason) in [
            (LeadAction::Unsubscribe, "exited_unsubscribe"),
            (LeadAction::MeetingBooked, "exited_meeting_booked"),
        ] {
            let mut plan = plan();
            plan.event(action, 0, None);
            let run = simulate(&Memory, &demo_graph(), &sample_lead("ws"), &plan)
                .await
                .unwrap();
            assert_eq!(run.outcome, reason);
            // The first email goes at enrolment; the event comes just after it.
            assert_eq!(run.sends, 1);
        }
    }

    #[tokio::test]
    async fn a_forced_decision_branch_is_taken_and_labelled() {
        let graph: Graph = serde_json::from_value(json!({
            "nodes": [
                {"id": "t", "type": "trigger", "data": {"kind": "manual"}},
                {"id": "won", "type": "decision",
                 "data": {"condition": {"==": [{"var": "lead.stage"}, "won"]}}},
                {"id": "done", "type": "end", "data": {"outcome": "goal"}},
                {"id": "sms", "type": "send",
                 "data": {"channel": "sms", "source": "text", "body": "Hi {{first_name}}"}},
            ],
            "edges": [
                {"id": "e1", "source": "t", "target": "won"},
                {"id": "e2", "source": "won", "sourceHandle": "yes", "target": "done"},
                {"id": "e3", "source": "won", "sourceHandle": "no", "target": "sms"},
            ],
        }))
        .unwrap();
        let lead = consenting(Channel::Sms);
        let natural = simulate(&Memory, &graph, &lead, &plan()).await.unwrap();
        assert_eq!(natural.sends, 1);
        assert_eq!(natural.steps[1].detail["body"], "Hi Alex");
        assert!(
            natural.steps[0].summary.contains("false"),
            "{:?}",
            natural.steps[0]
        );

        let mut forced = plan();
        forced.decisions.insert("won".into(), true);
        let run = simulate(&Memory, &graph, &lead, &forced).await.unwrap();
        assert_eq!(run.steps[0].detail["forced"], true);
        assert!(
            run.steps[0].summary.contains("as you chose"),
            "{}",
            run.steps[0].summary
        );
        assert_eq!((run.sends, run.outcome.as_str()), (0, "goal"));
    }

    #[tokio::test]
    async fn a_decision_reads_what_the_reply_says() {
        let graph: Graph = serde_json::from_value(json!({
            "settings": {"exit_on": {"reply": false}},
            "nodes": [
                {"id": "t", "type": "trigger", "data": {"kind": "manual"}},
                {"id": "w", "type": "wait_for_event",
                 "data": {"events": ["reply"], "timeout_seconds": 259_200}},
                {"id": "happy", "type": "decision",
                 "data": {"condition": {"==": [{"var": "reply.sentiment"}, "positive"]}}},
                {"id": "goal", "type": "end", "data": {"outcome": "goal"}},
                {"id": "stop", "type": "end", "data": {"outcome": "end"}},
            ],
            "edges": [
                {"id": "e1", "source": "t", "target": "w"},
                {"id": "e2", "source": "w", "sourceHandle": "event", "target": "happy"},
                {"id": "e3", "source": "w", "sourceHandle": "timeout", "target": "stop"},
                {"id": "e4", "source": "happy", "sourceHandle": "yes", "target": "goal"},
                {"id": "e5", "source": "happy", "sourceHandle": "no", "target": "stop"},
            ],
        }))
        .unwrap();
        for (text, outcome) in [
            ("Sounds great, let's talk Tuesday", "goal"),
            ("Not interested.", "completed"),
        ] {
            let mut plan = plan();
            plan.event(LeadAction::Reply, 3_600, Some(text.into()));
            let run = simulate(&Memory, &graph, &sample_lead("ws"), &plan)
                .await
                .unwrap();
            assert_eq!(run.outcome, outcome, "{text}: {:#?}", run.steps);
            let event = run.steps.iter().find(|s| s.kind == "event").unwrap();
            assert_eq!(event.detail["body"], text);
        }
    }

    #[tokio::test]
    async fn a_weekend_enrolment_holds_the_send_until_the_window_opens() {
        let mut plan = plan();
        // Saturday 2026-11-28 14:00 UTC, with a weekday window.
        plan.start = MONDAY - 2 * 86_400_000;
        plan.window = Some(SendWindow::default());
        let run = simulate(&Memory, &demo_graph(), &sample_lead("ws"), &plan)
            .await
            .unwrap();
        let held = run.steps.iter().find(|s| s.kind == "blocked").unwrap();
        // Monday 08:00 in New York is 13:00 UTC.
        assert_eq!(held.detail["wake_at_ms"], json!(MONDAY - 3_600_000));
        let first_send = run.steps.iter().find(|s| s.kind == "send").unwrap();
        assert_eq!(first_send.at_ms, MONDAY - 3_600_000);
    }
}
