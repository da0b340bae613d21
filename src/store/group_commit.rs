//! Group commit for the live layer's hot writes. Every inbound message, AI reply, LLM log line
//! and outbox completion is a small transaction; committed one by one, the commits (WAL appends
//! of the same few pages, over and over) were most of the database's work. Here callers hand a
//! unit of work to a writer task, which runs whatever has queued up in ONE transaction and
//! answers each caller only after that transaction committed — so "stored before acknowledged"
//! still holds for every caller.
//!
//! There is no waiting for a batch to fill: a writer takes what is queued the moment it is free.
//! At low load a batch is one job (latency as before); under load batches grow by themselves.
//!
//! A unit of work is a closure that may run twice: if any job in a batch fails, the batch is
//! rolled back and each job runs again alone, so one bad job never takes others down and never
//! leaves half its writes behind.

use super::{Backend, StoreError, StoreResult};
use futures_util::future::BoxFuture;
use sqlx::{AnyConnection, AnyPool, Connection};
use std::any::Any;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::{mpsc, oneshot};

type Output = Box<dyn Any + Send>;
type Work =
    Box<dyn for<'c> Fn(&'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Output>> + Send + Sync>;

struct Job {
    work: Work,
    reply: oneshot::Sender<StoreResult<Output>>,
}

/// The queue in front of the writer. Cheap to clone.
#[derive(Clone)]
pub struct GroupCommit {
    queue: mpsc::Sender<Job>,
    counters: Arc<Counters>,
}

#[derive(Default)]
struct Counters {
    transactions: AtomicU64,
    jobs: AtomicU64,
    retried_alone: AtomicU64,
}

/// What the writer has done since start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitStats {
    /// Transactions committed or rolled back.
    pub transactions: u64,
    /// Jobs answered.
    pub jobs: u64,
    /// Jobs run again alone because a job in their batch failed.
    pub retried_alone: u64,
}

impl GroupCommit {
    /// Starts the writer on a thread of its own, taking a connection from `pool` per batch. A
    /// batch holds at most `max_batch` jobs. One writer on both databases: SQLite has one
    /// writer anyway, and on PostgreSQL parallel batches touching the same conversations waited
    /// on each other's row locks (and deadlocked), where one writer's batches never conflict.
    ///
    /// On PostgreSQL the pool's connections are network sockets the writer's runtime must
    /// drive. A SQLite connection runs on a thread of its own, so the writer then needs no I/O
    /// driver and sleeps on a plain futex between answers, which is cheaper to wake than the
    /// I/O driver's eventfd and epoll (one wake-up per statement). On SQLite a batch begins
    /// `IMMEDIATE` (see `Store::begin_write`).
    pub fn start(pool: AnyPool, max_batch: usize, backend: Backend) -> Self {
        let (queue, receiver) = mpsc::channel(max_batch * 8);
        let counters = Arc::new(Counters::default());
        let begin = backend.begin_write_statement();
        let sockets = backend == Backend::Postgres;
        let task = writer(pool, receiver, counters.clone(), max_batch.max(1), begin);
        // On a shared runtime thread, every statement's answer waited for whatever else that
        // thread was running (agent jobs, the outbox).
        let mut builder = tokio::runtime::Builder::new_current_thread();
        if sockets {
            builder.enable_all();
        } else {
            builder.enable_time();
        }
        let runtime = builder.build();
        match runtime {
            Ok(runtime) => {
                let spawned = std::thread::Builder::new()
                    .name("omnireach-writer".into())
                    .spawn(move || runtime.block_on(task));
                if let Err(error) = spawned {
                    tracing::error!(%error, "starting the writer thread");
                }
            }
            Err(error) => {
                tracing::warn!(%error, "no runtime for the writer thread; writing from the caller's runtime");
                tokio::spawn(task);
            }
        }
        Self { queue, counters }
    }

