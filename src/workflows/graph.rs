//! The workflow graph: nodes and edges in React Flow's JSON shape, so the builder saves what it
//! draws and the engine runs what was saved. This module is the contract between the two; it
//! parses and describes a graph and decides nothing about running it.
//!
//! A node is `{"id", "type", "position": {"x", "y"}, "data": {...}}` where `type` picks the step
//! and `data` holds its settings. An edge is `{"id", "source", "target", "sourceHandle"}`;
//! `sourceHandle` names the branch it leaves by (see [`Step::outputs`]), and may be omitted for
//! a step with a single output. Fields React Flow adds for itself (`width`, `selected`,
//! `measured`, ...) are accepted and dropped.

use crate::domain::{Channel, Stage};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `format` marker of an exported workflow file.
pub const FORMAT: &str = "omnireach.workflow";
/// The newest graph format this server reads and writes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Graph {
    #[serde(default = "format_marker")]
    pub format: String,
    #[serde(default = "format_version")]
    pub version: u32,
    #[serde(default)]
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub edges: Vec<Edge>,
    #[serde(default)]
    pub settings: WorkflowSettings,
}

fn format_marker() -> String {
    FORMAT.to_string()
}
fn format_version() -> u32 {
    FORMAT_VERSION
}

impl Default for Graph {
    fn default() -> Self {
        Self {
            format: format_marker(),
            version: FORMAT_VERSION,
            nodes: Vec::new(),
            edges: Vec::new(),
            settings: WorkflowSettings::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    #[serde(default)]
    pub position: Position,
    #[serde(flatten)]
    pub step: Step,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Position {
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    pub id: String,
    pub source: String,
    pub target: String,
    /// The branch the edge leaves by; `None` means the step's only output.
    #[serde(
        rename = "sourceHandle",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub source_handle: Option<String>,
}

/// Per-workflow settings, versioned with the graph.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkflowSettings {
    #[serde(default)]
    pub exit_on: ExitRules,
}

/// When a lead's run stops early. Each rule can be switched off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExitRules {
    /// The lead replied on any channel (auto-replies and out-of-office do not count).
    pub reply: bool,
    /// The lead unsubscribed, sent STOP, or was suppressed.
    pub unsubscribe: bool,
    pub meeting_booked: bool,
    /// The lead's stage changed by anything other than this workflow.
    pub stage_change: bool,
}

impl Default for ExitRules {
    fn default() -> Self {
        Self {
            reply: true,
            unsubscribe: true,
            meeting_booked: true,
            stage_change: false,
        }
    }
}

/// What a node does, with its settings: `"type"` names the variant, `"data"` holds the fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "snake_case")]
pub enum Step {
    Trigger(Trigger),
    AiGenerate(AiGenerate),
    Send(Send),
    Wait(Wait),
    WaitForEvent(WaitForEvent),
    Decision(Decision),
    AbSplit(AbSplit),
    ChannelFallback(ChannelFallback),
    Webhook(WebhookCall),
    HandOff(HandOff),
    UpdateLead(UpdateLead),
    End(End),
}

/// How leads enter the workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    pub kind: TriggerKind,
    /// For `segment`: the saved lead filter (the leads list's query parameters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerKind {
    Manual,
    Csv,
    Segment,
    InboundMessage,
    Webhook,
}

/// An AI agent writes a message draft; a later send step can use it (`source: previous_draft`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AiGenerate {
    #[serde(default)]
    pub agent_id: Option<String>,
    #[serde(default)]
    pub instructions: String,
    /// The channel the draft is written for (length and tone follow it).
    #[serde(default = "default_channel")]
    pub channel: Channel,
}

fn default_channel() -> Channel {
    Channel::Email
}

/// Where a send step's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageSource {
    /// `subject` / `body` written in the node (with `{{first_name}}`-style variables).
    Text,
    /// A message template (`template_id`); for WhatsApp, an approved WhatsApp template.
    Template,
    /// The draft of the nearest AI generate step before this one.
    PreviousDraft,
}

