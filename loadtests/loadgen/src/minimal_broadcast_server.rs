//! `loadgen minimal-broadcast-server`: the least a broadcast over actix-web + actix-ws can do,
//! so OmniReach's hub (actors, per-session buffers, auth, JSON events) can be compared with the
//! floor of the same stack. `GET /ws` greets with `{"type":"hello"}`; `POST /broadcast` sends its
//! body, unchanged and shared (one allocation), to every socket through a tokio broadcast
//! channel. A socket that falls a full channel behind skips what it missed.

use crate::cli::MinimalBroadcastArgs;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, get, post, web};
use actix_ws::Message;
use anyhow::Result;
use bytes::Bytes;
use futures_util::StreamExt;
use std::process::ExitCode;
use tokio::sync::broadcast;

/// Messages a socket may fall behind before it skips ahead.
const CHANNEL_CAPACITY: usize = 1024;

struct Hub {
    sender: broadcast::Sender<bytestring::ByteString>,
}

#[get("/ws")]
async fn socket(
    request: HttpRequest,
    body: web::Payload,
    hub: web::Data<Hub>,
) -> actix_web::Result<HttpResponse> {
    let (response, mut session, mut incoming) = actix_ws::handle(&request, body)?;
    let mut broadcasts = hub.sender.subscribe();
    actix_web::rt::spawn(async move {
        if session.text(r#"{"type":"hello"}"#).await.is_err() {
            return;
        }
        loop {
            tokio::select! {
                message = incoming.next() => match message {
                    Some(Ok(Message::Ping(bytes))) => {
                        if session.pong(&bytes).await.is_err() { break; }
                    }
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                    Some(Ok(_)) => {}
                },
                broadcast = broadcasts.recv() => match broadcast {
                    Ok(text) => {
                        if session.text(text).await.is_err() { break; }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => break,
                },
            }
        }
        let _ = session.close(None).await;
    });
    Ok(response)
}

#[post("/broadcast")]
async fn broadcast_body(body: Bytes, hub: web::Data<Hub>) -> actix_web::Result<HttpResponse> {
    let text = bytestring::ByteString::try_from(body)
        .map_err(|_| actix_web::error::ErrorBadRequest("body must be UTF-8"))?;
    let receivers = hub.sender.send(text).unwrap_or(0);
    Ok(HttpResponse::Ok().json(serde_json::json!({"receivers": receivers})))
}

#[get("/health")]
async fn health() -> HttpResponse {
    HttpResponse::Ok().body("ok")
}

pub async fn serve(args: MinimalBroadcastArgs) -> Result<ExitCode> {
    let (sender, _) = broadcast::channel(CHANNEL_CAPACITY);
    let hub = web::Data::new(Hub { sender });
    let server = HttpServer::new(move || {
        App::new()
            .app_data(hub.clone())
            .service(socket)
            .service(broadcast_body)
            .service(health)
    })
    .workers(args.workers.max(1))
    .backlog(4096)
    .max_connections(100_000)
    .bind(("127.0.0.1", args.port))?;
    let port = server.addrs()[0].port();
    crate::open_files::raise_to_hard_limit();
    println!(
        "minimal-broadcast-server listening on http://127.0.0.1:{port} (GET /ws, POST /broadcast)"
    );
    server.run().await?;
    Ok(ExitCode::SUCCESS)
}
