//! A recording HTTP receiver for outbound webhooks: stores every request (method, path,
//! headers, raw body) and answers from a script of (status, JSON body), then a default.

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use serde_json::Value;
use std::collections::VecDeque;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the webhook body is JSON")
    }
}

struct State {
    script: Mutex<VecDeque<(u16, Value)>>,
    default: Mutex<(u16, Value)>,
    received: Mutex<Vec<Received>>,
}

#[derive(Clone)]
pub struct Recorder {
    pub url: String,
    state: Arc<State>,
}

async fn handle(request: HttpRequest, body: web::Bytes, state: web::Data<State>) -> HttpResponse {
    state.received.lock().unwrap().push(Received {
        method: request.method().to_string(),
        path: request.uri().to_string(),
        headers: request
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect(),
        body: body.to_vec(),
    });
    let (status, answer) = state
        .script
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or_else(|| state.default.lock().unwrap().clone());
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).json(answer)
}

impl Recorder {
    pub fn start(default_status: u16, default_body: Value) -> Self {
        let state = Arc::new(State {
            script: Mutex::new(VecDeque::new()),
            default: Mutex::new((default_status, default_body)),
            received: Mutex::new(Vec::new()),
        });
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
            url: format!("http://127.0.0.1:{port}/hooks"),
            state,
        }
    }

    pub fn script(&self, answers: impl IntoIterator<Item = (u16, Value)>) {
        self.state.script.lock().unwrap().extend(answers);
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.received.lock().unwrap().clone()
    }
}
