//! Sending windows: email goes out on the configured weekdays between the start and end minute
//! of the lead's local day (weekdays 08:00–18:00 by default). A send due outside the window
//! waits for the next opening. Pure functions of `now`, so tests pass the time explicitly.

use crate::store::{EmailSettingsRecord, LeadRecord};
use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;

/// The configured window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendWindow {
    pub days: Vec<Weekday>,
    /// Minutes after local midnight; the window is `[start, end)`.
    pub start_minute: u32,
    pub end_minute: u32,
}

impl Default for SendWindow {
    fn default() -> Self {
        Self {
            days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            start_minute: 8 * 60,
            end_minute: 18 * 60,
        }
    }
}

impl SendWindow {
    /// Parses "mon,tue,…" and minute bounds; `Err` names what is wrong.
    pub fn parse(days: &str, start_minute: i64, end_minute: i64) -> Result<Self, String> {
        let mut parsed = Vec::new();
        for day in days.split(',').map(str::trim).filter(|d| !d.is_empty()) {
            let weekday: Weekday = day
                .parse()
                .map_err(|_| format!("'{day}' is not a weekday (use mon, tue, … sun)"))?;
            if !parsed.contains(&weekday) {
                parsed.push(weekday);
            }
        }
        if parsed.is_empty() {
            return Err("the sending window needs at least one day".into());
        }
        if !(0..=1440).contains(&start_minute)
            || !(0..=1440).contains(&end_minute)
            || start_minute >= end_minute
        {
            return Err(
                "the sending window's start must be before its end (minutes 0–1440)".into(),
            );
        }
        Ok(Self {
            days: parsed,
            start_minute: start_minute as u32,
            end_minute: end_minute as u32,
        })
    }

    pub fn from_settings(settings: &EmailSettingsRecord) -> Self {
        Self::parse(
            &settings.window_days,
            settings.window_start_minute,
            settings.window_end_minute,
        )
        .unwrap_or_default()
    }
}

/// `None` when an email to the lead may go out at `now`; otherwise the epoch-ms instant the
/// window next opens in the lead's time zone (UTC when the lead has none or an unknown one).
pub fn email_send_window(
    lead: &LeadRecord,
    window: &SendWindow,
    now: DateTime<Utc>,
) -> Option<i64> {
    let tz: Tz = lead
        .timezone
        .as_deref()
        .and_then(|t| t.parse().ok())
        .unwrap_or(Tz::UTC);
    next_opening(tz, window, now)
}

fn next_opening(tz: Tz, window: &SendWindow, now: DateTime<Utc>) -> Option<i64> {
    let local = now.with_timezone(&tz);
    let minute = local.hour() * 60 + local.minute();
    if window.days.contains(&local.weekday())
        && minute >= window.start_minute
        && minute < window.end_minute
    {
        return None;
    }
    let start = NaiveTime::from_hms_opt(window.start_minute / 60, window.start_minute % 60, 0)
        .unwrap_or_default();
    for offset in 0..=7 {
        let date = local.date_naive() + Duration::days(offset);
        if !window.days.contains(&date.weekday()) {
            continue;
        }
        // `earliest` picks the first instant of an ambiguous local time; a time skipped by a
        // DST jump falls back to an hour later.
        let candidate = tz
            .from_local_datetime(&date.and_time(start))
            .earliest()
            .or_else(|| {
                tz.from_local_datetime(&(date.and_time(start) + Duration::hours(1)))
                    .earliest()
            });
        if let Some(candidate) = candidate
            && candidate.with_timezone(&Utc) > now
        {
            return Some(candidate.with_timezone(&Utc).timestamp_millis());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn inside_the_window_sends_now() {
        // Monday 2026-11-30 10:00 in Berlin (09:00 UTC).
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        assert_eq!(
            next_opening(tz, &SendWindow::default(), at("2026-11-30T09:00:00Z")),
            None
        );
    }

    #[test]
    fn evening_waits_for_next_morning_in_the_lead_zone() {
        // Monday 19:00 in New York (Tuesday 00:00 UTC) → Tuesday 08:00 New York = 13:00 UTC.
        let tz: Tz = "America/New_York".parse().unwrap();
        let next = next_opening(tz, &SendWindow::default(), at("2026-12-01T00:00:00Z")).unwrap();
        assert_eq!(next, at("2026-12-01T13:00:00Z").timestamp_millis());
    }

    #[test]
    fn weekend_waits_for_monday() {
        // Saturday 2026-12-05 12:00 UTC → Monday 2026-12-07 08:00 UTC.
        let next =
            next_opening(Tz::UTC, &SendWindow::default(), at("2026-12-05T12:00:00Z")).unwrap();
        assert_eq!(next, at("2026-12-07T08:00:00Z").timestamp_millis());
    }

    #[test]
    fn early_morning_waits_for_the_same_day() {
        let next =
            next_opening(Tz::UTC, &SendWindow::default(), at("2026-11-30T06:59:00Z")).unwrap();
        assert_eq!(next, at("2026-11-30T08:00:00Z").timestamp_millis());
    }

    #[test]
    fn configured_window_is_parsed_and_checked() {
        let window = SendWindow::parse("sat, sun", 600, 720).unwrap();
        assert_eq!(
            next_opening(Tz::UTC, &window, at("2026-12-05T10:30:00Z")),
            None
        );
        assert!(SendWindow::parse("mon", 700, 600).is_err());
        assert!(SendWindow::parse("funday", 0, 60).is_err());
        assert!(SendWindow::parse("", 0, 60).is_err());
    }
}
