//! Twilio webhooks: inbound SMS / WhatsApp (`POST /api/webhooks/twilio/messaging`) and
//! delivery status callbacks (`POST /api/webhooks/twilio/status`).
//!
//! Both verify `X-Twilio-Signature` against the public URL (`PUBLIC_URL` + path + query) before
//! anything is stored; the workspace is the one whose Twilio account (Account SID) produces the
//! signature. Inbound messages go through `Live::accept_inbound`, idempotent on `MessageSid`,
//! and carrier keywords (STOP, START, HELP) are applied before any agent sees the message.
//! The answer is an empty TwiML `<Response/>`.

use super::error::{ApiError, ApiResult, ErrorBody};
use super::state::AppState;
use crate::channels::twilio::{TwilioCredentials, signature};
use crate::compliance::keywords::{self, Keyword};
use crate::domain::{Channel, ConsentStatus, PhoneNumber};
use crate::store::{
    LeadDraft, MessageRecord, NewInbound, NewOutbound, NewSuppression, StoreError,
    SuppressionReason, normalise_address,
};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use futures_util::StreamExt;

/// Twilio's webhooks are a few KB; anything far larger is not Twilio.
const MAX_WEBHOOK_BYTES: usize = 64 * 1024;

const EMPTY_TWIML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

/// A verified webhook: its parameters and the workspace it belongs to.
struct Verified {
    workspace_id: String,
    params: Vec<(String, String)>,
}

impl Verified {
    fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    fn require(&self, name: &str) -> ApiResult<&str> {
        self.get(name)
            .ok_or_else(|| ApiError::field(name, format!("the Twilio parameter {name} is missing")))
    }
}

async fn read_body(mut payload: web::Payload) -> ApiResult<Vec<u8>> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::bad_request("unreadable_body", "The request body could not be read.")
        })?;
        if body.len() + chunk.len() > MAX_WEBHOOK_BYTES {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("Twilio webhooks are small; this body is over {MAX_WEBHOOK_BYTES} bytes."),
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The URL Twilio signed: our public base URL, the path and the query string as received.
fn public_url(state: &AppState, request: &HttpRequest) -> String {
    let base = state.twilio.public_url.clone().unwrap_or_else(|| {
        let info = request.connection_info();
        format!("{}://{}", info.scheme(), info.host())
    });
    match request.query_string() {
        "" => format!("{base}{}", request.path()),
        query => format!("{base}{}?{query}", request.path()),
    }
}

fn forbidden(message: &str) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, "invalid_signature", message)
}

/// Parses the body, finds the workspace by Account SID and checks the signature.
async fn verify(
    state: &AppState,
    request: &HttpRequest,
    payload: web::Payload,
) -> ApiResult<Verified> {
    let body = read_body(payload).await?;
    let content_type = request
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let text = std::str::from_utf8(&body).map_err(|_| {
        ApiError::bad_request("invalid_utf8", "The request body is not valid UTF-8.")
    })?;
    let json = match content_type.as_str() {
        "application/x-www-form-urlencoded" => false,
        "application/json" => true,
        _ => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_content_type",
                "Send application/x-www-form-urlencoded (or application/json with bodySHA256), as Twilio does.",
            ));
        }
    };
    let params: Vec<(String, String)> = if json {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            ApiError::bad_request("invalid_json", format!("The JSON body is invalid: {e}"))
        })?;
        let object = value.as_object().ok_or_else(|| {
            ApiError::bad_request("invalid_json", "The JSON body must be an object.")
        })?;
        object
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), value)
            })
            .collect()
    } else {
        let mut params = Vec::new();
        for (name, value) in form_urlencoded::parse(text.as_bytes()) {
            if name.contains('\u{FFFD}') || value.contains('\u{FFFD}') {
                return Err(ApiError::bad_request(
                    "invalid_utf8",
                    "A form parameter decodes to invalid UTF-8.",
                ));
            }
            params.push((name.into_owned(), value.into_owned()));
        }
        params
    };
    let account_sid = params
        .iter()
        .find(|(k, _)| k == "AccountSid")
        .map(|(_, v)| v.clone())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            ApiError::field("AccountSid", "the Twilio parameter AccountSid is missing")
        })?;
    let Some(signature_header) = request
        .headers()
        .get("X-Twilio-Signature")
        .and_then(|v| v.to_str().ok())
    else {
        return Err(forbidden("The X-Twilio-Signature header is missing."));
    };
    let url = public_url(state, request);
    let candidates: Vec<(String, TwilioCredentials)> =
        state.twilio.workspaces_for_account(&account_sid).await;
    let valid = |credentials: &TwilioCredentials| {
        if json {
            signature::verify_json(&credentials.auth_token, &url, &body, signature_header)
        } else {
            signature::verify_form(&credentials.auth_token, &url, &params, signature_header)
        }
    };
    let workspace_id = candidates
        .iter()
        .find(|(_, credentials)| valid(credentials))
        .map(|(workspace_id, _)| workspace_id.clone())
        .ok_or_else(|| {
            forbidden("The X-Twilio-Signature does not match this request (URL, parameters or auth token differ).")
        })?;
    Ok(Verified {
        workspace_id,
        params,
    })
}

