//! Background workers of the live layer: the outbox sender, the durable-timer scheduler, the
//! inbound redelivery sweep and actor passivation.

use super::conversation::{DeliveryStatus, TimerFired};
use super::events::Event;
use super::hub::Hub;
use super::registry::ConversationRegistry;
use crate::channels::{Channels, OutboundMessage, Reconciled, SendError, SendReceipt};
use crate::clock::Clock;
use crate::store::{
    CompletedSend, LeadRecord, MessageRecord, MessageToSend, OutboxItem, Store, now_ms,
};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// What a channel said about one send, with the message it was given; `Ok(None)` when it was
/// held for later (quiet hours, sending window, caps), already recorded.
type SendOutcome = Result<Option<(SendReceipt, OutboundMessage)>, SendError>;

/// A send as the outbox saw it: the outcome plus, when it was accepted, the message as read
/// before the send (its new status is announced from it, without reading it again).
type Sent = Result<Option<(SendReceipt, OutboundMessage, MessageRecord)>, SendError>;

/// Attempts before a send is given up.
const MAX_SEND_ATTEMPTS: i64 = 5;

/// Rows the outbox claims at once.
const CLAIM_BATCH: usize = 200;

/// Sends in flight at once: a claimed batch goes out in groups of this many.
const SEND_CONCURRENCY: usize = 16;

/// A group's messages (by id) and their leads (by id), read once for the group.
struct Group {
    messages: HashMap<String, MessageToSend>,
    leads: HashMap<String, LeadRecord>,
}

pub struct OutboxWorker {
    pub store: Store,
    pub hub: Hub,
    pub channels: Channels,
    pub registry: ConversationRegistry,
    pub wake: Arc<Notify>,
    pub poll: Duration,
    /// Decides what is due and when a held send may go.
    pub clock: Clock,
}

impl OutboxWorker {
    /// Reconciles rows a crash left in `sending`: the provider is asked whether it has the
    /// message; only a definite "no" sends again.
    pub async fn reconcile(&self) -> anyhow::Result<usize> {
        let in_doubt = self.store.outbox().in_doubt().await?;
        let count = in_doubt.len();
        for item in in_doubt {
            match self.channels.get(&item.channel).reconcile(&item).await {
                Ok(Reconciled::Sent(provider_id)) => {
                    self.store
                        .outbox()
                        .mark_sent(&item.id, provider_id.as_deref())
                        .await?;
                    // The sandbox delivers at once; a real provider's delivery report comes
                    // later through its status callback.
                    let sandbox = provider_id
                        .as_deref()
                        .is_some_and(|id| id.starts_with("sandbox-"));
                    self.advance(&item, "sent", None).await;
                    if sandbox {
                        self.advance(&item, "delivered", None).await;
                    }
                }
                Ok(Reconciled::NotSent) => self.store.outbox().requeue(&item.id).await?,
                Err(error) => {
                    tracing::warn!(%error, outbox = %item.id, "reconciling a send failed; it stays in doubt")
                }
            }
        }
        Ok(count)
    }

