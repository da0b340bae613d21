//! `loadgen fake-llm`: an OpenAI-compatible `POST /v1/chat/completions` that answers with a
//! deterministic text after a configurable time to first token and at a configurable token
//! rate, streaming (`stream: true`, server-sent events) or not. Point the server's
//! `openai_compatible` provider at it so a load test measures the server, not a model.
//! `GET /stats` counts the requests it served.

use crate::cli::FakeLlmArgs;
use actix_web::{App, HttpResponse, HttpServer, get, post, web};
use anyhow::Result;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::{Value, json};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const WORDS: &[&str] = &[
    "Thanks",
    " for",
    " reaching",
    " out",
    "!",
    " Our",
    " plans",
    " start",
    " at",
    " forty",
    " dollars",
    " a",
    " seat",
    " per",
    " month",
    ",",
    " and",
    " I",
    " can",
    " set",
    " up",
    " a",
    " short",
    " call",
    " to",
    " walk",
    " you",
    " through",
    " pricing",
    " for",
    " your",
    " team",
    ".",
];

struct Behaviour {
    first_token: Duration,
    between_tokens: Duration,
    completion_tokens: usize,
}

#[derive(Default)]
struct Counters {
    requests: AtomicU64,
    streamed: AtomicU64,
}

#[derive(Deserialize)]
struct ChatRequest {
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    messages: Vec<Value>,
    #[serde(default)]
    stream: bool,
    #[serde(default)]
    max_tokens: Option<usize>,
    #[serde(default)]
    max_completion_tokens: Option<usize>,
}

/// One completion's content, decided before anything is sent.
#[derive(Debug, Clone)]
pub struct Completion {
    pub id: String,
    pub model: String,
    pub created: u64,
    pub tokens: Vec<String>,
    pub prompt_tokens: usize,
}

impl Completion {
    fn text(&self) -> String {
        self.tokens.concat()
    }

    fn usage(&self) -> Value {
        json!({"prompt_tokens": self.prompt_tokens, "completion_tokens": self.tokens.len(),
               "total_tokens": self.prompt_tokens + self.tokens.len()})
    }

    fn chunk(&self, delta: Value, finish_reason: Option<&str>, usage: Option<Value>) -> Bytes {
        let mut chunk = json!({
            "id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": self.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
        });
        if let Some(usage) = usage {
            chunk["usage"] = usage;
        }
        Bytes::from(format!("data: {chunk}\n\n"))
    }

    /// Every server-sent event of the streamed answer: a role chunk, one chunk per token, a
    /// final chunk with `finish_reason` and `usage` (on a chunk that still has `choices[0]`, so
    /// clients that always index it keep working), then `data: [DONE]`.
    pub fn stream_frames(&self) -> Vec<Bytes> {
        let mut frames = Vec::with_capacity(self.tokens.len() + 3);
        frames.push(self.chunk(json!({"role": "assistant", "content": ""}), None, None));
        for token in &self.tokens {
            frames.push(self.chunk(json!({"content": token}), None, None));
        }
        frames.push(self.chunk(json!({}), Some("stop"), Some(self.usage())));
        frames.push(Bytes::from_static(b"data: [DONE]\n\n"));
        frames
    }

    pub fn whole(&self) -> Value {
        json!({
            "id": self.id, "object": "chat.completion", "created": self.created, "model": self.model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": self.text()}, "finish_reason": "stop"}],
            "usage": self.usage(),
        })
    }
}

fn completion_for(request: &ChatRequest, default_tokens: usize, serial: u64) -> Completion {
    let wanted = request
        .max_completion_tokens
        .or(request.max_tokens)
        .unwrap_or(default_tokens)
        .min(default_tokens)
        .max(1);
    let prompt_chars: usize = request
        .messages
        .iter()
        .map(|message| {
            message
                .get("content")
                .map_or(0, |content| content.to_string().len())
        })
        .sum();
    Completion {
        id: format!("chatcmpl-fake-{serial}"),
        model: request.model.clone().unwrap_or_else(|| "fake-llm".into()),
        created: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs(),
        tokens: (0..wanted)
            .map(|i| WORDS[i % WORDS.len()].to_string())
            .collect(),
        prompt_tokens: prompt_chars.div_ceil(4).max(1),
    }
}

