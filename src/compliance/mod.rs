//! The send gate: whether a message may go to a lead on a channel right now, and if not, why.
//! Every send path asks it (a human's send, an AI reply, the outbox worker right before the
//! provider call), so a STOP that arrives after a message was queued still stops it.
//!
//! [`check`] is pure: it takes the facts (the lead, its suppression entry and consent, the
//! WhatsApp session and template state) and `now`, so its rules are unit-tested with explicit
//! clocks. [`evaluate`] reads those facts from the store and calls it.
//!
//! Order of the rules (the first that blocks explains the block): do-not-contact, an address
//! to send to, a valid address, the suppression list, revoked consent, WhatsApp template /
//! 24-hour session, quiet hours. Transactional messages skip quiet hours; the reply to a HELP
//! keyword also skips suppression and revoked consent (carriers require it to be answered).

pub mod keywords;
pub mod quiet_hours;

use crate::domain::{Channel, ConsentStatus};
use crate::store::{LeadRecord, Store, StoreResult, SuppressionRecord};
use serde::Serialize;

/// How long after the lead's last inbound WhatsApp message free-form messages are allowed.
pub const WHATSAPP_SESSION_MS: i64 = 24 * 3_600_000;

/// Why a message is sent: marketing sends respect quiet hours; transactional ones (a reply
/// to HELP) do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Marketing,
    Transactional,
    /// The answer to a carrier keyword the lead just sent (HELP): carriers require it even
    /// from an opted-out number, so suppression and revoked consent do not block it (a
    /// do-not-contact flag still does).
    KeywordReply,
}

impl Purpose {
    /// The outbox does not store a purpose: keyword replies carry a `tx:help:` idempotency
    /// key, other transactional sends `tx:`.
    pub fn from_idempotency_key(key: &str) -> Self {
        if key.starts_with("tx:help:") {
            Purpose::KeywordReply
        } else if key.starts_with("tx:") {
            Purpose::Transactional
        } else {
            Purpose::Marketing
        }
    }
}

/// Stable codes of a block (shown in API errors, on messages and drafts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BlockCode {
    DoNotContact,
    NoAddress,
    InvalidAddress,
    Suppressed,
    ConsentRevoked,
    WhatsappWindow,
    TemplateNotApproved,
    QuietHours,
}

impl BlockCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DoNotContact => "do_not_contact",
            Self::NoAddress => "no_address",
            Self::InvalidAddress => "invalid_address",
            Self::Suppressed => "suppressed",
            Self::ConsentRevoked => "consent_revoked",
            Self::WhatsappWindow => "whatsapp_window",
            Self::TemplateNotApproved => "template_not_approved",
            Self::QuietHours => "quiet_hours",
        }
    }

    /// Blocks that lift by themselves: the send waits instead of failing.
    pub fn is_deferral(self) -> bool {
        self == Self::QuietHours
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blocked {
    pub code: BlockCode,
    pub reason: String,
    /// When the block lifts by itself (quiet hours), epoch ms.
    pub retry_at: Option<i64>,
}

impl Blocked {
    fn new(code: BlockCode, reason: impl Into<String>) -> Self {
        Self {
            code,
            reason: reason.into(),
            retry_at: None,
        }
    }

    /// The text recorded on a message or draft: `code: reason`.
    pub fn describe(&self) -> String {
        format!("{}: {}", self.code.as_str(), self.reason)
    }
}

/// A WhatsApp template's state as the gate sees it.
#[derive(Debug, Clone)]
pub struct TemplateFacts {
    pub name: String,
    pub status: String,
}

/// Everything the gate decides on.
#[derive(Debug, Clone)]
pub struct SendFacts<'a> {
    /// The message's channel name (`sms`, `whatsapp`, `email`, `voice`, `linkedin`, `sandbox`).
    pub channel: &'a str,
    pub purpose: Purpose,
    pub lead: &'a LeadRecord,
    pub suppression: Option<&'a SuppressionRecord>,
    pub consent: ConsentStatus,
    /// The lead's last inbound WhatsApp message (epoch ms).
    pub last_inbound_whatsapp: Option<i64>,
    /// The template a WhatsApp message is sent with, if any.
    pub template: Option<TemplateFacts>,
}

/// The address a channel sends to.
pub fn address_for(lead: &LeadRecord, channel: Channel) -> Option<&str> {
    match channel {
        Channel::Email => lead.email.as_deref(),
        Channel::Sms | Channel::Whatsapp | Channel::Voice => lead.phone.as_deref(),
        Channel::Linkedin => None,
    }
    .filter(|a| !a.trim().is_empty())
}

