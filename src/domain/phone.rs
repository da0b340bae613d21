use super::ParseError;
use std::fmt;

/// A valid phone number in E.164 form (`+14155550123`), the only form the core ever sees.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Parses a number written in any common national or international style. `default_country`
    /// (ISO 3166 alpha-2, e.g. `US`) is used for numbers written without a country code.
    pub fn parse(raw: &str, default_country: Option<&str>) -> Result<Self, ParseError> {
        let result = Self::parse_strict(raw, default_country);
        // "00" is the international call prefix in most of the world (ITU-T E.164 recommends
        // it), and spreadsheets are full of "0044 ..." numbers; read them as "+44 ..." even when
        // the default country dials out with another prefix (the US uses 011).
        match (&result, raw.trim().strip_prefix("00")) {
            (Err(_), Some(rest)) if !rest.starts_with('0') => {
                Self::parse_strict(&format!("+{rest}"), None).or(result)
            }
            _ => result,
        }
    }

    fn parse_strict(raw: &str, default_country: Option<&str>) -> Result<Self, ParseError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(ParseError::new("phone number is empty"));
        }
        let country = match default_country {
            Some(code) => Some(
                code.trim()
                    .to_uppercase()
                    .parse::<phonenumber::country::Id>()
                    .map_err(|_| {
                        ParseError::new(format!(
                            "'{code}' is not an ISO country code (e.g. US, GB, DE)"
                        ))
                    })?,
            ),
            None => None,
        };
        let parsed = phonenumber::parse(country, trimmed).map_err(|_| {
            let hint = if country.is_none() && !trimmed.starts_with('+') {
                " (add the country code, e.g. +1 415 555 0123, or choose a default country)"
            } else {
                ""
            };
            ParseError::new(format!("'{trimmed}' is not a phone number{hint}"))
        })?;
        if !phonenumber::is_valid(&parsed) {
            return Err(ParseError::new(format!(
                "'{trimmed}' is not a valid phone number for its country"
            )));
        }
        Ok(Self(
            parsed.format().mode(phonenumber::Mode::E164).to_string(),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_national_and_international_styles_to_e164() {
        let cases = [
            ("(415) 555-2671", Some("US"), "+14155552671"),
            ("+1 415 555 2671", None, "+14155552671"),
            ("020 7946 0958", Some("GB"), "+442079460958"),
            ("+49 30 901820", None, "+4930901820"),
            ("0044 20 7946 0958", Some("DE"), "+442079460958"),
            ("0044 20 7946 0958", Some("US"), "+442079460958"),
        ];
        for (raw, country, expected) in cases {
            let phone = PhoneNumber::parse(raw, country).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert_eq!(phone.as_str(), expected, "{raw}");
        }
    }

    #[test]
    fn rejects_invalid_numbers() {
        assert!(PhoneNumber::parse("12", Some("US")).is_err());
        assert!(PhoneNumber::parse("not a phone", Some("US")).is_err());
        assert!(PhoneNumber::parse("+1 000 000 0000", None).is_err());
        assert!(PhoneNumber::parse("555 2671", Some("ZZ")).is_err());
    }
}