    pub async fn run(self) {
        loop {
            match self.drain().await {
                // A short batch took everything that was due. What is queued meanwhile woke
                // `wake` (`notify_one` keeps the permit), so waiting here misses nothing, and
                // saves a claim that would find nothing.
                Ok(count) if count < CLAIM_BATCH => {
                    let _ = tokio::time::timeout(self.poll, self.wake.notified()).await;
                }
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, "outbox pass failed");
                    let _ = tokio::time::timeout(self.poll, self.wake.notified()).await;
                }
            }
        }
    }

    /// Sends up to [`CLAIM_BATCH`] due rows once, [`SEND_CONCURRENCY`] at a time; returns how
    /// many were handled. Each group's messages and leads are read together, and accepted
    /// sends are recorded in one transaction per batch.
    pub async fn drain(&self) -> anyhow::Result<usize> {
        let items = self
            .store
            .outbox()
            .claim_due(self.clock.now_ms(), CLAIM_BATCH as i64)
            .await?;
        let count = items.len();
        if count == 0 {
            return Ok(0);
        }
        // A group's leads are read just before its sends, so a STOP that lands while a large
        // batch is going out stops every send of the groups after it: the gate never decides
        // on a read older than one group's provider calls.
        let mut results: Vec<(OutboxItem, Sent)> = Vec::with_capacity(count);
        for group in items.chunks(SEND_CONCURRENCY) {
            let read = &self.read_group(group).await;
            let sends = group.iter().map(|item| async move {
                let result = self.send(item, read).await;
                (item.clone(), result)
            });
            results.extend(futures_util::future::join_all(sends).await);
        }
        let mut accepted = Vec::new();
        let mut sent_messages = Vec::new();
        let mut tasks = Vec::new();
        for (item, result) in results {
            match result {
                Ok(None) => {}
                Ok(Some((receipt, outbound, message))) => {
                    let status = if receipt.delivered {
                        "delivered"
                    } else {
                        "sent"
                    };
                    tasks.extend(receipt.task);
                    sent_messages.push(message);
                    accepted.push(CompletedSend {
                        sandbox: receipt
                            .record_in_sandbox
                            .then(|| (outbound.lead_id.clone(), outbound.body.clone())),
                        item,
                        provider_message_id: receipt.provider_message_id,
                        status,
                    });
                }
                Err(SendError::Temporary(reason)) if item.attempts < MAX_SEND_ATTEMPTS => {
                    let backoff = 1_000i64 << item.attempts.min(10);
                    self.store
                        .outbox()
                        .mark_failed(&item.id, &reason, Some(self.clock.now_ms() + backoff))
                        .await?;
                }
                Err(error) => {
                    let reason = error.to_string();
                    self.store
                        .outbox()
                        .mark_failed(&item.id, &reason, None)
                        .await?;
                    self.advance(&item, "failed", Some(&reason)).await;
                }
            }
        }
        let changed = self.store.outbox().complete_sends(&accepted).await?;
        for (send, mut message) in accepted.iter().zip(sent_messages) {
            if changed.contains(&send.item.message_id) {
                message.status = send.status.to_string();
                message.error = None;
                self.announce_message(&send.item, message);
            }
        }
        for task in &tasks {
            self.hub.publish(&task.workspace_id, &Event::from(task));
        }
        Ok(count)
    }

    /// What every send of a group reads, in two reads for the group instead of four per send:
    /// the messages with their templates, and the leads with their consents. A read that
    /// fails fails the group's sends as temporary (they are retried), never as gone.
    async fn read_group(&self, items: &[OutboxItem]) -> Result<Group, String> {
        let message_ids: Vec<String> = items.iter().map(|i| i.message_id.clone()).collect();
        let messages = self
            .store
            .outbox()
            .messages_to_send(&message_ids)
            .await
            .map_err(|e| e.to_string())?;
        let mut lead_ids: Vec<String> = messages
            .values()
            .map(|m| m.message.lead_id.clone())
            .collect();
        lead_ids.sort_unstable();
        lead_ids.dedup();
        let leads = self
            .store
            .leads()
            .find_many_for_send(&lead_ids)
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|lead| (lead.id.clone(), lead))
            .collect();
        Ok(Group { messages, leads })
    }

    async fn send(&self, item: &OutboxItem, group: &Result<Group, String>) -> Sent {
        let group = group
            .as_ref()
            .map_err(|reason| SendError::Temporary(reason.clone()))?;
        let Some(to_send) = group.messages.get(&item.message_id) else {
            return Err(SendError::Permanent("the message is gone".into()));
        };
        let message = to_send.message.clone();
        if message.workspace_id != item.workspace_id {
            return Err(SendError::Permanent("the message is gone".into()));
        }
        // A lead of another workspace is no lead of this send.
        let lead = group
            .leads
            .get(&message.lead_id)
            .filter(|lead| lead.workspace_id == item.workspace_id);
        match self
            .attempt(item, &message, to_send.template.as_ref(), lead)
            .await
        {
            Ok(Some((receipt, outbound))) => Ok(Some((receipt, outbound, message))),
            Ok(None) => Ok(None),
            Err(SendError::Deferred { until, reason }) => {
                self.hold(item, &message, until, reason).await?;
                Ok(None)
            }
            Err(error) => Err(error),
        }
    }

    /// The send gate, then the channel. Gate blocks that lift by themselves (quiet hours) and
    /// channel deferrals (sending window, caps, throttling) come back as `Deferred`.
    async fn attempt(
        &self,
        item: &OutboxItem,
        message: &MessageRecord,
        template: Option<&(String, Option<String>)>,
        lead: Option<&LeadRecord>,
    ) -> SendOutcome {
        // The gate runs again right before the provider, on the lead as read for this group:
        // a STOP may have arrived after the message was queued.
        let context = crate::compliance::SendContext {
            template_id: template.map(|(id, _)| id.as_str()),
            purpose: Some(crate::compliance::Purpose::from_idempotency_key(
                &item.idempotency_key,
            )),
        };
        let (verdict, address) = crate::compliance::evaluate_lead(
            &self.store,
            &item.workspace_id,
            lead,
            &item.channel,
            &context,
            self.clock.now_ms(),
        )
        .await
        .map_err(|e| SendError::Temporary(e.to_string()))?;
        if let Err(blocked) = verdict {
            return Err(match (blocked.code.is_deferral(), blocked.retry_at) {
                (true, Some(until)) => SendError::Deferred {
                    until,
                    reason: blocked.describe(),
                },
                _ => SendError::Permanent(blocked.describe()),
            });
        }
        let outbound = OutboundMessage {
            item: item.clone(),
            lead_id: message.lead_id.clone(),
            to: address,
            subject: message.subject.clone(),
            body: message.body.clone(),
        };
        if message.error.is_some() {
            // It waited with a reason; it is on its way now (a channel that defers it again
            // records the new reason).
            self.store
                .messaging()
                .clear_hold(&message.id)
                .await
                .map_err(|e| SendError::Temporary(e.to_string()))?;
        }
        let receipt = self.channels.get(&item.channel).send(&outbound).await?;
        Ok(Some((receipt, outbound)))
    }

    /// Puts a claimed row back to `queued` until `until` (not counted as an attempt), with the
    /// reason on the message, and tells the inbox it waits.
    async fn hold(
        &self,
        item: &OutboxItem,
        message: &MessageRecord,
        until: i64,
        reason: String,
    ) -> Result<(), SendError> {
        self.store
            .messaging()
            .hold_send(&message.id, until, &reason, true)
            .await
            .map_err(|e| SendError::Temporary(e.to_string()))?;
        self.hub.publish(
            &item.workspace_id,
            &Event::MessageStatus {
                conversation_id: message.conversation_id.clone(),
                message_id: message.id.clone(),
                status: "queued".into(),
                error: Some(reason),
            },
        );
        Ok(())
    }

    /// Tells the inbox and the lead's actor the message's status as given.
    fn announce_message(&self, item: &OutboxItem, message: MessageRecord) {
        self.hub.publish(
            &item.workspace_id,
            &Event::MessageStatus {
                conversation_id: message.conversation_id.clone(),
                message_id: message.id.clone(),
                status: message.status.clone(),
                error: message.error.clone(),
            },
        );
        let lead_id = message.lead_id.clone();
        self.registry
            .tell_if_resident(&lead_id, DeliveryStatus { message });
    }

    /// Moves the message's status forward and tells the inbox and the lead's actor.
    async fn advance(&self, item: &OutboxItem, status: &str, error: Option<&str>) {
        match self
            .store
            .conversations()
            .advance_status(&item.message_id, status, error)
            .await
        {
            Ok(Some(message)) => self.announce_message(item, message),
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "updating a message status failed"),
        }
    }
}

