//! Command-line surface: one subcommand per measurement or helper server.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "loadgen",
    version,
    about = "Load generator for OmniReach live conversations"
)]
pub struct Cli {
    /// Threads of the measuring side's runtime (`run`, `broadcast`); default: one per core.
    /// On a machine shared with the server, fewer threads leave it more room.
    #[arg(long, global = true)]
    pub threads: Option<usize>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Inbound messages at a fixed rate through the sandbox, watched by inbox WebSocket clients.
    Run(RunArgs),
    /// Many WebSocket clients, a few broadcasts: delivery latency and server memory per connection.
    Broadcast(BroadcastArgs),
    /// An OpenAI-compatible chat completions server with configurable latency and token rate.
    FakeLlm(FakeLlmArgs),
    /// The smallest actix-web + actix-ws broadcast server: the floor our hub is compared with.
    MinimalBroadcastServer(MinimalBroadcastArgs),
    /// Workflow runs: a campaign on every lead, timed until every run has finished.
    Workflows(WorkflowsArgs),
    /// The same JSON POST many times with a fixed concurrency (the n8n webhook peer).
    HttpBurst(HttpBurstArgs),
}

#[derive(Args)]
pub struct RunArgs {
    /// Server base URL, e.g. http://127.0.0.1:8080
    #[arg(long)]
    pub base_url: String,
    #[arg(long, env = "OMNIREACH_ADMIN_EMAIL")]
    pub email: String,
    #[arg(long, env = "OMNIREACH_ADMIN_PASSWORD", hide_env_values = true)]
    pub password: String,
    /// Leads the messages are spread over (existing ones are reused, missing ones created).
    #[arg(long, default_value_t = 50)]
    pub leads: usize,
    /// Inbound messages per second, open loop.
    #[arg(long, default_value_t = 100.0)]
    pub rate: f64,
    /// Seconds of sending.
    #[arg(long, default_value_t = 10.0)]
    pub duration: f64,
    /// Inbox WebSocket clients, each expecting every message.
    #[arg(long, default_value_t = 5)]
    pub clients: usize,
    /// Seconds after the last send to wait for events still on their way.
    #[arg(long, default_value_t = 5.0)]
    pub grace: f64,
    /// POSTs allowed in flight at once; a send due while the cap is reached is counted as an error.
    #[arg(long, default_value_t = 2000)]
    pub max_in_flight: usize,
    /// Server process whose VmRSS is sampled during the run.
    #[arg(long)]
    pub server_pid: Option<u32>,
    /// Fail when errored POSTs exceed this fraction of the attempted ones.
    #[arg(long, default_value_t = 0.01)]
    pub max_error_rate: f64,
    /// Fail when missed deliveries exceed this fraction of the expected ones.
    #[arg(long, default_value_t = 0.01)]
    pub max_miss_rate: f64,
    /// Fail when the delivery p99 is above this many milliseconds.
    #[arg(long)]
    pub max_p99_ms: Option<f64>,
    /// Write the one-line JSON summary to this file as well.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Where the inbound messages come in.
    #[arg(long, value_enum, default_value = "sandbox")]
    pub inbound: InboundPath,
    /// `--inbound twilio`: the server's `TWILIO_AUTH_TOKEN` (signs every webhook).
    #[arg(long, env = "TWILIO_AUTH_TOKEN", hide_env_values = true)]
    pub twilio_auth_token: Option<String>,
    /// `--inbound twilio`: the server's `TWILIO_ACCOUNT_SID`.
    #[arg(long, env = "TWILIO_ACCOUNT_SID")]
    pub twilio_account_sid: Option<String>,
    /// `--inbound twilio`: the server's `TWILIO_FROM_NUMBER` (the number leads write to).
    #[arg(long, env = "TWILIO_FROM_NUMBER")]
    pub twilio_number: Option<String>,
    /// `--inbound twilio`: the server's `PUBLIC_URL` (part of what Twilio signs).
    #[arg(long, env = "PUBLIC_URL")]
    pub public_url: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum, Debug)]
pub enum InboundPath {
    /// `POST /api/sandbox/inbound` (signed in, JSON): the baseline.
    Sandbox,
    /// `POST /api/webhooks/twilio/messaging`, a form signed exactly as Twilio signs it; leads
    /// write from phone numbers (created by the server on their first message, before the run).
    Twilio,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum, Debug)]
pub enum BroadcastTarget {
    /// OmniReach: one sandbox inbound message is a `message.created` to every workspace session.
    Omnireach,
    /// `loadgen minimal-broadcast-server`.
    ActixWs,
    /// The socket.io baseline in loadtests/baselines/socketio.
    Socketio,
}

