//! LinkedIn, automation-safe: sending on the `linkedin` channel does not call LinkedIn. The
//! default [`TaskProvider`] turns the (AI-written) message into a task for a human — connect,
//! message or view the profile — that appears in `GET /api/linkedin/tasks`; the message's
//! status is `task_open` until the human marks the task done (→ `delivered`) or skips it
//! (→ `failed`, with the reason). Weekly limits per workspace (100 connection requests and 300
//! messages per rolling 7 days by default) are enforced when the task is created: a task over
//! the limit is due when the window has room again, with the reason recorded.
//!
//! [`LinkedinProvider`] is the seam for an API-based provider later: it receives the same
//! request and either creates a task or reports a send.
//!
//! Which action: the message's subject may name it (`connect`, `message`, `view_profile`);
//! otherwise the first LinkedIn touch of a lead is a connection request (the text becomes the
//! invitation note) and later ones are messages.

use super::{Channel, OutboundMessage, Reconciled, SendError, SendReceipt};
use crate::store::{LinkedinTaskRecord, NewLinkedinTask, OutboxItem, Store, now_ms};
use futures_util::future::BoxFuture;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkedinAction {
    Connect,
    Message,
    ViewProfile,
}

impl LinkedinAction {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkedinAction::Connect => "connect",
            LinkedinAction::Message => "message",
            LinkedinAction::ViewProfile => "view_profile",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '-'], "_")
            .as_str()
        {
            "connect" | "connection" | "connection_request" => Some(LinkedinAction::Connect),
            "message" => Some(LinkedinAction::Message),
            "view_profile" | "view" => Some(LinkedinAction::ViewProfile),
            _ => None,
        }
    }
}

/// One LinkedIn action for a lead.
#[derive(Debug, Clone)]
pub struct LinkedinRequest {
    pub workspace_id: String,
    pub lead_id: String,
    pub message_id: String,
    pub idempotency_key: String,
    pub action: LinkedinAction,
    pub text: String,
    pub profile_url: Option<String>,
}

#[derive(Debug, Clone)]
pub enum LinkedinOutcome {
    /// A human will do it; due at its `due_at` (later than now when over the weekly limit,
    /// with the reason in `scheduled_reason`).
    Task(Box<LinkedinTaskRecord>),
    /// An API provider performed it.
    Sent { provider_id: String },
}

/// Invariants: `perform` is idempotent on `request.idempotency_key` (a retry after a crash finds
/// the earlier result); `reconcile` answers for an outbox row left in `sending`.
pub trait LinkedinProvider: Send + Sync {
    fn name(&self) -> &'static str;
    fn perform<'a>(
        &'a self,
        request: &'a LinkedinRequest,
    ) -> BoxFuture<'a, Result<LinkedinOutcome, SendError>>;
    fn reconcile<'a>(
        &'a self,
        item: &'a OutboxItem,
    ) -> BoxFuture<'a, Result<Reconciled, SendError>>;
}

/// The default provider: tasks for a human, in `linkedin_tasks`.
pub struct TaskProvider {
    store: Store,
}

impl TaskProvider {
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

impl LinkedinProvider for TaskProvider {
    fn name(&self) -> &'static str {
        "tasks"
    }

