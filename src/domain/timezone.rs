use super::ParseError;

/// An IANA time-zone name (`Europe/Berlin`), validated against the tz database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let trimmed = raw.trim();
        trimmed
            .parse::<chrono_tz::Tz>()
            .map(|tz| Self(tz.name().to_string()))
            .map_err(|_| {
                ParseError::new(format!(
                    "'{trimmed}' is not an IANA time zone (e.g. America/New_York, Europe/Berlin)"
                ))
            })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_iana_names_only() {
        assert_eq!(
            TimeZoneName::parse("Europe/Berlin").unwrap().as_str(),
            "Europe/Berlin"
        );
        assert!(TimeZoneName::parse("CEST+2").is_err());
    }
}
