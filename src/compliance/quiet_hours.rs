//! Quiet hours: SMS, WhatsApp and voice marketing sends only between 08:00 and 21:00 in the
//! lead's local time.
//!
//! Which local time: the lead's `timezone` when set; else the zones inferred from the phone
//! number. A country with one zone gives that zone. For countries spanning several zones the
//! area code picks the zone where we can map it (US / Canada NANP area codes, Australian
//! geographic prefixes); otherwise the send must fall inside the window in *every* zone of that
//! country (the intersection), so nobody is woken up. A number we cannot place (a country not
//! in the table below) and no timezone on the lead: no zone is known and the send is not held
//! (set the lead's timezone to enforce the window; see docs/channels-messaging.md).

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

/// Local opening and closing time of the sending window.
pub const OPENS_AT_HOUR: u32 = 8;
pub const CLOSES_AT_HOUR: u32 = 21;

/// Zones the lead may be in; empty when unknown.
pub fn zones_for(timezone: Option<&str>, phone: Option<&str>) -> Vec<Tz> {
    if let Some(tz) = timezone.and_then(|name| name.trim().parse::<Tz>().ok()) {
        return vec![tz];
    }
    phone.map(zones_for_phone).unwrap_or_default()
}

fn tz(name: &str) -> Tz {
    name.parse().expect("static zone names are valid")
}

/// Zones for an E.164 number: country code (and area code where mapped) → zones.
pub fn zones_for_phone(phone: &str) -> Vec<Tz> {
    let Ok(parsed) = phonenumber::parse(None, phone.trim()) else {
        return Vec::new();
    };
    let region = parsed
        .country()
        .id()
        .map(|id| format!("{id:?}"))
        .unwrap_or_default();
    let national = parsed.national().value().to_string();
    let calling_code = parsed.code().value();
    match region.as_str() {
        _ if calling_code == 1 && !matches!(region.as_str(), "" | "US" | "CA") => {
            country_zones(&region)
        }
        _ if calling_code == 1 => {
            let area = national.get(0..3).unwrap_or("");
            match nanp_area_zone(area) {
                Some(zone) => vec![tz(zone)],
                None if region == "CA" => country_zones("CA"),
                None => country_zones("US"),
            }
        }
        "AU" => match national.chars().next() {
            Some('2') => vec![tz("Australia/Sydney")],
            Some('3') => vec![tz("Australia/Melbourne")],
            Some('7') => vec![tz("Australia/Brisbane")],
            // 8 is South Australia, the Northern Territory and Western Australia; 4 is mobile.
            _ => country_zones("AU"),
        },
        _ => country_zones(&region),
    }
}

