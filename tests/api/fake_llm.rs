//! A local fake LLM provider that speaks the real wire formats: OpenAI chat completions with
//! SSE streaming (`POST …/chat/completions`, `data:` chunks, a usage chunk, `data: [DONE]`,
//! OpenRouter's `: OPENROUTER PROCESSING` comments) and the Anthropic Messages API
//! (`POST /v1/messages`, `event:` + `data:` pairs from `message_start` to `message_stop`).
//! Each request takes the next scripted behaviour (or the default): a streamed reply, an error
//! status (with `Retry-After`), or a hang. Every request is recorded (headers and JSON body).

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum Behaviour {
    /// Streams `text` in word chunks, `chunk_delay` apart, then reports `usage`.
    Reply {
        text: String,
        chunk_delay: Duration,
        usage: (i64, i64),
    },
    /// Answers with this status (and `Retry-After` in seconds when given).
    Status {
        status: u16,
        retry_after: Option<u64>,
    },
    /// Sends the headers and a keep-alive comment, then nothing for a long time.
    Hang,
    /// Streams `text`, then closes the connection without the end marker.
    Truncated { text: String },
}

impl Behaviour {
    pub fn reply(text: &str) -> Self {
        Behaviour::Reply {
            text: text.into(),
            chunk_delay: Duration::ZERO,
            usage: (120, 30),
        }
    }

    pub fn slow_reply(text: &str, chunk_delay: Duration) -> Self {
        Behaviour::Reply {
            text: text.into(),
            chunk_delay,
            usage: (120, 30),
        }
    }

