//! One integration-test binary (one link step on slow machines). Each module exercises the real
//! application on a random port against a real database: every test that matters for storage
//! runs twice, on SQLite and on the local PostgreSQL.

mod helpers;

mod ai;
mod auth;
mod campaign_simulate;
mod campaign_validate;
mod compliance;
mod durability;
mod email;
mod fake_http;
mod fake_llm;
mod fake_sendgrid;
mod fake_twilio;
mod imports;
mod integrations;
mod isolation;
mod leads;
mod live;
mod mail_servers;
mod operations;
mod store;
mod twilio;
mod workflow_engine;
mod workflows;
