//! The offline responder: writes a short, deterministic reply from the persona (tone, language,
//! signature), the agent and the lead's fields when no LLM provider is configured. It answers
//! what the lead last said (pricing, a meeting — offering the workspace's booking link when it
//! has one —, opting out, who is writing, anything else) with fixed phrasing, and it never claims to be a language model or a person: asked who it is, it
//! says it is an automated assistant. Same inputs, same text.

use super::{LeadFacts, Speaker, Turn};
use crate::store::PersonaRecord;

/// What the lead's last message is about, by keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// No message from the lead yet: a first touch.
    Opener,
    Pricing,
    Meeting,
    OptOut,
    Identity,
    General,
}

/// Classifies the lead's message. Opt-out wins over everything (a lead who says "stop" and
/// asks a question still wants to stop).
pub fn classify(text: &str) -> Intent {
    let text = format!(" {} ", normalise(text));
    let has = |needles: &[&str]| needles.iter().any(|n| text.contains(n));
    if has(&[
        " stop ",
        " unsubscribe",
        "not interested",
        " remove me",
        " opt out",
        " opt-out",
        " leave me alone",
        " no thanks",
        " no thank you",
        "kein interesse",
        "pas intéressé",
        "pas interesse",
        "no me interesa",
    ]) {
        Intent::OptOut
    } else if has(&[
        "who are you",
        "who is this",
        "who's this",
        "who is that",
        " are you a bot",
        " are you a robot",
        " are you human",
        " are you real",
        " are you an ai",
        " are you ai ",
        " is this a bot",
        " is this automated",
        "wer sind sie",
        "qui êtes-vous",
        "quién eres",
    ]) {
        Intent::Identity
    } else if has(&[
        " price",
        " pricing",
        " cost",
        " how much",
        " quote",
        " budget",
        " fee",
        " rate ",
        " rates",
        " preis",
        " prix",
        " precio",
    ]) {
        Intent::Pricing
    } else if has(&[
        " meet",
        " call",
        " demo",
        " schedule",
        " book",
        " appointment",
        " available",
        " availability",
        " calendar",
        " tour",
        " viewing",
        " showing",
        " termin",
        " rendez-vous",
        " reunión",
        " cita",
    ]) {
        Intent::Meeting
    } else {
        Intent::General
    }
}

/// The day a lead proposes for a meeting, as they wrote it ("Tuesday", "tomorrow", "Dienstag").
fn proposed_day(text: &str) -> Option<String> {
    const DAYS: [&str; 30] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "tomorrow",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "morgen",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "demain",
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "mañana",
        "today",
        "heute",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .find(|word| DAYS.contains(&word.to_lowercase().as_str()))
        .map(str::to_string)
}

fn normalise(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tone sliders, 0–100, read from the persona's JSON (missing sliders sit at 50).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tone {
    pub formality: i64,
    pub warmth: i64,
    pub brevity: i64,
    pub enthusiasm: i64,
    pub assertiveness: i64,
}

impl Tone {
    pub fn from_json(json: &str) -> Self {
        let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
        let slider = |name: &str| {
            value
                .get(name)
                .and_then(serde_json::Value::as_i64)
                .unwrap_or(50)
                .clamp(0, 100)
        };
        Self {
            formality: slider("formality"),
            warmth: slider("warmth"),
            brevity: slider("brevity"),
            enthusiasm: slider("enthusiasm"),
            assertiveness: slider("assertiveness"),
        }
    }
}

/// Fixed phrasing per language. `{company}` is replaced by " at Company" or nothing.
struct Phrases {
    greeting_formal: &'static str,
    greeting_casual: &'static str,
    thanks: &'static str,
    opener: &'static str,
    pricing: &'static str,
    pricing_next: &'static str,
    meeting: &'static str,
    meeting_next: &'static str,
    /// `{day}` is the day the lead proposed, as they wrote it.
    meeting_day: &'static str,
    /// `{link}` is the workspace's booking link.
    booking: &'static str,
    opt_out: &'static str,
    identity: &'static str,
    identity_next: &'static str,
    general: &'static str,
    general_next: &'static str,
    close_assertive: &'static str,
    close_soft: &'static str,
    regards: &'static str,
    the_team: &'static str,
}