/// The message a send or channel-fallback step sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageSpec {
    pub source: MessageSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_id: Option<String>,
    /// Values for a WhatsApp template's variables, by variable name or position.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variables: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Send {
    /// email, sms, whatsapp or linkedin (LinkedIn makes a task for a human).
    pub channel: Channel,
    #[serde(flatten)]
    pub message: MessageSpec,
    /// For LinkedIn: connect, message or view_profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linkedin_action: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Wait {
    /// A fixed time, e.g. 2 days = 172800 seconds.
    Duration { seconds: i64 },
    /// Until the next opening of the sending window in the lead's timezone.
    SendingWindow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadEvent {
    Reply,
    Open,
    Click,
    MeetingBooked,
}

/// Waits until one of `events` happens (branch `event`) or `timeout_seconds` pass (`timeout`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaitForEvent {
    pub events: Vec<LeadEvent>,
    pub timeout_seconds: i64,
}

/// A condition in JSONLogic (<https://jsonlogic.com>) over the run's facts, e.g.
/// `{"==": [{"var": "lead.stage"}, "replied"]}`; branch `yes` when true, else `no`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub condition: serde_json::Value,
}

/// Deterministic per lead: the same lead always takes the same variant of a version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AbSplit {
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// The branch name, e.g. "A"; edges leave by it.
    pub key: String,
    pub weight: u32,
}

/// Tries `channels` in order and sends on the first one consent and configuration allow
/// (branch `sent`); `none` when no channel can be used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelFallback {
    pub channels: Vec<Channel>,
    #[serde(flatten)]
    pub message: MessageSpec,
}

/// Calls one of the workspace's outbound webhook endpoints (SSRF-guarded, retried); branch
/// `failed` after the last retry fails.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookCall {
    pub endpoint_id: String,
    /// A JSON body template; `{{lead.email}}`-style variables are filled in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandOff {
    pub to: HandOffTarget,
    /// For `ai`: the agent that takes the conversation (else the workspace default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    /// For `human`: the user the conversation is assigned to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandOffTarget {
    Ai,
    Human,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateLead {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add_tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove_tags: Vec<String>,
    /// Custom fields to set.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct End {
    /// `goal` counts the run as converted in the stats; `end` just stops.
    #[serde(default = "default_outcome")]
    pub outcome: EndOutcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndOutcome {
    Goal,
    End,
}

fn default_outcome() -> EndOutcome {
    EndOutcome::End
}

/// The single output of most steps.
pub const OUT: &str = "out";

impl Step {
    /// The step's type name, as in the JSON.
    pub fn type_name(&self) -> &'static str {
        match self {
            Step::Trigger(_) => "trigger",
            Step::AiGenerate(_) => "ai_generate",
            Step::Send(_) => "send",
            Step::Wait(_) => "wait",
            Step::WaitForEvent(_) => "wait_for_event",
            Step::Decision(_) => "decision",
            Step::AbSplit(_) => "ab_split",
            Step::ChannelFallback(_) => "channel_fallback",
            Step::Webhook(_) => "webhook",
            Step::HandOff(_) => "hand_off",
            Step::UpdateLead(_) => "update_lead",
            Step::End(_) => "end",
        }
    }

    /// The branches a step can leave by (its source handles). `end` has none.
    pub fn outputs(&self) -> Vec<String> {
        let named = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
        match self {
            Step::End(_) => Vec::new(),
            Step::WaitForEvent(_) => named(&["event", "timeout"]),
            Step::Decision(_) => named(&["yes", "no"]),
            Step::AbSplit(split) => split.variants.iter().map(|v| v.key.clone()).collect(),
            Step::ChannelFallback(_) => named(&["sent", "none"]),
            Step::Webhook(_) => named(&[OUT, "failed"]),
            _ => named(&[OUT]),
        }
    }

    /// Whether the step makes time pass (a cycle needs one of these to be allowed).
    pub fn waits(&self) -> bool {
        matches!(self, Step::Wait(_) | Step::WaitForEvent(_))
    }
}

