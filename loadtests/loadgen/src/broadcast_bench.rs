//! `loadgen broadcast`: open many WebSocket clients on one target, trigger broadcasts one at a
//! time, and measure how long each takes to reach every client and what each connection costs
//! the server in resident memory. The same code measures OmniReach, the minimal actix-ws server
//! and the socket.io baseline; only `ws_target` knows how they differ.

use crate::cli::{BroadcastArgs, BroadcastTarget};
use crate::latency::LatencyRecorder;
use crate::omnireach_api::{InboundOutcome, OmniReach, http_client, websocket_base};
use crate::process_usage::{cpu_seconds, own_pid, resident_kib};
use crate::ws_target::{FrameMeaning, Socket, marker, open};
use crate::{inbox_run::run_tag, open_files};
use anyhow::{Context, Result, bail};
use futures_util::{SinkExt, StreamExt, stream};
use serde_json::json;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;

/// Memory is read this long after the last connection so lazily grown buffers are counted.
const SETTLE: Duration = Duration::from_secs(2);

enum Trigger {
    /// One sandbox inbound message: the server fans `message.created` out to the workspace.
    OmniReach { api: OmniReach, lead_id: String },
    /// `POST` of a JSON body that the baseline server sends to every socket as it is.
    Post {
        http: reqwest::Client,
        url: String,
        padding: String,
    },
}

impl Trigger {
    async fn fire(&self, marker_prefix: &str, sequence: u64) -> Result<()> {
        let marker = marker(marker_prefix, sequence);
        match self {
            Trigger::OmniReach { api, lead_id } => {
                match api
                    .sandbox_inbound(lead_id, &format!("broadcast {marker}"), &marker)
                    .await?
                {
                    InboundOutcome::Accepted {
                        duplicate: false, ..
                    } => Ok(()),
                    InboundOutcome::Accepted {
                        duplicate: true, ..
                    } => bail!("inbound answered duplicate"),
                    InboundOutcome::Rejected { label } => bail!("inbound answered {label}"),
                }
            }
            Trigger::Post { http, url, padding } => {
                let body = json!({"type": "broadcast", "seq": sequence, "text": marker, "padding": padding});
                let response = http.post(url).json(&body).send().await?;
                if !response.status().is_success() {
                    bail!("{url} answered {}", response.status());
                }
                Ok(())
            }
        }
    }
}

/// Shared between the conductor and every client: when each broadcast was triggered and how
/// many clients have it so far (the conductor waits for all before the next one).
struct Timeline {
    start: Instant,
    triggered_at: Vec<AtomicU64>,
    delivered: Vec<AtomicU64>,
}

impl Timeline {
    fn nanos_now(&self) -> u64 {
        self.start.elapsed().as_nanos() as u64
    }
}

struct ClientRecord {
    seen_at: Vec<u64>,
    dropped: bool,
}

