//! Domain types that parse and validate at the edge: the rest of the server never re-checks a
//! raw string. This module imports nothing from the other layers.

mod channel;
mod email;
mod phone;
mod role;
mod stage;
mod timezone;

pub use channel::{Channel, ConsentStatus};
pub use email::EmailAddress;
pub use phone::PhoneNumber;
pub use role::Role;
pub use stage::Stage;
pub use timezone::TimeZoneName;

/// A value the user typed could not be turned into a domain type; the message says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);

impl ParseError {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}
