//! `X-Twilio-Signature`, computed exactly as Twilio does: the full public URL Twilio called
//! (scheme, host, path and query string), then for form posts every POST parameter sorted by
//! name (values of a repeated name sorted too) with name and value appended; HMAC-SHA1 keyed
//! with the auth token; base64. JSON bodies are signed over the URL alone, and the URL carries
//! `bodySHA256` = hex SHA-256 of the raw body. Comparison is constant-time (`verify_slice`).

use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

type HmacSha1 = Hmac<Sha1>;

fn mac_for(auth_token: &str, url: &str, params: &[(String, String)]) -> HmacSha1 {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    let mut mac = HmacSha1::new_from_slice(auth_token.as_bytes()).expect("HMAC takes any key");
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    mac
}

/// The signature Twilio sends for a form post to `url` (tests and the fake server use it).
pub fn sign(auth_token: &str, url: &str, params: &[(String, String)]) -> String {
    let bytes = mac_for(auth_token, url, params).finalize().into_bytes();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Checks a form post: `url` is the public URL including the query string.
pub fn verify_form(
    auth_token: &str,
    url: &str,
    params: &[(String, String)],
    signature: &str,
) -> bool {
    let Ok(expected) = base64::engine::general_purpose::STANDARD.decode(signature.trim()) else {
        return false;
    };
    mac_for(auth_token, url, params)
        .verify_slice(&expected)
        .is_ok()
}

/// Checks a JSON post: the URL (with its `bodySHA256` query parameter) is signed, and that
/// parameter must be the hex SHA-256 of the raw body.
pub fn verify_json(auth_token: &str, url: &str, body: &[u8], signature: &str) -> bool {
    let Some(query) = url.split_once('?').map(|(_, q)| q) else {
        return false;
    };
    let claimed = form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "bodySHA256")
        .map(|(_, value)| value.into_owned());
    let Some(claimed) = claimed else { return false };
    let actual = hex::encode(Sha256::digest(body));
    // The hash is public (it is in the URL); only the HMAC needs the constant-time compare.
    if !claimed.eq_ignore_ascii_case(&actual) {
        return false;
    }
    verify_form(auth_token, url, &[], signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example from Twilio's security documentation.
    #[test]
    fn matches_twilios_documented_example() {
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        let params: Vec<(String, String)> = [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+12349013030"),
            ("Digits", "1234"),
            ("From", "+12349013030"),
            ("To", "+18005551212"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let token = "12345";
        assert_eq!(sign(token, url, &params), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
        assert!(verify_form(
            token,
            url,
            &params,
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        ));
        assert!(!verify_form(
            "54321",
            url,
            &params,
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        ));
    }
}
