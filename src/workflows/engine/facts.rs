//! Reads what a step decides on from the database: the lead, what the lead did since the run
//! (and the current wait) began, the send gate per channel, the sending window, the state of a
//! queued webhook call.

use super::step::{EventFacts, Facts, Gate, LeadFacts, Waiting};
use crate::channels::email::{SendWindow, email_send_window};
use crate::compliance::SendContext;
use crate::domain::Channel;
use crate::store::{CampaignRecord, LeadActivity, LeadRecord, RunRecord, Store, StoreResult};
use crate::workflows::graph::{MessageSource, MessageSpec, Node, Step, Wait};
use serde_json::Value;

impl From<&LeadRecord> for LeadFacts {
    fn from(lead: &LeadRecord) -> Self {
        Self {
            first_name: lead.first_name.clone(),
            last_name: lead.last_name.clone(),
            company: lead.company_name.clone(),
            title: lead.title.clone(),
            stage: lead.stage.as_str().to_string(),
            tags: lead.tags.clone(),
            fields: lead.custom_fields.clone(),
            timezone: lead.timezone.clone(),
            consent: lead
                .consents
                .iter()
                .map(|c| {
                    (
                        c.channel.as_str().to_string(),
                        c.status.as_str().to_string(),
                    )
                })
                .collect(),
            do_not_contact: lead.do_not_contact,
        }
    }
}

impl From<&LeadActivity> for EventFacts {
    fn from(activity: &LeadActivity) -> Self {
        Self {
            replied: activity.replies > 0,
            opened: activity.opened,
            clicked: activity.clicked,
            meeting_booked: activity.meetings_booked,
            unsubscribed: activity.suppressed,
            last_reply: activity.last_reply.clone(),
        }
    }
}

/// The campaign's sending window (its schedule's days and minutes), if it sets one.
pub fn campaign_window(campaign: Option<&CampaignRecord>) -> Option<SendWindow> {
    let schedule = &campaign?.schedule;
    if schedule.get("days").is_none() && schedule.get("start_minute").is_none() {
        return None;
    }
    let defaults = SendWindow::default();
    let days = schedule["days"].as_str().unwrap_or("mon,tue,wed,thu,fri");
    let start = schedule["start_minute"]
        .as_i64()
        .unwrap_or(i64::from(defaults.start_minute));
    let end = schedule["end_minute"]
        .as_i64()
        .unwrap_or(i64::from(defaults.end_minute));
    SendWindow::parse(days, start, end).ok()
}

/// The channels a step may send on.
pub fn channels_of(node: &Node) -> Vec<(Channel, &MessageSpec)> {
    match &node.step {
        Step::Send(send) => vec![(send.channel, &send.message)],
        Step::ChannelFallback(fallback) => fallback
            .channels
            .iter()
            .map(|c| (*c, &fallback.message))
            .collect(),
        _ => Vec::new(),
    }
}

/// Loads the facts for `run` at `node`; `None` when the lead no longer exists.
pub async fn load(
    store: &Store,
    run: &RunRecord,
    node: &Node,
    campaign: Option<&CampaignRecord>,
    waiting: Option<&Waiting>,
) -> StoreResult<Option<Facts>> {
    let Some(lead) = store.leads().find(&run.workspace_id, &run.lead_id).await? else {
        return Ok(None);
    };
    let campaigns = store.campaigns();
    let since_start = campaigns.lead_activity(&lead.id, run.facts_since).await?;
    let since_wait = match waiting.filter(|w| w.node_id == node.id && w.kind == "event") {
        Some(w) => EventFacts::from(&campaigns.lead_activity(&lead.id, w.since).await?),
        None => EventFacts::default(),
    };
    let now = store.clock.now_ms();
    let mut facts = Facts {
        lead: LeadFacts::from(&lead),
        since_start: EventFacts::from(&since_start),
        since_wait,
        ..Facts::default()
    };
    let sends = channels_of(node);
    for (channel, spec) in &sends {
        let template_id = (*channel == Channel::Whatsapp)
            .then_some(spec.template_id.as_deref())
            .flatten();
        let verdict = crate::compliance::evaluate(
            store,
            &run.workspace_id,
            &lead.id,
            channel.as_str(),
            &SendContext {
                template_id,
                purpose: None,
            },
            now,
        )
        .await?;
        facts
            .gates
            .insert(channel.as_str().to_string(), Gate::from(verdict));
        if spec.source == MessageSource::Template
            && let Some(id) = &spec.template_id
            && !facts.templates.contains_key(id)
        {
            let templates = store.library().templates(&run.workspace_id, None).await?;
            if let Some(template) = templates.into_iter().find(|t| &t.id == id) {
                facts.templates.insert(id.clone(), template.body);
            }
        }
    }
    let window = match &node.step {
        Step::Wait(Wait::SendingWindow) => Some(campaign_window(campaign).unwrap_or_default()),
        _ if !sends.is_empty() => campaign_window(campaign),
        _ => None,
    };
    if let Some(window) = window {
        facts.window_opens_at = email_send_window(&lead, &window, store.clock.now_ms());
    }
    if !sends.is_empty() {
        let settings = store.integrations().settings(&run.workspace_id).await?;
        facts.booking_url = settings.booking_url;
        facts.sender_name = sender_name(store, &run.workspace_id).await?;
    }
    if matches!(node.step, Step::Webhook(_)) && waiting.is_some() {
        facts.delivery_state = campaigns
            .delivery_state(&super::idempotency_key(run, &node.id))
            .await?;
    }
    Ok(Some(facts))
}

/// The name `{{sender_name}}` fills in: the display name of the workspace's first active
/// mailbox, else the workspace's name.
pub async fn sender_name(store: &Store, workspace_id: &str) -> StoreResult<Option<String>> {
    let mailboxes = store.email().mailboxes(workspace_id).await?;
    let named = mailboxes
        .into_iter()
        .filter(|m| m.status == "active")
        .find_map(|m| m.display_name.filter(|n| !n.trim().is_empty()));
    if named.is_some() {
        return Ok(named);
    }
    Ok(store.workspaces().find(workspace_id).await?.map(|w| w.name))
}

/// How many times the run has completed `node_id` before (for loops: each visit is a new
/// send with its own idempotency key).
pub fn visits(context: &Value, node_id: &str) -> i64 {
    context["visits"][node_id].as_i64().unwrap_or(0)
}
