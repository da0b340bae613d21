//! `GET /api/ws`: one WebSocket session per browser connection. The session registers with the
//! hub (inbox events of its workspace by default), subscribes to conversations on request,
//! relays typing, keeps presence, pings every 10 s and closes after 30 s of silence. Its writer
//! drains a bounded buffer; a session that falls behind is told to resync.

use super::error::{ApiError, ApiResult};
use super::principal::{Principal, authenticate_token};
use super::state::AppState;
use crate::actors::Hub;
use crate::actors::events::{Event, Viewer, Who};
use crate::domain::Role;
use actix_web::{HttpRequest, HttpResponse, get, web};
use actix_ws::{AggregatedMessage, CloseCode, CloseReason};
use serde::Deserialize;
use serde_json::json;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// Largest frame a client may send.
pub const MAX_CLIENT_FRAME: usize = 64 * 1024;
const HEARTBEAT: Duration = Duration::from_secs(10);
const CLIENT_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Deserialize)]
pub struct WsQuery {
    pub token: Option<String>,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ClientFrame {
    Subscribe { conversation_id: String },
    Unsubscribe { conversation_id: String },
    Typing { conversation_id: String },
    Ping,
}

fn token_from(request: &HttpRequest, query: &WsQuery) -> Option<String> {
    if let Some(token) = query.token.clone().filter(|t| !t.is_empty()) {
        return Some(token);
    }
    if let Some(value) = request
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        && let Some((scheme, token)) = value.trim().split_once(' ')
        && scheme.eq_ignore_ascii_case("bearer")
    {
        return Some(token.trim().to_string());
    }
    let cookies = request
        .headers()
        .get(actix_web::http::header::COOKIE)?
        .to_str()
        .ok()?;
    cookies.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == "omnireach_token" && !value.is_empty()).then(|| value.to_string())
    })
}

#[utoipa::path(
    tag = "realtime",
    params(("token" = Option<String>, Query, description = "Access token (or send Authorization: Bearer)")),
    responses((status = 101, description = "Switching protocols: a WebSocket carrying JSON events (see docs/conversations-api.md)"), (status = 401, body = super::error::ErrorBody)),
    security(("bearer" = []))
)]
#[get("/api/ws")]
pub async fn websocket(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Payload,
    query: web::Query<WsQuery>,
) -> ApiResult<HttpResponse> {
    let principal = authenticate_token(state.clone(), token_from(&request, &query)).await?;
    let name = state
        .store
        .users()
        .find_in_workspace(&principal.workspace_id, &principal.user_id)
        .await?
        .map(|u| u.name)
        .unwrap_or_else(|| "API client".into());
    let (response, session, stream) = actix_ws::handle(&request, body)
        .map_err(|e| ApiError::bad_request("websocket_upgrade_failed", e.to_string()))?;
    let stream = stream
        .max_frame_size(MAX_CLIENT_FRAME)
        .aggregate_continuations()
        .max_continuation_size(MAX_CLIENT_FRAME);
    actix::spawn(run_session(
        state.into_inner(),
        principal,
        name,
        session,
        stream,
    ));
    Ok(response)
}

fn error_frame(code: &str, message: &str) -> String {
    json!({"type": "error", "code": code, "message": message}).to_string()
}

fn publish_presence(hub: &Hub, workspace_id: &str, conversation_id: &str) {
    hub.publish(
        workspace_id,
        &Event::Presence {
            conversation_id: conversation_id.to_string(),
            viewers: hub.viewers(conversation_id),
        },
    );
}