pub async fn run(args: BroadcastArgs) -> Result<ExitCode> {
    let open_files_limit = open_files::raise_to_hard_limit();
    if (open_files_limit as usize) < args.clients + 64 {
        eprintln!(
            "warning: open files limit {open_files_limit} is below {} clients; raise `ulimit -Hn`",
            args.clients
        );
    }
    let target = args.target;
    let marker_prefix: Arc<str> = format!("lgseq-{}-", run_tag()).into();
    let http = http_client(16)?;
    let base = args.url.trim_end_matches('/').to_string();
    let (ws_url, trigger) = match target {
        BroadcastTarget::Omnireach => {
            let (Some(email), Some(password)) = (&args.email, &args.password) else {
                bail!(
                    "--email and --password (or OMNIREACH_ADMIN_EMAIL/PASSWORD) are needed for OmniReach"
                );
            };
            let api = OmniReach::sign_in(http.clone(), &base, email, password).await?;
            let lead_id = api.ensure_leads(1, &run_tag()).await?.remove(0);
            let ws_url = match &args.ws_url {
                Some(url) => url.clone(),
                None => api.inbox_socket_url(),
            };
            (ws_url, Trigger::OmniReach { api, lead_id })
        }
        BroadcastTarget::ActixWs | BroadcastTarget::Socketio => {
            let ws_url = args
                .ws_url
                .clone()
                .unwrap_or_else(|| format!("{}{}", websocket_base(&base), target.socket_path()));
            let url = args
                .trigger_url
                .clone()
                .unwrap_or_else(|| format!("{base}{}", target.trigger_path()));
            (
                ws_url,
                Trigger::Post {
                    http,
                    url,
                    padding: "x".repeat(args.payload_bytes),
                },
            )
        }
    };

    let timeline = Arc::new(Timeline {
        start: Instant::now(),
        triggered_at: (0..args.messages).map(|_| AtomicU64::new(0)).collect(),
        delivered: (0..args.messages).map(|_| AtomicU64::new(0)).collect(),
    });
    let (stop, stopped) = watch::channel(false);
    let server_before_kib = args.server_pid.and_then(resident_kib);
    let own_before_kib = resident_kib(own_pid());
    let connecting = Instant::now();
    // Each client starts listening as soon as it is ready: a socket left unread while the rest
    // connect would miss the server's pings and be closed as idle.
    let attempts: Vec<Result<JoinHandle<ClientRecord>>> = stream::iter(0..args.clients)
        .map(|_| {
            let ws_url = ws_url.clone();
            let (marker_prefix, timeline, stopped) =
                (marker_prefix.clone(), timeline.clone(), stopped.clone());
            async move {
                let mut socket = open(&ws_url).await?;
                target.handshake(&mut socket).await?;
                Ok(tokio::spawn(listen(
                    socket,
                    target,
                    marker_prefix,
                    timeline,
                    stopped,
                )))
            }
        })
        .buffer_unordered(args.connect_concurrency.max(1))
        .collect()
        .await;
    let connect_seconds = connecting.elapsed().as_secs_f64();
    let mut listeners = Vec::with_capacity(attempts.len());
    let mut connect_failures = 0usize;
    let mut first_connect_error = None;
    for attempt in attempts {
        match attempt {
            Ok(listener) => listeners.push(listener),
            Err(error) => {
                connect_failures += 1;
                first_connect_error.get_or_insert_with(|| format!("{error:#}"));
            }
        }
    }
    let connected = listeners.len();
    if connected == 0 {
        bail!(
            "no client connected: {}",
            first_connect_error.unwrap_or_default()
        );
    }
    tokio::time::sleep(SETTLE).await;
    let server_connected_kib = args.server_pid.and_then(resident_kib);
    let own_connected_kib = resident_kib(own_pid());

    let own_cpu_before = cpu_seconds(own_pid());
    let server_cpu_before = args.server_pid.and_then(cpu_seconds);
    let mut trigger_errors = 0usize;
    let mut first_trigger_error = None;
    for sequence in 0..args.messages {
        timeline.triggered_at[sequence].store(timeline.nanos_now().max(1), Ordering::SeqCst);
        if let Err(error) = trigger.fire(&marker_prefix, sequence as u64).await {
            trigger_errors += 1;
            first_trigger_error.get_or_insert_with(|| format!("{error:#}"));
            continue;
        }
        let deadline = Instant::now() + Duration::from_secs_f64(args.timeout);
        while (timeline.delivered[sequence].load(Ordering::Relaxed) as usize) < connected
            && Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        tokio::time::sleep(Duration::from_millis(args.pause_ms)).await;
    }
    let broadcast_seconds = timeline.start.elapsed().as_secs_f64();
    let cpu_used = |before: Option<f64>, pid: Option<u32>| match (before, pid.and_then(cpu_seconds))
    {
        (Some(before), Some(after)) => Some(after - before),
        _ => None,
    };
    let own_cpu = cpu_used(own_cpu_before, Some(own_pid()));
    let server_cpu = cpu_used(server_cpu_before, args.server_pid);
    let _ = stop.send(true);
    let mut records = Vec::with_capacity(connected);
    for listener in listeners {
        records.push(listener.await.context("client task")?);
    }

    let mut latency = LatencyRecorder::new();
    let mut fan_out = LatencyRecorder::new();
    let mut slowest = vec![0u64; args.messages];
    let mut missed = 0u64;
    let triggered: Vec<u64> = timeline
        .triggered_at
        .iter()
        .map(|at| at.load(Ordering::SeqCst))
        .collect();
    for record in &records {
        for (sequence, &seen) in record.seen_at.iter().enumerate() {
            if triggered[sequence] == 0 {
                continue;
            }
            if seen == 0 {
                missed += 1;
                continue;
            }
            let nanos = seen.saturating_sub(triggered[sequence]);
            latency.record_nanos(nanos);
            slowest[sequence] = slowest[sequence].max(nanos);
        }
    }
    for (sequence, &nanos) in slowest.iter().enumerate() {
        if triggered[sequence] != 0 && nanos > 0 {
            fan_out.record_nanos(nanos);
        }
    }
    let dropped = records.iter().filter(|record| record.dropped).count();
    let expected = (args.messages - trigger_errors) as u64 * connected as u64;
    let miss_rate = if expected == 0 {
        1.0
    } else {
        missed as f64 / expected as f64
    };
    let delivery = latency.summary();
    let fan_out = fan_out.summary();
    let per_connection = |before: Option<u64>, after: Option<u64>| match (before, after) {
        (Some(before), Some(after)) => Some(after.saturating_sub(before) as f64 / connected as f64),
        _ => None,
    };
    let server_kib_per_connection = per_connection(server_before_kib, server_connected_kib);
    let loadgen_kib_per_connection = per_connection(own_before_kib, own_connected_kib);

    println!(
        "== broadcast: target {}, {} clients, {} messages",
        target.label(),
        args.clients,
        args.messages
    );
    println!(
        "connected       {connected} of {} in {connect_seconds:.2} s ({connect_failures} failed{})",
        args.clients,
        first_connect_error
            .as_deref()
            .map(|e| format!(": {e}"))
            .unwrap_or_default()
    );
    println!("delivery        {}", delivery.line());
    println!(
        "fan-out done    {}  (trigger to the last client, per broadcast)",
        fan_out.line()
    );
    println!(
        "missed          {missed} of {expected} ({:.3} %), {dropped} clients dropped",
        miss_rate * 100.0
    );
    if trigger_errors > 0 {
        println!(
            "trigger errors  {trigger_errors}: {}",
            first_trigger_error.as_deref().unwrap_or("")
        );
    }
    if let (Some(before), Some(after), Some(per)) = (
        server_before_kib,
        server_connected_kib,
        server_kib_per_connection,
    ) {
        println!(
            "server RSS      {:.1} MiB before, {:.1} MiB with clients: {per:.1} KiB per connection",
            before as f64 / 1024.0,
            after as f64 / 1024.0
        );
    }
    let per_delivery =
        |cpu: Option<f64>| cpu.map(|seconds| seconds * 1e6 / (expected - missed).max(1) as f64);
    let server_cpu_us = per_delivery(server_cpu);
    let own_cpu_us = per_delivery(own_cpu);
    let micros = |value: Option<f64>| value.map_or("-".to_string(), |v| format!("{v:.1}"));
    println!(
        "CPU             server {} µs, loadgen {} µs per delivery ({broadcast_seconds:.1} s of broadcasting)",
        micros(server_cpu_us),
        micros(own_cpu_us)
    );
    if let Some(per) = loadgen_kib_per_connection {
        println!("loadgen RSS     {per:.1} KiB per client connection (for reference)");
    }
    let summary = json!({
        "kind": "broadcast",
        "target": target.label(),
        "clients": args.clients,
        "connected": connected,
        "connect_failures": connect_failures,
        "connect_seconds": connect_seconds,
        "messages": args.messages,
        "deliveries_expected": expected,
        "missed": missed,
        "miss_rate": miss_rate,
        "dropped_clients": dropped,
        "trigger_errors": trigger_errors,
        "delivery": delivery,
        "fan_out": fan_out,
        "server_rss_before_kib": server_before_kib,
        "server_rss_connected_kib": server_connected_kib,
        "server_kib_per_connection": server_kib_per_connection,
        "loadgen_kib_per_connection": loadgen_kib_per_connection,
        "server_cpu_us_per_delivery": server_cpu_us,
        "loadgen_cpu_us_per_delivery": own_cpu_us,
    });
    crate::inbox_run::emit_summary(&summary, args.json.as_deref())?;

    let passed = connect_failures == 0 && trigger_errors == 0 && miss_rate <= args.max_miss_rate;
    Ok(if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

async fn listen(
    mut socket: Socket,
    target: BroadcastTarget,
    marker_prefix: Arc<str>,
    timeline: Arc<Timeline>,
    mut stopped: watch::Receiver<bool>,
) -> ClientRecord {
    let mut record = ClientRecord {
        seen_at: vec![0; timeline.triggered_at.len()],
        dropped: false,
    };
    loop {
        tokio::select! {
            _ = stopped.changed() => break,
            message = socket.next() => match message {
                Some(Ok(Message::Text(text))) => match target.classify(text.as_str(), &marker_prefix) {
                    FrameMeaning::Event(sequence) => {
                        let sequence = sequence as usize;
                        if sequence < record.seen_at.len() && record.seen_at[sequence] == 0 {
                            record.seen_at[sequence] = timeline.nanos_now();
                            timeline.delivered[sequence].fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    FrameMeaning::Reply(reply) => {
                        if socket.send(Message::text(reply)).await.is_err() {
                            record.dropped = true;
                            break;
                        }
                    }
                    FrameMeaning::Other => {}
                },
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => {
                    record.dropped = true;
                    break;
                }
                Some(Ok(_)) => {}
            }
        }
    }
    record
}
