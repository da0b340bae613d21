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

    /// As shown in a hold reason: "Mon, Tue, Wed, Thu, Fri 08:00–18:00".
    pub fn describe(&self) -> String {
        let days: Vec<String> = self.days.iter().map(|d| d.to_string()).collect();
        let clock = |minute: u32| format!("{:02}:{:02}", minute / 60, minute % 60);
        format!(
            "{} {}–{}",
            days.join(", "),
            clock(self.start_minute),
            clock(self.end_minute)
        )
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

/// `None` when an email to the lead may go out at `now_ms`; otherwise the epoch-ms instant the
/// window next opens in the lead's time zone (UTC when the lead has none or an unknown one).
pub fn email_send_window(lead: &LeadRecord, window: &SendWindow, now_ms: i64) -> Option<i64> {
    let tz: Tz = lead
        .timezone
        .as_deref()
        .and_then(|t| t.parse().ok())
        .unwrap_or(Tz::UTC);
    next_opening(tz, window, DateTime::from_timestamp_millis(now_ms)?)
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
    fn the_next_opening_is_local_in_several_zones() {
        // Friday 2026-12-04 20:00 UTC: after hours in Europe and India, still Friday afternoon in
        // Los Angeles, already Saturday in Tokyo.
        let friday_evening = at("2026-12-04T20:00:00Z");
        let cases = [
            // Monday 08:00 CET = 07:00 UTC.
            ("Europe/Berlin", Some("2026-12-07T07:00:00Z")),
            // Monday 08:00 IST (UTC+05:30) = 02:30 UTC.
            ("Asia/Kolkata", Some("2026-12-07T02:30:00Z")),
            // Friday 12:00 PST: inside.
            ("America/Los_Angeles", None),
            // Saturday 05:00 JST: Monday 08:00 JST = Sunday 23:00 UTC.
            ("Asia/Tokyo", Some("2026-12-06T23:00:00Z")),
            // Saturday 07:00 AEDT (summer, UTC+11): Monday 08:00 AEDT = Sunday 21:00 UTC.
            ("Australia/Sydney", Some("2026-12-06T21:00:00Z")),
        ];
        for (zone, expected) in cases {
            let tz: Tz = zone.parse().unwrap();
            assert_eq!(
                next_opening(tz, &SendWindow::default(), friday_evening),
                expected.map(|e| at(e).timestamp_millis()),
                "{zone}"
            );
        }
    }

    #[test]
    fn the_opening_after_a_dst_change_uses_the_new_offset() {
        let tz: Tz = "America/New_York".parse().unwrap();
        // Saturday 2027-03-13 19:00 EST; clocks go forward on Sunday at 02:00. Monday 08:00 is
        // EDT (UTC−4): 12:00 UTC, not 13:00.
        let next = next_opening(tz, &SendWindow::default(), at("2027-03-14T00:00:00Z")).unwrap();
        assert_eq!(next, at("2027-03-15T12:00:00Z").timestamp_millis());
        // Every day from 02:30: that Sunday has no 02:30, the window opens an hour later (03:30
        // EDT = 07:30 UTC).
        let every_day = SendWindow::parse("mon,tue,wed,thu,fri,sat,sun", 150, 600).unwrap();
        let next = next_opening(tz, &every_day, at("2027-03-14T00:00:00Z")).unwrap();
        assert_eq!(next, at("2027-03-14T07:30:00Z").timestamp_millis());
        // Autumn: Sunday 2026-11-01 01:30 happens twice; the window opens at the first (EDT,
        // 05:30 UTC).
        let next = next_opening(tz, &every_day_from(90), at("2026-11-01T03:00:00Z")).unwrap();
        assert_eq!(next, at("2026-11-01T05:30:00Z").timestamp_millis());
        // Berlin, Sunday 2027-03-28 (CET → CEST at 02:00): Monday 08:00 CEST = 06:00 UTC.
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let next =
            next_opening(berlin, &SendWindow::default(), at("2027-03-27T18:00:00Z")).unwrap();
        assert_eq!(next, at("2027-03-29T06:00:00Z").timestamp_millis());
    }

    fn every_day_from(start_minute: i64) -> SendWindow {
        SendWindow::parse("mon,tue,wed,thu,fri,sat,sun", start_minute, 600).unwrap()
    }

    #[test]
    fn the_window_describes_itself() {
        assert_eq!(
            SendWindow::default().describe(),
            "Mon, Tue, Wed, Thu, Fri 08:00–18:00"
        );
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
