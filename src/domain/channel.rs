use super::ParseError;
use serde::{Deserialize, Serialize};

/// A way to reach a lead. Consent is tracked per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Email,
    Sms,
    Whatsapp,
    Voice,
    Linkedin,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Email,
        Channel::Sms,
        Channel::Whatsapp,
        Channel::Voice,
        Channel::Linkedin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Whatsapp => "whatsapp",
            Channel::Voice => "voice",
            Channel::Linkedin => "linkedin",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let wanted = raw.trim().to_lowercase();
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == wanted)
            .ok_or_else(|| {
                ParseError::new(format!(
                    "'{}' is not a channel (use one of: {})",
                    raw.trim(),
                    Channel::ALL.map(Channel::as_str).join(", ")
                ))
            })
    }
}

/// Whether a lead agreed to be contacted on a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ConsentStatus {
    Granted,
    Revoked,
    Unknown,
}

impl ConsentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentStatus::Granted => "granted",
            ConsentStatus::Revoked => "revoked",
            ConsentStatus::Unknown => "unknown",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        match raw.trim().to_lowercase().as_str() {
            "granted" => Ok(Self::Granted),
            "revoked" => Ok(Self::Revoked),
            "unknown" | "" => Ok(Self::Unknown),
            other => Err(ParseError::new(format!(
                "'{other}' is not a consent status (use granted, revoked or unknown)"
            ))),
        }
    }

    /// Reads the loose spellings found in spreadsheets ("yes", "opted in", "1", ...).
    pub fn parse_loose(raw: &str) -> Result<Self, ParseError> {
        match raw.trim().to_lowercase().as_str() {
            "yes" | "y" | "true" | "1" | "granted" | "opted in" | "opt-in" | "optin" => {
                Ok(Self::Granted)
            }
            "no" | "n" | "false" | "0" | "revoked" | "opted out" | "opt-out" | "optout" => {
                Ok(Self::Revoked)
            }
            "" | "unknown" => Ok(Self::Unknown),
            other => Err(ParseError::new(format!(
                "'{other}' is not a consent value (use yes/no, true/false or granted/revoked)"
            ))),
        }
    }
}