const ENGLISH: Phrases = Phrases {
    greeting_formal: "Hello",
    greeting_casual: "Hi",
    thanks: "Thank you for getting back to me.",
    opener: "I'm reaching out because we help teams like yours{company} with {focus}.",
    pricing: "Happy to go over pricing: it depends on what you need, so I'd rather give you an exact figure than a guess.",
    pricing_next: "Could you share roughly what you have in mind, and I'll send the options that fit?",
    meeting: "Let's find a time to talk.",
    meeting_next: "Which day this week works best for you, morning or afternoon?",
    meeting_day: "Thanks for suggesting {day}. What time that day suits you best? I'll confirm it with the team.",
    booking: "If it's easier, pick a time that suits you here: {link}",
    opt_out: "Understood, I won't contact you again. If anything changes, just reply to this message.",
    identity: "I'm an automated assistant working with {sender}'s team{focus_suffix}, and a person from the team reads these conversations and can step in at any time.",
    identity_next: "How can I help?",
    general: "Thanks for your message, I've noted it.",
    general_next: "What would be most useful for you as a next step?",
    close_assertive: "I'll keep an eye out for your reply.",
    close_soft: "No rush, whenever suits you.",
    regards: "Best regards,",
    the_team: "the team",
};

const GERMAN: Phrases = Phrases {
    greeting_formal: "Guten Tag",
    greeting_casual: "Hallo",
    thanks: "Vielen Dank für Ihre Rückmeldung.",
    opener: "Ich melde mich, weil wir Teams wie Ihres{company} bei {focus} unterstützen.",
    pricing: "Gern bespreche ich die Preise: Sie hängen vom Bedarf ab, deshalb nenne ich Ihnen lieber eine genaue Zahl als eine Schätzung.",
    pricing_next: "Können Sie mir grob sagen, was Sie sich vorstellen? Dann schicke ich Ihnen die passenden Optionen.",
    meeting: "Lassen Sie uns einen Termin finden.",
    meeting_next: "Welcher Tag passt Ihnen diese Woche am besten, vormittags oder nachmittags?",
    meeting_day: "Danke für den Vorschlag {day}. Welche Uhrzeit passt Ihnen an dem Tag am besten? Ich bestätige sie mit dem Team.",
    booking: "Wenn es einfacher ist, wählen Sie hier direkt einen passenden Termin: {link}",
    opt_out: "Verstanden, ich melde mich nicht mehr. Falls sich etwas ändert, antworten Sie einfach auf diese Nachricht.",
    identity: "Ich bin ein automatisierter Assistent des Teams von {sender}{focus_suffix}; eine Person aus dem Team liest diese Unterhaltungen mit und kann jederzeit übernehmen.",
    identity_next: "Wie kann ich helfen?",
    general: "Danke für Ihre Nachricht, ich habe sie notiert.",
    general_next: "Was wäre für Sie der hilfreichste nächste Schritt?",
    close_assertive: "Ich freue mich auf Ihre Antwort.",
    close_soft: "Ganz ohne Eile, wann immer es Ihnen passt.",
    regards: "Viele Grüße",
    the_team: "das Team",
};

