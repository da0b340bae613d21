//! One step of a run as a pure function: given the graph's node, the run's context, the facts
//! about the lead and the time, decide the effects and where the run goes next. The worker
//! applies the effects (through the outbox, the webhook worker, the conversation actor); the
//! simulator records them. Nothing here touches the database.

use crate::compliance::Blocked;
use crate::domain::Channel;
use crate::workflows::condition;
use crate::workflows::graph::{
    AbSplit, EndOutcome, ExitRules, HandOff, LeadEvent, MessageSource, MessageSpec, Node, OUT,
    Step, UpdateLead, Wait,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// How long a webhook step waits between looks at its delivery.
pub const WEBHOOK_POLL_MS: i64 = 30_000;

/// The lead as steps see it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeadFacts {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub stage: String,
    pub tags: Vec<String>,
    pub fields: serde_json::Map<String, Value>,
    pub timezone: Option<String>,
    /// Channel name → granted / revoked / unknown.
    pub consent: BTreeMap<String, String>,
    pub do_not_contact: bool,
}

/// What the lead did since some time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFacts {
    pub replied: bool,
    pub opened: bool,
    pub clicked: bool,
    pub meeting_booked: bool,
    pub unsubscribed: bool,
    /// The text of the lead's latest reply (auto-replies excluded).
    pub last_reply: Option<String>,
}

impl EventFacts {
    fn has(&self, event: LeadEvent) -> bool {
        match event {
            LeadEvent::Reply => self.replied,
            LeadEvent::Open => self.opened,
            LeadEvent::Click => self.clicked,
            LeadEvent::MeetingBooked => self.meeting_booked,
        }
    }
}

/// What the send gate says about a channel right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    Open,
    /// Blocked until a time (quiet hours).
    Hold {
        until: i64,
        reason: String,
    },
    Closed {
        reason: String,
    },
}

impl From<Result<(), Blocked>> for Gate {
    fn from(verdict: Result<(), Blocked>) -> Self {
        match verdict {
            Ok(()) => Gate::Open,
            Err(blocked) => match (blocked.code.is_deferral(), blocked.retry_at) {
                (true, Some(until)) => Gate::Hold {
                    until,
                    reason: blocked.describe(),
                },
                _ => Gate::Closed {
                    reason: blocked.describe(),
                },
            },
        }
    }
}

/// Everything a step may decide on.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub lead: LeadFacts,
    /// Since the run began (exit rules, decisions).
    pub since_start: EventFacts,
    /// Since the current wait began (wait for event).
    pub since_wait: EventFacts,
    /// The send gate's verdict per channel the step may use.
    pub gates: BTreeMap<String, Gate>,
    /// When the campaign's sending window next opens, if it is closed now.
    pub window_opens_at: Option<i64>,
    /// The state of the webhook delivery the current step queued.
    pub delivery_state: Option<String>,
    /// Message templates the step refers to, by id (their bodies).
    pub templates: BTreeMap<String, String>,
    pub booking_url: Option<String>,
    pub sender_name: Option<String>,
}

/// What the run is waiting for, kept on the run between looks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Waiting {
    pub node_id: String,
    /// The node run left open while waiting; completed when the step moves on.
    pub node_run_id: String,
    /// `wait`, `event`, `webhook` or `hold`.
    pub kind: String,
    /// Wall-clock time the wait began (facts newer than this count as events).
    pub since: i64,
    /// Engine time the wait ends (a duration's end, an event wait's timeout).
    #[serde(default)]
    pub until: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<LeadEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A side effect a step asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Send(OutgoingMessage),
    Generate {
        agent_id: Option<String>,
        instructions: String,
        channel: Channel,
    },
    Webhook {
        endpoint_id: String,
        body: String,
    },
    HandOff(HandOff),
    UpdateLead(UpdateLead),
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingMessage {
    pub channel: Channel,
    pub subject: Option<String>,
    pub body: String,
    pub template_id: Option<String>,
    pub variables: BTreeMap<String, String>,
    pub linkedin_action: Option<String>,
}

/// Where the run goes after the step.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Leave by this branch now.
    Branch(String),
    /// Stay on the node until `until` (or until facts change), remembering `waiting`.
    Wait {
        until: i64,
        waiting: Waiting,
    },
    /// Blocked for now (quiet hours, sending window): try the step again at `until`.
    Hold {
        until: i64,
        reason: String,
    },
    End(EndOutcome),
    /// The step cannot succeed as configured (no address, a bad condition).
    Fail(String),
}

/// The result of one step.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub effects: Vec<Effect>,
    pub next: Next,
    /// Why, in words, for the node run's log and the simulation timeline.
    pub summary: String,
    pub output: Value,
}