    pub fn stats(&self) -> CommitStats {
        CommitStats {
            transactions: self.counters.transactions.load(Ordering::Relaxed),
            jobs: self.counters.jobs.load(Ordering::Relaxed),
            retried_alone: self.counters.retried_alone.load(Ordering::Relaxed),
        }
    }

    /// Runs `work` inside a transaction shared with other callers' work and returns its result
    /// once that transaction committed.
    pub async fn run<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: for<'c> Fn(&'c mut AnyConnection) -> BoxFuture<'c, StoreResult<T>>
            + Send
            + Sync
            + 'static,
    {
        let work: Work = Box::new(move |connection| {
            let future = work(connection);
            Box::pin(async move { future.await.map(|value| Box::new(value) as Output) })
        });
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Job { work, reply })
            .await
            .map_err(|_| stopped())?;
        let output = answer.await.map_err(|_| stopped())??;
        output
            .downcast::<T>()
            .map(|value| *value)
            .map_err(|_| StoreError::Unexpected(anyhow::anyhow!("group commit: wrong result type")))
    }
}

/// Tells a background task whether any Store handle is left, without keeping one alive.
pub struct Watch(mpsc::WeakSender<Job>);

impl Watch {
    pub fn alive(&self) -> bool {
        self.0.upgrade().is_some()
    }
}

impl GroupCommit {
    pub fn watch(&self) -> Watch {
        Watch(self.queue.downgrade())
    }
}

fn stopped() -> StoreError {
    StoreError::Unexpected(anyhow::anyhow!("the database writer has stopped"))
}

async fn writer(
    pool: AnyPool,
    mut receiver: mpsc::Receiver<Job>,
    counters: Arc<Counters>,
    max_batch: usize,
    begin: &'static str,
) {
    let mut batch = Vec::with_capacity(max_batch);
    loop {
        if receiver.recv_many(&mut batch, max_batch).await == 0 {
            return; // every Store handle is gone
        }
        counters
            .jobs
            .fetch_add(batch.len() as u64, Ordering::Relaxed);
        run_batch(&pool, &mut batch, &counters, begin).await;
    }
}

async fn run_batch(pool: &AnyPool, batch: &mut Vec<Job>, counters: &Counters, begin: &'static str) {
    let mut connection = match pool.acquire().await {
        Ok(connection) => connection,
        Err(error) => {
            let message = error.to_string();
            for job in batch.drain(..) {
                let _ = job.reply.send(Err(StoreError::Unexpected(anyhow::anyhow!(
                    "no database connection: {message}"
                ))));
            }
            return;
        }
    };
    if batch.len() > 1 {
        counters.transactions.fetch_add(1, Ordering::Relaxed);
        match together(&mut connection, batch, begin).await {
            Ok(outputs) => {
                for (job, output) in batch.drain(..).zip(outputs) {
                    let _ = job.reply.send(Ok(output));
                }
                return;
            }
            Err(error) => {
                tracing::debug!(%error, jobs = batch.len(), "a batched write failed; running its jobs one by one");
                counters
                    .retried_alone
                    .fetch_add(batch.len() as u64, Ordering::Relaxed);
            }
        }
    }
    for job in batch.drain(..) {
        counters.transactions.fetch_add(1, Ordering::Relaxed);
        let result = alone(&mut connection, &job, begin).await;
        let _ = job.reply.send(result);
    }
}

async fn together(
    connection: &mut AnyConnection,
    batch: &[Job],
    begin: &'static str,
) -> StoreResult<Vec<Output>> {
    let mut transaction = connection.begin_with(begin).await?;
    let mut outputs = Vec::with_capacity(batch.len());
    for job in batch {
        outputs.push((job.work)(&mut transaction).await?);
    }
    transaction.commit().await?;
    Ok(outputs)
}

async fn alone(
    connection: &mut AnyConnection,
    job: &Job,
    begin: &'static str,
) -> StoreResult<Output> {
    let mut transaction = connection.begin_with(begin).await?;
    let output = (job.work)(&mut transaction).await?;
    transaction.commit().await?;
    Ok(output)
}
