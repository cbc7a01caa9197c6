//! Where a contact's day stands: their local time, and whether they can be called now.
//! `now` is passed in (read once, where the program starts), never read here.

use chrono::{DateTime, NaiveTime, Timelike, Utc};

/// The hours a call is welcome, in the contact's own time: 09:00 to 17:00.
pub const WORKING_HOURS: (u32, u32) = (9, 17);

/// The time it is now where `zone` (an IANA name) is; `None` for a name that is none.
pub fn local_time(zone: &str, now: DateTime<Utc>) -> Option<NaiveTime> {
    let zone: chrono_tz::Tz = zone.trim().parse().ok()?;
    Some(now.with_timezone(&zone).time())
}

/// Whether `time` is within working hours.
pub fn in_working_hours(time: NaiveTime) -> bool {
    (WORKING_HOURS.0..WORKING_HOURS.1).contains(&time.hour())
}

/// `13:05 there`, `07:40 there, before hours` or `20:05 there, after hours`: a
/// contact's local time in words.
pub fn local_time_words(zone: &str, now: DateTime<Utc>) -> Option<String> {
    let time = local_time(zone, now)?;
    let hours = match time.hour() {
        h if h < WORKING_HOURS.0 => ", before hours",
        h if h >= WORKING_HOURS.1 => ", after hours",
        _ => "",
    };
    Some(format!("{} there{hours}", time.format("%H:%M")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_contacts_time_is_their_own() {
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 8, 30, 0).unwrap();
        assert_eq!(
            local_time_words("Europe/Copenhagen", now).as_deref(),
            Some("09:30 there")
        );
        assert_eq!(
            local_time_words("Asia/Tokyo", now).as_deref(),
            Some("17:30 there, after hours")
        );
        assert_eq!(
            local_time_words("America/Los_Angeles", now).as_deref(),
            Some("00:30 there, before hours")
        );
        assert_eq!(local_time_words("Mars/Base", now), None);
    }
}