/// Every zone a country spans (the populated ones), or its single zone.
fn country_zones(region: &str) -> Vec<Tz> {
    let names: &[&str] = match region {
        "US" => &[
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Phoenix",
            "America/Los_Angeles",
            "America/Anchorage",
            "Pacific/Honolulu",
        ],
        "CA" => &[
            "America/St_Johns",
            "America/Halifax",
            "America/Toronto",
            "America/Winnipeg",
            "America/Regina",
            "America/Edmonton",
            "America/Vancouver",
        ],
        "AU" => &[
            "Australia/Sydney",
            "Australia/Brisbane",
            "Australia/Adelaide",
            "Australia/Darwin",
            "Australia/Perth",
        ],
        "BR" => &[
            "America/Noronha",
            "America/Sao_Paulo",
            "America/Manaus",
            "America/Rio_Branco",
        ],
        "MX" => &[
            "America/Cancun",
            "America/Mexico_City",
            "America/Chihuahua",
            "America/Hermosillo",
            "America/Tijuana",
        ],
        "RU" => &[
            "Europe/Kaliningrad",
            "Europe/Moscow",
            "Europe/Samara",
            "Asia/Yekaterinburg",
            "Asia/Omsk",
            "Asia/Novosibirsk",
            "Asia/Irkutsk",
            "Asia/Yakutsk",
            "Asia/Vladivostok",
            "Asia/Magadan",
            "Asia/Kamchatka",
        ],
        "ID" => &["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"],
        "KZ" => &["Asia/Almaty", "Asia/Aqtobe"],
        "AR" => &["America/Argentina/Buenos_Aires"],
        "CL" => &["America/Santiago"],
        "CO" => &["America/Bogota"],
        "PE" => &["America/Lima"],
        "ES" => &["Europe/Madrid", "Atlantic/Canary"],
        "PT" => &["Europe/Lisbon", "Atlantic/Azores"],
        "NZ" => &["Pacific/Auckland"],
        "GB" => &["Europe/London"],
        "IE" => &["Europe/Dublin"],
        "FR" => &["Europe/Paris"],
        "DE" => &["Europe/Berlin"],
        "IT" => &["Europe/Rome"],
        "NL" => &["Europe/Amsterdam"],
        "BE" => &["Europe/Brussels"],
        "CH" => &["Europe/Zurich"],
        "AT" => &["Europe/Vienna"],
        "SE" => &["Europe/Stockholm"],
        "NO" => &["Europe/Oslo"],
        "DK" => &["Europe/Copenhagen"],
        "FI" => &["Europe/Helsinki"],
        "PL" => &["Europe/Warsaw"],
        "CZ" => &["Europe/Prague"],
        "GR" => &["Europe/Athens"],
        "RO" => &["Europe/Bucharest"],
        "HU" => &["Europe/Budapest"],
        "UA" => &["Europe/Kyiv"],
        "TR" => &["Europe/Istanbul"],
        "IL" => &["Asia/Jerusalem"],
        "AE" => &["Asia/Dubai"],
        "SA" => &["Asia/Riyadh"],
        "EG" => &["Africa/Cairo"],
        "ZA" => &["Africa/Johannesburg"],
        "NG" => &["Africa/Lagos"],
        "KE" => &["Africa/Nairobi"],
        "IN" => &["Asia/Kolkata"],
        "PK" => &["Asia/Karachi"],
        "CN" => &["Asia/Shanghai"],
        "HK" => &["Asia/Hong_Kong"],
        "TW" => &["Asia/Taipei"],
        "JP" => &["Asia/Tokyo"],
        "KR" => &["Asia/Seoul"],
        "SG" => &["Asia/Singapore"],
        "MY" => &["Asia/Kuala_Lumpur"],
        "TH" => &["Asia/Bangkok"],
        "VN" => &["Asia/Ho_Chi_Minh"],
        "PH" => &["Asia/Manila"],
        _ => &[],
    };
    names.iter().map(|n| tz(n)).collect()
}

/// NANP area codes of the larger US and Canadian cities → zone. Unlisted codes fall back to
/// every zone of the country.
fn nanp_area_zone(area: &str) -> Option<&'static str> {
    const EASTERN: &[&str] = &[
        "201", "202", "203", "212", "215", "216", "239", "240", "267", "301", "302", "305", "313",
        "321", "347", "352", "386", "404", "407", "410", "412", "434", "443", "470", "513", "516",
        "540", "561", "571", "585", "603", "607", "610", "614", "617", "631", "646", "678", "703",
        "704", "716", "718", "724", "727", "732", "754", "757", "770", "772", "774", "781", "786",
        "804", "813", "828", "843", "845", "856", "857", "862", "904", "908", "910", "914", "917",
        "919", "929", "941", "954", "973", "980",
    ];
    const CENTRAL: &[&str] = &[
        "205", "210", "214", "217", "224", "225", "251", "262", "281", "312", "314", "316", "318",
        "331", "346", "402", "405", "414", "417", "469", "479", "501", "504", "512", "515", "601",
        "608", "612", "615", "630", "651", "682", "708", "713", "737", "763", "773", "806", "815",
        "816", "817", "830", "832", "847", "901", "913", "918", "952", "972",
    ];
    const MOUNTAIN: &[&str] = &[
        "208", "303", "307", "385", "406", "435", "505", "719", "720", "801",
    ];
    const ARIZONA: &[&str] = &["480", "520", "602", "623", "928"];
    const PACIFIC: &[&str] = &[
        "206", "209", "213", "253", "310", "323", "360", "408", "415", "424", "425", "503", "510",
        "530", "559", "562", "619", "626", "628", "650", "657", "661", "669", "702", "707", "714",
        "725", "747", "760", "775", "805", "818", "831", "858", "909", "916", "925", "949", "971",
    ];
    const CA_EASTERN: &[&str] = &[
        "416", "437", "438", "450", "514", "613", "647", "819", "905",
    ];
    const CA_PACIFIC: &[&str] = &["236", "250", "604", "672", "778"];
    const CA_MOUNTAIN: &[&str] = &["368", "403", "587", "780", "825"];
    const CA_CENTRAL: &[&str] = &["204", "431"];
    const CA_SASK: &[&str] = &["306", "639"];
    const CA_ATLANTIC: &[&str] = &["506", "782", "902"];
    let table: [(&[&str], &'static str); 13] = [
        (EASTERN, "America/New_York"),
        (CENTRAL, "America/Chicago"),
        (MOUNTAIN, "America/Denver"),
        (ARIZONA, "America/Phoenix"),
        (PACIFIC, "America/Los_Angeles"),
        (&["907"], "America/Anchorage"),
        (&["808"], "Pacific/Honolulu"),
        (CA_EASTERN, "America/Toronto"),
        (CA_PACIFIC, "America/Vancouver"),
        (CA_MOUNTAIN, "America/Edmonton"),
        (CA_CENTRAL, "America/Winnipeg"),
        (CA_SASK, "America/Regina"),
        (CA_ATLANTIC, "America/Halifax"),
    ];
    table
        .iter()
        .find(|(codes, _)| codes.contains(&area))
        .map(|(_, zone)| *zone)
        .or(match area {
            "709" => Some("America/St_Johns"),
            _ => None,
        })
}

