//! Encryption of provider keys at rest: AES-256-GCM with a random 96-bit nonce, the
//! workspace and provider as associated data (a ciphertext copied to another row does not
//! decrypt). The key-encryption key is `OMNIREACH_ENCRYPTION_KEY` (base64 of 32 bytes) when
//! set, else SHA-256 over a domain-separation label and the instance signing secret.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use sha2::{Digest, Sha256};

const DERIVATION_LABEL: &[u8] = b"omnireach/ai-provider-keys/v1\0";
const NONCE_LEN: usize = 12;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("OMNIREACH_ENCRYPTION_KEY must be base64 of exactly 32 bytes")]
    BadEncryptionKey,
    #[error("no encryption key: set OMNIREACH_ENCRYPTION_KEY or OMNIREACH_SECRET_KEY")]
    NoKey,
    #[error("a stored provider key could not be decrypted (was the encryption key changed?)")]
    Undecryptable,
}

/// The key-encryption key.
#[derive(Clone)]
pub struct KeyCipher {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for KeyCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyCipher(<redacted>)")
    }
}

fn associated_data(workspace_id: &str, provider: &str) -> Vec<u8> {
    format!("{workspace_id}\0{provider}").into_bytes()
}

impl KeyCipher {
    /// From the configured key, else derived from the instance secret.
    pub fn from_config(
        encryption_key: Option<&str>,
        instance_secret: Option<&str>,
    ) -> Result<Self, KeyError> {
        let key: [u8; 32] = match (encryption_key, instance_secret) {
            (Some(encoded), _) => base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .ok()
                .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
                .ok_or(KeyError::BadEncryptionKey)?,
            (None, Some(secret)) => {
                let mut hasher = Sha256::new();
                hasher.update(DERIVATION_LABEL);
                hasher.update(secret.as_bytes());
                hasher.finalize().into()
            }
            (None, None) => return Err(KeyError::NoKey),
        };
        Ok(Self {
            cipher: Aes256Gcm::new(&key.into()),
        })
    }

    /// `nonce ‖ ciphertext+tag`.
    pub fn encrypt(&self, workspace_id: &str, provider: &str, plaintext: &str) -> Vec<u8> {
        let nonce: [u8; NONCE_LEN] = rand::random();
        let aad = associated_data(workspace_id, provider);
        let ciphertext = self
            .cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: &aad,
                },
            )
            .expect("AES-GCM encryption of a short key cannot fail");
        let mut stored = nonce.to_vec();
        stored.extend(ciphertext);
        stored
    }

    pub fn decrypt(
        &self,
        workspace_id: &str,
        provider: &str,
        stored: &[u8],
    ) -> Result<String, KeyError> {
        if stored.len() <= NONCE_LEN {
            return Err(KeyError::Undecryptable);
        }
        let (nonce, ciphertext) = stored.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| KeyError::Undecryptable)?;
        let aad = associated_data(workspace_id, provider);
        let plaintext = self
            .cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| KeyError::Undecryptable)?;
        String::from_utf8(plaintext).map_err(|_| KeyError::Undecryptable)
    }
}

/// The last four characters of a key, for display.
pub fn last4(key: &str) -> String {
    let characters: Vec<char> = key.chars().collect();
    characters[characters.len().saturating_sub(4)..]
        .iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_binds_to_workspace_and_provider() {
        let cipher = KeyCipher::from_config(None, Some("instance-secret")).unwrap();
        let stored = cipher.encrypt("ws1", "openai", "sk-test-1234");
        assert!(!String::from_utf8_lossy(&stored).contains("sk-test"));
        assert_eq!(
            cipher.decrypt("ws1", "openai", &stored).unwrap(),
            "sk-test-1234"
        );
        assert_eq!(
            cipher.decrypt("ws2", "openai", &stored),
            Err(KeyError::Undecryptable)
        );
        assert_eq!(
            cipher.decrypt("ws1", "mistral", &stored),
            Err(KeyError::Undecryptable)
        );
        let other = KeyCipher::from_config(None, Some("another-secret")).unwrap();
        assert_eq!(
            other.decrypt("ws1", "openai", &stored),
            Err(KeyError::Undecryptable)
        );
        // Two encryptions of the same key differ (random nonce).
        assert_ne!(stored, cipher.encrypt("ws1", "openai", "sk-test-1234"));
    }

    #[test]
    fn explicit_key_must_be_32_bytes() {
        let good = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
        assert!(KeyCipher::from_config(Some(&good), None).is_ok());
        let short = base64::engine::general_purpose::STANDARD.encode([7u8; 16]);
        assert_eq!(
            KeyCipher::from_config(Some(&short), None).err(),
            Some(KeyError::BadEncryptionKey)
        );
        assert_eq!(
            KeyCipher::from_config(None, None).err(),
            Some(KeyError::NoKey)
        );
        assert_eq!(last4("sk-abcdefgh"), "efgh");
        assert_eq!(last4("ab"), "ab");
    }
}
