//! The HTTP edge: thin handlers that parse input into domain types, make one call into the
//! store (or, later, an actor), and map the result to a response.

mod agents;
mod ai_settings;
mod auth_routes;
mod campaigns;
mod channel_settings;
mod companies;
mod conversations;
mod dashboard;
mod dto;
pub mod email;
pub mod error;
mod imports;
mod leads;
mod library;
mod linkedin_tasks;
mod mailboxes;
mod openapi;
mod ops;
mod outbound_webhooks;
mod principal;
mod simulate;
mod state;
mod team;
mod test_clock;
mod web_assets;
mod webhooks_calendar;
mod webhooks_receive;
mod webhooks_sendgrid;
mod webhooks_twilio;
mod whatsapp_templates;
mod workflows;
mod ws;

pub use openapi::ApiDoc;
pub use principal::API_KEY_PREFIX;
pub use state::AppState;

use actix_governor::{Governor, GovernorConfigBuilder};
use actix_web::web;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

/// The sign-in rate limiter. Built once per process and shared by every worker, so the limit is
/// per client address, not per worker thread.
#[derive(Clone)]
pub struct LoginRateLimit(
    actix_governor::GovernorConfig<
        ClientAddress,
        actix_governor::governor::middleware::StateInformationMiddleware,
    >,
);

/// Keys the limiter by client address (as governor's peer-IP extractor does) and answers a
/// refusal in our JSON error shape, with `Retry-After`.
#[derive(Clone)]
pub struct ClientAddress;

impl actix_governor::KeyExtractor for ClientAddress {
    type Key = <actix_governor::PeerIpKeyExtractor as actix_governor::KeyExtractor>::Key;
    type KeyExtractionError =
        <actix_governor::PeerIpKeyExtractor as actix_governor::KeyExtractor>::KeyExtractionError;

    fn extract(
        &self,
        request: &actix_web::dev::ServiceRequest,
    ) -> Result<Self::Key, Self::KeyExtractionError> {
        actix_governor::PeerIpKeyExtractor.extract(request)
    }

    fn exceed_rate_limit_response(
        &self,
        negative: &actix_governor::governor::NotUntil<
            actix_governor::governor::clock::QuantaInstant,
        >,
        mut response: actix_web::HttpResponseBuilder,
    ) -> actix_web::HttpResponse {
        use actix_governor::governor::clock::{Clock, DefaultClock};
        let wait = negative
            .wait_time_from(DefaultClock::default().now())
            .as_secs()
            .max(1);
        response.json(serde_json::json!({"error": {
            "code": "rate_limited",
            "message": format!("Too many attempts from your address; try again in {wait} seconds."),
            "details": {"retry_after_seconds": wait},
        }}))
    }
}

impl LoginRateLimit {
    /// Slows password guessing per client address; the burst allows a few typos.
    pub fn per_minute(attempts: u32) -> Self {
        let attempts = attempts.max(1);
        let config = GovernorConfigBuilder::default()
            .key_extractor(ClientAddress)
            .period(std::time::Duration::from_millis(60_000 / attempts as u64))
            .burst_size(attempts)
            .use_headers()
            .finish()
            .expect("valid rate-limit settings");
        Self(config)
    }
}

/// Largest JSON body any endpoint accepts.
pub const JSON_LIMIT_BYTES: usize = 256 * 1024;