/// Fires durable timers into the lead's actor. A timer is marked fired before it is delivered
/// (at most once); the actor's handling is idempotent.
pub async fn run_scheduler(store: Store, registry: ConversationRegistry, poll: Duration) {
    loop {
        match store.outbox().due_timers(store.clock.now_ms(), 500).await {
            Ok(due) if !due.is_empty() => {
                for timer in due {
                    if let Ok(true) = store.outbox().fire_timer(&timer.id).await {
                        let (workspace_id, lead_id) =
                            (timer.workspace_id.clone(), timer.lead_id.clone());
                        registry.tell(&workspace_id, &lead_id, TimerFired { timer });
                    }
                }
                continue;
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "reading due timers failed"),
        }
        tokio::time::sleep(poll).await;
    }
}

/// Redelivers inbound messages stored but not handled (a crash between storing and handling,
/// an actor that died mid-way). Returns how many were redelivered.
pub async fn redeliver_unprocessed(
    store: &Store,
    registry: &ConversationRegistry,
    older_than_ms: i64,
) -> anyhow::Result<usize> {
    let pending = store
        .conversations()
        .unprocessed_inbound(now_ms() - older_than_ms, 10_000)
        .await?;
    for message in &pending {
        registry.deliver_inbound(&message.workspace_id, &message.lead_id, &message.id, None);
    }
    Ok(pending.len())
}

pub async fn run_sweeps(
    store: Store,
    registry: ConversationRegistry,
    idle_ms: i64,
    every: Duration,
) {
    loop {
        tokio::time::sleep(every).await;
        let passivated = registry.passivate_idle(idle_ms);
        if passivated > 0 {
            tracing::debug!(
                passivated,
                resident = registry.resident(),
                "passivated idle conversations"
            );
        }
        if let Err(error) = redeliver_unprocessed(&store, &registry, 30_000).await {
            tracing::warn!(%error, "redelivery sweep failed");
        }
    }
}