fn twiml() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/xml; charset=utf-8")
        .body(EMPTY_TWIML)
}

/// The lead with this number, created when unknown (source "inbound sms" / "inbound whatsapp").
async fn lead_for(
    state: &AppState,
    workspace_id: &str,
    phone: &PhoneNumber,
    channel: &str,
) -> ApiResult<String> {
    let messaging = state.store.messaging();
    if let Some(id) = messaging
        .lead_by_phone(workspace_id, phone.as_str())
        .await?
    {
        return Ok(id);
    }
    let draft = LeadDraft {
        phone: Some(phone.clone()),
        source: Some(format!("inbound {channel}")),
        ..LeadDraft::default()
    };
    match state.store.leads().create(workspace_id, draft).await {
        Ok(lead) => Ok(lead.id),
        // Another delivery of the same first message created it a moment ago.
        Err(StoreError::Conflict(_)) => messaging
            .lead_by_phone(workspace_id, phone.as_str())
            .await?
            .ok_or_else(|| ApiError::internal(anyhow::anyhow!("lead vanished after conflict"))),
        Err(other) => Err(other.into()),
    }
}

#[utoipa::path(tag = "webhooks", request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "Twilio's inbound message parameters (AccountSid, MessageSid, From, To, Body, ...)"), params(("X-Twilio-Signature" = String, Header, description = "Twilio's request signature")), responses((status = 200, description = "Empty TwiML", content_type = "text/xml"), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/webhooks/twilio/messaging")]
pub async fn twilio_messaging(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    receive_message(&state, &request, payload).await
}

/// An inbound SMS / WhatsApp message from Twilio, at whichever URL Twilio was told to call
/// (this route or the unified receiver): the signature covers that URL.
pub(super) async fn receive_message(
    state: &AppState,
    request: &HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let verified = verify(state, request, payload).await?;
    let message_sid = verified.require("MessageSid")?.to_string();
    let from = verified.require("From")?;
    verified.require("To")?;
    let (channel, raw_from) = match from.strip_prefix("whatsapp:") {
        Some(number) => ("whatsapp", number),
        None => ("sms", from),
    };
    let phone =
        PhoneNumber::parse(raw_from, None).map_err(|e| ApiError::field("From", e.to_string()))?;
    let media = verified
        .get("NumMedia")
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(0);
    let body = match verified.get("Body") {
        Some(body) => body.to_string(),
        None if media > 0 => format!("[{media} media attachment(s)]"),
        None => {
            return Err(ApiError::field(
                "Body",
                "the message has no Body and no media",
            ));
        }
    };
    if body.chars().count() > 10_000 {
        return Err(ApiError::field(
            "Body",
            "keep messages under 10,000 characters",
        ));
    }
    let workspace_id = verified.workspace_id.clone();
    let lead_id = lead_for(state, &workspace_id, &phone, channel).await?;
    let (message, _conversation, _duplicate) = state
        .live
        .accept_inbound(&NewInbound {
            workspace_id: &workspace_id,
            lead_id: &lead_id,
            channel,
            body: &body,
            subject: None,
            external_id: &message_sid,
        })
        .await?;
    // Idempotent: a redelivered webhook re-applies the same keyword effects (no-ops).
    apply_keywords(state, &message).await?;
    Ok(twiml())
}

