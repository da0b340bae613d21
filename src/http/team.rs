//! Workspace members, invitations, API keys, and (for the instance admin) workspaces.

use super::auth_routes::{check_name, check_password};
use super::dto::{ItemList, NamedRef, User, Workspace, iso, iso_opt};
use super::error::{ApiError, ApiResult, ErrorBody, FieldErrors};
use super::principal::{API_KEY_PREFIX, Principal};
use super::state::AppState;
use crate::auth::{hash_password, hash_secret, random_secret};
use crate::domain::{EmailAddress, Role};
use crate::store::{ApiKeyRecord, InvitationRecord, NewUser, now_ms};
use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

const INVITATION_DAYS: i64 = 7;

#[utoipa::path(tag = "team", responses((status = 200, body = ItemList<User>), (status = 401, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<ItemList<User>>> {
    let users = state.store.users().list(&principal.workspace_id).await?;
    Ok(web::Json(ItemList {
        items: users.into_iter().map(User::from).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    pub email: String,
    pub name: String,
    /// At least 10 characters.
    pub password: String,
    pub role: Role,
    /// Another workspace to create the user in (instance admin only).
    pub workspace_id: Option<String>,
}

#[utoipa::path(
    tag = "team",
    request_body = CreateUserRequest,
    responses(
        (status = 201, body = User),
        (status = 403, body = ErrorBody),
        (status = 409, description = "Email already registered", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/api/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<CreateUserRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Admin)?;
    let body = body.into_inner();
    let mut errors = FieldErrors::default();
    let email = errors.check("email", EmailAddress::parse(&body.email));
    check_name(&mut errors, &body.name);
    check_password(&mut errors, "password", &body.password);
    errors.finish()?;
    let email = email.expect("checked");
    let workspace_id = match body.workspace_id {
        Some(id) if id != principal.workspace_id => {
            if !principal.instance_admin {
                return Err(ApiError::forbidden(
                    "Only the instance admin can add users to another workspace.",
                ));
            }
            state
                .store
                .workspaces()
                .find(&id)
                .await?
                .ok_or_else(|| ApiError::not_found("Workspace"))?;
            id
        }
        _ => principal.workspace_id.clone(),
    };
    if state
        .store
        .users()
        .find_by_email(email.as_str())
        .await?
        .is_some()
    {
        return Err(
            ApiError::conflict("email_taken", format!("{email} already has an account."))
                .with_details(json!({ "field": "email" })),
        );
    }
    let password = body.password;
    let password_hash = web::block(move || hash_password(&password))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))??;
    let user = state
        .store
        .users()
        .create(NewUser {
            workspace_id: &workspace_id,
            email: email.as_str(),
            name: body.name.trim(),
            password_hash: &password_hash,
            role: body.role,
            is_instance_admin: false,
        })
        .await?;
    Ok(HttpResponse::Created().json(User::from(user)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    pub name: Option<String>,
    pub role: Option<Role>,
    /// A disabled user cannot sign in; their sessions end at the next refresh.
    pub disabled: Option<bool>,
}

#[utoipa::path(
    tag = "team",
    request_body = UpdateUserRequest,
    params(("id" = String, Path, description = "User id")),
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []))
)]
#[patch("/api/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<UpdateUserRequest>,
) -> ApiResult<web::Json<User>> {
    principal.require(Role::Admin)?;
    let id = path.into_inner();
    let body = body.into_inner();
    if id == principal.user_id
        && (body.role.is_some_and(|r| r != Role::Admin) || body.disabled == Some(true))
    {
        return Err(ApiError::conflict(
            "cannot_change_self",
            "You cannot demote or disable yourself; ask another admin.",
        ));
    }
    let mut errors = FieldErrors::default();
    if let Some(name) = &body.name {
        check_name(&mut errors, name);
    }
    errors.finish()?;
    state
        .store
        .users()
        .find_in_workspace(&principal.workspace_id, &id)
        .await?
        .ok_or_else(|| ApiError::not_found("User"))?;
    let user = state
        .store
        .users()
        .update(
            &principal.workspace_id,
            &id,
            body.name.as_deref().map(str::trim),
            body.role,
            body.disabled,
        )
        .await?;
    if body.disabled == Some(true) || body.role.is_some() {
        // End existing sessions so the change applies within one access-token lifetime.
        state.store.refresh_tokens().revoke_user(&id).await?;
    }
    Ok(web::Json(user.into()))
}

