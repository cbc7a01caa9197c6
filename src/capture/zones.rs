//! Time zone names as calendars write them. Google and Apple write IANA names
//! (`Europe/Copenhagen`); Outlook writes Windows names (`Romance Standard Time`), which
//! are mapped here to the IANA zone Windows itself maps them to for their main region.

use chrono_tz::Tz;

/// The zone a `TZID` names: an IANA name (also inside a longer one, as some exporters
/// write `/mozilla.org/20050126_1/Europe/Berlin`), or a Windows name.
pub fn zone(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(zone) = tzid.parse::<Tz>() {
        return Some(zone);
    }
    if let Some(zone) = windows_zone(tzid) {
        return Some(zone);
    }
    // The longest tail that is an IANA name: `…/Europe/Berlin`.
    tzid.match_indices('/')
        .find_map(|(at, _)| tzid[at + 1..].parse::<Tz>().ok())
}

/// `--tz`, else the `TZ` variable, else this computer's zone, else UTC.
pub fn local(flag: Option<&str>) -> Result<Tz, String> {
    if let Some(name) = flag {
        return zone(name).ok_or_else(|| {
            format!(
                "error: --tz {name:?} is not a time zone konto knows (e.g. Europe/Copenhagen)\n"
            )
        });
    }
    let named = std::env::var("TZ")
        .ok()
        .map(|tz| tz.trim_start_matches(':').to_string())
        .or_else(|| iana_time_zone::get_timezone().ok());
    Ok(named.and_then(|name| zone(&name)).unwrap_or(Tz::UTC))
}

fn windows_zone(name: &str) -> Option<Tz> {
    let iana = match name {
        "UTC" | "Coordinated Universal Time" | "Greenwich Standard Time" => "UTC",
        "GMT Standard Time" => "Europe/London",
        "W. Europe Standard Time" => "Europe/Berlin",
        "Romance Standard Time" => "Europe/Paris",
        "Central Europe Standard Time" => "Europe/Budapest",
        "Central European Standard Time" => "Europe/Warsaw",
        "E. Europe Standard Time" => "Europe/Chisinau",
        "FLE Standard Time" => "Europe/Kiev",
        "GTB Standard Time" => "Europe/Bucharest",
        "Russian Standard Time" => "Europe/Moscow",
        "Turkey Standard Time" => "Europe/Istanbul",
        "Israel Standard Time" => "Asia/Jerusalem",
        "South Africa Standard Time" => "Africa/Johannesburg",
        "Arabian Standard Time" => "Asia/Dubai",
        "India Standard Time" => "Asia/Kolkata",
        "China Standard Time" => "Asia/Shanghai",
        "Singapore Standard Time" => "Asia/Singapore",
        "Tokyo Standard Time" => "Asia/Tokyo",
        "Korea Standard Time" => "Asia/Seoul",
        "AUS Eastern Standard Time" => "Australia/Sydney",
        "New Zealand Standard Time" => "Pacific/Auckland",
        "Eastern Standard Time" => "America/New_York",
        "Central Standard Time" => "America/Chicago",
        "Mountain Standard Time" => "America/Denver",
        "US Mountain Standard Time" => "America/Phoenix",
        "Pacific Standard Time" => "America/Los_Angeles",
        "Alaskan Standard Time" => "America/Anchorage",
        "Hawaiian Standard Time" => "Pacific/Honolulu",
        "Atlantic Standard Time" => "America/Halifax",
        "SA Pacific Standard Time" => "America/Bogota",
        "Pacific SA Standard Time" => "America/Santiago",
        "E. South America Standard Time" => "America/Sao_Paulo",
        "Argentina Standard Time" => "America/Buenos_Aires",
        "Central Standard Time (Mexico)" => "America/Mexico_City",
        _ => return None,
    };
    iana.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iana_windows_and_prefixed_names() {
        assert_eq!(zone("Europe/Copenhagen"), Some(Tz::Europe__Copenhagen));
        assert_eq!(zone("Romance Standard Time"), Some(Tz::Europe__Paris));
        assert_eq!(zone("Eastern Standard Time"), Some(Tz::America__New_York));
        assert_eq!(
            zone("/mozilla.org/20050126_1/Europe/Berlin"),
            Some(Tz::Europe__Berlin)
        );
        assert_eq!(zone("Middle Earth Standard Time"), None);
    }
}