/// Registers every route. The order matters only for the catch-all web UI, which comes last.
pub fn configure(config: &mut web::ServiceConfig, login_limit: &LoginRateLimit) {
    let login_limit = &login_limit.0;

    config
        .app_data(
            web::JsonConfig::default()
                .limit(JSON_LIMIT_BYTES)
                .error_handler(error::json_error_handler),
        )
        .app_data(web::QueryConfig::default().error_handler(error::query_error_handler))
        .app_data(web::PathConfig::default().error_handler(error::path_error_handler))
        .service(ops::health)
        .service(ops::ready)
        .service(
            web::resource("/api/auth/login")
                .wrap(Governor::new(login_limit))
                .route(web::post().to(auth_routes::login)),
        )
        .service(
            web::resource("/api/auth/accept-invitation")
                .wrap(Governor::new(login_limit))
                .route(web::post().to(auth_routes::accept_invitation)),
        )
        .service(auth_routes::refresh)
        .service(auth_routes::logout)
        .service(auth_routes::me)
        .service(auth_routes::update_me)
        .service(auth_routes::invitation_preview)
        .service(team::list_users)
        .service(team::create_user)
        .service(team::update_user)
        .service(team::delete_user)
        .service(team::list_invitations)
        .service(team::create_invitation)
        .service(team::revoke_invitation)
        .service(team::list_api_keys)
        .service(team::create_api_key)
        .service(team::revoke_api_key)
        .service(team::list_workspaces)
        .service(team::create_workspace)
        .service(team::rename_workspace)
        // Literal paths before `/api/leads/{id}` so "export" is not taken for an id.
        .service(leads::export_leads)
        .service(imports::preview_import)
        .service(imports::start_import)
        .service(imports::list_imports)
        .service(imports::get_import)
        .service(imports::import_rejections)
        .service(conversations::lead_conversation)
        .service(leads::list_leads)
        .service(leads::create_lead)
        .service(leads::get_lead)
        .service(leads::update_lead)
        .service(leads::delete_lead)
        .service(companies::list_companies)
        .service(companies::create_company)
        .service(companies::get_company)
        .service(companies::update_company)
        .service(companies::delete_company)
        .service(library::list_personas)
        .service(library::create_persona)
        .service(library::get_persona)
        .service(library::update_persona)
        .service(library::delete_persona)
        .service(agents::list_agents)
        .service(agents::create_agent)
        .service(agents::get_agent)
        .service(agents::update_agent)
        .service(agents::delete_agent)
        .service(agents::test_agent)
        .service(ai_settings::get_ai_settings)
        .service(ai_settings::put_ai_settings)
        .service(ai_settings::list_llm_requests)
        .service(library::list_templates)
        .service(dashboard::dashboard)
        .service(conversations::list_conversations)
        .service(conversations::get_conversation)
        .service(conversations::list_messages)
        .service(conversations::send_message)
        .service(conversations::add_note)
        .service(conversations::takeover)
        .service(conversations::handback)
        .service(conversations::assign)
        .service(conversations::mark_read)
        .service(conversations::set_status)
        .service(conversations::snooze)
        .service(conversations::suggest)
        .service(conversations::approve_draft)
        .service(conversations::discard_draft)
        .service(conversations::sandbox_inbound)
        .service(webhooks_twilio::twilio_messaging)
        .service(webhooks_twilio::twilio_status)
        .service(whatsapp_templates::list_whatsapp_templates)
        .service(whatsapp_templates::create_whatsapp_template)
        .service(whatsapp_templates::submit_whatsapp_template)
        .service(whatsapp_templates::approve_whatsapp_template)
        .service(whatsapp_templates::reject_whatsapp_template)
        .service(channel_settings::twilio_get_settings)
        .service(channel_settings::twilio_put_settings)
        .service(channel_settings::twilio_test_settings)
        .service(ws::websocket)
        .service(webhooks_calendar::calendly_webhook)
        .service(webhooks_calendar::calcom_webhook)
        .service(webhooks_calendar::lead_meetings)
        .service(webhooks_calendar::get_integration_settings)
        .service(webhooks_calendar::put_integration_settings)
        .service(linkedin_tasks::list_tasks)
        .service(linkedin_tasks::task_done)
        .service(linkedin_tasks::task_skip)
        .service(outbound_webhooks::list_endpoints)
        .service(outbound_webhooks::create_endpoint)
        .service(outbound_webhooks::update_endpoint)
        .service(outbound_webhooks::delete_endpoint)
        .service(outbound_webhooks::test_endpoint)
        .service(outbound_webhooks::list_deliveries)
        .service(outbound_webhooks::list_alerts)
        .service(webhooks_receive::receive)
        .service(mailboxes::list_mailboxes)
        .service(mailboxes::create_mailbox)
        .service(mailboxes::update_mailbox)
        .service(mailboxes::delete_mailbox)
        .service(mailboxes::test_mailbox)
        .service(mailboxes::get_email_settings)
        .service(mailboxes::put_email_settings)
        .service(email::open_pixel)
        .service(email::click_redirect)
        .service(email::unsubscribe_page)
        .service(email::unsubscribe_post)
        .service(webhooks_sendgrid::sendgrid_inbound)
        .service(webhooks_sendgrid::sendgrid_events)
        .service(test_clock::get_clock)
        .service(test_clock::advance_clock)
        // `import` before `{id}` so it is never taken for an id.
        .service(workflows::import_workflow)
        .service(workflows::list_workflows)
        .service(workflows::create_workflow)
        .service(workflows::get_workflow)
        .service(workflows::update_workflow)
        .service(workflows::delete_workflow)
        .service(workflows::validate_workflow)
        .service(workflows::publish_workflow)
        .service(workflows::list_versions)
        .service(workflows::get_version)
        .service(workflows::restore_version)
        .service(workflows::export_workflow)
        .service(workflows::list_templates)
        .service(campaigns::list_campaigns)
        .service(campaigns::create_campaign)
        .service(campaigns::get_campaign)
        .service(campaigns::update_campaign)
        .service(campaigns::delete_campaign)
        .service(campaigns::launch_campaign)
        .service(campaigns::pause_campaign)
        .service(campaigns::resume_campaign)
        .service(campaigns::enroll)
        .service(campaigns::list_runs)
        .service(campaigns::campaign_stats)
        .service(campaigns::validate_campaign)
        .service(simulate::simulate_campaign)
        .service(campaigns::get_run)
        .service(campaigns::run_action)
        .service(web::redirect("/api/docs", "/api/docs/"))
        .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", ApiDoc::openapi()))
        .default_service(web::to(web_assets::serve));
}
