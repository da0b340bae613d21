use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What an access token says about its bearer. Short-lived: role changes and removals take
/// effect at the next refresh, which re-reads the user.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    /// User id.
    pub sub: String,
    /// Workspace id.
    pub wid: String,
    pub role: String,
    /// Instance administrator (may create workspaces).
    #[serde(default)]
    pub ia: bool,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
}

const ISSUER: &str = "omnireach";

#[derive(Clone)]
pub struct TokenIssuer {
    encoding: EncodingKey,
    decoding: DecodingKey,
    pub access_ttl_secs: i64,
}

impl TokenIssuer {
    pub fn new(secret: &str, access_ttl_secs: i64) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
            access_ttl_secs,
        }
    }

    pub fn issue(
        &self,
        user_id: &str,
        workspace_id: &str,
        role: &str,
        instance_admin: bool,
    ) -> anyhow::Result<String> {
        let now = chrono::Utc::now().timestamp();
        let claims = AccessClaims {
            sub: user_id.into(),
            wid: workspace_id.into(),
            role: role.into(),
            ia: instance_admin,
            iat: now,
            exp: now + self.access_ttl_secs,
            iss: ISSUER.into(),
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// Verifies signature, algorithm, issuer and expiry (no leeway: an expired token is expired).
    pub fn verify(&self, token: &str) -> Result<AccessClaims, jsonwebtoken::errors::Error> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.leeway = 0;
        jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &validation)
            .map(|data| data.claims)
    }
}

/// A URL-safe random secret with 256 bits of entropy.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Refresh tokens, API keys and invitation tokens are high-entropy random strings, so a fast
/// hash is enough to make a database leak useless (no dictionary to try).
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_verify_and_forged_ones_do_not() {
        let issuer = TokenIssuer::new("secret-one", 60);
        let token = issuer.issue("u1", "w1", "admin", false).unwrap();
        let claims = issuer.verify(&token).unwrap();
        assert_eq!((claims.sub.as_str(), claims.wid.as_str()), ("u1", "w1"));
        let other = TokenIssuer::new("secret-two", 60);
        assert!(other.verify(&token).is_err());
        let expired = TokenIssuer::new("secret-one", -10)
            .issue("u1", "w1", "admin", false)
            .unwrap();
        assert!(issuer.verify(&expired).is_err());
    }

    #[test]
    fn secrets_are_random_and_hash_stably() {
        assert_ne!(random_secret(), random_secret());
        assert_eq!(hash_secret("a"), hash_secret("a"));
        assert_eq!(hash_secret("a").len(), 64);
    }
}