impl Outcome {
    fn branch(branch: &str, summary: impl Into<String>, output: Value) -> Self {
        Self {
            effects: Vec::new(),
            next: Next::Branch(branch.to_string()),
            summary: summary.into(),
            output,
        }
    }

    fn with(mut self, effect: Effect) -> Self {
        self.effects.push(effect);
        self
    }
}

/// Why a run stops before its next step, by the workflow's exit rules.
pub fn exit_reason(
    rules: &ExitRules,
    facts: &Facts,
    expected_stage: Option<&str>,
) -> Option<&'static str> {
    let events = &facts.since_start;
    if rules.unsubscribe && (events.unsubscribed || facts.lead.do_not_contact) {
        return Some("unsubscribe");
    }
    if rules.meeting_booked && events.meeting_booked {
        return Some("meeting_booked");
    }
    if rules.reply && events.replied {
        return Some("reply");
    }
    if rules.stage_change && expected_stage.is_some_and(|stage| stage != facts.lead.stage) {
        return Some("stage_change");
    }
    None
}

/// Runs `node` for `lead_id` at engine time `now` (`wall` is the wall clock, for facts).
pub fn decide(
    node: &Node,
    lead_id: &str,
    context: &Value,
    waiting: Option<&Waiting>,
    facts: &Facts,
    now: i64,
    wall: i64,
) -> Outcome {
    let waiting = waiting.filter(|w| w.node_id == node.id);
    match &node.step {
        Step::Trigger(_) => Outcome::branch(OUT, "enrolled", Value::Null),
        Step::AiGenerate(ai) => {
            Outcome::branch(OUT, "AI draft written", Value::Null).with(Effect::Generate {
                agent_id: ai.agent_id.clone(),
                instructions: ai.instructions.clone(),
                channel: ai.channel,
            })
        }
        Step::Send(send) => {
            let message = render(&send.message, send.channel, context, facts);
            send_on(
                send.channel,
                message,
                send.linkedin_action.clone(),
                facts,
                OUT,
            )
        }
        Step::ChannelFallback(fallback) => {
            for channel in &fallback.channels {
                if !consented(*channel, facts) {
                    continue;
                }
                match facts.gates.get(channel.as_str()).unwrap_or(&Gate::Open) {
                    Gate::Closed { .. } => continue,
                    _ => {
                        let message = render(&fallback.message, *channel, context, facts);
                        return send_on(*channel, message, None, facts, "sent");
                    }
                }
            }
            Outcome::branch(
                "none",
                "no channel is allowed for this lead",
                json!({"tried": fallback.channels}),
            )
        }
        Step::Wait(wait) => match waiting {
            Some(w) if w.until.is_some_and(|until| now >= until) => {
                Outcome::branch(OUT, "wait over", Value::Null)
            }
            Some(w) => still_waiting(w),
            None => {
                let until = match wait {
                    Wait::Duration { seconds } => now + (*seconds).max(0) * 1000,
                    Wait::SendingWindow => facts.window_opens_at.unwrap_or(now),
                };
                if until <= now {
                    return Outcome::branch(OUT, "the sending window is open", Value::Null);
                }
                wait_until(node, "wait", until, Vec::new(), wall, "waiting until")
            }
        },
        Step::WaitForEvent(wait) => match waiting {
            Some(w) => {
                if let Some(event) = wait.events.iter().find(|e| facts.since_wait.has(**e)) {
                    let name = serde_json::to_value(event).unwrap_or(Value::Null);
                    return Outcome::branch(
                        "event",
                        format!("event {name} happened"),
                        json!({"event": name}),
                    );
                }
                if w.until.is_some_and(|until| now >= until) {
                    return Outcome::branch("timeout", "no event before the timeout", Value::Null);
                }
                still_waiting(w)
            }
            None => wait_until(
                node,
                "event",
                now + wait.timeout_seconds.max(0) * 1000,
                wait.events.clone(),
                wall,
                "waiting for an event until",
            ),
        },
        Step::Decision(decision) => {
            let data = decision_facts(context, facts);
            match condition::evaluate(&decision.condition, &data) {
                Ok(yes) => {
                    let branch = if yes { "yes" } else { "no" };
                    Outcome::branch(
                        branch,
                        format!("condition is {yes}"),
                        json!({"condition": decision.condition, "result": yes}),
                    )
                }
                Err(error) => fail(error.to_string()),
            }
        }
        Step::AbSplit(split) => match variant(split, lead_id, &node.id) {
            Some(key) => Outcome::branch(&key, format!("variant {key}"), json!({"variant": key})),
            None => fail("the A/B split has no variant with a weight above 0".into()),
        },
        Step::Webhook(call) => match (waiting, facts.delivery_state.as_deref()) {
            (Some(_), Some("delivered")) => Outcome::branch(OUT, "webhook delivered", Value::Null),
            (Some(_), Some("failed")) => {
                Outcome::branch("failed", "webhook failed after its retries", Value::Null)
            }
            (Some(w), _) => Outcome {
                effects: Vec::new(),
                next: Next::Wait {
                    until: now + WEBHOOK_POLL_MS,
                    waiting: w.clone(),
                },
                summary: "webhook delivery in progress".into(),
                output: Value::Null,
            },
            (None, _) => {
                let body = call
                    .body
                    .as_deref()
                    .map(|b| fill(b, context, facts))
                    .unwrap_or_else(|| json!({"lead_id": lead_id}).to_string());
                let mut outcome = wait_until(
                    node,
                    "webhook",
                    now + WEBHOOK_POLL_MS,
                    Vec::new(),
                    wall,
                    "webhook queued; next look at",
                );
                outcome.effects.push(Effect::Webhook {
                    endpoint_id: call.endpoint_id.clone(),
                    body,
                });
                outcome
            }
        },
        Step::HandOff(hand_off) => {
            let to = serde_json::to_value(hand_off.to).unwrap_or(Value::Null);
            Outcome::branch(OUT, format!("handed to {to}"), json!({"to": to}))
                .with(Effect::HandOff(hand_off.clone()))
        }
        Step::UpdateLead(update) => Outcome::branch(
            OUT,
            "lead updated",
            serde_json::to_value(update).unwrap_or(Value::Null),
        )
        .with(Effect::UpdateLead(update.clone())),
        Step::End(end) => Outcome {
            effects: Vec::new(),
            next: Next::End(end.outcome),
            summary: "end".into(),
            output: Value::Null,
        },
    }
}

