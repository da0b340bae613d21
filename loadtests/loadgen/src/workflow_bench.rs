//! `loadgen workflows` and `loadgen http-burst`: workflow executions per second.
//!
//! `workflows` drives OmniReach's own API: it makes the leads, creates and publishes a
//! workflow, launches a campaign on every lead and waits until every run has finished, reading
//! the campaign's stats. Two scenarios:
//! - `three-step`: offline AI generate → send on the sandbox channel → end, per lead.
//! - `demo`: the demo workflow, with the server's test clock advanced in steps through
//!   `--days` days (the server must run with `OMNIREACH_TEST_CLOCK=1`).
//!
//! `http-burst` POSTs the same JSON body to one URL `--requests` times with `--concurrency`
//! in flight: the peer measurement (an n8n webhook workflow answers each POST after running).

use crate::cli::{HttpBurstArgs, WorkflowScenario, WorkflowsArgs};
use crate::inbox_run::{emit_summary, run_tag};
use crate::latency::LatencyRecorder;
use crate::omnireach_api::{OmniReach, http_client};
use crate::process_usage::{RssSampler, cpu_seconds};
use anyhow::{Context, Result, bail};
use futures_util::{StreamExt, stream};
use serde_json::{Value, json};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Stats poll interval while waiting for runs to finish (a measurement resolution, not a
/// synchronisation: the end is decided by the counts).
const POLL: Duration = Duration::from_millis(100);

pub async fn run(args: WorkflowsArgs) -> Result<ExitCode> {
    let http = http_client(64)?;
    let api = OmniReach::sign_in(http, &args.base_url, &args.email, &args.password).await?;
    let tag = run_tag();
    eprintln!("preparing {} leads…", args.leads);
    let leads = api.ensure_leads(args.leads, &tag).await?;

    let graph = match args.scenario {
        WorkflowScenario::ThreeStep => three_step_graph(&agent_id(&api).await?),
        WorkflowScenario::Demo => {
            let templates = api.get("/api/workflow-templates").await?;
            templates["items"]
                .as_array()
                .and_then(|items| items.iter().find(|t| t["key"] == "demo"))
                .map(|t| t["graph"].clone())
                .context("the server has no `demo` workflow template")?
        }
    };
    let workflow = api
        .post(
            "/api/workflows",
            json!({"name": format!("loadgen {tag}"), "graph": graph}),
        )
        .await?;
    let workflow_id = id_of(&workflow)?;
    api.post(
        &format!("/api/workflows/{workflow_id}/publish"),
        json!({"note": "loadgen"}),
    )
    .await?;
    // The first leads in the campaign's audience, the rest enrolled after launch in chunks
    // (a request body is limited to 256 KiB).
    let (first, rest) = leads.split_at(leads.len().min(ENROL_CHUNK));
    let campaign = api
        .post(
            "/api/campaigns",
            json!({
                "name": format!("loadgen {tag}"),
                "workflow_id": workflow_id,
                "audience": {"kind": "manual", "lead_ids": first},
                // Every hour of every day: the measurement is the engine, not the window.
                "schedule": {"days": "mon,tue,wed,thu,fri,sat,sun", "start_minute": 0, "end_minute": 1440},
            }),
        )
        .await?;
    let campaign_id = id_of(&campaign)?;

    let sampler = args.server_pid.map(RssSampler::start);
    let cpu_before = args.server_pid.and_then(cpu_seconds);
    let started = Instant::now();
    api.post(&format!("/api/campaigns/{campaign_id}/launch"), json!({}))
        .await?;
    for chunk in rest.chunks(ENROL_CHUNK) {
        api.post(
            &format!("/api/campaigns/{campaign_id}/enroll"),
            json!({"lead_ids": chunk}),
        )
        .await?;
    }
    let stats_path = format!("/api/campaigns/{campaign_id}/stats");
    let mut advanced_seconds = 0i64;
    let step_seconds = args.clock_step_hours * 3600;
    let totals = loop {
        let stats = api.get(&stats_path).await?;
        let totals = stats["totals"].clone();
        let count = |key: &str| totals[key].as_u64().unwrap_or(0);
        let finished = count("completed") + count("exited") + count("failed");
        if finished >= args.leads as u64 {
            break totals;
        }
        if started.elapsed() > Duration::from_secs_f64(args.timeout) {
            bail!(
                "timed out with {finished} of {} runs finished: {totals}",
                args.leads
            );
        }
        // Demo scenario: once nothing is runnable now (no run active, none due), move the clock
        // to the next step. The demo's path is 3 days, but an SMS held by the lead's quiet
        // hours starts its last day-long wait later: the clock may go up to two days past
        // `--days` while runs still wait.
        if args.scenario == WorkflowScenario::Demo
            && count("active") == 0
            && count("due") == 0
            && advanced_seconds < (args.days + 2) * 86_400
        {
            api.post("/api/test/clock/advance", json!({"seconds": step_seconds}))
                .await?;
            advanced_seconds += step_seconds;
            continue;
        }
        // Reading the stats of 10,000 runs is work for the server: poll less often then.
        tokio::time::sleep(if args.leads > 2_000 { POLL * 10 } else { POLL }).await;
    };
    let wall = started.elapsed().as_secs_f64();
    let stats = api.get(&stats_path).await?;
    let steps: u64 = stats["nodes"]
        .as_object()
        .map(|nodes| {
            nodes
                .values()
                .map(|n| n["succeeded"].as_u64().unwrap_or(0))
                .sum()
        })
        .unwrap_or(0);
    let summary = json!({
        "mode": "workflows",
        "scenario": format!("{:?}", args.scenario),
        "leads": args.leads,
        "wall_s": round(wall),
        "runs_per_s": round(args.leads as f64 / wall),
        "steps": steps,
        "steps_per_s": round(steps as f64 / wall),
        "clock_advanced_s": advanced_seconds,
        "totals": totals,
        "server_peak_rss_mib": sampler.map(|s| round(s.peak_kib() as f64 / 1024.0)),
        "server_cpu_s": match (cpu_before, args.server_pid.and_then(cpu_seconds)) {
            (Some(before), Some(after)) => Some(round(after - before)),
            _ => None,
        },
    });
    emit_summary(&summary, args.json.as_deref())?;
    Ok(ExitCode::SUCCESS)
}

/// Lead ids per enrolment request.
const ENROL_CHUNK: usize = 2_000;

/// The workspace's first agent (the demo seeds one), or a new one: an AI step needs an agent.
async fn agent_id(api: &OmniReach) -> Result<String> {
    let agents = api.get("/api/agents").await?;
    if let Some(id) = agents["items"]
        .as_array()
        .and_then(|items| items.first())
        .and_then(|agent| agent["id"].as_str())
    {
        return Ok(id.to_string());
    }
    let agent = api
        .post(
            "/api/agents",
            json!({"name": format!("loadgen {}", run_tag()), "channels": ["email", "sandbox"]}),
        )
        .await?;
    id_of(&agent)
}

/// trigger → ai_generate (offline) → send (email, sandbox) → end.
fn three_step_graph(agent_id: &str) -> Value {
    let node = |id: &str, kind: &str, y: i32, data: Value| json!({"id": id, "type": kind, "position": {"x": 0, "y": y}, "data": data});
    json!({
        "format": "omnireach.workflow",
        "version": 1,
        "nodes": [
            node("trigger", "trigger", 0, json!({"kind": "manual"})),
            node("write", "ai_generate", 160, json!({"agent_id": agent_id, "instructions": "A two-line hello.", "channel": "email"})),
            node("send", "send", 320, json!({"channel": "email", "source": "previous_draft", "subject": "Hello {{first_name}}"})),
            node("end", "end", 480, json!({"outcome": "goal"})),
        ],
        "edges": [
            {"id": "e1", "source": "trigger", "target": "write"},
            {"id": "e2", "source": "write", "target": "send"},
            {"id": "e3", "source": "send", "target": "end"},
        ],
    })
}

pub async fn http_burst(args: HttpBurstArgs) -> Result<ExitCode> {
    let http = http_client(args.concurrency)?;
    let body: Value = serde_json::from_str(&args.body).context("--body is not JSON")?;
    let latencies = Arc::new(Mutex::new(LatencyRecorder::new()));
    let sampler = args.server_pid.map(RssSampler::start);
    let started = Instant::now();
    let failures: usize = stream::iter(0..args.requests)
        .map(|index| {
            let (http, url, latencies) = (http.clone(), args.url.clone(), latencies.clone());
            let mut body = body.clone();
            body["index"] = json!(index);
            async move {
                let sent = Instant::now();
                let ok = match http.post(&url).json(&body).send().await {
                    Ok(response) => {
                        let ok = response.status().is_success();
                        let _ = response.bytes().await;
                        ok
                    }
                    Err(_) => false,
                };
                latencies.lock().unwrap().record(sent.elapsed());
                usize::from(!ok)
            }
        })
        .buffer_unordered(args.concurrency)
        .fold(0, |total, failed| async move { total + failed })
        .await;
    let wall = started.elapsed().as_secs_f64();
    let summary = json!({
        "mode": "http-burst",
        "requests": args.requests,
        "failures": failures,
        "wall_s": round(wall),
        "per_s": round((args.requests - failures) as f64 / wall),
        "latency": latencies.lock().unwrap().summary(),
        "server_peak_rss_mib": sampler.map(|s| round(s.peak_kib() as f64 / 1024.0)),
    });
    emit_summary(&summary, args.json.as_deref())?;
    if failures > 0 {
        eprintln!("{failures} of {} requests failed", args.requests);
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn id_of(value: &Value) -> Result<String> {
    value["id"]
        .as_str()
        .map(str::to_string)
        .with_context(|| format!("no id in {value}"))
}

fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}
