//! Carrier keywords in inbound SMS / WhatsApp messages, recognised before any agent sees the
//! message: opt-out (STOP and friends), opt-in again (START, UNSTOP, YES) and HELP. A keyword
//! counts only when it is the whole message, in any case, with surrounding spaces and
//! punctuation ignored ("Stop.", " STOP! " count; "please stop texting me" is left to a human).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    OptOut,
    OptIn,
    Help,
}

const OPT_OUT: [&str; 8] = [
    "STOP",
    "STOPALL",
    "UNSUBSCRIBE",
    "CANCEL",
    "END",
    "QUIT",
    "REVOKE",
    "OPTOUT",
];
const OPT_IN: [&str; 3] = ["START", "UNSTOP", "YES"];
const HELP: [&str; 2] = ["HELP", "INFO"];

pub fn classify(body: &str) -> Option<Keyword> {
    let word = body
        .trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
        .to_uppercase();
    if word.is_empty() || word.contains(char::is_whitespace) {
        return None;
    }
    if OPT_OUT.contains(&word.as_str()) {
        Some(Keyword::OptOut)
    } else if OPT_IN.contains(&word.as_str()) {
        Some(Keyword::OptIn)
    } else if HELP.contains(&word.as_str()) {
        Some(Keyword::Help)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_opt_out_variant_in_any_case_and_padding() {
        for word in OPT_OUT {
            for text in [
                word.to_string(),
                word.to_lowercase(),
                format!("  {}  ", word),
                format!("{}.", word.to_lowercase()),
                format!("\n{word}!\n"),
            ] {
                assert_eq!(classify(&text), Some(Keyword::OptOut), "{text:?}");
            }
        }
        assert_eq!(classify("Start"), Some(Keyword::OptIn));
        assert_eq!(classify("unstop"), Some(Keyword::OptIn));
        assert_eq!(classify("yes"), Some(Keyword::OptIn));
        assert_eq!(classify(" help? "), Some(Keyword::Help));
        assert_eq!(classify("please stop texting me"), None);
        assert_eq!(classify("stopping by tomorrow"), None);
        assert_eq!(classify("..."), None);
    }
}
