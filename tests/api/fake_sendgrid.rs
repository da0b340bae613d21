//! A local fake of SendGrid's v3 Mail Send API (`POST /v3/mail/send`): checks the bearer key,
//! answers 202 with `X-Message-Id` (400 with SendGrid's `errors` array for a body without
//! `personalizations`), and records every request. Also a P-256 key pair that signs Event
//! Webhook requests the way SendGrid does (ECDSA over timestamp ‖ body, base64 DER).

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine;
use serde_json::{Value, json};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

#[derive(Clone, Debug)]
pub struct Recorded {
    pub authorization: Option<String>,
    pub body: Value,
}

#[derive(Clone)]
pub struct FakeSendGrid {
    pub base_url: String,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
}

pub const API_KEY: &str = "SG.test-key";

async fn mail_send(
    request: HttpRequest,
    body: web::Json<Value>,
    requests: web::Data<Arc<Mutex<Vec<Recorded>>>>,
) -> HttpResponse {
    let authorization = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    requests.lock().unwrap().push(Recorded {
        authorization: authorization.clone(),
        body: body.0.clone(),
    });
    if authorization.as_deref() != Some(&format!("Bearer {API_KEY}")) {
        return HttpResponse::Unauthorized().json(json!({"errors": [{"field": null, "message": "The provided authorization grant is invalid, expired, or revoked"}]}));
    }
    if body["personalizations"]
        .as_array()
        .is_none_or(|p| p.is_empty())
    {
        return HttpResponse::BadRequest().json(json!({"errors": [{"field": "personalizations", "message": "The personalizations field is required and must have at least one personalization."}]}));
    }
    let id = format!("sg-{}", requests.lock().unwrap().len());
    HttpResponse::Accepted()
        .insert_header(("X-Message-Id", id))
        .finish()
}

impl FakeSendGrid {
    pub fn start() -> Self {
        let requests: Arc<Mutex<Vec<Recorded>>> = Arc::default();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let data = web::Data::new(requests.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route("/v3/mail/send", web::post().to(mail_send))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        actix_rt::spawn(server);
        Self {
            base_url: format!("http://127.0.0.1:{port}"),
            requests,
        }
    }

    pub fn recorded(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

/// Signs event webhook bodies as SendGrid does.
pub struct EventSigner {
    key: p256::ecdsa::SigningKey,
}

impl EventSigner {
    pub fn generate() -> Self {
        let bytes: [u8; 32] = rand::random();
        Self {
            key: p256::ecdsa::SigningKey::from_bytes(&bytes.into()).expect("a valid scalar"),
        }
    }

    /// The public key as SendGrid shows it: base64 of the DER SubjectPublicKeyInfo.
    pub fn public_key_base64(&self) -> String {
        use p256::pkcs8::EncodePublicKey;
        let der = self.key.verifying_key().to_public_key_der().unwrap();
        base64::engine::general_purpose::STANDARD.encode(der.as_bytes())
    }

    pub fn sign(&self, timestamp: &str, body: &[u8]) -> String {
        use p256::ecdsa::signature::Signer;
        let mut payload = timestamp.as_bytes().to_vec();
        payload.extend_from_slice(body);
        let signature: p256::ecdsa::Signature = self.key.sign(&payload);
        base64::engine::general_purpose::STANDARD.encode(signature.to_der().as_bytes())
    }
}
