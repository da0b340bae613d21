//! The new text of a reply: everything the lead wrote above the quoted history and the
//! signature. Mail clients introduce the quoted message with a header line ("On … wrote:",
//! Outlook's "From: … Sent: …" block, "-----Original Message-----") in the writer's language; we
//! cut at the first such header, then drop `>`-quoted lines, the "-- " signature and mobile
//! "Sent from my iPhone" footers.

use regex::Regex;
use std::sync::LazyLock;

/// One-line (or two-line, when the client wrapped it) attribution headers, per language.
static ATTRIBUTION: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // English (Gmail, Apple Mail, Thunderbird): "On Mon, 30 Nov 2026 at 10:02, Ann <a@b> wrote:"
        r"(?i)^on\b.{0,300}\bwrote:\s*$",
        // German: "Am 30.11.2026 um 10:02 schrieb Ann <a@b>:"
        r"(?i)^am\b.{0,300}\bschrieb\b.{0,200}:\s*$",
        // French: "Le lun. 30 nov. 2026 à 10:02, Ann <a@b> a écrit :"
        r"(?i)^le\b.{0,300}\ba\s+écrit\s*:\s*$",
        // Spanish: "El lun, 30 nov 2026 a las 10:02, Ann (<a@b>) escribió:"
        r"(?i)^el\b.{0,300}\bescribió\s*:\s*$",
        // Dutch: "Op ma 30 nov. 2026 om 10:02 schreef Ann <a@b>:"
        r"(?i)^op\b.{0,300}\bschreef\b.{0,200}:\s*$",
        // Portuguese: "Em seg., 30 de nov. de 2026 às 10:02, Ann <a@b> escreveu:"
        r"(?i)^em\b.{0,300}\bescreveu\s*:\s*$",
        // Italian: "Il giorno lun 30 nov 2026 alle ore 10:02 Ann <a@b> ha scritto:"
        r"(?i)^il\b.{0,300}\bha\s+scritto\s*:\s*$",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("valid attribution pattern"))
    .collect()
});

/// "-----Original Message-----" and its translations.
static ORIGINAL_MESSAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|oorspronkelijk bericht|mensagem original|messaggio originale)\s*-{2,}\s*$",
    )
    .expect("valid pattern")
});

/// The first line of an Outlook header block ("From:", "Von:", "De :", "Van:", "Da:").
static OUTLOOK_FROM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\*?(from|von|de|van|da)\s?:\*?\s").expect("valid pattern"));

/// A line of the same block that only a quoted header has ("Sent:", "Gesendet:", "Envoyé :" …).
static OUTLOOK_SENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\*?(sent|date|gesendet|datum|envoyé|date|enviado|enviada|fecha|verzonden|datum|inviato|data)\s?:\*?\s",
    )
    .expect("valid pattern")
});

/// Mobile and webmail footers that stand in for a signature.
static DEVICE_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(sent from my (iphone|ipad|android|phone|mobile|galaxy|blackberry)|sent from (outlook|mail) for|get outlook for (ios|android)|sent from outlook|von meinem (iphone|ipad|smartphone) gesendet|envoyé de mon (iphone|ipad)|enviado desde mi (iphone|ipad)|verzonden vanaf mijn (iphone|ipad)|enviado do meu (iphone|ipad)|inviato da (iphone|ipad))\b",
    )
    .expect("valid pattern")
});

fn is_attribution(line: &str) -> bool {
    ATTRIBUTION.iter().any(|r| r.is_match(line))
}

