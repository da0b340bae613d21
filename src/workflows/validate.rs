//! Validation of a workflow graph before it is published or launched: structure (one trigger,
//! edges that connect real nodes by real branches, no cycle that never waits, nothing
//! unreachable), each step's settings against what the workspace has (agents, templates,
//! webhook endpoints, providers), and, for a campaign, the audience's consent. Every finding
//! names the node or edge and says how to fix it.
//!
//! Errors block publishing and launching; warnings are shown and allowed. [`validate`] is pure:
//! what it needs from the workspace comes in [`Facts`] ([`load_facts`] reads them).

mod condition;

use super::graph::{
    AbSplit, Graph, HandOff, HandOffTarget, MessageSource, MessageSpec, Node, Step, TriggerKind,
    Wait,
};
use crate::domain::Channel;
use crate::store::Store;
use condition::ConditionProblem;
use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;
use std::collections::{HashMap, HashSet, VecDeque};

/// Longest wait a step may have: a year.
pub const MAX_WAIT_SECONDS: i64 = 365 * 86_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks publishing and launching.
    Error,
    /// Shown, allowed.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Finding {
    pub severity: Severity,
    /// Stable code (docs/workflows.md lists them).
    #[schema(value_type = String)]
    pub code: &'static str,
    pub node_id: Option<String>,
    pub edge_id: Option<String>,
    /// What is wrong, naming the step.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

impl Finding {
    fn error(code: &'static str, message: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            node_id: None,
            edge_id: None,
            message: message.into(),
            fix: fix.into(),
        }
    }

    fn warning(code: &'static str, message: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message, fix)
        }
    }

    fn at_node(mut self, node_id: &str) -> Self {
        self.node_id = Some(node_id.to_string());
        self
    }

    fn at_edge(mut self, edge_id: &str) -> Self {
        self.edge_id = Some(edge_id.to_string());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether any finding blocks publishing.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(Finding::is_error)
}

/// What the workspace has, for the checks that look beyond the graph.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Agent ids.
    pub agents: HashSet<String>,
    /// The library's message templates: id → body.
    pub templates: HashMap<String, String>,
    /// WhatsApp template id → approval state (draft, submitted, approved, rejected).
    pub whatsapp_templates: HashMap<String, String>,
    /// Outbound webhook endpoint ids.
    pub webhook_endpoints: HashSet<String>,
    /// Channels with a real provider. A channel missing here still works: the sandbox records
    /// its messages (the embedded default), which is right for a demo and wrong for real leads.
    pub configured_channels: HashSet<Channel>,
    /// Only when validating a campaign.
    pub audience: Option<AudienceFacts>,
}

/// The campaign audience, counted.
#[derive(Debug, Clone, Default)]
pub struct AudienceFacts {
    pub total: u64,
    /// Leads without granted consent, per channel.
    pub without_consent: HashMap<Channel, u64>,
}

/// Reads the workspace's agents, templates, webhook endpoints and the providers stored for it
/// (mailboxes, a Twilio account; LinkedIn is always the task channel). Providers configured
/// only in the server's environment are not in the store: the HTTP layer adds them.
/// `audience` is left `None`.
pub async fn load_facts(store: &Store, workspace_id: &str) -> anyhow::Result<Facts> {
    use anyhow::Context;
    let agents = store.agents().list(workspace_id).await;
    let templates = store.library().templates(workspace_id, None).await;
    let whatsapp = store.messaging().templates(workspace_id).await;
    let endpoints = store.integrations().endpoints(workspace_id).await;
    let mailboxes = store.email().mailboxes(workspace_id).await;
    let twilio = store.messaging().twilio_account(workspace_id).await;
    let mut configured_channels = HashSet::from([Channel::Linkedin]);
    if !mailboxes.context("reading mailboxes")?.is_empty() {
        configured_channels.insert(Channel::Email);
    }
    if twilio.context("reading the Twilio account")?.is_some() {
        configured_channels.extend([Channel::Sms, Channel::Whatsapp]);
    }
    Ok(Facts {
        agents: ids(agents.context("reading agents")?, |a| a.id),
        templates: templates
            .context("reading templates")?
            .into_iter()
            .map(|t| (t.id, t.body))
            .collect(),
        whatsapp_templates: whatsapp
            .context("reading WhatsApp templates")?
            .into_iter()
            .map(|t| (t.id, t.status))
            .collect(),
        webhook_endpoints: ids(endpoints.context("reading webhook endpoints")?, |e| e.id),
        configured_channels,
        audience: None,
    })
}

fn ids<T>(records: Vec<T>, id: impl Fn(T) -> String) -> HashSet<String> {
    records.into_iter().map(id).collect()
}

/// Every problem of `graph`, errors and warnings, in a stable order (structure first, then
/// steps in the order they are drawn).
pub fn validate(graph: &Graph, facts: &Facts) -> Vec<Finding> {
    let mut findings = Vec::new();
    let shape = Shape::new(graph, &mut findings);
    check_trigger(graph, &mut findings);
    let trigger_kind = graph.trigger().and_then(|node| match &node.step {
        Step::Trigger(trigger) => Some(trigger.kind),
        _ => None,
    });
    for node in &graph.nodes {
        StepCheck {
            node,
            facts,
            trigger_kind,
            findings: &mut findings,
        }
        .run();
    }
    check_open_branches(graph, &shape, &mut findings);
    check_reachability(graph, &shape, &mut findings);
    check_cycles(graph, &shape, &mut findings);
    check_previous_drafts(graph, &shape, &mut findings);
    if let Some(audience) = &facts.audience {
        check_audience(graph, audience, &mut findings);
    }
    findings
}