    pub fn status(status: u16) -> Self {
        Behaviour::Status {
            status,
            retry_after: None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Recorded {
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct State {
    script: Mutex<VecDeque<Behaviour>>,
    default: Mutex<Option<Behaviour>>,
    requests: Mutex<Vec<Recorded>>,
}

#[derive(Clone)]
pub struct FakeLlm {
    pub base: String,
    state: Arc<State>,
}

impl FakeLlm {
    /// Starts a fake answering every request with `default`.
    pub fn start(default: Behaviour) -> Self {
        let state = Arc::new(State::default());
        *state.default.lock().unwrap() = Some(default);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let data = web::Data::from(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(web::PayloadConfig::new(4 * 1024 * 1024))
                .default_service(web::to(handle))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
        actix_rt::spawn(server);
        Self {
            base: format!("http://127.0.0.1:{port}"),
            state,
        }
    }

    /// The base URL for OpenAI-compatible clients (`…/v1`).
    pub fn openai_base(&self) -> String {
        format!("{}/v1", self.base)
    }

    /// Queues behaviours for the next requests, in order.
    pub fn script(&self, behaviours: impl IntoIterator<Item = Behaviour>) {
        self.state.script.lock().unwrap().extend(behaviours);
    }

    pub fn set_default(&self, behaviour: Behaviour) {
        *self.state.default.lock().unwrap() = Some(behaviour);
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    pub fn request_count(&self) -> usize {
        self.state.requests.lock().unwrap().len()
    }
}

fn words(text: &str) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut current = String::new();
    for character in text.chars() {
        current.push(character);
        if character == ' ' {
            chunks.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// Frames for the OpenAI format. Each event is split in two writes to exercise reassembly.
fn openai_frames(text: &str, usage: (i64, i64), model: &str) -> Vec<String> {
    let mut frames = vec![": OPENROUTER PROCESSING\n\n".to_string()];
    let chunk = |delta: Value, finish: Value| {
        json!({"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1, "model": model,
               "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
    };
    frames.push(format!(
        "data: {}\n\n",
        chunk(json!({"role": "assistant", "content": ""}), Value::Null)
    ));
    for word in words(text) {
        frames.push(format!(
            "data: {}\n\n",
            chunk(json!({"content": word}), Value::Null)
        ));
    }
    frames.push(format!("data: {}\n\n", chunk(json!({}), json!("stop"))));
    frames.push(format!(
        "data: {}\n\n",
        json!({"id": "chatcmpl-fake", "object": "chat.completion.chunk", "model": model, "choices": [],
               "usage": {"prompt_tokens": usage.0, "completion_tokens": usage.1, "total_tokens": usage.0 + usage.1}})
    ));
    frames.push("data: [DONE]\n\n".to_string());
    frames
}

fn anthropic_frames(text: &str, usage: (i64, i64), model: &str) -> Vec<String> {
    let event = |name: &str, data: Value| format!("event: {name}\ndata: {data}\n\n");
    let mut frames = vec![
        event(
            "message_start",
            json!({"type": "message_start", "message": {"id": "msg_fake", "type": "message", "role": "assistant",
                   "model": model, "content": [], "stop_reason": null,
                   "usage": {"input_tokens": usage.0, "output_tokens": 1}}}),
        ),
        event(
            "content_block_start",
            json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
        ),
        event("ping", json!({"type": "ping"})),
    ];
    for word in words(text) {
        frames.push(event(
            "content_block_delta",
            json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": word}}),
        ));
    }
    frames.push(event(
        "content_block_stop",
        json!({"type": "content_block_stop", "index": 0}),
    ));
    frames.push(event(
        "message_delta",
        json!({"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": null},
               "usage": {"output_tokens": usage.1}}),
    ));
    frames.push(event("message_stop", json!({"type": "message_stop"})));
    frames
}

async fn handle(state: web::Data<State>, request: HttpRequest, body: web::Bytes) -> HttpResponse {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let path = request.path().to_string();
    state.requests.lock().unwrap().push(Recorded {
        path: path.clone(),
        headers: request
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect(),
        body: body.clone(),
    });
    let behaviour = state
        .script
        .lock()
        .unwrap()
        .pop_front()
        .or_else(|| state.default.lock().unwrap().clone())
        .unwrap_or(Behaviour::status(500));
    let anthropic = path.ends_with("/messages");
    let model = body["model"].as_str().unwrap_or("fake-model").to_string();
    match behaviour {
        Behaviour::Status {
            status,
            retry_after,
        } => {
            let mut response =
                HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap());
            if let Some(seconds) = retry_after {
                response.insert_header(("Retry-After", seconds.to_string()));
            }
            let error = if anthropic {
                json!({"type": "error", "error": {"type": "api_error", "message": format!("fake failure {status}")}})
            } else {
                json!({"error": {"message": format!("fake failure {status}"), "code": status}})
            };
            response.json(error)
        }
        Behaviour::Hang => {
            let stream = futures_util::stream::unfold(0u8, |step| async move {
                match step {
                    0 => Some((
                        Ok::<_, actix_web::Error>(web::Bytes::from_static(
                            b": OPENROUTER PROCESSING\n\n",
                        )),
                        1,
                    )),
                    _ => {
                        tokio::time::sleep(Duration::from_secs(20)).await;
                        None
                    }
                }
            });
            HttpResponse::Ok()
                .content_type("text/event-stream")
                .streaming(stream)
        }
        Behaviour::Truncated { text } => {
            let mut frames = if anthropic {
                anthropic_frames(&text, (1, 1), &model)
            } else {
                openai_frames(&text, (1, 1), &model)
            };
            // Drop the finish chunk, the usage and the end marker.
            frames.truncate(frames.len() - 3);
            let stream = futures_util::stream::iter(
                frames
                    .into_iter()
                    .map(|f| Ok::<_, actix_web::Error>(web::Bytes::from(f))),
            );
            HttpResponse::Ok()
                .content_type("text/event-stream")
                .streaming(stream)
        }
        Behaviour::Reply {
            text,
            chunk_delay,
            usage,
        } => {
            let frames = if anthropic {
                anthropic_frames(&text, usage, &model)
            } else {
                openai_frames(&text, usage, &model)
            };
            // Split every frame in two writes so events straddle reads.
            let pieces: VecDeque<(web::Bytes, bool)> = frames
                .into_iter()
                .flat_map(|frame| {
                    let bytes = frame.into_bytes();
                    let mut middle = bytes.len() / 2;
                    while middle > 0 && (bytes[middle] & 0b1100_0000) == 0b1000_0000 {
                        middle -= 1;
                    }
                    vec![
                        (web::Bytes::copy_from_slice(&bytes[..middle]), false),
                        (web::Bytes::copy_from_slice(&bytes[middle..]), true),
                    ]
                })
                .collect();
            let stream = futures_util::stream::unfold(pieces, move |mut pieces| async move {
                let (bytes, frame_end) = pieces.pop_front()?;
                if frame_end && !chunk_delay.is_zero() {
                    tokio::time::sleep(chunk_delay).await;
                }
                Some((Ok::<_, actix_web::Error>(bytes), pieces))
            });
            HttpResponse::Ok()
                .content_type("text/event-stream")
                .streaming(stream)
        }
    }
}
