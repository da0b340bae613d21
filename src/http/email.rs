//! Public email endpoints (no sign-in: the token in the URL is the credential): the open pixel,
//! click redirects (only to the URL recorded for the token), the unsubscribe page (a GET never
//! unsubscribes: scanners prefetch links) and its POST (form or RFC 8058 one-click). Also the
//! inbound delivery shared by IMAP and SendGrid Inbound Parse, and bounce/complaint handling.

use super::error::ApiResult;
use super::state::AppState;
use crate::actors::Live;
use crate::actors::events::{Event, MessageView};
use crate::channels::email::inbound::{InboundKind, ParsedEmail, parse, unsubscribe_token};
use crate::channels::email::{EmailConfig, check_bounce_rate};
use crate::domain::{Channel, ConsentStatus};
use crate::store::{EmailRecord, NewInbound, NewSuppression, Store, SuppressionReason};
use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use std::sync::Arc;

/// The transparent 1×1 GIF.
const PIXEL: [u8; 43] = [
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
];

fn page(status: actix_web::http::StatusCode, title: &str, body: &str) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(("X-Robots-Tag", "noindex"))
        .content_type("text/html; charset=utf-8")
        .body(format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
             <title>{title}</title></head><body style=\"font-family:sans-serif;max-width:32rem;margin:4rem auto\">{body}</body></html>"
        ))
}