/// The graph's valid edges as a petgraph graph (node weights are indexes into `graph.nodes`).
struct Shape {
    flow: DiGraph<usize, ()>,
    /// Node id → index in `flow` (the first node with that id).
    by_id: HashMap<String, NodeIndex>,
    /// (source id, branch) pairs that have an edge.
    connected: HashSet<(String, String)>,
}

impl Shape {
    /// Indexes the nodes and keeps the edges that connect two known nodes by a branch the
    /// source has, reporting the others.
    fn new(graph: &Graph, findings: &mut Vec<Finding>) -> Self {
        let mut flow = DiGraph::new();
        let mut by_id = HashMap::new();
        for (position, node) in graph.nodes.iter().enumerate() {
            if node.id.trim().is_empty() {
                findings.push(Finding::error(
                    "missing_node_id",
                    format!(
                        "Step {} ({}) has no id.",
                        position + 1,
                        node.step.type_name()
                    ),
                    "Give every step a unique id.",
                ));
            } else if by_id.contains_key(&node.id) {
                findings.push(
                    Finding::error(
                        "duplicate_node_id",
                        format!("Two steps have the id '{}'.", node.id),
                        "Give every step a unique id.",
                    )
                    .at_node(&node.id),
                );
                continue;
            }
            by_id.insert(node.id.clone(), flow.add_node(position));
        }
        let mut connected = HashSet::new();
        for edge in &graph.edges {
            let (Some(&source), Some(&target)) = (by_id.get(&edge.source), by_id.get(&edge.target))
            else {
                let missing = if by_id.contains_key(&edge.source) {
                    &edge.target
                } else {
                    &edge.source
                };
                findings.push(
                    Finding::error(
                        "dangling_edge",
                        format!(
                            "The connection from '{}' to '{}' points to a step '{missing}' that does not exist.",
                            edge.source, edge.target
                        ),
                        "Delete the connection or draw it again between existing steps.",
                    )
                    .at_edge(&edge.id),
                );
                continue;
            };
            let source_step = &graph.nodes[flow[source]].step;
            let branch = edge.branch();
            let outputs = source_step.outputs();
            if !outputs.iter().any(|output| output == branch) {
                let fix = if outputs.is_empty() {
                    format!(
                        "A {} step ends the run: delete this connection.",
                        source_step.type_name()
                    )
                } else {
                    format!("Connect from one of its branches: {}.", outputs.join(", "))
                };
                findings.push(
                    Finding::error(
                        "unknown_branch",
                        format!(
                            "Step '{}' ({}) has no branch '{branch}'.",
                            edge.source,
                            source_step.type_name()
                        ),
                        fix,
                    )
                    .at_node(&edge.source)
                    .at_edge(&edge.id),
                );
                continue;
            }
            if matches!(graph.nodes[flow[target]].step, Step::Trigger(_)) {
                findings.push(
                    Finding::error(
                        "edge_into_trigger",
                        format!("A connection leads back into the trigger '{}'.", edge.target),
                        "Leads enter only through the trigger: connect to the first step after it instead.",
                    )
                    .at_node(&edge.target)
                    .at_edge(&edge.id),
                );
                continue;
            }
            if !connected.insert((edge.source.clone(), branch.to_string())) {
                findings.push(
                    Finding::error(
                        "duplicate_branch",
                        format!(
                            "Branch '{branch}' of step '{}' has more than one connection.",
                            edge.source
                        ),
                        "A branch leads to one step: delete the extra connection.",
                    )
                    .at_node(&edge.source)
                    .at_edge(&edge.id),
                );
                continue;
            }
            flow.add_edge(source, target, ());
        }
        Self {
            flow,
            by_id,
            connected,
        }
    }

    fn node<'g>(&self, graph: &'g Graph, index: NodeIndex) -> &'g Node {
        &graph.nodes[self.flow[index]]
    }
}

fn check_trigger(graph: &Graph, findings: &mut Vec<Finding>) {
    let mut triggers = graph
        .nodes
        .iter()
        .filter(|node| matches!(node.step, Step::Trigger(_)));
    if triggers.next().is_none() {
        findings.push(Finding::error(
            "missing_trigger",
            "The workflow has no trigger, so no lead can enter it.",
            "Add a trigger step (how leads are enrolled) and connect it to the first step.",
        ));
    }
    for extra in triggers {
        findings.push(
            Finding::error(
                "multiple_triggers",
                format!(
                    "Step '{}' is a second trigger; a workflow has exactly one.",
                    extra.id
                ),
                "Delete the extra trigger; one trigger can enrol leads from any source.",
            )
            .at_node(&extra.id),
        );
    }
}

/// The checks of one step's own settings.
struct StepCheck<'a> {
    node: &'a Node,
    facts: &'a Facts,
    trigger_kind: Option<TriggerKind>,
    findings: &'a mut Vec<Finding>,
}

