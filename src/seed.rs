//! First-start bootstrap (workspace + admin) and the demo data set: realistic leads spread over
//! the last month, companies, personas, and the message templates from the requirement
//! documents. Seeding is idempotent: running it again adds nothing twice.

use crate::auth::{hash_password, random_secret};
use crate::domain::{Channel, ConsentStatus, EmailAddress, PhoneNumber, Role, Stage, TimeZoneName};
use crate::store::{
    AgentInput, LeadDraft, NewUser, PersonaRecord, Store, TemplateRecord, UserRecord,
    WorkspaceRecord, now_ms,
};
use serde_json::json;

pub const DEFAULT_WORKSPACE: &str = "Acme Realty";

/// What bootstrapping did, so `serve` can tell the operator.
pub struct Bootstrap {
    pub workspace: WorkspaceRecord,
    pub admin: UserRecord,
    /// Set when a password was generated: printed once, never stored in clear.
    pub generated_password: Option<String>,
}

/// Ensures there is a workspace and an admin. With `OMNIREACH_ADMIN_EMAIL`/`_PASSWORD` the admin
/// gets those; otherwise a strong password is generated (only when no user exists yet).
pub async fn bootstrap(
    store: &Store,
    email: Option<&str>,
    password: Option<&str>,
) -> anyhow::Result<Option<Bootstrap>> {
    let workspace = match store.workspaces().first().await? {
        Some(w) => w,
        None => store.workspaces().create(DEFAULT_WORKSPACE).await?,
    };
    let email = match email {
        Some(raw) => {
            EmailAddress::parse(raw).map_err(|e| anyhow::anyhow!("OMNIREACH_ADMIN_EMAIL: {e}"))?
        }
        None => EmailAddress::parse("admin@omnireach.local").expect("valid literal"),
    };
    if store.users().find_by_email(email.as_str()).await?.is_some() {
        return Ok(None);
    }
    if password.is_none() && store.users().count_all().await? > 0 {
        return Ok(None);
    }
    if let Some(p) = password
        && p.chars().count() < 10
    {
        anyhow::bail!("OMNIREACH_ADMIN_PASSWORD must have at least 10 characters");
    }
    let generated = password
        .is_none()
        .then(|| random_secret()[..20].to_string());
    let clear = password
        .map(str::to_string)
        .or_else(|| generated.clone())
        .expect("one of them");
    let admin = store
        .users()
        .create(NewUser {
            workspace_id: &workspace.id,
            email: email.as_str(),
            name: "Admin",
            password_hash: &hash_password(&clear)?,
            role: Role::Admin,
            is_instance_admin: true,
        })
        .await?;
    Ok(Some(Bootstrap {
        workspace,
        admin,
        generated_password: generated,
    }))
}

/// A tiny deterministic generator (xorshift), so the demo data is the same on every machine.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const FIRST: &[&str] = &[
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Isabella", "Lucas",
    "Mia", "Amelia", "James", "Harper", "Benjamin", "Evelyn", "Elijah", "Abigail", "Daniel",
    "Chloe", "Priya", "Mateo", "Hannah", "Jonas", "Léa", "Kenji", "Amara", "Diego", "Freya",
    "Omar",
];
const LAST: &[&str] = &[
    "Johnson",
    "Williams",
    "Garcia",
    "Martinez",
    "Nguyen",
    "Patel",
    "Schmidt",
    "Müller",
    "Rossi",
    "Kowalski",
    "O'Brien",
    "Andersen",
    "Okafor",
    "Tanaka",
    "Dubois",
    "Fernández",
    "Clarke",
    "Bennett",
    "Hughes",
    "Reyes",
];
/// (company, domain, industry)
const COMPANIES: &[(&str, &str, &str)] = &[
    ("Northwind Properties", "northwindprops.com", "Real estate"),
    ("Blue Harbor Realty", "blueharborrealty.com", "Real estate"),
    (
        "Summit Home Loans",
        "summithomeloans.com",
        "Mortgage lending",
    ),
    ("Greenfield Developers", "greenfielddev.co", "Construction"),
    (
        "Lakeside Living",
        "lakesideliving.com",
        "Property management",
    ),
    (
        "Cedar & Stone Architects",
        "cedarstone.design",
        "Architecture",
    ),
    (
        "Metro Relocation Group",
        "metrorelocation.com",
        "Relocation services",
    ),
    ("Brightside Insurance", "brightsideins.com", "Insurance"),
];
const TITLES: &[&str] = &[
    "Home buyer",
    "First-time buyer",
    "Investor",
    "Property manager",
    "Head of Acquisitions",
    "Broker",
    "Relocation manager",
    "Founder",
    "VP Real Estate",
    "Homeowner",
];
const TAGS: &[&str] = &[
    "investor",
    "first-time-buyer",
    "open-house",
    "referral",
    "luxury",
    "relocation",
    "downsizing",
    "webinar",
];
/// (US area code sample, time zone)
const PLACES: &[(&str, &str, &str)] = &[
    ("US", "+1 415 555 01", "America/Los_Angeles"),
    ("US", "+1 212 555 01", "America/New_York"),
    ("US", "+1 312 555 01", "America/Chicago"),
    ("US", "+1 303 555 01", "America/Denver"),
    ("GB", "+44 20 7946 09", "Europe/London"),
    ("DE", "+49 30 901820", "Europe/Berlin"),
];