/// Carrier keywords on an inbound SMS / WhatsApp (or sandbox) message: STOP & co revoke
/// consent and suppress the number; START / UNSTOP (and YES from an opted-out lead) grant
/// consent again and lift the suppression; HELP queues a help reply (transactional). Every
/// effect is idempotent, so a redelivered webhook changes nothing. The conversation actor
/// leaves keyword messages to humans (see `ConversationActor::react_to_inbound`).
pub(super) async fn apply_keywords(state: &AppState, message: &MessageRecord) -> ApiResult<()> {
    let channel = match message.channel.as_str() {
        "sms" => Channel::Sms,
        "whatsapp" => Channel::Whatsapp,
        _ => return Ok(()),
    };
    let Some(keyword) = keywords::classify(&message.body) else {
        return Ok(());
    };
    let store = &state.store;
    let workspace_id = &message.workspace_id;
    let Some(lead) = store.leads().find(workspace_id, &message.lead_id).await? else {
        return Ok(());
    };
    let Some(phone) = lead.phone.clone() else {
        return Ok(());
    };
    let compliance = store.compliance();
    let source = format!("{} keyword", channel.as_str());
    match keyword {
        Keyword::OptOut => {
            compliance
                .record_consent(
                    workspace_id,
                    &lead.id,
                    channel,
                    ConsentStatus::Revoked,
                    &source,
                    Some(&message.id),
                )
                .await?;
            compliance
                .suppress(&NewSuppression {
                    workspace_id,
                    channel: Some(channel),
                    address: &phone,
                    reason: SuppressionReason::Stop,
                    source: Some(&source),
                    lead_id: Some(&lead.id),
                })
                .await?;
        }
        Keyword::OptIn => {
            let is_yes = message
                .body
                .trim_matches(|c: char| !c.is_alphanumeric())
                .eq_ignore_ascii_case("yes");
            let opted_out = compliance
                .suppression_for(workspace_id, channel, &phone)
                .await?
                .is_some_and(|s| s.channel == channel.as_str())
                || lead
                    .consents
                    .iter()
                    .any(|c| c.channel == channel && c.status == ConsentStatus::Revoked);
            if is_yes && !opted_out {
                return Ok(()); // an ordinary "yes" to a question
            }
            compliance
                .record_consent(
                    workspace_id,
                    &lead.id,
                    channel,
                    ConsentStatus::Granted,
                    &source,
                    Some(&message.id),
                )
                .await?;
            compliance
                .unsuppress(workspace_id, Some(channel), &normalise_address(&phone))
                .await?;
        }
        Keyword::Help => {
            let workspace = store.workspaces().find(workspace_id).await?;
            let name = workspace.map_or_else(|| "OmniReach".to_string(), |w| w.name);
            let contact = store
                .messaging()
                .twilio_account(workspace_id)
                .await?
                .and_then(|a| a.help_contact)
                .unwrap_or_else(|| "reply to this message and a person will answer".into());
            let text = format!(
                "{name}: for help, {contact}. Reply STOP to opt out. Msg & data rates may apply."
            );
            let conversation = store
                .conversations()
                .get(workspace_id, &message.conversation_id)
                .await?;
            let key = format!("tx:help:{}", message.id);
            let queued = store
                .conversations()
                .queue_outbound(&NewOutbound {
                    workspace_id,
                    conversation_id: &conversation.id,
                    lead_id: &lead.id,
                    channel: channel.as_str(),
                    body: &text,
                    subject: None,
                    author_kind: "system",
                    author_id: None,
                    generator: None,
                    draft_id: None,
                    idempotency_key: &key,
                    template_id: None,
                    template_variables: None,
                })
                .await?;
            if let Some(reply) = queued {
                state.live.hub.publish(
                    workspace_id,
                    &crate::actors::events::Event::MessageCreated {
                        conversation_id: conversation.id.clone(),
                        message: crate::actors::events::MessageView::from(&reply),
                        conversation: None,
                    },
                );
                state.live.outbox_wake.notify_one();
            }
        }
    }
    Ok(())
}

