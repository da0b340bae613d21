//! The sandbox channel: the provider side is a table keyed by the outbox idempotency key, so it
//! behaves like a real provider that deduplicates by key. The delivery row is written in the
//! outbox worker's completion transaction (see `OutboxStore::complete_sends`). Used on the embedded default and in
//! load tests; the "reply as the lead" panel answers through `POST /api/sandbox/inbound`.

use super::{Channel, OutboundMessage, Reconciled, SendError, SendReceipt};
use crate::store::{OutboxItem, Store};
use futures_util::future::BoxFuture;

pub struct SandboxChannel {
    store: Store,
}

impl SandboxChannel {
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

impl Channel for SandboxChannel {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn send<'a>(
        &'a self,
        message: &'a OutboundMessage,
    ) -> BoxFuture<'a, Result<SendReceipt, SendError>> {
        Box::pin(async move {
            Ok(SendReceipt {
                provider_message_id: Some(format!("sandbox-{}", message.item.message_id)),
                delivered: true,
                record_in_sandbox: true,
                task: None,
            })
        })
    }

    fn reconcile<'a>(
        &'a self,
        item: &'a OutboxItem,
    ) -> BoxFuture<'a, Result<Reconciled, SendError>> {
        Box::pin(async move {
            let delivered = self
                .store
                .outbox()
                .sandbox_delivered(&item.idempotency_key)
                .await
                .map_err(|e| SendError::Temporary(e.to_string()))?;
            Ok(if delivered {
                Reconciled::Sent(Some(format!("sandbox-{}", item.message_id)))
            } else {
                Reconciled::NotSent
            })
        })
    }
}
