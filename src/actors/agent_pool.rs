//! The AgentActor pool: a fixed number of agent workers make the LLM calls, so a burst of
//! inbound messages queues instead of opening thousands of sockets. Jobs wait in a bounded
//! queue; submitting to a full queue waits (backpressure on the caller's task, never on an
//! actor's mailbox). Each job carries a cancellation token (a takeover fires it) and streams its
//! deltas back to the conversation that asked, joining those that queued up meanwhile.

use crate::llm::{Generation, Llm, LlmError, ReplyContext};
use crate::store::NewLlmRequest;
use actix::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::{Mutex, mpsc};
use tokio_util::sync::CancellationToken;

/// What an agent worker reports back to the conversation actor.
#[derive(Message)]
#[rtype(result = "()")]
pub enum AgentEvent {
    Delta {
        draft_id: String,
        text: String,
    },
    Finished {
        draft_id: String,
        result: Result<Generation, LlmError>,
        /// An offline generation's `llm_requests` line, not yet written: the conversation
        /// writes it with the reply, or alone when there is no reply to write.
        offline_log: Option<Box<NewLlmRequest>>,
    },
}

pub struct AgentJob {
    pub draft_id: String,
    pub context: ReplyContext,
    pub cancel: CancellationToken,
    pub reply_to: Recipient<AgentEvent>,
}

#[derive(Clone)]
pub struct AgentPool {
    jobs: mpsc::Sender<AgentJob>,
    queued: Arc<AtomicUsize>,
    running: Arc<AtomicUsize>,
}

impl AgentPool {
    /// Starts `workers` agent workers sharing a queue of `queue` jobs.
    pub fn start(llm: Llm, workers: usize, queue: usize) -> Self {
        let (jobs, receiver) = mpsc::channel::<AgentJob>(queue.max(1));
        let receiver = Arc::new(Mutex::new(receiver));
        let queued = Arc::new(AtomicUsize::new(0));
        let running = Arc::new(AtomicUsize::new(0));
        for _ in 0..workers.max(1) {
            let receiver = receiver.clone();
            let llm = llm.clone();
            let queued = queued.clone();
            let running = running.clone();
            actix::spawn(async move {
                loop {
                    let job = { receiver.lock().await.recv().await };
                    let Some(job) = job else { break };
                    queued.fetch_sub(1, Ordering::Relaxed);
                    if job.cancel.is_cancelled() {
                        job.reply_to.do_send(AgentEvent::Finished {
                            draft_id: job.draft_id,
                            result: Err(LlmError::Cancelled),
                            offline_log: None,
                        });
                        continue;
                    }
                    running.fetch_add(1, Ordering::Relaxed);
                    run_job(&llm, job).await;
                    running.fetch_sub(1, Ordering::Relaxed);
                }
            });
        }
        Self {
            jobs,
            queued,
            running,
        }
    }

    /// Queues a job, waiting while the queue is full.
    pub async fn submit(&self, job: AgentJob) {
        self.queued.fetch_add(1, Ordering::Relaxed);
        if let Err(mpsc::error::SendError(job)) = self.jobs.send(job).await {
            self.queued.fetch_sub(1, Ordering::Relaxed);
            job.reply_to.do_send(AgentEvent::Finished {
                draft_id: job.draft_id,
                result: Err(LlmError::Unexpected(anyhow::anyhow!("agent pool stopped"))),
                offline_log: None,
            });
        }
    }

    /// (jobs waiting, jobs running).
    pub fn load(&self) -> (usize, usize) {
        (
            self.queued.load(Ordering::Relaxed),
            self.running.load(Ordering::Relaxed),
        )
    }
}

async fn run_job(llm: &Llm, job: AgentJob) {
    let (deltas, mut incoming) = mpsc::channel::<String>(64);
    let reply_to = job.reply_to.clone();
    let draft_id = job.draft_id.clone();
    let forward = async {
        while let Some(mut text) = incoming.recv().await {
            // Deltas that queued while this task waited go as one: the conversation (and every
            // inbox watching it) gets the same text in fewer messages. A fast stream, such as
            // the offline responder's, arrives as one or two deltas instead of one per word.
            while let Ok(more) = incoming.try_recv() {
                text.push_str(&more);
            }
            reply_to.do_send(AgentEvent::Delta {
                draft_id: draft_id.clone(),
                text,
            });
        }
    };
    // An offline reply's log line travels with it: the worker does not wait for a write.
    let mut offline_log = None;
    let generate =
        llm.reply_keeping_offline_log(job.context, deltas, job.cancel.clone(), &mut offline_log);
    let (result, ()) = tokio::join!(generate, forward);
    let result = if job.cancel.is_cancelled() {
        Err(LlmError::Cancelled)
    } else {
        result
    };
    job.reply_to.do_send(AgentEvent::Finished {
        draft_id: job.draft_id,
        result,
        offline_log: offline_log.map(Box::new),
    });
}
