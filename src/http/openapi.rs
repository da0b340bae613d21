//! The OpenAPI document. Every route registered in [`super::configure`] is listed here; a test
//! compares the two so an endpoint cannot be added without its documentation.

use super::campaigns;
use super::simulate;
use super::test_clock;
use super::workflows;
use super::{
    agents, ai_settings, auth_routes, companies, conversations, dashboard, imports, leads, library,
    ops, team, ws,
};
use super::{channel_settings, webhooks_twilio, whatsapp_templates};
use super::{email, mailboxes, webhooks_sendgrid};
use super::{linkedin_tasks, outbound_webhooks, webhooks_calendar, webhooks_receive};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT access token, or an API key starting with ork_")
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "OmniReach API",
        description = "Self-hostable AI sales engagement platform. Errors are always `{\"error\": {\"code\", \"message\", \"details\"}}`. Authenticate with `Authorization: Bearer <access_token>` from POST /api/auth/login, or with an API key.",
        license(name = "AGPL-3.0-only")
    ),
    paths(
        ops::health, ops::ready, ops::metrics_doc, ops::openapi_doc, ops::docs_page,
        auth_routes::login, auth_routes::refresh, auth_routes::logout, auth_routes::me, auth_routes::update_me,
        auth_routes::invitation_preview, auth_routes::accept_invitation,
        team::list_users, team::create_user, team::update_user, team::delete_user,
        team::list_invitations, team::create_invitation, team::revoke_invitation,
        team::list_api_keys, team::create_api_key, team::revoke_api_key,
        team::list_workspaces, team::create_workspace, team::rename_workspace,
        leads::list_leads, leads::create_lead, leads::get_lead, leads::update_lead, leads::delete_lead,
        leads::export_leads,
        imports::preview_import, imports::start_import, imports::list_imports, imports::get_import,
        imports::import_rejections,
        companies::list_companies, companies::create_company, companies::get_company,
        companies::update_company, companies::delete_company,
        library::list_personas, library::create_persona, library::get_persona,
        library::update_persona, library::delete_persona, library::list_templates,
        agents::list_agents, agents::create_agent, agents::get_agent, agents::update_agent,
        agents::delete_agent, agents::test_agent,
        ai_settings::get_ai_settings, ai_settings::put_ai_settings, ai_settings::list_llm_requests,
        dashboard::dashboard,
        conversations::list_conversations, conversations::get_conversation,
        conversations::lead_conversation, conversations::list_messages, conversations::send_message,
        conversations::add_note, conversations::takeover, conversations::handback,
        conversations::assign, conversations::mark_read, conversations::set_status, conversations::snooze,
        conversations::suggest, conversations::approve_draft, conversations::discard_draft,
        conversations::sandbox_inbound, ws::websocket,
        webhooks_calendar::calendly_webhook, webhooks_calendar::calcom_webhook,
        webhooks_calendar::lead_meetings, webhooks_calendar::get_integration_settings,
        webhooks_calendar::put_integration_settings,
        linkedin_tasks::list_tasks, linkedin_tasks::task_done, linkedin_tasks::task_skip,
        outbound_webhooks::list_endpoints, outbound_webhooks::create_endpoint,
        outbound_webhooks::update_endpoint, outbound_webhooks::delete_endpoint,
        outbound_webhooks::test_endpoint, outbound_webhooks::list_deliveries,
        outbound_webhooks::list_alerts, webhooks_receive::receive,
        webhooks_twilio::twilio_messaging, webhooks_twilio::twilio_status,
        whatsapp_templates::list_whatsapp_templates, whatsapp_templates::create_whatsapp_template,
        whatsapp_templates::submit_whatsapp_template, whatsapp_templates::approve_whatsapp_template,
        whatsapp_templates::reject_whatsapp_template,
        channel_settings::twilio_get_settings, channel_settings::twilio_put_settings,
        channel_settings::twilio_test_settings,
        mailboxes::list_mailboxes, mailboxes::create_mailbox, mailboxes::update_mailbox,
        mailboxes::delete_mailbox, mailboxes::test_mailbox, mailboxes::get_email_settings,
        mailboxes::put_email_settings, email::open_pixel, email::click_redirect,
        email::unsubscribe_page, email::unsubscribe_post, webhooks_sendgrid::sendgrid_inbound,
        webhooks_sendgrid::sendgrid_events,
        test_clock::get_clock, test_clock::advance_clock,
        workflows::list_workflows, workflows::create_workflow, workflows::get_workflow,
        workflows::update_workflow, workflows::delete_workflow, workflows::validate_workflow,
        workflows::publish_workflow, workflows::list_versions, workflows::get_version,
        workflows::restore_version, workflows::export_workflow, workflows::import_workflow,
        workflows::list_templates,
        campaigns::list_campaigns, campaigns::create_campaign, campaigns::get_campaign,
        campaigns::update_campaign, campaigns::delete_campaign, campaigns::launch_campaign,
        campaigns::pause_campaign, campaigns::resume_campaign, campaigns::enroll,
        campaigns::validate_campaign,
        simulate::simulate_campaign,
        campaigns::list_runs, campaigns::campaign_stats, campaigns::get_run, campaigns::run_action,
    ),
    components(schemas(super::error::ErrorBody)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Sign-in, tokens, invitations"),
        (name = "campaigns", description = "Campaigns, workflow runs and their stats"),
        (name = "team", description = "Members, invitations and API keys of a workspace"),
        (name = "workspaces", description = "Tenants"),
        (name = "leads", description = "Leads: CRUD, search, export"),
        (name = "imports", description = "CSV import of leads"),
        (name = "companies", description = "Accounts that leads belong to"),
        (name = "library", description = "Personas and message templates"),
        (name = "agents", description = "AI agents and their test console"),
        (name = "ai", description = "AI provider settings, budget and the LLM request log"),
        (name = "dashboard", description = "Headline numbers"),
        (name = "conversations", description = "The live inbox: threads, drafts, supervisor controls"),
        (name = "sandbox", description = "The lead simulator: inbound messages through the real path"),
        (name = "realtime", description = "The WebSocket event stream"),
        (name = "webhooks", description = "Provider webhooks (signature-verified, idempotent)"),
        (name = "whatsapp", description = "WhatsApp templates and their approval state"),
        (name = "settings", description = "Channel provider settings (admin)"),
        (name = "operations", description = "Health, readiness, metrics, documentation"),
        (name = "integrations", description = "Calendar bookings (Calendly, Cal.com), the unified inbound receiver, integration settings"),
        (name = "linkedin", description = "LinkedIn tasks for a human (automation-safe)"),
        (name = "webhooks", description = "Outbound webhooks (tool calls, CRM sync), deliveries and alerts"),
        (name = "email", description = "Sender mailboxes, email settings, tracking and unsubscribe links"),
        (name = "webhooks", description = "Provider webhooks (SendGrid Inbound Parse and Event Webhook)"),
        (name = "workflows", description = "Workflow graphs: drafts, validation, versions, import/export, templates"),
    )
)]
pub struct ApiDoc;
