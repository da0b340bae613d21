//! The test clock: lets tests and demos move the server's time forward (a "wait 2 days" step
//! fires without waiting). Refused unless the server was started with `OMNIREACH_TEST_CLOCK=1`.

use super::error::ApiError;
use super::principal::Principal;
use super::state::AppState;
use crate::clock::ClockError;
use crate::domain::Role;
use actix_web::{get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ClockView {
    /// The server's current time (epoch milliseconds).
    pub now_ms: i64,
    /// How far the server's clock is ahead of the wall clock.
    pub offset_ms: i64,
    /// Whether `POST /api/test/clock/advance` is allowed on this server.
    pub adjustable: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdvanceClock {
    /// Seconds to move forward: 1 to 31,536,000 (one year).
    pub seconds: i64,
}

fn view(state: &AppState) -> ClockView {
    let clock = &state.store.clock;
    ClockView {
        now_ms: clock.now_ms(),
        offset_ms: clock.offset_ms(),
        adjustable: clock.is_adjustable(),
    }
}

#[utoipa::path(tag = "operations", responses((status = 200, body = ClockView)))]
#[get("/api/test/clock")]
pub async fn get_clock(
    principal: Principal,
    state: web::Data<AppState>,
) -> Result<web::Json<ClockView>, ApiError> {
    principal.require(Role::Viewer)?;
    Ok(web::Json(view(&state)))
}

#[utoipa::path(
    tag = "operations",
    request_body = AdvanceClock,
    responses(
        (status = 200, description = "Time moved; due timers and sends fire on their next poll", body = ClockView),
        (status = 403, description = "Not an admin, or the test clock is off"),
        (status = 422, description = "Seconds out of range"),
    )
)]
#[post("/api/test/clock/advance")]
pub async fn advance_clock(
    principal: Principal,
    state: web::Data<AppState>,
    body: web::Json<AdvanceClock>,
) -> Result<web::Json<ClockView>, ApiError> {
    principal.require(Role::Admin)?;
    match state.store.clock.advance(body.seconds) {
        Ok(_) => Ok(web::Json(view(&state))),
        Err(error @ ClockError::NotAdjustable) => Err(ApiError::new(
            actix_web::http::StatusCode::FORBIDDEN,
            "test_clock_disabled",
            error.to_string(),
        )),
        Err(error @ ClockError::OutOfRange) => Err(ApiError::validation(vec![(
            "seconds".into(),
            error.to_string(),
        )])),
    }
}