pub(crate) fn local_time_label(at_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(at_ms)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| at_ms.to_string())
}

/// The gate. `Ok(())`: send now.
pub fn check(facts: &SendFacts<'_>, now_ms: i64) -> Result<(), Blocked> {
    let lead = facts.lead;
    if lead.do_not_contact {
        return Err(Blocked::new(
            BlockCode::DoNotContact,
            "The lead is marked do-not-contact; clear the flag on the lead to send.",
        ));
    }
    // The sandbox and LinkedIn tasks have no address to check.
    let Ok(channel) = Channel::parse(facts.channel) else {
        return Ok(());
    };
    if channel == Channel::Linkedin {
        return Ok(());
    }
    if address_for(lead, channel).is_none() {
        let field = if channel == Channel::Email {
            "email address"
        } else {
            "phone number"
        };
        return Err(Blocked::new(
            BlockCode::NoAddress,
            format!(
                "The lead has no {field} to send {} to; add one to the lead.",
                channel.as_str()
            ),
        ));
    }
    if channel == Channel::Email && lead.email_status == "invalid" {
        return Err(Blocked::new(
            BlockCode::InvalidAddress,
            "The lead's email address is marked invalid (it bounced); correct it first.",
        ));
    }
    let keyword_reply = facts.purpose == Purpose::KeywordReply;
    if let Some(entry) = facts.suppression.filter(|_| !keyword_reply) {
        return Err(Blocked::new(
            BlockCode::Suppressed,
            format!(
                "The address is on the workspace suppression list ({}, {}); it can no longer be contacted on {}.",
                entry.reason,
                entry.source.as_deref().unwrap_or("no source recorded"),
                if entry.channel == "all" {
                    "any channel"
                } else {
                    entry.channel.as_str()
                }
            ),
        ));
    }
    if facts.consent == ConsentStatus::Revoked && !keyword_reply {
        return Err(Blocked::new(
            BlockCode::ConsentRevoked,
            format!(
                "The lead revoked consent for {}; they must opt in again (e.g. reply START).",
                channel.as_str()
            ),
        ));
    }
    if channel == Channel::Whatsapp {
        match &facts.template {
            Some(template) if template.status != "approved" => {
                return Err(Blocked::new(
                    BlockCode::TemplateNotApproved,
                    format!(
                        "The WhatsApp template '{}' is {}; only approved templates can be sent.",
                        template.name, template.status
                    ),
                ));
            }
            Some(_) => {}
            None => {
                let open = facts
                    .last_inbound_whatsapp
                    .is_some_and(|at| now_ms - at < WHATSAPP_SESSION_MS);
                if !open {
                    return Err(Blocked::new(
                        BlockCode::WhatsappWindow,
                        "Free-form WhatsApp messages are only allowed within 24 hours of the lead's last WhatsApp message; send an approved template instead.",
                    ));
                }
            }
        }
    }
    if facts.purpose == Purpose::Marketing
        && matches!(channel, Channel::Sms | Channel::Whatsapp | Channel::Voice)
    {
        let zones = quiet_hours::zones_for(lead.timezone.as_deref(), lead.phone.as_deref());
        if let Err(retry_at) = quiet_hours::check(&zones, now_ms) {
            let when = retry_at.map(local_time_label);
            return Err(Blocked {
                code: BlockCode::QuietHours,
                reason: format!(
                    "Quiet hours: {} messages go out only between 08:00 and 21:00 in the lead's local time ({}); {}.",
                    channel.as_str(),
                    zones
                        .iter()
                        .map(|z| z.name())
                        .collect::<Vec<_>>()
                        .join(", "),
                    match &when {
                        Some(when) => format!("held until {when}"),
                        None => "no common window in the lead's zones".into(),
                    }
                ),
                retry_at,
            });
        }
    }
    Ok(())
}

/// What a send carries besides lead and channel.
#[derive(Debug, Clone, Default)]
pub struct SendContext<'a> {
    pub template_id: Option<&'a str>,
    /// `None` = marketing.
    pub purpose: Option<Purpose>,
}

/// Reads the facts for `lead_id` and runs [`check`]. A lead that no longer exists is
/// `NoAddress`.
pub async fn evaluate(
    store: &Store,
    workspace_id: &str,
    lead_id: &str,
    channel: &str,
    context: &SendContext<'_>,
    now_ms: i64,
) -> StoreResult<Result<(), Blocked>> {
    Ok(
        evaluate_with_address(store, workspace_id, lead_id, channel, context, now_ms)
            .await?
            .0,
    )
}