/// Demo leads, companies, personas and templates for a workspace. Skips leads when the
/// workspace already has some.
/// The three WhatsApp starter templates from the requirement documents, seeded as Draft.
const WHATSAPP_TEMPLATES: [(&str, &str, &[&str]); 3] = [
    (
        "appointment_reminder_en_us",
        "Hi {{1}}, this is {{2}} from {{3}}. A reminder for your appointment at {{4}} on {{5}} at {{6}}. Reply YES to confirm or CALL to speak with us.",
        &[
            "lead first name",
            "agent name",
            "company",
            "address",
            "date",
            "time",
        ],
    ),
    (
        "lead_followup_en_us",
        "Hi {{1}}, thanks for your interest in {{2}}. Are you available this week for a quick 10-min call? Reply with a preferred day/time and we’ll confirm.",
        &["lead first name", "property or product"],
    ),
    (
        "open_house_invite_en_us",
        "Hi {{1}}, join us at an Open House for {{2}} on {{3}} from {{4}}–{{5}}. Reply YES to RSVP and we’ll send directions.",
        &[
            "lead first name",
            "property",
            "date",
            "start time",
            "end time",
        ],
    ),
];

pub async fn demo_data(
    store: &Store,
    workspace_id: &str,
    owner: Option<&UserRecord>,
) -> anyhow::Result<usize> {
    for persona in personas() {
        store
            .library()
            .upsert_persona(workspace_id, &persona)
            .await?;
    }
    for template in templates() {
        store
            .library()
            .upsert_template(workspace_id, &template)
            .await?;
    }
    for (name, body, variables) in WHATSAPP_TEMPLATES {
        let variables = serde_json::to_string(variables).unwrap_or_else(|_| "[]".into());
        store
            .messaging()
            .create_template(workspace_id, name, "en_US", body, &variables)
            .await?;
    }
    demo_agent(store, workspace_id).await?;
    if store.leads().count(workspace_id).await? > 0 {
        demo_workflow(store, workspace_id, owner).await?;
        return Ok(0);
    }
    let companies: Vec<(String, Option<String>)> = COMPANIES
        .iter()
        .map(|(name, domain, _)| (name.to_string(), Some(domain.to_string())))
        .collect();
    let company_ids = store
        .companies()
        .resolve_names(workspace_id, &companies)
        .await?;
    for (name, _, industry) in COMPANIES {
        if let Some(id) = company_ids.get(&crate::store::company_name_key(name)) {
            store
                .companies()
                .update(
                    workspace_id,
                    id,
                    crate::store::CompanyInput {
                        industry: Some(Some(industry.to_string())),
                        ..Default::default()
                    },
                )
                .await?;
        }
    }
    let mut dice = Dice(0x5eed_cafe_f00d);
    let now = now_ms();
    let stages = [
        (Stage::Lead, 34u64),
        (Stage::Contacted, 22),
        (Stage::Replied, 14),
        (Stage::Meeting, 10),
        (Stage::Negotiation, 8),
        (Stage::Won, 7),
        (Stage::Lost, 5),
    ];
    let mut drafts = Vec::new();
    for index in 0..120u64 {
        let first = *dice.pick(FIRST);
        let last = *dice.pick(LAST);
        let (country, prefix, tz) = *dice.pick(PLACES);
        let (company, domain, _) = *dice.pick(COMPANIES);
        let with_company = dice.chance(70);
        let local: String = format!("{}.{}", first, last)
            .to_lowercase()
            .chars()
            .map(|c| match c {
                'é' => 'e',
                'ü' => 'u',
                'á' => 'a',
                c => c,
            })
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        let email_domain = if with_company {
            domain.to_string()
        } else {
            dice.pick(&["gmail.com", "outlook.com", "icloud.com", "proton.me"])
                .to_string()
        };
        let email = EmailAddress::parse(&format!(
            "{local}{}@{email_domain}",
            if index > 40 {
                index.to_string()
            } else {
                String::new()
            }
        ))?;
        let phone_raw = format!("{prefix}{:02}", index % 100);
        let phone = PhoneNumber::parse(&phone_raw, Some(country)).ok();
        let roll = dice.next() % 100;
        let mut acc = 0;
        let stage = stages
            .iter()
            .find(|(_, weight)| {
                acc += weight;
                roll < acc
            })
            .map(|(s, _)| *s)
            .unwrap_or(Stage::Lead);
        let mut tags = vec![dice.pick(TAGS).to_string()];
        if dice.chance(35) {
            tags.push(dice.pick(TAGS).to_string());
        }
        let mut consents = vec![(
            Channel::Email,
            ConsentStatus::Granted,
            Some("website form".to_string()),
        )];
        if phone.is_some() && dice.chance(60) {
            consents.push((
                Channel::Sms,
                ConsentStatus::Granted,
                Some("open house sign-in sheet".into()),
            ));
        }
        if phone.is_some() && dice.chance(40) {
            consents.push((
                Channel::Whatsapp,
                ConsentStatus::Granted,
                Some("WhatsApp opt-in link".into()),
            ));
        }
        if dice.chance(5) {
            consents.push((
                Channel::Sms,
                ConsentStatus::Revoked,
                Some("STOP keyword".into()),
            ));
        }
        // Spread over the last 30 days, more recent ones more likely, so the dashboard has a shape.
        let age_days = (dice.next() % 30).min(dice.next() % 30);
        let created_at = now - (age_days as i64) * 86_400_000 - (dice.next() % 86_400_000) as i64;
        drafts.push(LeadDraft {
            first_name: Some(first.to_string()),
            last_name: Some(last.to_string()),
            email: Some(email),
            phone,
            title: Some(dice.pick(TITLES).to_string()),
            company_id: if with_company {
                company_ids
                    .get(&crate::store::company_name_key(company))
                    .cloned()
            } else {
                None
            },
            stage: Some(stage),
            tags,
            owner_id: owner.filter(|_| dice.chance(60)).map(|o| o.id.clone()),
            timezone: TimeZoneName::parse(tz).ok(),
            do_not_contact: Some(dice.chance(3)),
            consents,
            custom_fields: serde_json::Map::from_iter([
                (
                    "budget_usd".to_string(),
                    json!(((dice.next() % 90) + 10) * 10_000),
                ),
                (
                    "preferred_contact_time".to_string(),
                    json!(dice.pick(&["morning", "afternoon", "evening"])),
                ),
            ]),
            source: Some("demo data".into()),
            created_at: Some(created_at),
        });
    }
    let outcomes = store.leads().merge_batch(workspace_id, drafts).await?;
    let created: Vec<String> = outcomes
        .iter()
        .filter_map(|o| match o {
            Ok(crate::store::MergeOutcome::Created(id)) => Some(id.clone()),
            _ => None,
        })
        .collect();
    demo_conversations(store, workspace_id, owner, &created).await?;
    demo_workflow(store, workspace_id, owner).await?;
    Ok(outcomes.iter().filter(|o| o.is_ok()).count())
}