/// Twilio's status → ours (forward-only ranks decide what sticks).
fn our_status(twilio: &str) -> Option<&'static str> {
    match twilio {
        "sent" => Some("sent"),
        "delivered" => Some("delivered"),
        "read" => Some("read"),
        "failed" | "undelivered" | "canceled" => Some("failed"),
        _ => None, // queued, accepted, scheduled, sending, receiving: nothing new
    }
}

#[utoipa::path(tag = "webhooks", request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "Twilio's status callback parameters (AccountSid, MessageSid, MessageStatus, ErrorCode)"), params(("X-Twilio-Signature" = String, Header, description = "Twilio's request signature"), ("message_id" = Option<String>, Query, description = "Our message id (set in the StatusCallback URL we give Twilio)")), responses((status = 204, description = "Recorded (or nothing new)"), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/webhooks/twilio/status")]
pub async fn twilio_status(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let verified = verify(&state, &request, payload).await?;
    let message_sid = verified.require("MessageSid")?.to_string();
    let twilio_status = verified
        .get("MessageStatus")
        .or_else(|| verified.get("SmsStatus"))
        .ok_or_else(|| {
            ApiError::field(
                "MessageStatus",
                "the Twilio parameter MessageStatus is missing",
            )
        })?
        .to_string();
    let workspace_id = verified.workspace_id.clone();
    let messaging = state.store.messaging();
    let query_id =
        web::Query::<std::collections::HashMap<String, String>>::from_query(request.query_string())
            .ok()
            .and_then(|q| q.get("message_id").cloned());
    let message_id = match query_id {
        Some(id) => match messaging.outbound_provider_id(&workspace_id, &id).await? {
            Some(Some(provider)) if provider != message_sid => {
                return Err(ApiError::field(
                    "MessageSid",
                    "this MessageSid belongs to another message",
                ));
            }
            Some(_) => id,
            None => return Err(ApiError::not_found("Message")),
        },
        None => match messaging.message_by_provider_id(&message_sid).await? {
            Some((owner, id)) if owner == workspace_id => id,
            _ => return Err(ApiError::not_found("Message")),
        },
    };
    let Some(status) = our_status(&twilio_status) else {
        return Ok(HttpResponse::NoContent().finish());
    };
    let error = (status == "failed").then(|| {
        format!(
            "Twilio {}: error {} {}",
            twilio_status,
            verified.get("ErrorCode").unwrap_or("?"),
            verified.get("ErrorMessage").unwrap_or("")
        )
        .trim()
        .to_string()
    });
    if let Some(message) = state
        .store
        .conversations()
        .advance_status(&message_id, status, error.as_deref())
        .await?
    {
        state.live.hub.publish(
            &workspace_id,
            &crate::actors::events::Event::MessageStatus {
                conversation_id: message.conversation_id.clone(),
                message_id: message.id.clone(),
                status: message.status.clone(),
                error: message.error.clone(),
            },
        );
        let lead_id = message.lead_id.clone();
        state.live.registry.tell_if_resident(
            &lead_id,
            crate::actors::conversation::DeliveryStatus { message },
        );
    }
    Ok(HttpResponse::NoContent().finish())
}
