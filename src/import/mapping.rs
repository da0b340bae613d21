use crate::domain::Channel;
use std::collections::BTreeMap;

/// A lead field a CSV column can fill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKey {
    FirstName,
    LastName,
    FullName,
    Email,
    Phone,
    Title,
    Company,
    CompanyDomain,
    Stage,
    Tags,
    Timezone,
    OwnerEmail,
    DoNotContact,
    Consent(Channel),
    Custom(String),
}

/// `(key, label)` of every mappable field, for the mapping UI.
pub const FIELDS: [(&str, &str); 18] = [
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("full_name", "Full name (split into first and last)"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("title", "Job title"),
    ("company", "Company"),
    ("company_domain", "Company domain"),
    ("stage", "Stage"),
    ("tags", "Tags (separated by , or ;)"),
    ("timezone", "Time zone"),
    ("owner_email", "Owner (user email)"),
    ("do_not_contact", "Do not contact"),
    ("consent_email", "Email consent"),
    ("consent_sms", "SMS consent"),
    ("consent_whatsapp", "WhatsApp consent"),
    ("consent_voice", "Voice consent"),
    ("consent_linkedin", "LinkedIn consent"),
];

impl FieldKey {
    pub fn parse(raw: &str) -> Result<Self, String> {
        if let Some(name) = raw.strip_prefix("custom:") {
            let name = name.trim();
            if name.is_empty() || name.len() > 64 {
                return Err(format!(
                    "'{raw}': a custom field needs a name of 1 to 64 characters"
                ));
            }
            return Ok(FieldKey::Custom(name.to_string()));
        }
        if let Some(channel) = raw.strip_prefix("consent_") {
            return Channel::parse(channel)
                .map(FieldKey::Consent)
                .map_err(|e| e.0);
        }
        Ok(match raw {
            "first_name" => FieldKey::FirstName,
            "last_name" => FieldKey::LastName,
            "full_name" => FieldKey::FullName,
            "email" => FieldKey::Email,
            "phone" => FieldKey::Phone,
            "title" => FieldKey::Title,
            "company" => FieldKey::Company,
            "company_domain" => FieldKey::CompanyDomain,
            "stage" => FieldKey::Stage,
            "tags" => FieldKey::Tags,
            "timezone" => FieldKey::Timezone,
            "owner_email" => FieldKey::OwnerEmail,
            "do_not_contact" => FieldKey::DoNotContact,
            other => {
                return Err(format!(
                    "'{other}' is not a lead field (use one of {}, or custom:<name>)",
                    FIELDS.map(|(k, _)| k).join(", ")
                ));
            }
        })
    }

    pub fn key(&self) -> String {
        match self {
            FieldKey::Consent(channel) => format!("consent_{}", channel.as_str()),
            FieldKey::Custom(name) => format!("custom:{name}"),
            other => FIELDS
                .iter()
                .map(|(k, _)| *k)
                .find(|k| FieldKey::parse(k).as_ref() == Ok(other))
                .unwrap_or_default()
                .to_string(),
        }
    }
}

/// Which field each CSV header fills (`None`: ignored).
pub type Mapping = BTreeMap<String, Option<FieldKey>>;

fn normalise(header: &str) -> String {
    header
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// Guesses the mapping from header names in English and a few other languages. Each field is
/// suggested for at most one column; unknown headers are left unmapped.
pub fn suggest_mapping(headers: &[String]) -> Mapping {
    const SYNONYMS: &[(&str, &[&str])] = &[
        (
            "first_name",
            &[
                "firstname",
                "first",
                "givenname",
                "forename",
                "vorname",
                "prenom",
                "nombre",
            ],
        ),
        (
            "last_name",
            &[
                "lastname",
                "last",
                "surname",
                "familyname",
                "nachname",
                "nom",
                "apellido",
            ],
        ),
        (
            "full_name",
            &["name", "fullname", "contact", "contactname", "leadname"],
        ),
        (
            "email",
            &[
                "email",
                "emailaddress",
                "mail",
                "workemail",
                "businessemail",
                "courriel",
            ],
        ),
        (
            "phone",
            &[
                "phone",
                "phonenumber",
                "mobile",
                "mobilephone",
                "cell",
                "telephone",
                "tel",
                "telefon",
                "whatsapp",
            ],
        ),
        (
            "title",
            &["title", "jobtitle", "position", "role", "jobrole"],
        ),
        (
            "company",
            &[
                "company",
                "companyname",
                "organization",
                "organisation",
                "account",
                "accountname",
                "firma",
                "employer",
            ],
        ),
        (
            "company_domain",
            &[
                "domain",
                "website",
                "companydomain",
                "companywebsite",
                "url",
            ],
        ),
        (
            "stage",
            &[
                "stage",
                "status",
                "leadstatus",
                "lifecyclestage",
                "pipelinestage",
            ],
        ),
        ("tags", &["tags", "tag", "labels", "label", "segments"]),
        ("timezone", &["timezone", "tz", "time_zone", "zeitzone"]),
        (
            "owner_email",
            &["owner", "owneremail", "assignedto", "salesrep", "rep"],
        ),
        (
            "do_not_contact",
            &[
                "donotcontact",
                "dnc",
                "donotemail",
                "optedout",
                "unsubscribed",
            ],
        ),
        (
            "consent_email",
            &[
                "consentemail",
                "emailconsent",
                "emailoptin",
                "marketingconsent",
            ],
        ),
        ("consent_sms", &["consentsms", "smsconsent", "smsoptin"]),
        (
            "consent_whatsapp",
            &["consentwhatsapp", "whatsappconsent", "whatsappoptin"],
        ),
        (
            "consent_voice",
            &["consentvoice", "voiceconsent", "callconsent"],
        ),
        ("consent_linkedin", &["consentlinkedin", "linkedinconsent"]),
    ];
    let mut taken = std::collections::HashSet::new();
    let mut mapping = Mapping::new();
    for header in headers {
        let normalised = normalise(header);
        let found = SYNONYMS
            .iter()
            .find(|(key, words)| !taken.contains(key) && words.contains(&normalised.as_str()))
            .map(|(key, _)| *key);
        if let Some(key) = found {
            taken.insert(key);
        }
        mapping.insert(header.clone(), found.and_then(|k| FieldKey::parse(k).ok()));
    }
    // "Name" means the full name only when there are no separate first/last columns.
    if taken.contains("first_name") || taken.contains("last_name") {
        for value in mapping.values_mut() {
            if *value == Some(FieldKey::FullName) {
                *value = None;
            }
        }
    }
    mapping
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_common_headers() {
        let headers: Vec<String> = [
            "First Name",
            "Last Name",
            "E-mail Address",
            "Mobile",
            "Company",
            "Job Title",
            "Notes",
        ]
        .map(String::from)
        .to_vec();
        let mapping = suggest_mapping(&headers);
        assert_eq!(mapping["First Name"], Some(FieldKey::FirstName));
        assert_eq!(mapping["E-mail Address"], Some(FieldKey::Email));
        assert_eq!(mapping["Mobile"], Some(FieldKey::Phone));
        assert_eq!(mapping["Job Title"], Some(FieldKey::Title));
        assert_eq!(mapping["Notes"], None);
    }

    #[test]
    fn name_is_full_name_only_without_first_and_last() {
        let alone = suggest_mapping(&["Name".into(), "Email".into()]);
        assert_eq!(alone["Name"], Some(FieldKey::FullName));
        let with_parts = suggest_mapping(&["Name".into(), "Vorname".into(), "Email".into()]);
        assert_eq!(with_parts["Name"], None);
        assert_eq!(with_parts["Vorname"], Some(FieldKey::FirstName));
    }

    #[test]
    fn field_keys_round_trip() {
        for (key, _) in FIELDS {
            assert_eq!(FieldKey::parse(key).unwrap().key(), key);
        }
        assert_eq!(
            FieldKey::parse("custom:budget").unwrap(),
            FieldKey::Custom("budget".into())
        );
        assert!(FieldKey::parse("shoe_size").is_err());
    }
}
