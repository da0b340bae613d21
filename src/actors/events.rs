//! What the live layer tells the world: the JSON views of conversations, messages and drafts
//! (shared by the REST API and the WebSocket) and the events the hub fans out.

use crate::store::{ConversationRecord, DraftRecord, LinkedinTaskRecord, MessageRecord};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LeadBrief {
    pub id: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub title: Option<String>,
    pub company_name: Option<String>,
    pub stage: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConversationView {
    pub id: String,
    pub lead_id: String,
    pub lead: LeadBrief,
    /// `ai` or `human` (a supervisor has taken over).
    pub mode: String,
    /// `open` or `closed`.
    pub status: String,
    pub assignee_id: Option<String>,
    pub agent_id: Option<String>,
    pub unread: i64,
    pub last_message_at: i64,
    pub last_message_preview: Option<String>,
    pub last_channel: Option<String>,
    pub last_direction: Option<String>,
    pub pending_draft: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<&ConversationRecord> for ConversationView {
    fn from(c: &ConversationRecord) -> Self {
        Self {
            id: c.id.clone(),
            lead_id: c.lead_id.clone(),
            lead: LeadBrief {
                id: c.lead.id.clone(),
                full_name: c.lead.full_name.clone(),
                email: c.lead.email.clone(),
                phone: c.lead.phone.clone(),
                title: c.lead.title.clone(),
                company_name: c.lead.company_name.clone(),
                stage: c.lead.stage.clone(),
            },
            mode: c.mode.clone(),
            status: c.status.clone(),
            assignee_id: c.assignee_id.clone(),
            agent_id: c.agent_id.clone(),
            unread: c.unread,
            last_message_at: c.last_message_at,
            last_message_preview: c.last_message_preview.clone(),
            last_channel: c.last_channel.clone(),
            last_direction: c.last_direction.clone(),
            pending_draft: c.pending_draft,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// Who wrote a message.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Author {
    Lead,
    Ai {
        agent_id: Option<String>,
        /// `offline` for the deterministic offline responder, else `provider:model`.
        generator: Option<String>,
        offline: bool,
    },
    Human {
        user_id: Option<String>,
    },
    System,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MessageView {
    pub id: String,
    pub conversation_id: String,
    pub lead_id: String,
    /// `inbound`, `outbound` or `note`.
    pub direction: String,
    pub channel: String,
    pub author: Author,
    pub subject: Option<String>,
    pub text: String,
    /// Inbound: `received`. Outbound: `queued` → `sending` → `sent` → `delivered` → `read`, or `failed`.
    /// LinkedIn: `task_open` while a human has the task (then `delivered` or `failed`).
    pub status: String,
    pub error: Option<String>,
    pub created_at: i64,
}

impl From<&MessageRecord> for MessageView {
    fn from(m: &MessageRecord) -> Self {
        let author = match m.author_kind.as_str() {
            "lead" => Author::Lead,
            "ai" => Author::Ai {
                agent_id: m.author_id.clone(),
                offline: m.generator.as_deref() == Some("offline"),
                generator: m.generator.clone(),
            },
            "human" => Author::Human {
                user_id: m.author_id.clone(),
            },
            _ => Author::System,
        };
        Self {
            id: m.id.clone(),
            conversation_id: m.conversation_id.clone(),
            lead_id: m.lead_id.clone(),
            direction: m.direction.clone(),
            channel: m.channel.clone(),
            author,
            subject: m.subject.clone(),
            text: m.body.clone(),
            status: m.status.clone(),
            error: m.error.clone(),
            created_at: m.created_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DraftView {
    pub id: String,
    pub conversation_id: String,
    /// `streaming`, `ready`, `approved`, `discarded` or `cancelled`.
    pub status: String,
    pub channel: String,
    pub purpose: String,
    pub text: String,
    pub agent_id: Option<String>,
    pub generator: Option<String>,
    /// True when the offline responder wrote it (no AI provider configured).
    pub offline: bool,
    pub in_reply_to: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Why the send gate kept this AI reply from going out (`code: reason`), if it did.
    pub blocked_reason: Option<String>,
}

impl From<&DraftRecord> for DraftView {
    fn from(d: &DraftRecord) -> Self {
        Self {
            id: d.id.clone(),
            conversation_id: d.conversation_id.clone(),
            status: d.status.clone(),
            channel: d.channel.clone(),
            purpose: d.purpose.clone(),
            text: d.body.clone(),
            agent_id: d.agent_id.clone(),
            generator: d.generator.clone(),
            offline: d.offline,
            in_reply_to: d.in_reply_to.clone(),
            created_at: d.created_at,
            updated_at: d.updated_at,
            blocked_reason: d.blocked_reason.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash, ToSchema)]
pub struct Viewer {
    pub user_id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Who {
    Ai,
    Human { user_id: String, name: String },
}

/// Everything the hub carries. Serialised once per publish, then fanned out.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(tag = "type")]
pub enum Event {
    /// `conversation`: the summary after this message, when the message changed it (an
    /// inbound message, an AI reply sent): no separate `conversation.updated` follows then.
    #[serde(rename = "message.created")]
    MessageCreated {
        conversation_id: String,
        message: MessageView,
        #[serde(skip_serializing_if = "Option::is_none")]
        conversation: Option<Box<ConversationView>>,
    },
    #[serde(rename = "message.status")]
    MessageStatus {
        conversation_id: String,
        message_id: String,
        status: String,
        error: Option<String>,
    },
    #[serde(rename = "conversation.updated")]
    ConversationUpdated { conversation: ConversationView },
    #[serde(rename = "draft.delta")]
    DraftDelta {
        conversation_id: String,
        draft_id: String,
        delta: String,
    },
    #[serde(rename = "draft.ready")]
    DraftReady {
        conversation_id: String,
        draft: DraftView,
    },
    #[serde(rename = "draft.approved")]
    DraftApproved {
        conversation_id: String,
        draft_id: String,
    },
    #[serde(rename = "draft.discarded")]
    DraftDiscarded {
        conversation_id: String,
        draft_id: String,
    },
    #[serde(rename = "draft.cancelled")]
    DraftCancelled {
        conversation_id: String,
        draft_id: String,
        reason: String,
    },
    #[serde(rename = "typing")]
    Typing { conversation_id: String, who: Who },
    #[serde(rename = "presence")]
    Presence {
        conversation_id: String,
        viewers: Vec<Viewer>,
    },
    /// A LinkedIn task was created (a send on the `linkedin` channel), done or skipped: the
    /// Tasks page refreshes it live.
    #[serde(rename = "linkedin_task.updated")]
    LinkedinTaskUpdated {
        task_id: String,
        lead_id: String,
        message_id: Option<String>,
        /// `connect`, `message` or `view_profile`.
        kind: String,
        /// `open`, `done` or `skipped`.
        status: String,
        /// Epoch ms; later than now when the weekly limit was reached.
        due_at: i64,
    },
    /// Something an admin must look at (an outbound webhook that failed for good, ...); also
    /// listed by `GET /api/alerts`.
    #[serde(rename = "alert.created")]
    AlertCreated {
        id: String,
        kind: String,
        message: String,
        created_at: i64,
    },
    /// A workflow run moved (see docs/workflows.md).
    #[serde(rename = "workflow_run.updated")]
    WorkflowRunUpdated {
        run_id: String,
        campaign_id: Option<String>,
        lead_id: String,
        status: String,
        current_node: Option<String>,
    },
    /// A campaign's run counts by status, after the engine moved some of its runs.
    #[serde(rename = "campaign.stats")]
    CampaignStats {
        campaign_id: String,
        totals: serde_json::Value,
    },
}

impl From<&LinkedinTaskRecord> for Event {
    fn from(task: &LinkedinTaskRecord) -> Self {
        Event::LinkedinTaskUpdated {
            task_id: task.id.clone(),
            lead_id: task.lead_id.clone(),
            message_id: task.message_id.clone(),
            kind: task.kind.clone(),
            status: task.status.clone(),
            due_at: task.due_at,
        }
    }
}

/// Who receives an event.
pub enum Audience<'a> {
    /// Every session of the workspace (inbox-level events).
    Workspace,
    /// Sessions subscribed to this conversation (detailed events).
    Conversation(&'a str),
}

impl Event {
    pub fn audience(&self) -> Audience<'_> {
        match self {
            Event::MessageCreated { .. }
            | Event::MessageStatus { .. }
            | Event::ConversationUpdated { .. }
            | Event::LinkedinTaskUpdated { .. }
            | Event::AlertCreated { .. }
            | Event::WorkflowRunUpdated { .. }
            | Event::CampaignStats { .. } => Audience::Workspace,
            Event::DraftDelta {
                conversation_id, ..
            }
            | Event::DraftReady {
                conversation_id, ..
            }
            | Event::DraftApproved {
                conversation_id, ..
            }
            | Event::DraftDiscarded {
                conversation_id, ..
            }
            | Event::DraftCancelled {
                conversation_id, ..
            }
            | Event::Typing {
                conversation_id, ..
            }
            | Event::Presence {
                conversation_id, ..
            } => Audience::Conversation(conversation_id),
        }
    }
}
