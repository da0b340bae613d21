//! Topic fan-out to WebSocket sessions.
//!
//! Every browser connection registers a session with a bounded buffer. `publish` serialises an
//! event once and offers the same bytes to every session of its audience with `try_send`, so a
//! slow client never slows the publisher or anyone else: when a session's buffer is full the
//! session is marked lagging, and its writer drops what is buffered and tells the client to
//! resync. Topics are a workspace (inbox events) and a conversation (detailed events).
//!
//! Multi-node: `publish` is the only entry point callers use; a Redis bridge would publish the
//! serialised frame to a channel and call [`Hub::deliver_local`] for frames from other nodes.

use super::events::{Audience, Event, Viewer};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use tokio::sync::mpsc;

/// One serialised event, shared by every recipient: reference-counted bytes that a WebSocket
/// session writes as they are (no copy per recipient).
pub type Frame = bytestring::ByteString;

/// What a WebSocket writer needs: its frames and its lagging flag.
pub struct SessionHandle {
    pub id: u64,
    pub frames: mpsc::Receiver<Frame>,
    pub lagging: Arc<AtomicBool>,
}

struct Session {
    workspace_id: String,
    viewer: Viewer,
    sender: mpsc::Sender<Frame>,
    lagging: Arc<AtomicBool>,
    conversations: HashSet<String>,
}

#[derive(Default)]
struct Topics {
    sessions: HashMap<u64, Session>,
    workspaces: HashMap<String, HashSet<u64>>,
    conversations: HashMap<String, HashSet<u64>>,
}

#[derive(Clone)]
pub struct Hub {
    topics: Arc<RwLock<Topics>>,
    next_id: Arc<AtomicU64>,
    buffer: usize,
    delivered: Arc<AtomicU64>,
    dropped: Arc<AtomicU64>,
}

impl Hub {
    /// `buffer`: frames a session may have queued before it is told to resync.
    pub fn new(buffer: usize) -> Self {
        Self {
            topics: Arc::default(),
            next_id: Arc::new(AtomicU64::new(1)),
            buffer: buffer.max(1),
            delivered: Arc::default(),
            dropped: Arc::default(),
        }
    }

    pub fn register(&self, workspace_id: &str, viewer: Viewer) -> SessionHandle {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (sender, frames) = mpsc::channel(self.buffer);
        let lagging = Arc::new(AtomicBool::new(false));
        let mut topics = self.topics.write().expect("hub lock");
        topics
            .workspaces
            .entry(workspace_id.to_string())
            .or_default()
            .insert(id);
        topics.sessions.insert(
            id,
            Session {
                workspace_id: workspace_id.to_string(),
                viewer,
                sender,
                lagging: lagging.clone(),
                conversations: HashSet::new(),
            },
        );
        SessionHandle {
            id,
            frames,
            lagging,
        }
    }

    /// Removes a session; returns the conversations it was viewing (their presence changed).
    pub fn unregister(&self, id: u64) -> Vec<(String, String)> {
        let mut topics = self.topics.write().expect("hub lock");
        let Some(session) = topics.sessions.remove(&id) else {
            return Vec::new();
        };
        if let Some(set) = topics.workspaces.get_mut(&session.workspace_id) {
            set.remove(&id);
            if set.is_empty() {
                topics.workspaces.remove(&session.workspace_id);
            }
        }
        for conversation in &session.conversations {
            if let Some(set) = topics.conversations.get_mut(conversation) {
                set.remove(&id);
                if set.is_empty() {
                    topics.conversations.remove(conversation);
                }
            }
        }
        session
            .conversations
            .into_iter()
            .map(|c| (session.workspace_id.clone(), c))
            .collect()
    }

    pub fn subscribe(&self, id: u64, conversation_id: &str) {
        let mut topics = self.topics.write().expect("hub lock");
        let Some(session) = topics.sessions.get_mut(&id) else {
            return;
        };
        session.conversations.insert(conversation_id.to_string());
        topics
            .conversations
            .entry(conversation_id.to_string())
            .or_default()
            .insert(id);
    }

    pub fn unsubscribe(&self, id: u64, conversation_id: &str) {
        let mut topics = self.topics.write().expect("hub lock");
        if let Some(session) = topics.sessions.get_mut(&id) {
            session.conversations.remove(conversation_id);
        }
        if let Some(set) = topics.conversations.get_mut(conversation_id) {
            set.remove(&id);
            if set.is_empty() {
                topics.conversations.remove(conversation_id);
            }
        }
    }

    /// Distinct people viewing a conversation, sorted by name.
    pub fn viewers(&self, conversation_id: &str) -> Vec<Viewer> {
        let topics = self.topics.read().expect("hub lock");
        let mut viewers: Vec<Viewer> = topics
            .conversations
            .get(conversation_id)
            .into_iter()
            .flatten()
            .filter_map(|id| topics.sessions.get(id).map(|s| s.viewer.clone()))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        viewers.sort_by(|a, b| a.name.cmp(&b.name).then(a.user_id.cmp(&b.user_id)));
        viewers
    }

