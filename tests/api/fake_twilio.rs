//! A local fake of Twilio's Messages API speaking its wire format: `POST
//! /2010-04-01/Accounts/{sid}/Messages.json` with Basic auth and a form body answers 201 with a
//! message resource (JSON as Twilio returns it), `GET` lists messages; errors are Twilio's JSON
//! error bodies. Every request is recorded so tests can check what our client really sent.

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

pub const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
pub const AUTH_TOKEN: &str = "fake-auth-token-0123456789abcdef";
pub const FROM_NUMBER: &str = "+14155550100";

#[derive(Debug, Clone)]
pub struct RecordedSend {
    pub params: Vec<(String, String)>,
    pub sid: String,
}

impl RecordedSend {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the next create answers (default: 201 queued).
#[derive(Debug, Clone)]
pub enum Answer {
    Accept,
    Error {
        status: u16,
        code: i64,
        message: String,
    },
}

#[derive(Default)]
struct State {
    sends: Mutex<Vec<RecordedSend>>,
    script: Mutex<VecDeque<Answer>>,
    unauthorised: Mutex<u32>,
}

#[derive(Clone)]
pub struct FakeTwilio {
    pub base: String,
    state: Arc<State>,
}

fn message_json(sid: &str, params: &[(String, String)]) -> Value {
    let get = |n: &str| params.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    json!({
        "account_sid": ACCOUNT_SID,
        "api_version": "2010-04-01",
        "body": get("Body").unwrap_or_default(),
        "date_created": "Mon, 30 Nov 2026 18:00:00 +0000",
        "date_sent": null,
        "date_updated": "Mon, 30 Nov 2026 18:00:00 +0000",
        "direction": "outbound-api",
        "error_code": null,
        "error_message": null,
        "from": get("From"),
        "messaging_service_sid": get("MessagingServiceSid"),
        "num_media": "0",
        "num_segments": "1",
        "price": null,
        "price_unit": "USD",
        "sid": sid,
        "status": "queued",
        "subresource_uris": {"media": format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}/Media.json")},
        "to": get("To"),
        "uri": format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json"),
    })
}

fn authorised(request: &HttpRequest) -> bool {
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{ACCOUNT_SID}:{AUTH_TOKEN}"))
    );
    request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        == Some(expected.as_str())
}

async fn handle(state: web::Data<State>, request: HttpRequest, body: web::Bytes) -> HttpResponse {
    let expected_path = format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json");
    if request.path() != expected_path {
        return HttpResponse::NotFound().json(json!({"code": 20404, "message": "The requested resource was not found", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}));
    }
    if !authorised(&request) {
        *state.unauthorised.lock().unwrap() += 1;
        return HttpResponse::Unauthorized().json(json!({"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}));
    }
    if request.method() == actix_web::http::Method::GET {
        let query: Vec<(String, String)> =
            form_urlencoded::parse(request.query_string().as_bytes())
                .into_owned()
                .collect();
        let to = query
            .iter()
            .find(|(k, _)| k == "To")
            .map(|(_, v)| v.clone());
        let sends = state.sends.lock().unwrap();
        let messages: Vec<Value> = sends
            .iter()
            .filter(|s| s.get("To").map(str::to_string) == to)
            .rev()
            .map(|s| message_json(&s.sid, &s.params))
            .collect();
        return HttpResponse::Ok().json(json!({
            "messages": messages,
            "end": messages.len().saturating_sub(1),
            "first_page_uri": expected_path,
            "next_page_uri": null,
            "page": 0,
            "page_size": 100,
            "previous_page_uri": null,
            "start": 0,
            "uri": expected_path,
        }));
    }
    let content_type = request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return HttpResponse::BadRequest()
            .json(json!({"code": 20001, "message": "Invalid content type", "status": 400}));
    }
    let params: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let has = |n: &str| params.iter().any(|(k, v)| k == n && !v.is_empty());
    if !has("To") {
        return HttpResponse::BadRequest().json(json!({"code": 21604, "message": "A 'To' phone number is required.", "more_info": "https://www.twilio.com/docs/errors/21604", "status": 400}));
    }
    if !has("From") && !has("MessagingServiceSid") {
        return HttpResponse::BadRequest().json(json!({"code": 21603, "message": "A 'From' or 'MessagingServiceSid' parameter is required to send a message", "status": 400}));
    }
    if !has("Body") && !has("ContentSid") && !has("MediaUrl") {
        return HttpResponse::BadRequest()
            .json(json!({"code": 21602, "message": "Message body is required.", "status": 400}));
    }
    let answer = state
        .script
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or(Answer::Accept);
    match answer {
        Answer::Accept => {
            let sid = format!("SM{}", uuid::Uuid::new_v4().simple());
            let json = message_json(&sid, &params);
            state.sends.lock().unwrap().push(RecordedSend { params, sid });
            HttpResponse::Created().json(json)
        }
        Answer::Error {
            status,
            code,
            message,
        } => HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).json(
            json!({"code": code, "message": message, "more_info": format!("https://www.twilio.com/docs/errors/{code}"), "status": status}),
        ),
    }
}

impl FakeTwilio {
    pub fn start() -> Self {
        let state = Arc::new(State::default());
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let data = web::Data::from(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
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

    pub fn script(&self, answers: impl IntoIterator<Item = Answer>) {
        self.state.script.lock().unwrap().extend(answers);
    }

    pub fn sends(&self) -> Vec<RecordedSend> {
        self.state.sends.lock().unwrap().clone()
    }

    pub fn sends_to(&self, to: &str) -> Vec<RecordedSend> {
        self.sends()
            .into_iter()
            .filter(|s| s.get("To") == Some(to))
            .collect()
    }
}
