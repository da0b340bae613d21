//! Out-of-office and other automatic replies. They are kept in the conversation (flagged) but are
//! not replies: the AI never answers them and they do not count as the lead responding.
//! Headers first (RFC 3834 `Auto-Submitted`, the de-facto `X-Autoreply` / `X-Autorespond`,
//! `Precedence`), then subjects in the languages we see most.

/// Why a message was classified as automatic, or `None` for a human reply.
pub fn auto_reply_reason(headers: &[(String, String)], subject: Option<&str>) -> Option<String> {
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        let value_lower = value.trim().to_ascii_lowercase();
        match name.as_str() {
            "auto-submitted" if value_lower != "no" && !value_lower.is_empty() => {
                return Some(format!("Auto-Submitted: {}", value.trim()));
            }
            "x-autoreply" | "x-autorespond" | "x-auto-response-suppress"
                if name != "x-auto-response-suppress" =>
            {
                return Some(format!("{name} header"));
            }
            "precedence"
                if ["auto_reply", "bulk", "junk", "list"].contains(&value_lower.as_str()) =>
            {
                return Some(format!("Precedence: {}", value.trim()));
            }
            _ => {}
        }
    }
    let subject = subject?.trim().to_lowercase();
    const SUBJECTS: [&str; 14] = [
        "out of office",
        "out of the office",
        "automatic reply",
        "auto reply",
        "autoreply",
        "auto-reply",
        "abwesenheitsnotiz",
        "automatische antwort",
        "réponse automatique",
        "absence du bureau",
        "respuesta automática",
        "fuera de la oficina",
        "afwezigheidsbericht",
        "risposta automatica",
    ];
    SUBJECTS
        .iter()
        .find(|s| subject.contains(*s))
        .map(|s| format!("subject contains '{s}'"))
}

#[cfg(test)]
mod tests {
    use super::auto_reply_reason;

    fn h(name: &str, value: &str) -> Vec<(String, String)> {
        vec![(name.to_string(), value.to_string())]
    }

    #[test]
    fn headers_mark_auto_replies() {
        assert!(auto_reply_reason(&h("Auto-Submitted", "auto-replied"), Some("Re: hi")).is_some());
        assert!(auto_reply_reason(&h("X-Autoreply", "yes"), None).is_some());
        assert!(auto_reply_reason(&h("X-Autorespond", "Vacation"), None).is_some());
        assert!(auto_reply_reason(&h("Precedence", "auto_reply"), None).is_some());
        assert!(auto_reply_reason(&h("Precedence", "bulk"), None).is_some());
        assert!(auto_reply_reason(&h("Precedence", "junk"), None).is_some());
    }

    #[test]
    fn auto_submitted_no_is_a_human() {
        assert_eq!(
            auto_reply_reason(&h("Auto-Submitted", "no"), Some("Re: pricing")),
            None
        );
        assert_eq!(
            auto_reply_reason(&h("X-Auto-Response-Suppress", "All"), Some("Re: x")),
            None
        );
    }

    #[test]
    fn subjects_in_several_languages() {
        for subject in [
            "Out of Office: Re: Quick question",
            "Automatic reply: Quick question",
            "Abwesenheitsnotiz: Ihr Angebot",
            "Réponse automatique : Votre offre",
            "Respuesta automática: hola",
        ] {
            assert!(auto_reply_reason(&[], Some(subject)).is_some(), "{subject}");
        }
        assert_eq!(auto_reply_reason(&[], Some("Re: Quick question")), None);
    }
}
