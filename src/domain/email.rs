use super::ParseError;
use std::fmt;

/// A syntactically valid email address, stored lower-cased so duplicates compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(ParseError::new("email is empty"));
        }
        if !email_address::EmailAddress::is_valid(trimmed) {
            return Err(ParseError::new(format!(
                "'{trimmed}' is not a valid email address (expected name@example.com)"
            )));
        }
        // A bare host ("jo@localhost") is legal in RFC 5322 but never a lead's mailbox.
        let domain = trimmed.rsplit('@').next().unwrap_or_default();
        if !domain.contains('.') || domain.ends_with('.') {
            return Err(ParseError::new(format!(
                "'{trimmed}' has no valid domain (expected name@example.com)"
            )));
        }
        Ok(Self(trimmed.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit('@').next().unwrap_or_default()
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_whitespace() {
        let email = EmailAddress::parse("  Ada.Lovelace@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "ada.lovelace@example.com");
        assert_eq!(email.domain(), "example.com");
    }

    #[test]
    fn rejects_garbage_with_a_useful_message() {
        for raw in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@localhost",
            "a b@example.com",
        ] {
            let error = EmailAddress::parse(raw).unwrap_err();
            assert!(!error.0.is_empty(), "{raw} should be rejected");
        }
    }
}