impl StepCheck<'_> {
    fn run(mut self) {
        match &self.node.step {
            Step::Trigger(_) | Step::End(_) => {}
            Step::AiGenerate(generate) => match &generate.agent_id {
                None => self.error(
                    "missing_agent",
                    "has no AI agent to write the draft",
                    "Pick an agent in the step's settings.",
                ),
                Some(agent_id) => self.known_agent(agent_id),
            },
            Step::Send(send) => {
                self.channel(send.channel);
                if send.channel == Channel::Linkedin {
                    self.linkedin_action(send.linkedin_action.as_deref());
                }
                let needs_text = send.channel != Channel::Linkedin
                    || send.linkedin_action.as_deref().unwrap_or("message") == "message";
                self.message(&[send.channel], &send.message, needs_text);
            }
            Step::Wait(Wait::Duration { seconds }) => self.duration("wait", *seconds),
            Step::Wait(Wait::SendingWindow) => {}
            Step::WaitForEvent(wait) => {
                if wait.events.is_empty() {
                    self.error(
                        "no_events",
                        "waits for no event",
                        "Pick at least one event to wait for (reply, open, click, meeting booked).",
                    );
                }
                self.duration("timeout", wait.timeout_seconds);
            }
            Step::Decision(decision) => self.condition(&decision.condition),
            Step::AbSplit(split) => self.ab_split(split),
            Step::ChannelFallback(fallback) => {
                if fallback.channels.is_empty() {
                    self.error(
                        "no_channels",
                        "has no channel to try",
                        "List the channels to try, in order (e.g. SMS, then LinkedIn).",
                    );
                }
                for channel in &fallback.channels {
                    self.channel(*channel);
                }
                let needs_text = fallback.channels.iter().any(|c| *c != Channel::Linkedin);
                self.message(&fallback.channels, &fallback.message, needs_text);
            }
            Step::Webhook(call) => {
                if call.endpoint_id.trim().is_empty() {
                    self.error(
                        "missing_webhook_endpoint",
                        "calls no webhook endpoint",
                        "Pick an outbound webhook endpoint (Settings → Webhooks).",
                    );
                } else if !self.facts.webhook_endpoints.contains(&call.endpoint_id) {
                    self.error(
                        "unknown_webhook_endpoint",
                        format!(
                            "calls webhook endpoint '{}', which does not exist in this workspace",
                            call.endpoint_id
                        ),
                        "Pick an existing endpoint, or create it under Settings → Webhooks.",
                    );
                }
            }
            Step::HandOff(hand_off) => self.hand_off(hand_off),
            Step::UpdateLead(update) => {
                if update.stage.is_none()
                    && update.add_tags.is_empty()
                    && update.remove_tags.is_empty()
                    && update.fields.is_empty()
                {
                    self.warning(
                        "empty_update",
                        "changes nothing on the lead",
                        "Set a stage, tags or fields to change, or delete the step.",
                    );
                }
            }
        }
    }

    fn push(&mut self, finding: Finding) {
        self.findings.push(finding.at_node(&self.node.id));
    }

    /// "Step 'x' (send) {problem}."
    fn describe(&self, problem: &str) -> String {
        format!(
            "Step '{}' ({}) {problem}.",
            self.node.id,
            self.node.step.type_name()
        )
    }

    fn error(&mut self, code: &'static str, problem: impl AsRef<str>, fix: impl Into<String>) {
        let message = self.describe(problem.as_ref());
        self.push(Finding::error(code, message, fix));
    }

    fn warning(&mut self, code: &'static str, problem: impl AsRef<str>, fix: impl Into<String>) {
        let message = self.describe(problem.as_ref());
        self.push(Finding::warning(code, message, fix));
    }

    fn known_agent(&mut self, agent_id: &str) {
        if !self.facts.agents.contains(agent_id) {
            self.error(
                "unknown_agent",
                format!("uses agent '{agent_id}', which does not exist in this workspace"),
                "Pick an existing agent, or create one under Agents.",
            );
        }
    }

    fn hand_off(&mut self, hand_off: &HandOff) {
        if hand_off.to != HandOffTarget::Ai {
            return;
        }
        match &hand_off.agent_id {
            Some(agent_id) => self.known_agent(agent_id),
            None if self.facts.agents.is_empty() => self.warning(
                "no_agent",
                "hands the lead to the AI, but the workspace has no agent",
                "Create an agent under Agents, or hand off to a human.",
            ),
            None => {}
        }
    }

    fn channel(&mut self, channel: Channel) {
        if channel == Channel::Voice {
            self.error(
                "unsupported_channel",
                "sends on voice, which a workflow step cannot do",
                "Use email, SMS, WhatsApp or LinkedIn; hand off to a human for a call.",
            );
        } else if !self.facts.configured_channels.contains(&channel) {
            self.warning(
                "sandbox_channel",
                format!(
                    "sends {} through the sandbox: no real provider is configured, so nothing reaches the lead",
                    channel_label(channel)
                ),
                format!(
                    "Fine for a demo. For real leads, configure {} under Settings.",
                    provider_hint(channel)
                ),
            );
        }
    }

    fn linkedin_action(&mut self, action: Option<&str>) {
        if let Some(action) = action
            && !["connect", "message", "view_profile"].contains(&action)
        {
            self.error(
                "unknown_linkedin_action",
                format!("has the LinkedIn action '{action}'"),
                "Use connect, message or view_profile.",
            );
        }
    }

    /// The message of a step that sends on one of `channels`. `needs_text`: a text source
    /// must have a body (a LinkedIn connect or profile visit has none).
    fn message(&mut self, channels: &[Channel], spec: &MessageSpec, needs_text: bool) {
        let whatsapp = channels.contains(&Channel::Whatsapp);
        if whatsapp && spec.source != MessageSource::Template {
            self.whatsapp_session_message();
        }
        match spec.source {
            MessageSource::Text => {
                if needs_text && is_blank(&spec.body) {
                    self.error(
                        "empty_message",
                        "has no message text",
                        "Write the message body, or pick a template or the previous AI draft.",
                    );
                }
                if channels.contains(&Channel::Email) && is_blank(&spec.subject) {
                    self.error(
                        "missing_subject",
                        "sends an email without a subject",
                        "Write a subject line.",
                    );
                }
                let texts = [spec.subject.as_deref(), spec.body.as_deref()];
                self.variables(&texts.into_iter().flatten().collect::<Vec<_>>(), "its text");
            }
            MessageSource::Template => self.template(whatsapp, spec.template_id.as_deref()),
            // Checked over the paths that lead here (check_previous_drafts).
            MessageSource::PreviousDraft => {}
        }
    }

    /// `{{placeholders}}` a workflow cannot fill would go out as written.
    fn variables(&mut self, texts: &[&str], whose: &str) {
        let mut unknown: Vec<String> = Vec::new();
        for text in texts {
            for name in crate::workflows::engine::step::unknown_variables(text) {
                if !unknown.contains(&name) {
                    unknown.push(name);
                }
            }
        }
        if unknown.is_empty() {
            return;
        }
        let listed = unknown
            .iter()
            .map(|n| format!("{{{{{n}}}}}"))
            .collect::<Vec<_>>()
            .join(", ");
        let known = crate::workflows::engine::step::VARIABLES
            .iter()
            .map(|n| format!("{{{{{n}}}}}"))
            .collect::<Vec<_>>()
            .join(", ");
        self.error(
            "unknown_variable",
            format!(
                "{whose} uses {listed}, which a workflow cannot fill: it would go out as written"
            ),
            format!("Write the value in, or use one of {known}."),
        );
    }

    /// A business-initiated WhatsApp message must be an approved template; free text only
    /// goes out within 24 hours of the lead's last message.
    fn whatsapp_session_message(&mut self) {
        if self.trigger_kind == Some(TriggerKind::InboundMessage) {
            self.warning(
                "whatsapp_session_only",
                "sends WhatsApp free text, which only goes out within 24 hours of the lead's last message",
                "Use an approved WhatsApp template if the step can run later than that.",
            );
        } else {
            self.error(
                "whatsapp_template_required",
                "starts a WhatsApp conversation with free text; WhatsApp allows only approved templates for that",
                "Set the message source to template and pick an approved WhatsApp template.",
            );
        }
    }

    /// `whatsapp`: the step may send on WhatsApp, which needs an approved WhatsApp template.
    fn template(&mut self, whatsapp: bool, template_id: Option<&str>) {
        let Some(template_id) = template_id.filter(|id| !id.trim().is_empty()) else {
            self.error(
                "missing_template",
                "uses a template but none is picked",
                "Pick a template in the step's settings.",
            );
            return;
        };
        if !whatsapp {
            if let Some(body) = self.facts.templates.get(template_id) {
                let body = body.clone();
                self.variables(&[body.as_str()], "its template");
            } else {
                self.error(
                    "unknown_template",
                    format!(
                        "uses template '{template_id}', which does not exist in this workspace"
                    ),
                    "Pick an existing template from the library.",
                );
            }
            return;
        }
        match self.facts.whatsapp_templates.get(template_id) {
            None => self.error(
                "unknown_template",
                format!(
                    "uses WhatsApp template '{template_id}', which does not exist in this workspace"
                ),
                "Pick an approved WhatsApp template (Settings → WhatsApp templates).",
            ),
            Some(state) if state != "approved" => self.error(
                "whatsapp_template_not_approved",
                format!("uses WhatsApp template '{template_id}', which is {state}, not approved"),
                "Submit the template and wait for WhatsApp's approval, or pick an approved one.",
            ),
            Some(_) => {}
        }
    }

    fn duration(&mut self, what: &str, seconds: i64) {
        if seconds <= 0 {
            self.error(
                "invalid_duration",
                format!("has a {what} of {seconds} seconds"),
                "Set a duration longer than zero, e.g. 2 days.",
            );
        } else if seconds > MAX_WAIT_SECONDS {
            self.error(
                "duration_too_long",
                format!("has a {what} of {} days", seconds / 86_400),
                "Set a duration of at most 365 days.",
            );
        }
    }

    fn condition(&mut self, condition: &serde_json::Value) {
        for problem in condition::check(condition) {
            match problem {
                ConditionProblem::Invalid(reason) => self.error(
                    "invalid_condition",
                    format!("has a condition that is not valid JSONLogic: {reason}"),
                    "Rebuild the condition in the condition builder.",
                ),
                ConditionProblem::UnknownFact(path) => self.error(
                    "unknown_fact",
                    format!("reads '{path}', which a lead's run does not have, so its branches are decided on nothing"),
                    "Use one of the documented facts: lead.stage, lead.tags, lead.fields.<name>, lead.timezone, lead.consent.<channel>, events.*, reply.intent, reply.sentiment, run.variant.<step>.",
                ),
                ConditionProblem::Constant => self.error(
                    "constant_condition",
                    "has a condition that reads nothing about the lead, so it always gives the same answer and one branch can never be taken",
                    "Compare a fact about the lead, e.g. {\"var\": \"events.replied\"}.",
                ),
                ConditionProblem::ImpossibleValue { fact, value } => self.error(
                    "branch_never_taken",
                    format!("compares '{fact}' with {value}, a value it never has, so one branch can never be taken"),
                    format!("Compare '{fact}' with one of its documented values."),
                ),
            }
        }
    }

    fn ab_split(&mut self, split: &AbSplit) {
        let mut keys = HashSet::new();
        for variant in &split.variants {
            if variant.key.trim().is_empty() {
                self.error(
                    "empty_variant_key",
                    "has a variant without a name",
                    "Name every variant (A, B, ...).",
                );
            } else if !keys.insert(variant.key.as_str()) {
                self.error(
                    "duplicate_variant",
                    format!("has two variants named '{}'", variant.key),
                    "Give each variant its own name.",
                );
            }
        }
        if split
            .variants
            .iter()
            .map(|v| u64::from(v.weight))
            .sum::<u64>()
            == 0
        {
            self.error(
                "ab_weights_zero",
                "has variant weights that add up to 0, so no lead can be placed",
                "Give at least one variant a weight above 0 (e.g. 50 / 50).",
            );
        } else if split.variants.len() == 1 {
            self.warning(
                "single_variant",
                "has only one variant, so it splits nothing",
                "Add a second variant or replace the split with a plain connection.",
            );
        }
        for variant in split.variants.iter().filter(|v| v.weight == 0) {
            if split.variants.iter().any(|v| v.weight > 0) {
                self.warning(
                    "branch_never_taken",
                    format!(
                        "gives variant '{}' a weight of 0, so it is never taken",
                        variant.key
                    ),
                    "Give the variant a weight above 0 or delete it.",
                );
            }
        }
    }
}

