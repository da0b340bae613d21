use super::ParseError;
use serde::{Deserialize, Serialize};

/// Where a lead is in the sales cycle. The order is the funnel order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Lead,
    Contacted,
    Replied,
    Meeting,
    Negotiation,
    Won,
    Lost,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Lead,
        Stage::Contacted,
        Stage::Replied,
        Stage::Meeting,
        Stage::Negotiation,
        Stage::Won,
        Stage::Lost,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Lead => "lead",
            Stage::Contacted => "contacted",
            Stage::Replied => "replied",
            Stage::Meeting => "meeting",
            Stage::Negotiation => "negotiation",
            Stage::Won => "won",
            Stage::Lost => "lost",
        }
    }

    /// Position in the funnel, stored so that sorting by stage follows the funnel.
    pub fn rank(self) -> i64 {
        Stage::ALL.iter().position(|s| *s == self).unwrap_or(0) as i64
    }

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let wanted = raw.trim().to_lowercase();
        Stage::ALL
            .into_iter()
            .find(|stage| stage.as_str() == wanted)
            .ok_or_else(|| {
                ParseError::new(format!(
                    "'{}' is not a stage (use one of: {})",
                    raw.trim(),
                    Stage::ALL.map(Stage::as_str).join(", ")
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_case_insensitively_and_ranks_in_funnel_order() {
        assert_eq!(Stage::parse(" Meeting ").unwrap(), Stage::Meeting);
        assert!(Stage::Lead.rank() < Stage::Won.rank());
        let error = Stage::parse("closed").unwrap_err();
        assert!(error.0.contains("negotiation"));
    }
}