    /// Sends `event` to its audience within `workspace_id`.
    pub fn publish(&self, workspace_id: &str, event: &Event) {
        let conversation = match event.audience() {
            Audience::Workspace => None,
            Audience::Conversation(id) => Some(id),
        };
        // Most draft deltas and typing events have nobody watching their conversation: skip
        // the serialisation. (A multi-node bridge would publish here before this check.)
        if !self.has_audience(workspace_id, conversation) {
            return;
        }
        let frame: Frame = match serde_json::to_string(event) {
            Ok(text) => text.into(),
            Err(error) => {
                tracing::error!(%error, "event serialisation failed");
                return;
            }
        };
        self.deliver_local(workspace_id, conversation, frame);
    }

    fn has_audience(&self, workspace_id: &str, conversation_id: Option<&str>) -> bool {
        let topics = self.topics.read().expect("hub lock");
        match conversation_id {
            None => topics.workspaces.get(workspace_id),
            Some(id) => topics.conversations.get(id),
        }
        .is_some_and(|recipients| !recipients.is_empty())
    }

    /// Offers a serialised frame to the local sessions of a topic.
    pub fn deliver_local(&self, workspace_id: &str, conversation_id: Option<&str>, frame: Frame) {
        let topics = self.topics.read().expect("hub lock");
        let recipients = match conversation_id {
            None => topics.workspaces.get(workspace_id),
            Some(id) => topics.conversations.get(id),
        };
        let Some(recipients) = recipients else {
            return;
        };
        for id in recipients {
            let Some(session) = topics.sessions.get(id) else {
                continue;
            };
            if session.workspace_id != workspace_id {
                continue;
            }
            match session.sender.try_send(frame.clone()) {
                Ok(()) => {
                    self.delivered.fetch_add(1, Ordering::Relaxed);
                }
                Err(mpsc::error::TrySendError::Full(_)) => {
                    session.lagging.store(true, Ordering::Release);
                    self.dropped.fetch_add(1, Ordering::Relaxed);
                }
                Err(mpsc::error::TrySendError::Closed(_)) => {}
            }
        }
    }

    pub fn session_count(&self) -> usize {
        self.topics.read().expect("hub lock").sessions.len()
    }

    /// (frames delivered, frames dropped for lagging sessions) since start.
    pub fn counters(&self) -> (u64, u64) {
        (
            self.delivered.load(Ordering::Relaxed),
            self.dropped.load(Ordering::Relaxed),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(name: &str) -> Viewer {
        Viewer {
            user_id: format!("u-{name}"),
            name: name.into(),
        }
    }

    fn typing(conversation: &str) -> Event {
        Event::Typing {
            conversation_id: conversation.into(),
            who: super::super::events::Who::Ai,
        }
    }

    #[tokio::test]
    async fn conversation_events_reach_only_subscribers_of_that_workspace() {
        let hub = Hub::new(8);
        let mut a = hub.register("w1", viewer("a"));
        let mut b = hub.register("w1", viewer("b"));
        let mut other = hub.register("w2", viewer("c"));
        hub.subscribe(a.id, "conv-1");
        hub.subscribe(other.id, "conv-1");
        hub.publish("w1", &typing("conv-1"));
        assert!(a.frames.try_recv().unwrap().contains("\"typing\""));
        assert!(b.frames.try_recv().is_err(), "b is not subscribed");
        assert!(
            other.frames.try_recv().is_err(),
            "another workspace never receives it"
        );
    }

    #[tokio::test]
    async fn a_full_buffer_marks_the_session_lagging_without_blocking_others() {
        let hub = Hub::new(2);
        let slow = hub.register("w", viewer("slow"));
        let mut fast = hub.register("w", viewer("fast"));
        hub.subscribe(slow.id, "c");
        hub.subscribe(fast.id, "c");
        for _ in 0..5 {
            hub.publish("w", &typing("c"));
            assert!(fast.frames.try_recv().is_ok());
        }
        assert!(slow.lagging.load(Ordering::Acquire));
        assert!(!fast.lagging.load(Ordering::Acquire));
        assert_eq!(hub.counters().1, 3);
    }

    #[tokio::test]
    async fn presence_lists_distinct_viewers_and_unregister_reports_their_conversations() {
        let hub = Hub::new(4);
        let one = hub.register("w", viewer("ann"));
        let two = hub.register("w", viewer("ann"));
        let three = hub.register("w", viewer("bob"));
        for s in [one.id, two.id, three.id] {
            hub.subscribe(s, "c");
        }
        assert_eq!(hub.viewers("c").len(), 2);
        assert_eq!(hub.unregister(three.id), vec![("w".into(), "c".into())]);
        assert_eq!(hub.viewers("c"), vec![viewer("ann")]);
        assert_eq!(hub.session_count(), 2);
    }
}