fn is_blank(text: &Option<String>) -> bool {
    text.as_deref().is_none_or(|t| t.trim().is_empty())
}

fn channel_label(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "email",
        Channel::Sms => "SMS",
        Channel::Whatsapp => "WhatsApp",
        Channel::Voice => "voice",
        Channel::Linkedin => "LinkedIn",
    }
}

fn provider_hint(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "a mailbox (SMTP or SendGrid)",
        _ => "a Twilio account",
    }
}

/// Branches left unconnected where a user would expect a next step: the run ends there.
fn check_open_branches(graph: &Graph, shape: &Shape, findings: &mut Vec<Finding>) {
    for node in &graph.nodes {
        let branches: Vec<String> = match &node.step {
            Step::Trigger(_) => vec![super::graph::OUT.to_string()],
            Step::WaitForEvent(_) => vec!["timeout".to_string()],
            Step::Decision(_) | Step::AbSplit(_) => node.step.outputs(),
            Step::ChannelFallback(_) => vec!["none".to_string()],
            Step::Webhook(_) => vec!["failed".to_string()],
            _ => continue,
        };
        for branch in branches {
            if shape.connected.contains(&(node.id.clone(), branch.clone())) {
                continue;
            }
            let finding = if matches!(node.step, Step::Trigger(_)) {
                Finding::error(
                    "trigger_not_connected",
                    format!("The trigger '{}' leads nowhere.", node.id),
                    "Connect the trigger to the first step.",
                )
            } else {
                Finding::warning(
                    "open_branch",
                    format!(
                        "Branch '{branch}' of step '{}' ({}) is not connected: leads who take it end there.",
                        node.id,
                        node.step.type_name()
                    ),
                    format!(
                        "Connect '{branch}' to the next step, or to an end step to make it explicit."
                    ),
                )
            };
            findings.push(finding.at_node(&node.id));
        }
    }
}

