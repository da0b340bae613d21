//! The supervising registry: starts a lead's ConversationActor on demand (under an actix
//! `Supervisor`, spread over a few arbiters), routes messages to it, restarts it when it died,
//! and passivates actors that have been idle for a while.

use super::conversation::{
    Activity, ConversationActor, Deps, Inbound, LiveError, Outcome, Probe, StateProbe, Supervise,
};
use crate::store::now_ms;
use actix::prelude::*;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

struct Entry {
    addr: Addr<ConversationActor>,
    workspace_id: String,
    activity: Arc<Activity>,
}

#[derive(Clone)]
pub struct ConversationRegistry {
    inner: Arc<Inner>,
}

struct Inner {
    deps: Arc<Deps>,
    actors: Mutex<HashMap<String, Entry>>,
    arbiters: Vec<ArbiterHandle>,
    next_arbiter: AtomicUsize,
    started: AtomicUsize,
}

impl ConversationRegistry {
    /// `arbiters`: threads that host conversation actors.
    pub fn new(deps: Arc<Deps>, arbiters: usize) -> Self {
        let arbiters = (0..arbiters.max(1))
            .map(|_| Arbiter::new().handle())
            .collect();
        Self {
            inner: Arc::new(Inner {
                deps,
                actors: Mutex::new(HashMap::new()),
                arbiters,
                next_arbiter: AtomicUsize::new(0),
                started: AtomicUsize::new(0),
            }),
        }
    }

    /// The lead's actor, started (and its state loaded from the database) if it is not running.
    /// The lock is held while the message is queued, so passivation never races a send.
    fn with_actor<R>(
        &self,
        workspace_id: &str,
        lead_id: &str,
        f: impl FnOnce(&Addr<ConversationActor>) -> R,
    ) -> R {
        let mut actors = self.inner.actors.lock().expect("registry lock");
        let alive = actors
            .get(lead_id)
            .is_some_and(|e| e.addr.connected() && e.workspace_id == workspace_id);
        if !alive {
            let activity = Arc::new(Activity::default());
            activity.last_ms.store(now_ms(), Ordering::Relaxed);
            let arbiter =
                &self.inner.arbiters[self.inner.next_arbiter.fetch_add(1, Ordering::Relaxed)
                    % self.inner.arbiters.len()];
            let deps = self.inner.deps.clone();
            let (ws, lead, act) = (
                workspace_id.to_string(),
                lead_id.to_string(),
                activity.clone(),
            );
            let addr = Supervisor::start_in_arbiter(arbiter, move |_| {
                ConversationActor::new(deps, ws, lead, act)
            });
            self.inner.started.fetch_add(1, Ordering::Relaxed);
            actors.insert(
                lead_id.to_string(),
                Entry {
                    addr,
                    workspace_id: workspace_id.to_string(),
                    activity,
                },
            );
        }
        f(&actors.get(lead_id).expect("inserted above").addr)
    }

    /// Delivers a stored inbound message to its lead's actor.
    pub fn deliver_inbound(
        &self,
        workspace_id: &str,
        lead_id: &str,
        message_id: &str,
        record: Option<crate::store::MessageRecord>,
    ) {
        let message = Inbound {
            message_id: message_id.to_string(),
            message: record,
        };
        self.with_actor(workspace_id, lead_id, |addr| addr.do_send(message));
    }

    /// Sends a message to the actor only if it is resident (no rehydration for cache refreshes).
    pub fn tell_if_resident<M>(&self, lead_id: &str, message: M)
    where
        M: Message + Send + 'static,
        M::Result: Send,
        ConversationActor: Handler<M>,
    {
        let actors = self.inner.actors.lock().expect("registry lock");
        if let Some(entry) = actors.get(lead_id)
            && entry.addr.connected()
        {
            entry.addr.do_send(message);
        }
    }

    /// Sends a message to the lead's actor, starting it if needed.
    pub fn tell<M>(&self, workspace_id: &str, lead_id: &str, message: M)
    where
        M: Message + Send + 'static,
        M::Result: Send,
        ConversationActor: Handler<M>,
    {
        self.with_actor(workspace_id, lead_id, |addr| addr.do_send(message));
    }

    /// A supervisor command, answered once the actor has applied it.
    pub async fn supervise(
        &self,
        workspace_id: &str,
        lead_id: &str,
        command: super::conversation::Command,
    ) -> Result<Outcome, LiveError> {
        let request = self.with_actor(workspace_id, lead_id, |addr| addr.send(Supervise(command)));
        match request.await {
            Ok(result) => result,
            // The actor died while holding the request (a contained fault); it restarts.
            Err(_) => Err(LiveError::Unavailable),
        }
    }

    pub async fn probe(&self, workspace_id: &str, lead_id: &str) -> Option<StateProbe> {
        let request = self.with_actor(workspace_id, lead_id, |addr| addr.send(Probe));
        request.await.ok().flatten()
    }

    /// Stops actors idle for at least `idle_ms` (and forgets dead ones). Their state is in the
    /// database; the next event rehydrates them. Returns how many were passivated.
    pub fn passivate_idle(&self, idle_ms: i64) -> usize {
        let now = now_ms();
        let mut actors = self.inner.actors.lock().expect("registry lock");
        let before = actors.len();
        actors.retain(|_, entry| {
            if !entry.addr.connected() {
                return false;
            }
            let busy = entry.activity.busy.load(Ordering::Relaxed);
            let last = entry.activity.last_ms.load(Ordering::Relaxed);
            busy || now - last < idle_ms
        });
        before - actors.len()
    }

    /// Actors currently resident.
    pub fn resident(&self) -> usize {
        self.inner.actors.lock().expect("registry lock").len()
    }

    /// Actors started since the process began (restarts after passivation included).
    pub fn started(&self) -> usize {
        self.inner.started.load(Ordering::Relaxed)
    }
}
