//! `loadgen run`: the live inbox under inbound load. Leads write in at a fixed rate through the
//! sandbox (open loop: a ticker decides when each message is due, whatever the server's answer
//! time), and every inbox client must see each message's `message.created`. The latency is
//! "POST sent → event seen", per client. The send instant is taken before the POST because the
//! hub may push the event before the POST's answer arrives; events are matched to sends by the
//! `message_id` the POST returns, and those that arrive first are matched when it does.

use crate::cli::{InboundPath, RunArgs};
use crate::latency::LatencyRecorder;
use crate::omnireach_api::{InboundOutcome, OmniReach, http_client};
use crate::process_usage::{RssSampler, cpu_seconds, own_pid, resident_kib, status_kib};
use crate::twilio_webhook::{TwilioWebhook, lead_phone};
use crate::ws_target::{Socket, await_text, frame_type, open};
use anyhow::{Context, Result, bail};
use futures_util::{SinkExt, StreamExt, stream};
use serde::Deserialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message;

/// Clients send an application ping this often so the server's idle timeout never fires
/// on a client that only listens.
const CLIENT_PING_EVERY: Duration = Duration::from_secs(10);

/// Outcome label of a send that was due while `--max-in-flight` POSTs were still unanswered:
/// the server is not keeping up, and the open loop does not wait for it.
const SKIPPED: &str = "skipped-in-flight-cap";

/// A short tag unique to this run, in lead emails, external ids and message texts.
pub fn run_tag() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    format!(
        "{:x}{:x}",
        (nanos / 1_000_000) as u64,
        std::process::id() as u64 % 0x1000
    )
}

/// Prints `RESULT {json}` (the line scripts read) and writes the JSON to `path` if given.
pub fn emit_summary(summary: &serde_json::Value, path: Option<&Path>) -> Result<()> {
    let line = serde_json::to_string(summary)?;
    println!("RESULT {line}");
    if let Some(path) = path {
        std::fs::write(path, format!("{line}\n"))
            .with_context(|| format!("write {}", path.display()))?;
    }
    Ok(())
}

/// Everything the sender knows about each message, indexed by its sequence number.
struct SendLog {
    start: Instant,
    /// Nanoseconds since `start` at which the POST was about to go out; 0 = never sent.
    sent_at: Vec<AtomicU64>,
    accepted: Vec<AtomicBool>,
    sequence_by_message_id: Mutex<HashMap<String, u32>>,
    outcomes: Mutex<BTreeMap<String, u64>>,
    post_latency: Mutex<LatencyRecorder>,
    /// Events carrying this run's marker seen by any client; the grace wait ends when every
    /// client has every accepted message.
    events_seen: AtomicU64,
    accepted_count: AtomicU64,
    in_flight: AtomicUsize,
}

impl SendLog {
    fn nanos_now(&self) -> u64 {
        (self.start.elapsed().as_nanos() as u64).max(1)
    }

    fn count(&self, label: &str) {
        *self
            .outcomes
            .lock()
            .unwrap()
            .entry(label.to_string())
            .or_default() += 1;
    }
}

struct ClientRecord {
    /// Nanoseconds since the log's start at which each sequence's event arrived; 0 = never.
    seen_at: Vec<u64>,
    /// Events that arrived before their POST returned its id: matched at the end.
    unmatched: Vec<(String, u64)>,
    /// Outbound `message.created` events (the AI's replies) this client saw.
    replies: u64,
    resyncs: u64,
    dropped: bool,
}

#[derive(Deserialize)]
struct InboxFrame<'a> {
    #[serde(rename = "type", borrow)]
    kind: &'a str,
    #[serde(borrow)]
    message: Option<InboxMessage<'a>>,
}

#[derive(Deserialize)]
struct InboxMessage<'a> {
    #[serde(borrow)]
    id: std::borrow::Cow<'a, str>,
    #[serde(borrow, default)]
    text: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow, default)]
    direction: Option<std::borrow::Cow<'a, str>>,
}