fn fail(reason: String) -> Outcome {
    Outcome {
        effects: Vec::new(),
        summary: reason.clone(),
        next: Next::Fail(reason),
        output: Value::Null,
    }
}

fn still_waiting(waiting: &Waiting) -> Outcome {
    Outcome {
        effects: Vec::new(),
        next: Next::Wait {
            until: waiting.until.unwrap_or_default(),
            waiting: waiting.clone(),
        },
        summary: "still waiting".into(),
        output: Value::Null,
    }
}

fn wait_until(
    node: &Node,
    kind: &str,
    until: i64,
    events: Vec<LeadEvent>,
    wall: i64,
    label: &str,
) -> Outcome {
    Outcome {
        effects: Vec::new(),
        next: Next::Wait {
            until,
            waiting: Waiting {
                node_id: node.id.clone(),
                node_run_id: String::new(),
                kind: kind.into(),
                since: wall,
                until: Some(until),
                events,
                reason: None,
            },
        },
        summary: format!("{label} {until}"),
        output: Value::Null,
    }
}

/// SMS and WhatsApp need the lead's consent (granted) before a workflow uses them as a
/// fallback; email and LinkedIn need only the send gate.
fn consented(channel: Channel, facts: &Facts) -> bool {
    match channel {
        Channel::Sms | Channel::Whatsapp | Channel::Voice => facts
            .lead
            .consent
            .get(channel.as_str())
            .is_some_and(|status| status == "granted"),
        _ => true,
    }
}

fn send_on(
    channel: Channel,
    message: Result<(Option<String>, String), String>,
    linkedin_action: Option<String>,
    facts: &Facts,
    branch: &str,
) -> Outcome {
    let (subject, body) = match message {
        Ok(message) => message,
        Err(reason) => return fail(reason),
    };
    match facts.gates.get(channel.as_str()).unwrap_or(&Gate::Open) {
        Gate::Closed { reason } => return fail(reason.clone()),
        Gate::Hold { until, reason } => {
            return Outcome {
                effects: Vec::new(),
                next: Next::Hold {
                    until: *until,
                    reason: reason.clone(),
                },
                summary: reason.clone(),
                output: Value::Null,
            };
        }
        Gate::Open => {}
    }
    if let Some(until) = facts.window_opens_at {
        let reason = "outside the campaign's sending window".to_string();
        return Outcome {
            effects: Vec::new(),
            next: Next::Hold {
                until,
                reason: reason.clone(),
            },
            summary: reason,
            output: Value::Null,
        };
    }
    let output = json!({"channel": channel, "subject": subject, "body": body});
    Outcome::branch(branch, format!("{} queued", channel.as_str()), output).with(Effect::Send(
        OutgoingMessage {
            channel,
            subject,
            body,
            template_id: None,
            variables: BTreeMap::new(),
            linkedin_action,
        },
    ))
}