impl Edge {
    /// The branch this edge leaves by, with a missing handle meaning [`OUT`].
    pub fn branch(&self) -> &str {
        self.source_handle.as_deref().unwrap_or(OUT)
    }
}

impl Graph {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The node an edge leaving `node_id` by `branch` leads to.
    pub fn next(&self, node_id: &str, branch: &str) -> Option<&Node> {
        self.edges
            .iter()
            .find(|e| e.source == node_id && e.branch() == branch)
            .and_then(|e| self.node(&e.target))
    }

    /// The trigger node (a valid graph has exactly one).
    pub fn trigger(&self) -> Option<&Node> {
        self.nodes
            .iter()
            .find(|n| matches!(n.step, Step::Trigger(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_react_flow_json_and_drops_its_ui_fields() {
        let graph: Graph = serde_json::from_value(serde_json::json!({
            "nodes": [
                {"id": "t", "type": "trigger", "position": {"x": 0, "y": 0},
                 "data": {"kind": "manual"}, "selected": true, "measured": {"width": 200}},
                {"id": "w", "type": "wait_for_event", "position": {"x": 0, "y": 120},
                 "data": {"events": ["reply", "meeting_booked"], "timeout_seconds": 172800}},
                {"id": "s", "type": "send", "position": {"x": 0, "y": 240},
                 "data": {"channel": "sms", "source": "text", "body": "Hi {{first_name}}"}},
                {"id": "e", "type": "end", "position": {"x": 0, "y": 360}, "data": {}}
            ],
            "edges": [
                {"id": "1", "source": "t", "target": "w"},
                {"id": "2", "source": "w", "target": "s", "sourceHandle": "timeout"},
                {"id": "3", "source": "s", "target": "e", "sourceHandle": null}
            ]
        }))
        .unwrap();
        assert_eq!(graph.format, FORMAT);
        assert_eq!(graph.version, FORMAT_VERSION);
        assert!(graph.settings.exit_on.reply && !graph.settings.exit_on.stage_change);
        assert_eq!(graph.next("t", OUT).unwrap().id, "w");
        assert_eq!(graph.next("w", "timeout").unwrap().id, "s");
        assert!(graph.next("w", "event").is_none());
        assert_eq!(graph.next("s", OUT).unwrap().id, "e");
        let Step::Send(send) = &graph.node("s").unwrap().step else {
            panic!("not a send step")
        };
        assert_eq!(send.message.body.as_deref(), Some("Hi {{first_name}}"));
        assert_eq!(
            graph.node("e").unwrap().step.outputs(),
            Vec::<String>::new()
        );

        let again: Graph = serde_json::from_str(&serde_json::to_string(&graph).unwrap()).unwrap();
        assert_eq!(again, graph);
    }

    #[test]
    fn an_unknown_step_type_is_refused_by_name() {
        let error = serde_json::from_value::<Graph>(serde_json::json!({
            "nodes": [{"id": "x", "type": "launch_rockets", "position": {"x": 0, "y": 0}, "data": {}}]
        }))
        .unwrap_err()
        .to_string();
        assert!(error.contains("launch_rockets"), "{error}");
    }

    #[test]
    fn branches_follow_the_step() {
        let split = Step::AbSplit(AbSplit {
            variants: vec![
                Variant {
                    key: "A".into(),
                    weight: 70,
                },
                Variant {
                    key: "B".into(),
                    weight: 30,
                },
            ],
        });
        assert_eq!(split.outputs(), ["A", "B"]);
        let decision = Step::Decision(Decision {
            condition: serde_json::json!(true),
        });
        assert_eq!(decision.outputs(), ["yes", "no"]);
        assert!(Step::Wait(Wait::SendingWindow).waits());
    }
}
