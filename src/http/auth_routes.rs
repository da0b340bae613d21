//! Sign-in, token refresh, sign-out, the current user, and accepting an invitation.

use super::dto::{User, Workspace, iso};
use super::error::{ApiError, ApiResult, FieldErrors};
use super::principal::Principal;
use super::state::AppState;
use crate::auth::{
    hash_password, hash_secret, random_secret, verify_against_dummy, verify_password,
};
use crate::domain::{EmailAddress, Role};
use crate::store::{NewUser, RefreshUse, UserRecord, now_ms};
use actix_web::{HttpResponse, get, patch, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// JWT for `Authorization: Bearer ...`; valid for `expires_in` seconds.
    pub access_token: String,
    /// Single-use token for POST /api/auth/refresh; each use returns a new one.
    pub refresh_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub user: User,
    pub workspace: Workspace,
}

#[derive(Serialize, ToSchema)]
pub struct MeResponse {
    pub user: User,
    pub workspace: Workspace,
}

/// Issues an access token and starts (or continues) a refresh-token family.
pub(super) async fn issue_tokens(
    state: &AppState,
    user: UserRecord,
    family_id: Option<String>,
) -> ApiResult<TokenResponse> {
    let access_token = state.tokens.issue(
        &user.id,
        &user.workspace_id,
        user.role.as_str(),
        user.is_instance_admin,
    )?;
    let refresh_token = random_secret();
    let family_id = family_id.unwrap_or_else(crate::store::new_id);
    state
        .store
        .refresh_tokens()
        .insert(
            &user.id,
            &family_id,
            &hash_secret(&refresh_token),
            now_ms() + state.settings.refresh_token_ttl_secs * 1000,
        )
        .await?;
    let workspace = state
        .store
        .workspaces()
        .find(&user.workspace_id)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("user without workspace")))?;
    Ok(TokenResponse {
        access_token,
        refresh_token,
        token_type: "Bearer",
        expires_in: state.tokens.access_ttl_secs,
        user: user.into(),
        workspace: workspace.into(),
    })
}

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized("invalid_credentials", "The email or password is wrong.")
}

#[utoipa::path(
    post,
    path = "/api/auth/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, description = "Wrong email or password, or the account is disabled", body = super::error::ErrorBody),
        (status = 429, description = "Too many attempts", body = super::error::ErrorBody),
    )
)]
pub async fn login(
    state: web::Data<AppState>,
    body: web::Json<LoginRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    let email = body.email.trim().to_lowercase();
    let user = state.store.users().find_by_email(&email).await?;
    let password = body.password.clone();
    let Some(user) = user else {
        web::block(move || verify_against_dummy(&password))
            .await
            .ok();
        return Err(invalid_credentials());
    };
    let hash = user.password_hash.clone();
    let verified = web::block(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    if !verified {
        return Err(invalid_credentials());
    }
    if user.disabled {
        return Err(ApiError::unauthorized(
            "account_disabled",
            "This account is disabled; ask a workspace admin.",
        ));
    }
    state.store.users().touch_login(&user.id).await?;
    let user = state.store.users().find(&user.id).await?.unwrap_or(user);
    Ok(web::Json(issue_tokens(&state, user, None).await?))
}

#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, description = "Unknown, expired, revoked or replayed refresh token", body = super::error::ErrorBody),
    )
)]
#[post("/api/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    let rejected = || {
        ApiError::unauthorized(
            "invalid_refresh_token",
            "The refresh token is not valid any more; sign in again.",
        )
    };
    match state
        .store
        .refresh_tokens()
        .consume(&hash_secret(body.refresh_token.trim()))
        .await?
    {
        RefreshUse::Accepted { user_id, family_id } => {
            let user = state
                .store
                .users()
                .find(&user_id)
                .await?
                .ok_or_else(rejected)?;
            if user.disabled {
                return Err(rejected());
            }
            Ok(web::Json(
                issue_tokens(&state, user, Some(family_id)).await?,
            ))
        }
        RefreshUse::Rejected | RefreshUse::Replayed => Err(rejected()),
    }
}

