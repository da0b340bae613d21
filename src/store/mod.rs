//! Persistence. All SQL lives here; nothing in this module knows about HTTP, actors or
//! providers. One SQL text serves SQLite and PostgreSQL through sqlx's `Any` driver: columns are
//! TEXT / BIGINT (timestamps in epoch milliseconds, booleans as 0/1), placeholders are `$1..$n`
//! in order of appearance. The few places where the backends differ are named in [`Backend`].

/// The start of an `llm_requests` insert, up to `VALUES`: one column list for the standalone
/// line (`llm::insert_request`) and the one chained in front of a reply
/// (`conversations::chained`), both bound by `llm::bind_line` in this order.
macro_rules! llm_request_insert {
    () => {
        "INSERT INTO llm_requests (id, workspace_id, agent_id, lead_id, provider, model, \
         purpose, prompt_tokens, completion_tokens, latency_ms, ttft_ms, cost_micros, \
         cache_hit, error, created_at) VALUES "
    };
}

mod agents;
mod api_keys;
mod campaigns;
mod companies;
mod compliance;
pub mod config_cache;
mod conversations;
mod dashboard;
mod email;
mod group_commit;
mod imports;
mod integrations;
mod invitations;
mod leads;
mod library;
mod llm;
mod messaging;
mod outbox;
mod refresh_tokens;
mod settings;
mod users;
mod workflows;
mod workspaces;

/// A query on either database, for the helpers that bind a record's columns onto it.
type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

pub use agents::{AgentInput, AgentRecord, AgentStore, start_of_utc_day};
pub use api_keys::{ApiKeyRecord, ApiKeyStore};
pub use campaigns::{
    CampaignInput, CampaignRecord, CampaignStore, LeadActivity, NodeCount, NodeRunRecord,
    NodeRunWrite, RunAction, RunAdvance, RunCounts, RunOutcome, RunRecord, StepDelivery, StepWrite,
    StepWritten,
};
pub use companies::{
    CompanyFilter, CompanyInput, CompanyRecord, CompanyStore, name_key as company_name_key,
};
pub use compliance::{
    ComplianceStore, NewSuppression, SuppressionReason, SuppressionRecord, normalise_address,
};
pub use config_cache::ConfigCache;
pub use conversations::{
    ConversationFilter, ConversationRecord, ConversationStore, DraftRecord, FinishedReply,
    LeadSummary, MessageRecord, NewDraft, NewInbound, NewOutbound, preview, status_rank,
};
pub use dashboard::{DashboardFigures, DashboardStore};
pub use email::{
    EmailRecord, EmailSettingsRecord, EmailStore, MailboxInput, MailboxRecord, NewOutboundEmail,
};
pub use group_commit::{CommitStats, GroupCommit};
pub use imports::{ImportCounters, ImportJobRecord, ImportRejection, ImportStore, NewImportJob};
pub use integrations::{
    AlertRecord, BookingChange, DeliveryAttempt, IntegrationSettingsChanges,
    IntegrationSettingsRecord, IntegrationStore, LinkedinTaskRecord, MeetingRecord,
    NewLinkedinTask, WebhookDeliveryRecord, WebhookEndpointInput, WebhookEndpointRecord,
    next_free_slot,
};
pub use invitations::{InvitationRecord, InvitationStore};
pub use leads::{
    ConsentRecord, LeadChanges, LeadDraft, LeadFilter, LeadRecord, LeadSort, LeadStore,
    MergeOutcome,
};
pub use library::{LibraryStore, PersonaRecord, TemplateRecord};
pub use llm::{
    AgentUsage, AiSettingsRecord, CachedGeneration, LlmRequestFilter, LlmRequestRecord, LlmStore,
    NewLlmRequest, ProviderKeyRecord,
};
pub use messaging::{
    MessagingStore, NewTwilioAccount, TwilioAccountRecord, WhatsappTemplateRecord,
};
pub use outbox::{CompletedSend, MessageToSend, OutboxItem, OutboxStore, TimerRecord};
pub use refresh_tokens::{RefreshTokenStore, RefreshUse};
pub use settings::SettingsStore;
pub use users::{NewUser, UserRecord, UserStore};
pub use workflows::{
    ArchiveOutcome, NewWorkflow, WorkflowChanges, WorkflowRecord, WorkflowStore,
    WorkflowVersionRecord,
};
pub use workspaces::{WorkspaceRecord, WorkspaceStore};