/// A WhatsApp template as the gate sees it (`missing` when the workspace has no such template).
pub async fn template_facts(
    store: &Store,
    workspace_id: &str,
    id: &str,
) -> StoreResult<TemplateFacts> {
    Ok(match store.messaging().template(workspace_id, id).await? {
        Some(t) => TemplateFacts {
            name: t.name,
            status: t.status,
        },
        None => TemplateFacts {
            name: id.to_string(),
            status: "missing".into(),
        },
    })
}

/// [`evaluate`], also returning the address the channel sends to (read on the way).
pub async fn evaluate_with_address(
    store: &Store,
    workspace_id: &str,
    lead_id: &str,
    channel: &str,
    context: &SendContext<'_>,
    now_ms: i64,
) -> StoreResult<(Result<(), Blocked>, Option<String>)> {
    let lead = store.leads().find_for_send(workspace_id, lead_id).await?;
    evaluate_lead(store, workspace_id, lead.as_ref(), channel, context, now_ms).await
}

/// [`evaluate_with_address`] for a lead the caller has loaded already (with its consents, as
/// [`crate::store::LeadStore::find_for_send`] does), e.g. one of a batch; `None` when the lead
/// is gone. The lead must belong to `workspace_id`.
pub async fn evaluate_lead(
    store: &Store,
    workspace_id: &str,
    lead: Option<&LeadRecord>,
    channel: &str,
    context: &SendContext<'_>,
    now_ms: i64,
) -> StoreResult<(Result<(), Blocked>, Option<String>)> {
    let Some(lead) = lead else {
        return Ok((
            Err(Blocked::new(
                BlockCode::NoAddress,
                "The lead no longer exists.",
            )),
            None,
        ));
    };
    let parsed = Channel::parse(channel).ok();
    let mut suppression = None;
    let mut consent = ConsentStatus::Unknown;
    let mut last_inbound_whatsapp = None;
    let mut template = None;
    if let Some(parsed) = parsed {
        if let Some(address) = address_for(lead, parsed) {
            suppression = store
                .compliance()
                .suppression_for(workspace_id, parsed, address)
                .await?;
        }
        consent = lead
            .consents
            .iter()
            .find(|c| c.channel == parsed)
            .map_or(ConsentStatus::Unknown, |c| c.status);
        if parsed == Channel::Whatsapp {
            match context.template_id {
                Some(id) => template = Some(template_facts(store, workspace_id, id).await?),
                None => {
                    last_inbound_whatsapp = store
                        .messaging()
                        .last_inbound_at(&lead.id, "whatsapp")
                        .await?;
                }
            }
        }
    }
    let facts = SendFacts {
        channel,
        purpose: context.purpose.unwrap_or(Purpose::Marketing),
        lead,
        suppression: suppression.as_ref(),
        consent,
        last_inbound_whatsapp,
        template,
    };
    let address = parsed
        .and_then(|c| address_for(lead, c))
        .map(str::to_string);
    Ok((check(&facts, now_ms), address))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Stage;
    use crate::store::ConsentRecord;

    fn lead() -> LeadRecord {
        LeadRecord {
            id: "lead".into(),
            workspace_id: "ws".into(),
            first_name: None,
            last_name: None,
            full_name: "Lea".into(),
            email: Some("lea@example.com".into()),
            phone: Some("+12125550123".into()),
            title: None,
            company_id: None,
            company_name: None,
            stage: Stage::parse("lead").expect("stage"),
            owner_id: None,
            owner_name: None,
            owner_email: None,
            timezone: Some("America/New_York".into()),
            do_not_contact: false,
            email_status: "unknown".into(),
            custom_fields: Default::default(),
            source: None,
            created_at: 0,
            updated_at: 0,
            tags: vec![],
            consents: vec![],
        }
    }

    fn facts<'a>(lead: &'a LeadRecord, channel: &'a str) -> SendFacts<'a> {
        SendFacts {
            channel,
            purpose: Purpose::Marketing,
            lead,
            suppression: None,
            consent: lead
                .consents
                .first()
                .map_or(ConsentStatus::Unknown, |c| c.status),
            last_inbound_whatsapp: None,
            template: None,
        }
    }

    /// Noon in New York on a weekday.
    const NOON_NY: i64 = 1_781_107_200_000; // 2026-06-10T16:00:00Z

    #[test]
    fn each_rule_blocks_with_its_code() {
        let mut l = lead();
        assert_eq!(check(&facts(&l, "sms"), NOON_NY), Ok(()));
        l.do_not_contact = true;
        assert_eq!(
            check(&facts(&l, "sms"), NOON_NY).unwrap_err().code,
            BlockCode::DoNotContact
        );
        let mut l = lead();
        l.phone = None;
        assert_eq!(
            check(&facts(&l, "sms"), NOON_NY).unwrap_err().code,
            BlockCode::NoAddress
        );
        assert_eq!(check(&facts(&l, "email"), NOON_NY), Ok(()));
        l.email_status = "invalid".into();
        assert_eq!(
            check(&facts(&l, "email"), NOON_NY).unwrap_err().code,
            BlockCode::InvalidAddress
        );
        let l = lead();
        let entry = SuppressionRecord {
            workspace_id: "ws".into(),
            channel: "sms".into(),
            address: "+12125550123".into(),
            reason: "stop".into(),
            source: Some("twilio inbound".into()),
            lead_id: None,
            created_at: 0,
        };
        let mut f = facts(&l, "sms");
        f.suppression = Some(&entry);
        let blocked = check(&f, NOON_NY).unwrap_err();
        assert_eq!(blocked.code, BlockCode::Suppressed);
        assert!(blocked.reason.contains("stop"), "{}", blocked.reason);
        f.purpose = Purpose::Transactional;
        assert_eq!(check(&f, NOON_NY).unwrap_err().code, BlockCode::Suppressed);
        f.purpose = Purpose::KeywordReply;
        assert_eq!(check(&f, NOON_NY), Ok(()), "HELP is answered after STOP");
        let mut l = lead();
        l.consents.push(ConsentRecord {
            channel: Channel::Sms,
            status: ConsentStatus::Revoked,
            source: None,
            evidence: None,
            updated_at: 0,
        });
        assert_eq!(
            check(&facts(&l, "sms"), NOON_NY).unwrap_err().code,
            BlockCode::ConsentRevoked
        );
        // The sandbox has no address rules, but do-not-contact still applies.
        assert_eq!(check(&facts(&l, "sandbox"), NOON_NY), Ok(()));
    }

    #[test]
    fn whatsapp_session_window_and_templates() {
        let l = lead();
        let mut f = facts(&l, "whatsapp");
        assert_eq!(
            check(&f, NOON_NY).unwrap_err().code,
            BlockCode::WhatsappWindow
        );
        f.last_inbound_whatsapp = Some(NOON_NY - (23 * 60 + 59) * 60_000);
        assert_eq!(check(&f, NOON_NY), Ok(()), "23h59 after: allowed");
        f.last_inbound_whatsapp = Some(NOON_NY - (24 * 60 + 1) * 60_000);
        assert_eq!(
            check(&f, NOON_NY).unwrap_err().code,
            BlockCode::WhatsappWindow,
            "24h01 after: blocked"
        );
        f.template = Some(TemplateFacts {
            name: "lead_followup_en_us".into(),
            status: "submitted".into(),
        });
        assert_eq!(
            check(&f, NOON_NY).unwrap_err().code,
            BlockCode::TemplateNotApproved
        );
        f.template = Some(TemplateFacts {
            name: "lead_followup_en_us".into(),
            status: "approved".into(),
        });
        assert_eq!(
            check(&f, NOON_NY),
            Ok(()),
            "approved template outside the window"
        );
    }

    #[test]
    fn quiet_hours_hold_marketing_not_transactional() {
        let l = lead();
        let late = NOON_NY + 9 * 3_600_000; // 21:00 New York
        let blocked = check(&facts(&l, "sms"), late).unwrap_err();
        assert_eq!(blocked.code, BlockCode::QuietHours);
        assert_eq!(blocked.retry_at, Some(NOON_NY + 20 * 3_600_000)); // 08:00 next day
        assert!(blocked.reason.contains("America/New_York"));
        let mut f = facts(&l, "sms");
        f.purpose = Purpose::Transactional;
        assert_eq!(check(&f, late), Ok(()));
        f.purpose = Purpose::KeywordReply;
        assert_eq!(check(&f, late), Ok(()));
        assert_eq!(
            check(&facts(&l, "email"), late),
            Ok(()),
            "email has no quiet hours"
        );
        assert_eq!(
            check(&facts(&l, "sms"), late - 1),
            Ok(()),
            "20:59:59.999 is inside"
        );
    }
}