    fn perform<'a>(
        &'a self,
        request: &'a LinkedinRequest,
    ) -> BoxFuture<'a, Result<LinkedinOutcome, SendError>> {
        Box::pin(async move {
            let temporary = |e: crate::store::StoreError| SendError::Temporary(e.to_string());
            let settings = self
                .store
                .integrations()
                .settings(&request.workspace_id)
                .await
                .map_err(temporary)?;
            let weekly_limit = match request.action {
                LinkedinAction::Connect => Some(settings.linkedin_weekly_connections),
                LinkedinAction::Message => Some(settings.linkedin_weekly_messages),
                LinkedinAction::ViewProfile => None,
            };
            let (task, _) = self
                .store
                .integrations()
                .create_linkedin_task(&NewLinkedinTask {
                    workspace_id: &request.workspace_id,
                    lead_id: &request.lead_id,
                    message_id: Some(&request.message_id),
                    idempotency_key: &request.idempotency_key,
                    kind: request.action.as_str(),
                    body: &request.text,
                    profile_url: request.profile_url.as_deref(),
                    weekly_limit,
                    now: now_ms(),
                })
                .await
                .map_err(temporary)?;
            Ok(LinkedinOutcome::Task(Box::new(task)))
        })
    }

    fn reconcile<'a>(
        &'a self,
        _item: &'a OutboxItem,
    ) -> BoxFuture<'a, Result<Reconciled, SendError>> {
        // Creating the task is idempotent on the outbox key, so "send again" is always safe:
        // it finds the task made before the crash instead of making a second one. (Answering
        // `Sent` would let the outbox worker mark the message delivered while the task is open.)
        Box::pin(async move { Ok(Reconciled::NotSent) })
    }
}

/// The `linkedin` channel.
pub struct LinkedinChannel {
    store: Store,
    provider: Arc<dyn LinkedinProvider>,
}

impl LinkedinChannel {
    pub fn new(store: Store, provider: Arc<dyn LinkedinProvider>) -> Self {
        Self { store, provider }
    }

    /// The channel with the default task provider.
    pub fn with_tasks(store: Store) -> Self {
        Self::new(store.clone(), Arc::new(TaskProvider::new(store)))
    }
}

impl Channel for LinkedinChannel {
    fn name(&self) -> &'static str {
        "linkedin"
    }

    fn send<'a>(
        &'a self,
        message: &'a OutboundMessage,
    ) -> BoxFuture<'a, Result<SendReceipt, SendError>> {
        Box::pin(async move {
            let workspace_id = &message.item.workspace_id;
            let lead = self
                .store
                .leads()
                .find(workspace_id, &message.lead_id)
                .await
                .map_err(|e| SendError::Temporary(e.to_string()))?
                .ok_or_else(|| SendError::Permanent("the lead no longer exists".into()))?;
            let action = match message.subject.as_deref().and_then(LinkedinAction::parse) {
                Some(action) => action,
                None => {
                    let connected = self
                        .store
                        .integrations()
                        .has_connection_task(workspace_id, &lead.id)
                        .await
                        .map_err(|e| SendError::Temporary(e.to_string()))?;
                    if connected {
                        LinkedinAction::Message
                    } else {
                        LinkedinAction::Connect
                    }
                }
            };
            let profile_url = ["linkedin_url", "linkedin"]
                .iter()
                .find_map(|key| lead.custom_fields.get(*key).and_then(|v| v.as_str()))
                .map(str::to_string);
            let request = LinkedinRequest {
                workspace_id: workspace_id.clone(),
                lead_id: lead.id.clone(),
                message_id: message.item.message_id.clone(),
                idempotency_key: message.item.idempotency_key.clone(),
                action,
                text: message.body.clone(),
                profile_url,
            };
            match self.provider.perform(&request).await? {
                LinkedinOutcome::Task(task) => Ok(SendReceipt {
                    provider_message_id: Some(format!("linkedin-task:{}", task.id)),
                    task: Some(*task),
                    ..SendReceipt::accepted(None)
                }),
                LinkedinOutcome::Sent { provider_id } => {
                    Ok(SendReceipt::accepted(Some(provider_id)))
                }
            }
        })
    }

    fn reconcile<'a>(
        &'a self,
        item: &'a OutboxItem,
    ) -> BoxFuture<'a, Result<Reconciled, SendError>> {
        self.provider.reconcile(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_parse() {
        assert_eq!(
            LinkedinAction::parse("Connect"),
            Some(LinkedinAction::Connect)
        );
        assert_eq!(
            LinkedinAction::parse("view profile"),
            Some(LinkedinAction::ViewProfile)
        );
        assert_eq!(
            LinkedinAction::parse("message"),
            Some(LinkedinAction::Message)
        );
        assert_eq!(LinkedinAction::parse("Quick question"), None);
    }
}