/// The message's subject and body with the lead's variables filled in. A library template
/// may open with a `Subject: …` line: it is the subject when the step sets none, and it never
/// goes out as body text.
fn render(
    spec: &MessageSpec,
    channel: Channel,
    context: &Value,
    facts: &Facts,
) -> Result<(Option<String>, String), String> {
    let mut template_subject = None;
    let body = match spec.source {
        MessageSource::Text => spec.body.clone().unwrap_or_default(),
        MessageSource::PreviousDraft => context["draft"]["body"]
            .as_str()
            .map(str::to_string)
            .ok_or("no AI draft before this step: add an AI generate step first")?,
        MessageSource::Template => {
            let id = spec.template_id.clone().unwrap_or_default();
            let text = facts
                .templates
                .get(&id)
                .ok_or(format!("the template '{id}' does not exist"))?;
            let (subject, body) = split_subject(text);
            template_subject = subject;
            body.to_string()
        }
    };
    if body.trim().is_empty() {
        return Err(format!("the {} message is empty", channel.as_str()));
    }
    let subject = spec
        .subject
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .or(template_subject)
        .map(|s| fill(s, context, facts));
    Ok((subject, fill(&body, context, facts)))
}

/// A template's leading `Subject: …` line, and the body after it.
pub fn split_subject(text: &str) -> (Option<&str>, &str) {
    let trimmed = text.trim_start();
    match trimmed.split_once('\n') {
        Some((first, rest)) if first.to_ascii_lowercase().starts_with("subject:") => {
            (Some(first["subject:".len()..].trim()), rest.trim_start())
        }
        _ => (None, text),
    }
}

/// The variables a workflow message may use (`{{name}}` is the full name, `{{signature}}` and
/// `{{agent}}` the sender's name, as in the template library).
pub const VARIABLES: [&str; 10] = [
    "first_name",
    "last_name",
    "name",
    "full_name",
    "company",
    "title",
    "booking_link",
    "sender_name",
    "signature",
    "agent",
];

/// Replaces `{{first_name}}`-style variables ([`VARIABLES`]); others stay as written.
pub fn fill(text: &str, _context: &Value, facts: &Facts) -> String {
    let lead = &facts.lead;
    let full_name = [lead.first_name.as_deref(), lead.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let sender = facts.sender_name.clone().unwrap_or_default();
    let values = [
        ("first_name", lead.first_name.clone().unwrap_or_default()),
        ("last_name", lead.last_name.clone().unwrap_or_default()),
        ("name", full_name.clone()),
        ("full_name", full_name),
        ("company", lead.company.clone().unwrap_or_default()),
        ("title", lead.title.clone().unwrap_or_default()),
        (
            "booking_link",
            facts.booking_url.clone().unwrap_or_default(),
        ),
        ("sender_name", sender.clone()),
        ("signature", sender.clone()),
        ("agent", sender),
    ];
    let mut out = text.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{{{name}}}}}"), &value);
        out = out.replace(&format!("{{{{ {name} }}}}"), &value);
    }
    out
}

/// The `{{placeholders}}` in `text` that a workflow cannot fill, in order, once each.
pub fn unknown_variables(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim();
        if !name.is_empty() && !VARIABLES.contains(&name) && !found.iter().any(|f| f == name) {
            found.push(name.to_string());
        }
        rest = &after[end + 2..];
    }
    found
}

/// The facts a decision's JSONLogic reads (names in docs/workflows.md).
pub fn decision_facts(context: &Value, facts: &Facts) -> Value {
    let lead = &facts.lead;
    let events = &facts.since_start;
    json!({
        "lead": {
            "stage": lead.stage,
            "tags": lead.tags,
            "fields": lead.fields,
            "timezone": lead.timezone,
            "consent": lead.consent,
        },
        "events": {
            "replied": events.replied,
            "opened": events.opened,
            "clicked": events.clicked,
            "meeting_booked": events.meeting_booked,
        },
        "reply": match events.last_reply.as_deref().map(crate::workflows::reply::classify) {
            Some((intent, sentiment)) => json!({"intent": intent.as_str(), "sentiment": sentiment.as_str()}),
            None => json!({"intent": Value::Null, "sentiment": Value::Null}),
        },
        "run": {"variant": context.get("variants").cloned().unwrap_or_else(|| json!({}))},
    })
}