use crate::clock::Clock;
use anyhow::Context;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::sync::Arc;
use std::time::Duration;

/// Which database engine sits behind the pool. Kept for the few statements that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres:// (got '{url}')")
        }
    }

    /// How a write transaction begins: `BEGIN IMMEDIATE` on SQLite (see `Store::begin_write`).
    pub(crate) fn begin_write_statement(self) -> &'static str {
        match self {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Errors the store reports to callers that can act on them; everything else is `Unexpected`.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique constraint was hit; the payload names the constraint's column when known.
    #[error("conflict on {0}")]
    Conflict(String),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::RowNotFound = error {
            return StoreError::NotFound;
        }
        if let Some(db_error) = error.as_database_error()
            && db_error.is_unique_violation()
        {
            let message = db_error.message().to_lowercase();
            let column = ["email", "phone", "slug", "name"]
                .into_iter()
                .find(|c| message.contains(c))
                .unwrap_or("unique key");
            return StoreError::Conflict(column.to_string());
        }
        StoreError::Unexpected(anyhow::Error::new(error))
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Hot-path writes committed together at most (see [`GroupCommit`]).
pub const DEFAULT_WRITE_BATCH: usize = 256;

/// The handle every layer above uses. Cheap to clone (the pool is reference counted).
#[derive(Clone)]
pub struct Store {
    pub pool: AnyPool,
    /// Where the live layer's writes go: one connection on SQLite, the pool on PostgreSQL.
    pub writer: AnyPool,
    /// Group commit in front of `writer` for the live layer's hot writes.
    pub commits: GroupCommit,
    pub backend: Backend,
    /// What "now" is for everything that decides what is due (see [`crate::clock`]).
    pub clock: Clock,
    /// Settings the live path reads per message (see [`config_cache`]).
    pub config: Arc<ConfigCache>,
}

impl Store {
    /// Connects, creating the SQLite file or the PostgreSQL database when it does not exist.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        Self::connect_with_batch(url, max_connections, DEFAULT_WRITE_BATCH).await
    }

    /// As [`Store::connect`], with at most `write_batch` hot-path writes per group commit.
    pub async fn connect_with_batch(
        url: &str,
        max_connections: u32,
        write_batch: usize,
    ) -> anyhow::Result<Self> {
        install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let separator = if url.contains('?') { '&' } else { '?' };
                format!("{url}{separator}mode=rwc")
            }
            _ => url.to_string(),
        };
        if backend == Backend::Postgres {
            use sqlx::migrate::MigrateDatabase;
            if !sqlx::Any::database_exists(&url)
                .await
                .context("checking the database exists")?
            {
                sqlx::Any::create_database(&url)
                    .await
                    .context("creating the database")?;
            }
        }
        let options = |connections: u32, writer: bool| {
            let mut options = AnyPoolOptions::new()
                .max_connections(connections)
                .acquire_timeout(Duration::from_secs(10));
            if backend == Backend::Sqlite {
                // A SQLite connection cannot go stale, and sqlx's check before each acquire is a
                // round trip to the connection's worker thread: with it, every read cost two
                // thread hand-offs instead of one.
                options = options.test_before_acquire(false);
                // WAL lets readers proceed while the single writer commits; NORMAL sync is
                // durable across application crashes (kill -9), which is the failure we design for.
                options = options.after_connect(move |connection, _| {
                    Box::pin(async move {
                        connection.execute("PRAGMA journal_mode = WAL;").await?;
                        connection.execute("PRAGMA synchronous = NORMAL;").await?;
                        connection.execute("PRAGMA foreign_keys = ON;").await?;
                        connection.execute("PRAGMA busy_timeout = 10000;").await?;
                        // Read pages through a shared memory map instead of copying them
                        // out of the OS cache on every read (most of SQLite's CPU under load).
                        connection.execute("PRAGMA mmap_size = 1073741824;").await?;
                        connection.execute("PRAGMA cache_size = -16000;").await?;
                        if writer {
                            // The writer never checkpoints: copying WAL pages back into the
                            // database (and syncing it) would stall every commit queued behind
                            // it. A background task checkpoints from another connection.
                            connection.execute("PRAGMA wal_autocheckpoint = 0;").await?;
                        }
                        Ok(())
                    })
                });
            }
            options
        };
        let pool = options(max_connections, false)
            .connect(&url)
            .await
            .with_context(|| format!("connecting to the {} database", backend.name()))?;
        // SQLite has one writer. Hot-path writes queue for one dedicated connection in our
        // process instead of colliding in SQLite's busy handler, which backs off by sleeping.
        let writer = match backend {
            Backend::Sqlite => options(1, true)
                .connect(&url)
                .await
                .context("connecting the SQLite writer")?,
            Backend::Postgres => pool.clone(),
        };
        // The group-commit writer runs on a thread of its own. A PostgreSQL connection is
        // driven by the runtime that opened it, so its one connection comes from a pool of its
        // own, opened lazily — i.e. on its thread. (SQLite connections have their own worker
        // threads and work from any runtime.)
        let commit_pool = match backend {
            Backend::Sqlite => writer.clone(),
            Backend::Postgres => options(1, false)
                .connect_lazy(&url)
                .context("configuring the PostgreSQL writer's pool")?,
        };
        let commits = GroupCommit::start(commit_pool, write_batch, backend);
        if backend == Backend::Sqlite {
            tokio::spawn(checkpoint_wal(pool.clone(), commits.watch()));
        }
        Ok(Self {
            pool,
            writer,
            commits,
            backend,
            clock: Clock::default(),
            config: Arc::default(),
        })
    }

    /// Begins a write transaction on `pool` (the reader pool or the writer). On SQLite it is
    /// `BEGIN IMMEDIATE`: the write lock is taken up front, waiting in the busy handler while
    /// another connection writes. A deferred transaction that reads first cannot wait at its
    /// first write (SQLite refuses at once to avoid a deadlock) and failed with "database is
    /// locked" whenever the writer was busy — an import beside live conversations, say.
    pub(crate) async fn begin_write(
        &self,
        pool: &AnyPool,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        pool.begin_with(self.backend.begin_write_statement()).await
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        migrator
            .run(&self.pool)
            .await
            .context("applying migrations")?;
        Ok(())
    }

    /// Readiness: the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub fn agents(&self) -> AgentStore<'_> {
        AgentStore(self)
    }
    pub fn llm(&self) -> LlmStore<'_> {
        LlmStore(self)
    }
    pub fn users(&self) -> UserStore<'_> {
        UserStore(self)
    }
    pub fn workspaces(&self) -> WorkspaceStore<'_> {
        WorkspaceStore(self)
    }
    pub fn refresh_tokens(&self) -> RefreshTokenStore<'_> {
        RefreshTokenStore(self)
    }
    pub fn invitations(&self) -> InvitationStore<'_> {
        InvitationStore(self)
    }
    pub fn api_keys(&self) -> ApiKeyStore<'_> {
        ApiKeyStore(self)
    }
    pub fn leads(&self) -> LeadStore<'_> {
        LeadStore(self)
    }
    pub fn companies(&self) -> CompanyStore<'_> {
        CompanyStore(self)
    }
    pub fn imports(&self) -> ImportStore<'_> {
        ImportStore(self)
    }
    pub fn library(&self) -> LibraryStore<'_> {
        LibraryStore(self)
    }
    pub fn dashboard(&self) -> DashboardStore<'_> {
        DashboardStore(self)
    }
    pub fn settings(&self) -> SettingsStore<'_> {
        SettingsStore(self)
    }
    pub fn conversations(&self) -> ConversationStore<'_> {
        ConversationStore(self)
    }
    pub fn compliance(&self) -> ComplianceStore<'_> {
        ComplianceStore(self)
    }
    pub fn messaging(&self) -> MessagingStore<'_> {
        MessagingStore(self)
    }
    pub fn outbox(&self) -> OutboxStore<'_> {
        OutboxStore(self)
    }
    pub fn integrations(&self) -> IntegrationStore<'_> {
        IntegrationStore(self)
    }
    pub fn email(&self) -> EmailStore<'_> {
        EmailStore(self)
    }
    pub fn workflows(&self) -> WorkflowStore<'_> {
        WorkflowStore(self)
    }
    pub fn campaigns(&self) -> CampaignStore<'_> {
        CampaignStore(self)
    }
}

