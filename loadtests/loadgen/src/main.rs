//! `loadgen`: drives a running OmniReach (or a baseline server) with simulated leads and inbox
//! clients and reports throughput, latency percentiles, misses and server memory. It also hosts
//! the fake providers and baseline servers that let the measurement isolate the server itself.
//! Every target is local: nothing here is meant to be pointed at another machine.

mod broadcast_bench;
mod cli;
mod fake_llm;
mod inbox_run;
mod latency;
mod minimal_broadcast_server;
mod omnireach_api;
mod open_files;
mod process_usage;
mod twilio_webhook;
mod workflow_bench;
mod ws_target;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let outcome = match cli.command {
        cli::Command::Run(args) => client_runtime(cli.threads).block_on(inbox_run::run(args)),
        cli::Command::Broadcast(args) => {
            client_runtime(cli.threads).block_on(broadcast_bench::run(args))
        }
        cli::Command::FakeLlm(args) => actix_web::rt::System::new().block_on(fake_llm::serve(args)),
        cli::Command::MinimalBroadcastServer(args) => {
            actix_web::rt::System::new().block_on(minimal_broadcast_server::serve(args))
        }
        cli::Command::Workflows(args) => {
            client_runtime(cli.threads).block_on(workflow_bench::run(args))
        }
        cli::Command::HttpBurst(args) => {
            client_runtime(cli.threads).block_on(workflow_bench::http_burst(args))
        }
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("loadgen: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// The measuring side runs on a multi-threaded tokio runtime; the servers run on actix's own
/// per-worker runtimes, as the product does.
fn client_runtime(threads: Option<usize>) -> tokio::runtime::Runtime {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if let Some(threads) = threads {
        builder.worker_threads(threads.max(1));
    }
    builder.enable_all().build().expect("tokio runtime")
}
