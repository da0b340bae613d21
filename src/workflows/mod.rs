//! Workflows and campaigns (PRODUCT.md C8): the graph a builder draws ([`graph`]), its
//! validation, versions, the durable engine that runs one lead through a published version,
//! and campaigns that enrol an audience. See docs/workflows.md.

pub mod condition;
pub mod engine;
pub mod export;
pub mod graph;
pub mod reply;
pub mod simulate;
pub mod templates;
pub mod validate;
