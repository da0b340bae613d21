use crate::auth::TokenIssuer;
use crate::config::Settings;
use crate::import::ImportRunner;
use crate::llm::Llm;
use crate::store::Store;
use std::sync::Arc;

/// Shared by every handler (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub tokens: TokenIssuer,
    pub settings: Arc<Settings>,
    pub imports: ImportRunner,
    /// The AI layer (offline responder when no provider is configured).
    pub llm: Llm,
    /// The live layer: conversation actors, agent pool, hub.
    pub live: crate::actors::Live,
    /// Twilio accounts, client and webhook verification.
    pub twilio: crate::channels::TwilioSetup,
    /// The workflow engine (enrolments and run actions wake it).
    pub engine: crate::workflows::engine::Engine,
}
