//! How dates and hand-written optional text read and write in the book file.

use chrono::NaiveDate;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};

pub const DATE_FORMAT: &str = "%Y-%m-%d";

/// Parses `YYYY-MM-DD`, explaining in plain words what is wrong otherwise.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let trimmed = text.trim();
    let parts: Vec<&str> = trimmed.split('-').collect();
    let shaped = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
    if !shaped {
        return Err(format!(
            "\"{trimmed}\" is not a date: write dates as YYYY-MM-DD, e.g. 2026-11-27"
        ));
    }
    NaiveDate::parse_from_str(trimmed, DATE_FORMAT)
        .map_err(|_| format!("{trimmed} is not a date (no such day in the calendar)"))
}

pub fn format_date(date: NaiveDate) -> String {
    date.format(DATE_FORMAT).to_string()
}

/// A date field written as `"YYYY-MM-DD"`.
pub mod date {
    use super::*;

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_date(*date))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(d)?;
        parse_date(&text).map_err(D::Error::custom)
    }
}

/// An optional date: `"2026-11-27"`, `Some("2026-11-27")` or `None`.
pub mod opt_date {
    use super::*;

    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => s.serialize_some(&format_date(*date)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(text) => parse_date(&text).map(Some).map_err(D::Error::custom),
            None => Ok(None),
        }
    }
}

/// Text that may be written plainly, as `Some("…")`, or as `None` (read as empty).
pub fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_impossible_and_malformed_dates() {
        assert_eq!(
            parse_date("2026-02-30").unwrap_err(),
            "2026-02-30 is not a date (no such day in the calendar)"
        );
        assert!(parse_date("27/11/2026").unwrap_err().contains("YYYY-MM-DD"));
        assert!(parse_date("2026-1-5").is_err());
        assert_eq!(
            parse_date("2024-02-29").unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert!(parse_date("2025-02-29").is_err());
    }
}