/// The lead's variant: a hash of lead and node over the weights, so the same lead always
/// takes the same branch of a version.
pub fn variant(split: &AbSplit, lead_id: &str, node_id: &str) -> Option<String> {
    use sha2::{Digest, Sha256};
    let total: u64 = split.variants.iter().map(|v| u64::from(v.weight)).sum();
    if total == 0 {
        return None;
    }
    let digest = Sha256::digest(format!("{lead_id}:{node_id}").as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    let mut point = u64::from_be_bytes(bytes) % total;
    for v in &split.variants {
        let weight = u64::from(v.weight);
        if point < weight {
            return Some(v.key.clone());
        }
        point -= weight;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflows::graph::Variant;

    fn node(value: Value) -> Node {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn a_b_split_is_deterministic_and_follows_the_weights() {
        let split = AbSplit {
            variants: vec![
                Variant {
                    key: "A".into(),
                    weight: 80,
                },
                Variant {
                    key: "B".into(),
                    weight: 20,
                },
            ],
        };
        let first = variant(&split, "lead-1", "ab");
        assert_eq!(first, variant(&split, "lead-1", "ab"));
        let a = (0..1000)
            .filter(|i| variant(&split, &format!("lead-{i}"), "ab").as_deref() == Some("A"))
            .count();
        assert!((720..=880).contains(&a), "{a} of 1000 took A");
    }

    #[test]
    fn a_template_subject_line_becomes_the_subject_and_variables_are_filled() {
        let send = node(
            json!({"id": "s", "type": "send", "data": {"channel": "email",
            "source": "template", "template_id": "t1"}}),
        );
        let mut facts = Facts::default();
        facts.lead.first_name = Some("Ada".into());
        facts.lead.last_name = Some("Byron".into());
        facts.sender_name = Some("Acme Realty".into());
        facts.templates.insert(
            "t1".into(),
            "Subject: Homes for {{first_name}}\n\nHi {{name}},\n\n{{signature}}".into(),
        );
        let outcome = decide(&send, "l", &json!({}), None, &facts, 0, 0);
        let Effect::Send(message) = &outcome.effects[0] else {
            panic!("sends")
        };
        assert_eq!(message.subject.as_deref(), Some("Homes for Ada"));
        assert_eq!(message.body, "Hi Ada Byron,\n\nAcme Realty");
        assert_eq!(
            unknown_variables("Hi {{name}}, about {{property}} on {{ day_1 }} or {{property}}"),
            ["property", "day_1"]
        );
    }

    #[test]
    fn an_event_wait_takes_the_event_branch_or_times_out() {
        let wait = node(json!({"id": "w", "type": "wait_for_event",
            "data": {"events": ["reply"], "timeout_seconds": 60}}));
        let mut facts = Facts::default();
        let entered = decide(&wait, "l", &json!({}), None, &facts, 1_000, 5);
        let Next::Wait { until, waiting } = entered.next else {
            panic!("waits")
        };
        assert_eq!(until, 61_000);
        let early = decide(&wait, "l", &json!({}), Some(&waiting), &facts, 30_000, 6);
        assert!(matches!(early.next, Next::Wait { .. }));
        let late = decide(&wait, "l", &json!({}), Some(&waiting), &facts, 61_000, 6);
        assert_eq!(late.next, Next::Branch("timeout".into()));
        facts.since_wait.replied = true;
        let replied = decide(&wait, "l", &json!({}), Some(&waiting), &facts, 30_000, 6);
        assert_eq!(replied.next, Next::Branch("event".into()));
    }

    #[test]
    fn fallback_skips_channels_without_consent_and_holds_in_quiet_hours() {
        let fallback = node(json!({"id": "f", "type": "channel_fallback",
            "data": {"channels": ["sms", "linkedin"], "source": "text", "body": "Hi {{first_name}}"}}));
        let mut facts = Facts::default();
        facts.lead.first_name = Some("Ada".into());
        let linkedin = decide(&fallback, "l", &json!({}), None, &facts, 0, 0);
        assert_eq!(linkedin.next, Next::Branch("sent".into()));
        let Effect::Send(message) = &linkedin.effects[0] else {
            panic!("sends")
        };
        assert_eq!(
            (message.channel, message.body.as_str()),
            (Channel::Linkedin, "Hi Ada")
        );

        facts.lead.consent.insert("sms".into(), "granted".into());
        facts.gates.insert(
            "sms".into(),
            Gate::Hold {
                until: 99,
                reason: "quiet".into(),
            },
        );
        let held = decide(&fallback, "l", &json!({}), None, &facts, 0, 0);
        assert_eq!(
            held.next,
            Next::Hold {
                until: 99,
                reason: "quiet".into()
            }
        );
        assert!(held.effects.is_empty());
    }
}