#[post("/v1/chat/completions")]
async fn chat_completions(
    request: web::Json<ChatRequest>,
    behaviour: web::Data<Behaviour>,
    counters: web::Data<Counters>,
) -> HttpResponse {
    let serial = counters.requests.fetch_add(1, Ordering::Relaxed) + 1;
    let completion = completion_for(&request, behaviour.completion_tokens, serial);
    if !request.stream {
        let tokens = completion.tokens.len().saturating_sub(1) as u32;
        tokio::time::sleep(behaviour.first_token + behaviour.between_tokens * tokens).await;
        return HttpResponse::Ok().json(completion.whole());
    }
    counters.streamed.fetch_add(1, Ordering::Relaxed);
    let frames = completion.stream_frames();
    let (first_token, between_tokens) = (behaviour.first_token, behaviour.between_tokens);
    let events = futures_util::stream::unfold(
        (frames.into_iter(), 0usize),
        move |(mut frames, index)| async move {
            let frame = frames.next()?;
            // The role chunk goes out at once (as real providers do); the first token waits the
            // configured latency, each later one the token interval.
            match index {
                0 => {}
                1 => tokio::time::sleep(first_token).await,
                _ => tokio::time::sleep(between_tokens).await,
            }
            Some((Ok::<_, actix_web::Error>(frame), (frames, index + 1)))
        },
    );
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("cache-control", "no-cache"))
        .streaming(events)
}

#[get("/v1/models")]
async fn models() -> HttpResponse {
    HttpResponse::Ok().json(json!({"object": "list", "data": [{"id": "fake-llm", "object": "model", "owned_by": "loadgen"}]}))
}

#[get("/stats")]
async fn stats(counters: web::Data<Counters>) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "requests": counters.requests.load(Ordering::Relaxed),
        "streamed": counters.streamed.load(Ordering::Relaxed),
    }))
}

pub async fn serve(args: FakeLlmArgs) -> Result<ExitCode> {
    let behaviour = web::Data::new(Behaviour {
        first_token: Duration::from_millis(args.latency_ms),
        between_tokens: Duration::from_secs_f64(1.0 / args.tokens_per_sec.max(0.001)),
        completion_tokens: args.completion_tokens.max(1),
    });
    let counters = web::Data::new(Counters::default());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(behaviour.clone())
            .app_data(counters.clone())
            .app_data(web::JsonConfig::default().limit(4 << 20))
            .service(chat_completions)
            .service(models)
            .service(stats)
    })
    .workers(args.workers.max(1))
    .bind(("127.0.0.1", args.port))?;
    let port = server.addrs()[0].port();
    println!(
        "fake-llm listening on http://127.0.0.1:{port}/v1 (first token {} ms, {} tokens/s)",
        args.latency_ms, args.tokens_per_sec
    );
    server.run().await?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Completion {
        let request = ChatRequest {
            model: Some("m".into()),
            messages: vec![json!({"role": "user", "content": "How much is it?"})],
            stream: true,
            max_tokens: Some(5),
            max_completion_tokens: None,
        };
        completion_for(&request, 40, 1)
    }

    #[test]
    fn stream_is_server_sent_events_ending_in_done() {
        let completion = sample();
        let frames = completion.stream_frames();
        assert_eq!(frames.len(), 5 + 3);
        let mut text = String::new();
        let mut usage = None;
        for frame in &frames[..frames.len() - 1] {
            let frame = std::str::from_utf8(frame).unwrap();
            let payload = frame
                .strip_prefix("data: ")
                .expect("data: prefix")
                .strip_suffix("\n\n")
                .expect("blank line after each event");
            assert!(!payload.contains('\n'), "one line per event");
            let chunk: Value = serde_json::from_str(payload).unwrap();
            assert_eq!(chunk["object"], "chat.completion.chunk");
            assert_eq!(chunk["choices"][0]["index"], 0);
            if let Some(content) = chunk["choices"][0]["delta"]["content"].as_str() {
                text.push_str(content);
            }
            if !chunk["usage"].is_null() {
                assert_eq!(chunk["choices"][0]["finish_reason"], "stop");
                usage = Some(chunk["usage"].clone());
            }
        }
        assert_eq!(frames.last().unwrap().as_ref(), b"data: [DONE]\n\n");
        assert_eq!(text, "Thanks for reaching out!");
        let usage = usage.expect("usage on the final chunk");
        assert_eq!(usage["completion_tokens"], 5);
        assert_eq!(
            usage["total_tokens"],
            usage["prompt_tokens"].as_u64().unwrap() + 5
        );
    }

    #[test]
    fn whole_answer_has_the_same_text_and_usage() {
        let completion = sample();
        let whole = completion.whole();
        assert_eq!(
            whole["choices"][0]["message"]["content"],
            "Thanks for reaching out!"
        );
        assert_eq!(whole["usage"]["completion_tokens"], 5);
    }
}
