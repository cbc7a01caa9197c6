//! Where a contact's day stands: their local time, and whether they can be called now.
//! `now` is passed in (read once, where the program starts), never read here.

use chrono::{DateTime, NaiveTime, Timelike, Utc};

/// The hours a call is welcome, in the contact's own time, by default: 09:00 to 17:00
/// (`config.ron`'s `working_hours` changes them).
pub const WORKING_HOURS: (u32, u32) = (9, 17);

/// The time it is now where `zone` (an IANA name) is; `None` for a name that is none.
pub fn local_time(zone: &str, now: DateTime<Utc>) -> Option<NaiveTime> {
    let zone: chrono_tz::Tz = zone.trim().parse().ok()?;
    Some(now.with_timezone(&zone).time())
}

/// When contacts are called: the hours (their own time), and whether the morning list
/// puts first whom it is working hours for now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calling {
    pub hours: (u32, u32),
    pub callable_first: bool,
}

impl Default for Calling {
    fn default() -> Calling {
        Calling {
            hours: WORKING_HOURS,
            callable_first: false,
        }
    }
}

/// Whether `time` is within `hours` (from the first hour to just before the second).
pub fn in_working_hours(time: NaiveTime, hours: (u32, u32)) -> bool {
    (hours.0..hours.1).contains(&time.hour())
}

/// Whether the person in `zone` can be called now: within their working hours. Someone
/// whose zone is unknown is taken to be callable.
pub fn callable_now(zone: Option<&str>, now: DateTime<Utc>, hours: (u32, u32)) -> bool {
    zone.and_then(|zone| local_time(zone, now))
        .is_none_or(|time| in_working_hours(time, hours))
}

/// `13:05 there`, `07:40 there, before hours` or `20:05 there, after hours`: a
/// contact's local time in words.
pub fn local_time_words(zone: &str, now: DateTime<Utc>, hours: (u32, u32)) -> Option<String> {
    let time = local_time(zone, now)?;
    let hours = match time.hour() {
        h if h < hours.0 => ", before hours",
        h if h >= hours.1 => ", after hours",
        _ => "",
    };
    // Written out, not through a format string parsed on every call (a morning list of
    // thousands of contacts).
    Some(format!(
        "{:02}:{:02} there{hours}",
        time.hour(),
        time.minute()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_contacts_time_is_their_own() {
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 8, 30, 0).unwrap();
        assert_eq!(
            local_time_words("Europe/Copenhagen", now, WORKING_HOURS).as_deref(),
            Some("09:30 there")
        );
        assert_eq!(
            local_time_words("Asia/Tokyo", now, WORKING_HOURS).as_deref(),
            Some("17:30 there, after hours")
        );
        assert_eq!(
            local_time_words("America/Los_Angeles", now, WORKING_HOURS).as_deref(),
            Some("00:30 there, before hours")
        );
        assert_eq!(local_time_words("Mars/Base", now, WORKING_HOURS), None);
        assert!(callable_now(Some("Europe/Copenhagen"), now, WORKING_HOURS));
        assert!(!callable_now(Some("Europe/Copenhagen"), now, (10, 18)));
        assert!(
            callable_now(None, now, WORKING_HOURS),
            "unknown: not held back"
        );
    }
}