const FRENCH: Phrases = Phrases {
    greeting_formal: "Bonjour",
    greeting_casual: "Salut",
    thanks: "Merci pour votre retour.",
    opener: "Je vous contacte car nous aidons des équipes comme la vôtre{company} sur {focus}.",
    pricing: "Avec plaisir pour les tarifs : ils dépendent de vos besoins, je préfère donc vous donner un chiffre exact plutôt qu'une estimation.",
    pricing_next: "Pouvez-vous me dire à peu près ce que vous envisagez ? Je vous enverrai les options adaptées.",
    meeting: "Trouvons un moment pour en parler.",
    meeting_next: "Quel jour vous convient le mieux cette semaine, le matin ou l'après-midi ?",
    meeting_day: "Merci de proposer {day}. Quelle heure vous convient le mieux ce jour-là ? Je la confirme avec l'équipe.",
    booking: "Si c'est plus simple, choisissez directement un créneau ici : {link}",
    opt_out: "C'est noté, je ne vous contacterai plus. Si quelque chose change, répondez simplement à ce message.",
    identity: "Je suis un assistant automatisé de l'équipe de {sender}{focus_suffix} ; une personne de l'équipe lit ces échanges et peut intervenir à tout moment.",
    identity_next: "Comment puis-je vous aider ?",
    general: "Merci pour votre message, c'est noté.",
    general_next: "Quelle serait la prochaine étape la plus utile pour vous ?",
    close_assertive: "J'attends votre réponse.",
    close_soft: "Sans urgence, quand cela vous convient.",
    regards: "Cordialement,",
    the_team: "l'équipe",
};

const SPANISH: Phrases = Phrases {
    greeting_formal: "Buenos días",
    greeting_casual: "Hola",
    thanks: "Gracias por responder.",
    opener: "Le escribo porque ayudamos a equipos como el suyo{company} con {focus}.",
    pricing: "Con gusto hablamos de precios: dependen de lo que necesite, así que prefiero darle una cifra exacta y no una estimación.",
    pricing_next: "¿Podría contarme más o menos lo que tiene en mente? Le enviaré las opciones que encajen.",
    meeting: "Busquemos un momento para hablar.",
    meeting_next: "¿Qué día le viene mejor esta semana, por la mañana o por la tarde?",
    meeting_day: "Gracias por proponer {day}. ¿Qué hora le viene mejor ese día? La confirmo con el equipo.",
    booking: "Si le resulta más fácil, elija aquí directamente un horario: {link}",
    opt_out: "Entendido, no volveré a contactarle. Si algo cambia, solo responda a este mensaje.",
    identity: "Soy un asistente automatizado del equipo de {sender}{focus_suffix}; una persona del equipo lee estas conversaciones y puede intervenir en cualquier momento.",
    identity_next: "¿En qué puedo ayudarle?",
    general: "Gracias por su mensaje, lo he anotado.",
    general_next: "¿Cuál sería el siguiente paso más útil para usted?",
    close_assertive: "Quedo atento a su respuesta.",
    close_soft: "Sin prisa, cuando le venga bien.",
    regards: "Saludos cordiales,",
    the_team: "el equipo",
};

fn phrases(language: &str) -> &'static Phrases {
    let code = language.to_lowercase();
    match code.split(['-', '_']).next().unwrap_or("en") {
        "de" => &GERMAN,
        "fr" => &FRENCH,
        "es" => &SPANISH,
        _ => &ENGLISH,
    }
}

/// Everything the responder reads. Borrowed so building it costs nothing.
#[derive(Debug, Clone, Copy)]
pub struct OfflineInput<'a> {
    pub persona: Option<&'a PersonaRecord>,
    pub agent_name: Option<&'a str>,
    pub lead: &'a LeadFacts,
    pub thread: &'a [Turn],
    /// The workspace's booking link, offered when the lead wants to meet.
    pub booking_url: Option<&'a str>,
}

/// The channel the reply goes out on: the lead's last channel, else the thread's last.
fn reply_channel(thread: &[Turn]) -> &str {
    thread
        .iter()
        .rev()
        .find(|turn| turn.speaker == Speaker::Lead)
        .or_else(|| thread.last())
        .map(|turn| turn.channel.as_str())
        .unwrap_or("sandbox")
}