#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "Signed out; the refresh token and its successors are revoked"))
)]
#[post("/api/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    state
        .store
        .refresh_tokens()
        .revoke_by_hash(&hash_secret(body.refresh_token.trim()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(
    tag = "auth",
    responses((status = 200, body = MeResponse), (status = 401, body = super::error::ErrorBody)),
    security(("bearer" = []))
)]
#[get("/api/me")]
pub async fn me(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<MeResponse>> {
    me_response(&state, &principal).await.map(web::Json)
}

/// The signed-in user's record; a token for a deleted account is treated as invalid.
async fn current_user(
    state: &AppState,
    principal: &Principal,
) -> ApiResult<crate::store::UserRecord> {
    state
        .store
        .users()
        .find_in_workspace(&principal.workspace_id, &principal.user_id)
        .await?
        .ok_or_else(|| {
            ApiError::unauthorized(
                "invalid_token",
                "This account no longer exists; sign in again.",
            )
        })
}

async fn me_response(state: &AppState, principal: &Principal) -> ApiResult<MeResponse> {
    let user = current_user(state, principal).await?;
    let workspace = state
        .store
        .workspaces()
        .find(&principal.workspace_id)
        .await?
        .ok_or_else(|| ApiError::not_found("Workspace"))?;
    let mut user = User::from(user);
    if principal.via_api_key {
        user.role = principal.role;
    }
    Ok(MeResponse {
        user,
        workspace: workspace.into(),
    })
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct InvitationQuery {
    /// The token from the invitation link.
    pub token: String,
}

#[derive(Serialize, ToSchema)]
pub struct InvitationPreview {
    pub email: String,
    pub role: Role,
    pub workspace_name: String,
    pub expires_at: String,
}

#[utoipa::path(
    tag = "auth",
    params(InvitationQuery),
    responses(
        (status = 200, body = InvitationPreview),
        (status = 404, description = "Unknown, expired, revoked or already used", body = super::error::ErrorBody),
    )
)]
#[get("/api/auth/invitation")]
pub async fn invitation_preview(
    state: web::Data<AppState>,
    query: web::Query<InvitationQuery>,
) -> ApiResult<web::Json<InvitationPreview>> {
    let invitation = state
        .store
        .invitations()
        .find_open_by_token(&hash_secret(query.token.trim()))
        .await?
        .ok_or_else(invitation_gone)?;
    let workspace = state
        .store
        .workspaces()
        .find(&invitation.workspace_id)
        .await?
        .ok_or_else(invitation_gone)?;
    Ok(web::Json(InvitationPreview {
        email: invitation.email,
        role: invitation.role,
        workspace_name: workspace.name,
        expires_at: iso(invitation.expires_at),
    }))
}

fn invitation_gone() -> ApiError {
    ApiError::new(
        actix_web::http::StatusCode::NOT_FOUND,
        "invitation_not_found",
        "This invitation link is not valid: it may have expired, been revoked or already been used. Ask for a new one.",
    )
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitationRequest {
    pub token: String,
    pub name: String,
    /// At least 10 characters.
    pub password: String,
}

pub(super) fn check_password(errors: &mut FieldErrors, field: &str, password: &str) {
    if password.chars().count() < 10 {
        errors.add(field, "use at least 10 characters");
    } else if password.len() > 1024 {
        errors.add(field, "use at most 1024 bytes");
    }
}

pub(super) fn check_name(errors: &mut FieldErrors, name: &str) {
    if name.trim().is_empty() {
        errors.add("name", "enter a name");
    } else if name.chars().count() > 200 {
        errors.add("name", "use at most 200 characters");
    }
}

#[utoipa::path(
    post,
    path = "/api/auth/accept-invitation",
    tag = "auth",
    request_body = AcceptInvitationRequest,
    responses(
        (status = 200, description = "Account created and signed in", body = TokenResponse),
        (status = 404, body = super::error::ErrorBody),
        (status = 409, description = "An account with this email exists", body = super::error::ErrorBody),
        (status = 422, body = super::error::ErrorBody),
    )
)]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    body: web::Json<AcceptInvitationRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    let mut errors = FieldErrors::default();
    check_name(&mut errors, &body.name);
    check_password(&mut errors, "password", &body.password);
    errors.finish()?;
    let invitation = state
        .store
        .invitations()
        .find_open_by_token(&hash_secret(body.token.trim()))
        .await?
        .ok_or_else(invitation_gone)?;
    let email =
        EmailAddress::parse(&invitation.email).map_err(|e| ApiError::field("email", e.0))?;
    if state
        .store
        .users()
        .find_by_email(email.as_str())
        .await?
        .is_some()
    {
        return Err(ApiError::conflict(
            "email_taken",
            "An account with this email already exists; sign in instead.",
        ));
    }
    if !state
        .store
        .invitations()
        .mark_accepted(&invitation.id)
        .await?
    {
        return Err(invitation_gone());
    }
    let password = body.password.clone();
    let password_hash = web::block(move || hash_password(&password))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))??;
    let user = state
        .store
        .users()
        .create(NewUser {
            workspace_id: &invitation.workspace_id,
            email: email.as_str(),
            name: body.name.trim(),
            password_hash: &password_hash,
            role: invitation.role,
            is_instance_admin: false,
        })
        .await?;
    Ok(web::Json(issue_tokens(&state, user, None).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeRequest {
    pub name: Option<String>,
    /// Required to set `new_password`.
    pub current_password: Option<String>,
    /// At least 10 characters. Other sessions of this user are signed out.
    pub new_password: Option<String>,
}

#[utoipa::path(
    tag = "auth",
    request_body = UpdateMeRequest,
    responses(
        (status = 200, body = MeResponse),
        (status = 403, description = "Wrong current password, or called with an API key", body = super::error::ErrorBody),
        (status = 422, body = super::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
#[patch("/api/me")]
pub async fn update_me(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<UpdateMeRequest>,
) -> ApiResult<web::Json<MeResponse>> {
    if principal.via_api_key {
        return Err(ApiError::forbidden(
            "An API key has no profile; sign in as the user to change it.",
        ));
    }
    let body = body.into_inner();
    let mut errors = FieldErrors::default();
    if let Some(name) = &body.name {
        check_name(&mut errors, name);
    }
    if let Some(password) = &body.new_password {
        check_password(&mut errors, "new_password", password);
        if body.current_password.is_none() {
            errors.add(
                "current_password",
                "enter your current password to set a new one",
            );
        }
    }
    errors.finish()?;
    let user = current_user(&state, &principal).await?;
    if let (Some(new_password), Some(current)) = (body.new_password, body.current_password) {
        let hash = user.password_hash.clone();
        let verified = web::block(move || verify_password(&current, &hash))
            .await
            .unwrap_or(false);
        if !verified {
            return Err(
                ApiError::forbidden("The current password is wrong.").with_details(
                    serde_json::json!({"fields": {"current_password": "wrong password"}}),
                ),
            );
        }
        let new_hash = web::block(move || hash_password(&new_password))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))??;
        state
            .store
            .users()
            .set_password(&user.id, &new_hash)
            .await?;
        state.store.refresh_tokens().revoke_user(&user.id).await?;
    }
    if let Some(name) = body.name {
        state
            .store
            .users()
            .update(
                &principal.workspace_id,
                &user.id,
                Some(name.trim()),
                None,
                None,
            )
            .await?;
    }
    me_response(&state, &principal).await.map(web::Json)
}
