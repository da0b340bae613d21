//! The one error type at the HTTP boundary and its stable code table. Every failure a client can
//! see is `{"error": {"code", "message", "details"}}` with a 4xx for anything the client can fix.

use crate::domain::ParseError;
use crate::store::StoreError;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use serde_json::{Value, json};
use std::fmt;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Option<Value>,
}

/// Schema of every error body (documented in the OpenAPI document).
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable code (e.g. `validation_failed`, `forbidden`).
    pub code: String,
    /// A sentence that says what went wrong and how to fix it.
    pub message: String,
    /// Structured context: `fields` maps a field to its problem for validation errors.
    #[schema(value_type = Option<Object>)]
    pub details: Option<Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: None,
        }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found in this workspace"),
        )
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    /// One or more fields failed validation: `fields` maps each field to what is wrong.
    pub fn validation(fields: Vec<(String, String)>) -> Self {
        let summary = fields
            .iter()
            .map(|(field, problem)| format!("{field}: {problem}"))
            .collect::<Vec<_>>()
            .join("; ");
        let map: serde_json::Map<String, Value> = fields
            .into_iter()
            .map(|(f, p)| (f, Value::String(p)))
            .collect();
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            summary,
        )
        .with_details(json!({ "fields": map }))
    }

    pub fn field(field: &str, problem: impl Into<String>) -> Self {
        Self::validation(vec![(field.to_string(), problem.into())])
    }

    pub fn internal(error: anyhow::Error) -> Self {
        // The cause goes to the log with the request id; the client gets no internals.
        tracing::error!(error = ?error, "unexpected error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Something went wrong on our side. The error has been logged; please try again.",
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status).json(json!({
            "error": { "code": self.code, "message": self.message, "details": self.details }
        }))
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => ApiError::not_found("Resource"),
            StoreError::Conflict(column) => ApiError::conflict(
                "conflict",
                format!("Another record already uses this {column}; choose a different {column}."),
            )
            .with_details(json!({ "field": column })),
            StoreError::Unexpected(error) => ApiError::internal(error),
        }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(error: anyhow::Error) -> Self {
        ApiError::internal(error)
    }
}

/// Collects field errors while parsing a request body into domain types.
#[derive(Default)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    pub fn check<T>(&mut self, field: &str, result: Result<T, ParseError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push((field.to_string(), error.0));
                None
            }
        }
    }

    pub fn add(&mut self, field: &str, problem: impl Into<String>) {
        self.0.push((field.to_string(), problem.into()));
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.0))
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Turns serde's JSON errors into messages a client can act on.
pub fn json_error_handler(
    error: actix_web::error::JsonPayloadError,
    _request: &actix_web::HttpRequest,
) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as E;
    let api_error = match &error {
        E::OverflowKnownLength { length, limit } => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("The body is {length} bytes; the limit is {limit} bytes."),
        ),
        E::Overflow { limit } => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("The body is larger than the limit of {limit} bytes."),
        ),
        E::ContentType => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the body as JSON with the header Content-Type: application/json.",
        ),
        E::Deserialize(inner) => {
            let message = inner.to_string();
            let code = if inner.is_data() {
                "invalid_field"
            } else {
                "malformed_json"
            };
            let status = if inner.is_data() {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::BAD_REQUEST
            };
            ApiError::new(
                status,
                code,
                format!("The JSON body is not valid: {message}."),
            )
            .with_details(json!({ "line": inner.line(), "column": inner.column() }))
        }
        other => ApiError::bad_request(
            "malformed_json",
            format!("The JSON body could not be read: {other}."),
        ),
    };
    actix_web::error::InternalError::from_response(error, api_error.error_response()).into()
}

pub fn query_error_handler(
    error: actix_web::error::QueryPayloadError,
    _request: &actix_web::HttpRequest,
) -> actix_web::Error {
    let api_error = ApiError::bad_request(
        "invalid_query",
        format!("A query parameter is not valid: {error}."),
    );
    actix_web::error::InternalError::from_response(error, api_error.error_response()).into()
}

pub fn path_error_handler(
    error: actix_web::error::PathError,
    _request: &actix_web::HttpRequest,
) -> actix_web::Error {
    let api_error =
        ApiError::bad_request("invalid_path", format!("The URL is not valid: {error}."));
    actix_web::error::InternalError::from_response(error, api_error.error_response()).into()
}