async fn run_session(
    state: std::sync::Arc<AppState>,
    principal: Principal,
    name: String,
    mut session: actix_ws::Session,
    mut stream: actix_ws::AggregatedMessageStream,
) {
    let hub = state.live.hub.clone();
    let viewer = Viewer {
        user_id: principal.user_id.clone(),
        name: name.clone(),
    };
    let mut handle = hub.register(&principal.workspace_id, viewer);
    let hello = json!({
        "type": "hello",
        "session_id": handle.id.to_string(),
        "user_id": principal.user_id,
        "workspace_id": principal.workspace_id,
    });
    let mut close_reason: Option<CloseReason> = None;
    if session.text(hello.to_string()).await.is_ok() {
        let mut heartbeat = tokio::time::interval(HEARTBEAT);
        heartbeat.tick().await;
        let mut last_heard = Instant::now();
        loop {
            tokio::select! {
                frame = handle.frames.recv() => {
                    let Some(frame) = frame else { break };
                    if handle.lagging.swap(false, Ordering::AcqRel) {
                        while handle.frames.try_recv().is_ok() {}
                        let resync = json!({"type": "resync", "reason": "lagging"}).to_string();
                        if session.text(resync).await.is_err() { break; }
                        continue;
                    }
                    if session.text(frame).await.is_err() { break; }
                }
                incoming = stream.recv() => {
                    last_heard = Instant::now();
                    match incoming {
                        Some(Ok(AggregatedMessage::Text(text))) => {
                            let reply = handle_client_frame(&state, &principal, &name, handle.id, &text).await;
                            if let Some(reply) = reply
                                && session.text(reply).await.is_err()
                            {
                                break;
                            }
                        }
                        Some(Ok(AggregatedMessage::Binary(_))) => {
                            let reply = error_frame("bad_frame", "Send JSON text frames, not binary.");
                            if session.text(reply).await.is_err() { break; }
                        }
                        Some(Ok(AggregatedMessage::Ping(bytes))) => {
                            if session.pong(&bytes).await.is_err() { break; }
                        }
                        Some(Ok(AggregatedMessage::Pong(_))) => {}
                        Some(Ok(AggregatedMessage::Close(_))) | None => break,
                        Some(Err(error)) => {
                            let code = match error {
                                actix_ws::ProtocolError::Overflow => CloseCode::Size,
                                _ => CloseCode::Protocol,
                            };
                            close_reason = Some(CloseReason { code, description: Some(error.to_string()) });
                            break;
                        }
                    }
                }
                _ = heartbeat.tick() => {
                    if last_heard.elapsed() > CLIENT_TIMEOUT {
                        close_reason = Some(CloseReason { code: CloseCode::Away, description: Some("no heartbeat".into()) });
                        break;
                    }
                    if session.ping(b"").await.is_err() { break; }
                }
            }
        }
    }
    for (workspace_id, conversation_id) in hub.unregister(handle.id) {
        publish_presence(&hub, &workspace_id, &conversation_id);
    }
    let _ = session.close(close_reason).await;
}

async fn handle_client_frame(
    state: &AppState,
    principal: &Principal,
    name: &str,
    session_id: u64,
    text: &str,
) -> Option<String> {
    let hub = &state.live.hub;
    let frame: ClientFrame = match serde_json::from_str(text) {
        Ok(frame) => frame,
        Err(error) => {
            return Some(error_frame(
                "bad_frame",
                &format!(
                    "Could not read this frame ({error}); send {{\"type\": \"subscribe\", \"conversation_id\": \"…\"}}, unsubscribe, typing or ping."
                ),
            ));
        }
    };
    match frame {
        ClientFrame::Ping => Some(json!({"type": "pong"}).to_string()),
        ClientFrame::Subscribe { conversation_id } => {
            match state
                .store
                .conversations()
                .get(&principal.workspace_id, &conversation_id)
                .await
            {
                Ok(_) => {
                    hub.subscribe(session_id, &conversation_id);
                    publish_presence(hub, &principal.workspace_id, &conversation_id);
                    Some(
                        json!({"type": "subscribed", "conversation_id": conversation_id})
                            .to_string(),
                    )
                }
                Err(crate::store::StoreError::NotFound) => Some(error_frame(
                    "not_found",
                    "No conversation with this id in your workspace.",
                )),
                Err(error) => {
                    tracing::warn!(%error, "subscribe lookup failed");
                    Some(error_frame(
                        "unavailable",
                        "Try subscribing again in a moment.",
                    ))
                }
            }
        }
        ClientFrame::Unsubscribe { conversation_id } => {
            hub.unsubscribe(session_id, &conversation_id);
            publish_presence(hub, &principal.workspace_id, &conversation_id);
            None
        }
        ClientFrame::Typing { conversation_id } => {
            if !principal.role.includes(Role::Sales) {
                return Some(error_frame("forbidden", "Viewers have read-only access."));
            }
            if !hub
                .viewers(&conversation_id)
                .iter()
                .any(|v| v.user_id == principal.user_id)
            {
                return Some(error_frame(
                    "not_subscribed",
                    "Subscribe to the conversation first.",
                ));
            }
            hub.publish(
                &principal.workspace_id,
                &Event::Typing {
                    conversation_id,
                    who: Who::Human {
                        user_id: principal.user_id.clone(),
                        name: name.to_string(),
                    },
                },
            );
            None
        }
    }
}