/// Nodes that no path from the trigger reaches.
fn check_reachability(graph: &Graph, shape: &Shape, findings: &mut Vec<Finding>) {
    let Some(start) = graph.trigger().and_then(|t| shape.by_id.get(&t.id)) else {
        return; // reported as missing_trigger
    };
    let mut reached = HashSet::new();
    let mut dfs = petgraph::visit::Dfs::new(&shape.flow, *start);
    while let Some(index) = dfs.next(&shape.flow) {
        reached.insert(index);
    }
    for index in shape.flow.node_indices() {
        let node = shape.node(graph, index);
        if !reached.contains(&index) && !matches!(node.step, Step::Trigger(_)) {
            findings.push(
                Finding::warning(
                    "unreachable_node",
                    format!(
                        "Step '{}' ({}) cannot be reached from the trigger, so it never runs.",
                        node.id,
                        node.step.type_name()
                    ),
                    "Connect a step to it, or delete it.",
                )
                .at_node(&node.id),
            );
        }
    }
}

/// A loop through steps that never wait would run a lead around it forever, at once.
fn check_cycles(graph: &Graph, shape: &Shape, findings: &mut Vec<Finding>) {
    let without_waits = shape.flow.filter_map(
        |_, &position| (!graph.nodes[position].step.waits()).then_some(position),
        |_, _| Some(()),
    );
    for component in petgraph::algo::tarjan_scc(&without_waits) {
        let looping =
            component.len() > 1 || without_waits.contains_edge(component[0], component[0]);
        if !looping {
            continue;
        }
        let mut members: Vec<&str> = component
            .iter()
            .map(|&index| graph.nodes[without_waits[index]].id.as_str())
            .collect();
        members.sort_unstable();
        findings.push(
            Finding::error(
                "cycle_without_wait",
                format!(
                    "Steps {} form a loop with no wait on it, so a lead would go round it without pause.",
                    members.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(", ")
                ),
                "Put a wait or a wait-for-event step on the loop, or break it.",
            )
            .at_node(members[0]),
        );
    }
}

/// A send that uses the previous AI draft needs an AI generate step on every path to it.
fn check_previous_drafts(graph: &Graph, shape: &Shape, findings: &mut Vec<Finding>) {
    let uses_draft = |step: &Step| match step {
        Step::Send(send) => send.message.source == MessageSource::PreviousDraft,
        Step::ChannelFallback(fallback) => fallback.message.source == MessageSource::PreviousDraft,
        _ => false,
    };
    if !graph.nodes.iter().any(|node| uses_draft(&node.step)) {
        return;
    }
    let Some(&start) = graph.trigger().and_then(|t| shape.by_id.get(&t.id)) else {
        return;
    };
    // Must-analysis: a node has a draft when every step into it is an AI generate step or has
    // one itself. Start optimistic and remove until nothing changes.
    let flow = &shape.flow;
    let mut has_draft: HashMap<NodeIndex, bool> = flow
        .node_indices()
        .map(|index| (index, index != start))
        .collect();
    let mut queue: VecDeque<NodeIndex> = flow.node_indices().collect();
    while let Some(index) = queue.pop_front() {
        if index == start || !has_draft[&index] {
            continue;
        }
        let provided = flow
            .neighbors_directed(index, petgraph::Direction::Incoming)
            .all(|before| {
                matches!(shape.node(graph, before).step, Step::AiGenerate(_)) || has_draft[&before]
            });
        let entered = flow
            .neighbors_directed(index, petgraph::Direction::Incoming)
            .next()
            .is_some();
        if !provided || !entered {
            has_draft.insert(index, false);
            queue.extend(flow.neighbors_directed(index, petgraph::Direction::Outgoing));
        }
    }
    for index in flow.node_indices() {
        let node = shape.node(graph, index);
        if uses_draft(&node.step) && !has_draft[&index] {
            findings.push(
                Finding::error(
                    "no_previous_draft",
                    format!(
                        "Step '{}' ({}) sends the previous AI draft, but some path to it has no AI generate step.",
                        node.id,
                        node.step.type_name()
                    ),
                    "Put an AI generate step before it on every path, or write the message in the step.",
                )
                .at_node(&node.id),
            );
        }
    }
}

