//! Who is calling: an authenticated user (JWT) or an integration (API key), always inside one
//! workspace. Handlers take a `Principal` and ask it for the role they need.

use super::error::ApiError;
use super::state::AppState;
use crate::auth::hash_secret;
use crate::domain::Role;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use std::future::Future;
use std::pin::Pin;

/// API keys are recognisable by this prefix, so a key pasted into the wrong place is obvious and
/// secret scanners can find leaked ones.
pub const API_KEY_PREFIX: &str = "ork_";

#[derive(Debug, Clone)]
pub struct Principal {
    /// The user, or for an API key the user who created it.
    pub user_id: String,
    pub workspace_id: String,
    pub role: Role,
    pub instance_admin: bool,
    pub via_api_key: bool,
}

impl Principal {
    /// Refuses the call unless the caller's role includes `needed`.
    pub fn require(&self, needed: Role) -> Result<(), ApiError> {
        if self.role.includes(needed) {
            return Ok(());
        }
        let message = match needed {
            Role::Admin => "Only workspace admins can do this; ask an admin to change your role.",
            _ => "Viewers have read-only access; ask an admin for the Sales role to make changes.",
        };
        Err(
            ApiError::forbidden(message).with_details(serde_json::json!({
                "required_role": needed.as_str(),
                "your_role": self.role.as_str(),
            })),
        )
    }
}

fn bearer(request: &HttpRequest) -> Option<String> {
    let header = request
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)?;
    let value = header.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

pub(super) async fn authenticate_token(
    state: web::Data<AppState>,
    token: Option<String>,
) -> Result<Principal, ApiError> {
    let Some(token) = token else {
        return Err(ApiError::unauthorized(
            "unauthenticated",
            "Sign in first: send 'Authorization: Bearer <access_token>' (from POST /api/auth/login) or an API key.",
        ));
    };
    if token.starts_with(API_KEY_PREFIX) {
        let key = state
            .store
            .api_keys()
            .authenticate(&hash_secret(&token))
            .await?;
        let Some(key) = key else {
            return Err(ApiError::unauthorized(
                "invalid_api_key",
                "This API key is unknown or has been revoked.",
            ));
        };
        return Ok(Principal {
            user_id: key.created_by_id,
            workspace_id: key.workspace_id,
            role: key.role,
            instance_admin: false,
            via_api_key: true,
        });
    }
    let claims = state.tokens.verify(&token).map_err(|error| {
        use jsonwebtoken::errors::ErrorKind;
        match error.kind() {
            ErrorKind::ExpiredSignature => ApiError::unauthorized(
                "token_expired",
                "The access token has expired; get a new one from POST /api/auth/refresh.",
            ),
            _ => ApiError::unauthorized(
                "invalid_token",
                "The access token is not valid; sign in again.",
            ),
        }
    })?;
    let role = Role::parse(&claims.role).map_err(|_| {
        ApiError::unauthorized(
            "invalid_token",
            "The access token is not valid; sign in again.",
        )
    })?;
    Ok(Principal {
        user_id: claims.sub,
        workspace_id: claims.wid,
        role,
        instance_admin: claims.ia,
        via_api_key: false,
    })
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = request.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(request);
        Box::pin(async move {
            let state =
                state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("app state missing")))?;
            authenticate_token(state, token).await
        })
    }
}
