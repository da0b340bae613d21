//! Workspace AI settings as the API shows them: which providers are usable and from where,
//! write-only provider keys (encrypted before they reach the store), month-to-date spend.

use super::keys::last4;
use super::provider::ProviderKind;
use super::{Llm, LlmError};
use crate::store::ProviderKeyRecord;

/// One provider as the settings page shows it. Keys are never returned, only their last four
/// characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderStatus {
    pub provider: ProviderKind,
    pub configured: bool,
    /// `workspace` (set in the UI), `env` (server environment) or `None`.
    pub source: Option<&'static str>,
    pub last4: Option<String>,
    pub base_url: Option<String>,
    pub default_model: String,
    /// The circuit breaker currently skips this provider.
    pub circuit_open: bool,
}

/// A change to one provider's workspace configuration. Outer `None`: leave as is; inner
/// `None`: remove.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderUpdate {
    pub api_key: Option<Option<String>>,
    pub base_url: Option<Option<String>>,
}

impl Llm {
    pub async fn provider_status(
        &self,
        workspace_id: &str,
    ) -> Result<Vec<ProviderStatus>, LlmError> {
        let endpoints = self.endpoints(workspace_id).await?;
        let stored = self.inner.store.llm().provider_keys(workspace_id).await?;
        let now = self.inner.clock.now();
        Ok(ProviderKind::ALL
            .into_iter()
            .map(|kind| {
                let endpoint = endpoints.iter().find(|e| e.kind == kind);
                let record = stored.iter().find(|r| r.provider == kind.as_str());
                let last4 = match endpoint {
                    Some(e) if e.source == "workspace" => record.and_then(|r| r.key_last4.clone()),
                    Some(e) => e.api_key.as_deref().map(last4),
                    None => record.and_then(|r| r.key_last4.clone()),
                };
                ProviderStatus {
                    provider: kind,
                    configured: endpoint.is_some(),
                    source: endpoint.map(|e| e.source),
                    last4,
                    base_url: endpoint
                        .map(|e| e.base_url.clone())
                        .or_else(|| record.and_then(|r| r.base_url.clone())),
                    default_model: endpoint
                        .map(|e| e.default_model.clone())
                        .unwrap_or_else(|| kind.default_model().to_string()),
                    circuit_open: endpoint.is_some_and(|e| {
                        self.inner
                            .breakers
                            .is_open(&format!("{}|{}", kind.as_str(), e.base_url), now)
                    }),
                }
            })
            .collect())
    }

    /// Stores (encrypted) or removes a workspace's key and base URL for one provider.
    pub async fn update_provider(
        &self,
        workspace_id: &str,
        kind: ProviderKind,
        update: ProviderUpdate,
    ) -> Result<(), LlmError> {
        let store = self.inner.store.llm();
        let current = store
            .provider_keys(workspace_id)
            .await?
            .into_iter()
            .find(|r| r.provider == kind.as_str());
        let (mut ciphertext, mut key_last4, mut base_url) = match current {
            Some(r) => (r.key_ciphertext, r.key_last4, r.base_url),
            None => (None, None, None),
        };
        if let Some(key) = update.api_key {
            match key {
                Some(key) => {
                    let cipher = self.cipher().ok_or_else(|| {
                        LlmError::Unexpected(anyhow::anyhow!(
                            "no key-encryption key: set OMNIREACH_ENCRYPTION_KEY or OMNIREACH_SECRET_KEY"
                        ))
                    })?;
                    ciphertext = Some(cipher.encrypt(workspace_id, kind.as_str(), &key));
                    key_last4 = Some(last4(&key));
                }
                None => {
                    ciphertext = None;
                    key_last4 = None;
                }
            }
        }
        if let Some(url) = update.base_url {
            base_url = url;
        }
        if ciphertext.is_none() && base_url.is_none() {
            store
                .delete_provider_key(workspace_id, kind.as_str())
                .await?;
        } else {
            store
                .put_provider_key(
                    workspace_id,
                    &ProviderKeyRecord {
                        provider: kind.as_str().into(),
                        key_ciphertext: ciphertext,
                        key_last4,
                        base_url,
                        updated_at: 0,
                    },
                )
                .await?;
        }
        Ok(())
    }

    /// Month-to-date spend in USD millionths and the month (`YYYY-MM`).
    pub async fn month_to_date(&self, workspace_id: &str) -> Result<(i64, String), LlmError> {
        let (since, month) = super::router::month_start_ms(crate::store::now_ms());
        let spent = self
            .inner
            .store
            .llm()
            .cost_since(workspace_id, since)
            .await?;
        Ok((spent, month))
    }
}