fn valid_token(token: &str) -> bool {
    !token.is_empty() && token.len() <= 64 && token.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Moves the email's conversation message forward and tells the inbox.
pub(super) async fn advance(live: &Live, email: &EmailRecord, status: &str, error: Option<&str>) {
    let Some(message_id) = &email.message_id else {
        return;
    };
    if let Ok(Some(message)) = live
        .store
        .conversations()
        .advance_status(message_id, status, error)
        .await
    {
        live.hub.publish(
            &email.workspace_id,
            &Event::MessageStatus {
                conversation_id: message.conversation_id.clone(),
                message_id: message.id.clone(),
                status: message.status.clone(),
                error: message.error.clone(),
            },
        );
    }
}

#[utoipa::path(tag = "email", params(("token" = String, Path, description = "The email's token")), responses((status = 200, description = "1×1 GIF (also for unknown tokens)", content_type = "image/gif")))]
#[get("/t/o/{token}")]
pub async fn open_pixel(state: web::Data<AppState>, token: web::Path<String>) -> HttpResponse {
    let token = token.into_inner();
    if valid_token(&token)
        && let Ok(Some(email)) = state.store.email().by_token(&token).await
        && email.direction == "outbound"
        && let Ok(true) = state.store.email().mark_opened(&email.id).await
    {
        advance(&state.live, &email, "read", None).await;
    }
    HttpResponse::Ok()
        .insert_header((
            header::CACHE_CONTROL,
            "no-store, no-cache, must-revalidate, max-age=0",
        ))
        .content_type("image/gif")
        .body(PIXEL.to_vec())
}

#[utoipa::path(tag = "email", params(("token" = String, Path, description = "The link's token")), responses((status = 302, description = "Redirect to the URL recorded for this token"), (status = 404, description = "Unknown link (HTML page)")))]
#[get("/t/c/{token}")]
pub async fn click_redirect(state: web::Data<AppState>, token: web::Path<String>) -> HttpResponse {
    let token = token.into_inner();
    let found = if valid_token(&token) {
        state.store.email().click(&token).await.ok().flatten()
    } else {
        None
    };
    match found {
        Some((url, email)) => {
            if email.opened_at.is_none()
                && state
                    .store
                    .email()
                    .mark_opened(&email.id)
                    .await
                    .unwrap_or(false)
            {
                advance(&state.live, &email, "read", None).await;
            }
            HttpResponse::Found()
                .insert_header((header::LOCATION, url))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .finish()
        }
        None => page(
            actix_web::http::StatusCode::NOT_FOUND,
            "Link not found",
            "<h1>Link not found</h1><p>This link is unknown or has expired.</p>",
        ),
    }
}

#[utoipa::path(tag = "email", params(("token" = String, Path)), responses((status = 200, description = "A page with an Unsubscribe button; does NOT unsubscribe"), (status = 404, description = "Unknown token")))]
#[get("/u/{token}")]
pub async fn unsubscribe_page(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> HttpResponse {
    let token = token.into_inner();
    let known =
        valid_token(&token) && matches!(state.store.email().by_token(&token).await, Ok(Some(_)));
    if !known {
        return page(
            actix_web::http::StatusCode::NOT_FOUND,
            "Unknown link",
            "<h1>Unknown link</h1><p>This unsubscribe link is not valid.</p>",
        );
    }
    page(
        actix_web::http::StatusCode::OK,
        "Unsubscribe",
        &format!(
            "<h1>Unsubscribe</h1><p>Press the button to stop receiving these emails.</p>\
             <form method=\"post\" action=\"/u/{token}\"><input type=\"hidden\" name=\"confirm\" value=\"yes\">\
             <button type=\"submit\">Unsubscribe</button></form>"
        ),
    )
}

/// Suppresses the email's recipient and records the revoked consent. Idempotent.
pub async fn unsubscribe(
    store: &Store,
    email: &EmailRecord,
    source: &str,
) -> Result<(), crate::store::StoreError> {
    let Some(address) = &email.address else {
        return Ok(());
    };
    store
        .compliance()
        .suppress(&NewSuppression {
            workspace_id: &email.workspace_id,
            channel: Some(Channel::Email),
            address,
            reason: SuppressionReason::Unsubscribe,
            source: Some(source),
            lead_id: email.lead_id.as_deref(),
        })
        .await?;
    if let Some(lead_id) = &email.lead_id {
        store
            .compliance()
            .record_consent(
                &email.workspace_id,
                lead_id,
                Channel::Email,
                ConsentStatus::Revoked,
                "unsubscribe link",
                Some(&format!("{source}; email {}", email.header_id)),
            )
            .await?;
    }
    Ok(())
}

#[utoipa::path(tag = "email", params(("token" = String, Path)), request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "`List-Unsubscribe=One-Click` (RFC 8058) or the page's form"), responses((status = 200, description = "Unsubscribed (confirmation page)"), (status = 404, description = "Unknown token")))]
#[post("/u/{token}")]
pub async fn unsubscribe_post(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let token = token.into_inner();
    let email = if valid_token(&token) {
        state.store.email().by_token(&token).await?
    } else {
        None
    };
    let Some(email) = email else {
        return Ok(page(
            actix_web::http::StatusCode::NOT_FOUND,
            "Unknown link",
            "<h1>Unknown link</h1><p>This unsubscribe link is not valid.</p>",
        ));
    };
    let one_click = String::from_utf8_lossy(&body).contains("List-Unsubscribe=One-Click");
    let source = if one_click {
        "one-click unsubscribe (RFC 8058)"
    } else {
        "unsubscribe page"
    };
    unsubscribe(&state.store, &email, source).await?;
    Ok(page(
        actix_web::http::StatusCode::OK,
        "Unsubscribed",
        "<h1>You are unsubscribed</h1><p>You will not receive further emails from us.</p>",
    ))
}

/// What happened to one inbound email.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InboundOutcome {
    /// A reply, stored and handed to the lead's conversation (AI / inbox).
    Reply,
    /// Stored in the conversation, flagged, not handed to the AI.
    AutoReply,
    Bounce,
    Unsubscribe,
    Duplicate,
    /// No lead matched; nothing stored.
    Unmatched,
}

/// Hard bounce / complaint: the email fails, the address is suppressed, the lead's address is
/// invalid and the lead is not contacted again, and the mailbox is paused when its bounce rate
/// passes the threshold.
pub async fn apply_bounce(
    live: &Live,
    config: &EmailConfig,
    email: &EmailRecord,
    reason: SuppressionReason,
    source: &str,
) -> Result<(), crate::store::StoreError> {
    let store = &live.store;
    if let Some(address) = &email.address {
        store
            .compliance()
            .suppress(&NewSuppression {
                workspace_id: &email.workspace_id,
                channel: Some(Channel::Email),
                address,
                reason,
                source: Some(source),
                lead_id: email.lead_id.as_deref(),
            })
            .await?;
    }
    if let Some(lead_id) = &email.lead_id {
        if reason == SuppressionReason::HardBounce {
            store
                .email()
                .invalidate_lead_email(&email.workspace_id, lead_id)
                .await?;
        } else {
            store
                .compliance()
                .record_consent(
                    &email.workspace_id,
                    lead_id,
                    Channel::Email,
                    ConsentStatus::Revoked,
                    "spam complaint",
                    Some(source),
                )
                .await?;
        }
    }
    if reason == SuppressionReason::HardBounce {
        store.email().mark_bounced(&email.id).await?;
        advance(live, email, "failed", Some("hard bounce")).await;
        if let Some(mailbox_id) = &email.mailbox_id
            && let Some(paused) = check_bounce_rate(store, config, mailbox_id).await
        {
            tracing::warn!(mailbox = %mailbox_id, %paused, "mailbox paused");
        }
    }
    Ok(())
}

/// Finds the workspace and lead an inbound email belongs to: by the Message-IDs it refers to
/// (ours), else by the sender's address (in the mailbox's workspace when known, else only when
/// exactly one lead in the instance has it).
async fn route(
    store: &Store,
    parsed: &ParsedEmail,
    workspace_hint: Option<&str>,
) -> Result<(Option<EmailRecord>, Option<(String, String)>), crate::store::StoreError> {
    let referenced = store.email().by_header_ids(&parsed.refers_to).await?;
    if let Some(email) = &referenced
        && let Some(lead_id) = &email.lead_id
        && workspace_hint.is_none_or(|w| w == email.workspace_id)
    {
        return Ok((
            referenced.clone(),
            Some((email.workspace_id.clone(), lead_id.clone())),
        ));
    }
    let Some(from) = &parsed.from else {
        return Ok((referenced, None));
    };
    let mut workspace = workspace_hint.map(str::to_string);
    if workspace.is_none() {
        for to in &parsed.to {
            if let Some(mailbox) = store.email().mailbox_by_address(to).await? {
                workspace = Some(mailbox.workspace_id);
                break;
            }
        }
    }
    let leads = store
        .email()
        .leads_by_email(workspace.as_deref(), from, 2)
        .await?;
    Ok((referenced, (leads.len() == 1).then(|| leads[0].clone())))
}

/// The one inbound path for email (IMAP and Inbound Parse): parse, classify, route, store.
pub async fn deliver_inbound(
    live: &Live,
    config: &EmailConfig,
    raw: &[u8],
    workspace_hint: Option<&str>,
) -> Result<InboundOutcome, String> {
    let parsed = parse(raw)?;
    let store_error = |e: crate::store::StoreError| e.to_string();
    // mailto:unsubscribe+TOKEN@… (List-Unsubscribe by email).
    if let Some(token) = parsed.to.iter().find_map(|a| unsubscribe_token(a))
        && let Some(email) = live
            .store
            .email()
            .by_token(token)
            .await
            .map_err(store_error)?
    {
        unsubscribe(&live.store, &email, "unsubscribe email")
            .await
            .map_err(store_error)?;
        return Ok(InboundOutcome::Unsubscribe);
    }
    let (referenced, target) = route(&live.store, &parsed, workspace_hint)
        .await
        .map_err(store_error)?;
    if let InboundKind::Bounce { recipient, status } = &parsed.kind {
        let Some(email) = referenced.filter(|e| e.direction == "outbound") else {
            tracing::info!(?recipient, "a bounce report for an email we do not know");
            return Ok(InboundOutcome::Unmatched);
        };
        let first = live
            .store
            .email()
            .first_sighting(&format!("dsn:{}", parsed.header_id), "dsn")
            .await
            .map_err(store_error)?;
        if first {
            apply_bounce(
                live,
                config,
                &email,
                SuppressionReason::HardBounce,
                &format!("delivery status notification {status}"),
            )
            .await
            .map_err(store_error)?;
        }
        return Ok(if first {
            InboundOutcome::Bounce
        } else {
            InboundOutcome::Duplicate
        });
    }
    let Some((workspace_id, lead_id)) = target else {
        tracing::info!(from = ?parsed.from, "an inbound email matched no lead");
        return Ok(InboundOutcome::Unmatched);
    };
    let mailbox_id = referenced.as_ref().and_then(|e| e.mailbox_id.clone());
    let from = parsed.from.clone().unwrap_or_default();
    match &parsed.kind {
        InboundKind::AutoReply(reason) => {
            let stored = store_auto_reply(live, &workspace_id, &lead_id, &parsed)
                .await
                .map_err(store_error)?;
            let _ = live
                .store
                .email()
                .record_inbound(
                    &workspace_id,
                    Some(&lead_id),
                    stored.as_deref(),
                    mailbox_id.as_deref(),
                    &parsed.header_id,
                    &from,
                    "auto_reply",
                )
                .await;
            tracing::info!(%reason, lead = %lead_id, "auto-reply kept, not handed to the AI");
            Ok(if stored.is_some() {
                InboundOutcome::AutoReply
            } else {
                InboundOutcome::Duplicate
            })
        }
        _ => {
            let body = if parsed.text.is_empty() {
                "(empty reply)"
            } else {
                parsed.text.as_str()
            };
            let (message, _, duplicate) = live
                .accept_inbound(&NewInbound {
                    workspace_id: &workspace_id,
                    lead_id: &lead_id,
                    channel: "email",
                    body,
                    subject: parsed.subject.as_deref(),
                    external_id: &parsed.header_id,
                })
                .await
                .map_err(store_error)?;
            // The reply's Message-ID joins the thread (our follow-ups reference it).
            live.store
                .email()
                .record_inbound(
                    &workspace_id,
                    Some(&lead_id),
                    Some(&message.id),
                    mailbox_id.as_deref(),
                    &parsed.header_id,
                    &from,
                    "received",
                )
                .await
                .map_err(store_error)?;
            Ok(if duplicate {
                InboundOutcome::Duplicate
            } else {
                InboundOutcome::Reply
            })
        }
    }
}

/// Writes an auto-reply into the conversation already processed (the AI never sees it) and
/// without touching unread / last-inbound (it is not the lead answering). `None` if stored
/// before.
async fn store_auto_reply(
    live: &Live,
    workspace_id: &str,
    lead_id: &str,
    parsed: &ParsedEmail,
) -> Result<Option<String>, crate::store::StoreError> {
    let conversation = live
        .store
        .conversations()
        .ensure_for_lead(workspace_id, lead_id, None)
        .await?;
    let stored = live
        .store
        .email()
        .store_auto_reply_message(
            workspace_id,
            &conversation.id,
            lead_id,
            parsed.subject.as_deref(),
            &parsed.text,
            &parsed.header_id,
        )
        .await?;
    if let Some(message_id) = &stored
        && let Ok(message) = live
            .store
            .conversations()
            .message(workspace_id, message_id)
            .await
    {
        live.hub.publish(
            workspace_id,
            &Event::MessageCreated {
                conversation_id: conversation.id.clone(),
                message: MessageView::from(&message),
                conversation: None,
            },
        );
    }
    Ok(stored)
}

/// The sink the IMAP poller hands raw emails to.
pub fn inbound_sink(
    live: Live,
    config: Arc<EmailConfig>,
) -> crate::channels::email::imap::InboundSink {
    Arc::new(move |raw: Vec<u8>, workspace: Option<String>| {
        let (live, config) = (live.clone(), config.clone());
        Box::pin(async move {
            match deliver_inbound(&live, &config, &raw, workspace.as_deref()).await {
                Ok(_) => Ok(()),
                // An email we cannot parse will never parse: skip it rather than block the
                // mailbox forever.
                Err(error) if error.contains("parsed") => {
                    tracing::warn!(%error, "skipping an unparseable email");
                    Ok(())
                }
                Err(error) => Err(error),
            }
        })
    })
}