#[utoipa::path(
    tag = "team",
    params(("id" = String, Path, description = "User id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []))
)]
#[delete("/api/users/{id}")]
pub async fn delete_user(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Admin)?;
    let id = path.into_inner();
    if id == principal.user_id {
        return Err(ApiError::conflict(
            "cannot_change_self",
            "You cannot remove yourself; ask another admin.",
        ));
    }
    state
        .store
        .users()
        .delete(&principal.workspace_id, &id)
        .await
        .map_err(|e| match e {
            crate::store::StoreError::NotFound => ApiError::not_found("User"),
            other => other.into(),
        })?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Serialize, ToSchema)]
pub struct Invitation {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub created_at: String,
    pub expires_at: String,
    pub accepted_at: Option<String>,
    pub invited_by: NamedRef,
}

impl From<InvitationRecord> for Invitation {
    fn from(record: InvitationRecord) -> Self {
        Self {
            id: record.id,
            email: record.email,
            role: record.role,
            created_at: iso(record.created_at),
            expires_at: iso(record.expires_at),
            accepted_at: iso_opt(record.accepted_at),
            invited_by: NamedRef {
                id: record.invited_by_id,
                name: record.invited_by_name,
            },
        }
    }
}

#[utoipa::path(tag = "team", responses((status = 200, body = ItemList<Invitation>), (status = 403, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/invitations")]
pub async fn list_invitations(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<ItemList<Invitation>>> {
    principal.require(Role::Admin)?;
    let items = state
        .store
        .invitations()
        .list_pending(&principal.workspace_id)
        .await?;
    Ok(web::Json(ItemList {
        items: items.into_iter().map(Invitation::from).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateInvitationRequest {
    pub email: String,
    pub role: Role,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedInvitation {
    pub invitation: Invitation,
    /// Shown once. Anyone with it can join the workspace until it expires.
    pub token: String,
    /// Path of the page where the invitee sets a name and password.
    pub accept_url: String,
}

#[utoipa::path(
    tag = "team",
    request_body = CreateInvitationRequest,
    responses((status = 201, body = CreatedInvitation), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/api/invitations")]
pub async fn create_invitation(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<CreateInvitationRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Admin)?;
    let email = EmailAddress::parse(&body.email).map_err(|e| ApiError::field("email", e.0))?;
    if state
        .store
        .users()
        .find_by_email(email.as_str())
        .await?
        .is_some()
    {
        return Err(ApiError::conflict(
            "email_taken",
            format!("{email} already has an account."),
        ));
    }
    let token = random_secret();
    let invitation = state
        .store
        .invitations()
        .create(
            &principal.workspace_id,
            email.as_str(),
            body.role,
            &hash_secret(&token),
            &principal.user_id,
            now_ms() + INVITATION_DAYS * 86_400_000,
        )
        .await?;
    let base = state.settings.public_url.clone().unwrap_or_default();
    let accept_url = format!("{}/accept-invite?token={token}", base.trim_end_matches('/'));
    Ok(HttpResponse::Created().json(CreatedInvitation {
        invitation: invitation.into(),
        token,
        accept_url,
    }))
}

#[utoipa::path(
    tag = "team",
    params(("id" = String, Path, description = "Invitation id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[delete("/api/invitations/{id}")]
pub async fn revoke_invitation(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Admin)?;
    state
        .store
        .invitations()
        .revoke(&principal.workspace_id, &path)
        .await
        .map_err(|e| match e {
            crate::store::StoreError::NotFound => ApiError::not_found("Pending invitation"),
            other => other.into(),
        })?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Serialize, ToSchema)]
pub struct ApiKey {
    pub id: String,
    pub name: String,
    /// The first characters of the key, to recognise it.
    pub prefix: String,
    pub role: Role,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub created_by: NamedRef,
}

impl From<ApiKeyRecord> for ApiKey {
    fn from(record: ApiKeyRecord) -> Self {
        Self {
            id: record.id,
            name: record.name,
            prefix: record.prefix,
            role: record.role,
            created_at: iso(record.created_at),
            last_used_at: iso_opt(record.last_used_at),
            created_by: NamedRef {
                id: record.created_by_id,
                name: record.created_by_name,
            },
        }
    }
}

#[utoipa::path(tag = "team", responses((status = 200, body = ItemList<ApiKey>), (status = 403, body = ErrorBody)), security(("bearer" = [])))]
#[get("/api/api-keys")]
pub async fn list_api_keys(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<ItemList<ApiKey>>> {
    principal.require(Role::Admin)?;
    let keys = state.store.api_keys().list(&principal.workspace_id).await?;
    Ok(web::Json(ItemList {
        items: keys.into_iter().map(ApiKey::from).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKeyRequest {
    pub name: String,
    /// What the key may do; an integration that only reads should get `viewer`.
    pub role: Role,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedApiKey {
    pub api_key: ApiKey,
    /// Shown once; only a hash is stored.
    pub secret: String,
}

#[utoipa::path(
    tag = "team",
    request_body = CreateApiKeyRequest,
    responses((status = 201, body = CreatedApiKey), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/api/api-keys")]
pub async fn create_api_key(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<CreateApiKeyRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Admin)?;
    if principal.via_api_key {
        return Err(ApiError::forbidden(
            "API keys cannot create other API keys; sign in as an admin.",
        ));
    }
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::field(
            "name",
            "enter a name of 1 to 100 characters",
        ));
    }
    let secret = format!("{API_KEY_PREFIX}{}", random_secret());
    let prefix: String = secret.chars().take(API_KEY_PREFIX.len() + 6).collect();
    let key = state
        .store
        .api_keys()
        .create(
            &principal.workspace_id,
            name,
            &prefix,
            &hash_secret(&secret),
            body.role,
            &principal.user_id,
        )
        .await?;
    Ok(HttpResponse::Created().json(CreatedApiKey {
        api_key: key.into(),
        secret,
    }))
}

#[utoipa::path(
    tag = "team",
    params(("id" = String, Path, description = "API key id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
#[delete("/api/api-keys/{id}")]
pub async fn revoke_api_key(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    principal.require(Role::Admin)?;
    state
        .store
        .api_keys()
        .revoke(&principal.workspace_id, &path)
        .await
        .map_err(|e| match e {
            crate::store::StoreError::NotFound => ApiError::not_found("API key"),
            other => other.into(),
        })?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(tag = "workspaces", responses((status = 200, body = ItemList<Workspace>)), security(("bearer" = [])))]
#[get("/api/workspaces")]
pub async fn list_workspaces(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<ItemList<Workspace>>> {
    let items = if principal.instance_admin {
        state.store.workspaces().list().await?
    } else {
        state
            .store
            .workspaces()
            .find(&principal.workspace_id)
            .await?
            .into_iter()
            .collect()
    };
    Ok(web::Json(ItemList {
        items: items.into_iter().map(Workspace::from).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWorkspaceRequest {
    pub name: String,
}

#[utoipa::path(
    tag = "workspaces",
    request_body = CreateWorkspaceRequest,
    responses((status = 201, body = Workspace), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[post("/api/workspaces")]
pub async fn create_workspace(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<CreateWorkspaceRequest>,
) -> ApiResult<HttpResponse> {
    if !principal.instance_admin {
        return Err(ApiError::forbidden(
            "Only the instance admin can create workspaces.",
        ));
    }
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::field(
            "name",
            "enter a name of 1 to 100 characters",
        ));
    }
    let workspace = state.store.workspaces().create(name).await?;
    Ok(HttpResponse::Created().json(Workspace::from(workspace)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenameWorkspaceRequest {
    pub name: String,
}

#[utoipa::path(
    tag = "workspaces",
    request_body = RenameWorkspaceRequest,
    responses((status = 200, body = Workspace), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []))
)]
#[patch("/api/workspace")]
pub async fn rename_workspace(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<RenameWorkspaceRequest>,
) -> ApiResult<web::Json<Workspace>> {
    principal.require(Role::Admin)?;
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::field(
            "name",
            "enter a name of 1 to 100 characters",
        ));
    }
    Ok(web::Json(
        state
            .store
            .workspaces()
            .rename(&principal.workspace_id, name)
            .await?
            .into(),
    ))
}