/// The text the writer added, without quoted history and signature.
pub fn extract_reply(text: &str) -> String {
    let normalised = text.replace("\r\n", "\n");
    let lines: Vec<&str> = normalised.lines().collect();
    let mut cut = lines.len();
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        let joined = lines
            .get(i + 1)
            .map(|next| format!("{line} {}", next.trim()));
        let outlook_block = OUTLOOK_FROM.is_match(line)
            && lines
                .iter()
                .skip(i + 1)
                .take(4)
                .any(|l| OUTLOOK_SENT.is_match(l.trim()));
        let separator_then_from = line.len() >= 10
            && line.chars().all(|c| c == '_')
            && lines
                .get(i + 1)
                .is_some_and(|l| OUTLOOK_FROM.is_match(l.trim()));
        if is_attribution(line)
            || (!line.is_empty()
                && !line.starts_with('>')
                && joined.as_deref().is_some_and(is_attribution)
                && !is_attribution(lines[i + 1].trim()))
            || ORIGINAL_MESSAGE.is_match(line)
            || outlook_block
            || separator_then_from
            || line == "--"
            || *raw == "-- "
            || DEVICE_FOOTER.is_match(line)
        {
            cut = i;
            break;
        }
    }
    let kept: Vec<&str> = lines[..cut]
        .iter()
        .copied()
        .filter(|l| !l.trim_start().starts_with('>'))
        .collect();
    kept.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::extract_reply;

    #[test]
    fn gmail_english() {
        let text = "Sounds good, Tuesday at 3pm works.\r\n\r\nOn Mon, Nov 30, 2026 at 10:02 AM Ann Seller <ann@acme.example> wrote:\r\n> Hi Bob,\r\n> would Tuesday work for a call?\r\n";
        assert_eq!(extract_reply(text), "Sounds good, Tuesday at 3pm works.");
    }

    #[test]
    fn gmail_wrapped_attribution() {
        let text = "Yes please.\n\nOn Mon, Nov 30, 2026 at 10:02 AM Ann Seller <ann@acme.example>\nwrote:\n> Hi\n";
        assert_eq!(extract_reply(text), "Yes please.");
    }

    #[test]
    fn outlook_from_sent_block() {
        let text = "Please send the pricing.\n\nBest,\nBob\n\n________________________________\nFrom: Ann Seller <ann@acme.example>\nSent: Monday, November 30, 2026 10:02 AM\nTo: Bob <bob@client.example>\nSubject: Quick question\n\nHi Bob, ...";
        assert_eq!(
            extract_reply(text),
            "Please send the pricing.\n\nBest,\nBob"
        );
    }

    #[test]
    fn outlook_original_message() {
        let text =
            "Not interested, thanks.\n\n-----Original Message-----\nFrom: Ann\nSent: Monday\n\nHi";
        assert_eq!(extract_reply(text), "Not interested, thanks.");
    }

    #[test]
    fn apple_mail() {
        let text = "Let's talk next week.\n\nSent from my iPhone\n\n> On 30 Nov 2026, at 10:02, Ann Seller <ann@acme.example> wrote:\n>\n> Hi Bob";
        assert_eq!(extract_reply(text), "Let's talk next week.");
        let text =
            "Great.\n\nOn 30 Nov 2026, at 10:02, Ann Seller <ann@acme.example> wrote:\n\nHi Bob";
        assert_eq!(extract_reply(text), "Great.");
    }

    #[test]
    fn plain_quoting_is_dropped() {
        let text = "> would Tuesday work?\nYes, Tuesday works.\n> and the budget?\nAround 10k.";
        assert_eq!(extract_reply(text), "Yes, Tuesday works.\nAround 10k.");
    }

    #[test]
    fn german() {
        let text = "Gerne, schicken Sie mir ein Angebot.\n\nAm 30.11.2026 um 10:02 schrieb Ann Seller <ann@acme.example>:\n> Hallo Herr Müller";
        assert_eq!(extract_reply(text), "Gerne, schicken Sie mir ein Angebot.");
        let text = "Danke!\n\nVon: Ann Seller <ann@acme.example>\nGesendet: Montag, 30. November 2026 10:02\nAn: Bob\nBetreff: Angebot\n\nHallo";
        assert_eq!(extract_reply(text), "Danke!");
        let text = "Ok.\n\nVon meinem iPhone gesendet";
        assert_eq!(extract_reply(text), "Ok.");
    }

    #[test]
    fn french() {
        let text = "Merci, je regarde ça demain.\n\nLe lun. 30 nov. 2026 à 10:02, Ann Seller <ann@acme.example> a écrit :\n> Bonjour";
        assert_eq!(extract_reply(text), "Merci, je regarde ça demain.");
        let text = "D'accord.\n\nDe : Ann Seller\nEnvoyé : lundi 30 novembre 2026 10:02\nÀ : Bob\n\nBonjour";
        assert_eq!(extract_reply(text), "D'accord.");
    }

    #[test]
    fn spanish() {
        let text = "Me interesa, llámame.\n\nEl lun, 30 nov 2026 a las 10:02, Ann Seller (<ann@acme.example>) escribió:\n> Hola";
        assert_eq!(extract_reply(text), "Me interesa, llámame.");
    }

    #[test]
    fn dutch() {
        let text = "Prima, tot dan.\n\nOp ma 30 nov. 2026 om 10:02 schreef Ann Seller <ann@acme.example>:\n> Hallo";
        assert_eq!(extract_reply(text), "Prima, tot dan.");
    }

    #[test]
    fn portuguese() {
        let text = "Pode ser na quinta.\n\nEm seg., 30 de nov. de 2026 às 10:02, Ann Seller <ann@acme.example> escreveu:\n> Olá";
        assert_eq!(extract_reply(text), "Pode ser na quinta.");
    }

    #[test]
    fn italian() {
        let text = "Va bene, grazie.\n\nIl giorno lun 30 nov 2026 alle ore 10:02 Ann Seller <ann@acme.example> ha scritto:\n> Ciao";
        assert_eq!(extract_reply(text), "Va bene, grazie.");
    }

    #[test]
    fn dash_dash_signature() {
        let text = "Call me tomorrow.\n\n-- \nBob Buyer\nHead of Ops, Client Inc.\n+1 555 0100";
        assert_eq!(extract_reply(text), "Call me tomorrow.");
    }

    #[test]
    fn text_mentioning_on_is_kept() {
        let text = "On second thought, let's meet Friday.\nThanks";
        assert_eq!(extract_reply(text), text);
    }
}
