//! How each WebSocket target is spoken to: where its socket lives, the handshake that makes a
//! client ready, and which frames are the events being measured. Everything else (connecting,
//! timing, counting) is shared, so the three targets are measured by the same code.

use crate::cli::BroadcastTarget;
use anyhow::{Context, Result, bail};
use futures_util::{SinkExt, StreamExt};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(20);

/// What a text frame means to the measurement.
#[derive(Debug, PartialEq, Eq)]
pub enum FrameMeaning {
    /// The measured event, carrying the sequence number from its marker.
    Event(u64),
    /// A protocol message the client must answer (socket.io's ping `2` → pong `3`).
    Reply(&'static str),
    Other,
}

/// Small buffers: ten thousand clients with tungstenite's default 128 KiB read buffer would
/// cost the load generator more than a gigabyte and distort the machine under test.
pub async fn open(url: &str) -> Result<Socket> {
    let config = WebSocketConfig::default()
        .read_buffer_size(4096)
        .write_buffer_size(0);
    let (socket, _) = tokio_tungstenite::connect_async_with_config(url, Some(config), true)
        .await
        .with_context(|| format!("WebSocket connect {}", url.split('?').next().unwrap_or(url)))?;
    Ok(socket)
}

impl BroadcastTarget {
    /// The name given on the command line (`omnireach`, `actix-ws`, `socketio`).
    pub fn label(self) -> String {
        use clap::ValueEnum;
        self.to_possible_value()
            .map(|value| value.get_name().to_string())
            .unwrap_or_default()
    }

    pub fn socket_path(self) -> &'static str {
        match self {
            BroadcastTarget::Omnireach => "/api/ws",
            BroadcastTarget::ActixWs => "/ws",
            BroadcastTarget::Socketio => "/socket.io/?EIO=4&transport=websocket",
        }
    }

    pub fn trigger_path(self) -> &'static str {
        match self {
            BroadcastTarget::Omnireach => "/api/sandbox/inbound",
            BroadcastTarget::ActixWs | BroadcastTarget::Socketio => "/broadcast",
        }
    }

    /// Reads until the client is ready to receive broadcasts.
    pub async fn handshake(self, socket: &mut Socket) -> Result<()> {
        match self {
            BroadcastTarget::Omnireach | BroadcastTarget::ActixWs => {
                await_text(socket, |text| frame_type(text) == Some("hello")).await?;
            }
            BroadcastTarget::Socketio => {
                // engine.io open packet, then join the default namespace and wait for its ack.
                await_text(socket, |text| text.starts_with('0')).await?;
                socket.send(Message::text("40")).await?;
                await_text(socket, |text| text.starts_with("40")).await?;
            }
        }
        Ok(())
    }

    pub fn classify(self, frame: &str, marker_prefix: &str) -> FrameMeaning {
        match self {
            BroadcastTarget::Omnireach => {
                // `conversation.updated` repeats the text in its preview: only the message counts.
                if !frame.contains("\"message.created\"") {
                    return FrameMeaning::Other;
                }
            }
            BroadcastTarget::ActixWs => {}
            BroadcastTarget::Socketio => {
                if frame == "2" {
                    return FrameMeaning::Reply("3");
                }
                if !frame.starts_with("42") {
                    return FrameMeaning::Other;
                }
            }
        }
        marker_sequence(frame, marker_prefix).map_or(FrameMeaning::Other, FrameMeaning::Event)
    }
}

/// The marker is `<prefix><digits>;`, e.g. `lgseq-3f2a-17;`.
pub fn marker(prefix: &str, sequence: u64) -> String {
    format!("{prefix}{sequence};")
}

fn marker_sequence(frame: &str, prefix: &str) -> Option<u64> {
    let start = frame.find(prefix)? + prefix.len();
    let digits = &frame[start..];
    let end = digits.find(';')?;
    digits[..end].parse().ok()
}

/// The `type` of a JSON frame, without parsing the rest.
pub fn frame_type(frame: &str) -> Option<&str> {
    #[derive(serde::Deserialize)]
    struct Typed<'a> {
        #[serde(rename = "type", borrow)]
        kind: &'a str,
    }
    serde_json::from_str::<Typed>(frame)
        .ok()
        .map(|typed| typed.kind)
}

/// Reads frames (answering socket.io pings) until one satisfies `ready`.
pub async fn await_text(socket: &mut Socket, ready: impl Fn(&str) -> bool) -> Result<String> {
    let read = async {
        while let Some(message) = socket.next().await {
            match message? {
                Message::Text(text) if ready(text.as_str()) => {
                    return Ok(text.as_str().to_string());
                }
                Message::Text(text) if text.as_str() == "2" => {
                    socket.send(Message::text("3")).await?
                }
                Message::Text(text) if frame_type(text.as_str()) == Some("error") => {
                    bail!("server answered {}", text.as_str())
                }
                Message::Close(frame) => bail!("closed during handshake: {frame:?}"),
                _ => {}
            }
        }
        bail!("socket ended during handshake")
    };
    tokio::time::timeout(HANDSHAKE_TIMEOUT, read)
        .await
        .context("handshake timed out")?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_marker_in_each_target_framing() {
        let prefix = "lgseq-ab12-";
        let omnireach = r#"{"type":"message.created","conversation_id":"c","message":{"id":"m","text":"hi lgseq-ab12-42; there"}}"#;
        assert_eq!(
            BroadcastTarget::Omnireach.classify(omnireach, prefix),
            FrameMeaning::Event(42)
        );
        let preview = r#"{"type":"conversation.updated","conversation":{"last_message_preview":"hi lgseq-ab12-42;"}}"#;
        assert_eq!(
            BroadcastTarget::Omnireach.classify(preview, prefix),
            FrameMeaning::Other
        );
        let socketio = r#"42["broadcast",{"text":"lgseq-ab12-7;"}]"#;
        assert_eq!(
            BroadcastTarget::Socketio.classify(socketio, prefix),
            FrameMeaning::Event(7)
        );
        assert_eq!(
            BroadcastTarget::Socketio.classify("2", prefix),
            FrameMeaning::Reply("3")
        );
        let plain = r#"{"type":"broadcast","text":"lgseq-ab12-0;"}"#;
        assert_eq!(
            BroadcastTarget::ActixWs.classify(plain, prefix),
            FrameMeaning::Event(0)
        );
        assert_eq!(
            BroadcastTarget::ActixWs.classify(r#"{"text":"lgseq-other-1;"}"#, prefix),
            FrameMeaning::Other
        );
    }

    #[test]
    fn reads_the_frame_type_only() {
        assert_eq!(
            frame_type(r#"{"type":"hello","session_id":"s"}"#),
            Some("hello")
        );
        assert_eq!(frame_type("40"), None);
    }
}
