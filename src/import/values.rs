//! Reading numbers and dates as CRM exports write them.

use chrono::{NaiveDate, NaiveDateTime};

use crate::model::Money;
use crate::model::serde_format::within_book_years;

/// How an export writes numbers and dates: US-style (`1,200.50`, `11/20/2026`) or
/// European (`1.200,50`, `20.11.2026`). Semicolon-separated files are European.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    Us,
    European,
}

/// `1,200,000`, `$1,200,000.00`, `USD 1200000`, `1.200.000,50 €`, `1 200 000`.
pub fn amount(text: &str, locale: Locale) -> Result<Option<Money>, String> {
    let cleaned: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'))
        .collect();
    if text.trim().is_empty() {
        return Ok(None);
    }
    if cleaned.is_empty() || !text.chars().any(|c| c.is_ascii_digit()) {
        return Err(format!("\"{}\" is not a number", text.trim()));
    }
    let (thousands, decimal) = match locale {
        Locale::Us => (',', '.'),
        Locale::European => ('.', ','),
    };
    let normal: String = cleaned
        .chars()
        .filter(|c| *c != thousands)
        .map(|c| if c == decimal { '.' } else { c })
        .collect();
    let value: f64 = normal
        .parse()
        .map_err(|_| format!("\"{}\" is not a number", text.trim()))?;
    if value < 0.0 {
        return Err(format!("\"{}\" is negative", text.trim()));
    }
    Money::from_f64(value)
        .map(Some)
        .ok_or_else(|| format!("\"{}\" is too large", text.trim()))
}

/// `2026-11-20`, `2026-11-20 14:03`, `2026-11-20T14:03:00Z`, `11/20/2026` (US),
/// `20.11.2026` or `20/11/2026` (European). Day and month are swapped when the first
/// number cannot be a month.
pub fn date(text: &str, locale: Locale) -> Result<Option<NaiveDate>, String> {
    let date = calendar_date(text, locale)?;
    date.map(within_book_years).transpose()
}

fn calendar_date(text: &str, locale: Locale) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let day_part = text
        .split(['T', ' '])
        .next()
        .unwrap_or(text)
        .trim_end_matches(',');
    if let Ok(date) = NaiveDate::parse_from_str(day_part, "%Y-%m-%d") {
        return Ok(Some(date));
    }
    if let Ok(stamp) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S") {
        return Ok(Some(stamp.date()));
    }
    let parts: Vec<&str> = day_part.split(['/', '.', '-']).collect();
    if let [a, b, y] = parts.as_slice() {
        let (a, b, y): (u32, u32, i32) = match (a.parse(), b.parse(), y.parse()) {
            (Ok(a), Ok(b), Ok(y)) => (a, b, y),
            _ => return Err(format!("\"{text}\" is not a date")),
        };
        let year = if y < 100 { 2000 + y } else { y };
        let (month, day) = match locale {
            Locale::Us if a > 12 => (b, a),
            Locale::Us => (a, b),
            Locale::European if b > 12 => (a, b),
            Locale::European => (b, a),
        };
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
            return Ok(Some(date));
        }
    }
    Err(format!("\"{text}\" is not a date"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_either_convention() {
        let m = |units| Ok(Some(Money::from_units(units)));
        assert_eq!(amount("$1,200,000.00", Locale::Us), m(1_200_000));
        assert_eq!(amount("USD 420000", Locale::Us), m(420_000));
        assert_eq!(
            amount("1.200.000,50 €", Locale::European),
            Ok(Some(Money::from_cents(120_000_050)))
        );
        assert_eq!(amount("1 200 000", Locale::European), m(1_200_000));
        assert_eq!(amount("", Locale::Us), Ok(None));
        assert!(amount("n/a", Locale::Us).is_err());
        assert!(amount("-5", Locale::Us).is_err());
    }

    #[test]
    fn dates_in_the_usual_export_forms() {
        let d = |y, m, dd| Ok(Some(NaiveDate::from_ymd_opt(y, m, dd).unwrap()));
        assert_eq!(date("2026-11-20", Locale::Us), d(2026, 11, 20));
        assert_eq!(date("2026-11-20 14:03", Locale::Us), d(2026, 11, 20));
        assert_eq!(date("2026-11-20T14:03:00Z", Locale::Us), d(2026, 11, 20));
        assert_eq!(date("11/20/2026", Locale::Us), d(2026, 11, 20));
        assert_eq!(date("20/11/2026", Locale::Us), d(2026, 11, 20));
        assert_eq!(date("20.11.2026", Locale::European), d(2026, 11, 20));
        assert_eq!(date("03.04.2026", Locale::European), d(2026, 4, 3));
        assert_eq!(date("", Locale::Us), Ok(None));
        assert!(date("2026-02-30", Locale::Us).is_err());
        assert!(date("yesterday", Locale::Us).is_err());
    }
}