#[derive(Args)]
pub struct BroadcastArgs {
    #[arg(long, value_enum)]
    pub target: BroadcastTarget,
    /// Server base URL, e.g. http://127.0.0.1:8080 (paths are the target's own).
    #[arg(long)]
    pub url: String,
    /// Override the WebSocket URL (OmniReach: `?token=` is appended).
    #[arg(long)]
    pub ws_url: Option<String>,
    /// Override the URL that is POSTed to trigger one broadcast.
    #[arg(long)]
    pub trigger_url: Option<String>,
    #[arg(long, default_value_t = 1000)]
    pub clients: usize,
    /// Broadcasts, one after the other: the next starts once every client has the last one.
    #[arg(long, default_value_t = 20)]
    pub messages: usize,
    /// Pause between broadcasts, milliseconds.
    #[arg(long, default_value_t = 100)]
    pub pause_ms: u64,
    /// Seconds a broadcast may take to reach every client before its stragglers count as missed.
    #[arg(long, default_value_t = 10.0)]
    pub timeout: f64,
    /// Connections opened at once while connecting.
    #[arg(long, default_value_t = 200)]
    pub connect_concurrency: usize,
    /// Padding in the baseline payloads so they weigh about as much as an OmniReach event.
    #[arg(long, default_value_t = 600)]
    pub payload_bytes: usize,
    /// Server process: RSS before and after connecting gives the memory per connection.
    #[arg(long)]
    pub server_pid: Option<u32>,
    /// OmniReach credentials (target omnireach only).
    #[arg(long, env = "OMNIREACH_ADMIN_EMAIL")]
    pub email: Option<String>,
    #[arg(long, env = "OMNIREACH_ADMIN_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
    /// Fail when missed deliveries exceed this fraction.
    #[arg(long, default_value_t = 0.0)]
    pub max_miss_rate: f64,
    #[arg(long)]
    pub json: Option<PathBuf>,
}

#[derive(Args)]
pub struct FakeLlmArgs {
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Milliseconds before the first token.
    #[arg(long, default_value_t = 300)]
    pub latency_ms: u64,
    /// Tokens per second after the first one.
    #[arg(long, default_value_t = 50.0)]
    pub tokens_per_sec: f64,
    /// Tokens per completion unless the request's `max_tokens` is smaller.
    #[arg(long, default_value_t = 40)]
    pub completion_tokens: usize,
    #[arg(long, default_value_t = 2)]
    pub workers: usize,
}

#[derive(Args)]
pub struct MinimalBroadcastArgs {
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    #[arg(long, default_value_t = 2)]
    pub workers: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum, Debug)]
pub enum WorkflowScenario {
    /// Offline AI generate → send on the sandbox channel → end.
    ThreeStep,
    /// The demo workflow, with the test clock advanced through `--days` days.
    Demo,
}

#[derive(Args)]
pub struct WorkflowsArgs {
    #[arg(long)]
    pub base_url: String,
    #[arg(long, env = "OMNIREACH_ADMIN_EMAIL")]
    pub email: String,
    #[arg(long, env = "OMNIREACH_ADMIN_PASSWORD", hide_env_values = true)]
    pub password: String,
    #[arg(long, value_enum, default_value = "three-step")]
    pub scenario: WorkflowScenario,
    /// Leads enrolled (existing ones are reused, missing ones created).
    #[arg(long, default_value_t = 1000)]
    pub leads: usize,
    /// Demo scenario: days the test clock is moved through.
    #[arg(long, default_value_t = 3)]
    pub days: i64,
    /// Demo scenario: hours per clock advance.
    #[arg(long, default_value_t = 6)]
    pub clock_step_hours: i64,
    /// Seconds before giving up on runs that have not finished.
    #[arg(long, default_value_t = 900.0)]
    pub timeout: f64,
    /// Server process whose peak RSS and CPU time are reported.
    #[arg(long)]
    pub server_pid: Option<u32>,
    #[arg(long)]
    pub json: Option<PathBuf>,
}

#[derive(Args)]
pub struct HttpBurstArgs {
    #[arg(long)]
    pub url: String,
    #[arg(long, default_value_t = 1000)]
    pub requests: usize,
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,
    /// The JSON body (an `index` field is added to each request).
    #[arg(
        long,
        default_value = "{\"email\": \"lead@example.com\", \"first_name\": \"Ada\"}"
    )]
    pub body: String,
    #[arg(long)]
    pub server_pid: Option<u32>,
    #[arg(long)]
    pub json: Option<PathBuf>,
}
