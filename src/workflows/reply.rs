//! What a lead's reply says, for decisions (`reply.intent`, `reply.sentiment`) and the
//! campaign's positive-reply count. Rule-based and deterministic: keywords in English, German,
//! French and Spanish, checked in an order where the stronger signal wins (an unsubscribe
//! request with a question is still an unsubscribe; "not interested" is not "interested").
//! The same text always gets the same labels, so stats and decisions agree after a restart.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    Interested,
    NotInterested,
    Question,
    OutOfOffice,
    Unsubscribe,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sentiment {
    Positive,
    Neutral,
    Negative,
}

impl Intent {
    pub fn as_str(self) -> &'static str {
        match self {
            Intent::Interested => "interested",
            Intent::NotInterested => "not_interested",
            Intent::Question => "question",
            Intent::OutOfOffice => "out_of_office",
            Intent::Unsubscribe => "unsubscribe",
            Intent::Other => "other",
        }
    }
}

impl Sentiment {
    pub fn as_str(self) -> &'static str {
        match self {
            Sentiment::Positive => "positive",
            Sentiment::Neutral => "neutral",
            Sentiment::Negative => "negative",
        }
    }
}

const UNSUBSCRIBE: &[&str] = &[
    " stop ",
    " unsubscribe",
    " remove me",
    " opt out",
    " opt-out",
    " take me off",
    " stop emailing",
    " stop texting",
    " do not contact",
    " don't contact",
    " abmelden",
    " désinscri",
    " darme de baja",
];
const OUT_OF_OFFICE: &[&str] = &[
    "out of office",
    "out of the office",
    " ooo ",
    " on vacation",
    " on holiday",
    " on annual leave",
    " on parental leave",
    " automatic reply",
    " auto-reply",
    " autoreply",
    " away until",
    " back on ",
    " limited access to email",
    " abwesenheit",
    " absent du bureau",
    " fuera de la oficina",
];
const NOT_INTERESTED: &[&str] = &[
    "not interested",
    " no thanks",
    " no thank you",
    " not right now",
    " not a fit",
    " not a good fit",
    " not looking",
    " we're good",
    " we are good",
    " already have",
    " already use",
    " pass on this",
    " not for us",
    " leave me alone",
    " kein interesse",
    " pas intéressé",
    " pas interesse",
    " no me interesa",
];
const INTERESTED: &[&str] = &[
    " interested",
    " sounds good",
    " sounds great",
    " let's talk",
    " lets talk",
    " let's chat",
    " happy to chat",
    " love to",
    " keen",
    " tell me more",
    " send me",
    " send over",
    " book",
    " schedule",
    " call me",
    " a call",
    " meeting",
    " demo",
    " pricing",
    " price",
    " how much",
    " quote",
    " yes",
    " sure",
    " absolutely",
    " count me in",
    " gerne",
    " intéressé",
    " me interesa",
];
const QUESTION_STARTS: &[&str] = &[
    "what ", "how ", "when ", "who ", "where ", "why ", "which ", "can ", "could ", "do ", "does ",
    "is ", "are ", "will ", "would ",
];
const THANKS: &[&str] = &[
    " thanks",
    " thank you",
    " great",
    " perfect",
    " awesome",
    " appreciate",
    " danke",
    " merci",
    " gracias",
];
const ANNOYED: &[&str] = &[
    " spam",
    " annoying",
    " annoyed",
    " waste of",
    " angry",
    " scam",
    " reported",
];

/// Labels a reply.
pub fn classify(text: &str) -> (Intent, Sentiment) {
    let lowered = text.to_lowercase();
    let padded = format!(" {} ", normalise(&lowered));
    let has = |needles: &[&str]| needles.iter().any(|n| padded.contains(n));
    if has(UNSUBSCRIBE) {
        return (Intent::Unsubscribe, Sentiment::Negative);
    }
    if has(OUT_OF_OFFICE) {
        return (Intent::OutOfOffice, Sentiment::Neutral);
    }
    if has(NOT_INTERESTED) {
        return (Intent::NotInterested, Sentiment::Negative);
    }
    if has(INTERESTED) {
        return (Intent::Interested, Sentiment::Positive);
    }
    let sentiment = if has(ANNOYED) {
        Sentiment::Negative
    } else if has(THANKS) {
        Sentiment::Positive
    } else {
        Sentiment::Neutral
    };
    let trimmed = lowered.trim_start();
    if lowered.contains('?') || QUESTION_STARTS.iter().any(|q| trimmed.starts_with(q)) {
        return (Intent::Question, sentiment);
    }
    (Intent::Other, sentiment)
}

/// Letters, digits, apostrophes and hyphens kept; everything else a space (so " stop " matches
/// "Stop." and "STOP!").
fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_get_the_label_a_person_would_give() {
        let cases = [
            (
                "Sounds great, can we book a call Thursday?",
                Intent::Interested,
                Sentiment::Positive,
            ),
            (
                "How much does it cost?",
                Intent::Interested,
                Sentiment::Positive,
            ),
            (
                "Not interested, thanks.",
                Intent::NotInterested,
                Sentiment::Negative,
            ),
            ("STOP", Intent::Unsubscribe, Sentiment::Negative),
            (
                "Please remove me from your list. Who gave you my number?",
                Intent::Unsubscribe,
                Sentiment::Negative,
            ),
            (
                "I am out of the office until Monday with limited access to email.",
                Intent::OutOfOffice,
                Sentiment::Neutral,
            ),
            (
                "Which neighbourhoods do you cover?",
                Intent::Question,
                Sentiment::Neutral,
            ),
            ("Thanks for the note", Intent::Other, Sentiment::Positive),
            ("This is spam.", Intent::Other, Sentiment::Negative),
            ("ok", Intent::Other, Sentiment::Neutral),
            (
                "Kein Interesse.",
                Intent::NotInterested,
                Sentiment::Negative,
            ),
            (
                "Stopover in Paris next week",
                Intent::Other,
                Sentiment::Neutral,
            ),
        ];
        for (text, intent, sentiment) in cases {
            assert_eq!(classify(text), (intent, sentiment), "{text}");
        }
    }

    #[test]
    fn labels_match_the_names_decisions_use() {
        assert_eq!(Intent::NotInterested.as_str(), "not_interested");
        assert_eq!(
            serde_json::to_value(Intent::OutOfOffice).unwrap(),
            "out_of_office"
        );
        assert_eq!(Sentiment::Positive.as_str(), "positive");
    }
}
