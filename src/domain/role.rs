use super::ParseError;
use serde::{Deserialize, Serialize};

/// What a member may do inside their workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything in the workspace: team, API keys, settings, data.
    Admin,
    /// Works leads and conversations; cannot manage the team or keys.
    Sales,
    /// Reads everything, changes nothing.
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Sales => "sales",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        match raw {
            "admin" => Ok(Role::Admin),
            "sales" => Ok(Role::Sales),
            "viewer" => Ok(Role::Viewer),
            other => Err(ParseError::new(format!(
                "'{other}' is not a role (use admin, sales or viewer)"
            ))),
        }
    }

    fn rank(self) -> u8 {
        match self {
            Role::Viewer => 0,
            Role::Sales => 1,
            Role::Admin => 2,
        }
    }

    /// True when this role includes everything `other` may do.
    pub fn includes(self, other: Role) -> bool {
        self.rank() >= other.rank()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered() {
        assert!(Role::Admin.includes(Role::Sales));
        assert!(Role::Sales.includes(Role::Viewer));
        assert!(!Role::Viewer.includes(Role::Sales));
        assert!(!Role::Sales.includes(Role::Admin));
        assert_eq!(Role::parse("sales").unwrap(), Role::Sales);
        assert!(Role::parse("owner").is_err());
    }
}
