//! How dates and hand-written optional text read and write in the book file.

use chrono::{Datelike, NaiveDate};
use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serializer};

pub const DATE_FORMAT: &str = "%Y-%m-%d";

/// The years a book can hold: `YYYY-MM-DD` has four digits of year, so a date before
/// 0000-01-01 or after 9999-12-31 could be written but never read again.
pub const BOOK_YEARS: std::ops::RangeInclusive<i32> = 0..=9999;

/// `date` if the book can hold it, else a message naming the date and the range. Every
/// way a date enters the book (typed, relative, imported, captured) passes through this.
pub fn within_book_years(date: NaiveDate) -> Result<NaiveDate, String> {
    if BOOK_YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(format!(
            "{date} is outside the dates a book can hold (0000-01-01 to 9999-12-31)"
        ))
    }
}

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
        // The last line of defence: a date the file could not read back is never written.
        within_book_years(*date).map_err(S::Error::custom)?;
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
            Some(date) => {
                within_book_years(*date).map_err(S::Error::custom)?;
                s.serialize_some(&format_date(*date))
            }
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

/// A gift's exemption: `exempt: Personal` (a reason), or `exempt: true` as books wrote it
/// before reasons existed (read as `Unspecified`, and written back as `true`).
pub mod exempt {
    use serde::de;

    use super::*;
    use crate::model::ExemptReason;

    pub fn serialize<S: Serializer>(
        reason: &Option<ExemptReason>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match reason {
            None => s.serialize_none(),
            Some(ExemptReason::Unspecified) => s.serialize_some(&true),
            Some(reason) => s.serialize_some(reason),
        }
    }

    /// The reason's name, or `true`/`false`.
    fn named<E: de::Error>(name: &str) -> Result<Option<ExemptReason>, E> {
        match name {
            "true" => Ok(Some(ExemptReason::Unspecified)),
            "false" | "None" => Ok(None),
            _ => ExemptReason::deserialize(de::value::StrDeserializer::<E>::new(name)).map(Some),
        }
    }

    /// RON reads a bare name as a unit value when asked for "anything", so the field is
    /// taken as its raw text (`true`, `Bereavement`, `Some(DeMinimis)`) and read from that.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ExemptReason>, D::Error> {
        let raw = Box::<ron::value::RawValue>::deserialize(d)?;
        let text = raw.get_ron().trim();
        let inner = text
            .strip_prefix("Some")
            .map(str::trim_start)
            .and_then(|t| t.strip_prefix('('))
            .and_then(|t| t.strip_suffix(')'))
            .map_or(text, str::trim);
        named(inner).map_err(|_: D::Error| {
            D::Error::custom(format!(
                "`{inner}` is not an exemption: write Personal, Bereavement, DeMinimis, Promotional, Commemorative or Disaster (true: no reason given)"
            ))
        })
    }

    #[cfg(test)]
    mod tests {
        use crate::model::{ExemptReason, Gift};

        fn read(field: &str) -> Result<Option<ExemptReason>, ron::error::SpannedError> {
            let text = format!("#![enable(implicit_some)]\n(description: \"x\", {field})");
            ron::from_str::<Gift>(&text).map(|g| g.exempt)
        }

        #[test]
        fn old_flags_and_new_reasons_read_and_write_back_as_they_were() {
            assert_eq!(
                read("exempt: true").unwrap(),
                Some(ExemptReason::Unspecified)
            );
            assert_eq!(read("exempt: false").unwrap(), None);
            assert_eq!(
                read("exempt: Bereavement").unwrap(),
                Some(ExemptReason::Bereavement)
            );
            assert_eq!(
                read("exempt: Some(DeMinimis)").unwrap(),
                Some(ExemptReason::DeMinimis)
            );
            assert!(read("exempt: Birthday").is_err());
            for reason in [ExemptReason::Unspecified, ExemptReason::Disaster] {
                let gift = Gift {
                    exempt: Some(reason),
                    ..Gift::default()
                };
                let text = ron::to_string(&gift).unwrap();
                let back: Gift =
                    ron::from_str(&format!("#![enable(implicit_some)]\n{text}")).unwrap();
                assert_eq!(back.exempt, Some(reason), "{text}");
            }
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
