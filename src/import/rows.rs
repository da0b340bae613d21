use super::mapping::{FieldKey, Mapping};
use crate::domain::{ConsentStatus, EmailAddress, ParseError, PhoneNumber, Stage, TimeZoneName};
use crate::store::LeadDraft;
use serde_json::Value;
use std::collections::HashMap;

/// Why a row was rejected, and which field caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub field: Option<String>,
    pub reason: String,
}

/// A valid row: the lead values, plus the company it names (resolved to an id per batch).
#[derive(Debug, Clone)]
pub struct ParsedRow {
    pub draft: LeadDraft,
    pub company: Option<(String, Option<String>)>,
}

fn fail(field: &str, error: ParseError) -> RowError {
    RowError {
        field: Some(field.to_string()),
        reason: error.0,
    }
}

fn truncate(value: &str, max: usize) -> String {
    value.chars().take(max).collect()
}

/// Validates one CSV row against the mapping. `owners` maps a member's email to their user id.
pub fn parse_row(
    headers: &[String],
    mapping: &Mapping,
    cells: &[String],
    default_country: Option<&str>,
    owners: &HashMap<String, String>,
) -> Result<ParsedRow, RowError> {
    if cells.len() > headers.len() && cells[headers.len()..].iter().any(|c| !c.is_empty()) {
        return Err(RowError {
            field: None,
            reason: format!(
                "the row has {} cells but the header names {} columns; check for an unquoted comma",
                cells.len(),
                headers.len()
            ),
        });
    }
    let mut draft = LeadDraft {
        source: Some("csv import".into()),
        ..LeadDraft::default()
    };
    let mut company_name = None;
    let mut company_domain = None;
    for (index, header) in headers.iter().enumerate() {
        let Some(Some(field)) = mapping.get(header) else {
            continue;
        };
        let value = cells.get(index).map(String::as_str).unwrap_or("").trim();
        if value.is_empty() {
            continue;
        }
        let key = field.key();
        match field {
            FieldKey::FirstName => draft.first_name = Some(truncate(value, 100)),
            FieldKey::LastName => draft.last_name = Some(truncate(value, 100)),
            FieldKey::FullName => {
                let mut parts = value.split_whitespace();
                let first = parts.next().map(str::to_string);
                let rest = parts.collect::<Vec<_>>().join(" ");
                draft.first_name = draft.first_name.take().or(first);
                if !rest.is_empty() {
                    draft.last_name = draft.last_name.take().or(Some(truncate(&rest, 100)));
                }
            }
            FieldKey::Email => {
                draft.email = Some(EmailAddress::parse(value).map_err(|e| fail(&key, e))?)
            }
            FieldKey::Phone => {
                draft.phone =
                    Some(PhoneNumber::parse(value, default_country).map_err(|e| fail(&key, e))?)
            }
            FieldKey::Title => draft.title = Some(truncate(value, 200)),
            FieldKey::Company => company_name = Some(truncate(value, 200)),
            FieldKey::CompanyDomain => company_domain = Some(truncate(&value.to_lowercase(), 200)),
            FieldKey::Stage => draft.stage = Some(Stage::parse(value).map_err(|e| fail(&key, e))?),
            FieldKey::Tags => {
                draft.tags = value
                    .split([',', ';', '|'])
                    .map(|t| truncate(t.trim(), 50))
                    .filter(|t| !t.is_empty())
                    .collect()
            }
            FieldKey::Timezone => {
                draft.timezone = Some(TimeZoneName::parse(value).map_err(|e| fail(&key, e))?)
            }
            FieldKey::OwnerEmail => {
                let email = value.to_lowercase();
                let owner = owners.get(&email).ok_or_else(|| RowError {
                    field: Some(key.clone()),
                    reason: format!("'{value}' is not a member of this workspace; invite them or leave the owner empty"),
                })?;
                draft.owner_id = Some(owner.clone());
            }
            FieldKey::DoNotContact => {
                let status = ConsentStatus::parse_loose(value).map_err(|e| fail(&key, e))?;
                draft.do_not_contact = Some(status == ConsentStatus::Granted);
            }
            FieldKey::Consent(channel) => {
                let status = ConsentStatus::parse_loose(value).map_err(|e| fail(&key, e))?;
                if status != ConsentStatus::Unknown {
                    draft
                        .consents
                        .push((*channel, status, Some("csv import".into())));
                }
            }
            FieldKey::Custom(name) => {
                draft
                    .custom_fields
                    .insert(name.clone(), Value::String(truncate(value, 2000)));
            }
        }
    }
    if draft.email.is_none() && draft.phone.is_none() {
        return Err(RowError {
            field: None,
            reason: "the row has neither an email nor a phone number; a lead needs at least one"
                .into(),
        });
    }
    Ok(ParsedRow {
        draft,
        company: company_name.map(|name| (name, company_domain)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::suggest_mapping;

    fn parse(headers: &[&str], cells: &[&str]) -> Result<ParsedRow, RowError> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        let mapping = suggest_mapping(&headers);
        let owners = HashMap::from([("rep@example.com".to_string(), "user-1".to_string())]);
        parse_row(&headers, &mapping, &cells, Some("US"), &owners)
    }

    #[test]
    fn a_full_row_becomes_a_draft() {
        let row = parse(
            &[
                "Name",
                "Email",
                "Phone",
                "Company",
                "Tags",
                "Owner",
                "SMS Opt-in",
            ],
            &[
                "Ada Lovelace King",
                "ADA@Example.com",
                "(415) 555-2671",
                "Analytical Engines",
                "vip; Investor",
                "rep@example.com",
                "yes",
            ],
        )
        .unwrap();
        assert_eq!(row.draft.first_name.as_deref(), Some("Ada"));
        assert_eq!(row.draft.last_name.as_deref(), Some("Lovelace King"));
        assert_eq!(row.draft.email.unwrap().as_str(), "ada@example.com");
        assert_eq!(row.draft.phone.unwrap().as_str(), "+14155552671");
        assert_eq!(row.draft.tags, ["vip", "Investor"]);
        assert_eq!(row.draft.owner_id.as_deref(), Some("user-1"));
        assert_eq!(row.company.unwrap().0, "Analytical Engines");
        assert_eq!(row.draft.consents.len(), 1);
    }

    #[test]
    fn each_problem_names_its_field() {
        let bad_email = parse(&["email"], &["not-an-email"]).unwrap_err();
        assert_eq!(bad_email.field.as_deref(), Some("email"));
        let bad_phone = parse(&["email", "phone"], &["a@example.com", "12"]).unwrap_err();
        assert_eq!(bad_phone.field.as_deref(), Some("phone"));
        let unknown_owner =
            parse(&["email", "owner"], &["a@example.com", "who@example.com"]).unwrap_err();
        assert!(unknown_owner.reason.contains("not a member"));
        let nothing = parse(&["first name", "email"], &["Ada", ""]).unwrap_err();
        assert!(nothing.reason.contains("neither an email nor a phone"));
        let extra = parse(&["email"], &["a@example.com", "surprise"]).unwrap_err();
        assert!(extra.reason.contains("unquoted comma"));
    }
}