/// Writes the reply.
pub fn respond(input: OfflineInput<'_>) -> String {
    let language = input.persona.map(|p| p.language.as_str()).unwrap_or("en");
    let words = phrases(language);
    let tone = input
        .persona
        .map(|p| Tone::from_json(&p.tone))
        .unwrap_or(Tone {
            formality: 50,
            warmth: 50,
            brevity: 50,
            enthusiasm: 50,
            assertiveness: 50,
        });
    let last_lead_text = input
        .thread
        .iter()
        .rev()
        .find(|turn| turn.speaker == Speaker::Lead)
        .map(|turn| turn.text.as_str());
    let intent = last_lead_text.map(classify).unwrap_or(Intent::Opener);
    let channel = reply_channel(input.thread);
    let short_channel = matches!(channel, "sms" | "whatsapp" | "linkedin");
    // Brief personas and text-message channels drop the optional sentences.
    let brief = tone.brevity >= 80 || short_channel;

    let name = input
        .lead
        .first_name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .map(str::trim)
        .unwrap_or_else(|| input.lead.full_name.split_whitespace().next().unwrap_or(""));
    let greeting = if tone.formality >= 60 {
        words.greeting_formal
    } else {
        words.greeting_casual
    };
    let mut greeting_line = if name.is_empty() {
        greeting.to_string()
    } else {
        format!("{greeting} {name}")
    };
    // Enthusiasm shows in the greeting, except when the lead is leaving.
    greeting_line.push(if tone.enthusiasm >= 70 && intent != Intent::OptOut {
        '!'
    } else {
        ','
    });

    let signature = input
        .persona
        .map(|p| p.signature.trim())
        .filter(|s| !s.is_empty());
    let sender = signature
        .and_then(|s| s.lines().next())
        .map(|line| {
            line.split(['·', ','])
                .next()
                .unwrap_or(line)
                .trim()
                .to_string()
        })
        .or_else(|| input.agent_name.map(str::to_string))
        .unwrap_or_else(|| words.the_team.to_string());
    let focus = input
        .persona
        .map(|p| p.industry_focus.trim())
        .filter(|f| !f.is_empty())
        .map(str::to_lowercase)
        .unwrap_or_else(|| "sales".to_string());
    let company = input
        .lead
        .company
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map(|c| format!(" at {}", c.trim()))
        .unwrap_or_default();
    let fill = |template: &str| {
        template
            .replace("{company}", &company)
            .replace("{focus}", &focus)
            .replace("{sender}", &sender)
            .replace("{focus_suffix}", &format!(" ({focus})"))
    };

    let mut sentences: Vec<String> = Vec::new();
    let replying = intent != Intent::Opener;
    // Warm personas thank the lead first (the generic answer already does).
    if replying
        && tone.warmth >= 70
        && !brief
        && !matches!(intent, Intent::OptOut | Intent::General)
    {
        sentences.push(words.thanks.to_string());
    }
    match intent {
        Intent::Opener => {
            sentences.push(fill(words.opener));
            sentences.push(words.meeting_next.to_string());
        }
        Intent::Pricing => {
            sentences.push(words.pricing.to_string());
            sentences.push(words.pricing_next.to_string());
        }
        Intent::Meeting => {
            match last_lead_text.and_then(proposed_day) {
                Some(day) => sentences.push(words.meeting_day.replace("{day}", &day)),
                None => {
                    sentences.push(words.meeting.to_string());
                    sentences.push(words.meeting_next.to_string());
                }
            }
            if let Some(link) = input.booking_url {
                sentences.push(words.booking.replace("{link}", link));
            }
        }
        Intent::OptOut => sentences.push(words.opt_out.to_string()),
        Intent::Identity => {
            sentences.push(fill(words.identity));
            sentences.push(words.identity_next.to_string());
        }
        Intent::General => {
            sentences.push(words.general.to_string());
            sentences.push(words.general_next.to_string());
        }
    }
    if !brief && !matches!(intent, Intent::OptOut | Intent::Identity) {
        sentences.push(
            if tone.assertiveness >= 60 {
                words.close_assertive
            } else {
                words.close_soft
            }
            .to_string(),
        );
    }

    let body = sentences.join(" ");
    let sign_off = match signature {
        Some(signature) if !short_channel => format!("{}\n{signature}", words.regards),
        _ => format!("– {sender}"),
    };
    format!("{greeting_line}\n\n{body}\n\n{sign_off}")
}

