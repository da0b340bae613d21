//! Response shapes shared by several endpoints, and the conversion from store records.

use crate::domain::Role;
use crate::store::{UserRecord, WorkspaceRecord};
use serde::Serialize;
use utoipa::ToSchema;

/// Stored epoch milliseconds as an RFC 3339 UTC string.
pub fn iso(ms: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn iso_opt(ms: Option<i64>) -> Option<String> {
    ms.map(iso)
}

#[derive(Serialize, ToSchema)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub is_instance_admin: bool,
    pub disabled: bool,
    pub created_at: String,
    pub last_login_at: Option<String>,
}

impl From<UserRecord> for User {
    fn from(user: UserRecord) -> Self {
        Self {
            id: user.id,
            email: user.email,
            name: user.name,
            role: user.role,
            is_instance_admin: user.is_instance_admin,
            disabled: user.disabled,
            created_at: iso(user.created_at),
            last_login_at: iso_opt(user.last_login_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Workspace {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub created_at: String,
}

impl From<WorkspaceRecord> for Workspace {
    fn from(workspace: WorkspaceRecord) -> Self {
        Self {
            id: workspace.id,
            name: workspace.name,
            slug: workspace.slug,
            created_at: iso(workspace.created_at),
        }
    }
}

/// A reference to another record by id and display name.
#[derive(Serialize, ToSchema)]
pub struct NamedRef {
    pub id: String,
    pub name: String,
}

/// `{"items": [...]}`: every unpaginated list.
#[derive(Serialize, ToSchema)]
pub struct ItemList<T> {
    pub items: Vec<T>,
}
