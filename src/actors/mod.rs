//! The live layer: one ConversationActor per lead (started on demand by the registry), the
//! AgentActor pool for LLM calls, the hub that fans events out to WebSocket sessions, and the
//! workers that make it durable (outbox, timers, redelivery).

pub mod agent_pool;
pub mod conversation;
pub mod events;
pub mod hub;
pub mod registry;
pub mod workers;

pub use conversation::{Command, LiveError, Outcome};
pub use hub::Hub;
pub use registry::ConversationRegistry;

use crate::channels::Channels;
use crate::llm::Llm;
use crate::store::{ConversationRecord, MessageRecord, NewInbound, Store, StoreError};
use agent_pool::AgentPool;
use events::{ConversationView, Event, MessageView};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

#[derive(Debug, Clone)]
pub struct LiveConfig {
    /// Concurrent LLM calls.
    pub agent_workers: usize,
    /// LLM jobs that may wait for a worker before submitters wait too.
    pub agent_queue: usize,
    /// Threads hosting conversation actors.
    pub arbiters: usize,
    /// An actor idle this long is passivated (its state stays in the database).
    pub idle_ms: i64,
    /// Frames a WebSocket session may have queued before it is told to resync.
    pub session_buffer: usize,
    /// Messages each actor keeps in memory.
    pub thread_cache: usize,
    pub fault_injection: bool,
    /// The time the outbox decides by (windows, quiet hours, caps); tests shift it.
    pub clock: crate::clock::Clock,
}

impl Default for LiveConfig {
    fn default() -> Self {
        Self {
            agent_workers: 16,
            agent_queue: 20_000,
            arbiters: std::thread::available_parallelism()
                .map_or(2, |n| n.get())
                .clamp(1, 4),
            idle_ms: 10 * 60 * 1000,
            session_buffer: 512,
            thread_cache: 20,
            fault_injection: false,
            clock: crate::clock::Clock::system(),
        }
    }
}

#[derive(Clone)]
pub struct Live {
    pub store: Store,
    pub hub: Hub,
    pub registry: ConversationRegistry,
    pub agents: AgentPool,
    pub llm: Llm,
    pub outbox_wake: Arc<Notify>,
}

impl Live {
    /// Starts the actors and workers. Must run inside an actix system.
    pub async fn start(
        store: Store,
        llm: Llm,
        channels: Channels,
        config: &LiveConfig,
    ) -> anyhow::Result<Self> {
        let hub = Hub::new(config.session_buffer);
        let agents = AgentPool::start(llm.clone(), config.agent_workers, config.agent_queue);
        let outbox_wake = Arc::new(Notify::new());
        let deps = Arc::new(conversation::Deps {
            store: store.clone(),
            hub: hub.clone(),
            agents: agents.clone(),
            outbox_wake: outbox_wake.clone(),
            thread_cache: config.thread_cache,
            fault_injection: config.fault_injection,
        });
        let registry = ConversationRegistry::new(deps, config.arbiters);

        let outbox = workers::OutboxWorker {
            store: store.clone(),
            hub: hub.clone(),
            channels,
            registry: registry.clone(),
            wake: outbox_wake.clone(),
            poll: Duration::from_millis(500),
            clock: config.clock.clone(),
        };
        let in_doubt = outbox.reconcile().await?;
        if in_doubt > 0 {
            tracing::info!(in_doubt, "reconciled sends interrupted by a restart");
        }
        actix::spawn(outbox.run());
        actix::spawn(workers::run_scheduler(
            store.clone(),
            registry.clone(),
            Duration::from_millis(500),
        ));
        actix::spawn(workers::run_sweeps(
            store.clone(),
            registry.clone(),
            config.idle_ms,
            Duration::from_secs(5),
        ));
        let redelivered = workers::redeliver_unprocessed(&store, &registry, 0).await?;
        if redelivered > 0 {
            tracing::info!(
                redelivered,
                "redelivered inbound messages stored before a restart"
            );
        }
        Ok(Self {
            store,
            hub,
            registry,
            agents,
            llm,
            outbox_wake,
        })
    }

    /// The inbound path every channel uses: store first (idempotent on the provider's id), then
    /// tell the inbox and hand the message to the lead's actor. Returns the message, its
    /// conversation and whether it was a duplicate (then nothing else happens).
    pub async fn accept_inbound(
        &self,
        inbound: &NewInbound<'_>,
    ) -> Result<(MessageRecord, ConversationRecord, bool), StoreError> {
        let conversations = self.store.conversations();
        // Almost always the lead has a conversation and the message is new: one write finds
        // the conversation, stores the message and returns the summary after it.
        let (message, fresh) = match conversations.record_inbound_by_lead(inbound).await? {
            Some(written) => written,
            None => {
                // The lead's first message (or no such lead), or a repeat: the full path.
                let conversation = conversations
                    .ensure_for_lead(inbound.workspace_id, inbound.lead_id, None)
                    .await?;
                let (message, duplicate) =
                    conversations.record_inbound(&conversation, inbound).await?;
                if duplicate {
                    return Ok((message, conversation, true));
                }
                // The summary after this message, without another read: the update just
                // committed set exactly these fields.
                let mut fresh = conversation;
                fresh.unread += 1;
                fresh.last_message_at = message.created_at;
                fresh.last_message_preview = Some(crate::store::preview(inbound.body));
                fresh.last_channel = Some(inbound.channel.to_string());
                fresh.last_direction = Some("inbound".into());
                fresh.last_inbound_at = Some(message.created_at);
                fresh.status = "open".into();
                fresh.updated_at = message.created_at;
                (message, fresh)
            }
        };
        self.hub.publish(
            inbound.workspace_id,
            &Event::MessageCreated {
                conversation_id: fresh.id.clone(),
                message: MessageView::from(&message),
                conversation: Some(Box::new(ConversationView::from(&fresh))),
            },
        );
        self.registry.deliver_inbound(
            inbound.workspace_id,
            inbound.lead_id,
            &message.id,
            Some(message.clone()),
        );
        Ok((message, fresh, false))
    }
}