/// Splits text into word-sized chunks that concatenate back to the exact text (each chunk is a
/// word followed by the whitespace after it).
pub fn word_chunks(text: &str) -> Vec<&str> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (index, character) in text.char_indices() {
        if character.is_whitespace() {
            in_space = true;
        } else if in_space {
            chunks.push(&text[start..index]);
            start = index;
            in_space = false;
        }
    }
    if start < text.len() {
        chunks.push(&text[start..]);
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead() -> LeadFacts {
        LeadFacts {
            first_name: Some("Ada".into()),
            full_name: "Ada Lovelace".into(),
            company: Some("Analytical Ltd".into()),
            title: None,
            stage: "contacted".into(),
        }
    }

    fn persona(language: &str) -> PersonaRecord {
        PersonaRecord {
            id: "p1".into(),
            name: "Victor".into(),
            role: "AE".into(),
            tone: r#"{"formality":75,"warmth":50,"brevity":50,"enthusiasm":35,"assertiveness":65}"#
                .into(),
            industry_focus: "Commercial property".into(),
            language: language.into(),
            signature: "Victor Alvarez\nEnterprise Accounts".into(),
            dos: "[]".into(),
            donts: "[]".into(),
        }
    }

    fn said(text: &str, channel: &str) -> Vec<Turn> {
        vec![Turn {
            speaker: Speaker::Lead,
            channel: channel.into(),
            text: text.into(),
        }]
    }

    #[test]
    fn intents_by_keyword() {
        assert_eq!(classify("How much does it cost?"), Intent::Pricing);
        assert_eq!(classify("Can we book a demo on Tuesday?"), Intent::Meeting);
        assert_eq!(classify("STOP"), Intent::OptOut);
        assert_eq!(
            classify("not interested, what is the price"),
            Intent::OptOut
        );
        assert_eq!(classify("Who is this?"), Intent::Identity);
        assert_eq!(classify("Are you a bot?"), Intent::Identity);
        assert_eq!(classify("Sounds good"), Intent::General);
        // Whole words only for "stop": praise is not an opt-out.
        assert_eq!(classify("your team is unstoppable"), Intent::General);
    }

    #[test]
    fn same_input_same_text() {
        let persona = persona("en");
        let lead = lead();
        let thread = said("What's your pricing?", "email");
        let input = OfflineInput {
            persona: Some(&persona),
            agent_name: Some("Demo SDR"),
            lead: &lead,
            thread: &thread,
            booking_url: None,
        };
        assert_eq!(respond(input), respond(input));
    }

    #[test]
    fn answers_what_the_lead_asked_in_the_persona_voice() {
        let persona = persona("en");
        let lead = lead();
        let pricing = said("What's your pricing?", "email");
        let text = respond(OfflineInput {
            persona: Some(&persona),
            agent_name: None,
            lead: &lead,
            thread: &pricing,
            booking_url: None,
        });
        assert!(text.starts_with("Hello Ada,"), "{text}");
        assert!(text.contains("pricing"), "{text}");
        assert!(
            text.ends_with("Victor Alvarez\nEnterprise Accounts"),
            "{text}"
        );

        let stop = said("stop", "sms");
        let text = respond(OfflineInput {
            persona: Some(&persona),
            agent_name: None,
            lead: &lead,
            thread: &stop,
            booking_url: None,
        });
        assert!(text.contains("won't contact you again"), "{text}");
        assert!(text.ends_with("– Victor Alvarez"), "{text}");
    }

    #[test]
    fn a_proposed_day_is_taken_up_and_an_opt_out_is_not_cheered() {
        let mut persona = persona("en");
        persona.tone = r#"{"enthusiasm":90}"#.into();
        let lead = lead();
        let meeting = said("Can we meet Tuesday afternoon?", "email");
        let text = respond(OfflineInput {
            persona: Some(&persona),
            agent_name: None,
            lead: &lead,
            thread: &meeting,
            booking_url: None,
        });
        assert!(text.contains("Thanks for suggesting Tuesday."), "{text}");
        let stop = said("Please stop", "email");
        let text = respond(OfflineInput {
            persona: Some(&persona),
            agent_name: None,
            lead: &lead,
            thread: &stop,
            booking_url: None,
        });
        assert!(text.starts_with("Hi Ada,"), "{text}");
    }

    #[test]
    fn a_lead_who_asks_to_meet_is_offered_the_booking_link() {
        let lead = lead();
        let link = "https://cal.example/ada-team/30min";
        for (language, text, offer) in [
            (
                "en",
                "Can we schedule a call?",
                "pick a time that suits you here: ",
            ),
            (
                "en",
                "Could we meet on Tuesday?",
                "pick a time that suits you here: ",
            ),
            (
                "de",
                "Können wir einen Termin machen?",
                "passenden Termin: ",
            ),
        ] {
            let persona = persona(language);
            let thread = said(text, "sms");
            let reply = respond(OfflineInput {
                persona: Some(&persona),
                agent_name: None,
                lead: &lead,
                thread: &thread,
                booking_url: Some(link),
            });
            assert!(reply.contains(&format!("{offer}{link}")), "{reply}");
        }
        // Not offered when the lead talks about something else, nor without a link.
        let persona = persona("en");
        let pricing = said("What's your pricing?", "email");
        let reply = respond(OfflineInput {
            persona: Some(&persona),
            agent_name: None,
            lead: &lead,
            thread: &pricing,
            booking_url: Some(link),
        });
        assert!(!reply.contains(link), "{reply}");
        let meeting = said("Can we schedule a call?", "email");
        let reply = respond(OfflineInput {
            persona: Some(&persona),
            agent_name: None,
            lead: &lead,
            thread: &meeting,
            booking_url: None,
        });
        assert!(!reply.contains("here:"), "{reply}");
    }

    #[test]
    fn never_claims_to_be_a_language_model_or_a_person() {
        let lead = lead();
        let thread = said("Who are you? Are you a bot?", "sandbox");
        let text = respond(OfflineInput {
            persona: None,
            agent_name: Some("Demo SDR"),
            lead: &lead,
            thread: &thread,
            booking_url: None,
        });
        assert!(text.contains("automated assistant"), "{text}");
        let lower = text.to_lowercase();
        for claim in ["language model", "gpt", "llm", "i am human", "i'm human"] {
            assert!(!lower.contains(claim), "{claim} in {text}");
        }
    }

    #[test]
    fn speaks_the_persona_language() {
        let persona = persona("de");
        let lead = lead();
        let thread = said("Können wir einen Termin machen?", "email");
        let text = respond(OfflineInput {
            persona: Some(&persona),
            agent_name: None,
            lead: &lead,
            thread: &thread,
            booking_url: None,
        });
        assert!(text.starts_with("Guten Tag Ada,"), "{text}");
        assert!(text.contains("Termin"), "{text}");
    }

    #[test]
    fn chunks_concatenate_to_the_text() {
        let text = "Hi Ada,\n\nLet's  talk. – Sam";
        let chunks = word_chunks(text);
        assert_eq!(chunks.concat(), text);
        assert_eq!(chunks[0], "Hi ");
        assert!(chunks.len() >= 5);
    }
}