/// SQLite only: moves the write-ahead log back into the database file every second, from a
/// reader connection, so the writer's commits never wait for it. PASSIVE never blocks the
/// writer or readers; it copies what it can. Ends with the last Store handle.
async fn checkpoint_wal(pool: AnyPool, store_alive: group_commit::Watch) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if !store_alive.alive() {
            return; // every Store handle is gone
        }
        if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await
        {
            tracing::debug!(%error, "WAL checkpoint");
        }
    }
}

/// Current time in the stored representation (epoch milliseconds, UTC).
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// An `IN (...)` list for `ids`, from `$start` on, padded to a few fixed lengths by repeating
/// the last id (a repeated value changes nothing in an `IN` list). The padding keeps the set
/// of statement texts small, so hot batched reads keep their prepared statements instead of
/// being parsed again for every batch size. Returns the placeholders, the values to bind in
/// order, and whether the text is one of the fixed lengths (worth keeping prepared). `ids`
/// must not be empty; callers chunk by [`IN_LIST_MAX`].
pub(crate) fn padded_in_list<S: AsRef<str>>(start: usize, ids: &[S]) -> (String, Vec<&str>, bool) {
    debug_assert!(!ids.is_empty());
    let len = IN_LIST_LENGTHS
        .iter()
        .copied()
        .find(|&n| n >= ids.len())
        .unwrap_or(ids.len());
    let mut values: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
    if let Some(&last) = values.last() {
        values.resize(len, last);
    }
    (
        placeholders(start, len),
        values,
        IN_LIST_LENGTHS.contains(&len),
    )
}