pub const DEMO_WORKFLOW: &str = "Demo workflow";
pub const DEMO_CAMPAIGN: &str = "Demo outreach";

/// The demo workflow (see `workflows::templates::demo`) with the demo agent, published as
/// version 1, and a draft campaign "Demo outreach" on the demo leads.
/// Skipped when a workflow of that name exists.
async fn demo_workflow(
    store: &Store,
    workspace_id: &str,
    owner: Option<&UserRecord>,
) -> anyhow::Result<()> {
    use crate::store::{LeadFilter, NewWorkflow};
    let workflows = store.workflows();
    if workflows
        .list(workspace_id)
        .await?
        .iter()
        .any(|w| w.name == DEMO_WORKFLOW)
    {
        return Ok(());
    }
    let agent_id = demo_agent_id(store, workspace_id).await?;
    // The email is written in the step: the library's "email_intro" uses {{property}} and
    // {{day_1}}, which only a person can fill in (validation refuses them in a workflow).
    let graph = crate::workflows::templates::demo(agent_id.as_deref(), None);
    let draft = serde_json::to_string(&graph)?;
    let owner_id = owner.map(|o| o.id.as_str());
    let workflow = workflows
        .create(
            workspace_id,
            &NewWorkflow {
                name: DEMO_WORKFLOW,
                description: "Email, wait 2 days for a reply; if none, SMS where consented (else a LinkedIn task), wait a day, then the AI agent takes over.",
                draft: &draft,
                created_by: owner_id,
            },
        )
        .await?;
    workflows
        .publish(workspace_id, &workflow.id, &draft, "Demo data", owner_id)
        .await?;
    let (leads, _) = store
        .leads()
        .list(workspace_id, &LeadFilter::default(), 1_000, 0)
        .await?;
    let lead_ids: Vec<&str> = leads
        .iter()
        .filter(|lead| lead.source.as_deref() == Some("demo data"))
        .map(|lead| lead.id.as_str())
        .collect();
    // One plain row: the campaigns module owns campaigns' store; a draft needs nothing else.
    let now = store.clock.now_ms();
    sqlx::query(
        "INSERT INTO campaigns (id, workspace_id, name, workflow_id, status, audience, \
         created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8)",
    )
    .bind(crate::store::new_id())
    .bind(workspace_id)
    .bind(DEMO_CAMPAIGN)
    .bind(&workflow.id)
    .bind(json!({"kind": "manual", "lead_ids": lead_ids}).to_string())
    .bind(owner_id)
    .bind(now)
    .bind(now)
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// A few sandbox conversations so a fresh inbox is not empty: one the AI handled, one a human
/// took over (with an internal note), one with the lead's latest question still unread. The AI
/// messages are canned and labelled as the offline responder's.
async fn demo_conversations(
    store: &Store,
    workspace_id: &str,
    owner: Option<&UserRecord>,
    leads: &[String],
) -> anyhow::Result<()> {
    use crate::store::{NewInbound, NewOutbound};
    let agent_id = demo_agent_id(store, workspace_id).await?;
    let scripts: [&[(&str, &str)]; 3] = [
        &[
            (
                "lead",
                "Hi! I saw the 3-bedroom on Maple Street. Is it still available?",
            ),
            (
                "ai",
                "Hi, thanks for reaching out! Yes, the Maple Street home is still available. Would a viewing this Saturday morning or Sunday afternoon suit you better?",
            ),
            ("lead", "Saturday morning works."),
            (
                "ai",
                "Perfect, Saturday at 10:00 it is. I will send the address and a reminder the day before.",
            ),
        ],
        &[
            ("lead", "What would my monthly payment be with 20% down?"),
            (
                "ai",
                "Happy to help with numbers. With 20% down, payments depend on the rate you lock in; could you share your budget range so I can run two scenarios?",
            ),
            ("lead", "Around 450k. Can I talk to a real person?"),
            (
                "human",
                "Of course, this is Sam from the Acme Realty team. I will call you this afternoon with both scenarios.",
            ),
            (
                "note",
                "Pre-approved with First National; prefers calls after 2 pm.",
            ),
        ],
        &[("lead", "Do you also handle rentals in the downtown area?")],
    ];
    let conversations = store.conversations();
    for (index, (lead_id, script)) in leads.iter().zip(scripts).enumerate() {
        let conversation = conversations
            .ensure_for_lead(workspace_id, lead_id, agent_id.as_deref())
            .await?;
        if index == 1 {
            conversations.set_mode(&conversation.id, "human").await?;
            if let Some(owner) = owner {
                conversations
                    .set_assignee(&conversation.id, Some(&owner.id))
                    .await?;
            }
        }
        for (turn, (who, text)) in script.iter().enumerate() {
            let key = format!("demo:{lead_id}:{turn}");
            match *who {
                "lead" => {
                    let (message, _) = conversations
                        .record_inbound(
                            &conversation,
                            &NewInbound {
                                workspace_id,
                                lead_id,
                                channel: "sandbox",
                                body: text,
                                subject: None,
                                external_id: &key,
                            },
                        )
                        .await?;
                    // History, not news: only the last conversation's question waits for the AI.
                    if index != 2 {
                        conversations.mark_processed(&message.id).await?;
                    }
                }
                "note" => {
                    if let Some(owner) = owner {
                        conversations
                            .add_note(&conversation, &owner.id, text)
                            .await?;
                    }
                }
                kind => {
                    let human = kind == "human";
                    conversations
                        .queue_outbound(&NewOutbound {
                            workspace_id,
                            conversation_id: &conversation.id,
                            lead_id,
                            channel: "sandbox",
                            body: text,
                            subject: None,
                            author_kind: if human { "human" } else { "ai" },
                            author_id: if human {
                                owner.map(|o| o.id.as_str())
                            } else {
                                agent_id.as_deref()
                            },
                            generator: (!human).then_some("offline"),
                            draft_id: None,
                            idempotency_key: &key,
                            template_id: None,
                            template_variables: None,
                        })
                        .await?;
                }
            }
        }
    }
    Ok(())
}

const DEMO_AGENT: &str = "Demo SDR";

async fn demo_agent_id(store: &Store, workspace_id: &str) -> anyhow::Result<Option<String>> {
    let agents = store.agents().list(workspace_id).await?;
    Ok(agents
        .into_iter()
        .find(|a| a.name == DEMO_AGENT)
        .map(|a| a.id))
}

/// The demo workspace's agent: writes as the first seeded persona, on every channel the lead
/// simulator uses, autonomously. Skipped when an agent of that name exists.
async fn demo_agent(store: &Store, workspace_id: &str) -> anyhow::Result<()> {
    if demo_agent_id(store, workspace_id).await?.is_some() {
        return Ok(());
    }
    let first_persona = personas().into_iter().next().map(|p| p.name);
    let persona_id = store
        .library()
        .personas(workspace_id)
        .await?
        .into_iter()
        .find(|p| Some(&p.name) == first_persona.as_ref())
        .map(|p| p.id);
    let created = store
        .agents()
        .create(
            workspace_id,
            &AgentInput {
                name: DEMO_AGENT.into(),
                persona_id,
                provider: "auto".into(),
                model: None,
                temperature: 0.7,
                autonomy: "autonomous".into(),
                channels: ["sandbox", "email", "sms", "whatsapp"]
                    .map(String::from)
                    .to_vec(),
                daily_limit: 500,
                enabled: true,
            },
        )
        .await;
    match created {
        // A concurrent seed created it first.
        Ok(_) | Err(crate::store::StoreError::Conflict(_)) => Ok(()),
        Err(error) => Err(error.into()),
    }
}

fn personas() -> Vec<PersonaRecord> {
    let persona = |name: &str,
                   role: &str,
                   tone: serde_json::Value,
                   focus: &str,
                   signature: &str,
                   dos: &[&str],
                   donts: &[&str]| PersonaRecord {
        id: String::new(),
        name: name.into(),
        role: role.into(),
        tone: tone.to_string(),
        industry_focus: focus.into(),
        language: "en".into(),
        signature: signature.into(),
        dos: json!(dos).to_string(),
        donts: json!(donts).to_string(),
    };
    vec![
        persona(
            "Maya — Friendly Realtor",
            "Buyer's agent",
            json!({"formality": 30, "warmth": 85, "brevity": 60, "enthusiasm": 70, "assertiveness": 40}),
            "Residential real estate",
            "Maya Chen\nAcme Realty · (415) 555-0134",
            &[
                "Use the lead's first name",
                "Mention one concrete listing detail",
                "Offer two time slots",
            ],
            &[
                "Promise prices or appreciation",
                "Use more than one exclamation mark",
                "Pressure for a decision",
            ],
        ),
        persona(
            "Victor — Enterprise AE",
            "Account executive",
            json!({"formality": 75, "warmth": 50, "brevity": 80, "enthusiasm": 35, "assertiveness": 65}),
            "Commercial property, B2B",
            "Victor Alvarez\nEnterprise Accounts, Acme Realty",
            &[
                "Lead with the business outcome",
                "Keep emails under 120 words",
                "End with one clear question",
            ],
            &[
                "Use slang or emojis",
                "Discuss discounts without approval",
                "Send attachments on first touch",
            ],
        ),
        persona(
            "Sam — Follow-up Specialist",
            "Inside sales",
            json!({"formality": 45, "warmth": 70, "brevity": 85, "enthusiasm": 55, "assertiveness": 50}),
            "Lead nurturing",
            "Sam · Acme Realty",
            &[
                "Reference the previous conversation",
                "Keep SMS under 160 characters",
            ],
            &[
                "Message outside 08:00–21:00 lead local time",
                "Follow up more than twice a week",
            ],
        ),
    ]
}

fn templates() -> Vec<TemplateRecord> {
    let template = |name: &str, channel: &str, language: &str, body: &str, status: Option<&str>| {
        let mut placeholders: Vec<String> = Vec::new();
        let mut rest = body;
        while let Some(start) = rest.find("{{") {
            let Some(end) = rest[start..].find("}}") else {
                break;
            };
            let name = rest[start + 2..start + end].trim().to_string();
            if !placeholders.contains(&name) {
                placeholders.push(name);
            }
            rest = &rest[start + end + 2..];
        }
        TemplateRecord {
            id: String::new(),
            name: name.into(),
            channel: channel.into(),
            language: language.into(),
            body: body.into(),
            placeholders: json!(placeholders).to_string(),
            status: status.map(str::to_string),
        }
    };
    vec![
        template(
            "appointment_reminder_en_us",
            "whatsapp",
            "en_US",
            "Hi {{1}}, this is {{2}} from {{3}}. A reminder for your appointment at {{4}} on {{5}} at {{6}}. Reply YES to confirm or CALL to speak with us.",
            Some("draft"),
        ),
        template(
            "lead_followup_en_us",
            "whatsapp",
            "en_US",
            "Hi {{1}}, thanks for your interest in {{2}}. Are you available this week for a quick 10-min call? Reply with a preferred day/time and we’ll confirm.",
            Some("draft"),
        ),
        template(
            "open_house_invite_en_us",
            "whatsapp",
            "en_US",
            "Hi {{1}}, join us at an Open House for {{2}} on {{3}} from {{4}}–{{5}}. Reply YES to RSVP and we’ll send directions.",
            Some("draft"),
        ),
        template(
            "sms_followup_1",
            "sms",
            "en_US",
            "Hi {{name}}, it's {{agent}}. Quick check — are you still interested in {{property_address}}? Reply YES to connect.",
            None,
        ),
        template(
            "sms_lead_fast",
            "sms",
            "en_US",
            "Hi {{name}} — we’ve got new listings that match your needs. Interested? Reply SHOW.",
            None,
        ),
        template(
            "voice_appointment_confirm",
            "voice",
            "en_US",
            "Hello {{name}}. This is {{agent}} from {{brokerage}} calling to confirm your showing for {{property_address}} on {{date}} at {{time}}. Press 1 to confirm, 2 to reschedule.",
            None,
        ),
        template(
            "voice_followup",
            "voice",
            "en_US",
            "Hi {{name}}, following up on your interest in {{property}}. Call us back at {{callback_number}} to speak with an agent.",
            None,
        ),
        template(
            "email_intro",
            "email",
            "en_US",
            "Subject: {{property}} — a few homes you might like\n\nHi {{name}},\n\nThanks for reaching out about {{property}}. I pulled together three listings that match what you described. Would {{day_1}} or {{day_2}} work for a quick call?\n\n{{signature}}",
            None,
        ),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn templates_extract_placeholders_in_order() {
        let templates = super::templates();
        let reminder = templates
            .iter()
            .find(|t| t.name == "appointment_reminder_en_us")
            .unwrap();
        assert_eq!(reminder.placeholders, r#"["1","2","3","4","5","6"]"#);
        assert_eq!(reminder.status.as_deref(), Some("draft"));
        let sms = templates
            .iter()
            .find(|t| t.name == "sms_followup_1")
            .unwrap();
        assert_eq!(sms.placeholders, r#"["name","agent","property_address"]"#);
    }
}
