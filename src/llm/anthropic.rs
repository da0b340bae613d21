//! The Anthropic Messages API, streaming: `POST {base}/v1/messages` with `x-api-key`,
//! `anthropic-version` and `stream: true`. The system prompt is a top-level field; messages
//! alternate user/assistant starting with user (the prompt builder guarantees it). SSE events:
//! `message_start` (input token count), `content_block_delta` with a `text_delta`,
//! `message_delta` (output token count), `message_stop` (the end), `ping` (ignored) and
//! `error`.

use super::prompt::Role;
use super::provider::{
    ChatRequest, EventStream, LlmProvider, ProviderError, ProviderKind, SseDecoder, StreamEvent,
    event_stream, request_error, status_error,
};
use super::sse::SseEvent;
use futures_util::future::BoxFuture;
use serde_json::{Value, json};

pub const API_VERSION: &str = "2023-06-01";

#[derive(Clone)]
pub struct Anthropic {
    client: reqwest::Client,
    base_url: String,
    api_key: String,
}

impl std::fmt::Debug for Anthropic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Anthropic")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Anthropic {
    pub fn new(client: reqwest::Client, base_url: &str, api_key: String) -> Self {
        Self {
            client,
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key,
        }
    }

    fn body(request: &ChatRequest) -> Value {
        let messages: Vec<Value> = request
            .prompt
            .messages
            .iter()
            .map(|message| {
                let role = match message.role {
                    Role::Assistant => "assistant",
                    Role::User | Role::System => "user",
                };
                json!({"role": role, "content": message.content})
            })
            .collect();
        json!({
            "model": request.model,
            "system": request.prompt.system,
            "messages": messages,
            "max_tokens": request.max_tokens,
            // Anthropic accepts 0–1.
            "temperature": request.temperature.clamp(0.0, 1.0),
            "stream": true,
        })
    }
}

#[derive(Default)]
struct Decoder {
    input_tokens: i64,
    output_tokens: i64,
}

impl SseDecoder for Decoder {
    fn decode(&mut self, event: SseEvent) -> Result<(Vec<StreamEvent>, bool), ProviderError> {
        let data: Value = if event.data.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&event.data)
                .map_err(|e| ProviderError::Protocol(format!("an event is not JSON ({e})")))?
        };
        // The type is in the `event:` field and repeated in the data; trust either.
        let kind = event
            .event
            .clone()
            .or_else(|| data.get("type").and_then(Value::as_str).map(str::to_string))
            .unwrap_or_default();
        match kind.as_str() {
            "message_start" => {
                self.input_tokens = data
                    .pointer("/message/usage/input_tokens")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                Ok((Vec::new(), false))
            }
            "content_block_delta" => {
                let text = data
                    .pointer("/delta/text")
                    .and_then(Value::as_str)
                    .filter(|t| !t.is_empty());
                Ok((
                    text.map(|t| StreamEvent::Delta(t.to_string()))
                        .into_iter()
                        .collect(),
                    false,
                ))
            }
            "message_delta" => {
                if let Some(output) = data.pointer("/usage/output_tokens").and_then(Value::as_i64) {
                    self.output_tokens = output;
                }
                Ok((Vec::new(), false))
            }
            "message_stop" => Ok((
                vec![StreamEvent::Usage {
                    prompt_tokens: self.input_tokens,
                    completion_tokens: self.output_tokens,
                }],
                true,
            )),
            "error" => {
                let message = data
                    .pointer("/error/message")
                    .and_then(Value::as_str)
                    .unwrap_or("unknown error");
                let kind = data
                    .pointer("/error/type")
                    .and_then(Value::as_str)
                    .unwrap_or("error");
                Err(ProviderError::Protocol(format!(
                    "the provider reported {kind}: {message}"
                )))
            }
            // ping, content_block_start/stop and future event types.
            _ => Ok((Vec::new(), false)),
        }
    }
}

impl LlmProvider for Anthropic {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Anthropic
    }

    fn start(
        &self,
        request: ChatRequest,
    ) -> BoxFuture<'static, Result<EventStream, ProviderError>> {
        let builder = self
            .client
            .post(format!("{}/v1/messages", self.base_url))
            .header("x-api-key", &self.api_key)
            .header("anthropic-version", API_VERSION)
            .header(reqwest::header::ACCEPT, "text/event-stream")
            .json(&Self::body(&request));
        Box::pin(async move {
            let response = builder.send().await.map_err(request_error)?;
            if !response.status().is_success() {
                return Err(status_error(response).await);
            }
            Ok(event_stream(response.bytes_stream(), Decoder::default()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: &str, data: &str) -> SseEvent {
        SseEvent {
            event: Some(kind.into()),
            data: data.into(),
        }
    }

    #[test]
    fn decodes_the_message_event_sequence() {
        let mut decoder = Decoder::default();
        decoder
            .decode(event(
                "message_start",
                r#"{"type":"message_start","message":{"usage":{"input_tokens":25,"output_tokens":1}}}"#,
            ))
            .unwrap();
        decoder.decode(event("ping", r#"{"type":"ping"}"#)).unwrap();
        let (events, _) = decoder
            .decode(event(
                "content_block_delta",
                r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"#,
            ))
            .unwrap();
        assert_eq!(events, vec![StreamEvent::Delta("Hello".into())]);
        decoder
            .decode(event(
                "message_delta",
                r#"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":15}}"#,
            ))
            .unwrap();
        let (events, done) = decoder
            .decode(event("message_stop", r#"{"type":"message_stop"}"#))
            .unwrap();
        assert!(done);
        assert_eq!(
            events,
            vec![StreamEvent::Usage {
                prompt_tokens: 25,
                completion_tokens: 15
            }]
        );
        assert!(
            decoder
                .decode(event(
                    "error",
                    r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
                ))
                .is_err()
        );
    }
}