/// The lengths [`padded_in_list`] pads to.
const IN_LIST_LENGTHS: [usize; 8] = [1, 2, 4, 8, 16, 64, 200, 500];

/// The longest `IN` list a store function binds at once.
pub(crate) const IN_LIST_MAX: usize = 500;

/// `$start, $start+1, ...` placeholders for an `IN (...)` list of `count` values.
pub(crate) fn placeholders(start: usize, count: usize) -> String {
    (start..start + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::padded_in_list;

    #[test]
    fn in_lists_are_padded_to_fixed_lengths_with_the_last_id() {
        let (list, values, fixed) = padded_in_list(2, &["a", "b", "c"]);
        assert_eq!(list, "$2, $3, $4, $5");
        assert_eq!(values, ["a", "b", "c", "c"]);
        assert!(fixed);
        let (list, values, fixed) = padded_in_list(1, &["only"]);
        assert_eq!((list.as_str(), values, fixed), ("$1", vec!["only"], true));
        let many: Vec<String> = (0..201).map(|i| i.to_string()).collect();
        let (_, values, fixed) = padded_in_list(1, &many);
        assert_eq!(values.len(), 500);
        assert_eq!(values[499], "200");
        assert!(fixed);
        let too_many: Vec<String> = (0..501).map(|i| i.to_string()).collect();
        let (_, values, fixed) = padded_in_list(1, &too_many);
        assert_eq!(values.len(), 501);
        assert!(!fixed);
    }
}
