//! Credentials: password hashing, access tokens (JWT), refresh tokens, API keys, invitations.
//! Knows the store, not HTTP.

mod password;
mod tokens;

pub use password::{hash_password, verify_against_dummy, verify_password};
pub use tokens::{AccessClaims, TokenIssuer, hash_secret, random_secret};