fn in_window(zone: Tz, at: DateTime<Utc>) -> bool {
    let hour = at.with_timezone(&zone).hour();
    (OPENS_AT_HOUR..CLOSES_AT_HOUR).contains(&hour)
}

/// The next 08:00 local at or after `at` in `zone` (as UTC).
fn next_opening(zone: Tz, at: DateTime<Utc>) -> DateTime<Utc> {
    let local = at.with_timezone(&zone);
    let opens = NaiveTime::from_hms_opt(OPENS_AT_HOUR, 0, 0).expect("valid time");
    let mut day = local.date_naive();
    if local.time() >= opens {
        day = day.succ_opt().unwrap_or(day);
    }
    for _ in 0..3 {
        // 08:00 exists on every DST day we know of; if it fell into a gap, try the next day.
        if let Some(when) = zone.from_local_datetime(&day.and_time(opens)).earliest() {
            return when.with_timezone(&Utc);
        }
        day = day.succ_opt().unwrap_or(day);
    }
    at + Duration::hours(24)
}

/// `Ok(())` when `now_ms` is inside the window in every zone; otherwise the earliest moment
/// (epoch ms) it is (None if the zones have no common window).
pub fn check(zones: &[Tz], now_ms: i64) -> Result<(), Option<i64>> {
    let Some(now) = Utc.timestamp_millis_opt(now_ms).single() else {
        return Ok(());
    };
    if zones.iter().all(|z| in_window(*z, now)) {
        return Ok(());
    }
    let mut candidate = now;
    for _ in 0..64 {
        match zones.iter().find(|z| !in_window(**z, candidate)) {
            None => return Err(Some(candidate.timestamp_millis())),
            Some(zone) => candidate = next_opening(*zone, candidate),
        }
    }
    Err(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(zone: &str, y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> i64 {
        tz(zone)
            .with_ymd_and_hms(y, m, d, h, min, s)
            .single()
            .expect("unambiguous local time")
            .timestamp_millis()
    }

    #[test]
    fn window_edges_in_several_zones() {
        for zone in [
            "America/New_York",
            "Europe/Berlin",
            "Asia/Kolkata",
            "Australia/Sydney",
            "Pacific/Honolulu",
        ] {
            let zones = [tz(zone)];
            let opening = at(zone, 2026, 3, 10, 8, 0, 0);
            assert_eq!(
                check(&zones, at(zone, 2026, 3, 10, 7, 59, 59)),
                Err(Some(opening)),
                "{zone} 07:59:59"
            );
            assert_eq!(check(&zones, opening), Ok(()), "{zone} 08:00");
            assert_eq!(check(&zones, at(zone, 2026, 3, 10, 20, 59, 59)), Ok(()));
            assert_eq!(
                check(&zones, at(zone, 2026, 3, 10, 21, 0, 0)),
                Err(Some(at(zone, 2026, 3, 11, 8, 0, 0))),
                "{zone} 21:00 waits for tomorrow 08:00"
            );
            assert_eq!(
                check(&zones, at(zone, 2026, 3, 10, 0, 30, 0)),
                Err(Some(opening))
            );
        }
    }

    #[test]
    fn dst_days_open_at_local_eight() {
        // US spring forward (8 March 2026) and fall back (1 November 2026).
        let ny = [tz("America/New_York")];
        let spring = at("America/New_York", 2026, 3, 8, 8, 0, 0);
        assert_eq!(
            check(&ny, at("America/New_York", 2026, 3, 8, 1, 30, 0)),
            Err(Some(spring))
        );
        assert_eq!(check(&ny, spring), Ok(()));
        let fall_open = at("America/New_York", 2026, 11, 1, 8, 0, 0);
        // 21:00 on the Saturday before the change: 11 wall-clock hours until 08:00, but 12
        // real hours (the clocks go back one hour in the night).
        let saturday_close = at("America/New_York", 2026, 10, 31, 21, 0, 0);
        assert_eq!(check(&ny, saturday_close), Err(Some(fall_open)));
        assert_eq!(fall_open - saturday_close, 12 * 3_600_000);
        // Europe/Berlin: 29 March 2026 spring forward.
        let berlin = [tz("Europe/Berlin")];
        assert_eq!(
            check(&berlin, at("Europe/Berlin", 2026, 3, 28, 22, 0, 0)),
            Err(Some(at("Europe/Berlin", 2026, 3, 29, 8, 0, 0)))
        );
        assert_eq!(
            at("Europe/Berlin", 2026, 3, 29, 8, 0, 0) - at("Europe/Berlin", 2026, 3, 28, 22, 0, 0),
            9 * 3_600_000,
            "the night is one hour shorter"
        );
    }

    #[test]
    fn zones_inferred_from_phone_numbers() {
        assert_eq!(
            zones_for_phone("+12125550123"),
            vec![tz("America/New_York")]
        );
        assert_eq!(
            zones_for_phone("+14155550123"),
            vec![tz("America/Los_Angeles")]
        );
        assert_eq!(
            zones_for_phone("+16045550123"),
            vec![tz("America/Vancouver")]
        );
        assert_eq!(zones_for_phone("+442079460123"), vec![tz("Europe/London")]);
        assert_eq!(zones_for_phone("+4930123456"), vec![tz("Europe/Berlin")]);
        assert_eq!(
            zones_for_phone("+61291234567"),
            vec![tz("Australia/Sydney")]
        );
        assert!(
            zones_for_phone("+61412345678").len() > 1,
            "AU mobile: every zone"
        );
        assert!(
            zones_for_phone("+79123456789").len() > 5,
            "Russia: every zone"
        );
        assert!(zones_for_phone("not a number").is_empty());
        // The lead's own timezone wins.
        assert_eq!(
            zones_for(Some("Asia/Tokyo"), Some("+12125550123")),
            vec![tz("Asia/Tokyo")]
        );
    }

    #[test]
    fn several_zones_need_the_window_everywhere() {
        let us = country_zones("US");
        // 10:00 in New York is 05:00 in Honolulu (DST): blocked until 08:00 Honolulu.
        let ten_ny = at("America/New_York", 2026, 6, 10, 10, 0, 0);
        let eight_hnl = at("Pacific/Honolulu", 2026, 6, 10, 8, 0, 0);
        assert_eq!(check(&us, ten_ny), Err(Some(eight_hnl)));
        assert_eq!(check(&us, eight_hnl), Ok(()));
        // 21:00 New York: closed in the east; the next common window is 08:00 Honolulu tomorrow
        // (14:00 New York).
        let nine_pm = at("America/New_York", 2026, 6, 10, 21, 0, 0);
        assert_eq!(
            check(&us, nine_pm),
            Err(Some(at("Pacific/Honolulu", 2026, 6, 11, 8, 0, 0)))
        );
    }
}
