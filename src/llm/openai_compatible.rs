//! The OpenAI chat-completions wire format, streaming: used for OpenRouter, Mistral, OpenAI and
//! any OpenAI-compatible server (Ollama, vLLM). `POST {base}/chat/completions` with
//! `stream: true`; SSE `data:` chunks carry `choices[0].delta.content`, the final chunk carries
//! `usage` (requested with `stream_options.include_usage` where supported), and `data: [DONE]`
//! ends the stream. OpenRouter sends `: OPENROUTER PROCESSING` comments (skipped by the parser)
//! and may report an error inside the stream as `{"error": {...}}`.

use super::prompt::Role;
use super::provider::{
    ChatRequest, EventStream, LlmProvider, ProviderError, ProviderKind, SseDecoder, StreamEvent,
    event_stream, request_error, status_error,
};
use super::sse::SseEvent;
use futures_util::future::BoxFuture;
use serde_json::{Value, json};

#[derive(Clone)]
pub struct OpenAiCompatible {
    kind: ProviderKind,
    client: reqwest::Client,
    base_url: String,
    api_key: Option<String>,
    /// OpenRouter's attribution headers (`HTTP-Referer`, `X-Title`).
    referer: Option<String>,
}

impl std::fmt::Debug for OpenAiCompatible {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiCompatible")
            .field("kind", &self.kind)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl OpenAiCompatible {
    pub fn new(
        kind: ProviderKind,
        client: reqwest::Client,
        base_url: &str,
        api_key: Option<String>,
        referer: Option<String>,
    ) -> Self {
        Self {
            kind,
            client,
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key,
            referer,
        }
    }

    fn body(&self, request: &ChatRequest) -> Value {
        let messages: Vec<Value> = request
            .prompt
            .with_system_message()
            .into_iter()
            .map(|message| {
                let role = match message.role {
                    Role::System => "system",
                    Role::User => "user",
                    Role::Assistant => "assistant",
                };
                json!({"role": role, "content": message.content})
            })
            .collect();
        let mut body = json!({
            "model": request.model,
            "messages": messages,
            "temperature": request.temperature,
            "max_tokens": request.max_tokens,
            "stream": true,
        });
        // Mistral sends usage in the last chunk on its own and rejects unknown parameters.
        if self.kind != ProviderKind::Mistral {
            body["stream_options"] = json!({"include_usage": true});
        }
        body
    }
}

struct Decoder;

impl SseDecoder for Decoder {
    fn decode(&mut self, event: SseEvent) -> Result<(Vec<StreamEvent>, bool), ProviderError> {
        let data = event.data.trim();
        if data == "[DONE]" {
            return Ok((Vec::new(), true));
        }
        if data.is_empty() {
            return Ok((Vec::new(), false));
        }
        let chunk: Value = serde_json::from_str(data)
            .map_err(|e| ProviderError::Protocol(format!("a chunk is not JSON ({e})")))?;
        if let Some(error) = chunk.get("error") {
            let message = error
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("unknown error")
                .to_string();
            return Err(ProviderError::Protocol(format!(
                "the provider reported: {message}"
            )));
        }
        let mut events = Vec::new();
        if let Some(text) = chunk
            .pointer("/choices/0/delta/content")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
        {
            events.push(StreamEvent::Delta(text.to_string()));
        }
        if let Some(usage) = chunk.get("usage").filter(|u| u.is_object()) {
            let count = |name: &str| usage.get(name).and_then(Value::as_i64).unwrap_or(0);
            events.push(StreamEvent::Usage {
                prompt_tokens: count("prompt_tokens"),
                completion_tokens: count("completion_tokens"),
            });
        }
        Ok((events, false))
    }
}

impl LlmProvider for OpenAiCompatible {
    fn kind(&self) -> ProviderKind {
        self.kind
    }

    fn start(
        &self,
        request: ChatRequest,
    ) -> BoxFuture<'static, Result<EventStream, ProviderError>> {
        let mut builder = self
            .client
            .post(format!("{}/chat/completions", self.base_url))
            .header(reqwest::header::ACCEPT, "text/event-stream")
            .json(&self.body(&request));
        if let Some(key) = &self.api_key {
            builder = builder.bearer_auth(key);
        }
        if self.kind == ProviderKind::OpenRouter {
            builder = builder.header("X-Title", "OmniReach");
            if let Some(referer) = &self.referer {
                builder = builder.header("HTTP-Referer", referer);
            }
        }
        Box::pin(async move {
            let response = builder.send().await.map_err(request_error)?;
            if !response.status().is_success() {
                return Err(status_error(response).await);
            }
            Ok(event_stream(response.bytes_stream(), Decoder))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(data: &str) -> SseEvent {
        SseEvent {
            event: None,
            data: data.into(),
        }
    }

    #[test]
    fn decodes_deltas_usage_done_and_in_stream_errors() {
        let mut decoder = Decoder;
        let (events, done) = decoder
            .decode(event(r#"{"choices":[{"delta":{"content":"Hi"}}]}"#))
            .unwrap();
        assert_eq!(events, vec![StreamEvent::Delta("Hi".into())]);
        assert!(!done);
        let (events, _) = decoder
            .decode(event(
                r#"{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3}}"#,
            ))
            .unwrap();
        assert_eq!(
            events,
            vec![StreamEvent::Usage {
                prompt_tokens: 12,
                completion_tokens: 3
            }]
        );
        assert!(decoder.decode(event("[DONE]")).unwrap().1);
        assert!(matches!(
            decoder.decode(event(r#"{"error":{"message":"overloaded"}}"#)),
            Err(ProviderError::Protocol(m)) if m.contains("overloaded")
        ));
    }
}