/// Warns when most of the audience has no consent for a channel a send step uses. Channel
/// fallback steps are left out: they pick a consented channel per lead by design.
fn check_audience(graph: &Graph, audience: &AudienceFacts, findings: &mut Vec<Finding>) {
    if audience.total == 0 {
        findings.push(Finding::warning(
            "empty_audience",
            "The campaign's audience has no leads.",
            "Pick a segment, a CSV import or leads to enrol.",
        ));
        return;
    }
    let mut warned = HashSet::new();
    for node in &graph.nodes {
        let Step::Send(send) = &node.step else {
            continue;
        };
        if send.channel == Channel::Linkedin || !warned.insert(send.channel) {
            continue;
        }
        let missing = audience
            .without_consent
            .get(&send.channel)
            .copied()
            .unwrap_or(0);
        if missing * 2 > audience.total {
            findings.push(
                Finding::warning(
                    "audience_without_consent",
                    format!(
                        "{missing} of {} leads have no consent for {}; step '{}' will skip them.",
                        audience.total,
                        channel_label(send.channel),
                        node.id
                    ),
                    "Use a channel fallback step, or narrow the audience to leads who consented.",
                )
                .at_node(&node.id),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// trigger → email → wait for a reply (2 days) → event: end; timeout: opened? → yes: SMS →
    /// end; no: hand off to the AI.
    fn clean_graph() -> Value {
        json!({
            "nodes": [
                {"id": "trigger", "type": "trigger", "data": {"kind": "manual"}},
                {"id": "email", "type": "send", "data": {"channel": "email", "source": "text",
                    "subject": "Hello {{first_name}}", "body": "Quick question"}},
                {"id": "wait", "type": "wait_for_event",
                    "data": {"events": ["reply"], "timeout_seconds": 172800}},
                {"id": "replied", "type": "end", "data": {"outcome": "goal"}},
                {"id": "opened", "type": "decision",
                    "data": {"condition": {"var": "events.opened"}}},
                {"id": "sms", "type": "send", "data": {"channel": "sms", "source": "text", "body": "Hi"}},
                {"id": "done", "type": "end", "data": {}},
                {"id": "agent", "type": "hand_off", "data": {"to": "ai", "agent_id": "agent-1"}}
            ],
            "edges": [
                {"id": "e1", "source": "trigger", "target": "email"},
                {"id": "e2", "source": "email", "target": "wait"},
                {"id": "e3", "source": "wait", "sourceHandle": "event", "target": "replied"},
                {"id": "e4", "source": "wait", "sourceHandle": "timeout", "target": "opened"},
                {"id": "e5", "source": "opened", "sourceHandle": "yes", "target": "sms"},
                {"id": "e6", "source": "sms", "target": "done"},
                {"id": "e7", "source": "opened", "sourceHandle": "no", "target": "agent"}
            ]
        })
    }

    fn facts() -> Facts {
        Facts {
            agents: HashSet::from(["agent-1".to_string()]),
            templates: HashMap::from([
                ("tpl-1".to_string(), "Hi {{first_name}}".to_string()),
                (
                    "tpl-odd".to_string(),
                    "Subject: {{property}}\n\nHi {{name}}, {{day_1}}?".to_string(),
                ),
            ]),
            whatsapp_templates: HashMap::from([
                ("wa-ok".to_string(), "approved".to_string()),
                ("wa-draft".to_string(), "draft".to_string()),
            ]),
            webhook_endpoints: HashSet::from(["hook-1".to_string()]),
            configured_channels: HashSet::from([
                Channel::Email,
                Channel::Sms,
                Channel::Whatsapp,
                Channel::Linkedin,
            ]),
            audience: None,
        }
    }

    fn run(graph: &Value, facts: &Facts) -> Vec<Finding> {
        let graph: Graph = serde_json::from_value(graph.clone()).expect("graph parses");
        validate(&graph, facts)
    }

    fn node<'g>(graph: &'g mut Value, id: &str) -> &'g mut Value {
        graph["nodes"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|n| n["id"] == id)
            .unwrap()
    }

    fn add_node(graph: &mut Value, node: Value) {
        graph["nodes"].as_array_mut().unwrap().push(node);
    }

    fn add_edge(graph: &mut Value, edge: Value) {
        graph["edges"].as_array_mut().unwrap().push(edge);
    }

    fn remove_edge(graph: &mut Value, id: &str) {
        graph["edges"]
            .as_array_mut()
            .unwrap()
            .retain(|e| e["id"] != id);
    }

    #[test]
    fn a_clean_graph_has_no_findings() {
        let mut graph = clean_graph();
        assert_eq!(run(&graph, &facts()), vec![]);
        node(&mut graph, "agent")["data"] = json!({"to": "human"});
        assert_eq!(run(&graph, &facts()), vec![]);
    }

    type Edit = fn(&mut Value);
    /// (the edit that breaks the clean graph, expected code, severity, node, edge)
    type Case = (
        Edit,
        &'static str,
        Severity,
        Option<&'static str>,
        Option<&'static str>,
    );

    #[test]
    fn each_problem_is_found_at_its_step_with_its_severity() {
        use Severity::{Error, Warning};
        let cases: Vec<Case> = vec![
            (
                |g| {
                    g["nodes"]
                        .as_array_mut()
                        .unwrap()
                        .retain(|n| n["id"] != "trigger")
                },
                "missing_trigger",
                Error,
                None,
                None,
            ),
            (
                |g| {
                    add_node(
                        g,
                        json!({"id": "t2", "type": "trigger", "data": {"kind": "csv"}}),
                    )
                },
                "multiple_triggers",
                Error,
                Some("t2"),
                None,
            ),
            (
                |g| remove_edge(g, "e1"),
                "trigger_not_connected",
                Error,
                Some("trigger"),
                None,
            ),
            (
                |g| add_node(g, json!({"id": "email", "type": "end", "data": {}})),
                "duplicate_node_id",
                Error,
                Some("email"),
                None,
            ),
            (
                |g| node(g, "agent")["data"]["agent_id"] = json!("gone"),
                "unknown_agent",
                Error,
                Some("agent"),
                None,
            ),
            (
                |g| {
                    node(g, "email")["data"] = json!({"channel": "email", "source": "template",
                        "template_id": "nope"})
                },
                "unknown_template",
                Error,
                Some("email"),
                None,
            ),
            (
                |g| node(g, "email")["data"] = json!({"channel": "email", "source": "template"}),
                "missing_template",
                Error,
                Some("email"),
                None,
            ),
            (
                |g| {
                    node(g, "sms")["data"] = json!({"channel": "whatsapp", "source": "template",
                        "template_id": "wa-draft"})
                },
                "whatsapp_template_not_approved",
                Error,
                Some("sms"),
                None,
            ),
            (
                |g| {
                    node(g, "sms")["data"] =
                        json!({"channel": "whatsapp", "source": "text", "body": "Hi"})
                },
                "whatsapp_template_required",
                Error,
                Some("sms"),
                None,
            ),
            (
                |g| {
                    node(g, "trigger")["data"]["kind"] = json!("inbound_message");
                    node(g, "sms")["data"] =
                        json!({"channel": "whatsapp", "source": "text", "body": "Hi"});
                },
                "whatsapp_session_only",
                Warning,
                Some("sms"),
                None,
            ),
            (
                |g| {
                    add_node(
                        g,
                        json!({"id": "hook", "type": "webhook", "data": {"endpoint_id": "x"}}),
                    );
                    add_edge(g, json!({"id": "e8", "source": "agent", "target": "hook"}));
                },
                "unknown_webhook_endpoint",
                Error,
                Some("hook"),
                None,
            ),
            (
                |g| add_edge(g, json!({"id": "e8", "source": "sms", "target": "ghost"})),
                "dangling_edge",
                Error,
                None,
                Some("e8"),
            ),
            (
                |g| {
                    add_edge(
                        g,
                        json!({"id": "e8", "source": "wait", "sourceHandle": "maybe", "target": "done"}),
                    )
                },
                "unknown_branch",
                Error,
                Some("wait"),
                Some("e8"),
            ),
            (
                |g| add_edge(g, json!({"id": "e8", "source": "email", "target": "done"})),
                "duplicate_branch",
                Error,
                Some("email"),
                Some("e8"),
            ),
            (
                |g| {
                    add_edge(
                        g,
                        json!({"id": "e8", "source": "agent", "target": "trigger"}),
                    )
                },
                "edge_into_trigger",
                Error,
                Some("trigger"),
                Some("e8"),
            ),
            (
                |g| remove_edge(g, "e4"),
                "open_branch",
                Warning,
                Some("wait"),
                None,
            ),
            (
                |g| remove_edge(g, "e7"),
                "open_branch",
                Warning,
                Some("opened"),
                None,
            ),
            (
                |g| remove_edge(g, "e2"),
                "unreachable_node",
                Warning,
                Some("wait"),
                None,
            ),
            (
                |g| {
                    remove_edge(g, "e6");
                    add_edge(g, json!({"id": "e6", "source": "sms", "target": "opened"}));
                },
                "cycle_without_wait",
                Error,
                Some("opened"),
                None,
            ),
            (
                |g| node(g, "sms")["data"]["source"] = json!("previous_draft"),
                "no_previous_draft",
                Error,
                Some("sms"),
                None,
            ),
            (
                |g| node(g, "opened")["data"]["condition"] = json!(true),
                "constant_condition",
                Error,
                Some("opened"),
                None,
            ),
            (
                |g| {
                    node(g, "opened")["data"]["condition"] =
                        json!({"==": [{"var": "lead.mood"}, 1]})
                },
                "unknown_fact",
                Error,
                Some("opened"),
                None,
            ),
            (
                |g| {
                    node(g, "opened")["data"]["condition"] =
                        json!({"==": [{"var": "reply.intent"}, "maybe"]})
                },
                "branch_never_taken",
                Error,
                Some("opened"),
                None,
            ),
            (
                |g| node(g, "opened")["data"]["condition"] = json!({"xor": [1, 2]}),
                "invalid_condition",
                Error,
                Some("opened"),
                None,
            ),
            (
                |g| node(g, "wait")["data"]["timeout_seconds"] = json!(0),
                "invalid_duration",
                Error,
                Some("wait"),
                None,
            ),
            (
                |g| node(g, "wait")["data"]["timeout_seconds"] = json!(400 * 86_400),
                "duration_too_long",
                Error,
                Some("wait"),
                None,
            ),
            (
                |g| node(g, "wait")["data"]["events"] = json!([]),
                "no_events",
                Error,
                Some("wait"),
                None,
            ),
            (
                |g| node(g, "email")["data"]["subject"] = json!(" "),
                "missing_subject",
                Error,
                Some("email"),
                None,
            ),
            (
                |g| node(g, "sms")["data"]["body"] = json!(""),
                "empty_message",
                Error,
                Some("sms"),
                None,
            ),
            (
                |g| {
                    node(g, "sms")["data"] =
                        json!({"channel": "voice", "source": "text", "body": "Hi"})
                },
                "unsupported_channel",
                Error,
                Some("sms"),
                None,
            ),
            (
                |g| {
                    node(g, "sms")["data"] = json!({"channel": "linkedin", "source": "text",
                        "linkedin_action": "poke"})
                },
                "unknown_linkedin_action",
                Error,
                Some("sms"),
                None,
            ),
            (
                |g| {
                    *node(g, "opened") = json!({"id": "opened", "type": "ab_split",
                        "data": {"variants": [{"key": "yes", "weight": 0}, {"key": "no", "weight": 0}]}})
                },
                "ab_weights_zero",
                Error,
                Some("opened"),
                None,
            ),
            (
                |g| {
                    *node(g, "opened") = json!({"id": "opened", "type": "ab_split",
                        "data": {"variants": [{"key": "yes", "weight": 50}, {"key": "yes", "weight": 50}]}})
                },
                "duplicate_variant",
                Error,
                Some("opened"),
                None,
            ),
            (
                |g| {
                    *node(g, "sms") = json!({"id": "sms", "type": "channel_fallback",
                        "data": {"channels": [], "source": "text", "body": "Hi"}})
                },
                "no_channels",
                Error,
                Some("sms"),
                None,
            ),
        ];
        for (edit, code, severity, node_id, edge_id) in cases {
            let mut graph = clean_graph();
            edit(&mut graph);
            let findings = run(&graph, &facts());
            let found = findings
                .iter()
                .find(|f| f.code == code)
                .unwrap_or_else(|| panic!("expected {code}, got {findings:#?}"));
            assert_eq!(found.severity, severity, "{code}");
            assert_eq!(found.node_id.as_deref(), node_id, "{code}");
            assert_eq!(found.edge_id.as_deref(), edge_id, "{code}");
            assert!(!found.message.is_empty() && !found.fix.is_empty(), "{code}");
            if let Some(node_id) = node_id {
                assert!(found.message.contains(node_id), "{code}: {}", found.message);
            }
        }
    }

    #[test]
    fn a_loop_with_a_wait_on_it_is_allowed() {
        let mut graph = clean_graph();
        remove_edge(&mut graph, "e6");
        add_edge(
            &mut graph,
            json!({"id": "e6", "source": "sms", "target": "wait"}),
        );
        let findings = run(&graph, &facts());
        assert!(
            findings.iter().all(|f| f.code != "cycle_without_wait"),
            "{findings:#?}"
        );
    }

    #[test]
    fn a_previous_draft_is_fine_when_every_path_generates_one() {
        let mut graph = clean_graph();
        node(&mut graph, "sms")["data"]["source"] = json!("previous_draft");
        add_node(
            &mut graph,
            json!({"id": "write", "type": "ai_generate", "data": {"agent_id": "agent-1", "channel": "sms"}}),
        );
        remove_edge(&mut graph, "e5");
        add_edge(
            &mut graph,
            json!({"id": "e5", "source": "opened", "sourceHandle": "yes", "target": "write"}),
        );
        add_edge(
            &mut graph,
            json!({"id": "e8", "source": "write", "target": "sms"}),
        );
        assert_eq!(run(&graph, &facts()), vec![]);

        // A second way into the send that skips the AI step breaks it.
        add_edge(
            &mut graph,
            json!({"id": "e9", "source": "agent", "target": "sms"}),
        );
        let codes: Vec<_> = run(&graph, &facts()).into_iter().map(|f| f.code).collect();
        assert_eq!(codes, ["no_previous_draft"]);
    }

    #[test]
    fn placeholders_a_workflow_cannot_fill_are_errors_naming_them() {
        let mut graph = clean_graph();
        node(&mut graph, "sms")["data"]["body"] = json!("Hi {{name}}, see {{listing_url}}");
        node(&mut graph, "email")["data"] =
            json!({"channel": "email", "source": "template", "template_id": "tpl-odd"});
        let findings = run(&graph, &facts());
        let unknown: Vec<_> = findings
            .iter()
            .filter(|f| f.code == "unknown_variable")
            .map(|f| {
                (
                    f.node_id.as_deref().unwrap(),
                    f.severity,
                    f.message.as_str(),
                )
            })
            .collect();
        assert_eq!(unknown.len(), 2, "{findings:#?}");
        assert_eq!((unknown[0].0, unknown[0].1), ("email", Severity::Error));
        assert!(
            unknown[0].2.contains("{{property}}, {{day_1}}"),
            "{}",
            unknown[0].2
        );
        assert!(!unknown[0].2.contains("{{name}}"));
        assert_eq!(unknown[1].0, "sms");
        assert!(unknown[1].2.contains("{{listing_url}}"), "{}", unknown[1].2);
    }

    #[test]
    fn a_channel_without_a_real_provider_is_a_warning_not_an_error() {
        let mut facts = facts();
        facts.configured_channels = HashSet::from([Channel::Linkedin]);
        let findings = run(&clean_graph(), &facts);
        let sandboxed: Vec<_> = findings
            .iter()
            .map(|f| (f.code, f.severity, f.node_id.as_deref().unwrap()))
            .collect();
        assert_eq!(
            sandboxed,
            [
                ("sandbox_channel", Severity::Warning, "email"),
                ("sandbox_channel", Severity::Warning, "sms"),
            ]
        );
        assert!(!has_errors(&findings));
    }

    #[test]
    fn an_audience_mostly_without_consent_is_warned_with_the_count() {
        let mut facts = facts();
        facts.audience = Some(AudienceFacts {
            total: 10,
            without_consent: HashMap::from([(Channel::Sms, 7), (Channel::Email, 5)]),
        });
        let findings = run(&clean_graph(), &facts);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0].code, "audience_without_consent");
        assert_eq!(findings[0].node_id.as_deref(), Some("sms"));
        assert!(
            findings[0]
                .message
                .starts_with("7 of 10 leads have no consent for SMS")
        );
    }
}