pub async fn run(args: RunArgs) -> Result<ExitCode> {
    if args.rate <= 0.0 || args.duration <= 0.0 || args.leads == 0 {
        bail!("--rate, --duration and --leads must be positive");
    }
    crate::open_files::raise_to_hard_limit();
    let tag = run_tag();
    let marker = format!("lg-{tag}");
    let total = (args.rate * args.duration).round().max(1.0) as usize;
    let http = http_client(args.max_in_flight)?;
    let api = OmniReach::sign_in(http.clone(), &args.base_url, &args.email, &args.password).await?;
    let source = Arc::new(match args.inbound {
        InboundPath::Sandbox => {
            let leads = api.ensure_leads(args.leads, &tag).await?;
            if leads.len() < args.leads {
                bail!("only {} leads available", leads.len());
            }
            Source::Sandbox {
                api: api.clone(),
                leads,
            }
        }
        InboundPath::Twilio => Source::twilio(&args, http, &tag).await?,
    });

    let ws_url = api.inbox_socket_url();
    let sockets: Vec<Result<Socket>> = stream::iter(0..args.clients)
        .map(|_| {
            let ws_url = ws_url.clone();
            async move {
                let mut socket = open(&ws_url).await?;
                await_text(&mut socket, |text| frame_type(text) == Some("hello")).await?;
                Ok(socket)
            }
        })
        .buffer_unordered(50)
        .collect()
        .await;
    let sockets: Vec<Socket> = sockets
        .into_iter()
        .collect::<Result<_>>()
        .context("inbox client")?;

    let log = Arc::new(SendLog {
        start: Instant::now(),
        sent_at: (0..total).map(|_| AtomicU64::new(0)).collect(),
        accepted: (0..total).map(|_| AtomicBool::new(false)).collect(),
        sequence_by_message_id: Mutex::new(HashMap::with_capacity(total)),
        outcomes: Mutex::new(BTreeMap::new()),
        post_latency: Mutex::new(LatencyRecorder::new()),
        events_seen: AtomicU64::new(0),
        accepted_count: AtomicU64::new(0),
        in_flight: AtomicUsize::new(0),
    });
    let sampler = args.server_pid.map(RssSampler::start);
    let server_start_kib = args.server_pid.and_then(resident_kib);
    let (stop, stopped) = watch::channel(false);
    let listeners: Vec<_> = sockets
        .into_iter()
        .map(|socket| tokio::spawn(listen(socket, marker.clone(), log.clone(), stopped.clone())))
        .collect();

    // Open loop: every millisecond, start the POSTs that are due by then.
    let own_cpu_before = cpu_seconds(own_pid());
    let server_cpu_before = args.server_pid.and_then(cpu_seconds);
    let sending = Instant::now();
    let mut ticker = tokio::time::interval(Duration::from_millis(1));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut next = 0usize;
    while next < total {
        ticker.tick().await;
        let due = due_by(sending.elapsed(), args.rate, total);
        while next < due {
            let sequence = next;
            next += 1;
            if log.in_flight.load(Ordering::Relaxed) >= args.max_in_flight {
                log.count(SKIPPED);
                continue;
            }
            log.in_flight.fetch_add(1, Ordering::Relaxed);
            tokio::spawn(send_one(
                source.clone(),
                log.clone(),
                marker.clone(),
                sequence,
            ));
        }
    }
    let send_seconds = sending.elapsed().as_secs_f64();
    let drain_deadline = Instant::now() + Duration::from_secs(30);
    while log.in_flight.load(Ordering::Relaxed) > 0 && Instant::now() < drain_deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let grace_deadline = Instant::now() + Duration::from_secs_f64(args.grace);
    let everything = || log.accepted_count.load(Ordering::Relaxed) * args.clients as u64;
    while log.events_seen.load(Ordering::Relaxed) < everything() && Instant::now() < grace_deadline
    {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let measured_seconds = sending.elapsed().as_secs_f64();
    let cores_used =
        |before: Option<f64>, pid: Option<u32>| match (before, pid.and_then(cpu_seconds)) {
            (Some(before), Some(after)) => Some((after - before) / measured_seconds),
            _ => None,
        };
    let own_cores = cores_used(own_cpu_before, Some(own_pid()));
    let server_cores = cores_used(server_cpu_before, args.server_pid);
    let _ = stop.send(true);
    let mut records = Vec::with_capacity(args.clients);
    for listener in listeners {
        records.push(listener.await.context("inbox client task")?);
    }

    // Join events with sends.
    let ids = log.sequence_by_message_id.lock().unwrap();
    let mut unknown_events = 0u64;
    for record in &mut records {
        for (message_id, seen) in std::mem::take(&mut record.unmatched) {
            match ids.get(&message_id) {
                Some(&sequence) => {
                    let slot = &mut record.seen_at[sequence as usize];
                    if *slot == 0 || seen < *slot {
                        *slot = seen;
                    }
                }
                None => unknown_events += 1,
            }
        }
    }
    let grace_nanos = (args.grace * 1e9) as u64;
    let mut delivery = LatencyRecorder::new();
    let mut missed = 0u64;
    let mut expected = 0u64;
    for record in &records {
        for sequence in 0..total {
            if !log.accepted[sequence].load(Ordering::Relaxed) {
                continue;
            }
            expected += 1;
            let sent = log.sent_at[sequence].load(Ordering::Relaxed);
            let seen = record.seen_at[sequence];
            if seen == 0 || seen.saturating_sub(sent) > grace_nanos {
                missed += 1;
            } else {
                delivery.record_nanos(seen.saturating_sub(sent));
            }
        }
    }
    let outcomes = log.outcomes.lock().unwrap().clone();
    let attempted = total as u64;
    let accepted = log.accepted_count.load(Ordering::Relaxed);
    let errored: u64 = outcomes
        .iter()
        .filter(|(label, _)| !["2xx", "200", "201", "202"].contains(&label.as_str()))
        .map(|(_, n)| n)
        .sum();
    let error_rate = errored as f64 / attempted as f64;
    let miss_rate = if expected == 0 {
        0.0
    } else {
        missed as f64 / expected as f64
    };
    let skipped = outcomes.get(SKIPPED).copied().unwrap_or(0);
    let posted = attempted - skipped;
    let achieved_rate = posted as f64 / send_seconds;
    let delivery = delivery.summary();
    let post_latency = log.post_latency.lock().unwrap().summary();
    let resyncs: u64 = records.iter().map(|record| record.resyncs).sum();
    // The AI's replies: a reply superseded by the lead's next message is never sent, so at
    // high rates this can be well below the messages accepted (see loadtests/README.md).
    let replies = records
        .iter()
        .map(|record| record.replies)
        .max()
        .unwrap_or(0);
    let dropped = records.iter().filter(|record| record.dropped).count();
    let server_peak_kib = sampler.as_ref().map(RssSampler::peak_kib);
    let server_hwm_kib = args.server_pid.and_then(|pid| status_kib(pid, "VmHWM"));

    println!(
        "== loadgen run: {} msg/s for {} s over {} leads, {} inbox clients, inbound via {:?}",
        args.rate, args.duration, args.leads, args.clients, args.inbound
    );
    println!(
        "sent            {posted} of {attempted} due in {send_seconds:.2} s ({achieved_rate:.1} msg/s achieved)"
    );
    println!(
        "POST outcomes   {}",
        outcomes
            .iter()
            .map(|(label, n)| format!("{label}: {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("POST answer     {}", post_latency.line());
    println!("delivery        {}", delivery.line());
    println!(
        "missed          {missed} of {expected} client deliveries ({:.3} %), grace {} s",
        miss_rate * 100.0,
        args.grace
    );
    println!(
        "clients         {} connected, {dropped} dropped, {resyncs} resync, {unknown_events} unmatched events",
        args.clients
    );
    println!(
        "replies         {replies} outbound messages seen by a client ({:.1} % of the {accepted} accepted)",
        if accepted == 0 {
            0.0
        } else {
            replies as f64 * 100.0 / accepted as f64
        }
    );
    if let (Some(start), Some(peak)) = (server_start_kib, server_peak_kib) {
        println!(
            "server RSS      {:.1} MiB at start, {:.1} MiB peak sampled, VmHWM {:.1} MiB",
            start as f64 / 1024.0,
            peak as f64 / 1024.0,
            server_hwm_kib.unwrap_or(0) as f64 / 1024.0
        );
    }
    let cores = |cores: Option<f64>| cores.map_or("-".to_string(), |c| format!("{c:.2}"));
    println!(
        "CPU             server {} cores, loadgen {} cores (average while sending and waiting)",
        cores(server_cores),
        cores(own_cores)
    );
    let summary = json!({
        "kind": "inbound",
        "inbound": format!("{:?}", args.inbound).to_lowercase(),
        "server_cpu_cores": server_cores,
        "loadgen_cpu_cores": own_cores,
        "rate_target": args.rate,
        "rate_achieved": achieved_rate,
        "duration_s": args.duration,
        "leads": args.leads,
        "clients": args.clients,
        "attempted": attempted,
        "posted": posted,
        "accepted": accepted,
        "outcomes": outcomes,
        "error_rate": error_rate,
        "post_latency": post_latency,
        "delivery": delivery,
        "deliveries_expected": expected,
        "missed": missed,
        "miss_rate": miss_rate,
        "dropped_clients": dropped,
        "resyncs": resyncs,
        "replies_seen": replies,
        "server_rss_start_kib": server_start_kib,
        "server_rss_peak_kib": server_peak_kib,
        "server_vmhwm_kib": server_hwm_kib,
    });
    emit_summary(&summary, args.json.as_deref())?;

    let mut failures = Vec::new();
    if error_rate > args.max_error_rate {
        failures.push(format!(
            "error rate {:.3} % > {:.3} %",
            error_rate * 100.0,
            args.max_error_rate * 100.0
        ));
    }
    if miss_rate > args.max_miss_rate {
        failures.push(format!(
            "miss rate {:.3} % > {:.3} %",
            miss_rate * 100.0,
            args.max_miss_rate * 100.0
        ));
    }
    if dropped > 0 {
        failures.push(format!("{dropped} inbox clients dropped"));
    }
    if let Some(limit) = args.max_p99_ms
        && delivery.p99_ms > limit
    {
        failures.push(format!(
            "delivery p99 {:.2} ms > {limit} ms",
            delivery.p99_ms
        ));
    }
    if failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("FAILED: {}", failures.join("; "));
        Ok(ExitCode::from(1))
    }
}

/// Where the simulated leads write from.
enum Source {
    Sandbox {
        api: OmniReach,
        leads: Vec<String>,
    },
    Twilio {
        webhook: TwilioWebhook,
        phones: Vec<String>,
    },
}

impl Source {
    /// The Twilio webhook with one phone number per lead. Each number writes once before the
    /// run (not measured), so the server has created its lead and the run measures messages,
    /// not lead creation.
    async fn twilio(args: &RunArgs, http: reqwest::Client, tag: &str) -> Result<Self> {
        let missing = |what: &str| anyhow::anyhow!("--inbound twilio needs {what}");
        let webhook = TwilioWebhook::new(
            http,
            &args.base_url,
            args.public_url
                .as_deref()
                .ok_or_else(|| missing("--public-url"))?,
            args.twilio_auth_token
                .clone()
                .ok_or_else(|| missing("--twilio-auth-token"))?,
            args.twilio_account_sid
                .clone()
                .ok_or_else(|| missing("--twilio-account-sid"))?,
            args.twilio_number
                .clone()
                .ok_or_else(|| missing("--twilio-number"))?,
        );
        let phones: Vec<String> = (0..args.leads).map(lead_phone).collect();
        let warmed: Vec<Result<InboundOutcome>> = stream::iter(phones.iter().enumerate())
            .map(|(index, phone)| {
                let webhook = &webhook;
                async move {
                    webhook
                        .inbound(
                            phone,
                            &format!("warm-up {tag}"),
                            &format!("SMwarm{tag}{index}"),
                        )
                        .await
                }
            })
            .buffer_unordered(20)
            .collect()
            .await;
        for outcome in warmed {
            if let InboundOutcome::Rejected { label } = outcome? {
                bail!(
                    "a warm-up webhook was refused with {label}: check the server's TWILIO_* and PUBLIC_URL"
                );
            }
        }
        Ok(Source::Twilio { webhook, phones })
    }

    async fn send(&self, sequence: usize, marker: &str, text: &str) -> Result<InboundOutcome> {
        match self {
            Source::Sandbox { api, leads } => {
                let external_id = format!("{marker}-{sequence}");
                api.sandbox_inbound(&leads[sequence % leads.len()], text, &external_id)
                    .await
            }
            Source::Twilio { webhook, phones } => {
                let message_sid = format!("SM{marker}{sequence}");
                webhook
                    .inbound(&phones[sequence % phones.len()], text, &message_sid)
                    .await
            }
        }
    }
}

/// The sequence number in a message text this run wrote (`"{marker} #{sequence}: …"`).
fn sequence_in(text: &str, marker: &str) -> Option<u32> {
    text.strip_prefix(marker)?
        .strip_prefix(" #")?
        .split(':')
        .next()?
        .parse()
        .ok()
}

async fn send_one(source: Arc<Source>, log: Arc<SendLog>, marker: String, sequence: usize) {
    let text = format!("{marker} #{sequence}: hello from a simulated lead, what does it cost?");
    let sent = Instant::now();
    log.sent_at[sequence].store(log.nanos_now(), Ordering::Relaxed);
    let outcome = source.send(sequence, &marker, &text).await;
    log.post_latency.lock().unwrap().record(sent.elapsed());
    match outcome {
        Ok(InboundOutcome::Accepted {
            message_id,
            duplicate,
        }) => {
            if duplicate {
                log.count("duplicate");
            } else {
                if let Some(message_id) = message_id {
                    log.sequence_by_message_id
                        .lock()
                        .unwrap()
                        .insert(message_id, sequence as u32);
                }
                log.accepted[sequence].store(true, Ordering::Relaxed);
                log.accepted_count.fetch_add(1, Ordering::Relaxed);
                log.count("2xx");
            }
        }
        Ok(InboundOutcome::Rejected { label }) => log.count(&label),
        Err(error) => log.count(transport_failure(&error)),
    }
    log.in_flight.fetch_sub(1, Ordering::Relaxed);
}

/// Messages due once `elapsed` has passed since sending began: the first at once, then one every
/// `1 / rate` seconds, never more than `total`. The open loop sends whatever is due, so a late
/// tick catches up instead of lowering the rate.
fn due_by(elapsed: Duration, rate: f64, total: usize) -> usize {
    ((elapsed.as_secs_f64() * rate) as usize + 1).min(total)
}

/// A failed POST without an HTTP answer, by kind.
fn transport_failure(error: &anyhow::Error) -> &'static str {
    match error.downcast_ref::<reqwest::Error>() {
        Some(error) if error.is_timeout() => "timeout",
        Some(error) if error.is_connect() => "connect-error",
        _ => "transport-error",
    }
}

async fn listen(
    mut socket: Socket,
    marker: String,
    log: Arc<SendLog>,
    mut stopped: watch::Receiver<bool>,
) -> ClientRecord {
    let mut record = ClientRecord {
        seen_at: vec![0; log.sent_at.len()],
        unmatched: Vec::new(),
        replies: 0,
        resyncs: 0,
        dropped: false,
    };
    let mut ping = tokio::time::interval(CLIENT_PING_EVERY);
    ping.tick().await;
    loop {
        tokio::select! {
            _ = stopped.changed() => break,
            _ = ping.tick() => {
                if socket.send(Message::text(r#"{"type":"ping"}"#)).await.is_err() {
                    record.dropped = true;
                    break;
                }
            }
            message = socket.next() => match message {
                Some(Ok(Message::Text(text))) => {
                    let seen = log.nanos_now();
                    let Ok(frame) = serde_json::from_str::<InboxFrame>(text.as_str()) else { continue };
                    match (frame.kind, frame.message) {
                        ("message.created", Some(message)) if message.text.as_deref().is_some_and(|t| t.starts_with(&marker)) => {
                            log.events_seen.fetch_add(1, Ordering::Relaxed);
                            // By id (the sandbox answers with it), else by the text (Twilio's
                            // webhook answers with empty TwiML).
                            let known = log.sequence_by_message_id.lock().unwrap().get(message.id.as_ref()).copied()
                                .or_else(|| message.text.as_deref().and_then(|text| sequence_in(text, &marker)));
                            match known {
                                Some(sequence) if record.seen_at[sequence as usize] == 0 => record.seen_at[sequence as usize] = seen,
                                Some(_) => {}
                                None => record.unmatched.push((message.id.into_owned(), seen)),
                            }
                        }
                        ("message.created", Some(message)) if message.direction.as_deref() == Some("outbound") => record.replies += 1,
                        ("resync", _) => record.resyncs += 1,
                        _ => {}
                    }
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_matched_to_sends_by_their_text() {
        assert_eq!(sequence_in("lg-ab12 #42: hello", "lg-ab12"), Some(42));
        assert_eq!(sequence_in("lg-ab12 #x: hello", "lg-ab12"), None);
        assert_eq!(sequence_in("warm-up ab12", "lg-ab12"), None);
    }

    #[test]
    fn the_schedule_is_open_loop_at_the_given_rate() {
        assert_eq!(due_by(Duration::ZERO, 1000.0, 5000), 1);
        assert_eq!(due_by(Duration::from_micros(999), 1000.0, 5000), 1);
        assert_eq!(due_by(Duration::from_millis(1), 1000.0, 5000), 2);
        // A tick that comes 50 ms late owes the 50 messages it missed.
        assert_eq!(due_by(Duration::from_millis(50), 1000.0, 5000), 51);
        assert_eq!(due_by(Duration::from_secs(10), 1000.0, 5000), 5000);
        assert_eq!(due_by(Duration::from_millis(2500), 2.0, 100), 6);
    }
}
