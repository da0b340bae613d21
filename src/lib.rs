//! OmniReach: a self-hostable AI sales engagement platform built around a real-time
//! conversation server. See `docs/architecture.md` for the shape of the code.

pub mod actors;
pub mod auth;
pub mod channels;
pub mod cli;
pub mod clock;
pub mod compliance;
pub mod config;
pub mod domain;
pub mod http;
pub mod import;
pub mod integrations;
pub mod llm;
pub mod seed;
pub mod startup;
pub mod store;
pub mod telemetry;
